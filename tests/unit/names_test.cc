// Names mlpc makes up (KFP groups, components and executors; Argo's entrypoint, exit
// handler, loop wrappers and launch steps) never take a user's name. Property test: specs
// whose task, component, sub-pipeline and param names are drawn from the generated
// patterns, with `when`, `foreach`, `finally` and sub-pipelines, compiled for both
// targets; no object of the output has a key twice, and every user task is in it.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "driver/driver.h"
#include "ir/ir.h"

using namespace mlpc;
namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kNames = {
    "condition-1", "condition-2", "condition-3", "for-loop-1", "for-loop-2", "for-loop-3", "for-loop-4",
    "exit-handler-1", "exit-handler-2", "exit-handler", "main", "main-2", "comp-a", "exec-a", "comp-condition-1",
    "exec-condition-1", "launch-sub", "launch-a", "a-loop", "a-loop-2", "b-loop", "a", "b", "sub", "a-2"};
const std::vector<std::string> kParams = {"condition_1", "for_loop_1", "main", "exit_handler", "loop_item_param_1",
                                          "pipelinechannel", "a"};

struct Gen {
  std::mt19937 rng;
  explicit Gen(unsigned seed) : rng(seed) {}
  size_t Below(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); }
  bool Chance(int percent) { return static_cast<int>(Below(100)) < percent; }
  // `k` distinct names from `pool`.
  std::vector<std::string> Pick(const std::vector<std::string>& pool, size_t k) {
    std::vector<std::string> v = pool;
    std::shuffle(v.begin(), v.end(), rng);
    v.resize(std::min(k, v.size()));
    return v;
  }
};

struct Spec {
  std::string text;
  std::map<std::string, std::string> files;  // sub-pipeline files
};

// A `when` over two bool params: one alone, or both, so that equal and extending
// conditions occur.
std::string When(Gen& g, const std::vector<std::string>& params) {
  std::string a = params[0], b = params[1 % params.size()];
  switch (g.Below(3)) {
    case 0: return "${{ params." + a + " }}";
    case 1: return "${{ params." + a + " && params." + b + " }}";
    default: return "${{ params." + b + " }}";
  }
}

std::string Tasks(Gen& g, const std::vector<std::string>& names, const std::vector<std::string>& params,
                  const std::vector<std::string>& components, const std::vector<std::string>& subs, bool top,
                  std::string& finally_out) {
  std::string out;
  std::vector<std::string> readable;
  for (size_t i = 0; i < names.size(); ++i) {
    const std::string& n = names[i];
    bool fin = top && i + 1 == names.size() && g.Chance(60);
    std::string t = "  " + n + ":\n";
    bool sub = !subs.empty() && !fin && g.Chance(25);
    if (sub) {
      t += "    pipeline: " + subs[g.Below(subs.size())] + ".yaml\n";
      t += "    with: {go: \"${{ params." + params[g.Below(params.size())] + " }}\"}\n";
    } else if (!components.empty() && g.Chance(50)) {
      t += "    component: " + components[g.Below(components.size())] + "\n";
    } else {
      std::string arg = "x";
      if (!readable.empty() && !fin && g.Chance(50))
        arg = "${{ tasks." + readable[g.Below(readable.size())] + ".outputs.o }}";
      t += "    image: alpine:3.20\n    command: [sh, -c, \"echo '" + arg + "' > ${{ outputs.o }}\"]\n";
      t += "    outputs: {o: string}\n";
    }
    bool loop = !fin && g.Chance(35);
    if (loop) {
      t += "    foreach: [1, 2]\n";
      if (g.Chance(50)) t += "    parallelism: 1\n";
    }
    if (g.Chance(fin ? 30 : 55)) t += "    when: \"" + When(g, params) + "\"\n";
    if (!fin && !readable.empty() && g.Chance(25)) t += "    after: [" + readable[g.Below(readable.size())] + "]\n";
    if (fin) {
      finally_out += t;
      continue;
    }
    out += t;
    if (!loop && !sub && t.find("outputs: {o") != std::string::npos) readable.push_back(n);
  }
  return out;
}

std::string Components(const std::vector<std::string>& names) {
  std::string out = names.empty() ? "" : "components:\n";
  for (const std::string& c : names)
    out += "  " + c + ":\n    image: alpine:3.20\n    command: [sh, -c, \"echo " + c + "\"]\n";
  return out;
}

Spec Make(Gen& g) {
  Spec s;
  std::vector<std::string> params = g.Pick(kParams, 2);
  std::string ptext = "params:\n";
  for (const std::string& p : params) ptext += "  " + p + ": {type: bool, default: true}\n";
  std::vector<std::string> subs;
  size_t nsubs = g.Below(3);
  for (size_t i = 0; i < nsubs; ++i) {
    std::vector<std::string> names = g.Pick(kNames, 1 + g.Below(3));
    std::string pname = kNames[g.Below(kNames.size())];
    std::string file = "sub" + std::to_string(i);
    std::vector<std::string> comps = g.Pick(kNames, g.Below(2));
    std::string none;
    std::string tasks = Tasks(g, names, {"go"}, comps, {}, false, none);
    s.files[file + ".yaml"] = "version: 1\nname: " + pname + "\nparams:\n  go: {type: bool, default: true}\n" +
                              Components(comps) + "tasks:\n" + tasks;
    subs.push_back(file);
  }
  std::vector<std::string> names = g.Pick(kNames, 3 + g.Below(6));
  std::vector<std::string> comps = g.Pick(kNames, g.Below(4));
  std::string fin;
  std::string tasks = Tasks(g, names, params, comps, subs, true, fin);
  s.text = "version: 1\nname: " + kNames[g.Below(kNames.size())] + "\n" + ptext + Components(comps) +
           "tasks:\n" + tasks + (fin.empty() ? "" : "finally:\n" + fin);
  return s;
}

