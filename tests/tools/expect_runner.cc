// Error tests: a spec states the diagnostics it must produce in comments, and this runner
// checks that exactly those are reported (code, line, column and message), in every file
// the spec loads (imports carry their own expectations).
//
//   tasks: {a: {after: [trian]}}   # expect: E0302@20 {{unknown task `trian`}}
//   # expect-at: 12:5 E0306 {{needs input `x`}}                line 12, column 5
//   retry: {policy: on_error}   # expect: E0503[kfp-retry-on-error]@5 {{cannot retry}}
//   # mlpc-test: target=kfp max-file-size=100 max-nodes=20 emit=recurring-run   options
//   # mlpc-test: max-output-size=200      render the output (yaml, json on kfp) within 200 bytes
//
// `{{...}}` is a part of the message (as MLIR's expected-error), so a test names the
// rule that fired, not only its code; an expectation without one fails. `[kind]` names the
// message kind (lib/diag/messages.def); it must, for a diagnostic of a kind whose code is
// an umbrella (E05xx, W01xx) with more than one kind.
// `expect_runner --fill FILE...` writes the missing `{{...}}` from what is reported now
// and `[kind]` from what is reported now (review the diff). `expect_runner --coverage DIR`
// fails when a registry code, a message kind, or a place in lib/ that reports a
// diagnostic, has no test under DIR.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <map>
#include <iostream>
#include <regex>
#include <set>
#include <sstream>
#include <tuple>

#include "backends/serialize.h"
#include "diag/diagnostic.h"
#include "diag/messages.h"
#include "diag/render_text.h"
#include "driver/driver.h"

namespace {

using Key = std::tuple<std::string, uint32_t, uint32_t>;  // code, line, col

struct Expected {
  Key key;
  std::string text;  // a part of the message; empty when the test gives none
  std::string kind;  // the message kind; empty when the test names none
  uint32_t comment_line = 0;  // the line holding the expectation
  size_t at = 0;              // offset in that line just after `CODE@COL` (or `L:C CODE`)
  size_t code_end = 0;        // offset in that line just after the code
};

std::string Read(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::ostringstream b;
  b << f.rdbuf();
  return b.str();
}

// Per line of the file (1-based), its expectations.
std::vector<std::vector<Expected>> Expectations(const std::string& text) {
  std::vector<std::vector<Expected>> out(1);  // out[0] stays empty
  static const std::regex kSame("#\\s*expect:\\s*(.*)$");
  static const std::regex kAt(
      "#\\s*expect-at:\\s*([0-9]+):([0-9]+)\\s+([EW][0-9]{4})(\\[([a-z0-9-]*)\\])?(\\s*\\{\\{(.*?)\\}\\})?");
  static const std::regex kItem("([EW][0-9]{4})(\\[([a-z0-9-]*)\\])?@([0-9]+)(\\s*\\{\\{(.*?)\\}\\})?");
  std::istringstream in(text);
  std::string line;
  uint32_t n = 0;
  while (std::getline(in, line)) {
    ++n;
    out.emplace_back();
    std::smatch m;
    if (std::regex_search(line, m, kAt)) {
      size_t code_end = static_cast<size_t>(m.position(3) + m.length(3));
      size_t after = code_end + static_cast<size_t>(m.length(4));
      Key key{m[3].str(), static_cast<uint32_t>(std::stoul(m[1].str())), static_cast<uint32_t>(std::stoul(m[2].str()))};
      out[n].push_back({key, m[7].str(), m[5].str(), n, after, code_end});
    } else if (std::regex_search(line, m, kSame)) {
      size_t base = static_cast<size_t>(m.position(1));
      std::string rest = m[1].str();
      for (std::sregex_iterator it(rest.begin(), rest.end(), kItem), end; it != end; ++it) {
        size_t after = base + static_cast<size_t>(it->position(4) + it->length(4));
        size_t code_end = base + static_cast<size_t>(it->position(1) + it->length(1));
        Key key{(*it)[1].str(), n, static_cast<uint32_t>(std::stoul((*it)[4].str()))};
        out[n].push_back({key, (*it)[6].str(), (*it)[3].str(), n, after, code_end});
      }
    }
  }
  return out;
}

// The part of a message a test pins: its start, cut at a word within 60 characters and
// before any `}}` (which would end the pin).
std::string Pin(const std::string& message) {
  std::string s = message.substr(0, message.find("}}"));
  if (s.size() > 60) {
    size_t cut = s.rfind(' ', 60);
    s.resize(cut == std::string::npos || cut < 20 ? 60 : cut);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '{')) s.pop_back();
  return s;
}

