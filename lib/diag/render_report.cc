// The machine-readable `mlpc lint` reports. All three read the same sorted diagnostics and
// show positions as the text format does: 1-based lines, columns in characters. The shapes
// are documented in docs/lint-reports.md; a change there is a change to a public format.
#include "diag/render_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <ostream>
#include <utility>

#include "diag/render_text.h"
#include "support/json.h"

#include "version.h"

namespace mlpc {
namespace {

using Json = mlpc::Json;

// Where a span is, in report units: characters, 1-based, the end one past the last
// character. `line` 0 means no position; an empty `path` means no file.
struct Place {
  std::string path;
  uint32_t line = 0, column = 0, end_line = 0, end_column = 0;
};

std::string DisplayPath(const std::string& path) { return path == "-" ? "<stdin>" : path; }

// A span covers at least one character, as the caret of the text format does, and ends
// at the end of its line.
Place Locate(const SourceManager& sm, const SourceSpan& span, const std::string& fallback) {
  Place p;
  p.path = span.file != 0 ? sm.Path(span.file) : fallback;
  if (!span.Valid()) return p;
  uint32_t line_end = static_cast<uint32_t>(sm.Line(span.file, span.line).size()) + 1;
  uint32_t end = span.col + std::max<uint32_t>(span.len, 1);
  if (end > line_end) end = std::max(line_end, span.col + 1);
  p.line = p.end_line = span.line;
  p.column = sm.DisplayColumn(span);
  p.end_column = sm.DisplayColumn(SourceSpan{span.file, span.line, end, 0});
  return p;
}

std::string Hint(const Diagnostic& d) { return d.hint.empty() ? std::string(Info(d.code).hint) : d.hint; }

// One line for formats without a field for the hint: the message, the hint in parentheses.
std::string MessageWithHint(const Diagnostic& d) {
  std::string hint = Hint(d);
  return hint.empty() ? d.message : fmt::format("{} ({})", d.message, hint);
}

// Messages quote the user's text; invalid UTF-8 there is replaced, never thrown on.
std::string Dump(const Json& j) { return j.dump(2, ' ', false, Json::error_handler_t::replace); }

// `j` as dump(2) writes it `depth` levels down: JSON strings hold no raw line break, so
// every line break is one of the layout's.
std::string Indented(const Json& j, size_t depth) {
  std::string text = Dump(j), out;
  out.reserve(text.size());
  for (char c : text) {
    out += c;
    if (c == '\n') out.append(2 * depth, ' ');
  }
  return out;
}

// Writes what dump(2) writes for a whole document, a member or an element at a time.
class JsonStream {
 public:
  explicit JsonStream(std::ostream& out) : out_(out) {}
  void Open(char bracket) {
    Before();
    out_ << bracket;
    levels_.push_back({bracket == '{' ? '}' : ']', true});
  }
  void Close() {
    Level l = levels_.back();
    levels_.pop_back();
    if (!l.empty) out_ << '\n' << std::string(2 * levels_.size(), ' ');
    out_ << l.close;
  }
  void Key(std::string_view key) {
    Before();
    out_ << Dump(Json(key)) << ": ";
    after_key_ = true;
  }
  void Value(const Json& v) {
    Before();
    out_ << Indented(v, levels_.size());
  }
  void Member(std::string_view key, const Json& v) {
    Key(key);
    Value(v);
  }
  // Elements of the array open here, written elsewhere: each starts with its separator
  // and line break, and is indented for this depth.
  void Elements(std::string_view text) {
    out_ << text;
    if (!text.empty()) levels_.back().empty = false;
  }

