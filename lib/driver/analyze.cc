#include <fmt/format.h>

#include "driver/driver.h"
#include "frontend/parse.h"
#include "ir/lower.h"

namespace mlpc {

namespace {

// Parses, lowers and checks one file already added to `sm`.
std::shared_ptr<ir::Pipeline> RunPhases(SourceManager& sm, DiagSink& sink, FileId file, Target target,
                                        const Limits& limits, Emit emit) {
  if (sm.Text(file).size() > limits.max_file_size) {
    sink.Report(Code::E0110, SourceSpan{file, 1, 1, 1},
                fmt::format("the file has {} bytes; the limit is {}", sm.Text(file).size(), limits.max_file_size));
    return nullptr;
  }
  size_t before = sink.ErrorCount();
  FrontendContext ctx{sm, sink, limits.yaml, {}, {}, {}};
  YDocument doc = LoadYaml(sm, file, sink, limits.yaml);
  if (!doc.root) return nullptr;
  auto spec = ParseSpec(ctx, *doc.root);
  // Shape errors leave holes in the AST: checking references over them would only add
  // noise, so those checks wait until the file is well-formed.
  if (!spec || sink.ErrorCount() > before) return nullptr;
  auto pipeline = Lower(*spec, sink);
  PassContext pctx{sink, target, false};
  pctx.emit_sensors = emit == Emit::Sensors;
  pctx.emit_recurring_run = emit == Emit::RecurringRun;
  RunPasses(*pipeline, pctx);
  // Keep the AST alive as long as the IR points into it.
  pipeline->keep_alive = spec;
  return pipeline;
}

}  // namespace

std::unique_ptr<Analysis> Analyze(const std::string& path, std::string text, Target target, const Limits& limits,
                                  Emit emit) {
  auto a = std::make_unique<Analysis>();
  FileId file = a->sm.Add(path, std::move(text));
  a->pipeline = RunPhases(a->sm, a->sink, file, target, limits, emit);
  return a;
}

}  // namespace mlpc
