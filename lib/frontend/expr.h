// `${{ ... }}` templates and the expression language of docs/spec.md: references, literals,
// == != < <= > >=, && || !, parentheses.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "diag/diagnostic.h"

namespace mlpc {

// A dotted reference: `tasks.load.outputs.data` is {"tasks","load","outputs","data"}.
struct RefPath {
  std::vector<std::string> parts;
  std::vector<SourceSpan> spans;  // one per part
  SourceSpan span;                // the whole reference
  std::string Text() const;
};

struct Expr {
  enum class Kind { Ref, Bool, Number, String, Not, And, Or, Eq, Ne, Lt, Le, Gt, Ge };
  Kind kind = Kind::Ref;
  RefPath ref;          // Ref
  bool boolean = false; // Bool
  std::string text;     // Number (as written), String (unquoted)
  std::unique_ptr<Expr> lhs, rhs;  // operands (Not uses lhs)
  SourceSpan span;
};

// A piece of a template string: literal text, or one `${{ expr }}`.
struct Piece {
  std::string text;            // literal text (with `$${{` unescaped)
  std::shared_ptr<Expr> expr;  // set for `${{ }}`
  SourceSpan span;
};

// Maps a byte range of the string to a span (exact columns where the YAML allows).
using SpanAt = std::function<SourceSpan(size_t offset, size_t len)>;

// Splits a string into pieces; problems are reported as E0212. Returns false on error.
bool ParseTemplate(std::string_view s, const SpanAt& at, DiagSink& sink, std::vector<Piece>& out);

}  // namespace mlpc
