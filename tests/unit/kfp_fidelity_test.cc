// Fidelity of the KFP backend to the KFP SDK: pipelines from the SDK's own compiled test
// data (kubeflow/pipelines: sdk/python/test_data/pipelines, and the kfp-kubernetes
// snapshots in kubernetes_platform/python/test/snapshot/data), re-expressed as mlpc specs
// in tests/kfp_fidelity/, must compile to IR with the SDK's structure: the same tasks,
// components, dependencies, conditions, iterators, retry and caching, and types. The
// expectations below were written by hand from the SDK's compiled YAML; every place
// where mlpc legitimately differs says so in a `// differs from the SDK:` comment.
//
// Differences common to every case, not repeated below:
// - sdkVersion is `mlpc-<version>`, not `kfp-<version>`, because mlpc wrote the IR.
// - Executors: the SDK runs Python components through its own wrapper (`pip install kfp`,
//   `kfp.dsl.executor_main`, `--executor_input {{$}}`); an mlpc `script` runs as
//   `python3 -c <script>` with its arguments in `args`, because mlpc has no Python function
//   wrapper (the program reads its inputs from argv and writes outputs to files).
// - A Python function's return value is the output `Output` in the SDK; mlpc output names
//   are lower-case identifiers (`^[a-z][a-z0-9_]*$`), so these specs name it `output`, and
//   every channel built from it reads `...-output` instead of `...-Output`.
// - Components: the SDK writes one component and executor per task (`comp-print-op`,
//   `comp-print-op-2`, ...) even when they are identical; mlpc writes one per distinct
//   component, executor and platform config, and every task that runs it refers to it.
//   A 10,000-task pipeline of three components has three executors, not 10,000.
// - Caching: the SDK caches by default; mlpc caching is opt-in (SPEC.md), so the specs set
//   `cache: true` where the SDK had `enableCache: true`, and `cache: false` gives the same
//   `cachingOptions: {}` as the SDK's `set_caching_options(False)`.
#include <catch2/catch.hpp>

#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "backends/kfp/kfp.h"
#include "backends/serialize.h"
#include "driver/driver.h"

using namespace mlpc;

namespace {

struct Ir {
  Doc spec;      // the PipelineSpec
  Doc platform;  // the PlatformSpec, or null
};

Ir CompileFidelity(const std::string& name) {
  std::string path = std::string(MLPC_SOURCE_DIR) + "/tests/kfp_fidelity/" + name + ".yaml";
  std::ifstream in(path);
  REQUIRE(in.good());
  std::stringstream text;
  text << in.rdbuf();
  auto a = Analyze(path, text.str(), Target::Kfp);
  REQUIRE(a);
  INFO(name);
  std::string diags;
  for (const Diagnostic& d : a->sink.All()) diags += d.message + "\n";
  INFO(diags);
  REQUIRE_FALSE(a->sink.HasErrors());
  REQUIRE(a->pipeline);
  std::vector<Doc> docs = EmitKfp(*a->pipeline);
  REQUIRE(!docs.empty());
  REQUIRE(docs.size() <= 2);
  Ir ir;
  ir.spec = docs[0];
  if (docs.size() == 2) ir.platform = docs[1];
  return ir;
}

std::set<std::string> Keys(const Doc& d) {
  std::set<std::string> out;
  if (d.is_object())
    for (const auto& [k, v] : d.items()) out.insert(k);
  return out;
}

// Structural equality, whatever the key order; numbers compare by value (200 == 200.0).
bool Same(const Doc& actual, const char* expected) {
  return nlohmann::json::parse(actual.dump()) == nlohmann::json::parse(expected);
}

#define CHECK_JSON(actual, expected)         \
  do {                                       \
    INFO("actual: " << (actual).dump());     \
    CHECK(Same((actual), (expected)));       \
  } while (0)

const Doc& Tasks(const Doc& spec) { return spec.at("root").at("dag").at("tasks"); }
const Doc& CompTasks(const Doc& spec, const std::string& comp) { return spec.at("components").at(comp).at("dag").at("tasks"); }
std::string Ref(const Doc& task) { return task.at("componentRef").at("name").get<std::string>(); }

}  // namespace

