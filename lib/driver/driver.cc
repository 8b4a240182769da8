#include "driver/driver.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "backends/argo/argo.h"
#include "backends/events/events.h"
#include "backends/kfp/kfp.h"
#include "diag/messages.h"
#include "diag/render_text.h"
#include "diag/render_report.h"
#include "driver/write_file.h"
#include "frontend/files.h"

namespace mlpc {

namespace {

// What a compile hands to the operating system instead of freeing (see
// CompileOptions::leave_memory_at_exit). Reachable from here, so leak checkers stay quiet.
std::vector<std::shared_ptr<void>>& Graveyard() {
  static auto* kept = new std::vector<std::shared_ptr<void>>();
  return *kept;
}

template <typename T>
void Bury(T&& value) {
  Graveyard().push_back(std::make_shared<std::decay_t<T>>(std::forward<T>(value)));
}

// The documents of one output and how they are written.
struct Rendering {
  std::vector<Doc> docs;
  WriteStyle style;
  bool json_list = false;    // JSON of several documents: a Kubernetes v1 List
  bool run_request = false;  // KFP's run request body: {pipeline_spec, platform_spec}
};

// Thrown through RenderPipeline for KFP JSON of a pipeline with a PlatformSpec.
struct NeedsYaml {};

Rendering Build(const ir::Pipeline& p, Target target, Emit emit) {
  Rendering r;
  EventTarget events = target == Target::Kfp ? EventTarget::Kfp : EventTarget::Argo;
  if (emit == Emit::RecurringRun) {
    r.docs.push_back(EmitRecurringRun(p));
  } else if (emit == Emit::Sensors) {
    r.docs = EmitEvents(p, events);
    r.json_list = true;
  } else if (target == Target::Kfp) {
    r.docs = EmitKfp(p);
    r.style.sorted_keys = true;
    r.run_request = emit == Emit::RunRequest;
  } else {
    r.docs = EmitArgo(p);
    // Argo output is for `kubectl apply`: the Sensors that start the workflow come with it.
    for (Doc& d : EmitEvents(p, events)) r.docs.push_back(std::move(d));
    r.json_list = r.docs.size() > 1;
  }
  return r;
}

void Write(Rendering& r, const std::string& format, TextSink& sink) {
  if (r.run_request) {
    // The shape the KFP v2beta1 API takes in a run's (or a pipeline version's) body.
    Doc body = Doc{{"pipeline_spec", std::move(r.docs[0])}};
    if (r.docs.size() > 1) body["platform_spec"] = std::move(r.docs[1]);
    r.docs = {std::move(body)};
  } else if (format == "json" && r.style.sorted_keys && r.docs.size() > 1) {
    // KFP's pipeline file: the SDK and the KFP tools read a PlatformSpec only from YAML.
    throw NeedsYaml{};
  }
  if (format != "json") return WriteYaml(sink, r.docs, r.style);
  if (r.json_list) {
    // Several objects in JSON: a v1 List, which `kubectl apply -f` takes.
    Doc list = Doc{{"apiVersion", "v1"}, {"kind", "List"}, {"items", Doc::array()}};
    for (Doc& d : r.docs) list["items"].push_back(std::move(d));
    r.docs = {std::move(list)};
  }
  WriteJson(sink, r.docs[0], r.style);
}

void RenderPipeline(const ir::Pipeline& p, Target target, const std::string& format, Emit emit, bool leave,
                    TextSink& sink) {
  Rendering r = Build(p, target, emit);
  Write(r, format, sink);
  if (leave) Bury(std::move(r.docs));
}

struct StringSink : TextSink {
  std::string text;
  void Write(std::string_view chunk) override { text.append(chunk); }
};

// Thrown by BoundedSink through the writers, which have no other way to stop.
struct OutputLimitReached {};

// Passes text on until it would exceed its budget, then stops the writer, so that an
// output of gigabytes is never produced (docs/spec.md, section 1).
struct BoundedSink : TextSink {
  BoundedSink(TextSink& next, size_t budget) : next(next), left(budget) {}
  void Write(std::string_view chunk) override {
    if (chunk.size() > left) throw OutputLimitReached{};
    left -= chunk.size();
    next.Write(chunk);
  }
  TextSink& next;
  size_t left;
};

// Text straight to a stream: a large output is never whole in memory.
struct StreamSink : TextSink {
  explicit StreamSink(std::ostream& s) : out(s) {}
  void Write(std::string_view chunk) override { out.write(chunk.data(), static_cast<std::streamsize>(chunk.size())); }
  std::ostream& out;
};

}  // namespace

std::optional<std::string> RenderOutput(const ir::Pipeline& p, Target target, const std::string& format, Emit emit) {
  StringSink sink;
  try {
    RenderPipeline(p, target, format, emit, false, sink);
  } catch (const NeedsYaml&) {
    return std::nullopt;
  }
  return std::move(sink.text);
}

void ReportOutputTooLarge(Analysis& a, size_t max_bytes) {
  SourceSpan at{1, 1, 1, 1};
  if (a.pipeline && a.pipeline->name_span.line > 0) at = a.pipeline->name_span;
  a.sink.Report(at, diag::OutputTooLarge{.max = max_bytes});
}

Rendered RenderWithin(const Analysis& a, Target target, const std::string& format, Emit emit, size_t max_bytes,
                      TextSink& sink, bool leave_memory) {
  try {
    BoundedSink bounded(sink, max_bytes);
    RenderPipeline(*a.pipeline, target, format, emit, leave_memory, bounded);
    return Rendered::Ok;
  } catch (const OutputLimitReached&) {
    return Rendered::TooLarge;
  } catch (const NeedsYaml&) {
    return Rendered::NeedsYaml;
  }
}

namespace {

std::string_view TargetName(Target t) { return t == Target::Kfp ? "kfp" : "argo"; }

struct Unit {
  std::string path;
  std::unique_ptr<Analysis> analysis;
  bool ok = false;
};

// Shows the file's diagnostics, at most `max_errors` of each severity (0: all), then a
// line saying how many more there were; counts them all.
void Render(const Unit& u, std::ostream& err, bool color, size_t max_errors, size_t& errors, size_t& warnings) {
  Shown shown{max_errors};
  for (const Diagnostic& d : u.analysis->sink.Sorted()) {
    if (shown.Take(d)) err << RenderText(d, u.analysis->sm, TextStyle{color});
    if (d.severity == Severity::Error) ++errors;
    if (d.severity == Severity::Warning) ++warnings;
  }
  std::string more = shown.More();
  if (!more.empty())
    err << fmt::format("mlpc: {} in {} not shown (--max-errors {}; 0 shows all)\n", more,
                       u.path == "-" ? "<stdin>" : Printable(u.path), max_errors);
}

std::string OutputName(const std::string& input, Target target, const std::string& format, Emit emit) {
  std::string stem = input == "-" ? "stdin" : std::filesystem::path(input).stem().string();
  std::string_view what = emit == Emit::Sensors        ? ".sensors"
                          : emit == Emit::RecurringRun ? ".recurring-run"
                          : emit == Emit::RunRequest   ? ".run-request"
                                                       : "";
  return fmt::format("{}.{}{}.{}", stem, TargetName(target), what, format);
}

// Where compile writes the output of `input`: -o FILE, or its name in --out-dir.
std::string OutputPath(const CompileOptions& opts, const std::string& input) {
  if (!opts.output.empty()) return opts.output;
  return (std::filesystem::path(opts.out_dir) / OutputName(input, opts.target, opts.format, opts.emit)).string();
}

// The first line where two texts differ (1-based), for --check.
size_t FirstDifference(const std::string& a, const std::string& b) {
  size_t line = 1;
  for (size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
    if (a[i] != b[i]) return line;
    if (a[i] == '\n') ++line;
  }
  return line;
}

}  // namespace

int Compile(const CompileOptions& opts, Streams io) {
  if (opts.emit == Emit::RecurringRun && opts.target != Target::Kfp) {
    io.err << "mlpc: error: --emit recurring-run is for --target kfp; on Argo a `schedule` makes a CronWorkflow\n";
    return 2;
  }
  if (opts.emit == Emit::RunRequest && opts.target != Target::Kfp) {
    io.err << "mlpc: error: --emit run-request is for --target kfp\n";
    return 2;
  }
  if (!opts.output.empty() && opts.files.size() > 1) {
    io.err << "mlpc: error: -o takes one input file; use --out-dir for several\n";
    return 2;
  }
  if (opts.check && opts.output.empty() && opts.out_dir.empty()) {
    io.err << "mlpc: error: --check compares with an output file: give -o FILE or --out-dir DIR\n";
    return 2;
  }
  if (opts.format == "json" && opts.files.size() > 1 && opts.out_dir.empty()) {
    io.err << "mlpc: error: several inputs with --format json need --out-dir\n";
    return 2;
  }
  bool to_stdout = opts.out_dir.empty() && (opts.output.empty() || opts.output == "-");
  if (!to_stdout && !opts.check) {
    // Refused before anything is read, so that nothing at all is written.
    for (const std::string& input : opts.files) {
      std::string why = RefuseOutput(OutputPath(opts, input), opts.files);
      if (!why.empty()) {
        io.err << "mlpc: error: " << Printable(why) << "\n";
        return 2;
      }
    }
  }
  std::vector<Unit> units;
  bool io_error = false;
  for (const std::string& path : opts.files) {
    Unit u;
    u.path = path;
    u.analysis = AnalyzeInput(path, io.in, io.err, opts.target, opts.limits, opts.emit);
    if (!u.analysis) {
      io_error = true;
      continue;
    }
    u.ok = u.analysis->pipeline && !u.analysis->sink.HasErrors();
    if (u.ok && (opts.emit == Emit::Sensors || opts.emit == Emit::RecurringRun)) {
      const ir::Pipeline& p = *u.analysis->pipeline;
      bool none = opts.emit == Emit::Sensors ? p.triggers.empty() : !p.schedule;
      if (none) {
        io.err << fmt::format("mlpc: error: `{}` has no `{}` to emit\n", Printable(path),
                              opts.emit == Emit::Sensors ? "triggers" : "schedule");
        io_error = true;
        u.ok = false;
      }
    }
    units.push_back(std::move(u));
  }
  size_t errors = 0, warnings = 0;
  for (const Unit& u : units) Render(u, io.err, io.color, opts.max_errors, errors, warnings);
  if (!to_stdout) {
    // What only the analysis knows: the files the specs named (no output may replace one)
    // and the roots a committed symlink must not lead an output out of. Checked for every
    // output before any is written or read.
    bool refused = false;
    // The roots: each spec's, and the current directory's unless --root names the one.
    std::vector<std::string> read = opts.files, roots;
    if (opts.limits.root.empty()) roots.push_back(FindRoot(""));
    for (const Unit& u : units) {
      read.insert(read.end(), u.analysis->named_files.begin(), u.analysis->named_files.end());
      if (std::find(roots.begin(), roots.end(), u.analysis->root) == roots.end()) roots.push_back(u.analysis->root);
    }
    for (const Unit& u : units) {
      if (!u.ok) continue;
      std::string path = OutputPath(opts, u.path);
      std::string why = opts.check ? "" : RefuseOutput(path, read);
      if (why.empty()) why = OutputLeavesRoot(path, roots, opts.check);
      if (!why.empty()) {
        io.err << "mlpc: error: " << Printable(why) << "\n";
        refused = true;
      }
    }
    if (refused) {
      std::string summary = RenderSummary(errors, warnings);
      if (!summary.empty()) io.err << "mlpc: " << summary << "\n";
      return 2;
    }
  }

  int rc = io_error ? 2 : errors > 0 ? 1 : 0;
  // An output over the limit is an error of its input, found only while rendering.
  auto too_large = [&](const Unit& u) {
    ReportOutputTooLarge(*u.analysis, opts.max_output_size);
    io.err << RenderText(u.analysis->sink.All().back(), u.analysis->sm, TextStyle{io.color});
    ++errors;
    rc = std::max(rc, 1);
  };
  // What a rendering that did not finish means; false when it did not.
  auto finished = [&](const Unit& u, Rendered how) {
    if (how == Rendered::TooLarge) too_large(u);
    if (how == Rendered::NeedsYaml) {
      io.err << fmt::format(
          "mlpc: error: `{}` has Kubernetes settings (a PlatformSpec), which KFP reads only from YAML; write YAML "
          "(--format yaml, or an -o name ending in .yaml), or --emit run-request for the KFP API's request body\n",
          u.path == "-" ? "<stdin>" : Printable(u.path));
      rc = 2;
    }
    return how == Rendered::Ok;
  };
  if (to_stdout) {
    // One stream: all of it or nothing. Every input is analysed, and every output
    // rendered within the limit, before anything is written.
    if (errors == 0 && !io_error) {
      StringSink all;
      bool within = true;
      for (size_t i = 0; i < units.size() && within; ++i) {
        if (i) all.Write("---\n");
        size_t left = opts.max_output_size > all.text.size() ? opts.max_output_size - all.text.size() : 0;
        within = finished(units[i], RenderWithin(*units[i].analysis, opts.target, opts.format, opts.emit, left, all,
                                                 opts.leave_memory_at_exit));
      }
      if (within) io.out.write(all.text.data(), static_cast<std::streamsize>(all.text.size()));
    }
  } else {
    for (const Unit& u : units) {
      if (!u.ok) continue;  // nothing is written for a file with errors
      std::string path = OutputPath(opts, u.path);
      if (opts.check) {
        StringSink sink;
        if (!finished(u, RenderWithin(*u.analysis, opts.target, opts.format, opts.emit, opts.max_output_size, sink,
                                      opts.leave_memory_at_exit)))
          continue;
        const std::string& data = sink.text;
        // One byte more than the output is enough to know that a file differs.
        ExistingOutput existing = ReadExistingOutput(path, data.size() + 1);
        if (existing.kind == ExistingOutput::Refused) {
          io.err << "mlpc: error: " << Printable(existing.error) << "\n";
          rc = 2;
        } else if (existing.kind == ExistingOutput::Missing) {
          io.err << fmt::format("mlpc: {} is missing; run mlpc compile without --check to create it\n", Printable(path));
          rc = std::max(rc, 1);
        } else if (existing.text != data) {
          io.err << fmt::format(
              "mlpc: {} is out of date (first difference at line {}); run mlpc compile to update it\n", Printable(path),
              FirstDifference(existing.text, data));
          rc = std::max(rc, 1);
        }
        continue;
      }
      std::string error;
      Rendered how = Rendered::Ok;
      auto produce = [&](std::ostream& out) {
        StreamSink sink(out);
        how = RenderWithin(*u.analysis, opts.target, opts.format, opts.emit, opts.max_output_size, sink,
                           opts.leave_memory_at_exit);
        return how == Rendered::Ok;
      };
      if (!WriteAtomically(path, produce, error) && finished(u, how)) {
        io.err << "mlpc: error: " << Printable(error) << "\n";
        rc = 2;
      }
    }
  }
  if (opts.leave_memory_at_exit) Bury(std::move(units));
  std::string summary = RenderSummary(errors, warnings);
  if (!summary.empty()) io.err << "mlpc: " << summary << "\n";
  return rc;
}

int Lint(const LintOptions& opts, Streams io) {
  size_t errors = 0, warnings = 0;
  bool io_error = false;
  bool as_text = opts.format == "text";
  // Each file's part of a machine-readable report is written once it is linted, and the
  // file's analysis dropped.
  LintReport report(as_text ? "" : opts.format, io.out, opts.max_errors);
  for (const std::string& path : opts.files) {
    Unit u;
    u.path = path;
    // Every target's capability is checked; the shared checks report once.
    u.analysis = AnalyzeInput(path, io.in, io.err, opts.targets.front(), opts.limits);
    if (!u.analysis) {
      io_error = true;
      continue;
    }
    for (size_t i = 1; i < opts.targets.size() && u.analysis->pipeline; ++i) {
      PassContext ctx{u.analysis->sink, opts.targets[i], false};
      RunCapability(*u.analysis->pipeline, ctx);
    }
    if (as_text) {
      Render(u, io.err, io.color, opts.max_errors, errors, warnings);
      continue;
    }
    LintFile file{u.path, &u.analysis->sm, u.analysis->sink.Sorted()};
    for (const Diagnostic& d : file.diagnostics) {
      if (d.severity == Severity::Error) ++errors;
      if (d.severity == Severity::Warning) ++warnings;
    }
    report.Add(file);
  }
  report.Finish();
  std::string summary = RenderSummary(errors, warnings);
  if (!summary.empty()) io.err << "mlpc: " << summary << "\n";
  if (io_error) return 2;
  if (errors > 0 || (opts.werror && warnings > 0)) return 1;
  return 0;
}

}  // namespace mlpc
