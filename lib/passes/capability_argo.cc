// What Argo Workflows cannot carry, reported with the construct, the target and a way out.
// The rules are tables (passes/rules.h): a row a message kind of diag/messages.def.
#include <algorithm>
#include <optional>

#include "passes/rules.h"

namespace mlpc {

namespace {

struct TaskScope {
  const ir::Pipeline& p;
  const ir::Task& t;
  std::vector<const ir::Ref*> refs;  // TaskRefs(t)
};

struct PipelineScope {
  const ir::Pipeline& p;
  const PassContext& ctx;
  std::optional<ir::ArgoSection::Kind> kind;  // `argo.kind`
  SourceSpan kind_span;
};

// A sub-pipeline launched as a KFP run reports only its run's id and URL: the output of
// such a task that `r` reads, or nullptr.
const ir::Task* LaunchedFrom(const ir::Pipeline& p, const ir::Ref& r) {
  if (r.kind != ir::Ref::Kind::TaskOutput) return nullptr;
  const ir::Task& from = p.tasks[r.index];
  if (!from.sub || from.engine != ir::Engine::Kfp || from.impl->outputs[r.output].launch) return nullptr;
  return &from;
}

bool IsArtifactRef(const ir::Ref& r) {
  return (r.kind == ir::Ref::Kind::Input || r.kind == ir::Ref::Kind::Output) && !r.keys.empty();
}

bool CachesContainer(const ir::Task& t) { return t.settings->cache && t.settings->cache->enabled && !t.sub; }

// Per task, in the order they report.
const Rule<TaskScope> kTaskRules[] = {
    Check(+[](const TaskScope& s, Emit<diag::ArgoArtifactUri> emit) {
      for (const ir::Ref* r : s.refs)
        if (IsArtifactRef(*r)) emit(r->span, {.ref = r->path.Text()});
    }),
    Check(+[](const TaskScope& s, Emit<diag::ArgoExecutorInput> emit) {
      for (const ir::Ref* r : s.refs)
        if (!IsArtifactRef(*r) && r->kind == ir::Ref::Kind::ExecutorInput) emit(r->span, {});
    }),
    Check(+[](const TaskScope& s, Emit<diag::ArgoFanInArtifact> emit) {
      for (const ir::Ref* r : s.refs)
        if (r->kind == ir::Ref::Kind::TaskOutput && r->fan_in &&
            s.p.tasks[r->index].impl->outputs[r->output].type.IsArtifact())
          emit(r->span, {.ref = r->path.Text(), .producer = s.p.tasks[r->index].name});
    }),
    // Reported for the first artifact input.
    Check(+[](const TaskScope& s, Emit<diag::ArgoCacheArtifactInput> emit) {
      if (!CachesContainer(s.t)) return;
      auto in = std::find_if(s.t.impl->inputs.begin(), s.t.impl->inputs.end(),
                             [](const ir::Io& io) { return io.type.IsArtifact(); });
      if (in != s.t.impl->inputs.end()) emit(s.t.settings->cache->span, {.task = s.t.name, .input = in->name});
    }),
    Check(+[](const TaskScope& s, Emit<diag::ArgoCacheNoOutputs> emit) {
      if (CachesContainer(s.t) && s.t.impl->outputs.empty()) emit(s.t.settings->cache->span, {.task = s.t.name});
    }),
    // An Argo step that runs a sub-pipeline as a KFP run: the KFP API must be known.
    Check(+[](const TaskScope& s, Emit<diag::ArgoLaunchNoHost> emit) {
      if (s.t.sub && s.t.engine == ir::Engine::Kfp && !ir::LaunchApi(s.t))
        emit(s.t.engine_span, {.sub = s.t.sub->name, .pipeline = s.p.name});
    }),
    Check(+[](const TaskScope& s, Emit<diag::ArgoCachePipelineTask> emit) {
      if (s.t.sub && s.t.settings->cache && s.t.settings->cache->enabled)
        emit(s.t.settings->cache->span, {.task = s.t.name});
    }),
    Check(+[](const TaskScope& s, Emit<diag::ArgoLaunchOutput> emit) {
      for (const ir::Ref* r : s.refs)
        if (const ir::Task* from = LaunchedFrom(s.p, *r))
          emit(r->span, {.sub = from->name, .output = from->impl->outputs[r->output].name});
    }),
};

// After the tasks' rules.
const Rule<PipelineScope> kPipelineRules[] = {
    Check(+[](const PipelineScope& s, Emit<diag::ArgoNestedFinally> emit) {
      if (!s.ctx.nested) return;
      for (const ir::Task& t : s.p.tasks)
        if (t.is_finally) emit(t.span, {.task = t.name, .pipeline = s.p.name});
    }),
    // What follows applies to the top-level pipeline only.
    Check(+[](const PipelineScope& s, Emit<diag::ArgoOutputLaunchOutput> emit) {
      if (s.ctx.nested) return;
      for (const ir::Output& o : s.p.outputs)
        for (const ir::Value* v : o.Values()) {
          if (!v->text.IsWholeRef()) continue;
          const ir::Ref& r = *v->text.pieces[0].ref;
          if (const ir::Task* from = LaunchedFrom(s.p, r))
            emit(r.span, {.sub = from->name, .output = from->impl->outputs[r.output].name});
        }
    }),
    Check(+[](const PipelineScope& s, Emit<diag::ArgoCronWithoutSchedule> emit) {
      if (!s.ctx.nested && s.kind == ir::ArgoSection::Kind::CronWorkflow && !s.p.schedule) emit(s.kind_span, {});
    }),
    Check(+[](const PipelineScope& s, Emit<diag::ArgoScheduleKind> emit) {
      using Kind = ir::ArgoSection::Kind;
      if (!s.ctx.nested && s.p.schedule && (s.kind == Kind::Workflow || s.kind == Kind::WorkflowTemplate))
        emit(s.kind_span, {.kind = ir::KindName(*s.kind)});
    }),
    Check(+[](const PipelineScope& s, Emit<diag::ArgoTriggersSchedule> emit) {
      if (!s.ctx.nested && !s.p.triggers.empty() && s.p.schedule) emit(s.p.triggers[0].span, {});
    }),
    Check(+[](const PipelineScope& s, Emit<diag::ArgoTriggersKind> emit) {
      using Kind = ir::ArgoSection::Kind;
      if (!s.ctx.nested && !s.p.triggers.empty() && !s.p.schedule &&
          (s.kind == Kind::Workflow || s.kind == Kind::CronWorkflow))
        emit(s.p.triggers[0].span, {.kind = ir::KindName(*s.kind)});
    }),
    // A CronWorkflow or a Workflow is submitted with its params' defaults.
    Check(+[](const PipelineScope& s, Emit<diag::ArgoCronParamDefault> emit) {
      if (s.ctx.nested || !s.p.schedule) return;
      for (const ir::Io& param : s.p.params)
        if (!param.default_value) emit(param.span, {.param = param.name});
    }),
    Check(+[](const PipelineScope& s, Emit<diag::ArgoWorkflowParamDefault> emit) {
      using Kind = ir::ArgoSection::Kind;
      if (s.ctx.nested || s.p.schedule || (s.kind != Kind::Workflow && s.kind != Kind::CronWorkflow)) return;
      for (const ir::Io& param : s.p.params)
        if (!param.default_value) emit(param.span, {.param = param.name});
    }),
};

}  // namespace

void CheckArgoCapability(const ir::Pipeline& p, PassContext& ctx) {
  if (ctx.target != Target::Argo) return;
  CheckArgoTexts(p, ctx);
  for (const ir::Task& t : p.tasks) {
    TaskScope task{p, t, {}};
    TaskRefs(t, task.refs);
    RunRules<TaskScope>(kTaskRules, task, ctx.sink);
  }
  PipelineScope scope{p, ctx, {}, {}};
  if (p.argo && p.argo->kind) {
    scope.kind = p.argo->kind->value;
    scope.kind_span = p.argo->kind->span;
  }
  RunRules<PipelineScope>(kPipelineRules, scope, ctx.sink);
}

}  // namespace mlpc
