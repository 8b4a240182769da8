// Fuzzes the whole compile: any bytes as a spec, analysed once, checked for both targets,
// and every output mlpc would write for it rendered. A crash, a sanitizer report or an
// exception escaping the driver is a finding; diagnostics are the expected outcome for
// most inputs.
//
// It stays in memory: the spec's path lies in a directory that does not exist, so every
// file the spec names fails to open at once and no input reaches the disk (file
// resolution has its own target, files_fuzzer.cc). The front half runs once, as
// `mlpc lint --target all` runs it, and each target's capability pass decides what that
// target renders.
#include <cstddef>
#include <cstdint>
#include <string>

#include "driver/driver.h"

namespace {

void Render(const mlpc::ir::Pipeline& p, mlpc::Target target, mlpc::Emit emit) {
  for (const char* format : {"yaml", "json"}) (void)mlpc::RenderOutput(p, target, format, emit);
  if (target == mlpc::Target::Kfp && emit == mlpc::Emit::Pipeline)
    (void)mlpc::RenderOutput(p, target, "json", mlpc::Emit::RunRequest);
}

// The KFP capability pass with `--emit`'s flags, on its own sink: true when clean.
bool KfpClean(const mlpc::ir::Pipeline& p, mlpc::Emit emit) {
  mlpc::DiagSink sink;
  mlpc::PassContext ctx{sink, mlpc::Target::Kfp, false};
  ctx.emit_sensors = emit == mlpc::Emit::Sensors;
  ctx.emit_recurring_run = emit == mlpc::Emit::RecurringRun;
  mlpc::RunCapability(p, ctx);
  return !sink.HasErrors();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  mlpc::Limits limits;
  limits.max_file_size = 1u << 20;
  limits.yaml.max_nodes = 100000;
  std::string text(reinterpret_cast<const char*>(data), size);
  auto a = mlpc::Analyze("/nonexistent/mlpc-fuzz/spec.yaml", std::move(text), mlpc::Target::Argo, limits);
  if (!a->pipeline) return 0;
  const mlpc::ir::Pipeline& p = *a->pipeline;
  if (!a->sink.HasErrors()) Render(p, mlpc::Target::Argo, mlpc::Emit::Pipeline);
  // Shape, reference and type errors are target-neutral: they stop both targets.
  for (const mlpc::Diagnostic& d : a->sink.Sorted())
    if (d.severity == mlpc::Severity::Error && mlpc::Info(d.code).id.substr(0, 3) != "E05") return 0;
  if (KfpClean(p, mlpc::Emit::Pipeline)) Render(p, mlpc::Target::Kfp, mlpc::Emit::Pipeline);
  if (!p.triggers.empty() && KfpClean(p, mlpc::Emit::Sensors)) Render(p, mlpc::Target::Kfp, mlpc::Emit::Sensors);
  if (p.schedule && KfpClean(p, mlpc::Emit::RecurringRun)) Render(p, mlpc::Target::Kfp, mlpc::Emit::RecurringRun);
  return 0;
}
