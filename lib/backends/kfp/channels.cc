// Values crossing DAG boundaries: a value read inside a group arrives as a
// `pipelinechannel--NAME` input of the group; an output read outside its group leaves as
// a `pipelinechannel--TASK-OUTPUT` output of every group around its task.
#include <fmt/format.h>

#include <algorithm>

#include "backends/kfp/kfp_internal.h"

namespace mlpc::kfp {

std::string Channel::Key() const {
  switch (kind) {
    case Kind::Param: return fmt::format("p:{}", index);
    case Kind::TaskOutput: return fmt::format("t:{}:{}", index, output);
    case Kind::Item: return "i:" + item;
  }
  return "";
}

std::string Channel::InputName(const ir::Pipeline& p) const {
  switch (kind) {
    case Kind::Param: return "pipelinechannel--" + p.params[index].name;
    case Kind::TaskOutput:
      return fmt::format("pipelinechannel--{}-{}", p.tasks[index].name, p.tasks[index].impl->outputs[output].name);
    case Kind::Item: return item;
  }
  return "";
}

Channel ChannelOf(const ir::Pipeline& p, const ir::Ref& r, const Scope& scope) {
  Channel c;
  switch (r.kind) {
    case ir::Ref::Kind::Param:
      c.kind = Channel::Kind::Param;
      c.index = r.index;
      c.type = ParameterType(p.params[r.index].type);
      break;
    case ir::Ref::Kind::TaskOutput: {
      c.kind = Channel::Kind::TaskOutput;
      c.index = r.index;
      c.output = r.output;
      const ir::Io& o = p.tasks[r.index].impl->outputs[r.output];
      c.artifact = o.type.IsArtifact();
      c.type = c.artifact ? ArtifactType(o.type) : Doc(r.fan_in ? "LIST" : ParameterType(o.type));
      break;
    }
    default:  // Item
      c.kind = Channel::Kind::Item;
      c.item = scope.item;
      c.type = scope.item_type;
      break;
  }
  return c;
}

std::string Selector(const std::vector<std::string>& keys) {
  std::string s = "parseJson(string_value)";
  for (const std::string& k : keys) s.append("[").append(ir::json(k).dump()).append("]");
  return s;
}

namespace {

void AddDep(Node& n, const std::string& producer) {
  if (!producer.empty() && std::find(n.deps.begin(), n.deps.end(), producer) == n.deps.end())
    n.deps.push_back(producer);
}

}  // namespace

std::string Expose(Dag& w, const Channel& c, bool& list) {
  std::string key = c.InputName(*w.p);
  const Located& at = w.located.at(c.index);
  const std::string& out = w.p->tasks[c.index].impl->outputs[c.output].name;
  bool inner_list = false;
  std::string inner = at.wrapper ? Expose(*at.wrapper, c, inner_list) : out;
  list = inner_list || w.is_loop;
  if (c.artifact) {
    Doc sel = Doc{{"outputArtifactKey", inner}, {"producerSubtask", at.node->name}};
    w.dag_out_artifacts[key] = Doc{{"artifactSelectors", Doc::array({sel})}};
    Doc def = Doc{{"artifactType", c.type}};
    if (list) def["isArtifactList"] = true;
    w.out_artifacts[key] = def;
  } else {
    w.dag_out_params[key] =
        Doc{{"valueFromParameter", Doc{{"outputParameterKey", inner}, {"producerSubtask", at.node->name}}}};
    Doc type = list ? Doc("LIST") : c.type;
    if (c.type == "LIST") type = "LIST";
    w.out_params[key] = Doc{{"parameterType", type}};
  }
  return key;
}

Doc Resolve(Dag& d, const Channel& c, std::string& producer) {
  switch (c.kind) {
    case Channel::Kind::Param:
      if (d.pipeline_level) return Doc{{"componentInputParameter", d.p->params[c.index].name}};
      return Doc{{"componentInputParameter", PassIn(d, c)}};
    case Channel::Kind::TaskOutput: {
      auto it = d.located.find(c.index);
      if (it == d.located.end()) {
        if (!d.parent) return Doc::object();  // not reachable: the passes proved every reference
        std::string name = PassIn(d, c);
        return Doc{{c.artifact ? "componentInputArtifact" : "componentInputParameter", name}};
      }
      const Located& at = it->second;
      bool list = false;
      std::string key = at.wrapper ? Expose(*at.wrapper, c, list) : d.p->tasks[c.index].impl->outputs[c.output].name;
      producer = at.node->name;
      if (c.artifact)
        return Doc{{"taskOutputArtifact", Doc{{"outputArtifactKey", key}, {"producerTask", producer}}}};
      return Doc{{"taskOutputParameter", Doc{{"outputParameterKey", key}, {"producerTask", producer}}}};
    }
    case Channel::Kind::Item:
      if (d.item_input == c.item) return Doc{{"componentInputParameter", c.item}};
      return Doc{{"componentInputParameter", PassIn(d, c)}};
  }
  return Doc::object();
}

std::string PassIn(Dag& g, const Channel& c) {
  auto have = g.passed.find(c.Key());
  if (have != g.passed.end()) return have->second;
  std::string name = c.InputName(*g.p);
  g.passed[c.Key()] = name;
  if (c.artifact) g.in_artifacts[name] = Doc{{"artifactType", c.type}};
  else g.in_params[name] = Doc{{"parameterType", c.type}};
  std::string producer;
  Doc spec = Resolve(*g.parent, c, producer);
  (c.artifact ? g.call->artifacts : g.call->params)[name] = spec;
  AddDep(*g.call, producer);
  return name;
}

std::string PassInKeys(Dag& g, const Channel& c, const std::vector<std::string>& keys, const std::string& type) {
  std::string name = c.InputName(*g.p);
  for (const std::string& k : keys) name += "-subvar-" + k;
  std::string key = c.Key() + ":" + name;
  auto have = g.passed.find(key);
  if (have != g.passed.end()) return have->second;
  g.passed[key] = name;
  g.in_params[name] = Doc{{"parameterType", type}};
  std::string producer;
  Doc spec = Resolve(*g.parent, c, producer);
  spec["parameterExpressionSelector"] = Selector(keys);
  g.call->params[name] = spec;
  AddDep(*g.call, producer);
  return name;
}

// A text with references, given to an input: the SDK's f-string form, a constant with
// placeholders over extra `pipelinechannel--` inputs of the task.
static Doc EmbeddedText(Dag& d, Node& n, const ir::Text& text, const Scope& scope) {
  std::string s;
  for (const auto& piece : text.pieces) {
    if (!piece.ref) {
      s += piece.text;
      continue;
    }
    const ir::Ref& r = *piece.ref;
    if (r.kind == ir::Ref::Kind::PipelineName) { s += "{{$.pipeline_job_name}}"; continue; }
    if (r.kind == ir::Ref::Kind::RunId) { s += "{{$.pipeline_job_uuid}}"; continue; }
    Channel c = ChannelOf(*d.p, r, scope);
    std::string name = c.InputName(*d.p);
    for (const std::string& k : r.keys) name += "-subvar-" + k;
    std::string producer;
    Doc spec = Resolve(d, c, producer);
    if (!r.keys.empty()) spec["parameterExpressionSelector"] = Selector(r.keys);
    n.params[name] = spec;
    AddDep(n, producer);
    s += "{{$.inputs.parameters['" + name + "']}}";
  }
  return Doc{{"runtimeValue", Doc{{"constant", s}}}};
}

void TaskInputs(Dag& d, Node& n, const ir::Task& t, const Scope& scope) {
  for (const ir::Arg& a : t.args) {
    const ir::Io& in = t.impl->inputs[a.input];
    if (a.value.is_literal) {
      n.params[in.name] = Doc{{"runtimeValue", Doc{{"constant", a.value.literal}}}};
      continue;
    }
    if (!a.value.text.IsWholeRef()) {
      n.params[in.name] = EmbeddedText(d, n, a.value.text, scope);
      continue;
    }
    const ir::Ref& r = *a.value.text.pieces[0].ref;
    if (r.kind == ir::Ref::Kind::PipelineStatus) {
      n.params[in.name] = Doc{{"taskFinalStatus", Doc{{"producerTask", scope.exit_handler}}}};
      n.final_status_first = true;
      continue;
    }
    if (r.kind == ir::Ref::Kind::PipelineName || r.kind == ir::Ref::Kind::RunId) {
      n.params[in.name] = EmbeddedText(d, n, a.value.text, scope);
      continue;
    }
    Channel c = ChannelOf(*d.p, r, scope);
    std::string producer;
    Doc spec = Resolve(d, c, producer);
    if (c.kind == Channel::Kind::Item && !r.keys.empty()) spec["parameterExpressionSelector"] = Selector(r.keys);
    (c.artifact ? n.artifacts : n.params)[in.name] = spec;
    AddDep(n, producer);
  }
}

}  // namespace mlpc::kfp