// sdk/python/test_data/pipelines/two_step_pipeline.yaml
TEST_CASE("kfp fidelity: two_step_pipeline", "[kfp-fidelity]") {
  Ir ir = CompileFidelity("two_step_pipeline");
  const Doc& s = ir.spec;
  CHECK(ir.platform.is_null());
  CHECK(s["schemaVersion"] == "2.1.0");
  // differs from the SDK: sdkVersion names mlpc, because mlpc wrote the IR.
  CHECK(s["sdkVersion"].get<std::string>().rfind("mlpc-", 0) == 0);
  CHECK(s["pipelineInfo"]["name"] == "simple-two-step-pipeline");
  CHECK(Keys(s["components"]) == std::set<std::string>{"comp-read-from-gcs", "comp-write-to-gcs"});
  CHECK(Keys(s["deploymentSpec"]["executors"]) == std::set<std::string>{"exec-read-from-gcs", "exec-write-to-gcs"});
  const Doc& t = Tasks(s);
  CHECK(Keys(t) == std::set<std::string>{"read-from-gcs", "write-to-gcs"});
  CHECK(Ref(t["write-to-gcs"]) == "comp-write-to-gcs");
  CHECK(Ref(t["read-from-gcs"]) == "comp-read-from-gcs");
  CHECK_JSON(t["write-to-gcs"]["cachingOptions"], R"({"enableCache": true})");
  CHECK_JSON(t["read-from-gcs"]["cachingOptions"], R"({"enableCache": true})");
  CHECK_FALSE(t["write-to-gcs"].contains("dependentTasks"));
  CHECK_JSON(t["read-from-gcs"]["dependentTasks"], R"(["write-to-gcs"])");
  CHECK_JSON(t["write-to-gcs"]["inputs"], R"({"parameters": {"text": {"componentInputParameter": "text"}}})");
  CHECK_JSON(t["read-from-gcs"]["inputs"],
             R"({"artifacts": {"input_gcs_path": {"taskOutputArtifact":
                  {"outputArtifactKey": "output_gcs_path", "producerTask": "write-to-gcs"}}}})");
  // differs from the SDK: taskInfo.name is the task name; the SDK's are the display names
  // `Producer` and `Consumer` (set_display_name), because mlpc has no display names.
  CHECK(t["write-to-gcs"]["taskInfo"]["name"] == "write-to-gcs");
  CHECK(t["read-from-gcs"]["taskInfo"]["name"] == "read-from-gcs");
  CHECK_JSON(s["root"]["inputDefinitions"],
             R"({"parameters": {"text": {"defaultValue": "Hello KFP!", "isOptional": true, "parameterType": "STRING"}}})");
  CHECK_JSON(s["components"]["comp-write-to-gcs"],
             R"({"executorLabel": "exec-write-to-gcs",
                 "inputDefinitions": {"parameters": {"text": {"parameterType": "STRING"}}},
                 "outputDefinitions": {"artifacts": {"output_gcs_path":
                   {"artifactType": {"schemaTitle": "system.Artifact", "schemaVersion": "0.0.1"}}}}})");
  CHECK_JSON(s["components"]["comp-read-from-gcs"],
             R"({"executorLabel": "exec-read-from-gcs",
                 "inputDefinitions": {"artifacts": {"input_gcs_path":
                   {"artifactType": {"schemaTitle": "system.Artifact", "schemaVersion": "0.0.1"}}}}})");
  const Doc& w = s["deploymentSpec"]["executors"]["exec-write-to-gcs"]["container"];
  CHECK(w["image"] == "google/cloud-sdk:slim");
  // differs from the SDK: artifacts are passed as local paths (`.path`), where the SDK's
  // component uses `.uri`, because an mlpc reference to an artifact is its local path
  // (SPEC.md); mlpc has no URI placeholder.
  CHECK_JSON(w["command"], R"(["sh", "-c", "set -e -x\necho \"$0\" | gsutil cp - \"$1\"\n",
                               "{{$.inputs.parameters['text']}}", "{{$.outputs.artifacts['output_gcs_path'].path}}"])");
  const Doc& r = s["deploymentSpec"]["executors"]["exec-read-from-gcs"]["container"];
  CHECK_JSON(r["command"], R"(["sh", "-c", "set -e -x\ngsutil cat \"$0\"\n", "{{$.inputs.artifacts['input_gcs_path'].path}}"])");
}

// sdk/python/test_data/pipelines/pipeline_with_retry.yaml
TEST_CASE("kfp fidelity: pipeline_with_retry", "[kfp-fidelity]") {
  Ir ir = CompileFidelity("pipeline_with_retry");
  const Doc& s = ir.spec;
  CHECK(s["pipelineInfo"]["name"] == "test-pipeline");
  const Doc& t = Tasks(s);
  CHECK(Keys(t) == std::set<std::string>{"add"});
  CHECK(Ref(t["add"]) == "comp-add");
  CHECK_JSON(t["add"]["cachingOptions"], R"({"enableCache": true})");
  CHECK_JSON(t["add"]["inputs"], R"({"parameters": {"a": {"componentInputParameter": "a"},
                                                   "b": {"componentInputParameter": "b"}}})");
  CHECK(t["add"]["retryPolicy"]["maxRetryCount"] == 3);
  CHECK(t["add"]["retryPolicy"]["backoffFactor"] == 2.0);
  CHECK(t["add"]["retryPolicy"]["backoffMaxDuration"] == "3600s");
  // differs from the SDK: backoffDuration is 1s, not 0s, because an mlpc `backoff` needs
  // a `delay` longer than zero (the spec is `backoff: {delay: 1s, factor: 2.0, max_delay: 1h}`).
  CHECK(t["add"]["retryPolicy"]["backoffDuration"] == "1s");
  CHECK_JSON(s["root"]["inputDefinitions"],
             R"({"parameters": {"a": {"defaultValue": 1.0, "isOptional": true, "parameterType": "NUMBER_DOUBLE"},
                                "b": {"defaultValue": 7.0, "isOptional": true, "parameterType": "NUMBER_DOUBLE"}}})");
  // differs from the SDK: the output is `output`, not `Output` (see the top of this file).
  CHECK_JSON(s["components"]["comp-add"],
             R"({"executorLabel": "exec-add",
                 "inputDefinitions": {"parameters": {"a": {"parameterType": "NUMBER_DOUBLE"},
                                                     "b": {"parameterType": "NUMBER_DOUBLE"}}},
                 "outputDefinitions": {"parameters": {"output": {"parameterType": "NUMBER_DOUBLE"}}}})");
  CHECK(s["deploymentSpec"]["executors"]["exec-add"]["container"]["image"] == "python:3.7");
  // differs from the SDK: the executor is `python3 -c <script>`, with its arguments in
  // `args`, because mlpc has no Python function wrapper.
  CHECK(s["deploymentSpec"]["executors"]["exec-add"]["container"]["command"][0] == "python3");
  CHECK_JSON(s["deploymentSpec"]["executors"]["exec-add"]["container"]["args"],
             R"(["{{$.inputs.parameters['a']}}", "{{$.inputs.parameters['b']}}",
                 "{{$.outputs.parameters['output'].output_file}}"])");
}

