#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <istream>
#include <ostream>

#include "diag/messages.h"
#include "diag/render_text.h"
#include "driver/driver.h"
#include "frontend/files.h"
#include "frontend/parse.h"
#include "ir/lower/lower.h"

namespace mlpc {

namespace {

void ReportOversized(DiagSink& sink, FileId file, const std::string& size, const Limits& limits) {
  sink.Report(SourceSpan{file, 1, 1, 1}, diag::FileTooLarge{.size = size, .max = limits.max_file_size});
}

// The analysis of an input too large to read: only E0110.
std::unique_ptr<Analysis> Oversized(const std::string& name, const std::string& size, const Limits& limits) {
  auto a = std::make_unique<Analysis>();
  ReportOversized(a->sink, a->sm.Add(name, ""), size, limits);
  return a;
}

// The analysis of an input that is not a regular file: only E0113.
std::unique_ptr<Analysis> NotRegular(const std::string& name, const std::string& kind) {
  auto a = std::make_unique<Analysis>();
  // No error test: the file named on the command line is a directory, FIFO or device: security/file-kinds.
  a->sink.Report(SourceSpan{a->sm.Add(name, ""), 1, 1, 1}, diag::NotRegularFile{.file = Elide(name), .kind = kind});
  return a;
}

// The root the files of `file` must be inside: --root, else found from the file.
std::string RootFor(const SourceManager& sm, FileId file, const Limits& limits) {
  if (limits.root.empty()) return FindRoot(DirOf(sm, file));
  std::error_code ec;
  std::filesystem::path root = std::filesystem::weakly_canonical(limits.root, ec);
  return ec ? std::filesystem::absolute(limits.root).lexically_normal().string() : root.string();
}

// Parses, lowers and checks one file already added to `a.sm`.
std::shared_ptr<ir::Pipeline> RunPhases(Analysis& a, FileId file, Target target, const Limits& limits, Emit emit) {
  SourceManager& sm = a.sm;
  DiagSink& sink = a.sink;
  if (sm.Text(file).size() > limits.max_file_size) {
    ReportOversized(sink, file, std::to_string(sm.Text(file).size()), limits);
    return nullptr;
  }
  size_t before = sink.ErrorCount();
  LoadLimits yaml = limits.yaml;
  yaml.max_bytes = limits.max_file_size;  // aliases add at most a file's worth
  a.root = RootFor(sm, file, limits);
  FrontendContext ctx{sm, sink, yaml, {}, {}, {}, a.root, limits.max_file_size, {}};
  std::shared_ptr<ast::Spec> spec;
  {
    // The YAML tree is the largest structure of the front half; the AST copies what it
    // needs, so the tree goes before lowering builds the IR.
    YDocument doc = LoadYaml(sm, file, sink, yaml);
    if (!doc.root) return nullptr;
    spec = ParseSpec(ctx, *doc.root);
  }
  for (const auto& [real, root] : ctx.loaded) a.named_files.push_back(real);
  // Shape errors leave holes in the AST: checking references over them would only add
  // noise, so those checks wait until the file is well-formed.
  if (!spec || sink.ErrorCount() > before) return nullptr;
  // What the tasks' own copies may hold: eight files' worth, far above a real spec (the
  // output limit, 64 MiB at the defaults, is in the same range).
  LowerBudget budget;
  budget.max_bytes = limits.max_file_size > SIZE_MAX / 8 ? SIZE_MAX : limits.max_file_size * 8;
  auto pipeline = Lower(std::move(*spec), sink, &budget);
  spec.reset();  // the passes read the IR only
  if (budget.exceeded) return nullptr;  // half-lowered: checking it would only add noise
  PassContext pctx{sink, target, false};
  pctx.emit_sensors = emit == Emit::Sensors;
  pctx.emit_recurring_run = emit == Emit::RecurringRun;
  RunPasses(*pipeline, pctx);
  return pipeline;
}

}  // namespace

std::unique_ptr<Analysis> AnalyzeInput(const std::string& path, std::istream& in, std::ostream& err, Target target,
                                       const Limits& limits, Emit emit) {
  std::string name = path == "-" ? "<stdin>" : path;
  // Inputs are not confined (the user named them), but they are read as every file is:
  // a regular file, or stdin in chunks, never more than one byte past the limit.
  ReadResult r = path == "-" ? ReadStream(in, limits.max_file_size) : ReadRegularFile(path, limits.max_file_size);
  switch (r.status) {
    case ReadStatus::Ok:
      return Analyze(name, std::move(r.text), target, limits, emit);
    case ReadStatus::TooLarge:
      return Oversized(name, r.size ? std::to_string(r.size) : "more than " + std::to_string(limits.max_file_size),
                       limits);
    case ReadStatus::NotRegular:
      if (!r.is_directory) return NotRegular(name, r.kind);
      err << fmt::format("mlpc: error: `{}` is a directory\n", Printable(path));
      return nullptr;
    case ReadStatus::CannotOpen:
    case ReadStatus::ReadFailed:
    case ReadStatus::Changed:
      break;
  }
  err << fmt::format("mlpc: error: cannot read `{}`: {}\n", Printable(path), std::strerror(r.error));
  return nullptr;
}

std::unique_ptr<Analysis> Analyze(const std::string& path, std::string text, Target target, const Limits& limits,
                                  Emit emit) {
  auto a = std::make_unique<Analysis>();
  FileId file = a->sm.Add(path, std::move(text));
  a->pipeline = RunPhases(*a, file, target, limits, emit);
  return a;
}

}  // namespace mlpc
