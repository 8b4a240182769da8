// The pipeline's DAG as a picture: Mermaid (for Markdown) or Graphviz DOT.
#pragma once

#include <string>

#include "ir/ir.h"

namespace mlpc {

// `format` is "mermaid" or "dot".
std::string EmitGraph(const ir::Pipeline& p, const std::string& format);

}  // namespace mlpc
