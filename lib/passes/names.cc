// Names: the patterns of SPEC.md, uniqueness, and the engines' length limits.
#include <fmt/format.h>

#include <map>
#include <regex>

#include "passes/passes.h"

namespace mlpc {
namespace {

struct Rule {
  std::regex pattern;
  std::string_view text;
};

const Rule& DnsRule() {
  static const Rule r{std::regex("[a-z]([a-z0-9-]*[a-z0-9])?"), "lower-case letters, digits and `-`, starting with a letter and not ending in `-`"};
  return r;
}
const Rule& IdentRule() {
  static const Rule r{std::regex("[a-z][a-z0-9_]*"), "lower-case letters, digits and `_`, starting with a letter"};
  return r;
}

void Check(const Rule& rule, std::string_view what, const std::string& name, SourceSpan span, size_t max_len,
           std::string_view len_reason, PassContext& ctx) {
  if (!std::regex_match(name, rule.pattern)) {
    ctx.sink.Report(Code::E0204, span, fmt::format("{} name `{}` is not valid", what, name),
                    fmt::format("{} names are {}", what, rule.text));
    return;
  }
  if (max_len && name.size() > max_len) {
    ctx.sink.Report(Code::E0505, span,
                    fmt::format("{} name `{}` has {} characters; at most {} fit", what, name, name.size(), max_len),
                    std::string(len_reason));
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
    Check(DnsRule(), "component", c.value, c.span, 63, "a component name becomes an Argo template and KFP component name", ctx);
    auto [it, fresh] = components.emplace(c.value, c.span);
    if (!fresh) {
      Diagnostic& d = ctx.sink.Report(Code::E0215, c.span, fmt::format("component `{}` is defined twice", c.value));
      d.notes.push_back({it->second, "first defined here"});
    }
  }
  std::map<std::string, SourceSpan> tasks;
  for (const ir::Task& t : p.tasks) {
    Check(DnsRule(), "task", t.name, t.span, 63, "a task name becomes a Kubernetes label value (63 characters)", ctx);
    auto [it, fresh] = tasks.emplace(t.name, t.span);
    if (!fresh) {
      Diagnostic& d = ctx.sink.Report(Code::E0215, t.span,
                                      fmt::format("task `{}` is defined in both `tasks` and `finally`", t.name));
      d.notes.push_back({it->second, "first defined here"});
    }
    if (!t.sub) {
      for (const ir::Io& in : t.impl.inputs)
        if (!in.generated) Check(IdentRule(), "input", in.name, in.span, 0, "", ctx);
      for (const ir::Io& out : t.impl.outputs) Check(IdentRule(), "output", out.name, out.span, 0, "", ctx);
    }
    std::map<std::string, SourceSpan> io;
    for (const auto* list : {&t.impl.inputs, &t.impl.outputs}) {
      for (const ir::Io& x : *list) {
        if (x.generated) continue;
        auto [jt, ok] = io.emplace(x.name, x.span);
        if (!ok && list == &t.impl.outputs && !t.sub) {
          Diagnostic& d = ctx.sink.Report(Code::E0215, x.span,
                                          fmt::format("`{}` is both an input and an output of `{}`", x.name, t.impl.name));
          d.notes.push_back({jt->second, "the input is declared here"});
        }
      }
    }
    static const std::regex kEnv("[A-Za-z_][A-Za-z0-9_]*");
    for (const ir::EnvVar& e : t.impl.env) {
      if (!std::regex_match(e.name, kEnv))
        ctx.sink.Report(Code::E0204, e.name_span.Valid() ? e.name_span : e.span,
                        fmt::format("environment variable name `{}` is not valid", e.name),
                        "environment variable names are letters, digits and `_`, not starting with a digit");
    }
  }
  for (const ir::Output& o : p.outputs) Check(IdentRule(), "output", o.name, o.span, 0, "", ctx);
  for (const ast::Trigger& tr : p.triggers)
    Check(DnsRule(), "trigger", tr.name.value, tr.name.span, 63, "a trigger name becomes a Sensor trigger name", ctx);
}

}  // namespace mlpc
