// Components and executors: a task's resolved container as `comp-NAME` (its typed
// interface) and `exec-NAME` (the container, with KFP placeholders); sub-pipelines as
// components with a `dag`.
#include <fmt/format.h>

#include "backends/kfp/kfp_internal.h"

namespace mlpc::kfp {

namespace {

std::string Placeholder(const ir::Component& c, const ir::Ref& r) {
  switch (r.kind) {
    case ir::Ref::Kind::ExecutorInput:
      return "{{$}}";
    case ir::Ref::Kind::Input: {
      const ir::Io& in = c.inputs[r.index];
      if (!r.keys.empty()) return fmt::format("{{{{$.inputs.artifacts['{}'].uri}}}}", in.name);
      if (in.type.IsArtifact()) return fmt::format("{{{{$.inputs.artifacts['{}'].path}}}}", in.name);
      return fmt::format("{{{{$.inputs.parameters['{}']}}}}", in.name);
    }
    case ir::Ref::Kind::Output: {
      const ir::Io& o = c.outputs[r.index];
      if (!r.keys.empty()) return fmt::format("{{{{$.outputs.artifacts['{}'].uri}}}}", o.name);
      if (o.type.IsArtifact()) return fmt::format("{{{{$.outputs.artifacts['{}'].path}}}}", o.name);
      return fmt::format("{{{{$.outputs.parameters['{}'].output_file}}}}", o.name);
    }
    case ir::Ref::Kind::PipelineName:
      return "{{$.pipeline_job_name}}";
    case ir::Ref::Kind::RunId:
      return "{{$.pipeline_job_uuid}}";
    default:
      return "";  // the passes turned every other reference into an input
  }
}

std::string Render(const ir::Component& c, const ir::Text& t) {
  std::string s;
  for (const auto& piece : t.pieces) s += piece.ref ? Placeholder(c, *piece.ref) : piece.text;
  return s;
}

Doc Texts(const ir::Component& c, const std::vector<ir::Text>& ts) {
  Doc a = Doc::array();
  for (const ir::Text& t : ts) a.push_back(Render(c, t));
  return a;
}

// The interpreter of a script: `command` when given, else what lowering chose.
std::vector<std::string> Interpreter(const ir::Component& c) {
  std::vector<std::string> cmd;
  for (const ir::Text& t : c.command) cmd.push_back(Render(c, t));
  return cmd.empty() ? c.interpreter : cmd;
}

std::string ShellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// KFP containers have no `source`: interpreters that take a program text with -c get it
// so; any other is handed the text in a temporary file, as the SDK runs its own programs.
Doc ScriptCommand(const ir::Component& c) {
  std::vector<std::string> interp = Interpreter(c);
  std::string source = Render(c, *c.script);
  std::string base = interp[0].substr(interp[0].rfind('/') == std::string::npos ? 0 : interp[0].rfind('/') + 1);
  bool dash_c = base == "sh" || base == "bash" || base == "ash" || base == "zsh" || base.rfind("python", 0) == 0;
  Doc cmd = Doc::array();
  if (dash_c) {
    for (const std::string& w : interp) cmd.push_back(w);
    cmd.push_back("-c");
    cmd.push_back(source);
    return cmd;
  }
  std::string run;
  for (const std::string& w : interp) run += ShellQuote(w) + " ";
  cmd.push_back("sh");
  cmd.push_back("-ec");
  cmd.push_back("program_path=$(mktemp -d)\nprintf \"%s\" \"$0\" > \"$program_path/script\"\nexec " + run +
                "\"$program_path/script\"\n");
  cmd.push_back(source);
  return cmd;
}

Doc Resources(const ir::Resources& r) {
  Doc d = Doc::object();
  if (r.cpu) d["resourceCpuRequest"] = r.cpu->value;
  if (r.cpu_limit) d["resourceCpuLimit"] = r.cpu_limit->value;
  if (r.memory) d["resourceMemoryRequest"] = r.memory->value;
  // Lowering made a memory request its limit and gave a GPU count its type.
  if (r.memory_limit) d["resourceMemoryLimit"] = r.memory_limit->value;
  if (r.gpu && r.gpu->value > 0)
    d["accelerator"] = Doc{{"resourceCount", std::to_string(r.gpu->value)}, {"resourceType", r.gpu_type->value}};
  return d;
}

// The inputs of `t` given `pipeline.status`, by index.
std::vector<bool> TakesFinalStatus(const ir::Task& t) {
  std::vector<bool> takes(t.impl->inputs.size());
  for (const ir::Arg& a : t.args)
    if (a.input >= 0 && a.input < static_cast<int>(takes.size()) && a.value.text.IsWholeRef() &&
        a.value.text.pieces[0].ref->kind == ir::Ref::Kind::PipelineStatus)
      takes[a.input] = true;
  return takes;
}

}  // namespace

Doc IoDefinitions(const std::vector<ir::Io>& ios, bool inputs, const ir::Task* t) {
  ObjectBuilder params, artifacts;  // a task may have thousands of inputs: no search per key
  std::vector<bool> final_status = t ? TakesFinalStatus(*t) : std::vector<bool>();
  for (size_t i = 0; i < ios.size(); ++i) {
    const ir::Io& io = ios[i];
    Doc d = Doc::object();
    if (io.type.IsArtifact()) {
      d["artifactType"] = ArtifactType(io.type);
      if (inputs && io.optional) d["isOptional"] = true;
    } else if (i < final_status.size() && final_status[i]) {
      d["parameterType"] = "TASK_FINAL_STATUS";
      d["isOptional"] = true;
    } else {
      d["parameterType"] = ParameterType(io.type);
      if (inputs) {
        if (io.default_value && io.default_value->is_literal)
          d["defaultValue"] = io.default_value->literal;
        else if (io.optional && io.type.kind == ir::TypeKind::String)
          d["defaultValue"] = "";  // read as empty, as on Argo
        if (io.default_value || io.optional) d["isOptional"] = true;
        if (!io.enum_values.empty()) {
          Doc l = Doc::array();
          for (const auto& v : io.enum_values) l.push_back(v.value);
          d["literals"] = std::move(l);
        }
      }
    }
    if (!io.description.empty()) d["description"] = io.description;
    (io.type.IsArtifact() ? artifacts : params)[io.name] = std::move(d);
  }
  Doc out = Doc::object();
  if (!params.empty()) out["parameters"] = params.ToDoc();
  if (!artifacts.empty()) out["artifacts"] = artifacts.ToDoc();
  return out;
}

// Tasks that run the same component the same way share one component and executor, as
// a person writing the IR would; only the names of the first one are allocated.
std::string AddContainerComponent(Emitter& e, const ir::Pipeline& p, const ir::Task& t) {
  (void)p;
  const ir::Component& c = *t.impl;
  Doc cd = Doc::object();
  Doc in = IoDefinitions(c.inputs, true, &t), out = IoDefinitions(c.outputs, false, nullptr);
  if (!in.empty()) cd["inputDefinitions"] = std::move(in);
  if (!out.empty()) cd["outputDefinitions"] = std::move(out);

  Doc ctr = Doc::object();
  ctr["image"] = Render(c, c.image_text);
  if (c.script) {
    ctr["command"] = ScriptCommand(c);
    if (!c.args.empty()) ctr["args"] = Texts(c, c.args);
  } else {
    if (!c.command.empty()) ctr["command"] = Texts(c, c.command);
    if (!c.args.empty()) ctr["args"] = Texts(c, c.args);
  }
  Doc env = Doc::array();
  for (const ir::EnvVar& v : c.env)
    if (v.kind == ir::EnvVar::Kind::Literal && !v.IsRunId())
      env.push_back(Doc{{"name", v.name}, {"value", Render(c, v.value)}});
  if (!env.empty()) ctr["env"] = std::move(env);
  Doc res = Resources(t.settings->resources);
  if (!res.empty()) ctr["resources"] = std::move(res);
  Doc exec_doc = Doc{{"container", std::move(ctr)}};
  Doc k8s = PlatformConfig(*e.top, t);

  std::string base = SdkName(c.name);
  std::hash<Doc> hash;
  size_t key = hash(cd) ^ (hash(exec_doc) * 31) ^ (hash(k8s) * 131) ^ (std::hash<std::string>{}(base) * 1031);
  std::vector<Emitter::Container>& same_hash = e.container_components[key];
  for (const Emitter::Container& have : same_hash) {
    if (have.base == base && Identical(have.definitions, cd) && Identical(e.executors[have.executor].second, exec_doc) &&
        Identical(have.platform, k8s))
      return have.component;
  }
  std::string name = e.FreeName(base);
  std::string comp = "comp-" + name, exec = "exec-" + name;
  Doc definitions = cd;
  cd["executorLabel"] = exec;
  e.components.emplace_back(comp, std::move(cd));
  same_hash.push_back(Emitter::Container{base, comp, std::move(definitions), e.executors.size(), k8s});
  e.executors.emplace_back(exec, std::move(exec_doc));
  if (!k8s.empty()) e.platform.emplace_back(exec, std::move(k8s));
  return comp;
}

std::string AddSubPipelineComponent(Emitter& e, const ir::Pipeline& sub) {
  auto have = e.sub_components.find(&sub);
  if (have != e.sub_components.end()) return have->second;
  std::string comp = "comp-" + e.FreeName(SdkName(sub.name));
  e.sub_components[&sub] = comp;
  e.dags.emplace_back();
  Dag& d = e.dags.back();
  d.p = &sub;
  d.component = comp;
  BuildPipelineDag(e, d);
  return comp;
}

}  // namespace mlpc::kfp
