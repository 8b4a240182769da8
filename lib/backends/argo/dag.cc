// DAG templates: tasks with `depends`, `when`, arguments and loops; loops with their own
// parallelism get a wrapper DAG (Argo limits parallelism per template); sub-pipelines
// become nested DAG templates.
#include <fmt/format.h>

#include <algorithm>

#include "backends/argo/argo_internal.h"
#include "backends/launch/launch.h"

namespace mlpc::argo {
namespace {

bool CondUsesItem(const ir::Cond& c) {
  if (c.kind == ir::Cond::Kind::Ref && c.ref.kind == ir::Ref::Kind::Item) return true;
  for (const ir::Cond& o : c.operands)
    if (CondUsesItem(o)) return true;
  return false;
}

// A task with run_if: {failed: [...]} needs each listed task Failed (a non-zero exit,
// including after its retries, or its timeout) or Errored (any other failure); for a
// loop, Argo's task group is Failed or Errored when any iteration was.
std::string Depends(const ir::Pipeline& p, const ir::Task& t) {
  std::string s;
  for (int d : t.deps) {
    const std::string& n = p.tasks[d].name;
    std::string term =
        t.Handles(d)  ? fmt::format("({0}.Failed || {0}.Errored)", n)
        : t.all_done ? fmt::format("({0}.Succeeded || {0}.Failed || {0}.Errored || {0}.Skipped || {0}.Omitted)", n)
                     : n;
    s += (s.empty() ? "" : " && ") + term;
  }
  return s;
}

Doc Arguments(const ir::Pipeline& p, const ir::Task& t, const RefStyle& style) {
  Doc params = Doc::array(), artifacts = Doc::array();
  for (const ir::Arg& a : t.args) {
    const ir::Io& in = t.impl->inputs[a.input];
    Doc d = Doc::object();
    d["name"] = in.name;
    if (in.type.IsArtifact()) {
      d["from"] = TextValue(p, a.value.text, style);
      artifacts.push_back(std::move(d));
    } else {
      d["value"] = a.value.is_literal ? ParameterText(a.value.literal) : TextValue(p, a.value.text, style);
      params.push_back(std::move(d));
    }
  }
  if (t.sub && t.engine == ir::Engine::Kfp)
    params.push_back(Doc{{"name", kRunNameInput}, {"value", "{{workflow.name}}-" + t.name}});
  Doc out = Doc::object();
  if (!params.empty()) out["parameters"] = std::move(params);
  if (!artifacts.empty()) out["artifacts"] = std::move(artifacts);
  return out;
}

void AddLoop(Doc& task, const ir::Pipeline& p, const ir::Loop& loop, const RefStyle& style) {
  switch (loop.kind) {
    case ir::Loop::Kind::List: {
      Doc items = Doc::array();
      for (const ir::Value& v : loop.items)
        items.push_back(v.is_literal ? v.literal : Doc(TextValue(p, v.text, style)));
      task["withItems"] = std::move(items);
      break;
    }
    case ir::Loop::Kind::Range:
      task["withSequence"] = Doc{{"count", std::to_string(loop.count)}};
      break;
    case ir::Loop::Kind::Ref: {
      ir::Text t;
      t.pieces.push_back({"", loop.ref});
      task["withParam"] = TextValue(p, t, style);
      break;
    }
  }
}

std::string SubPipelineTemplate(Registry& reg, const ir::Pipeline& sub, const std::vector<std::string>& globals);

// The pipeline outputs each task of `p` produces, as globalName per output of the task
// (the first pipeline output naming it); none below the top level.
std::vector<std::vector<std::string>> GlobalOutputs(const ir::Pipeline& p, bool top) {
  std::vector<std::vector<std::string>> names(p.tasks.size());
  for (size_t i = 0; i < p.tasks.size(); ++i) names[i].resize(p.tasks[i].impl->outputs.size());
  if (!top) return names;
  for (const ir::Output& o : p.outputs) {
    if (!o.one_of.empty() || !o.value.text.IsWholeRef()) continue;  // one_of: OneOfOutput
    const ir::Ref& r = *o.value.text.pieces[0].ref;
    if (r.kind != ir::Ref::Kind::TaskOutput || r.fan_in || r.index < 0 || r.index >= static_cast<int>(names.size()))
      continue;
    std::vector<std::string>& task = names[r.index];
    if (r.output >= 0 && r.output < static_cast<int>(task.size()) && task[r.output].empty()) task[r.output] = o.name;
  }
  return names;
}

// Per task and output, the default of the input an `all_done` task feeds it to: the task
// may fail without writing the output, and Argo then takes `valueFrom.default` (the passes
// checked that every such reader has one default, CheckInputs).
std::vector<std::vector<std::optional<std::string>>> OutputDefaults(const ir::Pipeline& p) {
  std::vector<std::vector<std::optional<std::string>>> out(p.tasks.size());
  for (size_t i = 0; i < p.tasks.size(); ++i) out[i].resize(p.tasks[i].impl->outputs.size());
  for (const ir::Task& t : p.tasks) {
    if (!t.all_done) continue;
    for (const ir::Arg& a : t.args) {
      if (a.value.is_literal || !a.value.text.IsWholeRef()) continue;
      const ir::Ref& r = *a.value.text.pieces[0].ref;
      const ir::Io& in = t.impl->inputs[a.input];
      if (r.kind != ir::Ref::Kind::TaskOutput || !in.default_value || !in.default_value->is_literal) continue;
      if (r.index < 0 || r.index >= static_cast<int>(out.size())) continue;
      if (r.output < 0 || r.output >= static_cast<int>(out[r.index].size())) continue;
      out[r.index][r.output] = ParameterText(in.default_value->literal);
    }
  }
  return out;
}

// A loop with its own parallelism: a DAG template holding only the loop, whose inputs
// carry the upstream outputs the loop reads and whose outputs collect the iterations'.
Doc WrapLoop(Registry& reg, const ir::Pipeline& p, const ir::Task& t, Doc inner, const std::string& callee,
             const RefStyle& outer_style) {
  std::vector<std::pair<int, int>> upstream;  // (task, output)
  std::vector<const ir::Ref*> refs;
  for (const ir::Arg& a : t.args)
    for (const auto& piece : a.value.text.pieces)
      if (piece.ref) refs.push_back(&*piece.ref);
  if (t.loop->kind == ir::Loop::Kind::Ref) refs.push_back(&t.loop->ref);
  std::vector<std::string> wrapped;
  for (const ir::Ref* r : refs) {
    if (r->kind != ir::Ref::Kind::TaskOutput) continue;
    std::pair<int, int> key{r->index, r->output};
    if (std::find(upstream.begin(), upstream.end(), key) == upstream.end()) upstream.push_back(key);
    wrapped.push_back(p.tasks[r->index].name);
  }
  RefStyle inner_style = outer_style;
  inner_style.wrapped_tasks = &wrapped;
  // Re-render the inner task with upstream outputs read from the wrapper's inputs.
  if (inner.contains("arguments")) inner["arguments"] = Arguments(p, t, inner_style);
  inner.erase("withParam");
  if (t.loop->kind == ir::Loop::Kind::Ref) AddLoop(inner, p, *t.loop, inner_style);
  if (t.when && CondUsesItem(*t.when)) inner["when"] = WhenText(p, *t.when, inner_style);
  inner["template"] = callee;

  Doc in_params = Doc::array(), in_artifacts = Doc::array(), pass_params = Doc::array(), pass_artifacts = Doc::array();
  for (const auto& [ti, oi] : upstream) {
    const ir::Task& up = p.tasks[ti];
    const ir::Io& o = up.impl->outputs[oi];
    std::string name = fmt::format("{}-{}", up.name, o.name);
    ir::Ref r;
    r.kind = ir::Ref::Kind::TaskOutput;
    r.index = ti;
    r.output = oi;
    r.fan_in = up.loop.has_value();
    std::string from = RefText(p, r, outer_style);
    if (o.type.IsArtifact()) {
      in_artifacts.push_back(Doc{{"name", name}});
      pass_artifacts.push_back(Doc{{"name", name}, {"from", from}});
    } else {
      in_params.push_back(Doc{{"name", name}});
      pass_params.push_back(Doc{{"name", name}, {"value", from}});
    }
  }
  Doc body = Doc::object();
  Doc inputs = Doc::object();
  if (!in_params.empty()) inputs["parameters"] = in_params;
  if (!in_artifacts.empty()) inputs["artifacts"] = in_artifacts;
  if (!inputs.empty()) body["inputs"] = inputs;
  Doc out_params = Doc::array();
  for (const ir::Io& o : t.impl->outputs) {
    if (o.type.IsArtifact()) continue;
    out_params.push_back(
        Doc{{"name", o.name},
            {"valueFrom", Doc{{"parameter", fmt::format("{{{{tasks.{}.outputs.parameters.{}}}}}", t.name, o.name)}}}});
  }
  if (!out_params.empty()) body["outputs"] = Doc{{"parameters", out_params}};
  body["parallelism"] = t.loop->parallelism->value;
  body["dag"] = Doc{{"tasks", Doc::array({inner})}};
  std::string wrapper = reg.Add({t.name + "-loop"}, std::move(body));

  Doc outer = Doc::object();
  outer["name"] = t.name;
  outer["template"] = wrapper;
  if (!t.deps.empty()) outer["depends"] = Depends(p, t);
  if (t.when && !CondUsesItem(*t.when)) outer["when"] = WhenText(p, *t.when, outer_style);
  Doc args = Doc::object();
  if (!pass_params.empty()) args["parameters"] = pass_params;
  if (!pass_artifacts.empty()) args["artifacts"] = pass_artifacts;
  if (!args.empty()) outer["arguments"] = args;
  return outer;
}

}  // namespace

Doc DagTemplate(Registry& reg, const ir::Pipeline& p, bool finally_tasks, const RefStyle& style) {
  Doc tasks = Doc::array();
  bool top = !style.params_are_inputs;
  std::vector<std::vector<std::string>> all_globals = GlobalOutputs(p, top);
  std::vector<std::vector<std::optional<std::string>>> all_defaults = OutputDefaults(p);
  for (const ir::Task& t : p.tasks) {
    if (t.is_finally != finally_tasks) continue;
    const std::vector<std::string>& globals = all_globals[&t - p.tasks.data()];
    std::string callee = !t.sub ? AddContainerTemplate(reg, p, t, globals, all_defaults[&t - p.tasks.data()])
                         : t.engine == ir::Engine::Kfp ? AddLaunchTemplate(reg, t, globals)
                                                       : SubPipelineTemplate(reg, *t.sub, globals);
    Doc d = Doc::object();
    d["name"] = t.name;
    d["template"] = callee;
    if (!t.deps.empty()) d["depends"] = Depends(p, t);
    if (t.when) d["when"] = WhenText(p, *t.when, style);
    Doc args = Arguments(p, t, style);
    if (!args.empty()) d["arguments"] = std::move(args);
    if (t.loop) AddLoop(d, p, *t.loop, style);
    if (t.loop && t.loop->parallelism) {
      Doc inner = d;
      inner.erase("depends");
      inner.erase("when");
      d = WrapLoop(reg, p, t, std::move(inner), callee, style);
    }
    tasks.push_back(std::move(d));
  }
  return Doc{{"tasks", std::move(tasks)}};
}

namespace {

}  // namespace

// In Argo's expression language (expr), on the DAG template's scope: `tasks['a'].status`
// is the task's phase, `Skipped` when its `when` was false.
Doc OneOfOutput(const ir::Pipeline& p, const ir::Output& o) {
  const bool artifact = o.value.text.pieces[0].ref->type.IsArtifact();
  auto read = [&](const ir::Value& v) {
    const ir::Ref& r = *v.text.pieces[0].ref;
    return fmt::format("tasks['{}'].outputs.{}['{}']", p.tasks[r.index].name, artifact ? "artifacts" : "parameters",
                       p.tasks[r.index].impl->outputs[r.output].name);
  };
  std::string e = read(o.one_of.back());
  for (size_t i = o.one_of.size() - 1; i-- > 0;) {
    const ir::Ref& r = *o.one_of[i].text.pieces[0].ref;
    std::string rest = i + 2 == o.one_of.size() ? e : "(" + e + ")";
    e = fmt::format("tasks['{}'].status == 'Succeeded' ? {} : {}", p.tasks[r.index].name, read(o.one_of[i]), rest);
  }
  if (artifact) return Doc{{"name", o.name}, {"fromExpression", e}};
  return Doc{{"name", o.name}, {"valueFrom", Doc{{"expression", e}}}};
}

namespace {

std::string SubPipelineTemplate(Registry& reg, const ir::Pipeline& sub, const std::vector<std::string>& globals) {
  if (const std::string* have = reg.Named(&sub)) return *have;
  RefStyle style;
  style.params_are_inputs = true;
  style.pipeline_name = sub.name;
  Doc body = Doc::object();
  Doc params = Doc::array();
  for (const ir::Io& param : sub.params) {
    Doc d = Doc{{"name", param.name}};
    if (param.default_value && param.default_value->is_literal) d["default"] = ParameterText(param.default_value->literal);
    params.push_back(std::move(d));
  }
  if (!params.empty()) body["inputs"] = Doc{{"parameters", params}};
  Doc out_params = Doc::array(), out_artifacts = Doc::array();
  for (size_t i = 0; i < sub.outputs.size(); ++i) {
    const ir::Output& o = sub.outputs[i];
    const ir::Ref& r = *o.value.text.pieces[0].ref;
    std::string v = RefText(sub, r, style);
    Doc d = !o.one_of.empty()      ? OneOfOutput(sub, o)
            : r.type.IsArtifact() ? Doc{{"name", o.name}, {"from", v}}
                                  : Doc{{"name", o.name}, {"valueFrom", Doc{{"parameter", v}}}};
    if (i < globals.size() && !globals[i].empty()) d["globalName"] = globals[i];
    (r.type.IsArtifact() ? out_artifacts : out_params).push_back(std::move(d));
  }
  Doc outputs = Doc::object();
  if (!out_params.empty()) outputs["parameters"] = out_params;
  if (!out_artifacts.empty()) outputs["artifacts"] = out_artifacts;
  if (!outputs.empty()) body["outputs"] = outputs;
  std::string name = reg.Reserve(sub.name, Origin::User);
  reg.Name(&sub, name);
  body["dag"] = DagTemplate(reg, sub, false, style);
  reg.Set(name, std::move(body));
  return name;
}

}  // namespace

}  // namespace mlpc::argo
