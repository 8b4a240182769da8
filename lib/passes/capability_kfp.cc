// What Kubeflow Pipelines cannot carry. The KFP backend itself is not part of this
// version; these checks already tell `mlpc lint --target kfp` what would not compile.
#include <fmt/format.h>

#include "passes/passes.h"

namespace mlpc {

void CheckKfpCapability(const ir::Pipeline& p, PassContext& ctx) {
  if (ctx.target != Target::Kfp) return;
  if (!ctx.nested) {
    ctx.sink.Report(Code::E0503, p.name_span,
                    "target kfp: the Kubeflow Pipelines backend is not available in this version of mlpc",
                    "compile with --target argo");
  }
  for (const ir::Task& t : p.tasks) {
    if (t.settings.cache && t.settings.cache->max_age_s)
      ctx.sink.Report(Code::E0503, t.settings.cache->span,
                      fmt::format("target kfp cannot limit the age of cached results (task `{}`)", t.name),
                      "use `cache: true`, or compile this pipeline for argo");
  }
}

}  // namespace mlpc