std::string Option(const std::string& text, const std::string& name) {
  std::regex re("#\\s*mlpc-test:.*\\b" + name + "=([^\\s]+)");
  std::smatch m;
  return std::regex_search(text, m, re) ? m[1].str() : "";
}

struct Insert {
  uint32_t line;
  size_t at;
  std::string text;
};

// Writes the pins into the files, each line's from the right so offsets stay valid.
bool Fill(const mlpc::Analysis& a, std::map<mlpc::FileId, std::vector<Insert>>& fills) {
  for (auto& [f, inserts] : fills) {
    std::sort(inserts.begin(), inserts.end(),
              [](const Insert& x, const Insert& y) { return std::tie(x.line, x.at) > std::tie(y.line, y.at); });
    std::string text(a.sm.Text(f));
    std::vector<size_t> starts{0, 0};
    for (size_t i = 0; i < text.size(); ++i)
      if (text[i] == '\n') starts.push_back(i + 1);
    for (const Insert& in : inserts) text.insert(starts.at(in.line) + in.at, in.text);
    std::ofstream out(std::string(a.sm.Path(f)), std::ios::binary);
    out << text;
    if (!out) return false;
    std::cout << fmt::format("filled {} in {}\n", inserts.size(), a.sm.Path(f));
  }
  return true;
}

// A case analysed as `mlpc lint` would, with the options of its `# mlpc-test:` line.
std::unique_ptr<mlpc::Analysis> AnalyzeCase(const std::string& path) {
  std::string text = Read(path);
  mlpc::Limits limits;
  if (std::string v = Option(text, "max-file-size"); !v.empty()) limits.max_file_size = std::stoul(v);
  if (std::string v = Option(text, "max-nodes"); !v.empty()) limits.yaml.max_nodes = std::stoul(v);
  mlpc::Target target = Option(text, "target") == "kfp" ? mlpc::Target::Kfp : mlpc::Target::Argo;
  std::string emit = Option(text, "emit");
  mlpc::Emit what = emit == "recurring-run" ? mlpc::Emit::RecurringRun
                    : emit == "sensors"       ? mlpc::Emit::Sensors
                                              : mlpc::Emit::Pipeline;
  std::string max_output = Option(text, "max-output-size");
  auto a = mlpc::Analyze(path, std::move(text), target, limits, what);
  // The output bound (E0114) is met only while writing: render, as compile would.
  if (!max_output.empty() && a->pipeline && !a->sink.HasErrors()) {
    struct Discard : mlpc::TextSink {
      void Write(std::string_view) override {}
    } sink;
    std::string format = what == mlpc::Emit::RecurringRun ? "json" : "yaml";
    if (mlpc::RenderWithin(*a, target, format, what, std::stoul(max_output), sink) == mlpc::Rendered::TooLarge)
      mlpc::ReportOutputTooLarge(*a, std::stoul(max_output));
  }
  return a;
}

// Whether an expectation of `code` must name its kind: a target-capability code (E05xx)
// or a lint warning (W01xx), the umbrella codes, that has more than one kind. Elsewhere
// the pinned message tells the kinds apart; a kind given is checked all the same.
bool KindNeeded(mlpc::Code code) {
  std::string_view id = mlpc::Info(code).id;
  if (id.rfind("E05", 0) != 0 && id.rfind("W01", 0) != 0) return false;
  int kinds = 0;
  for (const mlpc::KindInfo& k : mlpc::AllKinds()) kinds += k.code == code;
  return kinds > 1;
}