// sdk/python/test_data/pipelines/pipeline_with_condition.yaml
TEST_CASE("kfp fidelity: pipeline_with_condition", "[kfp-fidelity]") {
  Ir ir = CompileFidelity("pipeline_with_condition");
  const Doc& s = ir.spec;
  CHECK(s["pipelineInfo"]["name"] == "single-condition-pipeline");
  const Doc& t = Tasks(s);
  // As the SDK's one `dsl.If` block: the three tasks with the same `when` share the group
  // `condition-1`.
  CHECK(Keys(t) == std::set<std::string>{"condition-1", "flip-coin-op", "print-op"});
  CHECK(Keys(s["components"]) == std::set<std::string>{"comp-condition-1", "comp-flip-coin-op", "comp-print-op"});
  CHECK_JSON(t["flip-coin-op"]["cachingOptions"], "{}");
  CHECK_FALSE(t["flip-coin-op"].contains("dependentTasks"));
  CHECK(Ref(t["print-op"]) == "comp-print-op");
  CHECK_JSON(t["print-op"]["cachingOptions"], R"({"enableCache": true})");
  CHECK_JSON(t["print-op"]["dependentTasks"], R"(["flip-coin-op"])");
  CHECK_JSON(t["print-op"]["inputs"], R"({"parameters": {"msg": {"taskOutputParameter":
                                           {"outputParameterKey": "output", "producerTask": "flip-coin-op"}}}})");
  // The condition, as the SDK writes it (with `output` for `Output`).
  const char* cond = "inputs.parameter_values['pipelinechannel--flip-coin-op-output'] == 'heads'";
  const Doc& g = t["condition-1"];
  CHECK(Ref(g) == "comp-condition-1");
  CHECK(g["triggerPolicy"]["condition"] == cond);
  CHECK_FALSE(g.contains("cachingOptions"));
  CHECK_JSON(g["dependentTasks"], R"(["flip-coin-op"])");
  CHECK_JSON(g["inputs"]["parameters"],
             R"({"pipelinechannel--flip-coin-op-output":
                   {"taskOutputParameter": {"outputParameterKey": "output", "producerTask": "flip-coin-op"}},
                 "pipelinechannel--text": {"componentInputParameter": "text"}})");
  // Inside the group: the same tasks, components, inputs and caching as the SDK's condition-1;
  // print-op-2 reads flip-coin-op-2 directly.
  const Doc& c1 = CompTasks(s, "comp-condition-1");
  CHECK(Keys(c1) == std::set<std::string>{"flip-coin-op-2", "print-op-2", "print-op-3"});
  CHECK(Ref(c1["flip-coin-op-2"]) == "comp-flip-coin-op");
  CHECK_JSON(c1["flip-coin-op-2"]["cachingOptions"], "{}");
  CHECK(Ref(c1["print-op-2"]) == "comp-print-op");
  CHECK_JSON(c1["print-op-2"]["cachingOptions"], R"({"enableCache": true})");
  CHECK_JSON(c1["print-op-2"]["dependentTasks"], R"(["flip-coin-op-2"])");
  CHECK_JSON(c1["print-op-2"]["inputs"], R"({"parameters": {"msg": {"taskOutputParameter":
                                              {"outputParameterKey": "output", "producerTask": "flip-coin-op-2"}}}})");
  CHECK(Ref(c1["print-op-3"]) == "comp-print-op");
  CHECK_JSON(c1["print-op-3"]["inputs"], R"({"parameters": {"msg": {"componentInputParameter": "pipelinechannel--text"}}})");
  CHECK_JSON(s["components"]["comp-condition-1"]["inputDefinitions"],
             R"({"parameters": {"pipelinechannel--flip-coin-op-output": {"parameterType": "STRING"},
                                "pipelinechannel--text": {"parameterType": "STRING"}}})");
  CHECK_FALSE(s["components"]["comp-condition-1"].contains("outputDefinitions"));
  CHECK_JSON(s["components"]["comp-flip-coin-op"]["outputDefinitions"],
             R"({"parameters": {"output": {"parameterType": "STRING"}}})");
  CHECK_JSON(s["components"]["comp-print-op"]["inputDefinitions"], R"({"parameters": {"msg": {"parameterType": "STRING"}}})");
  CHECK_JSON(s["root"]["inputDefinitions"],
             R"({"parameters": {"text": {"defaultValue": "condition test", "isOptional": true, "parameterType": "STRING"}}})");
}

// sdk/python/test_data/pipelines/if_elif_else.yaml (the version compiled by kfp 2.1.3,
// with one `condition-N` group per branch at the root)
TEST_CASE("kfp fidelity: if_elif_else", "[kfp-fidelity]") {
  Ir ir = CompileFidelity("if_elif_else");
  const Doc& s = ir.spec;
  CHECK(s["pipelineInfo"]["name"] == "roll-die-pipeline");
  const Doc& t = Tasks(s);
  CHECK(Keys(t) == std::set<std::string>{"condition-1", "condition-2", "condition-3", "flip-three-sided-die"});
  CHECK(Keys(s["components"]) ==
        std::set<std::string>{"comp-condition-1", "comp-condition-2", "comp-condition-3", "comp-flip-three-sided-die",
                              "comp-print-and-return"});
  CHECK_JSON(t["flip-three-sided-die"]["cachingOptions"], R"({"enableCache": true})");
  // differs from the SDK: `output` for `Output` in the channel name (see the top of this
  // file); the CEL is otherwise the SDK's, character for character.
  const std::string v = "inputs.parameter_values['pipelinechannel--flip-three-sided-die-output']";
  CHECK(t["condition-1"]["triggerPolicy"]["condition"] == v + " == 'heads'");
  CHECK(t["condition-2"]["triggerPolicy"]["condition"] == "!(" + v + " == 'heads') && " + v + " == 'tails'");
  CHECK(t["condition-3"]["triggerPolicy"]["condition"] == "!(" + v + " == 'heads') && !(" + v + " == 'tails')");
  const char* texts[] = {"Got heads!", "Got tails!", "Draw!"};
  const char* inner[] = {"print-and-return", "print-and-return-2", "print-and-return-3"};
  for (int i = 0; i < 3; ++i) {
    std::string g = "condition-" + std::to_string(i + 1);
    INFO(g);
    CHECK(Ref(t[g]) == "comp-" + g);
    CHECK_JSON(t[g]["dependentTasks"], R"(["flip-three-sided-die"])");
    CHECK_JSON(t[g]["inputs"],
               R"({"parameters": {"pipelinechannel--flip-three-sided-die-output": {"taskOutputParameter":
                    {"outputParameterKey": "output", "producerTask": "flip-three-sided-die"}}}})");
    CHECK_JSON(s["components"]["comp-" + g]["inputDefinitions"],
               R"({"parameters": {"pipelinechannel--flip-three-sided-die-output": {"parameterType": "STRING"}}})");
    const Doc& ct = CompTasks(s, "comp-" + g);
    CHECK(Keys(ct) == std::set<std::string>{inner[i]});
    CHECK(Ref(ct[inner[i]]) == "comp-print-and-return");  // one component for the three tasks
    CHECK_JSON(ct[inner[i]]["cachingOptions"], R"({"enableCache": true})");
    CHECK(ct[inner[i]]["inputs"]["parameters"]["text"]["runtimeValue"]["constant"] == texts[i]);
  }
  CHECK_JSON(s["components"]["comp-print-and-return"],
             R"({"executorLabel": "exec-print-and-return",
                 "inputDefinitions": {"parameters": {"text": {"parameterType": "STRING"}}},
                 "outputDefinitions": {"parameters": {"output": {"parameterType": "STRING"}}}})");
}

