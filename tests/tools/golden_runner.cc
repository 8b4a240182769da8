// Golden tests: compiles a spec and compares the bytes with the expected output beside
// it. MLPC_UPDATE_GOLDEN=1 rewrites the expected file instead (review the diff).
// Every case is compiled twice; the two outputs must be identical.
//
//   golden_runner SPEC EXPECTED [argo|kfp [sensors|recurring-run|run-request]]
// EXPECTED's extension is the format: .yaml or .json (.txt: the diagnostics).
#include <fmt/format.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "backends/argo/argo.h"
#include "diag/render_text.h"
#include "driver/driver.h"

namespace {

std::string Read(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::ostringstream b;
  b << f.rdbuf();
  return b.str();
}

// The output as `mlpc compile` writes it in `format`, or, when the spec does not compile,
// its rendered diagnostics.
bool CompileOnce(const std::string& spec, bool kfp, mlpc::Emit emit, const std::string& format, std::string& out) {
  mlpc::Target target = kfp ? mlpc::Target::Kfp : mlpc::Target::Argo;
  auto a = mlpc::Analyze(spec, Read(spec), target, {}, emit);
  if (!a->pipeline || a->sink.HasErrors()) {
    out.clear();
    for (const auto& d : a->sink.Sorted()) out += mlpc::RenderText(d, a->sm);
    return false;
  }
  std::optional<std::string> text = mlpc::RenderOutput(*a->pipeline, target, format, emit);
  out = text.value_or("(no " + format + " output: KFP reads a PlatformSpec only from YAML)\n");
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::string target = argc >= 4 ? argv[3] : "argo", emit_name = argc >= 5 ? argv[4] : "pipeline";
  if (argc < 3 || argc > 5 || (target != "argo" && target != "kfp") ||
      (emit_name != "pipeline" && emit_name != "sensors" && emit_name != "recurring-run" &&
       emit_name != "run-request")) {
    std::cerr << "usage: golden_runner SPEC EXPECTED [argo|kfp [sensors|recurring-run|run-request]]\n";
    return 2;
  }
  std::string spec = argv[1], expected = argv[2];
  bool kfp = target == "kfp";
  mlpc::Emit emit = emit_name == "sensors"         ? mlpc::Emit::Sensors
                    : emit_name == "recurring-run" ? mlpc::Emit::RecurringRun
                    : emit_name == "run-request"   ? mlpc::Emit::RunRequest
                                                   : mlpc::Emit::Pipeline;
  // EXPECTED.txt pins the diagnostics of a spec the target cannot carry.
  bool expect_failure = expected.size() > 4 && expected.substr(expected.size() - 4) == ".txt";
  std::string first, second;
  std::string format = expected.size() > 5 && expected.substr(expected.size() - 5) == ".json" ? "json" : "yaml";
  bool ok1 = CompileOnce(spec, kfp, emit, format, first), ok2 = CompileOnce(spec, kfp, emit, format, second);
  if (ok1 != ok2 || ok1 == expect_failure) {
    std::cout << "FAIL " << spec
              << (ok1 ? ": compiles, but " + expected + " expects diagnostics\n" : ": does not compile\n" + first);
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
