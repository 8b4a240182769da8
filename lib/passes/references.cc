// References: unknown params, tasks, outputs, inputs and components, references out of
// their scope, and tasks without an implementation. Each with a suggestion.
#include <fmt/format.h>

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
      ctx.sink.Report(Code::E0301, part_span(1),
                      fmt::format("unknown param `{}`{}", parts[1], DidYouMean(parts[1], Names(p.params))));
      break;
    case ir::Ref::Problem::UnknownTask:
      ctx.sink.Report(Code::E0302, part_span(1),
                      fmt::format("unknown task `{}` in `{}`{}", parts[1], text,
                                  DidYouMean(parts[1], tasks.Of(self && self->is_finally))));
      break;
    case ir::Ref::Problem::UnknownOutput: {
      if (parts[0] == "outputs") {
        ctx.sink.Report(Code::E0303, part_span(1),
                        fmt::format("`{}` is not an output of this component{}", parts[1],
                                    self ? DidYouMean(parts[1], Names(self->impl->outputs)) : ""));
        break;
      }
      const ir::Task& t = p.tasks[r.index];
      std::string known;
      for (const ir::Io& o : t.impl->outputs) known += (known.empty() ? "" : ", ") + Quote(o.name);
      std::string suggestion = DidYouMean(parts[3], Names(t.impl->outputs));
      ctx.sink.Report(Code::E0303, part_span(3),
                      fmt::format("task `{}` has no output `{}`{}", parts[1], parts[3], suggestion),
                      known.empty() ? fmt::format("`{}` declares no outputs", t.impl->name)
                                    : fmt::format("the outputs of `{}` are {}", t.impl->name, known));
      break;
    }
    case ir::Ref::Problem::UnknownInput:
      ctx.sink.Report(Code::E0305, part_span(1),
                      fmt::format("`{}` is not an input of this component{}", parts[1],
                                  self ? DidYouMean(parts[1], Names(self->impl->inputs)) : ""));
      break;
    case ir::Ref::Problem::ItemOutsideLoop:
      ctx.sink.Report(Code::E0308, r.span, fmt::format("`{}` is used in a task without `foreach`", text));
      break;
    case ir::Ref::Problem::UnknownItemKey:
      ctx.sink.Report(Code::E0314, r.span, fmt::format("not every element of the `foreach` list has `{}`", text));
      break;
    case ir::Ref::Problem::FinallyTask:
      ctx.sink.Report(Code::E0312, part_span(1),
                      self && self->is_finally
                          ? fmt::format("finally task `{}` reads `{}`, an output of the main DAG", self->name, text)
                          : fmt::format("`{}` reads an output of finally task `{}`", text, parts[1]));
      break;
    case ir::Ref::Problem::OutOfScope: {
      std::string why;
      if (parts[0] == "inputs" || parts[0] == "outputs")
        why = "`inputs.` and `outputs.` name a container's own values: use them in `command`, `args`, `script` or `env`";
      else if (parts[0] == "pipeline")
        why = "`pipeline.status` is known only to `finally` tasks";
      else if (parts[0] == "item")
        why = "`item` is the element of this task's own `foreach`, for `with`, `when` and the container";
      else
        why = "a reusable component reads only its `inputs.`; pass the value through `with`";
      std::string msg = parts[0] == "pipeline"
                            ? fmt::format("`{}` is known only to `finally` tasks", text)
                            : fmt::format("`{}` cannot be used in {}", text, r.context.empty() ? "here" : r.context);
      ctx.sink.Report(Code::E0309, r.span, msg, why);
      break;
    }
    case ir::Ref::Problem::UnknownRoot:
      ctx.sink.Report(Code::E0311, part_span(0),
                      fmt::format("unknown reference `{}`{}", text,
                                  DidYouMean(parts[0], {"params", "tasks", "inputs", "outputs", "item", "pipeline", "executor_input"})));
      break;
    case ir::Ref::Problem::BadShape: {
      std::string form = parts[0] == "tasks"      ? "tasks.TASK.outputs.NAME"
                         : parts[0] == "pipeline" ? "pipeline.name, pipeline.run_id or pipeline.status"
                         : parts[0] == "executor_input" ? "executor_input"
                         : parts[0] == "inputs" || parts[0] == "outputs"
                             ? parts[0] + ".NAME, or " + parts[0] + ".NAME.uri for an artifact's URI"
                             : parts[0] + ".NAME";
      ctx.sink.Report(Code::E0311, r.span, fmt::format("malformed reference `{}`; write `{}`", text, form));
      break;
    }
    case ir::Ref::Problem::None: break;
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
      ctx.sink.Report(Code::E0302, at.span,
                      fmt::format("unknown task `{}` in `run_if.failed`{}", name, DidYouMean(name, tasks.Of(t.is_finally))));
      continue;
    }
    const ir::Task& up = p.tasks[at.value];
    if (at.value == i) {
      ctx.sink.Report(Code::E0307, at.span, fmt::format("task `{}` cannot run when it itself failed", t.name),
                      "list the tasks whose failure this task handles");
      continue;
    }
    bool repeated = false;
    for (size_t g = 0; g < f; ++g) repeated = repeated || t.failed[g].value == at.value;
    if (repeated) {
      ctx.sink.Report(Code::E0215, at.span, fmt::format("`{}` is listed twice in `run_if.failed`", name),
                      "list each task once");
      continue;
    }
    if (up.is_finally != t.is_finally) {
      ctx.sink.Report(Code::E0312, at.span,
                      fmt::format("`{}` in `run_if.failed` is {} task", up.name, up.is_finally ? "a finally" : "a main-DAG"),
                      t.is_finally ? "a finally task runs after the whole main DAG, whatever the outcome: test "
                                     "`${{ pipeline.status }}` (`Failed` when a task failed) instead"
                                   : "finally tasks run after the whole main DAG; a main task cannot wait for them");
      continue;
    }
    for (const auto& a : t.after)
      if (a.value == at.value)
        ctx.sink.Report(Code::E0210, at.span, fmt::format("`{}` is in both `after` and `run_if.failed`", name),
                        fmt::format("`after` waits for `{}` to succeed; keep it in `run_if.failed` only", name));
    for (const ir::Ref* r : refs)
      if (r->kind == ir::Ref::Kind::TaskOutput && r->index == at.value)
        ctx.sink.Report(Code::E0309, r->span,
                        fmt::format("task `{}` runs only when `{}` failed, so it cannot read `{}`", t.name, name,
                                    r->path.Text()),
                        "a task that failed has not written its outputs; pass what the handler needs through "
                        "params, or outputs of tasks that succeeded");
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
      ctx.sink.Report(Code::E0216, t.span, fmt::format("task `{}` has nothing to run", t.name));
    } else if (t.runs != Runs::One) {
      ctx.sink.Report(Code::E0210, t.span,
                      fmt::format("task `{}` combines {}", t.name,
                                  t.runs == Runs::ComponentAndPipeline ? "`component` and `pipeline`"
                                  : t.runs == Runs::ComponentAndInline ? "`component` with an inline container"
                                                                       : "`pipeline` with an inline container"));
    } else if (t.component_missing) {
      // The task's component is the name as written, at `component:`.
      ctx.sink.Report(Code::E0304, t.component_span,
                      fmt::format("unknown component `{}`{}", t.impl->name, DidYouMean(t.impl->name, components)));
    }
    if (t.engine != ir::Engine::Target && !t.names_pipeline)
      ctx.sink.Report(Code::E0210, t.engine_span, "`engine` applies to `pipeline:` tasks only");
    for (size_t a = 0; a < t.after.size(); ++a) {
      if (t.after[a].value >= 0) {
        const ir::Task& up = p.tasks[t.after[a].value];
        if (up.is_finally != t.is_finally)
          ctx.sink.Report(Code::E0312, t.after[a].span,
                          fmt::format("`{}` in `after` is {} task", up.name, up.is_finally ? "a finally" : "a main-DAG"),
                          "finally tasks run after the whole main DAG; order them only among themselves");
        continue;
      }
      const std::string& name = t.after_names[a].value;
      ctx.sink.Report(Code::E0302, t.after[a].span,
                      fmt::format("unknown task `{}` in `after`{}", name, DidYouMean(name, tasks.Of(t.is_finally))));
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
        ctx.sink.Report(Code::E0309, io.default_value->span, "a default cannot hold a `${{ }}` reference",
                        "write a literal default, or `$${{` for a literal `${{`");
    }
  };
  check_defaults(p.params);
  for (const ir::Task& t : p.tasks)
    if (!t.sub) check_defaults(t.impl->inputs);
}

}  // namespace mlpc
