#include <catch2/catch.hpp>

#include <yaml-cpp/yaml.h>

#include "backends/argo/argo.h"
#include "backends/argo/argo_internal.h"
#include "backends/serialize.h"
#include "driver/driver.h"

using namespace mlpc;

TEST_CASE("strings that YAML would read as other types are quoted", "[backend]") {
  for (const char* s : {"", "true", "no", "on", "Y", "null", "~", "10", "-1.5", "1e3", "0x1F", "0o17", "2024-06-01",
                        ".inf", "12:30", " lead", "trail "})
    REQUIRE(NeedsQuotes(s));
  for (const char* s : {"hello", "s3://bucket/key", "eng+deu", "v1.2.3", "1Gi", "500m"}) REQUIRE_FALSE(NeedsQuotes(s));
}

TEST_CASE("serialized YAML reads back to the same tree", "[backend]") {
  Doc d = Doc::object();
  d["plain"] = "value";
  d["num_string"] = "10";
  d["bool_string"] = "yes";
  d["num"] = 10;
  d["multi"] = "line one\nline two\n";
  d["multi_no_newline"] = "line one\nline two";
  d["multi_two_newlines"] = "line one\n\n";
  d["tricky"] = "a: b # c {{x}} 'q' \"dq\" * & ! ---";
  d["list"] = Doc::array({"a", "-b", "c d", "{{item}}"});
  d["empty_map"] = Doc::object();
  d["empty_list"] = Doc::array();
  d["unicode"] = "ümlaut — ✓";
  d["ctrl"] = "tab\there\r";
  YAML::Node n = YAML::Load(ToYaml(d));
  REQUIRE(n["plain"].as<std::string>() == "value");
  REQUIRE(n["num_string"].Tag() == "!");
  REQUIRE(n["num_string"].as<std::string>() == "10");
  REQUIRE(n["bool_string"].Tag() == "!");
  REQUIRE(n["multi"].as<std::string>() == "line one\nline two\n");
  REQUIRE(n["multi_no_newline"].as<std::string>() == "line one\nline two");
  REQUIRE(n["multi_two_newlines"].as<std::string>() == "line one\n\n");
  REQUIRE(ToYaml(d).find("multi: |\n  line one\n  line two\nmulti_no_newline") != std::string::npos);
  REQUIRE(n["tricky"].as<std::string>() == d["tricky"].get<std::string>());
  REQUIRE(n["list"][1].as<std::string>() == "-b");
  REQUIRE(n["list"][3].as<std::string>() == "{{item}}");
  REQUIRE(n["unicode"].as<std::string>() == d["unicode"].get<std::string>());
  REQUIRE(n["ctrl"].as<std::string>() == d["ctrl"].get<std::string>());
  REQUIRE(ToYaml(d) == ToYaml(d));
}

TEST_CASE("durations are written as Go durations", "[backend]") {
  REQUIRE(argo::GoDuration(30) == "30s");
  REQUIRE(argo::GoDuration(90) == "1m30s");
  REQUIRE(argo::GoDuration(7 * 86400) == "168h");
  REQUIRE(argo::GoDuration(3600 + 1) == "1h1s");
  REQUIRE(argo::DnsName("empty-dir/var/Scratch_1") == "empty-dir-var-scratch-1");
}

TEST_CASE("argo conditions quote strings, compare numbers bare, read bools as 'true'", "[backend]") {
  auto a = Analyze("t.yaml", R"(version: 1
name: p
defaults: {image: alpine:3.20}
params:
  region: {type: string, default: eu}
  min: {type: float, default: 0.9}
  go: {type: bool, default: true}
tasks:
  s: {command: [x], outputs: {score: float, who: string}}
  t:
    command: [x]
    when: "${{ (tasks.s.outputs.score >= params.min || tasks.s.outputs.who == 'it') && !params.go && params.region != 'us' }}"
)", Target::Argo);
  REQUIRE_FALSE(a->sink.HasErrors());
  std::string when = argo::WhenText(*a->pipeline, *a->pipeline->tasks[1].when, {});
  REQUIRE(when ==
          "({{tasks.s.outputs.parameters.score}} >= {{workflow.parameters.min}} || "
          "'{{tasks.s.outputs.parameters.who}}' == 'it') && !('{{workflow.parameters.go}}' == 'true') && "
          "'{{workflow.parameters.region}}' != 'us'");
}

TEST_CASE("the workflow kind follows schedule, required params and argo.kind", "[backend]") {
  auto kind = [](const std::string& extra) {
    auto a = Analyze("t.yaml", "version: 1\nname: p\ndefaults: {image: alpine:3.20}\n" + extra +
                                   "tasks:\n  t: {command: [x, \"${{ params.x }}\"]}\n",
                     Target::Argo);
    REQUIRE_FALSE(a->sink.HasErrors());
    return EmitArgo(*a->pipeline)[0]["kind"].get<std::string>();
  };
  REQUIRE(kind("params: {x: {type: string, default: a}}\n") == "Workflow");
  REQUIRE(kind("params: {x: string}\n") == "WorkflowTemplate");
  REQUIRE(kind("params: {x: {type: string, default: a}}\nschedule: {cron: '0 3 * * *'}\n") == "CronWorkflow");
  REQUIRE(kind("params: {x: {type: string, default: a}}\nargo: {kind: WorkflowTemplate}\n") == "WorkflowTemplate");
}
