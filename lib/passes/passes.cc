#include "passes/passes.h"

namespace mlpc {

const std::vector<PassInfo>& AllPasses() {
  // Shape first, then references, graph and types; capability and lint last, so that
  // they only see pipelines whose references hold.
  static const std::vector<PassInfo> kPasses = {
      {"names", CheckNames},
      {"values", CheckValues},
      {"references", CheckReferences},
      {"inputs", CheckInputs},
      {"cycles", CheckCycles},
      {"types", CheckTypes},
      {"expressions", CheckExpressions},
      {"placeholders", CheckPlaceholders},
      {"argo-capability", CheckArgoCapability},
      {"kfp-capability", CheckKfpCapability},
      {"lint", CheckLint},
  };
  return kPasses;
}

void RunPasses(const ir::Pipeline& p, PassContext& ctx) {
  for (const PassInfo& pass : AllPasses()) pass.run(p, ctx);
  PassContext sub = ctx;
  sub.nested = true;
  for (const ir::Task& t : p.tasks)
    if (t.sub) RunPasses(*t.sub, sub);
}

void RunCapability(const ir::Pipeline& p, PassContext& ctx) {
  if (ctx.target == Target::Argo) CheckArgoCapability(p, ctx);
  if (ctx.target == Target::Kfp) CheckKfpCapability(p, ctx);
  PassContext sub = ctx;
  sub.nested = true;
  for (const ir::Task& t : p.tasks)
    if (t.sub) RunCapability(*t.sub, sub);
}

std::string Quote(std::string_view s) { return "`" + std::string(s) + "`"; }

}  // namespace mlpc
