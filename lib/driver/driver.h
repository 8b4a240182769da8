// The driver runs the phases over many files, owns the diagnostics, picks the backend
// and writes outputs atomically. Exit codes: 0 success, 1 input errors (or --check found
// a difference), 2 usage, I/O or internal error.
#pragma once

#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "diag/diagnostic.h"
#include "frontend/yaml_tree.h"
#include "ir/ir.h"
#include "passes/passes.h"

namespace mlpc {

struct Limits {
  size_t max_file_size = kDefaultMaxFileSize;  // bytes, for every file read
  LoadLimits yaml;
  // --root: the directory that files a spec names must be inside (docs/spec.md, section 1).
  // Empty: the git work tree that holds each input, or the input's directory.
  std::string root;
};

// The default bound on what compile and graph write. A real output is far below it: etcd
// keeps a Kubernetes object to about 1.5 MiB, and the KFP API takes far less than this.
inline constexpr size_t kDefaultMaxOutputSize = 64u << 20;

// What `mlpc compile` writes: the pipeline (on Argo followed by the trigger's EventSources
// and Sensors; on KFP the SDK's pipeline file), only the Argo Events documents, KFP's
// recurring-run request, or the body of KFP's run request ({pipeline_spec, platform_spec}).
enum class Emit { Pipeline, Sensors, RecurringRun, RunRequest };

struct CompileOptions {
  std::vector<std::string> files;  // "-" is stdin
  Target target = Target::Argo;
  std::string format = "yaml";  // yaml | json
  std::string output;           // -o FILE ("-" is stdout)
  std::string out_dir;          // --out-dir DIR
  bool check = false;           // compare with the existing output instead of writing
  size_t max_errors = 100;      // diagnostics shown per file and severity; 0: all
  Emit emit = Emit::Pipeline;
  Limits limits;
  size_t max_output_size = kDefaultMaxOutputSize;  // bytes of one output (all of stdout); E0114 over it
  // Leave the trees of the compile (AST, IR, output documents) to the operating system
  // instead of freeing them one node at a time. For a process that exits right after,
  // as the command line does: at 10,000 tasks the frees were a tenth of the run.
  bool leave_memory_at_exit = false;
};

struct LintOptions {
  std::vector<std::string> files;
  std::vector<Target> targets = {Target::Argo};
  std::string format = "text";  // text (stderr) | json | sarif | github (stdout)
  bool werror = false;
  size_t max_errors = 100;  // text and github: shown per file and severity; 0: all
  Limits limits;
};

struct GraphOptions {
  std::string file;                // "-" is stdin
  std::string format = "mermaid";  // mermaid | dot
  std::string output;              // -o FILE; empty or "-" is stdout
  Limits limits;
  size_t max_output_size = kDefaultMaxOutputSize;
};

struct Streams {
  std::istream& in;
  std::ostream& out;
  std::ostream& err;
  bool color = false;
};

int Compile(const CompileOptions& opts, Streams io);
int Lint(const LintOptions& opts, Streams io);
// `mlpc graph`: the pipeline's DAG as Mermaid or Graphviz DOT (lib/driver/graph.cc).
int Graph(const GraphOptions& opts, Streams io);
// `mlpc schema`: the JSON Schema of the spec (lib/driver/schema.cc).
int PrintSchema(Streams io);
// `mlpc explain CODE` (case-insensitive); exit 2 for an unknown code (lib/driver/explain.cc).
int Explain(std::string_view code, Streams io);

// The whole front half for one file, for tests and tools: parse, lower, run the passes.
struct Analysis {
  SourceManager sm;
  DiagSink sink;
  std::shared_ptr<ir::Pipeline> pipeline;  // null when the file could not be lowered
  std::string root;                        // the directory the files it names were confined to
  std::vector<std::string> named_files;    // the real paths of the files it named and read
};
// `text` is the file's content, read by the caller; the files it names are confined to
// `limits.root`, or to the root found from `path` (or from the current directory for stdin).
std::unique_ptr<Analysis> Analyze(const std::string& path, std::string text, Target target, const Limits& limits = {},
                                  Emit emit = Emit::Pipeline);

// Reads a command-line input (a path, or "-" for stdin) and analyses it. A file over
// `limits.max_file_size` is not read: its analysis holds E0110; one that is not a regular
// file (a device, a FIFO) holds E0113. Null, with the reason on `err`, when the input
// cannot be read or is a directory (an I/O error: exit 2).
std::unique_ptr<Analysis> AnalyzeInput(const std::string& path, std::istream& in, std::ostream& err, Target target,
                                       const Limits& limits, Emit emit = Emit::Pipeline);

// The bytes `mlpc compile` writes for a verified pipeline. Argo: YAML (or JSON); KFP: the
// SDK's pipeline file, YAML (PipelineSpec, then PlatformSpec when there is one) or JSON
// (the bare PipelineSpec: KFP reads a PlatformSpec only from YAML, so a pipeline with one
// has no JSON file and gives nullopt). `emit` selects the documents (see Emit).
std::optional<std::string> RenderOutput(const ir::Pipeline& p, Target target, const std::string& format,
                                        Emit emit = Emit::Pipeline);

class TextSink;  // backends/serialize.h
enum class Rendered {
  Ok,
  TooLarge,   // the output would be larger than the limit: the sink holds a part (E0114)
  NeedsYaml,  // KFP JSON of a pipeline with a PlatformSpec: nothing was written
};
// RenderOutput for an analysis without errors, into `sink`, stopping as soon as the
// output would be larger than `max_bytes` (the caller reports E0114 with
// ReportOutputTooLarge). `leave_memory` as in CompileOptions.
Rendered RenderWithin(const Analysis& a, Target target, const std::string& format, Emit emit, size_t max_bytes,
                      TextSink& sink, bool leave_memory = false);
// Reports E0114 in `a.sink` for an output larger than `max_bytes`, at the pipeline's
// `name:` value (1:1 without one).
void ReportOutputTooLarge(Analysis& a, size_t max_bytes);

// Writes `data` to `path` through a temporary file and a rename; false with `error` set.
// The temporary file is created exclusively under a random name beside `path`, synced,
// and removed on failure and on an exception (and on SIGINT, SIGTERM and SIGHUP after
// RemoveTempFileOnSignals; driver/write_file.h also says which targets to refuse first).
bool WriteAtomically(const std::string& path, const std::string& data, std::string& error);
// The same, with the content written by `produce` as it is made; `produce` returns false
// to abandon the write (nothing is written, `error` stays empty).
bool WriteAtomically(const std::string& path, const std::function<bool(std::ostream&)>& produce, std::string& error);

}  // namespace mlpc
