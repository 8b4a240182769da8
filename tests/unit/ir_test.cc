#include <catch2/catch.hpp>

#include "driver/driver.h"
#include "ir/types.h"

using namespace mlpc;
using ir::Type;
using ir::TypeKind;

TEST_CASE("types: spec and KFP spellings, assignability, literals", "[ir]") {
  REQUIRE(ir::ParseType("int")->kind == TypeKind::Int);
  REQUIRE(ir::ParseType("NUMBER_DOUBLE")->kind == TypeKind::Float);
  REQUIRE(ir::ParseType("system.Model")->kind == TypeKind::Model);
  REQUIRE(ir::ParseType("system.SlicedClassificationMetrics")->Name() == "system.SlicedClassificationMetrics");
  REQUIRE_FALSE(ir::ParseType("integer"));
  REQUIRE_FALSE(ir::ParseType("system.lower"));
  Type i{TypeKind::Int, ""}, f{TypeKind::Float, ""}, a{TypeKind::Artifact, ""}, m{TypeKind::Model, ""};
  REQUIRE(ir::Assignable(i, f));
  REQUIRE_FALSE(ir::Assignable(f, i));
  REQUIRE(ir::Assignable(m, a));
  REQUIRE_FALSE(ir::Assignable(a, m));
  REQUIRE(ir::LiteralFits(3, f));
  REQUIRE_FALSE(ir::LiteralFits("3", i));
}

namespace {

std::unique_ptr<Analysis> Run(const std::string& text) { return Analyze("t.yaml", text, Target::Argo); }

}  // namespace

TEST_CASE("lowering merges settings: task over component over defaults", "[ir]") {
  auto a = Run(R"(version: 1
name: p
defaults:
  image: alpine:3.20
  env: {A: d, B: d}
  labels: {team: x}
  resources: {cpu: "1", memory: 1Gi}
  volumes: [{empty_dir: {}, mount: /a}]
components:
  c:
    command: [run]
    env: {B: c, C: c}
    resources: {memory: 2Gi}
tasks:
  t:
    component: c
    image: busybox:1.36
    env: {C: t}
    labels: {tier: gold}
    volumes: [{empty_dir: {}, mount: /b}]
)");
  REQUIRE_FALSE(a->sink.HasErrors());
  const ir::Task& t = a->pipeline->tasks[0];
  REQUIRE(t.impl->image.value == "busybox:1.36");
  REQUIRE(t.impl->env.size() == 3);
  REQUIRE(t.impl->env[0].value.Literal() == "d");
  REQUIRE(t.impl->env[1].value.Literal() == "c");
  REQUIRE(t.impl->env[2].value.Literal() == "t");
  REQUIRE(t.settings->labels.size() == 2);
  REQUIRE(t.settings->resources.cpu->value == "1");
  REQUIRE(t.settings->resources.memory->value == "2Gi");
  REQUIRE(t.settings->volumes.size() == 1);
  REQUIRE(t.settings->volumes[0].mount == "/b");
}

TEST_CASE("references in inline containers become generated inputs", "[ir]") {
  auto a = Run(R"(version: 1
name: p
params: {n: {type: int, default: 3}}
tasks:
  make:
    image: alpine:3.20
    command: [sh, -c, "echo ${{ params.n }} > ${{ outputs.v }}"]
    outputs: {v: string}
  use:
    image: alpine:3.20
    args: ["${{ tasks.make.outputs.v }}", "${{ params.n }}", "n=${{ params.n }}"]
)");
  REQUIRE_FALSE(a->sink.HasErrors());
  const ir::Task& use = a->pipeline->tasks[1];
  REQUIRE(use.impl->inputs.size() == 2);
  REQUIRE(use.impl->inputs[0].name == "make_v");
  REQUIRE(use.impl->inputs[1].name == "n");
  REQUIRE(use.impl->inputs[1].type.kind == TypeKind::Int);
  REQUIRE(use.args.size() == 2);
  REQUIRE(use.deps == std::vector<int>{0});
  REQUIRE(use.impl->args[2].pieces[1].ref->kind == ir::Ref::Kind::Input);
}

TEST_CASE("loop outputs read from outside the loop are fan-in lists", "[ir]") {
  auto a = Run(R"(version: 1
name: p
components:
  work: {image: alpine:3.20, command: [w], inputs: {x: int}, outputs: {y: float}}
  sum: {image: alpine:3.20, command: [s], inputs: {ys: list}}
tasks:
  each: {component: work, foreach: {range: 4}, with: {x: "${{ item }}"}}
  total: {component: sum, with: {ys: "${{ tasks.each.outputs.y }}"}}
)");
  REQUIRE_FALSE(a->sink.HasErrors());
  const ir::Ref& r = *a->pipeline->tasks[1].args[0].value.text.pieces[0].ref;
  REQUIRE(r.fan_in);
  REQUIRE(r.type.kind == TypeKind::List);
  REQUIRE(a->pipeline->tasks[0].args[0].value.text.pieces[0].ref->type.kind == TypeKind::Int);
}