// sdk/python/test_data/pipelines/pipeline_with_parallelfor_parallelism.yaml
TEST_CASE("kfp fidelity: pipeline_with_parallelfor_parallelism", "[kfp-fidelity]") {
  Ir ir = CompileFidelity("pipeline_with_parallelfor_parallelism");
  const Doc& s = ir.spec;
  CHECK(s["pipelineInfo"]["name"] == "pipeline-with-loops");
  const Doc& t = Tasks(s);
  // differs from the SDK: three of the SDK's loops (its for-loop-1, for-loop-8 and
  // for-loop-9), numbered for-loop-1, for-loop-3 (item param 2) and for-loop-4 here,
  // because mlpc has one loop per task and no nested loops, so the SDK's nested loops,
  // its loops holding two tasks and its further list-dict-maker variants (which differ
  // only in Python typing) are left out, and group numbers count only the groups built.
  CHECK(Keys(t) == std::set<std::string>{"for-loop-1", "for-loop-3", "for-loop-4", "list-dict-maker-0"});

  // A loop over a pipeline list parameter, parallelism 2 (the SDK's for-loop-1).
  CHECK(Ref(t["for-loop-1"]) == "comp-for-loop-1");
  CHECK_FALSE(t["for-loop-1"].contains("cachingOptions"));
  CHECK_JSON(t["for-loop-1"]["iteratorPolicy"], R"({"parallelismLimit": 2})");
  CHECK_JSON(t["for-loop-1"]["parameterIterator"],
             R"({"itemInput": "pipelinechannel--loop_parameter-loop-item",
                 "items": {"inputParameter": "pipelinechannel--loop_parameter"}})");
  CHECK_JSON(t["for-loop-1"]["inputs"],
             R"({"parameters": {"pipelinechannel--loop_parameter": {"componentInputParameter": "loop_parameter"}}})");
  CHECK_JSON(s["components"]["comp-for-loop-1"]["inputDefinitions"],
             R"({"parameters": {"pipelinechannel--loop_parameter": {"parameterType": "LIST"},
                                "pipelinechannel--loop_parameter-loop-item": {"parameterType": "STRING"}}})");
  const Doc& l1 = CompTasks(s, "comp-for-loop-1");
  CHECK(Keys(l1) == std::set<std::string>{"print-text"});
  CHECK(Ref(l1["print-text"]) == "comp-print-text");
  CHECK_JSON(l1["print-text"]["inputs"],
             R"({"parameters": {"msg": {"componentInputParameter": "pipelinechannel--loop_parameter-loop-item"}}})");

  // A literal list of maps, parallelism 1, read by key (the SDK's for-loop-8).
  CHECK_JSON(t["for-loop-3"]["iteratorPolicy"], R"({"parallelismLimit": 1})");
  CHECK_JSON(t["for-loop-3"]["parameterIterator"],
             R"({"itemInput": "pipelinechannel--loop-item-param-2",
                 "items": {"raw": "[{\"a\": 1, \"b\": 2}, {\"a\": 2, \"b\": 3}, {\"a\": 3, \"b\": 4}]"}})");
  CHECK_JSON(s["components"]["comp-for-loop-3"]["inputDefinitions"],
             R"({"parameters": {"pipelinechannel--loop-item-param-2": {"parameterType": "STRUCT"}}})");
  const Doc& l3 = CompTasks(s, "comp-for-loop-3");
  CHECK(Ref(l3["print-int"]) == "comp-print-int");
  CHECK_JSON(l3["print-int"]["inputs"],
             R"({"parameters": {"x": {"componentInputParameter": "pipelinechannel--loop-item-param-2",
                                      "parameterExpressionSelector": "parseJson(string_value)[\"a\"]"}}})");

  // A task's list output, read by key (the SDK's for-loop-9).
  CHECK_JSON(t["list-dict-maker-0"]["cachingOptions"], R"({"enableCache": true})");
  CHECK_JSON(t["for-loop-4"]["dependentTasks"], R"(["list-dict-maker-0"])");
  CHECK_FALSE(t["for-loop-4"].contains("iteratorPolicy"));
  CHECK_JSON(t["for-loop-4"]["inputs"],
             R"({"parameters": {"pipelinechannel--list-dict-maker-0-output": {"taskOutputParameter":
                  {"outputParameterKey": "output", "producerTask": "list-dict-maker-0"}}}})");
  CHECK_JSON(t["for-loop-4"]["parameterIterator"],
             R"({"itemInput": "pipelinechannel--list-dict-maker-0-output-loop-item",
                 "items": {"inputParameter": "pipelinechannel--list-dict-maker-0-output"}})");
  CHECK_JSON(s["components"]["comp-for-loop-4"]["inputDefinitions"],
             R"({"parameters": {"pipelinechannel--list-dict-maker-0-output": {"parameterType": "LIST"},
                                "pipelinechannel--list-dict-maker-0-output-loop-item": {"parameterType": "STRUCT"}}})");
  const Doc& l4 = CompTasks(s, "comp-for-loop-4");
  // differs from the SDK: the SDK's task in this loop is print-int-2 too, with its own
  // copy comp-print-int-2; here it runs the one comp-print-int.
  CHECK(Ref(l4["print-int-2"]) == "comp-print-int");
  CHECK_JSON(l4["print-int-2"]["inputs"],
             R"({"parameters": {"x": {"componentInputParameter": "pipelinechannel--list-dict-maker-0-output-loop-item",
                                      "parameterExpressionSelector": "parseJson(string_value)[\"a\"]"}}})");
  CHECK_JSON(s["components"]["comp-list-dict-maker-0"]["outputDefinitions"],
             R"({"parameters": {"output": {"parameterType": "LIST"}}})");
  CHECK_JSON(s["components"]["comp-print-int"]["inputDefinitions"],
             R"({"parameters": {"x": {"parameterType": "NUMBER_INTEGER"}}})");
  CHECK_JSON(s["root"]["inputDefinitions"], R"({"parameters": {"loop_parameter": {"parameterType": "LIST"}}})");
}