 private:
  struct Level {
    char close;
    bool empty;
  };
  void Before() {
    if (std::exchange(after_key_, false) || levels_.empty()) return;
    out_ << (levels_.back().empty ? "\n" : ",\n") << std::string(2 * levels_.size(), ' ');
    levels_.back().empty = false;
  }
  std::ostream& out_;
  std::vector<Level> levels_;
  bool after_key_ = false;
};

// ---- json ----------------------------------------------------------------------------

Json OrNull(uint32_t n) { return n ? Json(n) : Json(nullptr); }

Json JsonDiagnostic(const LintFile& f, const Diagnostic& d) {
  const CodeInfo& info = Info(d.code);
  Place at = Locate(*f.sm, d.span, DisplayPath(f.path));
  Json notes = Json::array();
  for (const Note& n : d.notes) {
    Place np = Locate(*f.sm, n.span, "");
    notes.push_back({{"message", n.message},
                     {"path", np.path.empty() ? Json(nullptr) : Json(np.path)},
                     {"line", OrNull(np.line)},
                     {"column", OrNull(np.column)}});
  }
  return {{"code", std::string(info.id)},
          {"name", std::string(info.name)},
          {"severity", SeverityWord(d.severity)},
          {"message", d.message},
          {"hint", Hint(d)},
          {"path", at.path},
          {"line", OrNull(at.line)},
          {"column", OrNull(at.column)},
          {"end_line", OrNull(at.end_line)},
          {"end_column", OrNull(at.end_column)},
          {"notes", std::move(notes)}};
}

// ---- sarif ---------------------------------------------------------------------------

constexpr std::string_view kSrcRoot = "%SRCROOT%";

// A path as a URI reference: relative paths stay relative (to %SRCROOT%, the directory
// mlpc ran in), absolute ones become file URIs. Everything but unreserved characters and
// `/` is percent-encoded, so spaces, `#`, `%`, a `:` in the first segment and non-ASCII
// names stay one path.
std::string PathUri(const std::string& path, bool& relative) {
  std::filesystem::path p(path);
  relative = p.is_relative();
  std::string s = p.lexically_normal().generic_string();
  std::string out = relative ? "" : "file://";
  for (unsigned char c : s) {
    bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (alnum || c == '-' || c == '.' || c == '_' || c == '~' || c == '/')
      out += static_cast<char>(c);
    else
      out += fmt::format("%{:02X}", c);
  }
  return out;
}

// Where a file is, as SARIF names it. Standard input has no name: it is
// file:///dev/stdin, which names it on Linux and macOS and matches no file of a
// repository.
Json ArtifactLocation(const std::string& path) {
  if (path == "<stdin>") return {{"uri", "file:///dev/stdin"}, {"description", {{"text", "standard input"}}}};
  bool relative = false;
  Json loc = {{"uri", PathUri(path, relative)}};
  if (relative) loc["uriBaseId"] = kSrcRoot;
  return loc;
}

// The files results point into, in order of first mention, each once however its path
// was spelled.
class Artifacts {
 public:
  // The artifact location of `path`, with its index in the list.
  Json Location(const std::string& path, bool input = false) {
    Json loc = ArtifactLocation(path);
    auto it = std::find(locations_.begin(), locations_.end(), loc);
    size_t index = static_cast<size_t>(it - locations_.begin());
    if (it == locations_.end()) {
      locations_.push_back(loc);
      inputs_.push_back(false);
    }
    if (input) inputs_[index] = true;
    loc["index"] = index;
    return loc;
  }
  Json ToJson() const {
    Json out = Json::array();
    for (size_t i = 0; i < locations_.size(); ++i) {
      Json a = {{"location", locations_[i]}};
      if (inputs_[i]) a["roles"] = {"analysisTarget"};
      a["sourceLanguage"] = "yaml";
      out.push_back(std::move(a));
    }
    return out;
  }

 private:
  std::vector<Json> locations_;
  std::vector<bool> inputs_;
};

Json SarifPhysical(Artifacts& artifacts, const Place& at) {
  Json phys = {{"artifactLocation", artifacts.Location(at.path)}};
  if (at.line)
    phys["region"] = {
        {"startLine", at.line}, {"startColumn", at.column}, {"endLine", at.end_line}, {"endColumn", at.end_column}};
  return phys;
}

std::string PascalCase(std::string_view name) {
  std::string out;
  bool upper = true;
  for (char c : name) {
    if (c == '-') {
      upper = true;
      continue;
    }
    out += upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    upper = false;
  }
  return out;
}

std::string_view Category(std::string_view id) {
  if (id[0] == 'W') return "lint";
  switch (id[2]) {
    case '1':
      return "yaml";
    case '2':
      return "spec-shape";
    case '3':
      return "references";
    case '4':
      return "types";
    default:
      return "target-capability";
  }
}

// The rule's help is its explanation (docs/diagnostics/CODE.md): as plain text, and as the
// Markdown without its title; the first paragraph is its full description.
Json SarifRule(const CodeInfo& c) {
  std::string explanation = Explanation(c.code);
  std::string full = explanation.substr(0, explanation.find("\n\n"));
  std::replace(full.begin(), full.end(), '\n', ' ');
  if (full.empty()) full = std::string(c.hint);
  std::string short_text(c.name);
  std::replace(short_text.begin(), short_text.end(), '-', ' ');
  Json help = {{"text", explanation.empty() ? std::string(c.hint) : explanation}};
  std::string_view md = ExplanationMarkdown(c.code);
  if (size_t body = md.find("\n\n"); body != std::string_view::npos) help["markdown"] = std::string(md.substr(body + 2));
  return {{"id", std::string(c.id)},
          {"name", PascalCase(c.name)},
          {"shortDescription", {{"text", short_text}}},
          {"fullDescription", {{"text", full}}},
          {"defaultConfiguration", {{"level", SeverityWord(c.severity)}}},
          {"help", std::move(help)},
          {"properties", {{"tags", {std::string(Category(c.id))}}}}};
}

// The message, then the hint in parentheses, then the notes; a located note is an embedded
// link to its related location, which is how GitHub code scanning shows them.
Json SarifResult(const LintFile& f, const Diagnostic& d, Artifacts& artifacts) {
  const CodeInfo& info = Info(d.code);
  Json location = {{"physicalLocation", SarifPhysical(artifacts, Locate(*f.sm, d.span, DisplayPath(f.path)))}};
  std::string text = MessageWithHint(d);
  Json related = Json::array();
  for (const Note& n : d.notes) {
    Place np = Locate(*f.sm, n.span, "");
    if (np.path.empty() || np.line == 0) {
      text += fmt::format("; note: {}", n.message);
      continue;
    }
    size_t id = related.size() + 1;
    std::string link_text;
    for (char c : n.message) {
      if (c == '[' || c == ']' || c == '\\') link_text += '\\';
      link_text += c;
    }
    text += fmt::format("; note: [{}]({})", link_text, id);
    related.push_back(
        {{"id", id}, {"physicalLocation", SarifPhysical(artifacts, np)}, {"message", {{"text", n.message}}}});
  }
  Json r = {{"ruleId", std::string(info.id)},
            {"level", SeverityWord(d.severity)},
            {"message", {{"text", text}}},
            {"locations", {std::move(location)}}};
  if (!related.empty()) r["relatedLocations"] = std::move(related);
  return r;
}

// ---- github --------------------------------------------------------------------------

// The escaping of the Actions runner: data escapes %, CR and LF; property values also
// escape : and , which separate properties.
std::string EscapeData(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '%')
      out += "%25";
    else if (c == '\r')
      out += "%0D";
    else if (c == '\n')
      out += "%0A";
    else
      out += c;
  }
  return out;
}

