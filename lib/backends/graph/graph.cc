#include "backends/graph/graph.h"

namespace mlpc {

std::string EmitGraph(const ir::Pipeline& p, const std::string& format) {
  (void)p;
  (void)format;
  return "";
}

}  // namespace mlpc
