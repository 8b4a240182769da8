// Error tests: a spec states the diagnostics it must produce in comments, and this runner
// checks that exactly those are reported (code, line and column), in every file the spec
// loads (imports carry their own expectations).
//
//   tasks: {a: {after: [trian]}}   # expect: E0302@20        this line, column 20
//   # expect-at: 12:5 E0306                                  line 12, column 5
//   # mlpc-test: target=kfp max-file-size=100 max-nodes=20 emit=recurring-run   options
//   # mlpc-test: max-output-size=200      render the output (yaml, json on kfp) within 200 bytes
//
// `expect_runner --coverage DIR` fails when a registry code has no test under DIR.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <regex>
#include <set>
#include <sstream>
#include <tuple>

#include "backends/serialize.h"
#include "diag/diagnostic.h"
#include "diag/render_text.h"
#include "driver/driver.h"

namespace {

using Key = std::tuple<std::string, uint32_t, uint32_t>;  // code, line, col

std::string Read(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::ostringstream b;
  b << f.rdbuf();
  return b.str();
}

std::multiset<Key> Expectations(const std::string& text) {
  std::multiset<Key> out;
  static const std::regex kSame("#\\s*expect:\\s*(.*)$");
  static const std::regex kAt("#\\s*expect-at:\\s*([0-9]+):([0-9]+)\\s+([EW][0-9]{4})");
  static const std::regex kItem("([EW][0-9]{4})@([0-9]+)");
  std::istringstream in(text);
  std::string line;
  uint32_t n = 0;
  while (std::getline(in, line)) {
    ++n;
    std::smatch m;
    if (std::regex_search(line, m, kAt)) {
      out.emplace(m[3].str(), std::stoul(m[1].str()), std::stoul(m[2].str()));
    } else if (std::regex_search(line, m, kSame)) {
      std::string rest = m[1].str();
      for (std::sregex_iterator it(rest.begin(), rest.end(), kItem), end; it != end; ++it)
        out.emplace((*it)[1].str(), n, std::stoul((*it)[2].str()));
    }
  }
  return out;
}

std::string Option(const std::string& text, const std::string& name) {
  std::regex re("#\\s*mlpc-test:.*\\b" + name + "=([^\\s]+)");
  std::smatch m;
  return std::regex_search(text, m, re) ? m[1].str() : "";
}

int RunOne(const std::string& path) {
  std::string text = Read(path);
  mlpc::Limits limits;
  if (std::string v = Option(text, "max-file-size"); !v.empty()) limits.max_file_size = std::stoul(v);
  if (std::string v = Option(text, "max-nodes"); !v.empty()) limits.yaml.max_nodes = std::stoul(v);
  mlpc::Target target = Option(text, "target") == "kfp" ? mlpc::Target::Kfp : mlpc::Target::Argo;
  std::string emit = Option(text, "emit");
  mlpc::Emit what = emit == "recurring-run" ? mlpc::Emit::RecurringRun
                    : emit == "sensors"       ? mlpc::Emit::Sensors
                                              : mlpc::Emit::Pipeline;
  auto a = mlpc::Analyze(path, text, target, limits, what);
  // The output bound (E0114) is met only while writing: render, as compile would.
  if (std::string v = Option(text, "max-output-size"); !v.empty() && a->pipeline && !a->sink.HasErrors()) {
    struct Discard : mlpc::TextSink {
      void Write(std::string_view) override {}
    } sink;
    std::string format = what == mlpc::Emit::RecurringRun ? "json" : "yaml";
    if (mlpc::RenderWithin(*a, target, format, what, std::stoul(v), sink) == mlpc::Rendered::TooLarge)
      mlpc::ReportOutputTooLarge(*a, std::stoul(v));
  }
  bool ok = true;
  for (mlpc::FileId f = 1; f <= a->sm.FileCount(); ++f) {
    std::multiset<Key> want = Expectations(a->sm.Text(f));
    std::multiset<Key> got;
    for (const mlpc::Diagnostic& d : a->sink.Sorted())
      if (d.span.file == f) got.emplace(std::string(mlpc::Info(d.code).id), d.span.line, a->sm.DisplayColumn(d.span));
    for (const Key& k : want) {
      if (got.count(k) < want.count(k)) {
        std::cout << fmt::format("{}:{}:{}: missing expected {}\n", a->sm.Path(f), std::get<1>(k), std::get<2>(k),
                                 std::get<0>(k));
        ok = false;
      }
    }
    for (const mlpc::Diagnostic& d : a->sink.Sorted()) {
      if (d.span.file != f) continue;
      Key k{std::string(mlpc::Info(d.code).id), d.span.line, a->sm.DisplayColumn(d.span)};
      if (want.count(k) < got.count(k)) {
        std::cout << "unexpected: " << mlpc::RenderText(d, a->sm);
        ok = false;
        got.erase(got.find(k));
      }
    }
  }
  // Diagnostics without a file (none should exist) are failures too.
  for (const mlpc::Diagnostic& d : a->sink.Sorted())
    if (d.span.file == 0) {
      std::cout << "no location: " << mlpc::RenderText(d, a->sm);
      ok = false;
    }
  std::cout << (ok ? "ok " : "FAIL ") << path << "\n";
  return ok ? 0 : 1;
}

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
  return missing ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 3 && std::string(argv[1]) == "--coverage") return Coverage(argv[2]);
  int rc = 0;
  for (int i = 1; i < argc; ++i) rc |= RunOne(argv[i]);
  return rc;
}
