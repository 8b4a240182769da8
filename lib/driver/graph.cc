// `mlpc graph`: one spec, checked like `mlpc lint`, drawn as Mermaid or DOT.
#include "backends/graph/graph.h"

#include <fmt/format.h>

#include <filesystem>
#include <ostream>

#include "diag/render_text.h"
#include "driver/driver.h"
#include "driver/write_file.h"
#include "frontend/files.h"

namespace mlpc {

int Graph(const GraphOptions& opts, Streams io) {
  if (opts.format != "mermaid" && opts.format != "dot") {
    io.err << fmt::format("mlpc: error: unknown graph format `{}`; use mermaid or dot\n", opts.format);
    return 2;
  }
  bool to_stdout = opts.output.empty() || opts.output == "-";
  if (!to_stdout) {
    std::string why = RefuseOutput(opts.output, {opts.file});
    std::string dir = opts.file == "-" ? "" : std::filesystem::path(opts.file).parent_path().string();
    std::error_code ec;
    std::vector<std::string> roots = {opts.limits.root.empty()
                                          ? FindRoot("")
                                          : std::filesystem::weakly_canonical(opts.limits.root, ec).string()};
    if (opts.limits.root.empty()) roots.push_back(FindRoot(dir));
    if (why.empty()) why = OutputLeavesRoot(opts.output, roots, false);
    if (!why.empty()) {
      io.err << "mlpc: error: " << Printable(why) << "\n";
      return 2;
    }
  }
  // The picture is the same for every engine, so only the target-neutral checks run: a
  // pipeline that one engine cannot carry (E05xx) is still drawn.
  auto a = AnalyzeInput(opts.file, io.in, io.err, Target::None, opts.limits);
  if (!a) return 2;
  std::string out;
  // Nothing is drawn for a spec with errors. The picture grows with the tasks and edges,
  // which the input's size and --max-nodes bound, so its size is checked once drawn.
  if (a->pipeline && !a->sink.HasErrors()) {
    out = EmitGraph(*a->pipeline, opts.format);
    if (out.size() > opts.max_output_size) ReportOutputTooLarge(*a, opts.max_output_size);
  }
  size_t errors = 0, warnings = 0;
  for (const Diagnostic& d : a->sink.Sorted()) {
    io.err << RenderText(d, a->sm, TextStyle{io.color});
    if (d.severity == Severity::Error) ++errors;
    if (d.severity == Severity::Warning) ++warnings;
  }
  int rc = 0;
  if (!a->pipeline || errors > 0) {
    rc = 1;
  } else {
    std::string error;
    if (to_stdout) {
      io.out << out;
    } else if (!WriteAtomically(opts.output, out, error)) {
      io.err << "mlpc: error: " << Printable(error) << "\n";
      rc = 2;
    }
  }
  std::string summary = RenderSummary(errors, warnings);
  if (!summary.empty()) io.err << "mlpc: " << summary << "\n";
  return rc;
}

}  // namespace mlpc
