// Settings for Lower: the front end's settings and sections as IR values, and their
// precedence, task over component over defaults. Maps (env, labels, annotations,
// node_selector, resources) merge key by key; lists replace; scalars override.
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

// One settings block, unmerged, with its spans.
ir::WrittenSettings LowerWritten(const ast::Settings& s);

ir::Tracking LowerTracking(const ast::Tracking& t);
ir::Schedule LowerSchedule(const ast::Schedule& s);
ir::Trigger LowerTrigger(const ast::Trigger& t);
ir::ArgoSection LowerArgo(const ast::ArgoSection& a);
ir::KfpSection LowerKfp(const ast::KfpSection& k);

}  // namespace mlpc::lower