// Parses JSON, failing on any object that has a key twice.
bool ParseNoDuplicates(const std::string& text, ir::json& out, std::string& dup) {
  std::vector<std::set<std::string>> open;
  auto cb = [&](int, ir::json::parse_event_t ev, ir::json& parsed) {
    if (ev == ir::json::parse_event_t::object_start) open.emplace_back();
    else if (ev == ir::json::parse_event_t::object_end) open.pop_back();
    else if (ev == ir::json::parse_event_t::key && !open.back().insert(parsed.get<std::string>()).second)
      dup = parsed.get<std::string>();
    return true;
  };
  out = ir::json::parse(text, cb);
  return dup.empty();
}

void UserTasks(const ir::Pipeline& p, Target target, std::set<std::string>& tasks, std::set<std::string>& subs,
               std::set<std::string>& components) {
  for (const ir::Task& t : p.tasks) {
    tasks.insert(t.name);
    if (t.sub) {
      if (target == Target::Argo && t.engine == ir::Engine::Kfp) continue;
      subs.insert(t.name);
      components.insert(t.sub->name);
      UserTasks(*t.sub, target, tasks, subs, components);
    } else {
      components.insert(t.impl->name);
    }
  }
}

// What is wrong with the output, or empty.
std::string CheckKfp(const ir::json& doc, const std::set<std::string>& tasks, const std::set<std::string>& subs) {
  std::set<std::string> seen;
  const ir::json& comps = doc["components"];
  const ir::json& execs = doc["deploymentSpec"]["executors"];
  auto dag = [&](const ir::json& d) -> std::string {
    for (const auto& [k, t] : d["dag"]["tasks"].items()) {
      std::string ref = t["componentRef"]["name"];
      if (!comps.contains(ref)) return "task " + k + " runs missing " + ref;
      bool group = comps[ref].contains("dag");
      if (tasks.count(k)) {
        if (group && !subs.count(k)) return "user task " + k + " is a group's name";
        seen.insert(k);
      }
      if (t["taskInfo"]["name"] != k) return "task " + k + " has another taskInfo name";
    }
    return "";
  };
  std::string err = dag(doc["root"]);
  for (const auto& [k, c] : comps.items()) {
    if (!err.empty()) break;
    if (c.contains("dag")) err = dag(c);
    else if (!execs.contains(c["executorLabel"].get<std::string>())) err = k + " has no executor";
  }
  for (const std::string& t : tasks)
    if (err.empty() && !seen.count(t)) err = "user task " + t + " is missing";
  return err;
}

std::string CheckArgo(const ir::json& doc, const std::set<std::string>& tasks, const std::set<std::string>& components) {
  const ir::json& spec = doc["spec"].contains("workflowSpec") ? doc["spec"]["workflowSpec"] : doc["spec"];
  std::set<std::string> templates, seen;
  for (const ir::json& t : spec["templates"])
    if (!templates.insert(t["name"].get<std::string>()).second) return "template " + t["name"].get<std::string>() + " twice";
  for (const char* k : {"entrypoint", "onExit"}) {
    if (!spec.contains(k)) continue;
    std::string n = spec[k];
    if (!templates.count(n)) return std::string(k) + " names no template";
    if (components.count(n)) return std::string(k) + " took user name " + n;
  }
  for (const ir::json& t : spec["templates"]) {
    if (!t.contains("dag")) continue;
    std::set<std::string> here;
    for (const ir::json& task : t["dag"]["tasks"]) {
      std::string n = task["name"];
      if (!here.insert(n).second) return "task " + n + " twice in " + t["name"].get<std::string>();
      if (!templates.count(task["template"].get<std::string>())) return "task " + n + " runs a missing template";
      seen.insert(n);
    }
  }
  for (const std::string& t : tasks)
    if (!seen.count(t)) return "user task " + t + " is missing";
  return "";
}

}  // namespace

TEST_CASE("generated names never take a user's name", "[backend][names]") {
  fs::path dir = fs::temp_directory_path() / ("mlpc-names-" + std::to_string(::getpid()));
  Gen g(20240612);  // deterministic
  int compiled = 0, rejected = 0;
  for (int i = 0; i < 300; ++i) {
    Spec s = Make(g);
    fs::remove_all(dir);
    fs::create_directories(dir);
    for (const auto& [name, text] : s.files) std::ofstream(dir / name) << text;
    std::string path = (dir / "spec.yaml").string();
    std::ofstream(path) << s.text;
    for (Target target : {Target::Argo, Target::Kfp}) {
      auto a = Analyze(path, s.text, target);
      INFO(s.text);
      for (const auto& [name, text] : s.files) INFO(name << ":\n" << text);
      if (!a->pipeline || a->sink.HasErrors()) {
        ++rejected;
        continue;
      }
      std::optional<std::string> out = RenderOutput(*a->pipeline, target, "json");
      REQUIRE(out);
      ir::json doc;
      std::string dup;
      bool unique = ParseNoDuplicates(*out, doc, dup);
      INFO("duplicate key " << dup);
      REQUIRE(unique);
      std::set<std::string> tasks, subs, components;
      UserTasks(*a->pipeline, target, tasks, subs, components);
      std::string err = target == Target::Kfp ? CheckKfp(doc, tasks, subs) : CheckArgo(doc, tasks, components);
      INFO(*out);
      REQUIRE(err == "");
      ++compiled;
    }
  }
  fs::remove_all(dir);
  // The generator writes valid specs only: every one is checked on both targets.
  INFO("compiled " << compiled << ", rejected " << rejected);
  REQUIRE(rejected == 0);
}
