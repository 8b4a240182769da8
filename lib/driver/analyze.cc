#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <istream>
#include <ostream>
#include <sstream>

#include "driver/driver.h"
#include "frontend/parse.h"
#include "ir/lower.h"

namespace mlpc {

namespace {

void ReportOversized(DiagSink& sink, FileId file, const std::string& size, const Limits& limits) {
  sink.Report(Code::E0110, SourceSpan{file, 1, 1, 1},
              fmt::format("the file has {} bytes; the limit is {}", size, limits.max_file_size));
}

// The analysis of an input too large to read: only E0110.
std::unique_ptr<Analysis> Oversized(const std::string& name, const std::string& size, const Limits& limits) {
  auto a = std::make_unique<Analysis>();
  ReportOversized(a->sink, a->sm.Add(name, ""), size, limits);
  return a;
}

// Parses, lowers and checks one file already added to `sm`.
std::shared_ptr<ir::Pipeline> RunPhases(SourceManager& sm, DiagSink& sink, FileId file, Target target,
                                        const Limits& limits, Emit emit) {
  if (sm.Text(file).size() > limits.max_file_size) {
    ReportOversized(sink, file, std::to_string(sm.Text(file).size()), limits);
    return nullptr;
  }
  size_t before = sink.ErrorCount();
  FrontendContext ctx{sm, sink, limits.yaml, {}, {}, {}};
  std::shared_ptr<ast::Spec> spec;
  {
    // The YAML tree is the largest structure of the front half; the AST copies what it
    // needs, so the tree goes before lowering builds the IR.
    YDocument doc = LoadYaml(sm, file, sink, limits.yaml);
    if (!doc.root) return nullptr;
    spec = ParseSpec(ctx, *doc.root);
  }
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

std::unique_ptr<Analysis> AnalyzeInput(const std::string& path, std::istream& in, std::ostream& err, Target target,
                                       const Limits& limits, Emit emit) {
  std::string name = path == "-" ? "<stdin>" : path;
  std::string text;
  if (path == "-") {
    // Read one byte past the limit: enough to know the input is too large.
    text.resize(limits.max_file_size + 1);
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<size_t>(in.gcount()));
    if (text.size() > limits.max_file_size)
      return Oversized(name, "more than " + std::to_string(limits.max_file_size), limits);
    return Analyze(name, std::move(text), target, limits, emit);
  }
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    err << fmt::format("mlpc: error: `{}` is a directory\n", path);
    return nullptr;
  }
  std::ifstream f(path, std::ios::binary);
  if (!f) {
    err << fmt::format("mlpc: error: cannot read `{}`: {}\n", path, std::strerror(errno));
    return nullptr;
  }
  uintmax_t size = std::filesystem::file_size(path, ec);
  if (!ec && size > limits.max_file_size) return Oversized(name, std::to_string(size), limits);
  std::ostringstream buf;
  buf << f.rdbuf();
  text = buf.str();
  return Analyze(name, std::move(text), target, limits, emit);
}

std::unique_ptr<Analysis> Analyze(const std::string& path, std::string text, Target target, const Limits& limits,
                                  Emit emit) {
  auto a = std::make_unique<Analysis>();
  FileId file = a->sm.Add(path, std::move(text));
  a->pipeline = RunPhases(a->sm, a->sink, file, target, limits, emit);
  return a;
}

}  // namespace mlpc