int RunOne(const std::string& path, bool fill) {
  std::map<mlpc::FileId, std::vector<Insert>> fills;
  auto a = AnalyzeCase(path);
  std::vector<mlpc::Diagnostic> sorted = a->sink.Sorted();
  bool ok = true;
  for (mlpc::FileId f = 1; f <= a->sm.FileCount(); ++f) {
    std::vector<std::vector<Expected>> lines = Expectations(a->sm.Text(f));
    std::vector<const mlpc::Diagnostic*> got;
    for (const mlpc::Diagnostic& d : sorted)
      if (d.span.file == f) got.push_back(&d);
    auto key_of = [&](const mlpc::Diagnostic& d) {
      return Key{std::string(mlpc::Info(d.code).id), d.span.line, a->sm.DisplayColumn(d.span)};
    };
    // Expectations with a message first, so that one without cannot take their diagnostic.
    std::vector<Expected*> want;
    for (auto& l : lines)
      for (Expected& e : l)
        if (!e.text.empty()) want.push_back(&e);
    for (auto& l : lines)
      for (Expected& e : l)
        if (e.text.empty()) want.push_back(&e);
    std::vector<bool> used(got.size(), false);
    for (Expected* e : want) {
      const auto& [code, line, col] = e->key;
      if (!e->kind.empty() && !mlpc::FindKind(e->kind)) {
        std::cout << fmt::format("{}:{}:{}: expected {} names unknown message kind `{}` (lib/diag/messages.def)\n",
                                 a->sm.Path(f), line, col, code, e->kind);
        ok = false;
        continue;
      }
      size_t i = 0;
      while (i < got.size() &&
             (used[i] || key_of(*got[i]) != e->key || got[i]->message.find(e->text) == std::string::npos ||
              (!e->kind.empty() && mlpc::Info(got[i]->kind).name != e->kind)))
        ++i;
      if (i == got.size()) {
        std::cout << fmt::format("{}:{}:{}: missing expected {}{}{}\n", a->sm.Path(f), line, col, code,
                                 e->kind.empty() ? "" : "[" + e->kind + "]",
                                 e->text.empty() ? "" : " {{" + e->text + "}}");
        ok = false;
        continue;
      }
      used[i] = true;
      const mlpc::Diagnostic& d = *got[i];
      if (e->kind.empty() && d.kind != mlpc::DiagKind::None && KindNeeded(d.code)) {
        std::string_view kind = mlpc::Info(d.kind).name;
        if (fill) {
          fills[f].push_back({e->comment_line, e->code_end, fmt::format("[{}]", kind)});
        } else {
          std::cout << fmt::format("{}:{}:{}: expected {} names no message kind: write `{}[{}]@{}` "
                                   "(expect_runner --fill writes it)\n",
                                   a->sm.Path(f), line, col, code, code, kind, col);
          ok = false;
        }
      }
      if (fill && e->text.empty()) {
        fills[f].push_back({e->comment_line, e->at, " {{" + Pin(got[i]->message) + "}}"});
      } else if (e->text.empty()) {
        std::cout << fmt::format("{}:{}:{}: expected {} names no part of its message: write `{}@{} {{{{...}}}}` "
                                 "(expect_runner --fill writes it)\n",
                                 a->sm.Path(f), line, col, code, code, col);
        ok = false;
      }
    }
    for (size_t i = 0; i < got.size(); ++i) {
      if (used[i]) continue;
      std::cout << "unexpected: " << mlpc::RenderText(*got[i], a->sm);
      ok = false;
    }
  }
  if (fill) ok = Fill(*a, fills) && ok;
  // Diagnostics without a file (none should exist) are failures too.
  for (const mlpc::Diagnostic& d : sorted)
    if (d.span.file == 0) {
      std::cout << "no location: " << mlpc::RenderText(d, a->sm);
      ok = false;
    }
  std::cout << (ok ? "ok " : "FAIL ") << path << "\n";
  return ok ? 0 : 1;
}

// A reporting site, as `lib/DIR/FILE.cc:LINE`: where DiagSink::Report is called.
std::string SiteOf(const char* file, int line) {
  std::string f(file);
  if (size_t at = f.rfind("/lib/"); at != std::string::npos) f = f.substr(at + 1);
  return fmt::format("{}:{}", f, line);
}

struct Site {
  std::string line;      // the source line, for messages
  bool untested = false;  // marked `// No error test: WHY` just above
};

// Every call of Report in lib/, from the sources: not a definition of a Report helper, nor
// a call that passes on its caller's site (`site_line`).
std::map<std::string, Site> ReportingSites() {
  std::map<std::string, Site> sites;
  static const std::regex kCall("(^|[^A-Za-z0-9_])Report\\(");
  static const std::regex kDefinition("(void|Diagnostic&)\\s+([A-Za-z]+::)?Report\\(");
  for (const auto& e : std::filesystem::recursive_directory_iterator("lib")) {
    std::string path = e.path().generic_string();
    if (!e.is_regular_file() || path.rfind("lib/diag/diagnostic.", 0) == 0) continue;
    if (e.path().extension() != ".cc" && e.path().extension() != ".h") continue;
    std::istringstream in(Read(path));
    std::vector<std::string> comments;  // the comment lines just above
    int n = 0;
    for (std::string line; std::getline(in, line);) {
      ++n;
      size_t first = line.find_first_not_of(' ');
      std::string code = first == std::string::npos ? "" : line.substr(first);
      if (code.rfind("//", 0) == 0) {
        comments.push_back(code);
        continue;
      }
      bool marked = false;
      for (const std::string& c : comments) marked = marked || c.rfind("// No error test:", 0) == 0;
      comments.clear();
      if (code.find("site_line") != std::string::npos || std::regex_search(code, kDefinition)) continue;
      if (std::regex_search(code, kCall)) sites.emplace(fmt::format("{}:{}", path, n), Site{code, marked});
    }
  }
  return sites;
}

