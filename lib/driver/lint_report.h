// Machine-readable `mlpc lint` reports: a stable JSON shape, SARIF 2.1.0, and GitHub
// Actions workflow commands. The text format is render_text's.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "diag/diagnostic.h"

namespace mlpc {

// One linted file: its diagnostics, sorted, and the sources their spans point into.
struct LintFile {
  std::string path;  // as given on the command line ("-" for stdin)
  const SourceManager* sm = nullptr;
  std::vector<Diagnostic> diagnostics;
};

// Writes the report for `format` ("json", "sarif" or "github") to `out`.
void WriteLintReport(const std::string& format, const std::vector<LintFile>& files, std::ostream& out);

}  // namespace mlpc
