// Fuzzes the whole compile: any bytes as a spec, analysed for each target, and every
// output mlpc would write for it rendered. A crash, a sanitizer report or an exception
// escaping the driver is a finding; diagnostics are the expected outcome for most inputs.
#include <cstddef>
#include <cstdint>
#include <string>

#include "backends/graph/graph.h"
#include "driver/driver.h"

namespace {

void CompileFor(const std::string& text, mlpc::Target target, mlpc::Emit emit) {
  mlpc::Limits limits;
  limits.max_file_size = 1u << 20;
  limits.yaml.max_nodes = 100000;
  auto a = mlpc::Analyze("fuzz.yaml", text, target, limits, emit);
  if (!a->pipeline || a->sink.HasErrors()) return;
  const mlpc::ir::Pipeline& p = *a->pipeline;
  if (emit == mlpc::Emit::Sensors && p.triggers.empty()) return;
  if (emit == mlpc::Emit::RecurringRun && !p.schedule) return;
  for (const char* format : {"yaml", "json"}) (void)mlpc::RenderOutput(p, target, format, emit);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  CompileFor(text, mlpc::Target::Argo, mlpc::Emit::Pipeline);
  CompileFor(text, mlpc::Target::Kfp, mlpc::Emit::Pipeline);
  CompileFor(text, mlpc::Target::Kfp, mlpc::Emit::Sensors);
  CompileFor(text, mlpc::Target::Kfp, mlpc::Emit::RecurringRun);
  return 0;
}
