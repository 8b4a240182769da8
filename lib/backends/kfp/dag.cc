// The DAG of a pipeline: one node per task (the task, or the outermost of its
// `condition-N` / `for-loop-N` groups), the exit handler around `tasks` when there is a
// `finally`, dependencies, loops and pipeline outputs. Tasks with the same `when` share
// one condition group, nested where one `when` extends another (ir/cond_groups.h). Built
// in two passes: first every node is placed (so a task may read a task written after
// it), then inputs are filled.
#include <fmt/format.h>

#include <algorithm>

#include "backends/kfp/kfp_internal.h"
#include "ir/cond_groups.h"

namespace mlpc::kfp {
namespace {

struct Placed {
  Dag* home = nullptr;            // the pipeline-level DAG (or exit handler) holding `outer`
  Node* outer = nullptr;
  Node* task = nullptr;
  Dag* inner = nullptr;           // the DAG holding `task`
  std::vector<Dag*> groups;       // the task's own groups, outermost first
  std::vector<char> kinds;        // 'L' loop, 'C' condition, per group
  std::vector<std::string> item_ids;  // raw loops: the item's number
  std::vector<int> shared;        // the shared condition groups around it, outermost first
  std::vector<Node*> path;        // the node standing for the task at each level, from `home` down
};

// The shared condition groups of one pipeline, made when their first task is placed.
struct SharedGroups {
  ir::CondGroups layout;
  std::vector<Dag*> dags;
  std::vector<bool> rendered;
  std::vector<ir::Cond> conds;  // each group's own conjuncts as one condition
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

Dag& SharedDag(Emitter& e, SharedGroups& sg, Dag& home, int g) {
  if (sg.dags[g]) return *sg.dags[g];
  int parent = sg.layout.groups[g].parent;
  Dag& outer = parent >= 0 ? SharedDag(e, sg, home, parent) : home;
  Dag& d = NewGroup(e, outer, e.GroupName("condition"));
  sg.dags[g] = &d;
  return d;
}

Placed Place(Emitter& e, Dag& home, int ti, SharedGroups& sg) {
  const ir::Task& t = home.p->tasks[ti];
  Placed pl;
  pl.home = &home;
  for (int g = sg.layout.of_task[ti]; g >= 0; g = sg.layout.groups[g].parent) pl.shared.insert(pl.shared.begin(), g);
  if (!pl.shared.empty()) pl.kinds = t.loop ? std::vector<char>{'L'} : std::vector<char>{};
  else if (t.loop && t.when) pl.kinds = CondUsesItem(*t.when) ? std::vector<char>{'L', 'C'} : std::vector<char>{'C', 'L'};
  else if (t.loop) pl.kinds = {'L'};
  else if (t.when) pl.kinds = {'C'};
  Dag* cur = &home;
  // Every level the task is seen from, and the node it is seen as there.
  std::vector<std::pair<Dag*, Node*>> levels;
  for (int g : pl.shared) {
    Dag& d = SharedDag(e, sg, home, g);
    levels.push_back({cur, d.call});
    cur = &d;
  }
  for (char k : pl.kinds) {
    std::string item_id;
    if (k == 'L' && t.loop->kind != ir::Loop::Kind::Ref) item_id = std::to_string(++e.group_counter);
    pl.item_ids.push_back(item_id);
    Dag& g = NewGroup(e, *cur, e.GroupName(k == 'L' ? "for-loop" : "condition"));
    g.is_loop = k == 'L';
    levels.push_back({cur, g.call});
    pl.groups.push_back(&g);
    cur = &g;
  }
  Node& n = cur->Add(t.name);
  levels.push_back({cur, &n});
  for (size_t i = 0; i < levels.size(); ++i) {
    levels[i].first->located[ti] = Located{levels[i].second, levels[i].second->group, ti};
    pl.path.push_back(levels[i].second);
  }
  pl.outer = levels.front().second;
  pl.task = &n;
  pl.inner = cur;
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
  if (t.loop->kind != ir::Loop::Kind::Ref && ir::ItemType(*t.loop, {}, type)) return ParameterType(type);
  return ItemHasKeys(t) ? "STRUCT" : "STRING";
}

bool TaskChannelNamed(const ir::Pipeline& p, const std::string& name) {
  for (const ir::Task& t : p.tasks)
    for (const ir::Io& o : t.impl->outputs)
      if (name == fmt::format("pipelinechannel--{}-{}", t.name, o.name)) return true;
  return false;
}

void FillLoop(Dag& g, const ir::Task& t, const std::string& item_id, Scope& scope) {
  const ir::Loop& loop = *t.loop;
  Node& n = *g.call;
  Doc iterator = Doc::object();
  if (loop.kind == ir::Loop::Kind::Ref) {
    Channel c = ChannelOf(*g.p, loop.ref, scope);
    c.type = "LIST";
    std::string list = PassIn(g, c);
    // The SDK's name, unless it spells a task output's channel (`tasks.X-loop.outputs.item`).
    g.item_input = list + "-loop-item";
    for (int k = 2; TaskChannelNamed(*g.p, g.item_input); ++k) g.item_input = fmt::format("{}-loop-item-{}", list, k);
    iterator["items"] = Doc{{"inputParameter", list}};
  } else {
    Doc items = Doc::array();
    if (loop.kind == ir::Loop::Kind::Range)
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
  // Caching is opt-in (docs/spec.md, section 10): `{}` leaves it off, as the SDK writes a disabled cache.
  spec["cachingOptions"] = t.settings->cache && t.settings->cache->enabled ? Doc{{"enableCache", true}} : Doc::object();
  if (t.settings->retry && t.settings->retry->limit > 0) {
    const ir::Retry& r = *t.settings->retry;
    Doc rp = Doc{{"maxRetryCount", r.limit}};
    if (r.delay_s) rp["backoffDuration"] = Seconds(*r.delay_s);
    if (r.factor) rp["backoffFactor"] = *r.factor;
    if (r.max_delay_s) rp["backoffMaxDuration"] = Seconds(*r.max_delay_s);
    spec["retryPolicy"] = std::move(rp);
  }
  return spec;
}

void AddDep(Node& n, const std::string& name) {
  if (std::find(n.deps.begin(), n.deps.end(), name) == n.deps.end()) n.deps.push_back(name);
}

void Fill(Emitter& e, const std::vector<Placed>& placed, SharedGroups& sg, int ti, Scope scope) {
  const Placed& pl = placed[ti];
  const ir::Pipeline& p = *pl.home->p;
  const ir::Task& t = p.tasks[ti];
  for (int g : pl.shared) {
    if (sg.rendered[g]) continue;
    sg.rendered[g] = true;
    sg.dags[g]->call->spec["triggerPolicy"]["condition"] = CelCondition(*sg.dags[g], sg.conds[g], scope);
  }
  for (size_t i = 0; i < pl.groups.size(); ++i) {
    Dag& g = *pl.groups[i];
    if (pl.kinds[i] == 'L') FillLoop(g, t, pl.item_ids[i], scope);
    else g.call->spec["triggerPolicy"]["condition"] = CelCondition(g, *t.when, scope);
  }
  Node& n = *pl.task;
  Doc spec = TaskSpec(e, p, t);
  for (auto& [k, v] : spec.items()) n.spec[k] = v;
  TaskInputs(*pl.inner, n, t, scope);
  // Ordering (`after` and data) holds between the nodes of the innermost DAG that holds
  // both tasks: the pipeline's, or a condition group they share.
  Node& outer = *pl.outer;
  for (int d : t.deps) {
    const Placed& other = placed[d];
    if (other.home == pl.home && d != ti) {
      size_t i = 0;
      while (i + 1 < pl.path.size() && i + 1 < other.path.size() && pl.path[i] == other.path[i]) ++i;
      if (pl.path[i] != other.path[i]) AddDep(*pl.path[i], other.path[i]->name);
      continue;
    }
    auto it = pl.home->located.find(d);
    if (it == pl.home->located.end()) continue;
    AddDep(outer, it->second.node->name);
  }
  if (t.all_done || t.is_finally) outer.spec["triggerPolicy"]["strategy"] = "ALL_UPSTREAM_TASKS_COMPLETED";
  if (t.is_finally) {
    outer.deps.erase(std::remove(outer.deps.begin(), outer.deps.end(), scope.exit_handler), outer.deps.end());
    outer.deps.insert(outer.deps.begin(), scope.exit_handler);
    outer.final_status_first = true;
  }
}

// Output `name` of DAG `w`, under `key`, selecting from `alts` (one task output, or the
// alternatives of a `one_of`): one selector per node of `w` holding alternatives.
// Alternatives that share a node (a condition group around both) are chosen one level
// down, as that group's output `pipelinechannel--one-of--NAME`.
void SelectOutput(Dag& w, const std::vector<Channel>& alts, const std::string& name, const std::string& key) {
  std::vector<std::pair<Node*, std::vector<Channel>>> by_node;  // in the order of `one_of`
  for (const Channel& c : alts) {
    Node* node = w.located.at(c.index).node;
    auto it = std::find_if(by_node.begin(), by_node.end(), [&](const auto& b) { return b.first == node; });
    if (it == by_node.end()) by_node.push_back({node, {c}});
    else it->second.push_back(c);
  }
  const Channel& first = alts.front();
  Doc selectors = Doc::array();
  bool list = false;  // collected by a loop group around the one task output
  for (const auto& [node, cs] : by_node) {
    const Located& at = w.located.at(cs.front().index);
    std::string inner;
    if (cs.size() > 1 && at.wrapper) {
      inner = "pipelinechannel--one-of--" + name;
      SelectOutput(*at.wrapper, cs, name, inner);
    } else {
      inner = at.wrapper ? Expose(*at.wrapper, cs.front(), list)
                         : w.p->tasks[cs.front().index].impl->outputs[cs.front().output].name;
    }
    selectors.push_back(first.artifact ? Doc{{"outputArtifactKey", inner}, {"producerSubtask", node->name}}
                                       : Doc{{"outputParameterKey", inner}, {"producerSubtask", node->name}});
  }
  if (first.artifact) {
    w.dag_out_artifacts[key] = Doc{{"artifactSelectors", std::move(selectors)}};
    w.out_artifacts[key] = Doc{{"artifactType", first.type}};
  } else {
    w.dag_out_params[key] = selectors.size() == 1 ? Doc{{"valueFromParameter", selectors[0]}}
                                                  : Doc{{"valueFromOneof", Doc{{"parameterSelectors", selectors}}}};
    w.out_params[key] = Doc{{"parameterType", list ? Doc("LIST") : first.type}};
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
    scope.exit_handler = e.GroupName("exit-handler");
    main = &NewGroup(e, d, scope.exit_handler);
  }
  SharedGroups sg;
  sg.layout = ir::GroupConditions(p);
  size_t groups = sg.layout.groups.size();
  sg.dags.assign(groups, nullptr);
  sg.rendered.assign(groups, false);
  for (const ir::CondGroup& g : sg.layout.groups) {
    ir::Cond c = *g.own.front();
    for (size_t i = 1; i < g.own.size(); ++i) {
      ir::Cond both;
      both.kind = ir::Cond::Kind::And;
      both.operands = {std::move(c), *g.own[i]};
      c = std::move(both);
    }
    sg.conds.push_back(std::move(c));
  }
  std::vector<Placed> placed;
  for (size_t i = 0; i < p.tasks.size(); ++i) {
    int ti = static_cast<int>(i);
    placed.push_back(Place(e, p.tasks[i].is_finally ? d : *main, ti, sg));
    if (has_finally && !p.tasks[i].is_finally) d.located[ti] = Located{main->call, main, ti};
  }
  for (size_t i = 0; i < p.tasks.size(); ++i) Fill(e, placed, sg, static_cast<int>(i), scope);

  for (const ir::Output& o : p.outputs) {
    std::vector<Channel> alts;
    for (const ir::Value* v : o.Values()) alts.push_back(ChannelOf(p, *v->text.pieces[0].ref, scope));
    SelectOutput(d, alts, o.name, o.name);
  }
}

Doc FinishDag(Dag& d) {
  Members tasks;
  for (Node& n : d.nodes) {
    Doc t = std::move(n.spec);
    Doc inputs = Doc::object();
    if (!n.params.empty()) inputs["parameters"] = n.params.TakeDoc();
    if (!n.artifacts.empty()) inputs["artifacts"] = n.artifacts.TakeDoc();
    if (!inputs.empty()) t["inputs"] = std::move(inputs);
    if (!n.deps.empty()) {
      std::vector<std::string> deps = std::move(n.deps);
      // The exit handler stays first: KFP reads the final status from the first upstream.
      auto from = deps.begin() + (n.final_status_first ? 1 : 0);
      std::sort(from, deps.end());
      t["dependentTasks"] = deps;
    }
    tasks.emplace_back(n.name, std::move(t));
  }
  d.nodes.clear();  // no other DAG reads them now (kfp.cc finishes the DAGs last)
  Doc dag = Doc{{"tasks", ObjectOf(std::move(tasks))}};
  Doc outs = Doc::object();
  if (!d.dag_out_params.empty()) outs["parameters"] = d.dag_out_params.TakeDoc();
  if (!d.dag_out_artifacts.empty()) outs["artifacts"] = d.dag_out_artifacts.TakeDoc();
  if (!outs.empty()) dag["outputs"] = std::move(outs);
  Doc c = Doc{{"dag", std::move(dag)}};
  Doc in = Doc::object(), out = Doc::object();
  if (!d.in_params.empty()) in["parameters"] = d.in_params.TakeDoc();
  if (!d.in_artifacts.empty()) in["artifacts"] = d.in_artifacts.TakeDoc();
  if (!d.out_params.empty()) out["parameters"] = d.out_params.TakeDoc();
  if (!d.out_artifacts.empty()) out["artifacts"] = d.out_artifacts.TakeDoc();
  if (!in.empty()) c["inputDefinitions"] = std::move(in);
  if (!out.empty()) c["outputDefinitions"] = std::move(out);
  return c;
}

}  // namespace mlpc::kfp
