// The Kubeflow Pipelines backend: verified IR to KFP v2 IR (PipelineSpec, schemaVersion
// 2.1.0) and, when any task has Kubernetes-level settings, a PlatformSpec as kfp-kubernetes
// writes it. Reads only the IR; what KFP cannot carry was rejected by CheckKfpCapability.
#pragma once

#include <vector>

#include "backends/serialize.h"
#include "ir/ir.h"

namespace mlpc {

// [PipelineSpec] or [PipelineSpec, PlatformSpec]. Keys are in construction order: write
// them with WriteStyle::sorted_keys, the order the KFP SDK writes.
std::vector<Doc> EmitKfp(const ir::Pipeline& p);

// The body of the KFP API's recurring-run request for a pipeline with a `schedule`.
Doc EmitRecurringRun(const ir::Pipeline& p);

}  // namespace mlpc
