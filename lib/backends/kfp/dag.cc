// The DAG of a pipeline: one node per task (the task, or the outermost of its
// `condition-N` / `for-loop-N` groups), the exit handler around `tasks` when there is a
// `finally`, dependencies, loops and pipeline outputs. Built in two passes: first every
// node is placed (so a task may read a task written after it), then inputs are filled.
#include <fmt/format.h>

#include <algorithm>

#include "backends/kfp/kfp_internal.h"

namespace mlpc::kfp {
namespace {

struct Placed {
  Dag* home = nullptr;            // the pipeline-level DAG (or exit handler) holding `outer`
  Node* outer = nullptr;
  Node* task = nullptr;
  Dag* inner = nullptr;           // the DAG holding `task`
  std::vector<Dag*> groups;       // outermost first
  std::vector<char> kinds;        // 'L' loop, 'C' condition, per group
  std::vector<std::string> item_ids;  // raw loops: the item's number
};

Dag& NewGroup(Emitter& e, Dag& parent, const std::string& name) {
  Node& n = parent.Add(name);
  e.dags.emplace_back();
  Dag& g = e.dags.back();
  g.p = parent.p;
  g.component = "comp-" + name;
  g.parent = &parent;
  g.call = &n;
  n.group = &g;
  n.spec["componentRef"] = Doc{{"name", g.component}};
  n.spec["taskInfo"] = Doc{{"name", name}};
  return g;
}

Placed Place(Emitter& e, Dag& home, int ti) {
  const ir::Task& t = home.p->tasks[ti];
  Placed pl;
  pl.home = &home;
  if (t.loop && t.when) pl.kinds = CondUsesItem(*t.when) ? std::vector<char>{'L', 'C'} : std::vector<char>{'C', 'L'};
  else if (t.loop) pl.kinds = {'L'};
  else if (t.when) pl.kinds = {'C'};
  Dag* cur = &home;
  for (char k : pl.kinds) {
    std::string item_id;
    if (k == 'L' && t.loop->kind != ast::Foreach::Kind::Ref) item_id = std::to_string(++e.group_counter);
    pl.item_ids.push_back(item_id);
    std::string name = fmt::format("{}-{}", k == 'L' ? "for-loop" : "condition", ++e.group_counter);
    Dag& g = NewGroup(e, *cur, name);
    g.is_loop = k == 'L';
    if (cur == &home) pl.outer = g.call;
    else cur->located[ti] = Located{g.call, &g, ti};
    pl.groups.push_back(&g);
    cur = &g;
  }
  Node& n = cur->Add(t.name);
  if (cur == &home) pl.outer = &n;
  else cur->located[ti] = Located{&n, nullptr, ti};
  pl.task = &n;
  pl.inner = cur;
  home.located[ti] = Located{pl.outer, pl.groups.empty() ? nullptr : pl.groups.front(), ti};
  return pl;
}

bool ItemHasKeys(const ir::Task& t) {
  std::vector<const ir::Ref*> refs;
  ir::TaskRefs(t, refs);
  for (const ir::Ref* r : refs)
    if (r->kind == ir::Ref::Kind::Item && !r->keys.empty()) return true;
  return false;
}

Doc ItemType(const ir::Task& t) {
  // A range or a literal list has a known element type; a list param or output does not.
  ir::Type type;
  if (t.loop->kind != ast::Foreach::Kind::Ref && ir::ItemType(*t.loop, {}, type)) return ParameterType(type);
  return ItemHasKeys(t) ? "STRUCT" : "STRING";
}

void FillLoop(Dag& g, const ir::Task& t, const std::string& item_id, Scope& scope) {
  const ir::Loop& loop = *t.loop;
  Node& n = *g.call;
  Doc iterator = Doc::object();
  if (loop.kind == ast::Foreach::Kind::Ref) {
    Channel c = ChannelOf(*g.p, loop.ref, scope);
    c.type = "LIST";
    std::string list = PassIn(g, c);
    g.item_input = list + "-loop-item";
    iterator["items"] = Doc{{"inputParameter", list}};
  } else {
    Doc items = Doc::array();
    if (loop.kind == ast::Foreach::Kind::Range)
      for (int64_t i = 0; i < loop.count; ++i) items.push_back(i);
    else
      for (const ir::Value& v : loop.items) items.push_back(v.literal);
    g.item_input = "pipelinechannel--loop-item-param-" + item_id;
    iterator["items"] = Doc{{"raw", PyJson(items)}};
  }
  iterator["itemInput"] = g.item_input;
  n.spec["parameterIterator"] = iterator;
  if (loop.parallelism) n.spec["iteratorPolicy"] = Doc{{"parallelismLimit", loop.parallelism->value}};
  scope.item = g.item_input;
  scope.item_type = ItemType(t);
  g.in_params[g.item_input] = Doc{{"parameterType", scope.item_type}};
}

Doc TaskSpec(Emitter& e, const ir::Pipeline& p, const ir::Task& t) {
  Doc spec = Doc::object();
  spec["componentRef"] = Doc{{"name", t.sub ? AddSubPipelineComponent(e, *t.sub) : AddContainerComponent(e, p, t)}};
  spec["taskInfo"] = Doc{{"name", t.name}};
  // Caching is opt-in (SPEC.md): `{}` leaves it off, as the SDK writes a disabled cache.
  spec["cachingOptions"] = t.settings.cache && t.settings.cache->enabled ? Doc{{"enableCache", true}} : Doc::object();
  if (t.settings.retry && t.settings.retry->limit > 0) {
    const ast::Retry& r = *t.settings.retry;
    Doc rp = Doc{{"maxRetryCount", r.limit}};
    if (r.delay_s) rp["backoffDuration"] = Seconds(*r.delay_s);
    if (r.factor) rp["backoffFactor"] = *r.factor;
    if (r.max_delay_s) rp["backoffMaxDuration"] = Seconds(*r.max_delay_s);
    spec["retryPolicy"] = std::move(rp);
  }
  return spec;
}

void Fill(Emitter& e, const Placed& pl, int ti, Scope scope) {
  const ir::Pipeline& p = *pl.home->p;
  const ir::Task& t = p.tasks[ti];
  for (size_t i = 0; i < pl.groups.size(); ++i) {
    Dag& g = *pl.groups[i];
    if (pl.kinds[i] == 'L') FillLoop(g, t, pl.item_ids[i], scope);
    else g.call->spec["triggerPolicy"]["condition"] = CelCondition(g, *t.when, scope);
  }
  Node& n = *pl.task;
  Doc spec = TaskSpec(e, p, t);
  for (auto& [k, v] : spec.items()) n.spec[k] = v;
  TaskInputs(*pl.inner, n, t, scope);
  // Ordering (`after` and data) holds between the nodes of the pipeline's DAG.
  Node& outer = *pl.outer;
  for (int d : t.deps) {
    auto it = pl.home->located.find(d);
    if (it == pl.home->located.end()) continue;
    const std::string& name = it->second.node->name;
    if (std::find(outer.deps.begin(), outer.deps.end(), name) == outer.deps.end()) outer.deps.push_back(name);
  }
  if (t.all_done || t.is_finally) outer.spec["triggerPolicy"]["strategy"] = "ALL_UPSTREAM_TASKS_COMPLETED";
  if (t.is_finally) {
    outer.deps.erase(std::remove(outer.deps.begin(), outer.deps.end(), scope.exit_handler), outer.deps.end());
    outer.deps.insert(outer.deps.begin(), scope.exit_handler);
    outer.final_status_first = true;
  }
}

}  // namespace

void BuildPipelineDag(Emitter& e, Dag& d) {
  const ir::Pipeline& p = *d.p;
  d.pipeline_level = true;
  for (const ir::Io& param : p.params) {
    Doc def = Doc{{"parameterType", ParameterType(param.type)}};
    if (param.default_value && param.default_value->is_literal) def["defaultValue"] = param.default_value->literal;
    if (param.default_value || param.optional) def["isOptional"] = true;
    if (!param.description.empty()) def["description"] = param.description;
    d.in_params[param.name] = std::move(def);
  }
  bool has_finally = false;
  for (const ir::Task& t : p.tasks) has_finally = has_finally || t.is_finally;
  Scope scope;
  Dag* main = &d;
  if (has_finally) {
    scope.exit_handler = fmt::format("exit-handler-{}", ++e.group_counter);
    main = &NewGroup(e, d, scope.exit_handler);
  }
  std::vector<Placed> placed;
  for (size_t i = 0; i < p.tasks.size(); ++i) {
    int ti = static_cast<int>(i);
    placed.push_back(Place(e, p.tasks[i].is_finally ? d : *main, ti));
    if (has_finally && !p.tasks[i].is_finally) d.located[ti] = Located{main->call, main, ti};
  }
  for (size_t i = 0; i < p.tasks.size(); ++i) Fill(e, placed[i], static_cast<int>(i), scope);

  for (const ir::Output& o : p.outputs) {
    const ir::Ref& r = *o.value.text.pieces[0].ref;
    Channel c = ChannelOf(p, r, scope);
    const Located& at = d.located.at(c.index);
    bool list = false;
    std::string key = at.wrapper ? Expose(*at.wrapper, c, list) : p.tasks[c.index].impl.outputs[c.output].name;
    if (c.artifact) {
      Doc sel = Doc{{"outputArtifactKey", key}, {"producerSubtask", at.node->name}};
      d.dag_out_artifacts[o.name] = Doc{{"artifactSelectors", Doc::array({sel})}};
      d.out_artifacts[o.name] = Doc{{"artifactType", c.type}};
    } else {
      d.dag_out_params[o.name] =
          Doc{{"valueFromParameter", Doc{{"outputParameterKey", key}, {"producerSubtask", at.node->name}}}};
      d.out_params[o.name] = Doc{{"parameterType", list ? Doc("LIST") : c.type}};
    }
  }
}

Doc FinishDag(const Dag& d) {
  Members tasks;
  for (const Node& n : d.nodes) {
    Doc t = n.spec;
    Doc inputs = Doc::object();
    if (!n.params.empty()) inputs["parameters"] = n.params.ToDoc();
    if (!n.artifacts.empty()) inputs["artifacts"] = n.artifacts.ToDoc();
    if (!inputs.empty()) t["inputs"] = std::move(inputs);
    if (!n.deps.empty()) {
      std::vector<std::string> deps = n.deps;
      // The exit handler stays first: KFP reads the final status from the first upstream.
      auto from = deps.begin() + (n.final_status_first ? 1 : 0);
      std::sort(from, deps.end());
      t["dependentTasks"] = deps;
    }
    tasks.emplace_back(n.name, std::move(t));
  }
  Doc dag = Doc{{"tasks", ObjectOf(std::move(tasks))}};
  Doc outs = Doc::object();
  if (!d.dag_out_params.empty()) outs["parameters"] = d.dag_out_params.ToDoc();
  if (!d.dag_out_artifacts.empty()) outs["artifacts"] = d.dag_out_artifacts.ToDoc();
  if (!outs.empty()) dag["outputs"] = std::move(outs);
  Doc c = Doc{{"dag", std::move(dag)}};
  Doc in = Doc::object(), out = Doc::object();
  if (!d.in_params.empty()) in["parameters"] = d.in_params.ToDoc();
  if (!d.in_artifacts.empty()) in["artifacts"] = d.in_artifacts.ToDoc();
  if (!d.out_params.empty()) out["parameters"] = d.out_params.ToDoc();
  if (!d.out_artifacts.empty()) out["artifacts"] = d.out_artifacts.ToDoc();
  if (!in.empty()) c["inputDefinitions"] = std::move(in);
  if (!out.empty()) c["outputDefinitions"] = std::move(out);
  return c;
}

}  // namespace mlpc::kfp
