// Reference resolution for Lower: `${{ params.x }}`, `tasks.t.outputs.o`, `item`,
// `inputs.`/`outputs.`, `pipeline.*`, each checked against where it stands.
#pragma once

#include <string>
#include <unordered_map>

#include "ir/ir.h"

namespace mlpc::lower {

enum class Site {
  With,             // a task's `with` value
  When,             // a task's condition
  Foreach,          // a task's loop list
  Output,           // a pipeline output
  Container,        // command/args/script of a reusable component
  InlineContainer,  // command/args/script of an inline task
  Env,              // env values (any level)
};

struct RefScope {
  const ir::Pipeline& pipeline;
  const std::unordered_map<std::string, int>& task_index;
  const std::unordered_map<std::string, int>& param_index;
  int task = -1;  // the task the reference stands in; -1 for pipeline outputs
  Site site = Site::With;
  const ir::Component* impl = nullptr;  // for inputs./outputs.
};

ir::Ref ResolveRef(const ir::RefPath& path, const RefScope& scope);

}  // namespace mlpc::lower
