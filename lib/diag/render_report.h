// Machine-readable `mlpc lint` reports: a stable JSON shape, SARIF 2.1.0, and GitHub
// Actions workflow commands. The text format is render_text's.
#pragma once

#include <iosfwd>
#include <memory>
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

// Writes the report for `format` ("json", "sarif" or "github") to `out`, a file at a
// time as the files are linted, so that neither the analyses nor the report are ever
// whole in memory (bench/README.md measures it at 100,000 errors). JSON and SARIF hold
// every diagnostic; GitHub annotations stop after `max_errors` errors (and as many
// warnings) of a file, with a notice saying how many more there were (0: no limit).
class LintReport {
 public:
  LintReport(std::string format, std::ostream& out, size_t max_errors = 0);
  ~LintReport();
  // Writes (or, for SARIF, spools) the part of one file; `f` may go once this returns.
  void Add(const LintFile& f);
  // Writes the rest of the report; once, after the last file.
  void Finish();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// The report of `files` in one call.
void WriteLintReport(const std::string& format, const std::vector<LintFile>& files, std::ostream& out,
                     size_t max_errors = 0);

// How many of a file's diagnostics a capped listing shows: each severity stops after
// `max_errors` (0: no limit), in file order.
struct Shown {
  size_t max_errors = 0;
  size_t errors = 0, warnings = 0;                // shown so far
  size_t hidden_errors = 0, hidden_warnings = 0;  // not shown
  // Whether `d` is shown; counts it either way.
  bool Take(const Diagnostic& d);
  // "99900 more errors and 2 more warnings" when some were not shown, else empty.
  std::string More() const;
};

}  // namespace mlpc
