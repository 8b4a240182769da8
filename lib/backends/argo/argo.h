// The Argo Workflows backend: verified IR to a Workflow, WorkflowTemplate or CronWorkflow
// (argoproj.io/v1alpha1, Argo v3.5+/v4). Reads only the IR; never re-checks what passes proved.
#pragma once

#include <vector>

#include "backends/serialize.h"
#include "ir/ir.h"

namespace mlpc {

// The documents of the Argo output, in order (the workflow first).
std::vector<Doc> EmitArgo(const ir::Pipeline& p);

}  // namespace mlpc
