// `mlpc graph`: one spec, checked like `mlpc lint`, drawn as Mermaid or DOT.
#include "backends/graph/graph.h"

#include <fmt/format.h>

#include <ostream>

#include "diag/render_text.h"
#include "driver/driver.h"

namespace mlpc {

int Graph(const GraphOptions& opts, Streams io) {
  if (opts.format != "mermaid" && opts.format != "dot") {
    io.err << fmt::format("mlpc: error: unknown graph format `{}`; use mermaid or dot\n", opts.format);
    return 2;
  }
  // The picture is the same for every engine, so only the target-neutral checks run: a
  // pipeline that one engine cannot carry (E05xx) is still drawn.
  auto a = AnalyzeInput(opts.file, io.in, io.err, Target::None, opts.limits);
  if (!a) return 2;
  size_t errors = 0, warnings = 0;
  for (const Diagnostic& d : a->sink.Sorted()) {
    io.err << RenderText(d, a->sm, TextStyle{io.color});
    if (d.severity == Severity::Error) ++errors;
    if (d.severity == Severity::Warning) ++warnings;
  }
  int rc = 0;
  if (!a->pipeline || errors > 0) {
    rc = 1;  // nothing is drawn for a spec with errors
  } else {
    std::string out = EmitGraph(*a->pipeline, opts.format);
    std::string error;
    if (opts.output.empty() || opts.output == "-") {
      io.out << out;
    } else if (!WriteAtomically(opts.output, out, error)) {
      io.err << "mlpc: error: " << error << "\n";
      rc = 2;
    }
  }
  std::string summary = RenderSummary(errors, warnings);
  if (!summary.empty()) io.err << "mlpc: " << summary << "\n";
  return rc;
}

}  // namespace mlpc
