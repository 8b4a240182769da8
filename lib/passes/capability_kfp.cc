// What Kubeflow Pipelines cannot carry, reported with the construct, the target and a
// way out. The KFP backend relies on these: what passes here it compiles faithfully.
// The rules are tables (passes/rules.h): a row a message kind of diag/messages.def.
#include <algorithm>
#include <sstream>

#include "ir/cond_groups.h"
#include "passes/rules.h"

namespace mlpc {

namespace {

struct TaskScope {
  const ir::Pipeline& p;
  const ir::Task& t;
  const ir::CondGroups& groups;
  std::vector<const ir::Ref*> refs;  // TaskRefs(t)
};

struct PipelineScope {
  const ir::Pipeline& p;
  const PassContext& ctx;
};

bool HasStatus(const ir::Text& t) {
  for (const auto& piece : t.pieces)
    if (piece.ref && piece.ref->kind == ir::Ref::Kind::PipelineStatus) return true;
  return false;
}

void CheckCondRefs(const ir::Task& t, const ir::Cond& c, const Emit<diag::KfpWhenPipelineRef>& emit) {
  if (c.kind == ir::Cond::Kind::Ref) {
    ir::Ref::Kind k = c.ref.kind;
    if (k == ir::Ref::Kind::PipelineName || k == ir::Ref::Kind::RunId || k == ir::Ref::Kind::PipelineStatus)
      emit(c.span, {.ref = c.ref.path.Text(), .task = t.name});
  }
  for (const ir::Cond& o : c.operands) CheckCondRefs(t, o, emit);
}

// An output of an `engine: kfp` sub-pipeline that exists only when an Argo step launches it.
const ir::Io* LaunchOutput(const ir::Pipeline& p, const ir::Ref& r) {
  if (r.kind != ir::Ref::Kind::TaskOutput || !p.tasks[r.index].impl->outputs[r.output].launch) return nullptr;
  return &p.tasks[r.index].impl->outputs[r.output];
}

bool IsFanInArtifact(const ir::Pipeline& p, const ir::Ref* r) {
  return r && r->kind == ir::Ref::Kind::TaskOutput && r->fan_in &&
         p.tasks[r->index].impl->outputs[r->output].type.IsArtifact();
}

// Per task, in the order they report.
const Rule<TaskScope> kTaskRules[] = {
    // KFP's triggerPolicy knows ALL_UPSTREAM_TASKS_SUCCEEDED and ALL_UPSTREAM_TASKS_COMPLETED
    // only; a task's failure is observable in an exit handler, as the whole run's status.
    Check(+[](const TaskScope& s, Emit<diag::KfpRunIfFailed> emit) {
      if (!s.t.failed.empty() && !s.t.is_finally) emit(s.t.run_if_span, {.task = s.t.name});
    }),
    Check(+[](const TaskScope& s, Emit<diag::KfpFinallyRunIfFailed> emit) {
      if (!s.t.failed.empty() && s.t.is_finally) emit(s.t.run_if_span, {.task = s.t.name});
    }),
    Check(+[](const TaskScope& s, Emit<diag::KfpLaunchSettings> emit) {
      const ir::Settings& set = *s.t.settings;
      if (s.t.sub && s.t.engine == ir::Engine::Kfp &&
          (set.timeout_s || set.retry || !set.labels.empty() || !set.annotations.empty()))
        emit(s.t.span, {.task = s.t.name});
    }),
    // KFP's launcher fills placeholders in command and args, not in env values.
    Check(+[](const TaskScope& s, Emit<diag::KfpEnvReference> emit) {
      for (const ir::EnvVar& e : s.t.impl->env)
        if (e.kind == ir::EnvVar::Kind::Literal && e.value.HasRefs() && !e.IsRunId())
          emit(e.span, {.env = e.name, .task = s.t.name});
    }),
    Check(+[](const TaskScope& s, Emit<diag::KfpLaunchOutput> emit) {
      for (const ir::Ref* r : s.refs)
        if (const ir::Io* out = LaunchOutput(s.p, *r))
          emit(r->span, {.sub = s.p.tasks[r->index].name, .output = out->name});
    }),
    // Conditional tasks sit in condition groups (ir/cond_groups.h); reading an output out of
    // another group is a shape the KFP SDK refuses to write, so its behaviour when that
    // group is skipped is unproven. A reader inside the producer's group (the same `when`,
    // or one extending it) runs only when the producer does.
    Check(+[](const TaskScope& s, Emit<diag::KfpCrossGroupOutput> emit) {
      std::vector<int> warned;
      int reader_group = s.groups.of_task[static_cast<size_t>(&s.t - s.p.tasks.data())];
      for (const ir::Ref* r : s.refs) {
        if (r->kind != ir::Ref::Kind::TaskOutput || !s.p.tasks[r->index].when) continue;
        int producer_group = s.groups.of_task[r->index];
        if (producer_group >= 0 && reader_group >= 0 && s.groups.Encloses(producer_group, reader_group)) continue;
        if (std::find(warned.begin(), warned.end(), r->index) != warned.end()) continue;
        warned.push_back(r->index);
        emit(r->span, {.reader = s.t.name, .producer = s.p.tasks[r->index].name});
      }
    }),
    Check(+[](const TaskScope& s, Emit<diag::KfpPipelineStatusJson> emit) {
      for (const ir::Arg& a : s.t.args)
        if (!a.value.is_literal && a.value.text.IsWholeRef() &&
            a.value.text.pieces[0].ref->kind == ir::Ref::Kind::PipelineStatus)
          emit(a.value.span, {});
    }),
    // Lowering gives a composed image of outer references one input (ir/lower/lower.cc); text
    // around the component's own inputs cannot be: the KFP driver keeps only the value of
    // an image's placeholder.
    Check(+[](const TaskScope& s, Emit<diag::KfpComposedImage> emit) {
      if (!s.t.sub && s.t.impl->image_text.HasRefs() && !s.t.impl->image_text.IsWholeRef())
        emit(s.t.impl->image.span, {.task = s.t.name});
    }),
    Check(+[](const TaskScope& s, Emit<diag::KfpCacheMaxAge> emit) {
      if (s.t.settings->cache && s.t.settings->cache->max_age_s) emit(s.t.settings->cache->span, {.task = s.t.name});
    }),
    Check(+[](const TaskScope& s, Emit<diag::KfpRetryOnError> emit) {
      const auto& retry = s.t.settings->retry;
      if (retry && retry->limit > 0 && retry->policy == ir::Retry::Policy::OnError)
        emit(retry->span, {.task = s.t.name});
    }),
    Check(+[](const TaskScope& s, Emit<diag::KfpPvcReadOnly> emit) {
      for (const ir::Volume& v : s.t.settings->volumes)
        if (v.kind == ir::Volume::Kind::Pvc && v.read_only) emit(v.span, {.pvc = v.source, .task = s.t.name});
    }),
    Check(+[](const TaskScope& s, Emit<diag::KfpEngineArgo> emit) {
      if (s.t.sub && s.t.engine == ir::Engine::Argo) emit(s.t.engine_span, {});
    }),
    Check(+[](const TaskScope& s, Emit<diag::KfpForeachArtifacts> emit) {
      if (!s.t.loop) return;
      const ir::Loop& loop = *s.t.loop;
      if (loop.kind == ir::Loop::Kind::Ref && loop.ref.kind == ir::Ref::Kind::TaskOutput &&
          s.p.tasks[loop.ref.index].impl->outputs[loop.ref.output].type.IsArtifact())
        emit(loop.span, {.task = s.t.name});
    }),
    Check(+[](const TaskScope& s, Emit<diag::KfpForeachLiteralRefs> emit) {
      if (!s.t.loop) return;
      for (const ir::Value& v : s.t.loop->items)
        if (!v.is_literal) emit(v.span, {.task = s.t.name});
    }),
    Check(+[](const TaskScope& s, Emit<diag::KfpWhenPipelineRef> emit) {
      if (s.t.when) CheckCondRefs(s.t, *s.t.when, emit);
    }),
    Check(+[](const TaskScope& s, Emit<diag::KfpPipelineStatusPart> emit) {
      for (const ir::Arg& a : s.t.args)
        if (!a.value.is_literal && HasStatus(a.value.text) && !a.value.text.IsWholeRef())
          emit(a.value.span, {.task = s.t.name});
    }),
    Check(+[](const TaskScope& s, Emit<diag::KfpPipelineStatusConditional> emit) {
      for (const ir::Arg& a : s.t.args)
        if (!a.value.is_literal && HasStatus(a.value.text) && (s.t.loop || s.t.when))
          emit(a.value.span, {.task = s.t.name});
    }),
    Check(+[](const TaskScope& s, Emit<diag::KfpFanInArtifact> emit) {
      for (const ir::Arg& a : s.t.args) {
        if (a.value.is_literal) continue;
        for (const auto& piece : a.value.text.pieces) {
          const ir::Ref* r = piece.ref ? &*piece.ref : nullptr;
          if (IsFanInArtifact(s.p, r)) emit(r->span, {.ref = r->path.Text(), .producer = s.p.tasks[r->index].name});
        }
      }
    }),
};

// KFP's IR holds literal values as google.protobuf.Value, whose numbers are doubles: an
// integer past 2^53 would reach the run as a neighbouring number (the SDK, given
// 9007199254740993, writes 9007199254740992.0).
const ir::json* InexactInt(const ir::json& v) {
  constexpr int64_t kExact = int64_t{1} << 53;
  if (v.is_number_unsigned()) return v.get<uint64_t>() > static_cast<uint64_t>(kExact) ? &v : nullptr;
  if (v.is_number_integer()) {
    int64_t n = v.get<int64_t>();
    return n > kExact || n < -kExact ? &v : nullptr;
  }
  if (v.is_array() || v.is_object())
    for (const ir::json& e : v)
      if (const ir::json* found = InexactInt(e)) return found;
  return nullptr;
}

// The integer of a literal value that a double cannot hold, as written; empty when none.
std::string InexactNumber(const ir::Value& v) {
  const ir::json* n = v.is_literal ? InexactInt(v.literal) : nullptr;
  return n ? n->dump() : std::string();
}

// What the KFP API's recurring runs cannot express of a `schedule`.
bool RecurringRun(const PipelineScope& s) { return s.p.schedule && s.ctx.emit_recurring_run; }

// KFP's scheduler numbers the days of the week 0-6 and has no 7 for Sunday.
bool HasSunday7(const std::string& cron) {
  std::istringstream fields(cron);
  std::string field, dow;
  while (fields >> field) dow = field;
  if (cron.front() == '@') return false;
  std::string token;
  bool step = false;
  for (size_t i = 0; i <= dow.size(); ++i) {
    char c = i < dow.size() ? dow[i] : ',';
    if (c == ',' || c == '-' || c == '/') {
      if (token == "7" && !step) return true;
      step = c == '/';
      token.clear();
    } else {
      token += c;
    }
  }
  return false;
}

// Before the tasks' rules: the numbers of literal values.
const Rule<PipelineScope> kNumberRules[] = {
    Check(+[](const PipelineScope& s, Emit<diag::KfpInexactIntParamDefault> emit) {
      for (const ir::Io& param : s.p.params)
        if (param.default_value)
          if (std::string n = InexactNumber(*param.default_value); !n.empty())
            emit(param.default_value->span, {.param = param.name, .number = n});
    }),
    // A sub-pipeline task's params are checked with the sub-pipeline.
    Check(+[](const PipelineScope& s, Emit<diag::KfpInexactIntInputDefault> emit) {
      for (const ir::Task& t : s.p.tasks)
        if (!t.sub)
          for (const ir::Io& in : t.impl->inputs)
            if (in.default_value)
              if (std::string n = InexactNumber(*in.default_value); !n.empty())
                emit(in.default_value->span, {.input = in.name, .number = n});
    }),
    Check(+[](const PipelineScope& s, Emit<diag::KfpInexactIntArgument> emit) {
      for (const ir::Task& t : s.p.tasks)
        if (!t.sub)
          for (const ir::Arg& a : t.args)
            if (std::string n = InexactNumber(a.value); !n.empty())
              emit(a.value.span, {.input = t.impl->inputs[a.input].name, .task = t.name, .number = n});
    }),
    Check(+[](const PipelineScope& s, Emit<diag::KfpInexactIntForeach> emit) {
      for (const ir::Task& t : s.p.tasks)
        if (!t.sub && t.loop)
          for (const ir::Value& item : t.loop->items)
            if (std::string n = InexactNumber(item); !n.empty()) emit(item.span, {.task = t.name, .number = n});
    }),
};

// After the tasks' rules: pipeline outputs, and what only the top-level pipeline has.
const Rule<PipelineScope> kPipelineRules[] = {
    // Anything but one task output is E0211 on every target (the types pass).
    Check(+[](const PipelineScope& s, Emit<diag::KfpOutputFanInArtifact> emit) {
      for (const ir::Output& o : s.p.outputs)
        for (const ir::Value* v : o.Values())
          if (!v->is_literal && v->text.IsWholeRef() && IsFanInArtifact(s.p, &*v->text.pieces[0].ref))
            emit(o.one_of.empty() ? o.span : v->span, {.output = o.name});
    }),
    Check(+[](const PipelineScope& s, Emit<diag::KfpOutputLaunchOutput> emit) {
      for (const ir::Output& o : s.p.outputs)
        for (const ir::Value* v : o.Values()) {
          if (v->is_literal || !v->text.IsWholeRef()) continue;
          const ir::Ref& r = *v->text.pieces[0].ref;
          if (const ir::Io* out = LaunchOutput(s.p, r))
            emit(r.span, {.sub = s.p.tasks[r.index].name, .output = o.name, .field = out->name});
        }
    }),
    // KFP's root inputDefinitions have no list of allowed values: a run created in KFP's UI
    // or API may pass any value of the type.
    Check(+[](const PipelineScope& s, Emit<diag::KfpParamEnum> emit) {
      if (s.ctx.nested) return;
      for (const ir::Io& param : s.p.params)
        if (!param.enum_values.empty())
          emit(param.enum_values.front().span, {.param = param.name, .type = param.type.Name()});
    }),
    Check(+[](const PipelineScope& s, Emit<diag::KfpTriggersNotInIr> emit) {
      if (!s.ctx.nested && !s.p.triggers.empty() && !s.ctx.emit_sensors) emit(s.p.triggers.front().span, {});
    }),
    Check(+[](const PipelineScope& s, Emit<diag::KfpTriggersNoHost> emit) {
      if (!s.ctx.nested && !s.p.triggers.empty() && !(s.p.kfp && s.p.kfp->host)) emit(s.p.triggers.front().span, {});
    }),
    Check(+[](const PipelineScope& s, Emit<diag::KfpScheduleTimezone> emit) {
      if (s.ctx.nested || !RecurringRun(s)) return;
      const std::string& tz = s.p.schedule->timezone;
      if (!tz.empty() && tz != "UTC" && tz != "Etc/UTC") emit(s.p.schedule->timezone_span, {.timezone = tz});
    }),
    Check(+[](const PipelineScope& s, Emit<diag::KfpScheduleSunday7> emit) {
      if (!s.ctx.nested && RecurringRun(s) && HasSunday7(s.p.schedule->cron.value)) emit(s.p.schedule->cron.span, {});
    }),
    Check(+[](const PipelineScope& s, Emit<diag::KfpScheduleReplace> emit) {
      if (!s.ctx.nested && RecurringRun(s) && s.p.schedule->concurrency == ir::Schedule::Concurrency::Replace)
        emit(s.p.schedule->span, {});
    }),
    Check(+[](const PipelineScope& s, Emit<diag::KfpScheduleDeadline> emit) {
      if (!s.ctx.nested && RecurringRun(s) && s.p.schedule->starting_deadline_s) emit(s.p.schedule->span, {});
    }),
    Check(+[](const PipelineScope& s, Emit<diag::KfpRecurringParamDefault> emit) {
      if (s.ctx.nested || !RecurringRun(s)) return;
      for (const ir::Io& param : s.p.params)
        if (!param.default_value) emit(param.span, {.param = param.name});
    }),
    Check(+[](const PipelineScope& s, Emit<diag::KfpScheduleNotInIr> emit) {
      if (!s.ctx.nested && s.p.schedule && !s.ctx.emit_recurring_run) emit(s.p.schedule->span, {});
    }),
};

}  // namespace

void CheckKfpCapability(const ir::Pipeline& p, PassContext& ctx) {
  if (ctx.target != Target::Kfp) return;
  CheckKfpTexts(p, ctx);
  PipelineScope scope{p, ctx};
  RunRules<PipelineScope>(kNumberRules, scope, ctx.sink);
  ir::CondGroups groups = ir::GroupConditions(p);
  for (const ir::Task& t : p.tasks) {
    TaskScope task{p, t, groups, {}};
    TaskRefs(t, task.refs);
    RunRules<TaskScope>(kTaskRules, task, ctx.sink);
  }
  RunRules<PipelineScope>(kPipelineRules, scope, ctx.sink);
}

}  // namespace mlpc
