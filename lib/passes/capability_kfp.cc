// What Kubeflow Pipelines cannot carry, reported with the construct, the target and a
// way out. The KFP backend relies on these: what passes here it compiles faithfully.
#include <fmt/format.h>

#include <algorithm>
#include <sstream>

#include "ir/cond_groups.h"
#include "passes/passes.h"

namespace mlpc {

namespace {

bool HasStatus(const ir::Text& t) {
  for (const auto& piece : t.pieces)
    if (piece.ref && piece.ref->kind == ir::Ref::Kind::PipelineStatus) return true;
  return false;
}

void CheckCondRefs(const ir::Task& t, const ir::Cond& c, PassContext& ctx) {
  if (c.kind == ir::Cond::Kind::Ref) {
    ir::Ref::Kind k = c.ref.kind;
    if (k == ir::Ref::Kind::PipelineName || k == ir::Ref::Kind::RunId || k == ir::Ref::Kind::PipelineStatus)
      ctx.sink.Report(Code::E0503, c.span,
                      fmt::format("target kfp cannot test `{}` in a `when` (task `{}`): KFP conditions read task "
                                  "inputs only",
                                  c.ref.path.Text(), t.name),
                      "pass the value through a task output and test that, or compile for argo");
  }
  for (const ir::Cond& o : c.operands) CheckCondRefs(t, o, ctx);
}

void CheckTask(const ir::Pipeline& p, const ir::Task& t, const ir::CondGroups& groups, PassContext& ctx) {
  const ir::Settings& s = t.settings;
  // KFP's triggerPolicy knows ALL_UPSTREAM_TASKS_SUCCEEDED and ALL_UPSTREAM_TASKS_COMPLETED
  // only; a task's failure is observable in an exit handler, as the whole run's status.
  if (!t.failed.empty())
    ctx.sink.Report(Code::E0503, t.run_if_span,
                    fmt::format("target kfp cannot run task `{}` only when another task failed: a KFP task runs "
                                "when its upstream tasks succeeded, or when they finished whatever the outcome",
                                t.name),
                    t.is_finally ? "handle the failure inside the program of the task that fails, or compile this "
                                   "pipeline for argo"
                                 : "move the task to `finally`, where `${{ pipeline.status }}` tells whether the run "
                                   "failed, or compile this pipeline for argo");
  if (t.sub && t.engine == ir::Engine::Kfp && (s.timeout_s || s.retry || !s.labels.empty() || !s.annotations.empty()))
    ctx.sink.Report(
        Code::E0503, t.span,
        fmt::format("target kfp runs `engine: kfp` task `{}` inside this run, so its `timeout`, `retry`, "
                    "`labels` and `annotations` (settings of the Argo launch step) have nothing to apply to",
                    t.name),
        "set them in the sub-pipeline's `defaults`, or compile this pipeline for argo");
  // KFP's launcher fills placeholders in command and args, not in env values.
  for (const ir::EnvVar& e : t.impl->env) {
    if (e.kind != ir::EnvVar::Kind::Literal || !e.value.HasRefs() || e.IsRunId()) continue;
    ctx.sink.Report(
        Code::E0503, e.span,
        fmt::format("target kfp does not fill references in env values (env `{}` of task `{}`)", e.name, t.name),
        "pass the value as an argument in `args`, or compile this pipeline for argo");
  }
  {
    std::vector<const ir::Ref*> launch_refs;
    TaskRefs(t, launch_refs);
    for (const ir::Ref* r : launch_refs) {
      if (r->kind != ir::Ref::Kind::TaskOutput || !p.tasks[r->index].impl->outputs[r->output].launch) continue;
      ctx.sink.Report(Code::E0503, r->span,
                      fmt::format("target kfp runs sub-pipeline `{}` inside this run, so it has no `{}` of its own "
                                  "(those exist when an Argo step launches it)",
                                  p.tasks[r->index].name, p.tasks[r->index].impl->outputs[r->output].name),
                      "read `${{ pipeline.run_id }}` instead, or compile this pipeline for argo");
    }
  }
  // Conditional tasks sit in condition groups (ir/cond_groups.h); reading an output out of
  // another group is a shape the KFP SDK refuses to write, so its behaviour when that
  // group is skipped is unproven. A reader inside the producer's group (the same `when`,
  // or one extending it) runs only when the producer does.
  std::vector<const ir::Ref*> refs;
  TaskRefs(t, refs);
  std::vector<int> warned;
  int reader_group = groups.of_task[static_cast<size_t>(&t - p.tasks.data())];
  for (const ir::Ref* r : refs) {
    if (r->kind != ir::Ref::Kind::TaskOutput || !p.tasks[r->index].when) continue;
    int producer_group = groups.of_task[r->index];
    if (producer_group >= 0 && reader_group >= 0 && groups.Encloses(producer_group, reader_group)) continue;
    if (std::find(warned.begin(), warned.end(), r->index) != warned.end()) continue;
    warned.push_back(r->index);
    ctx.sink.Report(Code::W0106, r->span,
                    fmt::format("on target kfp, task `{}` reads an output of conditional task `{}` across "
                                "condition groups; if `{}` is skipped, the run may fail instead of skipping `{}`",
                                t.name, p.tasks[r->index].name, p.tasks[r->index].name, t.name),
                    "give the reader the same `when` (or that `when` `&&` more), or read the value after both have "
                    "run through a task that always runs");
  }
  for (const ir::Arg& a : t.args) {
    if (a.value.is_literal || !a.value.text.IsWholeRef()) continue;
    if (a.value.text.pieces[0].ref->kind == ir::Ref::Kind::PipelineStatus)
      ctx.sink.Report(Code::W0106, a.value.span,
                      "on target kfp, `pipeline.status` arrives as KFP's final-status JSON "
                      "({\"state\": \"SUCCEEDED\", ...}), not the word Succeeded or Failed",
                      "parse the JSON in the finally task, or compile this pipeline for argo");
  }
  // Lowering gives a composed image of outer references one input (ir/lower/lower.cc); text
  // around the component's own inputs cannot be: the KFP driver keeps only the value of
  // an image's placeholder.
  if (!t.sub && t.impl->image_text.HasRefs() && !t.impl->image_text.IsWholeRef())
    ctx.sink.Report(Code::E0503, t.impl->image.span,
                    fmt::format("target kfp cannot compose `image` of text and the component's inputs (task `{}`): "
                                "KFP replaces an image by the value of its one placeholder",
                                t.name),
                    "take the whole image as one input (`image: ${{ inputs.image }}`), or compile this pipeline "
                    "for argo");
  if (s.cache && s.cache->max_age_s)
    ctx.sink.Report(Code::E0503, s.cache->span,
                    fmt::format("target kfp cannot limit the age of cached results (task `{}`)", t.name),
                    "use `cache: true`, or compile this pipeline for argo");
  if (s.retry && s.retry->limit > 0 && s.retry->policy == ir::Retry::Policy::OnError)
    ctx.sink.Report(Code::E0503, s.retry->span,
                    fmt::format("target kfp cannot retry only on errors (`policy: on_error`, task `{}`): KFP "
                                "retries every failure",
                                t.name),
                    "use `policy: on_failure` or `always`, or compile this pipeline for argo");
  for (const ir::Volume& v : s.volumes)
    if (v.kind == ir::Volume::Kind::Pvc && v.read_only)
      ctx.sink.Report(Code::E0503, v.span,
                      fmt::format("target kfp cannot mount PVC `{}` read-only (task `{}`): kfp-kubernetes' "
                                  "pvcMount has no read-only flag",
                                  v.source, t.name),
                      "drop `read_only`, or compile this pipeline for argo");
  if (t.sub && t.engine == ir::Engine::Argo)
    ctx.sink.Report(Code::E0503, t.engine_span,
                    "target kfp cannot launch an Argo workflow from a KFP pipeline (`engine: argo`)",
                    "drop `engine`, or compile the sub-pipeline for argo and submit it separately");
  if (t.loop) {
    const ir::Loop& loop = *t.loop;
    if (loop.kind == ir::Loop::Kind::Ref && loop.ref.kind == ir::Ref::Kind::TaskOutput &&
        p.tasks[loop.ref.index].impl->outputs[loop.ref.output].type.IsArtifact())
      ctx.sink.Report(Code::E0503, loop.span,
                      fmt::format("target kfp: looping over artifacts (`foreach` of task `{}`) is not supported by "
                                  "the KFP backend of mlpc",
                                  t.name),
                      "loop over a list parameter (e.g. the artifacts' URIs), or compile for argo");
    for (const ir::Value& v : loop.items)
      if (!v.is_literal)
        ctx.sink.Report(Code::E0503, v.span,
                        fmt::format("target kfp cannot loop over a literal list that holds references (task `{}`): "
                                    "KFP takes the items as raw JSON",
                                    t.name),
                        "build the list in a task and loop over its output, or compile for argo");
  }
  if (t.when) CheckCondRefs(t, *t.when, ctx);
  for (const ir::Arg& a : t.args) {
    if (a.value.is_literal) continue;
    if (HasStatus(a.value.text) && !a.value.text.IsWholeRef())
      ctx.sink.Report(Code::E0503, a.value.span,
                      fmt::format("target kfp passes `pipeline.status` only as a whole value (task `{}`)", t.name),
                      "give `${{ pipeline.status }}` to an input of its own");
    if (HasStatus(a.value.text) && (t.loop || t.when))
      ctx.sink.Report(Code::E0503, a.value.span,
                      fmt::format("target kfp cannot read `pipeline.status` in a task with `when` or `foreach` "
                                  "(task `{}`)",
                                  t.name),
                      "read the status in a finally task without `when`/`foreach`, or compile for argo");
    for (const auto& piece : a.value.text.pieces) {
      const ir::Ref* r = piece.ref ? &*piece.ref : nullptr;
      if (r && r->kind == ir::Ref::Kind::TaskOutput && r->fan_in &&
          p.tasks[r->index].impl->outputs[r->output].type.IsArtifact())
        ctx.sink.Report(Code::E0503, r->span,
                        fmt::format("target kfp: collecting artifact `{}` from every iteration of `{}` is not "
                                    "supported by the KFP backend of mlpc",
                                    r->path.Text(), p.tasks[r->index].name),
                        "collect the artifacts' URIs as a list parameter, or compile for argo");
    }
  }
}

// What the KFP API's recurring runs cannot express of a `schedule`.
void CheckRecurringRun(const ir::Pipeline& p, PassContext& ctx) {
  const ir::Schedule& s = *p.schedule;
  if (!s.timezone.empty() && s.timezone != "UTC" && s.timezone != "Etc/UTC")
    ctx.sink.Report(Code::E0503, s.timezone_span,
                    fmt::format("target kfp: a recurring run has no time zone; KFP reads the cron in the API "
                                "server's (UTC on standard installs), not `{}`",
                                s.timezone),
                    "write the cron in UTC and set `timezone: UTC`");
  // KFP's scheduler numbers the days of the week 0-6 and has no 7 for Sunday.
  std::istringstream fields(s.cron.value);
  std::string field, dow;
  while (fields >> field) dow = field;
  if (s.cron.value.front() != '@') {
    std::string token;
    bool step = false;
    for (size_t i = 0; i <= dow.size(); ++i) {
      char c = i < dow.size() ? dow[i] : ',';
      if (c == ',' || c == '-' || c == '/') {
        if (token == "7" && !step)
          ctx.sink.Report(Code::E0503, s.cron.span,
                          "target kfp: KFP's scheduler reads day of week 0-6; `7` (Sunday) is not accepted",
                          "write 0 for Sunday");
        step = c == '/';
        token.clear();
      } else {
        token += c;
      }
    }
  }
  if (s.concurrency == ir::Schedule::Concurrency::Replace)
    ctx.sink.Report(Code::E0503, s.span,
                    "target kfp: a recurring run cannot replace a running run (`concurrency: replace`)",
                    "use `forbid` (one run at a time) or `allow`");
  if (s.starting_deadline_s)
    ctx.sink.Report(Code::W0106, s.span,
                    "target kfp: a recurring run has no starting deadline; after downtime KFP starts the latest "
                    "missed run however late (`no_catchup`)");
  for (const ir::Io& param : p.params)
    if (!param.default_value)
      ctx.sink.Report(Code::E0504, param.span,
                      fmt::format("target kfp: param `{}` has no default, but a recurring run needs a value for "
                                  "every param",
                                  param.name),
                      "give the parameter a default");
}

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

void CheckKfpNumbers(const ir::Pipeline& p, PassContext& ctx) {
  auto check = [&](const ir::Value& v, std::string_view where) {
    if (!v.is_literal) return;
    const ir::json* n = InexactInt(v.literal);
    if (!n) return;
    ctx.sink.Report(Code::E0503, v.span,
                    fmt::format("target kfp keeps {} as a protobuf Value, whose numbers are doubles: the integer {} "
                                "is past 2^53 and would reach the run changed",
                                where, n->dump()),
                    "pass the number as a string, or use a smaller one");
  };
  for (const ir::Io& param : p.params)
    if (param.default_value) check(*param.default_value, fmt::format("the default of param `{}`", param.name));
  for (const ir::Task& t : p.tasks) {
    if (t.sub) continue;  // its params are checked with the sub-pipeline
    for (const ir::Io& in : t.impl->inputs)
      if (in.default_value) check(*in.default_value, fmt::format("the default of input `{}`", in.name));
    for (const ir::Arg& a : t.args)
      check(a.value, fmt::format("the value of input `{}` of task `{}`", t.impl->inputs[a.input].name, t.name));
    if (t.loop)
      for (const ir::Value& item : t.loop->items) check(item, fmt::format("the `foreach` items of task `{}`", t.name));
  }
}

}  // namespace

void CheckKfpCapability(const ir::Pipeline& p, PassContext& ctx) {
  if (ctx.target != Target::Kfp) return;
  CheckKfpTexts(p, ctx);
  CheckKfpNumbers(p, ctx);
  ir::CondGroups groups = ir::GroupConditions(p);
  for (const ir::Task& t : p.tasks) CheckTask(p, t, groups, ctx);
  for (const ir::Output& o : p.outputs) {
    for (const ir::Value* v : o.Values()) {
      // Anything but one task output is E0211 on every target (the types pass).
      if (v->is_literal || !v->text.IsWholeRef() || v->text.pieces[0].ref->kind != ir::Ref::Kind::TaskOutput)
        continue;
      const ir::Ref& r = *v->text.pieces[0].ref;
      const ir::Io& out = p.tasks[r.index].impl->outputs[r.output];
      if (r.fan_in && out.type.IsArtifact())
        ctx.sink.Report(Code::E0503, o.one_of.empty() ? o.span : v->span,
                        fmt::format("target kfp: pipeline output `{}` collects artifacts from a loop, which the KFP "
                                    "backend of mlpc does not support",
                                    o.name),
                        "output the artifacts' URIs as a list parameter");
      if (out.launch)
        ctx.sink.Report(Code::E0503, r.span,
                        fmt::format("target kfp runs sub-pipeline `{}` inside this run, so pipeline output `{}` has "
                                    "no `{}` to read",
                                    p.tasks[r.index].name, o.name, out.name),
                        "compile this pipeline for argo, or drop the output");
    }
  }
  if (ctx.nested) return;
  // KFP's root inputDefinitions have no list of allowed values: a run created in KFP's UI
  // or API may pass any value of the type.
  for (const ir::Io& param : p.params)
    if (!param.enum_values.empty())
      ctx.sink.Report(Code::W0108, param.enum_values.front().span,
                      fmt::format("target kfp has no `enum`: param `{}` takes any {} in a run created in KFP",
                                  param.name, param.type.Name()));
  if (!p.triggers.empty() && !ctx.emit_sensors)
    ctx.sink.Report(Code::W0106, p.triggers.front().span,
                    "target kfp: KFP IR has no triggers, so `triggers` are not part of the pipeline output; "
                    "`mlpc compile --target kfp --emit sensors` writes the Argo Events Sensors that create the runs");
  if (!p.triggers.empty() && !(p.kfp && p.kfp->host))
    ctx.sink.Report(Code::E0507, p.triggers.front().span,
                    "target kfp: `triggers` create KFP runs through the KFP API, but the pipeline sets no `kfp.host`");
  if (p.schedule && ctx.emit_recurring_run) CheckRecurringRun(p, ctx);
  if (p.schedule && !ctx.emit_recurring_run)
    ctx.sink.Report(Code::W0106, p.schedule->span,
                    "target kfp: KFP IR has no schedule, so `schedule` is not part of the pipeline output; "
                    "`mlpc compile --target kfp --emit recurring-run` writes the KFP API's recurring-run request");
}

}  // namespace mlpc
