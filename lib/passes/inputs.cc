// Inputs: every required input gets a value, no unknown input is given, and every
// container has an image.
#include <fmt/format.h>

#include "passes/passes.h"
#include "support/spell.h"

namespace mlpc {

void CheckInputs(const ir::Pipeline& p, PassContext& ctx) {
  for (const ir::Task& t : p.tasks) {
    if (t.component_missing || t.malformed) continue;  // already reported; more would be noise
    std::vector<std::string> names;
    for (const ir::Io& in : t.impl.inputs)
      if (!in.generated) names.push_back(in.name);
    std::string what = t.sub ? fmt::format("pipeline `{}`", t.impl.name) : fmt::format("component `{}`", t.impl.name);
    for (const auto& u : t.unknown_args) {
      ctx.sink.Report(Code::E0305, u.span,
                      fmt::format("{} has no {} `{}`{}", what, t.sub ? "param" : "input", u.value,
                                  DidYouMean(u.value, names)));
    }
    for (size_t i = 0; i < t.impl.inputs.size(); ++i) {
      const ir::Io& in = t.impl.inputs[i];
      if (in.default_value || in.optional || in.generated) continue;
      bool given = false;
      for (const ir::Arg& a : t.args) given = given || a.input == static_cast<int>(i);
      if (given) continue;
      Diagnostic& d = ctx.sink.Report(
          Code::E0306, t.span,
          fmt::format("task `{}` gives no value to required {} `{}` of {}", t.name, t.sub ? "param" : "input",
                      in.name, what));
      if (in.span.Valid()) d.notes.push_back({in.span, fmt::format("`{}` is declared here", in.name)});
    }
    if (!t.sub && t.impl.image.value.empty()) {
      ctx.sink.Report(Code::E0202, t.component_span.Valid() ? t.component_span : t.span,
                      fmt::format("task `{}` has no image", t.name),
                      "set `image` on the component, the task, or in `defaults`");
    }
  }
}

}  // namespace mlpc
