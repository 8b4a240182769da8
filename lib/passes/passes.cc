#include "passes/passes.h"

namespace mlpc {

const std::vector<PassInfo>& AllPasses() {
  // Shape first, then references, graph and types; capability and lint last, so that
  // they only see pipelines whose references hold.
  static const std::vector<PassInfo> kPasses = {
      {"names", CheckNames},
      {"values", CheckValues},
      {"references", CheckReferences},
      {"triggers", CheckTriggers},
      {"inputs", CheckInputs},
      {"cycles", CheckCycles},
      {"types", CheckTypes},
      {"outputs", CheckOutputs},
      {"expressions", CheckExpressions},
      {"placeholders", CheckPlaceholders},
      {"argo-capability", CheckArgoCapability},
      {"kfp-capability", CheckKfpCapability},
      {"lint", CheckLint},
  };
  return kPasses;
}

PassContext SubContext(const PassContext& ctx, const ir::Task& t) {
  PassContext sub = ctx;
  sub.nested = true;
  if (ctx.target == Target::Argo && t.engine == ir::Engine::Kfp) {
    sub.target = Target::Kfp;
    sub.launched = true;
  }
  return sub;
}

void RunPasses(const ir::Pipeline& p, PassContext& ctx) {
  for (const PassInfo& pass : AllPasses()) pass.run(p, ctx);
  for (const ir::Task& t : p.tasks) {
    if (!t.sub) continue;
    PassContext sub = SubContext(ctx, t);
    RunPasses(*t.sub, sub);
  }
}

void RunCapability(const ir::Pipeline& p, PassContext& ctx) {
  if (ctx.target == Target::Argo) CheckArgoCapability(p, ctx);
  if (ctx.target == Target::Kfp) CheckKfpCapability(p, ctx);
  for (const ir::Task& t : p.tasks) {
    if (!t.sub) continue;
    PassContext sub = SubContext(ctx, t);
    RunCapability(*t.sub, sub);
  }
}

std::string Quote(std::string_view s) { return std::string("`").append(s).append("`"); }

}  // namespace mlpc
