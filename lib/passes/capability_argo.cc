// What Argo Workflows cannot carry, reported with the construct, the target and a way out.
#include <fmt/format.h>

#include "passes/passes.h"

namespace mlpc {

namespace {

// An Argo step that runs a sub-pipeline as a KFP run: the KFP API must be known.
// (Pipeline params are values, so what it passes are parameters.)
// A sub-pipeline launched as a KFP run reports only its run's id and URL.
void CheckLaunchOutput(const ir::Pipeline& p, const ir::Ref& r, PassContext& ctx, const char* hint) {
  if (r.kind != ir::Ref::Kind::TaskOutput) return;
  const ir::Task& from = p.tasks[r.index];
  if (!from.sub || from.engine != ir::Engine::Kfp || from.impl->outputs[r.output].launch) return;
  ctx.sink.Report(Code::E0503, r.span,
                  fmt::format("target argo launches `{}` as a KFP run, which reports only `run_id` and `run_url`, "
                              "not output `{}`",
                              from.name, from.impl->outputs[r.output].name),
                  hint);
}

void CheckLaunch(const ir::Pipeline& p, const ir::Task& t, PassContext& ctx) {
  if (!ir::LaunchApi(t))
    ctx.sink.Report(Code::E0507, t.engine_span,
                    fmt::format("target argo launches sub-pipeline `{}` as a KFP run, but neither it nor `{}` sets "
                                "`kfp.host`",
                                t.sub->name, p.name));
}

}  // namespace

void CheckArgoCapability(const ir::Pipeline& p, PassContext& ctx) {
  if (ctx.target != Target::Argo) return;
  CheckArgoTexts(p, ctx);
  for (const ir::Task& t : p.tasks) {
    std::vector<const ir::Ref*> refs;
    TaskRefs(t, refs);
    for (const ir::Ref* r : refs) {
      bool uri = (r->kind == ir::Ref::Kind::Input || r->kind == ir::Ref::Kind::Output) && !r->keys.empty();
      if (uri || r->kind == ir::Ref::Kind::ExecutorInput)
        ctx.sink.Report(Code::E0503, r->span,
                        uri ? fmt::format("target argo has no URI for an artifact (`{}`); Argo hands containers "
                                          "local paths",
                                          r->path.Text())
                            : std::string("target argo has no KFP executor input (`executor_input`)"),
                        "read the artifact at its path, or compile this pipeline for kfp");
      if (r->kind == ir::Ref::Kind::TaskOutput && r->fan_in &&
          p.tasks[r->index].impl->outputs[r->output].type.IsArtifact())
        ctx.sink.Report(Code::E0501, r->span,
                        fmt::format("target argo cannot collect artifact `{}` from every iteration of `{}`",
                                    r->path.Text(), p.tasks[r->index].name));
    }
    if (t.settings.cache && t.settings.cache->enabled && !t.sub) {
      for (const ir::Io& in : t.impl->inputs) {
        if (!in.type.IsArtifact()) continue;
        ctx.sink.Report(Code::E0502, t.settings.cache->span,
                        fmt::format("target argo cannot key the cache of task `{}` on artifact input `{}`: Argo's "
                                    "memoization keys on parameter values only, and a hit could return results "
                                    "computed from other data",
                                    t.name, in.name));
        break;
      }
      if (t.impl->outputs.empty())
        ctx.sink.Report(Code::W0106, t.settings.cache->span,
                        fmt::format("task `{}` has no outputs; Argo memoizes only templates with outputs, so on "
                                    "target argo `cache` has no effect here",
                                    t.name));
    }
    if (t.sub && t.engine == ir::Engine::Kfp) CheckLaunch(p, t, ctx);
    if (t.sub && t.settings.cache && t.settings.cache->enabled)
      ctx.sink.Report(Code::W0106, t.settings.cache->span,
                      fmt::format("target argo memoizes containers only, so `cache` of `pipeline:` task `{}` has no "
                                  "effect; the sub-pipeline's tasks can set their own",
                                  t.name));
    for (const ir::Ref* r : refs)
      CheckLaunchOutput(p, *r, ctx,
                        "write the value to a location both runs know (e.g. a URI built from a param), or drop "
                        "`engine: kfp`");
  }
  if (ctx.nested) {
    for (const ir::Task& t : p.tasks) {
      if (!t.is_finally) continue;
      ctx.sink.Report(Code::E0503, t.span,
                      fmt::format("target argo cannot run `finally` task `{}` of sub-pipeline `{}`: Argo's exit "
                                  "handlers belong to the whole workflow",
                                  t.name, p.name),
                      "move the task into the parent pipeline's `finally`");
    }
    return;
  }
  for (const ir::Output& o : p.outputs) {
    for (const ir::Value* v : o.Values()) {
      if (!v->text.IsWholeRef()) continue;
      CheckLaunchOutput(p, *v->text.pieces[0].ref, ctx, "output `run_id` or `run_url`, or drop `engine: kfp`");
    }
  }
  using Kind = ir::ArgoSection::Kind;
  std::optional<Kind> kind;
  if (p.argo && p.argo->kind) kind = p.argo->kind->value;
  std::string_view kind_name = kind ? ir::KindName(*kind) : "";
  SourceSpan kind_span = p.argo && p.argo->kind ? p.argo->kind->span : SourceSpan{};
  if (kind == Kind::CronWorkflow && !p.schedule)
    ctx.sink.Report(Code::E0202, kind_span, "`argo.kind: CronWorkflow` needs a `schedule`");
  if (p.schedule && (kind == Kind::Workflow || kind == Kind::WorkflowTemplate))
    ctx.sink.Report(Code::E0210, kind_span,
                    fmt::format("`schedule` makes a CronWorkflow, but `argo.kind` is `{}`", kind_name),
                    "remove `argo.kind`, or set it to CronWorkflow");
  if (!p.triggers.empty() && (p.schedule || kind == Kind::Workflow || kind == Kind::CronWorkflow))
    ctx.sink.Report(Code::E0210, p.triggers[0].span,
                    fmt::format("target argo: `triggers` submit a WorkflowTemplate, but {} makes this pipeline a {}",
                                p.schedule ? "`schedule`" : "`argo.kind`", p.schedule ? "CronWorkflow" : kind_name),
                    p.schedule ? "keep either `schedule` or `triggers`; a Sensor cannot fill a CronWorkflow's params"
                               : "remove `argo.kind`, or set it to WorkflowTemplate");
  bool needs_values = kind == Kind::Workflow || kind == Kind::CronWorkflow || p.schedule;
  if (needs_values) {
    for (const ir::Io& param : p.params) {
      if (param.default_value) continue;
      ctx.sink.Report(Code::E0504, param.span,
                      fmt::format("target argo: param `{}` has no default, but a {} needs a value for every param",
                                  param.name, p.schedule ? "CronWorkflow" : "Workflow"),
                      p.schedule ? std::string("give the parameter a default")
                                 : std::string("give the parameter a default, or set `argo.kind: WorkflowTemplate`"));
    }
  }
}

}  // namespace mlpc
