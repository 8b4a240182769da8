// Triggers as Argo Events documents (argoproj.io/v1alpha1): one Sensor a trigger, with a
// NATS dependency on an EventSource, its filters, and a trigger that starts the pipeline
// with the mapped params; plus the NATS EventSources a spec defines (`nats.url`/`subject`).
#pragma once

#include <vector>

#include "backends/serialize.h"
#include "ir/ir.h"

namespace mlpc {

enum class EventTarget { Argo, Kfp };

// EventSources first, then Sensors, in spec order. On Argo a Sensor submits the
// WorkflowTemplate; on KFP it creates a Workflow that runs the KFP launcher.
std::vector<Doc> EmitEvents(const ir::Pipeline& p, EventTarget target);

}  // namespace mlpc
