#include <ostream>

#include "driver/driver.h"

namespace mlpc {

int PrintSchema(Streams io) {
  io.err << "mlpc: error: schema is not implemented\n";
  return 2;
}

}  // namespace mlpc
