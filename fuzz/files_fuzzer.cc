// Fuzzes file resolution: the input describes a small tree of files, directories,
// symlinks (relative or absolute, in or out of the root, in loops) and FIFOs, which is
// made in a private temporary directory (reset per input) beside a directory of secrets;
// then the spec at the root of the tree is analysed. A crash, a hang, or a diagnostic or
// output that quotes a secret from outside the root (or from `.git`) is a finding.
//
// The input is a list of entries, one a line:
//   f NAME          a file; its text is the lines after, up to a line holding only `.`
//   d NAME          a directory
//   l NAME TARGET   a symlink to TARGET, as written; `@` at its start is the sandbox, so
//                   `@/outside/secret.yaml` is an absolute link out of the root
//   p NAME          a FIFO
// NAME is relative to the root (`../outside/x` is beside it); an entry that would leave
// the sandbox, or pass through a symlink, is skipped. The spec is the root's `spec.yaml`.
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <string_view>

#include "diag/render_text.h"
#include "driver/driver.h"

namespace {

namespace fs = std::filesystem;

// Written only outside the root or under `.git`; never in the input (such inputs are skipped).
constexpr std::string_view kSecret = "mlpc-fuzz-secret-4b1d9e7a";
constexpr size_t kMaxEntries = 64;
constexpr size_t kMaxBytes = 256 << 10;

// The sandbox lives for the process: making it per input would cost more than the run.
// Its path is never destroyed, so that the exit handler removing the sandbox can read it.
const fs::path& Sandbox() {
  static const fs::path* dir = [] {
    std::string tmpl = (fs::temp_directory_path() / "mlpc-files-fuzz-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) abort();
    return new fs::path(tmpl);
  }();
  static const bool removed_at_exit = std::atexit([] {
    std::error_code ec;
    fs::remove_all(*dir, ec);
  }) == 0;
  (void)removed_at_exit;
  return *dir;
}

void Write(const fs::path& p, std::string_view text) {
  std::ofstream(p, std::ios::binary) << text;
}

// The root (a git work tree, with secrets in `.git`) and a directory of secrets beside it.
void Reset(const fs::path& base) {
  std::error_code ec;
  fs::remove_all(base / "root", ec);
  fs::remove_all(base / "outside", ec);
  fs::create_directories(base / "root" / ".git");
  fs::create_directories(base / "outside");
  std::string component = "image: alpine:3.20\ncommand: [echo, " + std::string(kSecret) + "]\n";
  for (const fs::path& dir : {base / "outside", base / "root" / ".git"}) {
    Write(dir / "secret.yaml", component);
    Write(dir / "config", "[credential]\n\thelper = " + std::string(kSecret) + "\n");
    Write(dir / "lib.yaml", "components:\n  c:\n    " + component.substr(0, component.find('\n')) + "\n");
  }
  Write(base / "outside" / "sub.yaml",
        "version: 1\nname: " + std::string(kSecret) + "\ntasks:\n  t: {image: alpine:3.20, command: [echo]}\n");
}

// Where entry NAME goes: inside the sandbox, through no symlink; empty when not.
fs::path Place(const fs::path& base, std::string_view name) {
  if (name.empty() || name.size() > 200 || name.front() == '/') return {};
  fs::path rel = (fs::path("root") / std::string(name)).lexically_normal();
  if (rel.empty() || *rel.begin() == ".." || rel == "root" || rel == "outside") return {};
  fs::path p = base;
  for (auto it = rel.begin(); it != rel.end(); ++it) {
    p /= *it;
    struct stat st;
    if (std::next(it) != rel.end() && lstat(p.c_str(), &st) == 0 && !S_ISDIR(st.st_mode)) return {};
  }
  return p;
}

// Makes the tree the input describes; false for an input that holds the secret.
bool Materialise(const fs::path& base, std::string_view input) {
  if (input.find(kSecret) != std::string_view::npos) return false;
  std::istringstream in{std::string(input)};
  std::string line;
  size_t entries = 0, bytes = 0;
  std::error_code ec;
  while (entries < kMaxEntries && std::getline(in, line)) {
    if (line.size() < 3 || line[1] != ' ') continue;
    char op = line[0];
    std::string rest = line.substr(2);
    std::string name = rest, target;
    if (op == 'l') {
      size_t sp = rest.find(' ');
      if (sp == std::string::npos) continue;
      name = rest.substr(0, sp);
      target = rest.substr(sp + 1);
      if (!target.empty() && target[0] == '@') target = base.string() + target.substr(1);
    }
    std::string text;
    if (op == 'f') {
      for (std::string l; std::getline(in, l) && l != ".";) text += l + "\n";
    }
    fs::path p = Place(base, name);
    if (p.empty()) continue;
    ++entries;
    fs::create_directories(p.parent_path(), ec);
    switch (op) {
      case 'f':
        if (bytes + text.size() > kMaxBytes) break;
        bytes += text.size();
        if (struct stat st; lstat(p.c_str(), &st) != 0) Write(p, text);
        break;
      case 'd':
        fs::create_directories(p, ec);
        break;
      case 'l':
        (void)symlink(target.c_str(), p.c_str());
        break;
      case 'p':
        (void)mkfifo(p.c_str(), 0600);
        break;
      default:
        break;
    }
  }
  return true;
}

void Check(bool ok, const std::string& what) {
  if (ok) return;
  std::fprintf(stderr, "files_fuzzer: a secret from outside the root reached %s\n", what.c_str());
  abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const fs::path& base = Sandbox();
  Reset(base);
  if (!Materialise(base, std::string_view(reinterpret_cast<const char*>(data), size))) return 0;
  mlpc::Limits limits;
  limits.max_file_size = 1u << 20;
  limits.yaml.max_nodes = 100000;
  std::istringstream no_stdin;
  std::ostringstream err;
  auto a = mlpc::AnalyzeInput((base / "root" / "spec.yaml").string(), no_stdin, err, mlpc::Target::Argo, limits);
  if (!a) return 0;
  for (const mlpc::Diagnostic& d : a->sink.Sorted())
    Check(mlpc::RenderText(d, a->sm).find(kSecret) == std::string::npos, "a diagnostic");
  if (a->pipeline && !a->sink.HasErrors())
    Check(mlpc::RenderOutput(*a->pipeline, mlpc::Target::Argo, "yaml").value_or("").find(kSecret) == std::string::npos,
          "the output");
  return 0;
}
