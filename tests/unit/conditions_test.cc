// Every operand kind of the `when` grammar (docs/spec.md section 7) in every operator
// position, compiled for both targets: a condition either has diagnostics or compiles,
// and nothing throws (the driver catches nothing between the passes and the writers).
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "driver/driver.h"

using namespace mlpc;

namespace {

// One of each: literals, typed references, an untyped `item`, `pipeline.*`, and the
// computed kinds (a negation, the connectives and a comparison) as operands in turn.
const std::vector<std::string> kOperands = {
    "true",
    "1",
    "0.5",
    "'a'",
    "params.b",
    "params.i",
    "params.f",
    "params.s",
    "item",
    "pipeline.name",
    "pipeline.run_id",
    "!params.b",
    "(params.b && true)",
    "(params.b || tasks.s.outputs.ok)",
    "(params.i == 1)",
    "(params.s < 'x')",
    "tasks.s.outputs.n",
};

const std::vector<std::string> kOperators = {"==", "!=", "<", "<=", ">", ">=", "&&", "||"};

std::string Spec(const std::string& expr) {
  return R"(version: 1
name: p
defaults: {image: alpine:3.20}
params:
  b: {type: bool, default: true}
  i: {type: int, default: 1}
  f: {type: float, default: 0.5}
  s: {type: string, default: a}
  items: {type: list, default: [1, 2]}
tasks:
  s: {command: [x], outputs: {ok: bool, n: int}}
  t:
    command: [x]
    foreach: ${{ params.items }}
    when: "${{ )" +
         expr + R"( }}"
)";
}

// Analyzes and, when the spec is valid, renders; false when something threw.
bool CompilesOrReports(const std::string& expr, Target target, int& compiled) {
  try {
    auto a = Analyze("t.yaml", Spec(expr), target);
    if (!a->pipeline || a->sink.HasErrors()) return true;
    std::optional<std::string> out = RenderOutput(*a->pipeline, target, "yaml");
    ++compiled;
    return out && !out->empty();
  } catch (const std::exception& e) {
    UNSCOPED_INFO(expr << " on " << (target == Target::Argo ? "argo" : "kfp") << ": " << e.what());
    return false;
  }
}

}  // namespace

TEST_CASE("every operand kind in every operator position compiles or is reported", "[backend][when]") {
  std::vector<std::string> exprs;
  for (const std::string& l : kOperands) {
    exprs.push_back(l);
    exprs.push_back("!" + (l[0] == '(' || l[0] == '!' ? l : "(" + l + ")"));
    for (const std::string& op : kOperators)
      for (const std::string& r : kOperands) exprs.push_back(l + " " + op + " " + r);
  }
  int failures = 0, compiled = 0;
  for (const std::string& e : exprs)
    for (Target target : {Target::Argo, Target::Kfp})
      if (!CompilesOrReports(e, target, compiled)) ++failures;
  REQUIRE(failures == 0);
  // The two forms of the original finding compile on both targets.
  int before = compiled;
  REQUIRE(CompilesOrReports("!params.b != true", Target::Argo, compiled));
  REQUIRE(CompilesOrReports("(params.b == true) == false", Target::Kfp, compiled));
  REQUIRE(compiled == before + 2);
}
