// Diagnostics: a stable code from the registry, a span, a message, notes and a hint.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "diag/source.h"

namespace mlpc {

enum class Severity { Error, Warning, Note };

enum class Code : uint16_t {
#define X(id, sev, name, hint) id,
#include "diag/codes.def"
#undef X
};

struct CodeInfo {
  Code code;
  std::string_view id;  // "E0302"
  Severity severity;
  std::string_view name;  // "unknown-task"
  std::string_view hint;  // default hint
};

// Every code of the registry, in registry order.
const std::vector<CodeInfo>& AllCodes();
const CodeInfo& Info(Code code);
// Looks up "E0302" (case-insensitive); nullptr when unknown.
const CodeInfo* FindCode(std::string_view id);
// The long text of a code (docs/diagnostics/CODE.md), with an example and the fix, as
// Markdown and as the plain text `mlpc explain` prints; empty when none is written.
std::string_view ExplanationMarkdown(Code code);
std::string Explanation(Code code);

// A message kind (diag/messages.h): one message mlpc reports, with its code, its text's
// template and its hint. DiagKind{} (None): a message written at its reporting site.
enum class DiagKind : uint16_t;

struct Note {
  SourceSpan span;  // may be invalid: a note without a location
  std::string message;
};

struct Diagnostic {
  Code code;
  Severity severity;
  SourceSpan span;
  std::string message;
  std::string hint;  // empty: the registry's default hint
  std::vector<Note> notes;
  // Where in mlpc's sources it was reported: the error tests' coverage counts these.
  const char* site_file = "";
  int site_line = 0;
  DiagKind kind{};  // the registered message kind, for tests; never in an output
};

// "error", "warning" or "note", as every output format writes it.
std::string_view SeverityWord(Severity s);

// User text for a message: kept whole up to `max` bytes, else its start (cut on a
// character boundary) and how long it is. Inputs can hold megabyte-long scalars.
std::string Elide(std::string_view text, size_t max = 80);

// Collects diagnostics of every file of one run. Phases report here instead of throwing.
class DiagSink {
 public:
  // The site defaults to the caller's file and line (GCC's and Clang's builtins, which
  // Clang 14 has and std::source_location there lacks).
  // A message kind of diag/messages.h: its code, and its text and hint from the typed
  // arguments, `Report(span, diag::KfpRetryOnError{.task = t.name})`. Every message is a
  // kind: there is no report of text written at the site.
  template <class Args, DiagKind = Args::kKind>
  Diagnostic& Report(SourceSpan span, const Args& args, const char* site_file = __builtin_FILE(),
                     int site_line = __builtin_LINE()) {
    return Report(Args::kKind, span, args.Text(), args.Hint(), site_file, site_line);
  }
  void Merge(std::vector<Diagnostic> diags);

  size_t ErrorCount() const { return errors_; }
  size_t WarningCount() const { return warnings_; }
  bool HasErrors() const { return errors_ > 0; }
  // Sorted by file, line, column, then code; identical duplicates removed.
  std::vector<Diagnostic> Sorted() const;
  const std::vector<Diagnostic>& All() const { return diags_; }

 private:
  Diagnostic& Report(DiagKind kind, SourceSpan span, std::string message, std::string hint, const char* site_file,
                     int site_line);

  std::vector<Diagnostic> diags_;
  size_t errors_ = 0;
  size_t warnings_ = 0;
};

}  // namespace mlpc
