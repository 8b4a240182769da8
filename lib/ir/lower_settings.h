// Settings precedence for Lower: task over component over defaults. Maps (env, labels,
// annotations, node_selector, resources) merge key by key; lists replace; scalars override.
#pragma once

#include <vector>

#include "frontend/ast.h"
#include "ir/ir.h"

namespace mlpc::lower {

struct Merged {
  ir::Settings settings;
  std::optional<Spanned<std::string>> image;
  std::vector<const ast::EnvVar*> env;  // in first-seen order, last writer wins
};

Merged MergeSettings(const std::vector<const ast::Settings*>& layers);

}  // namespace mlpc::lower
