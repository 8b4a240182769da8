#include <ostream>

#include "driver/driver.h"
#include "schema_source.h"

namespace mlpc {

int PrintSchema(Streams io) {
  io.out << kPipelineSchema;
  return 0;
}

}  // namespace mlpc
