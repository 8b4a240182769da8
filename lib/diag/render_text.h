// Compiler-style text rendering: `file:line:col: error: message [E0302]`, the source line,
// a caret under the span, the notes and the hint.
#pragma once

#include <string>

#include "diag/diagnostic.h"

namespace mlpc {

struct TextStyle {
  bool color = false;
};

std::string RenderText(const Diagnostic& d, const SourceManager& sm, TextStyle style = {});
// `s` with every character that a terminal or a CI log would act on written as an escape
// instead: C0 and C1 controls and DEL (`\n`, `\t`, `\r`, `\x1b`, `\u{9b}`), and the
// invisible and reordering characters: zero-width spaces and joiners, direction marks,
// line and paragraph separators, bidirectional embeddings, overrides and isolates, the
// BOM (`\u{200b}`, `\u{2028}`, `\u{202e}`). A message quotes the spec, and a spec may come
// from anyone who can open a pull request: a line break, an escape sequence or a
// reordering must not forge output. Tabs are kept when `keep_tab` (source lines).
std::string Printable(std::string_view s, bool keep_tab = false);
// "2 errors, 1 warning" (empty when there is nothing to count).
std::string RenderSummary(size_t errors, size_t warnings);

}  // namespace mlpc
