// Inputs: every required input gets a value, no unknown input is given, and every
// container has an image.
#include <fmt/format.h>

#include <map>

#include "diag/messages.h"
#include "passes/passes.h"
#include "support/spell.h"

namespace mlpc {

namespace {

// (task, output) -> the default an `all_done` reader gave it first, and where.
using OutputDefaults = std::map<std::pair<int, int>, std::pair<const ir::Value*, const ir::Task*>>;

// A task with `run_if: all_done` also runs when an upstream task failed, and a failed
// program often wrote no output. Each task output it reads must then have a fallback: the
// default of the input it feeds, which KFP takes for a missing output and the Argo backend
// writes as the output's `valueFrom.default` (docs/spec.md, section 9).
void CheckMaybeMissing(const ir::Pipeline& p, const ir::Task& t, PassContext& ctx, OutputDefaults& defaults) {
  for (const ir::Arg& a : t.args) {
    if (a.value.is_literal) continue;
    const ir::Io& in = t.impl->inputs[a.input];
    for (const auto& piece : a.value.text.pieces) {
      if (!piece.ref || piece.ref->kind != ir::Ref::Kind::TaskOutput) continue;
      const ir::Ref& r = *piece.ref;
      if (r.index < 0 || r.index >= static_cast<int>(p.tasks.size())) continue;
      const ir::Task& up = p.tasks[r.index];
      if (r.output < 0 || r.output >= static_cast<int>(up.impl->outputs.size())) continue;
      const std::string& out = up.impl->outputs[r.output].name;
      std::string why;
      if (up.impl->outputs[r.output].type.IsArtifact())
        why = "an artifact has no default";
      else if (up.sub)
        why = fmt::format("`{}` is a sub-pipeline, whose outputs take no default", up.name);
      else if (!a.value.text.IsWholeRef())
        why = "the reference is part of a longer text";
      else if (in.generated || !in.default_value || !in.default_value->is_literal)
        why = fmt::format("input `{}` has no default", in.name);
      if (why.empty()) {
        auto [have, fresh] = defaults.try_emplace({r.index, r.output}, &*in.default_value, &t);
        if (fresh || have->second.first->literal == in.default_value->literal) continue;
        why = fmt::format("task `{}` already gives it the default `{}`", have->second.second->name,
                          Elide(have->second.first->literal.dump()));
      }
      ctx.sink.Report(r.span,
                      diag::AllDoneMissingOutput{.task = t.name, .upstream = up.name, .output = out, .why = why});
    }
  }
}

}  // namespace

void CheckInputs(const ir::Pipeline& p, PassContext& ctx) {
  OutputDefaults defaults;
  for (const ir::Task& t : p.tasks) {
    if (t.component_missing || t.runs != ir::Task::Runs::One) continue;  // already reported; more would be noise
    std::vector<std::string> names;
    for (const ir::Io& in : t.impl->inputs)
      if (!in.generated) names.push_back(in.name);
    std::string what = t.sub ? fmt::format("pipeline `{}`", t.impl->name) : fmt::format("component `{}`", t.impl->name);
    for (const auto& u : t.unknown_args) {
      ctx.sink.Report(u.span, diag::UnknownWithInput{.what = what,
                                                     .kind = t.sub ? "param" : "input",
                                                     .name = u.value,
                                                     .suggestion = DidYouMean(u.value, names)});
    }
    for (size_t i = 0; i < t.impl->inputs.size(); ++i) {
      const ir::Io& in = t.impl->inputs[i];
      if (in.default_value || in.optional || in.generated) continue;
      bool given = false;
      for (const ir::Arg& a : t.args) given = given || a.input == static_cast<int>(i);
      if (given) continue;
      Diagnostic& d = ctx.sink.Report(
          t.span,
          diag::MissingInputValue{.task = t.name, .kind = t.sub ? "param" : "input", .name = in.name, .what = what});
      if (in.span.Valid()) d.notes.push_back({in.span, fmt::format("`{}` is declared here", in.name)});
    }
    if (t.all_done) CheckMaybeMissing(p, t, ctx, defaults);
    if (!t.sub && t.impl->image.value.empty()) {
      ctx.sink.Report(t.component_span.Valid() ? t.component_span : t.span, diag::TaskWithoutImage{.task = t.name});
    }
  }
}

}  // namespace mlpc
