// Names: the patterns of docs/spec.md, uniqueness, and the engines' length limits.
#include <map>

#include "diag/messages.h"
#include "passes/passes.h"

namespace mlpc {
namespace {

// Hand-written matchers: names can be any length in the input, and std::regex recurses
// per character.
bool Lower(char c) { return c >= 'a' && c <= 'z'; }
bool Digit(char c) { return c >= '0' && c <= '9'; }

struct Rule {
  bool (*match)(std::string_view);
  std::string_view text;
};

// [a-z]([a-z0-9-]*[a-z0-9])?
bool DnsName(std::string_view s) {
  if (s.empty() || !Lower(s.front()) || s.back() == '-') return false;
  for (char c : s)
    if (!Lower(c) && !Digit(c) && c != '-') return false;
  return true;
}

// [a-z][a-z0-9_]*
bool Identifier(std::string_view s) {
  if (s.empty() || !Lower(s.front())) return false;
  for (char c : s)
    if (!Lower(c) && !Digit(c) && c != '_') return false;
  return true;
}

// [A-Za-z_][A-Za-z0-9_]*
bool EnvName(std::string_view s) {
  if (s.empty() || Digit(s.front())) return false;
  for (char c : s)
    if (!Lower(c) && !(c >= 'A' && c <= 'Z') && !Digit(c) && c != '_') return false;
  return true;
}

const Rule& DnsRule() {
  static const Rule r{DnsName, "lower-case letters, digits and `-`, starting with a letter and not ending in `-`"};
  return r;
}
const Rule& IdentRule() {
  static const Rule r{Identifier, "lower-case letters, digits and `_`, starting with a letter"};
  return r;
}

void Check(const Rule& rule, std::string_view what, const std::string& name, SourceSpan span, size_t max_len,
           std::string_view len_reason, PassContext& ctx) {
  if (!rule.match(name)) {
    ctx.sink.Report(span, diag::InvalidName{.what = what, .name = Elide(name), .rule = rule.text});
    return;
  }
  if (max_len && name.size() > max_len) {
    ctx.sink.Report(
        span, diag::NameTooLong{
                  .what = what, .name = Elide(name), .length = name.size(), .limit = max_len, .reason = len_reason});
  }
}

}  // namespace

void CheckNames(const ir::Pipeline& p, PassContext& ctx) {
  Check(DnsRule(), "pipeline", p.name, p.name_span, 52,
        "the pipeline name becomes the Workflow, WorkflowTemplate or CronWorkflow name (52 characters for a "
        "CronWorkflow) and the KFP pipeline name",
        ctx);
  for (const ir::Io& param : p.params) Check(IdentRule(), "param", param.name, param.span, 0, "", ctx);
  std::map<std::string, SourceSpan> components;
  for (const auto& c : p.component_names) {
    Check(DnsRule(), "component", c.value, c.span, 63,
          "a component name becomes an Argo template and KFP component name", ctx);
    auto [it, fresh] = components.emplace(c.value, c.span);
    if (!fresh) {
      Diagnostic& d = ctx.sink.Report(c.span, diag::ComponentDefinedTwice{.component = c.value});
      d.notes.push_back({it->second, "first defined here"});
    }
  }
  std::map<std::string, SourceSpan> tasks;
  for (const ir::Task& t : p.tasks) {
    Check(DnsRule(), "task", t.name, t.span, 63, "a task name becomes a Kubernetes label value (63 characters)", ctx);
    auto [it, fresh] = tasks.emplace(t.name, t.span);
    if (!fresh) {
      Diagnostic& d = ctx.sink.Report(t.span, diag::TaskInTasksAndFinally{.task = t.name});
      d.notes.push_back({it->second, "first defined here"});
    }
    if (!t.sub) {
      for (const ir::Io& in : t.impl->inputs)
        if (!in.generated) Check(IdentRule(), "input", in.name, in.span, 0, "", ctx);
      for (const ir::Io& out : t.impl->outputs) Check(IdentRule(), "output", out.name, out.span, 0, "", ctx);
    }
    std::map<std::string, SourceSpan> io;
    for (const auto* list : {&t.impl->inputs, &t.impl->outputs}) {
      for (const ir::Io& x : *list) {
        if (x.generated) continue;
        auto [jt, ok] = io.emplace(x.name, x.span);
        if (!ok && list == &t.impl->outputs && !t.sub) {
          Diagnostic& d = ctx.sink.Report(x.span, diag::InputAndOutput{.name = x.name, .component = t.impl->name});
          d.notes.push_back({jt->second, "the input is declared here"});
        }
      }
    }
    for (const ir::EnvVar& e : t.impl->env) {
      if (!EnvName(e.name))
        ctx.sink.Report(e.name_span.Valid() ? e.name_span : e.span, diag::InvalidEnvName{.name = Elide(e.name)});
    }
  }
  for (const ir::Output& o : p.outputs) Check(IdentRule(), "output", o.name, o.span, 0, "", ctx);
  for (const ir::Trigger& tr : p.triggers)
    Check(DnsRule(), "trigger", tr.name.value, tr.name.span, 63, "a trigger name becomes a Sensor trigger name", ctx);
}

}  // namespace mlpc
