#include "diag/diagnostic.h"

#include "diag/messages.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <tuple>

namespace mlpc {

const std::vector<CodeInfo>& AllCodes() {
  static const std::vector<CodeInfo> kCodes = {
#define X(id, sev, name, hint) {Code::id, #id, Severity::sev, name, hint},
#include "diag/codes.def"
#undef X
  };
  return kCodes;
}

const CodeInfo& Info(Code code) { return AllCodes()[static_cast<size_t>(code)]; }

const CodeInfo* FindCode(std::string_view id) {
  for (const CodeInfo& c : AllCodes()) {
    if (c.id.size() != id.size()) continue;
    bool same = true;
    for (size_t i = 0; i < id.size() && same; ++i) same = std::toupper(static_cast<unsigned char>(id[i])) == c.id[i];
    if (same) return &c;
  }
  return nullptr;
}

std::string_view SeverityWord(Severity s) {
  switch (s) {
    case Severity::Error:
      return "error";
    case Severity::Warning:
      return "warning";
    case Severity::Note:
      return "note";
  }
  return "error";
}

std::string Elide(std::string_view text, size_t max) {
  if (text.size() <= max) return std::string(text);
  size_t cut = max - 20;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // a UTF-8 continuation
  return fmt::format("{}… ({} bytes)", text.substr(0, cut), text.size());
}

namespace {

// Messages quote user text in backticks: each quoted piece is elided on its own.
std::string ElideQuoted(std::string message) {
  if (message.size() <= 200) return message;
  std::string out;
  size_t pos = 0;
  while (pos < message.size()) {
    size_t open = message.find('`', pos);
    size_t close = open == std::string::npos ? std::string::npos : message.find('`', open + 1);
    if (close == std::string::npos) {
      out.append(message, pos, std::string::npos);
      break;
    }
    out.append(message, pos, open + 1 - pos);
    out += Elide(std::string_view(message).substr(open + 1, close - open - 1));
    out += '`';
    pos = close + 1;
  }
  return out.size() <= 1000 ? out : Elide(out, 1000);
}

}  // namespace

Diagnostic& DiagSink::Report(DiagKind kind, SourceSpan span, std::string message, std::string hint,
                             const char* site_file, int site_line) {
  Code code = Info(kind).code;
  message = ElideQuoted(std::move(message));
  Severity sev = Info(code).severity;
  if (sev == Severity::Error) ++errors_;
  if (sev == Severity::Warning) ++warnings_;
  diags_.push_back(Diagnostic{code, sev, span, std::move(message), std::move(hint), {}, site_file, site_line});
  diags_.back().kind = kind;
  return diags_.back();
}

void DiagSink::Merge(std::vector<Diagnostic> diags) {
  for (Diagnostic& d : diags) {
    if (d.severity == Severity::Error) ++errors_;
    if (d.severity == Severity::Warning) ++warnings_;
    diags_.push_back(std::move(d));
  }
}

std::vector<Diagnostic> DiagSink::Sorted() const {
  std::vector<Diagnostic> out = diags_;
  auto key = [](const Diagnostic& d) { return std::tie(d.span.file, d.span.line, d.span.col, d.code, d.message); };
  std::stable_sort(out.begin(), out.end(), [&](const Diagnostic& a, const Diagnostic& b) { return key(a) < key(b); });
  out.erase(
      std::unique(out.begin(), out.end(), [&](const Diagnostic& a, const Diagnostic& b) { return key(a) == key(b); }),
      out.end());
  return out;
}

}  // namespace mlpc
