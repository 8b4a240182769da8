// Lint warnings: unpinned images, secrets written as literals, unused params and
// components, GPU tasks without a memory request.
#include <fmt/format.h>

#include <regex>
#include <set>

#include "passes/passes.h"

namespace mlpc {
namespace {

bool Pinned(const std::string& image) {
  if (image.find('@') != std::string::npos) return true;
  size_t slash = image.rfind('/');
  size_t colon = image.rfind(':');
  if (colon == std::string::npos || (slash != std::string::npos && colon < slash)) return false;
  return image.substr(colon + 1) != "latest";
}

bool LooksSecret(const std::string& name, const std::string& value) {
  static const std::regex kName(".*(PASSWORD|PASSWD|SECRET|TOKEN|API_KEY|APIKEY|ACCESS_KEY|PRIVATE_KEY|CREDENTIAL).*",
                                std::regex::icase);
  static const std::regex kValue("(AKIA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{30,}|xox[baprs]-[A-Za-z0-9-]{10,}|-----BEGIN .*PRIVATE KEY-----.*)");
  if (value.empty()) return false;
  return std::regex_match(name, kName) || std::regex_search(value, kValue);
}

void CollectParams(const ir::Text& t, std::set<int>& used) {
  for (const auto& piece : t.pieces)
    if (piece.ref && piece.ref->kind == ir::Ref::Kind::Param) used.insert(piece.ref->index);
}

}  // namespace

void CheckLint(const ir::Pipeline& p, PassContext& ctx) {
  std::set<int> used;
  for (const ir::Task& t : p.tasks) {
    std::vector<const ir::Ref*> refs;
    TaskRefs(t, refs);
    for (const ir::Ref* r : refs)
      if (r->kind == ir::Ref::Kind::Param) used.insert(r->index);
    for (const ir::Value& item : t.loop ? t.loop->items : std::vector<ir::Value>{})
      if (!item.is_literal) CollectParams(item.text, used);
    if (!t.sub && !t.impl.image.value.empty() && !t.impl.image_text.HasRefs() && !Pinned(t.impl.image.value))
      ctx.sink.Report(Code::W0101, t.impl.image.span,
                      fmt::format("image `{}` is not pinned to a version", t.impl.image.value));
    for (const ir::EnvVar& e : t.impl.env) {
      if (e.kind == ast::EnvVar::Kind::Literal && !e.value.HasRefs() && LooksSecret(e.name, e.value.Literal()))
        ctx.sink.Report(Code::W0102, e.span, fmt::format("env `{}` looks like a secret written as a literal", e.name));
    }
    const ast::Resources& r = t.settings.resources;
    if (r.gpu && r.gpu->value > 0 && !r.memory && !r.memory_limit)
      ctx.sink.Report(Code::W0104, r.gpu->span,
                      fmt::format("task `{}` requests {} GPU{} but no memory", t.name, r.gpu->value,
                                  r.gpu->value == 1 ? "" : "s"));
  }
  for (const ir::Output& o : p.outputs)
    if (!o.value.is_literal) CollectParams(o.value.text, used);
  // Usage is only known for a pipeline whose references all resolved.
  bool complete = ctx.sink.ErrorCount() == 0;
  for (size_t i = 0; i < p.params.size() && complete; ++i) {
    if (!used.count(static_cast<int>(i)))
      ctx.sink.Report(Code::W0103, p.params[i].span, fmt::format("param `{}` is never used", p.params[i].name));
  }
  for (size_t i = 0; i < p.unused_components.size(); ++i)
    ctx.sink.Report(Code::W0105, p.unused_component_spans[i],
                    fmt::format("component `{}` is never used", p.unused_components[i]));
}

}  // namespace mlpc
