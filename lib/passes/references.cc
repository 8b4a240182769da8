// References: unknown params, tasks, outputs, inputs and components, references out of
// their scope, and tasks without an implementation. Each with a suggestion.
#include "diag/messages.h"
#include "passes/passes.h"
#include "support/spell.h"

namespace mlpc {
namespace {

std::vector<std::string> Names(const std::vector<ir::Io>& ios) {
  std::vector<std::string> out;
  for (const ir::Io& i : ios) out.push_back(i.name);
  return out;
}

// The names of the main-DAG or the finally tasks, gathered once per pipeline, when a
// suggestion first needs them, so that many unknown names cost one gathering.
class TaskNames {
 public:
  explicit TaskNames(const ir::Pipeline& p) : p_(p) {}
  const std::vector<std::string>& Of(bool finally_tasks) {
    std::vector<std::string>& out = names_[finally_tasks];
    if (!done_[finally_tasks]) {
      for (const ir::Task& t : p_.tasks)
        if (t.is_finally == finally_tasks) out.push_back(t.name);
      done_[finally_tasks] = true;
    }
    return out;
  }

 private:
  const ir::Pipeline& p_;
  std::vector<std::string> names_[2];
  bool done_[2] = {false, false};
};

void ReportRef(const ir::Pipeline& p, const ir::Ref& r, int task, TaskNames& tasks, PassContext& ctx) {
  if (r.kind != ir::Ref::Kind::Unresolved) return;
  const auto& parts = r.path.parts;
  auto part_span = [&](size_t i) { return i < r.path.spans.size() ? r.path.spans[i] : r.span; };
  const ir::Task* self = task >= 0 ? &p.tasks[task] : nullptr;
  std::string text = r.path.Text();
  switch (r.problem) {
    case ir::Ref::Problem::UnknownParam:
      ctx.sink.Report(part_span(1),
                      diag::UnknownParam{.param = parts[1], .suggestion = DidYouMean(parts[1], Names(p.params))});
      break;
    case ir::Ref::Problem::UnknownTask:
      ctx.sink.Report(
          part_span(1),
          diag::UnknownTaskInRef{
              .task = parts[1], .ref = text, .suggestion = DidYouMean(parts[1], tasks.Of(self && self->is_finally))});
      break;
    case ir::Ref::Problem::UnknownOutput: {
      if (parts[0] == "outputs") {
        ctx.sink.Report(part_span(1), diag::UnknownOwnOutput{
                                          .output = parts[1],
                                          .suggestion = self ? DidYouMean(parts[1], Names(self->impl->outputs)) : ""});
        break;
      }
      const ir::Task& t = p.tasks[r.index];
      std::string known;
      for (const ir::Io& o : t.impl->outputs) known += (known.empty() ? "" : ", ") + Quote(o.name);
      std::string suggestion = DidYouMean(parts[3], Names(t.impl->outputs));
      if (known.empty())
        ctx.sink.Report(part_span(3),
                        diag::OutputOfOutputless{
                            .task = parts[1], .output = parts[3], .suggestion = suggestion, .component = t.impl->name});
      else
        ctx.sink.Report(part_span(3), diag::UnknownTaskOutput{.task = parts[1],
                                                              .output = parts[3],
                                                              .suggestion = suggestion,
                                                              .component = t.impl->name,
                                                              .outputs = known});
      break;
    }
    case ir::Ref::Problem::UnknownInput:
      ctx.sink.Report(part_span(1),
                      diag::UnknownOwnInput{.input = parts[1],
                                            .suggestion = self ? DidYouMean(parts[1], Names(self->impl->inputs)) : ""});
      break;
    case ir::Ref::Problem::ItemOutsideLoop:
      ctx.sink.Report(r.span, diag::ItemOutsideForeach{.ref = text});
      break;
    case ir::Ref::Problem::UnknownItemKey:
      ctx.sink.Report(r.span, diag::UnknownItemKey{.ref = text});
      break;
    case ir::Ref::Problem::FinallyTask:
      if (self && self->is_finally)
        ctx.sink.Report(part_span(1), diag::FinallyReadsMain{.task = self->name, .ref = text});
      else
        ctx.sink.Report(part_span(1), diag::MainReadsFinally{.ref = text, .task = parts[1]});
      break;
    case ir::Ref::Problem::OutOfScope: {
      std::string_view where = r.context.empty() ? std::string_view("here") : std::string_view(r.context);
      if (parts[0] == "inputs" || parts[0] == "outputs")
        ctx.sink.Report(r.span, diag::ContainerRefOutOfScope{.ref = text, .where = where});
      else if (parts[0] == "pipeline")
        ctx.sink.Report(r.span, diag::StatusOutsideFinally{.ref = text});
      else if (parts[0] == "item")
        ctx.sink.Report(r.span, diag::ItemOutOfScope{.ref = text, .where = where});
      else
        ctx.sink.Report(r.span, diag::ComponentRefOutOfScope{.ref = text, .where = where});
      break;
    }
    case ir::Ref::Problem::UnknownRoot:
      ctx.sink.Report(part_span(0), diag::UnknownReferenceRoot{
                                        .ref = text,
                                        .suggestion = DidYouMean(parts[0], {"params", "tasks", "inputs", "outputs",
                                                                            "item", "pipeline", "executor_input"})});
      break;
    case ir::Ref::Problem::BadShape: {
      std::string form = parts[0] == "tasks"            ? "tasks.TASK.outputs.NAME"
                         : parts[0] == "pipeline"       ? "pipeline.name, pipeline.run_id or pipeline.status"
                         : parts[0] == "executor_input" ? "executor_input"
                         : parts[0] == "inputs" || parts[0] == "outputs"
                             ? parts[0] + ".NAME, or " + parts[0] + ".NAME.uri for an artifact's URI"
                             : parts[0] + ".NAME";
      ctx.sink.Report(r.span, diag::MalformedReference{.ref = text, .form = form});
      break;
    }
    case ir::Ref::Problem::None:
      break;
  }
}

// run_if: {failed: [...]}: each name a task of the same DAG, listed once, not the task
// itself, not also in `after` (which waits for success), and none whose outputs the task
// reads: a task that failed has not written them.
void CheckFailed(const ir::Pipeline& p, int i, const std::vector<const ir::Ref*>& refs, TaskNames& tasks,
                 PassContext& ctx) {
  const ir::Task& t = p.tasks[i];
  for (size_t f = 0; f < t.failed.size(); ++f) {
    const Spanned<int>& at = t.failed[f];
    const std::string& name = t.failed_names[f].value;
    if (at.value < 0) {
      ctx.sink.Report(at.span,
                      diag::UnknownFailedTask{.task = name, .suggestion = DidYouMean(name, tasks.Of(t.is_finally))});
      continue;
    }
    const ir::Task& up = p.tasks[at.value];
    if (at.value == i) {
      ctx.sink.Report(at.span, diag::FailedSelf{.task = t.name});
      continue;
    }
    bool repeated = false;
    for (size_t g = 0; g < f; ++g) repeated = repeated || t.failed[g].value == at.value;
    if (repeated) {
      ctx.sink.Report(at.span, diag::FailedTwice{.task = name});
      continue;
    }
    if (up.is_finally != t.is_finally) {
      // The two are in different DAGs: a finally task lists a main one, or the reverse.
      if (t.is_finally)
        ctx.sink.Report(at.span, diag::FinallyFailedMainTask{.task = up.name});
      else
        ctx.sink.Report(at.span, diag::MainFailedFinallyTask{.task = up.name});
      continue;
    }
    for (const auto& a : t.after)
      if (a.value == at.value) ctx.sink.Report(at.span, diag::AfterAndFailed{.task = name});
    for (const ir::Ref* r : refs)
      if (r->kind == ir::Ref::Kind::TaskOutput && r->index == at.value)
        ctx.sink.Report(r->span, diag::ReadsFailedTask{.task = t.name, .failed = name, .ref = r->path.Text()});
  }
}

}  // namespace

void CheckReferences(const ir::Pipeline& p, PassContext& ctx) {
  std::vector<std::string> components;
  for (const auto& c : p.component_names) components.push_back(c.value);
  TaskNames tasks(p);
  for (size_t i = 0; i < p.tasks.size(); ++i) {
    const ir::Task& t = p.tasks[i];
    using Runs = ir::Task::Runs;
    if (t.runs == Runs::Nothing) {
      ctx.sink.Report(t.span, diag::NothingToRun{.task = t.name});
    } else if (t.runs != Runs::One) {
      ctx.sink.Report(t.span, diag::CombinedImplementations{.task = t.name,
                                                            .what = t.runs == Runs::ComponentAndPipeline
                                                                        ? "`component` and `pipeline`"
                                                                    : t.runs == Runs::ComponentAndInline
                                                                        ? "`component` with an inline container"
                                                                        : "`pipeline` with an inline container"});
    } else if (t.component_missing) {
      // The task's component is the name as written, at `component:`.
      ctx.sink.Report(t.component_span, diag::UnknownComponent{.component = t.impl->name,
                                                               .suggestion = DidYouMean(t.impl->name, components)});
    }
    if (t.engine != ir::Engine::Target && !t.names_pipeline)
      ctx.sink.Report(t.engine_span, diag::EngineNotPipelineTask{});
    for (size_t a = 0; a < t.after.size(); ++a) {
      if (t.after[a].value >= 0) {
        const ir::Task& up = p.tasks[t.after[a].value];
        if (up.is_finally != t.is_finally)
          ctx.sink.Report(t.after[a].span,
                          diag::AfterOtherDag{.task = up.name, .which = up.is_finally ? "a finally" : "a main-DAG"});
        continue;
      }
      const std::string& name = t.after_names[a].value;
      ctx.sink.Report(t.after[a].span,
                      diag::UnknownAfterTask{.task = name, .suggestion = DidYouMean(name, tasks.Of(t.is_finally))});
    }
    std::vector<const ir::Ref*> refs;
    TaskRefs(t, refs);
    for (const ir::Ref* r : refs) ReportRef(p, *r, static_cast<int>(i), tasks, ctx);
    CheckFailed(p, static_cast<int>(i), refs, tasks, ctx);
  }
  for (const ir::Output& o : p.outputs) {
    for (const ir::Value* v : o.Values()) {
      if (v->is_literal) continue;
      for (const auto& piece : v->text.pieces)
        if (piece.ref) ReportRef(p, *piece.ref, -1, tasks, ctx);
    }
  }
  auto check_defaults = [&](const std::vector<ir::Io>& ios) {
    for (const ir::Io& io : ios) {
      if (io.default_value && !io.default_value->is_literal && !io.generated)
        ctx.sink.Report(io.default_value->span, diag::DefaultWithReference{});
    }
  };
  check_defaults(p.params);
  for (const ir::Task& t : p.tasks)
    if (!t.sub) check_defaults(t.impl->inputs);
}

}  // namespace mlpc
