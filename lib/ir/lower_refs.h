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
  int task = -1;  // the task the reference stands in; -1 for pipeline outputs
  Site site = Site::With;
  const ir::Component* impl = nullptr;  // for inputs./outputs.
};

ir::Ref ResolveRef(const RefPath& path, const RefScope& scope);
// The type of a literal JSON value (string, int, float, bool, list, dict).
ir::Type LiteralType(const ir::json& v);
// The type of `item` (keys empty) or `item.KEY...` in a loop; false when a key is missing.
bool ItemType(const ir::Loop& loop, const std::vector<std::string>& keys, ir::Type& out);

}  // namespace mlpc::lower
