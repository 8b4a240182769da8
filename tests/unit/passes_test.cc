#include "passes/passes.h"

#include <catch2/catch.hpp>

#include "driver/driver.h"

using namespace mlpc;

namespace {

std::vector<Diagnostic> Diags(const std::string& text, Target target = Target::Argo) {
  return Analyze("t.yaml", text, target)->sink.Sorted();
}

const char* kHead = "version: 1\nname: p\ndefaults: {image: alpine:3.20}\n";

}  // namespace

TEST_CASE("passes run in a fixed, documented order", "[passes]") {
  std::vector<std::string_view> names;
  for (const PassInfo& p : AllPasses()) names.push_back(p.name);
  REQUIRE(names.front() == "names");
  REQUIRE(names.back() == "lint");
  REQUIRE(names.size() == 12);
}

TEST_CASE("a cycle is reported once, with its path", "[passes]") {
  auto d = Diags(std::string(kHead) + R"(tasks:
  a: {command: [x], after: [c]}
  b: {command: [x], after: [a]}
  c: {command: [x], after: [b]}
)");
  REQUIRE(d.size() == 1);
  REQUIRE(d[0].code == Code::E0307);
  REQUIRE(d[0].message == "dependency cycle: a -> b -> c -> a");
  REQUIRE(d[0].notes.size() == 2);
}

TEST_CASE("a task that reads its own output depends on itself", "[passes]") {
  auto d = Diags(std::string(kHead) + R"(tasks:
  a: {command: [x, "${{ tasks.a.outputs.o }}"], outputs: {o: string}}
)");
  REQUIRE(d.size() == 1);
  REQUIRE(d[0].message == "task `a` depends on itself");
}

TEST_CASE("type errors name both types and both places", "[passes]") {
  auto d = Diags(std::string(kHead) + R"(components:
  c: {command: [x], inputs: {n: int}, outputs: {m: model}}
tasks:
  a: {component: c, with: {n: 1}}
  b: {component: c, with: {n: "${{ tasks.a.outputs.m }}"}}
)");
  REQUIRE(d.size() == 1);
  REQUIRE(d[0].code == Code::E0401);
  REQUIRE(d[0].message == "input `n` of task `b` is int, but `tasks.a.outputs.m` is model");
  REQUIRE(d[0].notes.at(0).span.line == 5);
}

TEST_CASE("conditions are type-checked", "[passes]") {
  auto d = Diags(std::string(kHead) + R"(params: {deploy: {type: bool, default: false}}
tasks:
  a: {command: [x], when: "${{ params.deploy == 0.9 }}"}
)");
  REQUIRE(d.size() == 1);
  REQUIRE(d[0].code == Code::E0404);
  REQUIRE(d[0].message == "`==` compares bool `params.deploy` with number `0.9`");
}

TEST_CASE("lint finds unpinned images, literal secrets, unused params, GPUs without memory", "[passes]") {
  auto d = Diags(R"(version: 1
name: p
params: {unused: {type: string, default: x}}
tasks:
  a:
    image: python:latest
    command: [x]
    env: {DB_PASSWORD: hunter2}
    resources: {gpu: 1}
)");
  std::vector<Code> codes;
  for (const auto& x : d) codes.push_back(x.code);
  REQUIRE(codes == std::vector<Code>{Code::W0103, Code::W0101, Code::W0102, Code::W0104});
}

TEST_CASE("capability checks run for their target only", "[passes]") {
  std::string spec = std::string(kHead) + R"(components:
  c: {command: [x], inputs: {d: dataset}, outputs: {o: string}}
  p: {command: [x], outputs: {d: dataset}}
tasks:
  a: {component: p}
  b: {component: c, with: {d: "${{ tasks.a.outputs.d }}"}, cache: true}
)";
  auto argo = Diags(spec, Target::Argo);
  REQUIRE(argo.size() == 1);
  REQUIRE(argo[0].code == Code::E0502);
  auto none = Diags(spec, Target::None);
  REQUIRE(none.empty());
}
