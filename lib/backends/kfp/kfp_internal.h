// Shared by the files of the KFP backend.
//
// Every mlpc task becomes one node of its pipeline's DAG: the task itself, or the outermost
// of the groups that wrap it (`condition-N` for `when`, shared by the tasks with the same
// `when` as ir/cond_groups.h lays them out; `for-loop-N` for `foreach`). The
// whole of `tasks` sits in an `exit-handler-N` group when the pipeline has `finally`. A
// value crossing into a group travels as a `pipelinechannel--NAME` input of the group, and
// an output leaving a group as a `pipelinechannel--TASK-OUTPUT` output of it, as the SDK
// compiles them.
#pragma once

#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <unordered_map>
#include <string>
#include <vector>

#include "backends/serialize.h"
#include "ir/ir.h"

namespace mlpc::kfp {

// Types and names (types.cc).

// The members of a large JSON object while it is built: ordered_json looks keys up
// linearly, a vector of pairs only appends.
using mlpc::Members;
// An object with the members, keys sorted (as the SDK writes every object).
using mlpc::ObjectOf;
std::string ParameterType(const ir::Type& t);       // "NUMBER_INTEGER", ...
Doc ArtifactType(const ir::Type& t);                // {schemaTitle, schemaVersion}
std::string PyJson(const ir::json& v);              // json.dumps spelling: `[1, 2]`, `{"a": 1}`
std::string SdkName(const std::string& s);          // "my_comp" -> "my-comp"
std::string Seconds(int64_t s);                     // proto Duration: "30s"

// One DAG under construction: the root, a sub-pipeline component, or a group.
struct Dag;

struct Node {
  std::string name;
  Doc spec = Doc::object();  // the task, without `inputs` and `dependentTasks`
  ObjectBuilder params, artifacts;  // task inputs: as many as the component has
  std::vector<std::string> deps;
  Dag* group = nullptr;  // the group this node calls
  bool final_status_first = false;  // the exit handler goes first in dependentTasks
};

// Where a task's outputs are read from, seen from one DAG.
struct Located {
  Node* node = nullptr;
  Dag* wrapper = nullptr;  // the group the node calls, when the task is inside it
  int task = -1;
};

struct Dag {
  const ir::Pipeline* p = nullptr;
  std::string component;  // "comp-for-loop-2"; empty for the root
  Dag* parent = nullptr;
  Node* call = nullptr;   // the node of the parent that runs this group
  bool pipeline_level = false;  // root or sub-pipeline: params are its own inputs
  bool is_loop = false;
  std::string item_input;        // a loop's item input
  std::deque<Node> nodes;
  std::map<int, Located> located;  // task index -> where it is seen from here
  std::map<std::string, std::string> passed;  // channel key -> input name (dedup)
  // As many as the pipeline has params and outputs, or the group reads and exposes.
  ObjectBuilder in_params, in_artifacts;
  ObjectBuilder out_params, out_artifacts;
  ObjectBuilder dag_out_params, dag_out_artifacts;

  Node& Add(const std::string& name);
};

// The state of one emission: components, executors, platform configs, group numbers.
struct Emitter {
  const ir::Pipeline* top = nullptr;
  Members components, executors;
  Members platform;  // executor label -> KubernetesExecutorConfig
  std::set<std::string> names;   // component and group names taken (without `comp-`)
  // Names users wrote (tasks, components, sub-pipelines, as KFP spells them): a name
  // mlpc makes up (a group, a numbered component) is never one of them.
  std::set<std::string> user_names;
  std::map<std::string, int> next_suffix;  // per base name, the next `-N` to try
  std::map<const ir::Pipeline*, std::string> sub_components;
  // Container components by what they hold: name, definitions, executor, platform config.
  struct Container {
    std::string base, component;
    Doc definitions;  // inputDefinitions and outputDefinitions
    size_t executor;  // index into executors
    Doc platform;
  };
  std::unordered_map<size_t, std::vector<Container>> container_components;  // by hash
  int group_counter = 0;
  std::deque<Dag> dags;  // every DAG built, with stable addresses

  std::string FreeName(const std::string& base);  // base, base-2, base-3, ...
  // The next `KIND-N` (`condition-3`), numbered as the SDK numbers groups, that names no
  // component and no user's task.
  std::string GroupName(const std::string& kind);
};

// A value source independent of the DAG it is read in.
struct Channel {
  enum class Kind { Param, TaskOutput, Item } kind = Kind::Param;
  int index = -1, output = -1;
  std::string item;  // Item: the loop's item input name
  bool artifact = false;
  Doc type;          // parameterType string or artifactType object
  std::string Key() const;
  std::string InputName(const ir::Pipeline& p) const;  // "pipelinechannel--..."
};

// What a task's values are read against: its loop's item, the exit handler.
struct Scope {
  std::string item;       // the item input of the enclosing loop
  Doc item_type = "STRING";
  std::string exit_handler;
};

// Channels (channels.cc).
Channel ChannelOf(const ir::Pipeline& p, const ir::Ref& r, const Scope& scope);
std::string Selector(const std::vector<std::string>& keys);  // parseJson(string_value)["k"]
// The task input spec reading `c` in `d`; `producer` is set to the sibling node it reads.
Doc Resolve(Dag& d, const Channel& c, std::string& producer);
// Makes `c` an input of group `g` (its call node reads it in the parent); the input's name.
std::string PassIn(Dag& g, const Channel& c);
// The same for a key of a loop item (`item.a`), through parameterExpressionSelector.
std::string PassInKeys(Dag& g, const Channel& c, const std::vector<std::string>& keys, const std::string& type);
// Makes the output `c` an output of group `w` and of the groups inside it; its key in `w`.
std::string Expose(Dag& w, const Channel& c, bool& list);
// Fills one task's inputs from its args.
void TaskInputs(Dag& d, Node& n, const ir::Task& t, const Scope& scope);

// DAGs (dag.cc).
// Builds the DAG of a pipeline's tasks into `d` (root or sub-pipeline component).
void BuildPipelineDag(Emitter& e, Dag& d);
// The finished component (or root) document of a DAG, moved out of it: its nodes are
// left empty, freed as the document grows.
Doc FinishDag(Dag& d);

// Conditions (cel.cc): `when` in CEL over the inputs of the group task `g` calls.
std::string CelCondition(Dag& g, const ir::Cond& c, const Scope& scope);
bool CondUsesItem(const ir::Cond& c);

// Components and executors (executor.cc).
std::string AddContainerComponent(Emitter& e, const ir::Pipeline& p, const ir::Task& t);
std::string AddSubPipelineComponent(Emitter& e, const ir::Pipeline& sub);
Doc IoDefinitions(const std::vector<ir::Io>& ios, bool inputs, const ir::Task* t);
Doc PlatformConfig(const ir::Pipeline& top, const ir::Task& t);  // platform.cc

}  // namespace mlpc::kfp