// sdk/python/test_data/pipelines/parallelfor_fan_in/parameters_simple.yaml (dsl.Collected)
TEST_CASE("kfp fidelity: parallelfor_fan_in/parameters_simple", "[kfp-fidelity]") {
  Ir ir = CompileFidelity("parameters_simple");
  const Doc& s = ir.spec;
  CHECK(s["pipelineInfo"]["name"] == "math-pipeline");
  const Doc& t = Tasks(s);
  CHECK(Keys(t) == std::set<std::string>{"add", "add-container", "for-loop-2"});
  CHECK(Keys(s["components"]) ==
        std::set<std::string>{"comp-add", "comp-add-container", "comp-double", "comp-for-loop-2"});
  CHECK_JSON(t["for-loop-2"]["parameterIterator"],
             R"({"itemInput": "pipelinechannel--loop-item-param-1", "items": {"raw": "[1, 2, 3]"}})");
  CHECK_FALSE(t["for-loop-2"].contains("iteratorPolicy"));
  CHECK_FALSE(t["for-loop-2"].contains("dependentTasks"));
  const Doc& loop = s["components"]["comp-for-loop-2"];
  CHECK(Ref(loop["dag"]["tasks"]["double"]) == "comp-double");
  CHECK_JSON(loop["dag"]["tasks"]["double"]["inputs"],
             R"({"parameters": {"num": {"componentInputParameter": "pipelinechannel--loop-item-param-1"}}})");
  // differs from the SDK: `output` for `Output` in the output and channel names.
  CHECK_JSON(loop["dag"]["outputs"],
             R"({"parameters": {"pipelinechannel--double-output": {"valueFromParameter":
                  {"outputParameterKey": "output", "producerSubtask": "double"}}}})");
  CHECK_JSON(loop["inputDefinitions"],
             R"({"parameters": {"pipelinechannel--loop-item-param-1": {"parameterType": "NUMBER_INTEGER"}}})");
  CHECK_JSON(loop["outputDefinitions"], R"({"parameters": {"pipelinechannel--double-output": {"parameterType": "LIST"}}})");
  for (const char* consumer : {"add", "add-container"}) {
    INFO(consumer);
    CHECK(Ref(t[consumer]) == std::string("comp-") + consumer);
    CHECK_JSON(t[consumer]["cachingOptions"], R"({"enableCache": true})");
    CHECK_JSON(t[consumer]["dependentTasks"], R"(["for-loop-2"])");
    CHECK_JSON(t[consumer]["inputs"],
               R"({"parameters": {"nums": {"taskOutputParameter":
                    {"outputParameterKey": "pipelinechannel--double-output", "producerTask": "for-loop-2"}}}})");
  }
  CHECK_JSON(s["components"]["comp-add"],
             R"({"executorLabel": "exec-add", "inputDefinitions": {"parameters": {"nums": {"parameterType": "LIST"}}},
                 "outputDefinitions": {"parameters": {"output": {"parameterType": "NUMBER_INTEGER"}}}})");
  CHECK_JSON(s["components"]["comp-add-container"],
             R"({"executorLabel": "exec-add-container", "inputDefinitions": {"parameters": {"nums": {"parameterType": "LIST"}}},
                 "outputDefinitions": {"parameters": {"sum": {"parameterType": "NUMBER_INTEGER"}}}})");
  CHECK_JSON(s["components"]["comp-double"]["inputDefinitions"], R"({"parameters": {"num": {"parameterType": "NUMBER_INTEGER"}}})");
  // The collected list is also the pipeline's output (the SDK's `-> List[int]` return).
  CHECK_JSON(s["root"]["dag"]["outputs"],
             R"({"parameters": {"output": {"valueFromParameter":
                  {"outputParameterKey": "pipelinechannel--double-output", "producerSubtask": "for-loop-2"}}}})");
  CHECK_JSON(s["root"]["outputDefinitions"], R"({"parameters": {"output": {"parameterType": "LIST"}}})");
  // The container component: the same command and placeholders as the SDK's
  // add_container (the script's leading indentation aside).
  const Doc& c = s["deploymentSpec"]["executors"]["exec-add-container"]["container"];
  CHECK(c["image"] == "stedolan/jq");
  CHECK_JSON(c["command"], R"(["sh", "-c"])");
  CHECK(c["args"][0] ==
        "set -ex\nmkdir -p $(dirname {{$.outputs.parameters['sum'].output_file}})\n"
        "echo {{$.inputs.parameters['nums']}} | jq 'add' > {{$.outputs.parameters['sum'].output_file}}\n");
}

