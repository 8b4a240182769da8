// `mlpc explain CODE`: the code's heading, then its explanation as plain text
// (docs/diagnostics/CODE.md).
#include <fmt/format.h>

#include "diag/diagnostic.h"
#include "driver/driver.h"

namespace mlpc {

int Explain(std::string_view id, Streams io) {
  const CodeInfo* c = FindCode(id);
  if (!c) {
    io.err << fmt::format("mlpc: error: unknown diagnostic code `{}`\n", id);
    return 2;
  }
  io.out << fmt::format("{} ({}, {})\n\n", c->id, c->name, c->severity == Severity::Error ? "error" : "warning");
  std::string text = Explanation(c->code);
  io.out << text;
  if (text.empty() || text.back() != '\n') io.out << "\n";
  return 0;
}

}  // namespace mlpc
