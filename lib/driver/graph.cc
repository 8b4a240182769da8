#include <ostream>

#include "driver/driver.h"

namespace mlpc {

int Graph(const GraphOptions& opts, Streams io) {
  (void)opts;
  io.err << "mlpc: error: graph is not implemented\n";
  return 2;
}

}  // namespace mlpc