std::string EscapeProperty(std::string_view s) {
  std::string out;
  for (char c : EscapeData(s)) {
    if (c == ':')
      out += "%3A";
    else if (c == ',')
      out += "%2C";
    else
      out += c;
  }
  return out;
}

std::string GithubPath(const std::string& path) {
  if (path == "<stdin>") return path;
  return Printable(std::filesystem::path(path).lexically_normal().generic_string());
}

std::string GithubCommand(const LintFile& f, const Diagnostic& d) {
  const CodeInfo& info = Info(d.code);
  std::string_view command = d.severity == Severity::Error     ? "error"
                             : d.severity == Severity::Warning ? "warning"
                                                               : "notice";
  Place at = Locate(*f.sm, d.span, DisplayPath(f.path));
  std::string props = "file=" + EscapeProperty(GithubPath(at.path));
  if (at.line)
    props += fmt::format(",line={},col={},endLine={},endColumn={}", at.line, at.column, at.end_line, at.end_column);
  props += ",title=" + EscapeProperty(fmt::format("{} {}", info.id, info.name));
  // The runner prints the message into the log: control characters are escaped as in
  // text output, before the line breaks that separate the notes are added.
  std::string text = Printable(MessageWithHint(d));
  for (const Note& n : d.notes) {
    Place np = Locate(*f.sm, n.span, "");
    if (np.line)
      text += fmt::format("\nnote: {}:{}:{}: {}", GithubPath(np.path), np.line, np.column, Printable(n.message));
    else
      text += fmt::format("\nnote: {}", Printable(n.message));
  }
  return fmt::format("::{} {}::{}\n", command, props, EscapeData(text));
}


}  // namespace

bool Shown::Take(const Diagnostic& d) {
  bool error = d.severity == Severity::Error;
  size_t& shown = error ? errors : warnings;
  if (max_errors == 0 || shown < max_errors) {
    ++shown;
    return true;
  }
  ++(error ? hidden_errors : hidden_warnings);
  return false;
}

std::string Shown::More() const {
  auto plural = [](size_t n, std::string_view word) { return fmt::format("{} more {}{}", n, word, n == 1 ? "" : "s"); };
  if (hidden_errors && hidden_warnings) return plural(hidden_errors, "error") + " and " + plural(hidden_warnings, "warning");
  if (hidden_errors) return plural(hidden_errors, "error");
  if (hidden_warnings) return plural(hidden_warnings, "warning");
  return {};
}

struct LintReport::State {
  std::string format;
  std::ostream& out;
  size_t max_errors;
  JsonStream json;
  size_t files = 0, errors = 0, warnings = 0;
  // SARIF: results are spooled to a temporary file (or, without one, to memory), since
  // the artifacts they mention come before them in the document.
  Artifacts artifacts;
  std::FILE* spool = nullptr;
  std::string spooled;
  bool any_result = false;
  State(std::string f, std::ostream& o, size_t m) : format(std::move(f)), out(o), max_errors(m), json(o) {}
};

