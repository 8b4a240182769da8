// Validation passes over the IR: one check per file, one signature, run in a fixed order
// by RunPasses. Passes report to the sink and never change the IR.
#pragma once

#include <string_view>

#include "diag/diagnostic.h"
#include "ir/ir.h"

namespace mlpc {

enum class Target { None, Argo, Kfp };

struct PassContext {
  DiagSink& sink;
  Target target = Target::None;  // capability checks run for this target only
  bool nested = false;           // a sub-pipeline: some pipeline-level rules do not apply
  bool launched = false;         // a sub-pipeline an Argo step runs as its own KFP run
  // What `mlpc compile --emit` writes besides (or instead of) the pipeline: the notes
  // that point there are then moot.
  bool emit_sensors = false, emit_recurring_run = false;
};

using Pass = void (*)(const ir::Pipeline&, PassContext&);

struct PassInfo {
  std::string_view name;
  Pass run;
};

// The passes in the order they run.
const std::vector<PassInfo>& AllPasses();
// Runs every pass over the pipeline and its sub-pipelines.
void RunPasses(const ir::Pipeline& p, PassContext& ctx);
// Runs only the capability pass of ctx.target, over the pipeline and its sub-pipelines
// (for `mlpc lint --target all`, after RunPasses for another target).
void RunCapability(const ir::Pipeline& p, PassContext& ctx);

// The passes.
void CheckNames(const ir::Pipeline& p, PassContext& ctx);
void CheckReferences(const ir::Pipeline& p, PassContext& ctx);
void CheckTriggers(const ir::Pipeline& p, PassContext& ctx);
void CheckInputs(const ir::Pipeline& p, PassContext& ctx);
void CheckCycles(const ir::Pipeline& p, PassContext& ctx);
void CheckTypes(const ir::Pipeline& p, PassContext& ctx);
void CheckOutputs(const ir::Pipeline& p, PassContext& ctx);
void CheckExpressions(const ir::Pipeline& p, PassContext& ctx);
void CheckPlaceholders(const ir::Pipeline& p, PassContext& ctx);
void CheckValues(const ir::Pipeline& p, PassContext& ctx);
void CheckArgoCapability(const ir::Pipeline& p, PassContext& ctx);
void CheckKfpCapability(const ir::Pipeline& p, PassContext& ctx);
void CheckLint(const ir::Pipeline& p, PassContext& ctx);

// Literal text an engine would substitute in (lib/passes/engine_text.cc): `{{` anywhere
// on Argo (E0506), `{{$` in what KFP's launcher and driver fill (E0508).
void CheckArgoTexts(const ir::Pipeline& p, PassContext& ctx);
void CheckKfpTexts(const ir::Pipeline& p, PassContext& ctx);

using ir::TaskRefs;
std::string Quote(std::string_view s);  // "`s`"
// The context for sub-pipeline `t.sub`: nested, and checked for KFP when an Argo step
// launches it as a KFP run.
PassContext SubContext(const PassContext& ctx, const ir::Task& t);

}  // namespace mlpc
