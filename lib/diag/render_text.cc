#include "diag/render_text.h"

#include <fmt/format.h>

namespace mlpc {
namespace {

struct Palette {
  std::string_view bold, red, yellow, cyan, green, reset;
};

Palette MakePalette(bool color) {
  if (!color) return {};
  return {"\033[1m", "\033[1;31m", "\033[1;35m", "\033[1;36m", "\033[1;32m", "\033[0m"};
}

std::string Location(const SourceManager& sm, const SourceSpan& span) {
  if (!span.Valid()) return sm.Path(span.file).empty() ? "mlpc" : Printable(sm.Path(span.file));
  return fmt::format("{}:{}:{}", Printable(sm.Path(span.file)), span.line, sm.DisplayColumn(span));
}

bool Continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// The escape for the character at `s[i]`, or "" when it is shown as it is; `len` is set to
// its bytes (1 for a byte of invalid UTF-8, which the readers refused already).
std::string Escape(std::string_view s, size_t i, size_t& len, bool keep_tab) {
  auto byte = [&](size_t k) { return k < s.size() ? static_cast<unsigned char>(s[k]) : 0u; };
  unsigned char c = byte(i);
  len = 1;
  if (c == '\t') return keep_tab ? "" : "\\t";
  if (c == '\n') return "\\n";
  if (c == '\r') return "\\r";
  if (c < 0x20 || c == 0x7f) return fmt::format("\\x{:02x}", c);
  if (c == 0xc2 && byte(i + 1) >= 0x80 && byte(i + 1) <= 0x9f) {  // U+0080..U+009F
    len = 2;
    return fmt::format("\\u{{{:x}}}", byte(i + 1));
  }
  if ((c == 0xe2 || c == 0xef) && i + 2 < s.size()) {
    unsigned cp = ((c & 0x0fu) << 12) | ((byte(i + 1) & 0x3fu) << 6) | (byte(i + 2) & 0x3fu);
    // Invisible or reordering: zero-width spaces and joiners, direction marks, the line
    // and paragraph separators, embeddings, overrides and isolates, the BOM.
    if ((cp >= 0x200b && cp <= 0x200f) || (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x2069) ||
        cp == 0xfeff) {
      len = 3;
      return fmt::format("\\u{{{:x}}}", cp);
    }
  }
  return "";
}

// The columns `line[from, to)` takes once escaped, as spaces (tabs kept, so that a caret
// lines up under tabs).
std::string Blank(std::string_view line, size_t from, size_t to) {
  std::string out;
  for (size_t i = from, len = 1; i < to; i += len) {
    std::string e = Escape(line, i, len, true);
    if (!e.empty())
      out.append(e.size(), ' ');
    else if (line[i] == '\t')
      out += '\t';
    else if (!Continuation(line[i]))
      out += ' ';
  }
  return out;
}

// The source line and a caret line under the span. Tabs in the prefix are kept so the
// caret lines up; a very long line is cut to a window around the span.
void AppendSnippet(std::string& out, const SourceManager& sm, const SourceSpan& span, const Palette& p) {
  constexpr size_t kWindow = 100;
  if (!span.Valid()) return;
  std::string_view line = sm.Line(span.file, span.line);
  if (line.empty()) return;
  size_t start = span.col - 1 < line.size() ? span.col - 1 : line.size();
  size_t end = std::min(line.size(), start + std::max<size_t>(span.len, 1));
  size_t from = 0, to = line.size();
  std::string lead, trail;
  if (line.size() > kWindow) {
    from = start > kWindow / 2 ? start - kWindow / 2 : 0;
    // The window shows a long span's start; the underline stops where the window does.
    to = std::min(line.size(), std::max(std::min(end, from + 2 * kWindow), from + kWindow));
    while (from > 0 && Continuation(line[from])) --from;
    while (to < line.size() && Continuation(line[to])) ++to;
    if (from > 0) lead = "...";
    if (to < line.size()) trail = "...";
  }
  std::string num = std::to_string(span.line);
  std::string gutter(num.size(), ' ');
  out += fmt::format(" {} | {}{}{}\n", num, lead, Printable(line.substr(from, to - from), true), trail);
  std::string prefix = std::string(lead.size(), ' ') + Blank(line, from, start);
  size_t chars = Blank(line, start, std::max(start, std::min(end, to))).size();
  std::string marks = std::string(1, '^').append(chars > 1 ? chars - 1 : 0, '~');
  out += fmt::format(" {} | {}{}{}{}\n", gutter, prefix, p.green, marks, p.reset);
}

}  // namespace

std::string Printable(std::string_view s, bool keep_tab) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0, len = 1; i < s.size(); i += len) {
    std::string e = Escape(s, i, len, keep_tab);
    if (e.empty())
      out.append(s, i, len);
    else
      out += e;
  }
  return out;
}

std::string RenderText(const Diagnostic& d, const SourceManager& sm, TextStyle style) {
  Palette p = MakePalette(style.color);
  std::string_view sev_color = d.severity == Severity::Error ? p.red : p.yellow;
  std::string out = fmt::format("{}{}:{} {}{}:{} {}{}{} [{}]\n", p.bold, Location(sm, d.span), p.reset, sev_color,
                                SeverityWord(d.severity), p.reset, p.bold, Printable(d.message), p.reset, Info(d.code).id);
  AppendSnippet(out, sm, d.span, p);
  for (const Note& n : d.notes) {
    if (n.span.Valid())
      out += fmt::format("{}: {}note:{} {}\n", Location(sm, n.span), p.cyan, p.reset, Printable(n.message));
    else
      out += fmt::format("  {}note:{} {}\n", p.cyan, p.reset, Printable(n.message));
    if (n.span.Valid() && n.span.file == d.span.file && n.span.line != d.span.line) AppendSnippet(out, sm, n.span, p);
  }
  std::string_view hint = d.hint.empty() ? Info(d.code).hint : std::string_view(d.hint);
  if (!hint.empty()) out += fmt::format("  {}hint:{} {}\n", p.cyan, p.reset, Printable(hint));
  return out;
}

std::string RenderSummary(size_t errors, size_t warnings) {
  auto plural = [](size_t n, std::string_view word) { return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s"); };
  if (errors && warnings) return plural(errors, "error") + ", " + plural(warnings, "warning");
  if (errors) return plural(errors, "error");
  if (warnings) return plural(warnings, "warning");
  return {};
}

}  // namespace mlpc
