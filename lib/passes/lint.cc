// Lint warnings: unpinned images, secrets written as literals, unused params and
// components, GPU tasks without a memory request, `$(VAR)` naming no env variable.
#include <fmt/format.h>

#include <cctype>
#include <set>
#include <string_view>
#include <vector>

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

// The names Kubernetes would expand in a command or argument, read as Kubernetes reads
// them: `$$` is an escaped `$`, and `$(` runs to the next `)`. Only names in env-variable
// style (upper case, digits, `_`) are taken: `$(date)` or `$(mktemp -d)` is the shell's
// command substitution, which Kubernetes leaves alone as it defines no such variable.
std::vector<std::string_view> K8sVariables(std::string_view s) {
  std::vector<std::string_view> names;
  for (size_t i = 0; i + 1 < s.size(); ++i) {
    if (s[i] != '$') continue;
    if (s[i + 1] == '$') {
      ++i;
      continue;
    }
    size_t close = s[i + 1] == '(' ? s.find(')', i + 2) : std::string_view::npos;
    if (close == std::string_view::npos) continue;
    std::string_view name = s.substr(i + 2, close - i - 2);
    bool env_style = !name.empty() && !std::isdigit(static_cast<unsigned char>(name[0])) &&
                     name.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") == std::string_view::npos;
    if (env_style) names.push_back(name);
    i = close;
  }
  return names;
}

// W0107: `$(VAR)` in the task's command or args where VAR is not in its env (after
// defaults, with Secret and ConfigMap entries and the variables `tracking` adds, which
// lowering puts there too). The KUBERNETES_ variables are in every pod.
void CheckK8sVariables(const ir::Task& t, PassContext& ctx) {
  std::set<std::string_view> env;
  for (const ir::EnvVar& e : t.impl.env) env.insert(e.name);
  auto check = [&](const std::vector<ir::Text>& texts, std::string_view where) {
    for (const ir::Text& text : texts) {
      std::set<std::string_view> reported;
      for (const auto& piece : text.pieces) {
        if (piece.ref) continue;
        for (std::string_view name : K8sVariables(piece.text)) {
          if (env.count(name) || name.starts_with("KUBERNETES_") || !reported.insert(name).second) continue;
          ctx.sink.Report(Code::W0107, text.span,
                          fmt::format("`$({})` in `{}` of task `{}` names no env variable of the task, so "
                                      "Kubernetes passes it on as written",
                                      name, where, t.name));
        }
      }
    }
  };
  check(t.impl.command, "command");
  check(t.impl.args, "args");
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
    if (!t.sub) CheckK8sVariables(t, ctx);
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
