// Fuzzes the `${{ }}` template and expression parser on its own, where inputs reach
// deep expression shapes faster than through whole specs.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "frontend/expr.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  mlpc::DiagSink sink;
  mlpc::SpanAt at = [](size_t offset, size_t len) {
    return mlpc::SourceSpan{1, 1, static_cast<uint32_t>(offset + 1), static_cast<uint32_t>(len)};
  };
  std::vector<mlpc::Piece> pieces;
  mlpc::ParseTemplate(text, at, sink, pieces);
  return 0;
}
