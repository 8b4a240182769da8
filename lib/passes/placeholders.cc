// Placeholders: artifacts travel as whole values. Inside a container, `inputs.`/`outputs.`
// of an artifact are local paths and may stand inside a larger string; everywhere else
// an artifact reference must be the whole value.
#include "diag/messages.h"
#include "passes/passes.h"

namespace mlpc {
namespace {

void CheckWhole(const ir::Text& t, std::string_view where, PassContext& ctx) {
  if (t.pieces.size() <= 1) return;
  for (const auto& piece : t.pieces) {
    if (!piece.ref || piece.ref->kind == ir::Ref::Kind::Unresolved || !piece.ref->type.IsArtifact()) continue;
    ctx.sink.Report(
        piece.ref->span,
        diag::ArtifactInString{.ref = piece.ref->path.Text(), .type = piece.ref->type.Name(), .where = where});
  }
}

}  // namespace

void CheckPlaceholders(const ir::Pipeline& p, PassContext& ctx) {
  for (const ir::Task& t : p.tasks) {
    for (const ir::Arg& a : t.args)
      if (!a.value.is_literal) CheckWhole(a.value.text, "`with`", ctx);
    for (const ir::EnvVar& e : t.impl->env) {
      for (const auto& piece : e.value.pieces) {
        if (piece.ref && piece.ref->kind != ir::Ref::Kind::Unresolved && piece.ref->type.IsArtifact())
          ctx.sink.Report(piece.ref->span, diag::ArtifactInEnv{.env = e.name, .ref = piece.ref->path.Text()});
      }
    }
    // Inline containers: a task output that is an artifact is a path once it is an input,
    // but written as `tasks.X.outputs.Y` it must stand alone, as docs/spec.md says.
    if (t.impl->is_inline) {
      auto check_inline = [&](const ir::Text& text) {
        if (text.pieces.size() <= 1) return;
        for (const auto& piece : text.pieces) {
          if (!piece.ref || piece.ref->kind != ir::Ref::Kind::Input) continue;
          const ir::Io& in = t.impl->inputs[piece.ref->index];
          if (in.generated && in.type.IsArtifact() && piece.ref->path.parts[0] == "tasks")
            ctx.sink.Report(piece.ref->span,
                            diag::ArtifactInInlineString{.ref = piece.ref->path.Text(), .type = in.type.Name()});
        }
      };
      for (const ir::Text& c : t.impl->command) check_inline(c);
      for (const ir::Text& a : t.impl->args) check_inline(a);
      if (t.impl->script) check_inline(*t.impl->script);
    }
  }
  for (const ir::Output& o : p.outputs)
    for (const ir::Value* v : o.Values())
      if (!v->is_literal) CheckWhole(v->text, "`outputs`", ctx);
}

}  // namespace mlpc
