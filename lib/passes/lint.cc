// Lint warnings: unpinned images, secrets written as literals, unused params and
// components, GPU tasks without a memory request.
#include <fmt/format.h>

#include <cctype>
#include <set>
#include <string_view>

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

// How many characters from `at` satisfy `ok` (at most `max`).
template <typename Pred>
size_t Run(std::string_view s, size_t at, size_t max, Pred ok) {
  size_t n = 0;
  while (at + n < s.size() && n < max && ok(s[at + n])) ++n;
  return n;
}

bool Alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

// Tokens with a known shape: AWS access keys, GitHub tokens, Slack tokens, PEM keys.
bool LooksLikeToken(std::string_view v) {
  for (size_t i = 0; i < v.size(); ++i) {
    std::string_view rest = v.substr(i);
    if (rest.starts_with("AKIA") && Run(v, i + 4, 16, [](char c) {
                                      return std::isdigit(static_cast<unsigned char>(c)) ||
                                             std::isupper(static_cast<unsigned char>(c));
                                    }) == 16)
      return true;
    if (rest.size() > 4 && rest[0] == 'g' && rest[1] == 'h' &&
        std::string_view("pousr").find(rest[2]) != std::string_view::npos && rest[3] == '_' &&
        Run(v, i + 4, 30, Alnum) == 30)
      return true;
    if (rest.size() > 5 && rest.starts_with("xox") &&
        std::string_view("baprs").find(rest[3]) != std::string_view::npos && rest[4] == '-' &&
        Run(v, i + 5, 10, [](char c) { return Alnum(c) || c == '-'; }) == 10)
      return true;
  }
  size_t begin = v.find("-----BEGIN ");
  return begin != std::string_view::npos && v.find("PRIVATE KEY-----", begin) != std::string_view::npos;
}

bool LooksSecret(const std::string& name, const std::string& value) {
  if (value.empty()) return false;
  std::string upper = name;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (std::string_view word :
       {"PASSWORD", "PASSWD", "SECRET", "TOKEN", "API_KEY", "APIKEY", "ACCESS_KEY", "PRIVATE_KEY", "CREDENTIAL"})
    if (upper.find(word) != std::string::npos) return true;
  return LooksLikeToken(value);
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
      ctx.sink.Report(
          Code::W0104, r.gpu->span,
          fmt::format("task `{}` requests {} GPU{} but no memory", t.name, r.gpu->value, r.gpu->value == 1 ? "" : "s"));
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
