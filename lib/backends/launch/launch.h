// The hybrid launch: an Argo script template that runs a pipeline as a KFP run through the
// KFP v2beta1 API (create, wait, report run_id and run_url), with the pipeline's KFP IR
// embedded. Used for `engine: kfp` tasks on Argo and for Sensors that start KFP runs.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "backends/serialize.h"
#include "ir/ir.h"

namespace mlpc {

inline constexpr const char* kDefaultLauncherImage = "python:3.12-alpine";
// The input that names the run, so that tasks launching the same pipeline share one
// template (params are `[a-z][a-z0-9_]*`, so the name cannot collide).
inline constexpr const char* kRunNameInput = "mlpc-run-name";

struct Launch {
  const ir::Pipeline* pipeline = nullptr;  // compiled to KFP IR
  const ir::KfpSection* api = nullptr;     // host, ui, namespace, experiment, token, image
  std::string pipeline_root;               // used when `pipeline` sets none
  std::vector<std::string> params;         // runtime params given, as inputs.parameters.NAME
  std::string run_name;                    // the run's display name (may hold Argo tags);
                                           // empty: the kRunNameInput input
  std::optional<int64_t> timeout_s;
  bool wait = true;  // false: create the run and finish
};

// The template body (no name): inputs (the params and the embedded IR), outputs run_id
// and run_url, the script, and a deadline a little past the launcher's own timeout.
Doc LaunchTemplate(const Launch& l);

// The KFP IR of `p` as the v2beta1 API takes it in a run's `pipeline_spec`: the
// PipelineSpec, or {pipeline_spec, platform_spec} when there are Kubernetes settings.
Doc RunPipelineSpec(const ir::Pipeline& p, const std::string& fallback_root);

}  // namespace mlpc
