// Golden tests: compiles a spec and compares the bytes with the expected output beside
// it. MLPC_UPDATE_GOLDEN=1 rewrites the expected file instead (review the diff).
// Every case is compiled twice; the two outputs must be identical.
//
//   golden_runner SPEC EXPECTED [argo|kfp]
#include <fmt/format.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "backends/argo/argo.h"
#include "backends/kfp/kfp.h"
#include "diag/render_text.h"
#include "driver/driver.h"

namespace {

std::string Read(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::ostringstream b;
  b << f.rdbuf();
  return b.str();
}

// kfp: JSON as `mlpc compile --target kfp` writes it by default.
bool CompileOnce(const std::string& spec, bool kfp, std::string& out) {
  auto a = mlpc::Analyze(spec, Read(spec), kfp ? mlpc::Target::Kfp : mlpc::Target::Argo);
  if (!a->pipeline || a->sink.HasErrors()) {
    for (const auto& d : a->sink.Sorted()) std::cout << mlpc::RenderText(d, a->sm);
    return false;
  }
  if (!kfp) {
    out = mlpc::ToYamlStream(mlpc::EmitArgo(*a->pipeline));
    return true;
  }
  std::vector<mlpc::Doc> docs = mlpc::EmitKfp(*a->pipeline);
  out = docs.size() == 1 ? mlpc::ToJsonText(docs[0])
                         : mlpc::ToJsonText(mlpc::Doc{{"pipeline_spec", docs[0]}, {"platform_spec", docs[1]}});
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3 || argc > 4 || (argc == 4 && std::string(argv[3]) != "argo" && std::string(argv[3]) != "kfp")) {
    std::cerr << "usage: golden_runner SPEC EXPECTED [argo|kfp]\n";
    return 2;
  }
  std::string spec = argv[1], expected = argv[2];
  bool kfp = argc == 4 && std::string(argv[3]) == "kfp";
  std::string first, second;
  if (!CompileOnce(spec, kfp, first) || !CompileOnce(spec, kfp, second)) {
    std::cout << "FAIL " << spec << ": does not compile\n";
    return 1;
  }
  if (first != second) {
    std::cout << "FAIL " << spec << ": two compiles gave different bytes\n";
    return 1;
  }
  const char* update = std::getenv("MLPC_UPDATE_GOLDEN");
  if (update && std::string(update) == "1") {
    std::ofstream(expected, std::ios::binary) << first;
    std::cout << "updated " << expected << "\n";
    return 0;
  }
  std::string want = Read(expected);
  if (want != first) {
    std::istringstream a(want), b(first);
    std::string la, lb;
    size_t line = 0;
    while (true) {
      ++line;
      bool ea = !std::getline(a, la), eb = !std::getline(b, lb);
      if (ea && eb) break;
      if (ea || eb || la != lb) {
        std::cout << fmt::format("FAIL {}: differs from {} at line {}\n  expected: {}\n  actual:   {}\n", spec,
                                 expected, line, ea ? "<end>" : la, eb ? "<end>" : lb);
        break;
      }
    }
    std::cout << "(MLPC_UPDATE_GOLDEN=1 rewrites the expected file)\n";
    return 1;
  }
  std::cout << "ok " << spec << "\n";
  return 0;
}
