// Lowering: AST to IR. Resolves component references, merges settings
// (defaults < component < task), resolves `${{ }}` references to typed edges, and turns
// references in inline containers and env into generated inputs. Reference problems are
// left in the IR as Unresolved refs for the references pass to report.
#pragma once

#include <memory>

#include "diag/diagnostic.h"
#include "frontend/ast.h"
#include "ir/ir.h"

namespace mlpc {

std::shared_ptr<ir::Pipeline> Lower(const ast::Spec& spec, DiagSink& sink);

}  // namespace mlpc
