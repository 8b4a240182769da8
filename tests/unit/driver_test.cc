#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "driver/driver.h"

using namespace mlpc;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("mlpc-driver-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  std::string Write(const std::string& name, const std::string& text) const {
    std::ofstream(path / name) << text;
    return (path / name).string();
  }
  static inline int counter = 0;
};

const char* kGood = "version: 1\nname: good\ntasks:\n  t: {image: alpine:3.20, command: [date]}\n";
const char* kBad = "version: 1\nname: bad\ntasks:\n  t: {image: alpine:3.20, command: [date], after: [nope]}\n";

}  // namespace

TEST_CASE("atomic writes replace the file and leave no temporary behind", "[driver]") {
  TempDir dir;
  std::string path = (dir.path / "sub" / "out.yaml").string();
  std::string error;
  REQUIRE(WriteAtomically(path, "one\n", error));
  REQUIRE(WriteAtomically(path, "two\n", error));
  std::ifstream f(path);
  std::string s((std::istreambuf_iterator<char>(f)), {});
  REQUIRE(s == "two\n");
  REQUIRE(std::distance(fs::directory_iterator(dir.path / "sub"), fs::directory_iterator{}) == 1);
}

TEST_CASE("an abandoned or failing write leaves the old output and no temporary file", "[driver]") {
  TempDir dir;
  std::string path = (dir.path / "out.yaml").string();
  std::string error;
  REQUIRE(WriteAtomically(path, "old\n", error));
  auto abandon = [](std::ostream& out) {
    out << std::string(100000, 'x');
    return false;
  };
  REQUIRE_FALSE(WriteAtomically(path, abandon, error));
  REQUIRE(error.empty());
  auto fail = [](std::ostream& out) -> bool {
    out << std::string(100000, 'x');
    throw std::runtime_error("stop");
  };
  REQUIRE_THROWS_AS(WriteAtomically(path, fail, error), std::runtime_error);
  std::ifstream f(path);
  std::string s((std::istreambuf_iterator<char>(f)), {});
  REQUIRE(s == "old\n");
  REQUIRE(std::distance(fs::directory_iterator(dir.path), fs::directory_iterator{}) == 1);
}

TEST_CASE("compile --out-dir writes the good file and nothing for the bad one", "[driver]") {
  TempDir dir;
  std::string a = dir.Write("a.yaml", kGood), b = dir.Write("b.yaml", kBad);
  CompileOptions opts;
  opts.files = {a, b};
  opts.out_dir = (dir.path / "out").string();
  std::istringstream in;
  std::ostringstream out, err;
  REQUIRE(Compile(opts, Streams{in, out, err, false}) == 1);
  REQUIRE(fs::exists(dir.path / "out" / "a.argo.yaml"));
  REQUIRE_FALSE(fs::exists(dir.path / "out" / "b.argo.yaml"));
  REQUIRE(err.str().find(b + ":4:52: error: unknown task `nope` in `after`") != std::string::npos);
  REQUIRE(out.str().empty());
}

TEST_CASE("compile to stdout writes all or nothing", "[driver]") {
  TempDir dir;
  std::string a = dir.Write("a.yaml", kGood), b = dir.Write("b.yaml", kBad);
  CompileOptions opts;
  opts.files = {a, b};
  std::istringstream in;
  std::ostringstream out, err;
  REQUIRE(Compile(opts, Streams{in, out, err, false}) == 1);
  REQUIRE(out.str().empty());
  opts.files = {a, a};
  std::ostringstream out2, err2;
  REQUIRE(Compile(opts, Streams{in, out2, err2, false}) == 0);
  REQUIRE(out2.str().find("---\n") != std::string::npos);
}

TEST_CASE("a missing input is an I/O error (exit 2), stdin is read with -", "[driver]") {
  CompileOptions opts;
  opts.files = {"/nonexistent/x.yaml"};
  std::istringstream in(kGood);
  std::ostringstream out, err;
  REQUIRE(Compile(opts, Streams{in, out, err, false}) == 2);
  opts.files = {"-"};
  std::ostringstream out2, err2;
  REQUIRE(Compile(opts, Streams{in, out2, err2, false}) == 0);
  REQUIRE(out2.str().rfind("apiVersion: argoproj.io/v1alpha1\nkind: Workflow\n", 0) == 0);
}

TEST_CASE("check mode reports a stale output and changes nothing", "[driver]") {
  TempDir dir;
  std::string a = dir.Write("a.yaml", kGood);
  std::string o = dir.Write("a.argo.yaml", "stale\n");
  CompileOptions opts;
  opts.files = {a};
  opts.output = o;
  opts.check = true;
  std::istringstream in;
  std::ostringstream out, err;
  REQUIRE(Compile(opts, Streams{in, out, err, false}) == 1);
  REQUIRE(err.str().find("is out of date (first difference at line 1)") != std::string::npos);
  opts.check = false;
  std::ostringstream out2, err2;
  REQUIRE(Compile(opts, Streams{in, out2, err2, false}) == 0);
  opts.check = true;
  std::ostringstream out3, err3;
  REQUIRE(Compile(opts, Streams{in, out3, err3, false}) == 0);
}
