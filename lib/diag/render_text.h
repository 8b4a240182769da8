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
// "2 errors, 1 warning" (empty when there is nothing to count).
std::string RenderSummary(size_t errors, size_t warnings);

}  // namespace mlpc
