// Lint warnings: unpinned images, secrets written as literals, unused params and
// components, GPU tasks without a memory request, `$(VAR)` naming no env variable.
#include <fmt/format.h>

#include <cctype>
#include <set>
#include <string_view>
#include <vector>

#include "diag/messages.h"
#include "passes/passes.h"
#include "passes/secrets.h"

namespace mlpc {
namespace {

bool Pinned(const std::string& image) {
  if (image.find('@') != std::string::npos) return true;
  size_t slash = image.rfind('/');
  size_t colon = image.rfind(':');
  if (colon == std::string::npos || (slash != std::string::npos && colon < slash)) return false;
  return image.substr(colon + 1) != "latest";
}

// W0102 at each value that holds what looks like a credential, once per span (a component's
// fields are in every task that uses it). The message says where and what, never the value.
class SecretFinder {
 public:
  explicit SecretFinder(PassContext& ctx) : ctx_(ctx) {}

  // A text by its shape, or by `name` when the name says it holds a credential.
  void Check(std::string_view value, SourceSpan span, const std::string& where, std::string_view name = {}) {
    if (value.empty()) return;
    std::string_view shape = SecretShape(value);
    if (shape.empty() && !(name.size() && SecretName(name))) return;
    if (!reported_.insert(span).second) return;
    if (shape.empty())
      ctx_.sink.Report(span, diag::SecretLiteralName{.where = where});
    else
      ctx_.sink.Report(span, diag::SecretLiteralShape{.where = where, .shape = shape});
  }
  // A text with references: its literal pieces, each on its own, by shape; by name only
  // when the whole text is literal.
  void Check(const ir::Text& t, const std::string& where, std::string_view name = {}) {
    if (!t.HasRefs()) return Check(t.Literal(), t.span, where, name);
    for (const auto& piece : t.pieces)
      if (!piece.ref) Check(piece.text, t.span, where);
  }
  void Check(const ir::Value& v, const std::string& where, std::string_view name) {
    if (!v.is_literal) return Check(v.text, where, name);
    if (v.literal.is_string()) Check(v.literal.get_ref<const std::string&>(), v.span, where, name);
  }
  void Check(const ir::StringMap& map, const std::string& what, const std::string& owner) {
    for (const auto& [k, v] : map)
      Check(v.value, v.span, fmt::format("{} `{}` of {}", what, k.value, owner), k.value);
  }
  void Check(const ir::WrittenSettings& s, const std::string& owner) {
    Check(s.labels, "label", owner);
    Check(s.annotations, "annotation", owner);
  }