// sdk/python/test_data/pipelines/pipeline_with_task_final_status.yaml
TEST_CASE("kfp fidelity: pipeline_with_task_final_status", "[kfp-fidelity]") {
  Ir ir = CompileFidelity("pipeline_with_task_final_status");
  const Doc& s = ir.spec;
  CHECK(s["pipelineInfo"]["name"] == "pipeline-with-task-final-status");
  const Doc& t = Tasks(s);
  CHECK(Keys(t) == std::set<std::string>{"exit-handler-1", "exit-op"});
  CHECK(Keys(s["components"]) ==
        std::set<std::string>{"comp-exit-handler-1", "comp-exit-op", "comp-fail-op", "comp-print-op"});
  CHECK(Ref(t["exit-handler-1"]) == "comp-exit-handler-1");
  CHECK_FALSE(t["exit-handler-1"].contains("cachingOptions"));
  CHECK_FALSE(t["exit-handler-1"].contains("dependentTasks"));
  // differs from the SDK: the group's taskInfo.name is `exit-handler-1`; the SDK's is the
  // ExitHandler's name argument (`my-pipeline`), because `finally` has no name in mlpc.
  CHECK(t["exit-handler-1"]["taskInfo"]["name"] == "exit-handler-1");
  CHECK_JSON(t["exit-handler-1"]["inputs"],
             R"({"parameters": {"pipelinechannel--message": {"componentInputParameter": "message"}}})");
  CHECK(Ref(t["exit-op"]) == "comp-exit-op");
  CHECK_JSON(t["exit-op"]["cachingOptions"], R"({"enableCache": true})");
  CHECK_JSON(t["exit-op"]["dependentTasks"], R"(["exit-handler-1"])");
  CHECK_JSON(t["exit-op"]["triggerPolicy"], R"({"strategy": "ALL_UPSTREAM_TASKS_COMPLETED"})");
  CHECK_JSON(t["exit-op"]["inputs"],
             R"({"parameters": {"status": {"taskFinalStatus": {"producerTask": "exit-handler-1"}},
                                "user_input": {"componentInputParameter": "message"}}})");
  CHECK_JSON(s["components"]["comp-exit-op"]["inputDefinitions"],
             R"({"parameters": {"status": {"isOptional": true, "parameterType": "TASK_FINAL_STATUS"},
                                "user_input": {"parameterType": "STRING"}}})");
  const Doc& h = CompTasks(s, "comp-exit-handler-1");
  CHECK(Keys(h) == std::set<std::string>{"fail-op", "print-op"});
  CHECK(Ref(h["fail-op"]) == "comp-fail-op");
  CHECK(Ref(h["print-op"]) == "comp-print-op");
  CHECK_JSON(h["fail-op"]["cachingOptions"], R"({"enableCache": true})");
  CHECK_JSON(h["fail-op"]["inputs"], R"({"parameters": {"message": {"runtimeValue": {"constant": "Task failed."}}}})");
  CHECK_JSON(h["print-op"]["inputs"], R"({"parameters": {"message": {"componentInputParameter": "pipelinechannel--message"}}})");
  CHECK_FALSE(h["fail-op"].contains("dependentTasks"));
  CHECK_FALSE(h["print-op"].contains("dependentTasks"));
  CHECK_JSON(s["components"]["comp-exit-handler-1"]["inputDefinitions"],
             R"({"parameters": {"pipelinechannel--message": {"parameterType": "STRING"}}})");
  CHECK_JSON(s["root"]["inputDefinitions"],
             R"({"parameters": {"message": {"defaultValue": "Hello World!", "isOptional": true, "parameterType": "STRING"}}})");
  CHECK(s["deploymentSpec"]["executors"]["exec-exit-op"]["container"]["image"] ==
        "public.ecr.aws/docker/library/python:3.12");
}

