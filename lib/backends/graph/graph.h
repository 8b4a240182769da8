// The pipeline's DAG as a picture: Mermaid (for Markdown) or Graphviz DOT.
#pragma once

#include <string>

#include "ir/ir.h"

namespace mlpc {

// Draws a verified pipeline, the same whatever the engine: every task (name, then its
// component, image or sub-pipeline), data edges labelled with the outputs read, ordering
// edges (`after`), failure edges labelled `failed` (`run_if: {failed: [...]}`), `when`,
// `foreach`, `run_if`, the `finally` tasks in a cluster of their own, sub-pipelines as
// clusters (`engine: kfp` marked as a launched KFP run), and the pipeline's params and
// outputs. `format` is "mermaid" or "dot". Deterministic: everything in spec order.
std::string EmitGraph(const ir::Pipeline& p, const std::string& format);

}  // namespace mlpc