 private:
  PassContext& ctx_;
  std::set<SourceSpan> reported_;
};

void CheckSecrets(const ir::Pipeline& p, PassContext& ctx) {
  SecretFinder find(ctx);
  for (const ir::Io& param : p.params)
    if (param.default_value) find.Check(*param.default_value, fmt::format("the default of param `{}`", param.name), param.name);
  for (const ir::Task& t : p.tasks) {
    std::string task = fmt::format("task `{}`", t.name);
    for (const ir::EnvVar& e : t.impl->env)
      if (e.kind == ir::EnvVar::Kind::Literal && !e.tracking && !e.value.HasRefs())
        find.Check(e.value.Literal(), e.span, fmt::format("env `{}`", e.name), e.name);
    for (const ir::Arg& a : t.args) {
      std::string_view input = a.input >= 0 && a.input < static_cast<int>(t.impl->inputs.size())
                                   ? std::string_view(t.impl->inputs[a.input].name)
                                   : std::string_view();
      if (!input.empty() && !t.impl->inputs[a.input].generated)
        find.Check(a.value, fmt::format("`with.{}` of {}", input, task), input);
    }
    if (t.sub) continue;
    for (const ir::Text& x : t.impl->command) find.Check(x, "`command` of " + task);
    for (const ir::Text& x : t.impl->args) find.Check(x, "`args` of " + task);
    if (t.impl->script) find.Check(*t.impl->script, "`script` of " + task);
  }
  for (const ir::Output& o : p.outputs)
    for (const ir::Value* v : o.Values()) find.Check(*v, fmt::format("pipeline output `{}`", o.name), o.name);
  for (const ir::Trigger& tr : p.triggers)
    for (const ir::EventFilter& f : tr.filters)
      for (const auto& v : f.values)
        if (v.value.is_string())
          find.Check(v.value.get_ref<const std::string&>(), v.span,
                     fmt::format("a filter value of trigger `{}`", tr.name.value));
  // Labels and annotations: the IR keeps them without their spans.
  const ir::Written& spec = p.written;
  find.Check(spec.labels, "label", "the pipeline");
  find.Check(spec.annotations, "annotation", "the pipeline");
  find.Check(spec.defaults, "`defaults`");
  for (const ir::WrittenComponent& c : spec.components) find.Check(c.settings, fmt::format("component `{}`", c.name));
  for (const ir::WrittenTask& t : spec.tasks) find.Check(t.settings, fmt::format("task `{}`", t.name));
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

// The span of bytes [offset, offset + len) of a one-line literal text, when its span shows
// that the text is written as is, bare or in quotes with no escapes (the IR keeps no
// column map); else the whole text's span.
SourceSpan SpanInText(const ir::Text& t, size_t offset, size_t len) {
  if (t.HasRefs() || t.pieces.size() != 1) return t.span;
  const std::string& text = t.pieces[0].text;
  if (text.find('\n') != std::string::npos) return t.span;
  if (t.span.len == text.size()) return t.span.Sub(static_cast<uint32_t>(offset), static_cast<uint32_t>(len));
  if (t.span.len == text.size() + 2) return t.span.Sub(static_cast<uint32_t>(offset + 1), static_cast<uint32_t>(len));
  return t.span;
}

// W0107: `$(VAR)` in the task's command or args where VAR is not in its env (after
// defaults, with Secret and ConfigMap entries and the variables `tracking` adds, which
// lowering puts there too). The KUBERNETES_ variables are in every pod.
void CheckK8sVariables(const ir::Task& t, PassContext& ctx) {
  std::set<std::string_view> env;
  for (const ir::EnvVar& e : t.impl->env) env.insert(e.name);
  auto check = [&](const std::vector<ir::Text>& texts, std::string_view where) {
    for (const ir::Text& text : texts) {
      std::set<std::string_view> reported;
      for (const auto& piece : text.pieces) {
        if (piece.ref) continue;
        for (std::string_view name : K8sVariables(piece.text)) {
          if (env.count(name) || name.starts_with("KUBERNETES_") || !reported.insert(name).second) continue;
          size_t at = static_cast<size_t>(name.data() - piece.text.data()) - 2;
          ctx.sink.Report(SpanInText(text, at, name.size() + 3),
                          diag::K8sVariableUnknown{.name = name, .field = where, .task = t.name});
        }
      }
    }
  };
  check(t.impl->command, "command");
  check(t.impl->args, "args");
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
    if (!t.sub && !t.impl->image.value.empty() && !t.impl->image_text.HasRefs() && !Pinned(t.impl->image.value))
      ctx.sink.Report(t.impl->image.span, diag::ImageUnpinned{.image = t.impl->image.value});
    if (!t.sub) CheckK8sVariables(t, ctx);
    const ir::Resources& r = t.settings->resources;
    if (r.gpu && r.gpu->value == 1 && !r.memory && !r.memory_limit)
      ctx.sink.Report(r.gpu->span, diag::GpuWithoutMemory{.task = t.name});
    else if (r.gpu && r.gpu->value > 1 && !r.memory && !r.memory_limit)
      ctx.sink.Report(r.gpu->span, diag::GpusWithoutMemory{.task = t.name, .count = r.gpu->value});
  }
  CheckSecrets(p, ctx);
  for (const ir::Output& o : p.outputs)
    for (const ir::Value* v : o.Values())
      if (!v->is_literal) CollectParams(v->text, used);
  // Usage is only known for a pipeline whose references all resolved.
  bool complete = ctx.sink.ErrorCount() == 0;
  for (size_t i = 0; i < p.params.size() && complete; ++i) {
    if (!used.count(static_cast<int>(i)))
      ctx.sink.Report(p.params[i].span, diag::ParamUnused{.param = p.params[i].name});
  }
  for (size_t i = 0; i < p.unused_components.size(); ++i)
    ctx.sink.Report(p.unused_component_spans[i], diag::ComponentUnused{.component = p.unused_components[i]});
}

}  // namespace mlpc