// sdk/python/test_data/pipelines/pipeline_in_pipeline.yaml
TEST_CASE("kfp fidelity: pipeline_in_pipeline", "[kfp-fidelity]") {
  Ir ir = CompileFidelity("pipeline_in_pipeline");
  const Doc& s = ir.spec;
  CHECK(s["pipelineInfo"]["name"] == "pipeline-in-pipeline");
  const Doc& t = Tasks(s);
  CHECK(Keys(t) == std::set<std::string>{"inner-pipeline", "print-op1"});
  CHECK(Keys(s["components"]) ==
        std::set<std::string>{"comp-inner-pipeline", "comp-print-op1", "comp-print-op2"});
  CHECK(Keys(s["deploymentSpec"]["executors"]) == std::set<std::string>{"exec-print-op1", "exec-print-op2"});
  CHECK(Ref(t["print-op1"]) == "comp-print-op1");
  CHECK(Ref(t["inner-pipeline"]) == "comp-inner-pipeline");
  CHECK_JSON(t["print-op1"]["cachingOptions"], R"({"enableCache": true})");
  CHECK_JSON(t["inner-pipeline"]["cachingOptions"], R"({"enableCache": true})");
  CHECK_JSON(t["print-op1"]["inputs"], R"({"parameters": {"msg": {"runtimeValue": {"constant": "Hello"}}}})");
  CHECK_JSON(t["inner-pipeline"]["inputs"], R"({"parameters": {"msg": {"runtimeValue": {"constant": "world"}}}})");
  CHECK_FALSE(t["inner-pipeline"].contains("dependentTasks"));
  const Doc& inner = s["components"]["comp-inner-pipeline"];
  CHECK_FALSE(inner.contains("executorLabel"));
  CHECK_JSON(inner["inputDefinitions"], R"({"parameters": {"msg": {"parameterType": "STRING"}}})");
  const Doc& it = inner["dag"]["tasks"];
  CHECK(Keys(it) == std::set<std::string>{"print-op1", "print-op2"});
  CHECK(Ref(it["print-op1"]) == "comp-print-op1");  // the outer print-op1's component
  CHECK(Ref(it["print-op2"]) == "comp-print-op2");
  CHECK_JSON(it["print-op1"]["inputs"], R"({"parameters": {"msg": {"componentInputParameter": "msg"}}})");
  CHECK_JSON(it["print-op2"]["dependentTasks"], R"(["print-op1"])");
  CHECK_JSON(it["print-op2"]["inputs"],
             R"({"parameters": {"msg": {"taskOutputParameter": {"outputParameterKey": "output", "producerTask": "print-op1"}}}})");
  CHECK_JSON(s["components"]["comp-print-op2"], R"({"executorLabel": "exec-print-op2",
                 "inputDefinitions": {"parameters": {"msg": {"parameterType": "STRING"}}}})");
  // The container component is the SDK's executor exactly.
  CHECK_JSON(s["deploymentSpec"]["executors"]["exec-print-op2"],
             R"({"container": {"command": ["echo", "{{$.inputs.parameters['msg']}}"], "image": "alpine"}})");
}

// sdk/python/test_data/pipelines/pipeline_with_env.yaml
TEST_CASE("kfp fidelity: pipeline_with_env", "[kfp-fidelity]") {
  Ir ir = CompileFidelity("pipeline_with_env");
  const Doc& s = ir.spec;
  CHECK(s["pipelineInfo"]["name"] == "pipeline-with-env");
  CHECK(Keys(Tasks(s)) == std::set<std::string>{"print-env", "print-env-op"});
  CHECK_JSON(s["components"], R"({"comp-print-env": {"executorLabel": "exec-print-env"},
                                  "comp-print-env-op": {"executorLabel": "exec-print-env-op"}})");
  for (const char* n : {"print-env", "print-env-op"}) {
    CHECK(Ref(Tasks(s)[n]) == std::string("comp-") + n);
    CHECK_JSON(Tasks(s)[n]["cachingOptions"], R"({"enableCache": true})");
  }
  // The container component is the SDK's executor exactly, env in order.
  CHECK_JSON(s["deploymentSpec"]["executors"]["exec-print-env"],
             R"({"container": {"command": ["sh", "-c", "set -e -x\necho \"$ENV1\"\necho \"$ENV2\"\necho \"$ENV3\"\n"],
                               "env": [{"name": "ENV1", "value": "val0"}, {"name": "ENV2", "value": "val2"},
                                       {"name": "ENV3", "value": "val3"}],
                               "image": "alpine"}})");
  const Doc& py = s["deploymentSpec"]["executors"]["exec-print-env-op"]["container"];
  CHECK_JSON(py["env"], R"([{"name": "ENV1", "value": "val1"}])");
  CHECK(py["image"] == "python:3.10");
}

// sdk/python/test_data/pipelines/pipeline_with_resource_spec.yaml
TEST_CASE("kfp fidelity: pipeline_with_resource_spec", "[kfp-fidelity]") {
  Ir ir = CompileFidelity("pipeline_with_resource_spec");
  const Doc& s = ir.spec;
  CHECK_JSON(s["pipelineInfo"], R"({"description": "A linear two-step pipeline with resource specification.",
                                    "name": "two-step-pipeline-with-resource-spec"})");
  const Doc& t = Tasks(s);
  CHECK(Keys(t) == std::set<std::string>{"ingestion", "trainer"});
  CHECK(Ref(t["ingestion"]) == "comp-ingestion");
  CHECK(Ref(t["trainer"]) == "comp-trainer");
  // differs from the SDK: taskInfo has no `taskName` (the SDK's file repeats the name
  // there), because the IR's TaskInfo has only `name`.
  CHECK_JSON(t["trainer"]["taskInfo"], R"({"name": "trainer"})");
  CHECK_JSON(t["trainer"]["dependentTasks"], R"(["ingestion"])");
  CHECK_JSON(t["trainer"]["inputs"],
             R"({"artifacts": {"examples": {"taskOutputArtifact": {"outputArtifactKey": "examples", "producerTask": "ingestion"}}},
                 "parameters": {"n_epochs": {"componentInputParameter": "n_epochs"},
                                "optimizer": {"componentInputParameter": "optimizer"}}})");
  CHECK_JSON(t["ingestion"]["inputs"], R"({"parameters": {"input_location": {"componentInputParameter": "input_location"}}})");
  // n_epochs: the SDK writes the default 200 as 200.0 (a proto Value number); mlpc writes
  // 200. The same number; Same() compares by value, and mlpc's exact spelling is:
  CHECK(s["root"]["inputDefinitions"]["parameters"]["n_epochs"]["defaultValue"].is_number_integer());
  CHECK_JSON(s["root"]["inputDefinitions"],
             R"({"parameters": {"input_location": {"defaultValue": "gs://test-bucket/pipeline_root", "isOptional": true,
                                                   "parameterType": "STRING"},
                                "n_epochs": {"defaultValue": 200.0, "isOptional": true, "parameterType": "NUMBER_INTEGER"},
                                "optimizer": {"defaultValue": "sgd", "isOptional": true, "parameterType": "STRING"}}})");
  CHECK_JSON(s["components"]["comp-trainer"],
             R"({"executorLabel": "exec-trainer",
                 "inputDefinitions": {
                   "artifacts": {"examples": {"artifactType": {"schemaTitle": "system.Dataset", "schemaVersion": "0.0.1"}}},
                   "parameters": {"n_epochs": {"parameterType": "NUMBER_INTEGER"}, "optimizer": {"parameterType": "STRING"}}},
                 "outputDefinitions": {
                   "artifacts": {"model": {"artifactType": {"schemaTitle": "system.Model", "schemaVersion": "0.0.1"}}}}})");
  CHECK_JSON(s["components"]["comp-ingestion"]["outputDefinitions"],
             R"({"artifacts": {"examples": {"artifactType": {"schemaTitle": "system.Dataset", "schemaVersion": "0.0.1"}}}})");
  const Doc& c = s["deploymentSpec"]["executors"]["exec-trainer"]["container"];
  CHECK(c["image"] == "gcr.io/my-project/my-fancy-trainer");
  // differs from the SDK: only the string fields (resourceCpuRequest, ...,
  // accelerator.resourceType/resourceCount); the SDK also writes the deprecated numeric
  // cpuLimit/cpuRequest/memoryLimit/memoryRequest and accelerator.type/count, which the KFP
  // 2.x backend reads only when the string fields are absent.
  CHECK_JSON(c["resources"], R"({"accelerator": {"resourceCount": "1", "resourceType": "tpu-v3"},
                                 "resourceCpuLimit": "4", "resourceCpuRequest": "2",
                                 "resourceMemoryLimit": "14Gi", "resourceMemoryRequest": "4Gi"})");
  // differs from the SDK: `.path` artifact placeholders where the SDK's uses `.uri`,
  // because an mlpc artifact reference is a local path.
  CHECK_JSON(c["args"], R"(["--input-examples", "{{$.inputs.artifacts['examples'].path}}",
                            "--optimizer", "{{$.inputs.parameters['optimizer']}}",
                            "--n_epochs", "{{$.inputs.parameters['n_epochs']}}",
                            "--output-model", "{{$.outputs.artifacts['model'].path}}"])");
  CHECK_FALSE(s["deploymentSpec"]["executors"]["exec-ingestion"]["container"].contains("resources"));
}