// The message kinds marked `// No error test: WHY` in lib/diag/messages.def.
std::set<std::string> MarkedKinds() {
  std::set<std::string> out;
  static const std::regex kRow("^K\\([A-Za-z0-9]+, \"([a-z0-9-]+)\"");
  std::istringstream in(Read("lib/diag/messages.def"));
  bool marked = false;
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (line.rfind("//", 0) == 0) {
      marked = marked || line.rfind("// No error test:", 0) == 0;
    } else if (std::regex_search(line, m, kRow)) {
      if (marked) out.insert(m[1].str());
      marked = false;
    } else if (line.empty()) {
      marked = false;
    }
  }
  return out;
}

// Every registry code has an error test, and so does every reporting site: the cases of
// DIR are analysed and the sites of their diagnostics collected. A site marked
// `// No error test: WHY` (where it is tested instead, or why it cannot be) is known to
// have none; a marked site that a test now reaches fails too, so the marks only go.
int Coverage(const std::string& dir) {
  std::set<std::string> seen;
  static const std::regex kCode("([EW][0-9]{4})");
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    std::string text = Read(e.path().string());
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
      if (line.find("expect") == std::string::npos) continue;
      for (std::sregex_iterator it(line.begin(), line.end(), kCode), end; it != end; ++it) seen.insert((*it)[1].str());
    }
  }
  int missing = 0;
  for (const mlpc::CodeInfo& c : mlpc::AllCodes()) {
    if (!seen.count(std::string(c.id))) {
      std::cout << fmt::format("no error test triggers {} ({})\n", c.id, c.name);
      ++missing;
    }
  }
  std::cout << fmt::format("{} of {} codes have an error test\n", mlpc::AllCodes().size() - missing,
                           mlpc::AllCodes().size());

  std::set<std::string> reached;
  std::set<std::string_view> kinds_reached;
  std::vector<std::string> cases;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.is_regular_file() && e.path().extension() == ".yaml") cases.push_back(e.path().generic_string());
  std::sort(cases.begin(), cases.end());
  for (const std::string& path : cases) {
    std::unique_ptr<mlpc::Analysis> a = AnalyzeCase(path);
    for (const mlpc::Diagnostic& d : a->sink.All()) {
      reached.insert(SiteOf(d.site_file, d.site_line));
      kinds_reached.insert(mlpc::Info(d.kind).name);
    }
  }
  std::map<std::string, Site> sites = ReportingSites();
  int untested = 0, stale = 0, marked = 0;
  for (const auto& [site, s] : sites) {
    marked += s.untested;
    if (s.untested && reached.count(site)) {
      std::cout << fmt::format("an error test reaches {}: drop its `// No error test:` mark\n", site);
      ++stale;
    } else if (!s.untested && !reached.count(site)) {
      std::cout << fmt::format("no error test reaches {}: {}\n", site, s.line);
      ++untested;
    }
  }
  std::cout << fmt::format("{} of {} reporting sites have an error test ({} marked `No error test`)\n",
                           sites.size() - untested - marked, sites.size(), marked);

  // Every message kind, as every site: reached by a case, or marked in messages.def.
  std::set<std::string> kinds_marked = MarkedKinds();
  int kinds_untested = 0;
  for (const mlpc::KindInfo& k : mlpc::AllKinds()) {
    bool is_marked = kinds_marked.count(std::string(k.name)) > 0;
    if (is_marked && kinds_reached.count(k.name)) {
      std::cout << fmt::format("an error test reaches message kind {}: drop its `// No error test:` mark\n", k.name);
      ++stale;
    } else if (!is_marked && !kinds_reached.count(k.name)) {
      std::cout << fmt::format("no error test reaches message kind {} ({})\n", k.name, mlpc::Info(k.code).id);
      ++kinds_untested;
    }
  }
  std::cout << fmt::format("{} of {} message kinds have an error test ({} marked `No error test`)\n",
                           mlpc::AllKinds().size() - kinds_untested - kinds_marked.size(), mlpc::AllKinds().size(),
                           kinds_marked.size());
  return missing || untested || stale || kinds_untested ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 3 && std::string(argv[1]) == "--coverage") return Coverage(argv[2]);
  int rc = 0;
  bool fill = argc > 1 && std::string(argv[1]) == "--fill";
  for (int i = fill ? 2 : 1; i < argc; ++i) rc |= RunOne(argv[i], fill);
  return rc;
}
