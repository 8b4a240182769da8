// Shared by the files of the Argo backend.
#pragma once

#include <set>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "backends/names.h"
#include "backends/serialize.h"
#include "ir/ir.h"

namespace mlpc::argo {

inline constexpr const char* kInputsDir = "/mlpc/inputs";
inline constexpr const char* kOutputsDir = "/mlpc/outputs";
inline constexpr const char* kOutputsVolume = "mlpc-outputs";

// Whose name a template is asked for under: a user's (a component, a sub-pipeline) or
// one mlpc makes up (`main`, `exit-handler`, `TASK-loop`, `launch-*`, numbered names).
enum class Origin { User, Generated };

// Templates in emission order; identical bodies share one template.
class Registry {
 public:
  // A user's name: no generated name takes it, even before the user's template is added.
  void Protect(const std::string& name) { protected_.insert(name); }
  // Reserves a name that a later Set fills (the entrypoint comes first in the output).
  std::string Reserve(const std::string& name, Origin origin = Origin::Generated);
  void Set(const std::string& name, Doc body);
  // Adds `body` (without its name) under the first free name of `names`, or returns the
  // name of an identical template already added. With Origin::User, the first of
  // `names` is the user's own; the others and every numbered name are generated.
  std::string Add(const std::vector<std::string>& names, Doc body, Origin origin = Origin::Generated);
  // The templates as Argo lists them; the registry is left empty.
  Doc TakeList();
  // Templates made for an object (a sub-pipeline), so it is emitted once.
  const std::string* Named(const void* key) const;
  void Name(const void* key, const std::string& name) { named_[key] = name; }

 private:
  struct FamilyHash {
    size_t operator()(const std::pair<std::string, size_t>& k) const {
      return std::hash<std::string>{}(k.first) ^ (k.second * 0x9e3779b97f4a7c15ULL);
    }
  };
  std::string Free(const std::vector<std::string>& names, Origin origin);
  std::vector<std::pair<std::string, Doc>> templates_;
  std::set<std::string> names_;
  std::set<std::string> protected_;
  // (a name the template was asked for or given, hash of the body) -> templates
  std::unordered_map<std::pair<std::string, size_t>, std::vector<size_t>, FamilyHash> by_family_;
  std::unordered_map<std::string, int> next_number_;  // family -> the number Free tries first
  std::unordered_map<const void*, std::string> named_;
  std::unordered_map<std::string, size_t> reserved_;  // reserved name -> template
};

// How a reference reads where it stands.
struct RefStyle {
  bool params_are_inputs = false;  // in a sub-pipeline DAG, params are the template's inputs
  // In a loop wrapper, task outputs arrive as the wrapper's inputs.
  const std::vector<std::string>* wrapped_tasks = nullptr;
  std::string pipeline_name;
  const ir::Component* impl = nullptr;  // for inputs./outputs. inside a container
};

std::string RefText(const ir::Pipeline& p, const ir::Ref& r, const RefStyle& style);
std::string TextValue(const ir::Pipeline& p, const ir::Text& t, const RefStyle& style);
std::string WhenText(const ir::Pipeline& p, const ir::Cond& c, const RefStyle& style);
std::string GoDuration(int64_t seconds);    // 90 -> "1m30s"
std::string DnsName(const std::string& s);  // a DNS-1123 label made from s

Doc RetryStrategy(const ir::Retry& retry);
Doc PodMetadata(const ir::Settings& s);  // the task's labels and annotations

// The template of an `engine: kfp` sub-pipeline task: a step that runs it as a KFP run.
std::string AddLaunchTemplate(Registry& reg, const ir::Task& t, const std::vector<std::string>& global_outputs);
// The container template of a task, named by the registry.
// `defaults`: per output, the value an `all_done` reader falls back to when the task
// fails without writing it (OutputDefaults in dag.cc); empty when none does.
std::string AddContainerTemplate(Registry& reg, const ir::Pipeline& p, const ir::Task& t,
                                 const std::vector<std::string>& global_outputs,
                                 const std::vector<std::optional<std::string>>& defaults);
// A `one_of` output of a DAG template: `valueFrom.expression` (a parameter) or
// `fromExpression` (an artifact) taking the first alternative whose task Succeeded.
Doc OneOfOutput(const ir::Pipeline& p, const ir::Output& o);
// A DAG template for the tasks of `p` selected by `finally_tasks`.
Doc DagTemplate(Registry& reg, const ir::Pipeline& p, bool finally_tasks, const RefStyle& style);

}  // namespace mlpc::argo
