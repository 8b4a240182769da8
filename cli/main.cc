// mlpc's command line: parse options with CLI11, call the driver, return its exit code.
#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <CLI/CLI.hpp>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <iostream>

#include "diag/diagnostic.h"
#include "driver/driver.h"
#include "driver/fd_stream.h"
#include "driver/write_file.h"
#include "version.h"

namespace {

bool UseColor() { return isatty(STDERR_FILENO) && std::getenv("NO_COLOR") == nullptr; }

// A whole number from `lo` to `hi`, digits only: CLI11 converts with strtoull, which
// reads `-1` as 2^64 - 1 and saturates on overflow, so a range over the converted value
// would let both through.
CLI::Validator WholeNumber(uint64_t lo, uint64_t hi) {
  return CLI::Validator(
      [lo, hi](std::string& s) -> std::string {
        uint64_t v = 0;
        auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        if (s.empty() || ec != std::errc() || end != s.data() + s.size() || v < lo || v > hi)
          return fmt::format("{} is not a whole number from {} to {}", s, lo, hi);
        // Written back in plain decimal: CLI11 would read `010` as octal, 8.
        s = std::to_string(v);
        return {};
      },
      fmt::format("INT in [{} - {}]", lo, hi));
}

// A standard descriptor the caller closed (`>&-`) would be handed to the next file
// opened, and what is meant for it would land there: hold each closed one with
// /dev/null. True when stdout was closed, so that writing to it still fails.
bool HoldClosedStandardFds() {
  bool stdout_closed = false;
  for (int fd = 0; fd <= 2; ++fd) {
    if (fcntl(fd, F_GETFD) != -1 || errno != EBADF) continue;
    if (fd == STDOUT_FILENO) stdout_closed = true;
    (void)open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);  // the lowest free descriptor: `fd`
  }
  return stdout_closed;
}

}  // namespace