LintReport::LintReport(std::string format, std::ostream& out, size_t max_errors)
    : state_(std::make_unique<State>(std::move(format), out, max_errors)) {
  State& s = *state_;
  if (s.format == "json") {
    s.json.Open('{');
    s.json.Member("version", 1);
    s.json.Member("tool", {{"name", "mlpc"}, {"version", MLPC_VERSION}});
    s.json.Key("files");
    s.json.Open('[');
  } else if (s.format == "sarif") {
    s.spool = std::tmpfile();
  }
}

LintReport::~LintReport() {
  if (state_->spool) std::fclose(state_->spool);
}

void LintReport::Add(const LintFile& f) {
  State& s = *state_;
  ++s.files;
  if (s.format == "github") {
    Shown shown{s.max_errors};
    for (const Diagnostic& d : f.diagnostics)
      if (shown.Take(d)) s.out << GithubCommand(f, d);
    std::string more = shown.More();
    if (!more.empty()) {
      std::string path = GithubPath(DisplayPath(f.path));
      s.out << fmt::format("::notice file={},title=mlpc::{}\n", EscapeProperty(path),
                           EscapeData(fmt::format("{} in {} not shown (--max-errors {}; 0 shows all)", more, path,
                                                  s.max_errors)));
    }
  } else if (s.format == "json") {
    size_t file_errors = 0, file_warnings = 0;
    for (const Diagnostic& d : f.diagnostics) {
      file_errors += d.severity == Severity::Error;
      file_warnings += d.severity == Severity::Warning;
    }
    s.errors += file_errors;
    s.warnings += file_warnings;
    s.json.Open('{');
    s.json.Member("path", DisplayPath(f.path));
    s.json.Member("errors", file_errors);
    s.json.Member("warnings", file_warnings);
    s.json.Key("diagnostics");
    s.json.Open('[');
    for (const Diagnostic& d : f.diagnostics) s.json.Value(JsonDiagnostic(f, d));
    s.json.Close();
    s.json.Close();
  } else if (s.format == "sarif") {
    s.artifacts.Location(DisplayPath(f.path), true);
    for (const Diagnostic& d : f.diagnostics) {
      // An element of runs[0].results: four levels down.
      std::string text = (s.any_result ? ",\n" : "\n") + std::string(8, ' ') + Indented(SarifResult(f, d, s.artifacts), 4);
      if (s.spool)
        std::fwrite(text.data(), 1, text.size(), s.spool);
      else
        s.spooled += text;
      s.any_result = true;
    }
  }
}

void LintReport::Finish() {
  State& s = *state_;
  if (s.format == "json") {
    s.json.Close();
    s.json.Member("summary", {{"files", s.files}, {"errors", s.errors}, {"warnings", s.warnings}});
    s.json.Close();
    s.out << "\n";
  } else if (s.format == "sarif") {
    JsonStream& j = s.json;
    j.Open('{');
    j.Member("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    j.Member("version", "2.1.0");
    j.Key("runs");
    j.Open('[');
    j.Open('{');
    Json rules = Json::array();
    for (const CodeInfo& c : AllCodes()) rules.push_back(SarifRule(c));
    j.Member("tool", {{"driver",
                       {{"name", "mlpc"},
                        {"version", MLPC_VERSION},
                        {"semanticVersion", MLPC_VERSION},
                        {"rules", std::move(rules)}}}});
    j.Member("invocations", Json::array({{{"executionSuccessful", true}}}));
    j.Member("originalUriBaseIds",
             {{kSrcRoot, {{"description", {{"text", "The directory mlpc lint ran in: relative paths start there."}}}}}});
    j.Member("artifacts", s.artifacts.ToJson());
    j.Key("results");
    j.Open('[');
    if (s.spool) {
      std::rewind(s.spool);
      std::string chunk(1 << 16, '\0');
      for (size_t n; (n = std::fread(chunk.data(), 1, chunk.size(), s.spool)) > 0;)
        j.Elements(std::string_view(chunk).substr(0, n));
    }
    j.Elements(s.spooled);
    j.Close();
    j.Member("columnKind", "unicodeCodePoints");
    j.Close();
    j.Close();
    j.Close();
    s.out << "\n";
  }
}

void WriteLintReport(const std::string& format, const std::vector<LintFile>& files, std::ostream& out,
                     size_t max_errors) {
  LintReport report(format, out, max_errors);
  for (const LintFile& f : files) report.Add(f);
  report.Finish();
}

}  // namespace mlpc
