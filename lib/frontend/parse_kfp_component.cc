// KFP v1 component.yaml files (`implementation.container`), so existing component
// libraries are reused unchanged.
#include <fmt/format.h>

#include "frontend/parse.h"

namespace mlpc {

std::optional<ast::Component> ParseKfpComponent(FrontendContext& ctx, const YNode& name, const YNode& root,
                                                FileId) {
  (void)name;
  ctx.sink.Report(Code::E0214, root.Get("implementation") ? root.Get("implementation")->span : root.span,
                  "KFP component.yaml files (`implementation.container`) are not supported by this version of mlpc",
                  "re-express the component as an mlpc component: image, command, args, inputs, outputs");
  return std::nullopt;
}

}  // namespace mlpc