// The command line itself; main (below) sets up signals and standard output around it.
static int Run(int argc, char** argv) {
#ifdef __GLIBC__
  // A compile allocates millions of small nodes and frees many of them between large
  // buffers. With glibc's fast bins, every large request first merges all freed small
  // chunks (malloc_consolidate), a tenth of the user time of a large KFP compile.
  mallopt(M_MXFAST, 0);
#endif
  CLI::App app{"mlpc: compiles declarative ML and data pipeline specs to Argo Workflows and Kubeflow Pipelines"};
  app.set_version_flag("--version", "mlpc " MLPC_VERSION);
  app.require_subcommand(1);

  mlpc::CompileOptions copts;
  std::string target = "argo";
  auto* compile = app.add_subcommand("compile", "compile specs for an engine");
  compile->add_option("files", copts.files, "spec files (- for stdin)")->required();
  compile->add_option("-t,--target", target, "argo or kfp")->check(CLI::IsMember({"argo", "kfp"}))->required();
  auto* out_opt = compile->add_option("-o,--output", copts.output, "output file (- for stdout)");
  compile->add_option("--out-dir", copts.out_dir, "directory for one output per input")->excludes(out_opt);
  auto* format_opt =
      compile->add_option("--format", copts.format,
                          "yaml or json (default: from -o's extension, else json for the KFP API requests and yaml "
                          "for the rest)")
          ->check(CLI::IsMember({"yaml", "json"}));
  compile->add_flag("--check", copts.check, "exit 1 when the existing output differs instead of writing it");
  std::string emit = "pipeline";
  compile
      ->add_option("--emit", emit,
                   "pipeline (default; on argo with the triggers' Sensors, on kfp the SDK's pipeline file), "
                   "sensors (the Argo Events documents of `triggers`), recurring-run (kfp: the KFP API request "
                   "for `schedule`), or run-request (kfp: the KFP API's run body, pipeline_spec and platform_spec)")
      ->check(CLI::IsMember({"pipeline", "sensors", "recurring-run", "run-request"}));
  auto add_limits = [](CLI::App* cmd, mlpc::Limits& limits) {
    cmd->add_option("--max-file-size", limits.max_file_size, "largest input in bytes (default 8 MiB)")
        ->transform(WholeNumber(1, uint64_t{1} << 30));
    cmd->add_option("--max-nodes", limits.yaml.max_nodes, "most nodes aliases, and files named more than once, may add (default 1000000)")
        ->transform(WholeNumber(1, 100'000'000));
    cmd->add_option("--max-depth", limits.yaml.max_depth, "deepest YAML nesting (default 256, at most 450)")
        ->transform(WholeNumber(1, 450));
  };
  add_limits(compile, copts.limits);
  auto add_output_limit = [](CLI::App* cmd, size_t& max_output_size) {
    cmd->add_option("--max-output-size", max_output_size, "largest output in bytes (default 64 MiB)")
        ->transform(WholeNumber(1, uint64_t{4} << 30));
  };
  add_output_limit(compile, copts.max_output_size);
  // Not a size but a confinement: which files a (possibly hostile) spec may name.
  auto add_root = [](CLI::App* cmd, mlpc::Limits& limits) {
    cmd->add_option("--root", limits.root,
                    "directory that files a spec names must be inside (default: the git work tree holding it)")
        ->check(CLI::ExistingDirectory);
  };
  add_root(compile, copts.limits);
  auto add_max_errors = [](CLI::App* cmd, size_t& max_errors) {
    cmd->add_option("--max-errors", max_errors,
                    "errors (and warnings) shown per file in text and github output (default 100; 0: all)")
        ->transform(WholeNumber(0, 1000000000));
  };
  add_max_errors(compile, copts.max_errors);

  mlpc::LintOptions lopts;
  std::string lint_target = "all";
  auto* lint = app.add_subcommand("lint", "check specs without writing anything");
  lint->add_option("files", lopts.files, "spec files (- for stdin)")->required();
  lint->add_option("-t,--target", lint_target, "argo, kfp, or all (default: both)")
      ->check(CLI::IsMember({"argo", "kfp", "all"}));
  lint->add_option("--format", lopts.format,
                   "text (default, on stderr), json, sarif (SARIF 2.1.0) or github (workflow annotations)")
      ->check(CLI::IsMember({"text", "json", "sarif", "github"}));
  lint->add_flag("--werror", lopts.werror, "treat warnings as errors");
  add_limits(lint, lopts.limits);
  add_root(lint, lopts.limits);
  add_max_errors(lint, lopts.max_errors);

  mlpc::GraphOptions gopts;
  auto* graph = app.add_subcommand("graph", "draw a pipeline's DAG, for docs and review");
  graph->add_option("file", gopts.file, "spec file (- for stdin)")->required();
  graph->add_option("--format", gopts.format, "mermaid (default) or dot")->check(CLI::IsMember({"mermaid", "dot"}));
  graph->add_option("-o,--output", gopts.output, "output file (default: stdout)");
  add_limits(graph, gopts.limits);
  add_output_limit(graph, gopts.max_output_size);
  add_root(graph, gopts.limits);

  auto* schema = app.add_subcommand("schema", "print the JSON Schema of the pipeline spec");

  std::string code;
  auto* explain = app.add_subcommand("explain", "explain a diagnostic code, with an example");
  explain->add_option("code", code, "a code such as E0302")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }

  mlpc::Streams io{std::cin, std::cout, std::cerr, UseColor()};
  try {
    if (*compile) {
      copts.target = target == "kfp" ? mlpc::Target::Kfp : mlpc::Target::Argo;
      copts.emit = emit == "sensors"         ? mlpc::Emit::Sensors
                   : emit == "recurring-run" ? mlpc::Emit::RecurringRun
                   : emit == "run-request"   ? mlpc::Emit::RunRequest
                                             : mlpc::Emit::Pipeline;
      // Without --format: the extension of -o, else JSON for the KFP API's request bodies
      // and YAML for files (KFP's pipeline file is YAML; the SDK deprecates JSON).
      if (format_opt->count() == 0) {
        auto ends = [&](std::string_view ext) {
          return copts.output.size() > ext.size() && copts.output.ends_with(ext);
        };
        bool request = copts.emit == mlpc::Emit::RecurringRun || copts.emit == mlpc::Emit::RunRequest;
        copts.format = ends(".json") ? "json" : ends(".yaml") || ends(".yml") ? "yaml" : request ? "json" : "yaml";
      }
      copts.leave_memory_at_exit = true;  // the process ends with the compile
      return mlpc::Compile(copts, io);
    }
    if (*lint) {
      if (lint_target == "kfp") lopts.targets = {mlpc::Target::Kfp};
      if (lint_target == "all") lopts.targets = {mlpc::Target::Argo, mlpc::Target::Kfp};
      return mlpc::Lint(lopts, io);
    }
    if (*graph) return mlpc::Graph(gopts, io);
    if (*schema) return mlpc::PrintSchema(io);
    if (*explain) return mlpc::Explain(code, io);
  } catch (const std::exception& e) {
    std::cerr << "mlpc: internal error: " << e.what() << "\n";
    return 2;
  }
  return 2;
}

// Standard output goes through a buffer that keeps the first write error: a closed
// stdout, a full disk or a broken pipe (SIGPIPE ignored) is exit 2 with the reason, for
// every command, --help and --version included.
int main(int argc, char** argv) {
  bool stdout_closed = HoldClosedStandardFds();
  mlpc::FdStreamBuf out(stdout_closed ? -1 : STDOUT_FILENO);
  std::streambuf* saved = std::cout.rdbuf(&out);
  mlpc::RemoveTempFileOnSignals();
  int rc = Run(argc, argv);
  std::cout.flush();
  std::cout.rdbuf(saved);
  if (out.error() != 0) {
    std::cerr << fmt::format("mlpc: error: cannot write to standard output: {}\n", std::strerror(out.error()));
    return 2;
  }
  return rc;
}
