// Lowering: AST to IR. Resolves component references, merges settings
// (defaults < component < task), resolves `${{ }}` references to typed edges, and turns
// references in inline containers and env into generated inputs. Reference problems are
// left in the IR as Unresolved refs for the references pass to report.
#pragma once

#include <cstdint>
#include <memory>

#include "diag/diagnostic.h"
#include "frontend/ast.h"
#include "ir/ir.h"

namespace mlpc {

// What the IR may hold: each task has its own copy of its component's command, script
// and env and of the settings it inherits, so a long script or a long `defaults.env`
// repeated over thousands of tasks stands for far more than the spec's text. Lowering
// counts the bytes of those copies over the pipeline and its sub-pipelines and stops at
// `max_bytes` (E0115, at the task that passes it; `exceeded` is then set and the rest
// of the tasks are left unresolved).
struct LowerBudget {
  size_t max_bytes = SIZE_MAX;
  size_t used = 0;
  bool exceeded = false;
};

std::shared_ptr<ir::Pipeline> Lower(const ast::Spec& spec, DiagSink& sink, LowerBudget* budget = nullptr);
// The same, freeing each task's AST record once it is lowered (the spec keeps its task
// list, of empty records), so the AST and the IR are not both whole at once.
std::shared_ptr<ir::Pipeline> Lower(ast::Spec&& spec, DiagSink& sink, LowerBudget* budget = nullptr);

}  // namespace mlpc