// kubernetes_platform/python/test/snapshot/data/{secret_as_env, config_map_as_env,
// secret_as_vol, config_map_as_vol, empty_dir_mounts, node_selector, toleration,
// image_pull_secrets, timeout}.yaml: each one pipeline `my-pipeline`, one task `comp`.
TEST_CASE("kfp fidelity: kfp-kubernetes platform config", "[kfp-fidelity]") {
  Ir ir = CompileFidelity("platform_config");
  const Doc& s = ir.spec;
  CHECK(s["pipelineInfo"]["name"] == "my-pipeline");
  CHECK(Keys(Tasks(s)) == std::set<std::string>{"comp"});
  CHECK_JSON(Tasks(s)["comp"], R"({"cachingOptions": {"enableCache": true}, "componentRef": {"name": "comp-comp"},
                                   "taskInfo": {"name": "comp"}})");
  CHECK_JSON(s["components"], R"({"comp-comp": {"executorLabel": "exec-comp"}})");
  REQUIRE(ir.platform.is_object());
  CHECK(Keys(ir.platform["platforms"]["kubernetes"]["deploymentSpec"]["executors"]) == std::set<std::string>{"exec-comp"});
  const Doc& k = ir.platform["platforms"]["kubernetes"]["deploymentSpec"]["executors"]["exec-comp"];
  CHECK_JSON(k["secretAsEnv"], R"([{"keyToEnv": [{"envVar": "SECRET_VAR", "secretKey": "password"}], "secretName": "my-secret"}])");
  CHECK_JSON(k["configMapAsEnv"],
             R"([{"configMapName": "my-cm", "keyToEnv": [{"configMapKey": "foo", "envVar": "CONFIG_MAP_VAR"}]}])");
  CHECK_JSON(k["secretAsVolume"], R"([{"mountPath": "/mnt/my_vol", "secretName": "my-secret"}])");
  // differs from the SDK: no `configNameParameter` / `optional: false` beside
  // configMapName (newer kfp-kubernetes writes both), because mlpc writes the legacy name
  // fields every KFP 2.x backend reads; and the mount is /mnt/my_cm_vol, not /mnt/my_vol,
  // because this one task also mounts the secret at /mnt/my_vol.
  CHECK_JSON(k["configMapAsVolume"], R"([{"configMapName": "my-cm", "mountPath": "/mnt/my_cm_vol"}])");
  // differs from the SDK: volumeName is derived from the mount path
  // (`empty-dir-mnt-my-vol-1`); kfp-kubernetes takes it from the user (`emptydir-vol-1`),
  // because an mlpc volume has no name field.
  CHECK_JSON(k["emptyDirMounts"], R"([{"medium": "Memory", "mountPath": "/mnt/my_vol_1", "sizeLimit": "1Gi",
                                        "volumeName": "empty-dir-mnt-my-vol-1"}])");
  CHECK_JSON(k["nodeSelector"], R"({"labels": {"cloud.google.com/gke-accelerator": "nvidia-tesla-p4"}})");
  CHECK_JSON(k["tolerations"], R"([{"effect": "NoExecute", "key": "key1", "operator": "Equal",
                                    "tolerationSeconds": "10", "value": "value1"}])");
  CHECK_JSON(k["imagePullSecret"], R"([{"secretName": "my-secret"}])");
  CHECK(k["activeDeadlineSeconds"] == "20");
  CHECK(Keys(k) == std::set<std::string>{"activeDeadlineSeconds", "configMapAsEnv", "configMapAsVolume", "emptyDirMounts",
                                         "imagePullSecret", "nodeSelector", "secretAsEnv", "secretAsVolume",
                                         "tolerations"});
}
