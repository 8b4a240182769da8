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

static void TextRefs(const ir::Text& t, std::vector<const ir::Ref*>& out) {
  for (const auto& piece : t.pieces)
    if (piece.ref) out.push_back(&*piece.ref);
}

static void CondRefs(const ir::Cond& c, std::vector<const ir::Ref*>& out) {
  if (c.kind == Expr::Kind::Ref) out.push_back(&c.ref);
  for (const ir::Cond& o : c.operands) CondRefs(o, out);
}

void TaskRefs(const ir::Task& t, std::vector<const ir::Ref*>& out) {
  for (const ir::Arg& a : t.args)
    if (!a.value.is_literal) TextRefs(a.value.text, out);
  if (t.when) CondRefs(*t.when, out);
  if (t.loop && t.loop->kind == ast::Foreach::Kind::Ref) out.push_back(&t.loop->ref);
  if (t.loop)
    for (const ir::Value& item : t.loop->items)
      if (!item.is_literal) TextRefs(item.text, out);
  for (const ir::Text& c : t.impl.command) TextRefs(c, out);
  for (const ir::Text& a : t.impl.args) TextRefs(a, out);
  if (t.impl.script) TextRefs(*t.impl.script, out);
  for (const ir::EnvVar& e : t.impl.env) TextRefs(e.value, out);
  TextRefs(t.impl.image_text, out);
}

std::string Quote(std::string_view s) { return "`" + std::string(s) + "`"; }

}  // namespace mlpc
