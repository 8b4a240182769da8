// Where a compile's time and memory go, phase by phase, for bench/run.sh:
//   bench_phases FILE argo|kfp
// prints one line per phase: milliseconds, the heap in use after it (MB allocated, from
// glibc's statistics; reserved vector capacity counts though it may not be resident) and
// the resident set (which does not shrink when memory is freed). The phases are the ones `mlpc compile` runs, in
// the same order; the YAML tree is measured on its own, as the driver drops it once the
// AST is built.
#include <malloc.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>

#include "backends/argo/argo.h"
#include "backends/kfp/kfp.h"
#include "backends/serialize.h"
#include "frontend/parse.h"
#include "frontend/yaml_tree.h"
#include "ir/lower/lower.h"
#include "passes/passes.h"

namespace {

using Clock = std::chrono::steady_clock;

// Bytes in use: small blocks from the heap, large ones mapped on their own.
double HeapMb() {
  struct mallinfo2 m = mallinfo2();
  return static_cast<double>(m.uordblks + m.hblkhd) / 1e6;
}

double RssMb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stod(line.substr(6)) / 1e3;  // kB
  return 0;
}

class Timer {
 public:
  void Phase(const char* name) {
    auto now = Clock::now();
    double heap = HeapMb();
    std::printf("%-16s %8.1f ms  heap %7.1f MB (%+6.1f)  rss %7.1f MB\n", name,
                std::chrono::duration<double, std::milli>(now - last_).count(), heap, heap - heap_, RssMb());
    last_ = Clock::now();
    heap_ = heap;
  }

 private:
  Clock::time_point last_ = Clock::now();
  double heap_ = HeapMb();
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: bench_phases FILE argo|kfp\n";
    return 2;
  }
  using namespace mlpc;
  bool kfp = std::string(argv[2]) == "kfp";
  Timer timer;
  std::ifstream f(argv[1], std::ios::binary);
  std::stringstream text;
  text << f.rdbuf();
  SourceManager sm;
  FileId file = sm.Add(argv[1], text.str());
  DiagSink sink;
  timer.Phase("read");
  std::shared_ptr<ast::Spec> spec;
  {
    YDocument doc = LoadYaml(sm, file, sink);
    if (!doc.root) return 1;
    timer.Phase("yaml tree");
    FrontendContext ctx{sm, sink, LoadLimits{}, {}, {}, {}};
    spec = ParseSpec(ctx, *doc.root);
    if (!spec) return 1;
    timer.Phase("ast");
  }
  timer.Phase("drop yaml tree");
  auto pipeline = Lower(*spec, sink);
  timer.Phase("ir");
  PassContext pctx{sink, kfp ? Target::Kfp : Target::Argo, false};
  RunPasses(*pipeline, pctx);
  timer.Phase("passes");
  if (sink.HasErrors()) return 1;
  std::vector<Doc> docs = kfp ? EmitKfp(*pipeline) : EmitArgo(*pipeline);
  timer.Phase("documents");
  std::string out = kfp ? ToJsonText(docs[0], {.sorted_keys = true}) : ToYamlStream(docs);
  timer.Phase("text");
  std::printf("%-16s %8zu bytes\n", "output", out.size());
  return 0;
}
