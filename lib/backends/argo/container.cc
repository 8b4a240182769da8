// Container and script templates: a task's resolved component with its inputs, outputs
// (written to an emptyDir so the program never creates directories), settings and cache.
#include <fmt/format.h>

#include <unordered_map>
#include <unordered_set>

#include "backends/argo/argo_internal.h"
#include "backends/launch/launch.h"
#include "backends/names.h"

namespace mlpc::argo {
namespace {

Doc Inputs(const ir::Component& c) {
  Doc params = Doc::array(), artifacts = Doc::array();
  for (const ir::Io& in : c.inputs) {
    Doc d = Doc::object();
    d["name"] = in.name;
    if (in.type.IsArtifact()) {
      d["path"] = fmt::format("{}/{}", kInputsDir, in.name);
      if (in.optional) d["optional"] = true;
      artifacts.push_back(std::move(d));
      continue;
    }
    if (in.default_value && in.default_value->is_literal) {
      d["default"] = ParameterText(in.default_value->literal);
    } else if (in.optional) {
      d["default"] = "";  // Argo has no absent parameter: optional reads as empty
    }
    if (!in.enum_values.empty()) {
      Doc e = Doc::array();
      for (const auto& v : in.enum_values) e.push_back(ParameterText(v.value));
      d["enum"] = std::move(e);
    }
    if (!in.description.empty()) d["description"] = in.description;
    params.push_back(std::move(d));
  }
  Doc out = Doc::object();
  if (!params.empty()) out["parameters"] = std::move(params);
  if (!artifacts.empty()) out["artifacts"] = std::move(artifacts);
  return out;
}

Doc Outputs(const ir::Component& c, const std::vector<std::string>& global_outputs,
            const std::vector<std::optional<std::string>>& defaults) {
  Doc params = Doc::array(), artifacts = Doc::array();
  for (size_t i = 0; i < c.outputs.size(); ++i) {
    const ir::Io& o = c.outputs[i];
    Doc d = Doc::object();
    d["name"] = o.name;
    std::string path = fmt::format("{}/{}", kOutputsDir, o.name);
    if (o.type.IsArtifact()) {
      d["path"] = path;
    } else {
      d["valueFrom"] = Doc{{"path", path}};
      if (i < defaults.size() && defaults[i]) d["valueFrom"]["default"] = *defaults[i];
    }
    if (!global_outputs[i].empty()) d["globalName"] = global_outputs[i];
    (o.type.IsArtifact() ? artifacts : params).push_back(std::move(d));
  }
  Doc out = Doc::object();
  if (!params.empty()) out["parameters"] = std::move(params);
  if (!artifacts.empty()) out["artifacts"] = std::move(artifacts);
  return out;
}

Doc Env(const ir::Pipeline& p, const ir::Component& c, const RefStyle& style) {
  Doc env = Doc::array();
  for (const ir::EnvVar& e : c.env) {
    Doc d = Doc::object();
    d["name"] = e.name;
    switch (e.kind) {
      case ir::EnvVar::Kind::Literal:
        d["value"] = TextValue(p, e.value, style);
        break;
      case ir::EnvVar::Kind::Secret:
        d["valueFrom"] = Doc{{"secretKeyRef", Doc{{"name", e.source}, {"key", e.key}}}};
        break;
      case ir::EnvVar::Kind::ConfigMap:
        d["valueFrom"] = Doc{{"configMapKeyRef", Doc{{"name", e.source}, {"key", e.key}}}};
        break;
    }
    env.push_back(std::move(d));
  }
  return env;
}

Doc Resources(const ir::Resources& r) {
  Doc requests = Doc::object(), limits = Doc::object();
  if (r.cpu) requests["cpu"] = r.cpu->value;
  if (r.memory) requests["memory"] = r.memory->value;
  if (r.cpu_limit) limits["cpu"] = r.cpu_limit->value;
  if (r.memory_limit) limits["memory"] = r.memory_limit->value;  // lowering made a request its limit
  if (r.gpu && r.gpu->value > 0) limits[r.gpu_type->value] = r.gpu->value;   // and gave the GPU a type
  Doc out = Doc::object();
  if (!requests.empty()) out["requests"] = std::move(requests);
  if (!limits.empty()) out["limits"] = std::move(limits);
  return out;
}

std::string VolumeName(const ir::Volume& v) {
  switch (v.kind) {
    case ir::Volume::Kind::Pvc:
      return DnsName("pvc-" + v.source);
    case ir::Volume::Kind::Secret:
      return DnsName("secret-" + v.source);
    case ir::Volume::Kind::ConfigMap:
      return DnsName("config-map-" + v.source);
    case ir::Volume::Kind::EmptyDir:
      return DnsName("empty-dir" + v.mount);
  }
  return "volume";
}

// The interpreter of a script: `command` when given, else what lowering chose.
Doc ScriptCommand(const ir::Pipeline& p, const ir::Component& c, const RefStyle& style) {
  Doc cmd = Doc::array();
  for (const ir::Text& t : c.command) cmd.push_back(TextValue(p, t, style));
  for (const std::string& w : c.interpreter) cmd.push_back(w);
  return cmd;
}

Doc Memoize(const ir::Pipeline& p, const ir::Task& t) {
  // The key is the component's identity and a digest of every input value, so a hit never
  // returns a result computed from other inputs; the digest keeps the key within the
  // characters a ConfigMap key allows, whatever the values hold.
  std::string key = fmt::format("{}-{}", t.impl->name, t.impl->identity.substr(0, 10));
  if (!t.impl->inputs.empty()) {
    std::string list;
    for (const ir::Io& in : t.impl->inputs)
      list += (list.empty() ? "" : ", ") + fmt::format("inputs.parameters['{}']", in.name);
    key += fmt::format("-{{{{=sprig.sha256sum(toJson([{}]))}}}}", list);
  }
  Doc m = Doc::object();
  m["key"] = key;
  m["maxAge"] = t.settings->cache->max_age_s ? GoDuration(*t.settings->cache->max_age_s) : "";
  // Argo v3's API types the ConfigMap as a key selector whose `key` is required (its CRDs
  // and OpenAPI clients refuse the workflow without one), though the controller reads only
  // the name; v4 types it as a plain reference and refuses the key.
  Doc config_map = Doc{{"name", DnsName("mlpc-cache-" + p.name)}};
  if (p.argo && p.argo->version == 3) config_map["key"] = "cache";
  m["cache"] = Doc{{"configMap", std::move(config_map)}};
  return m;
}

}  // namespace

Doc RetryStrategy(const ir::Retry& retry) {
  Doc r = Doc::object();
  r["limit"] = retry.limit;
  using Policy = ir::Retry::Policy;
  if (retry.policy != Policy::Default)
    r["retryPolicy"] = retry.policy == Policy::OnFailure ? "OnFailure"
                       : retry.policy == Policy::OnError ? "OnError"
                                                         : "Always";
  if (retry.delay_s) {
    Doc b = Doc::object();
    b["duration"] = GoDuration(*retry.delay_s);
    if (retry.factor) b["factor"] = static_cast<int64_t>(*retry.factor);
    // `cap` bounds each delay; Argo's `maxDuration` would bound the whole retry window.
    if (retry.max_delay_s) b["cap"] = GoDuration(*retry.max_delay_s);
    r["backoff"] = std::move(b);
  }
  return r;
}

Doc PodMetadata(const ir::Settings& s) {
  Doc md = Doc::object();
  if (!s.annotations.empty()) md["annotations"] = StringObject(s.annotations);
  if (!s.labels.empty()) md["labels"] = StringObject(s.labels);
  return md;
}

std::string AddLaunchTemplate(Registry& reg, const ir::Task& t, const std::vector<std::string>& global_outputs) {
  Launch l;
  l.pipeline = t.sub.get();
  l.api = ir::LaunchApi(t);
  for (const ir::Arg& a : t.args) l.params.push_back(t.impl->inputs[a.input].name);
  if (t.settings->timeout_s) l.timeout_s = t.settings->timeout_s->value;
  Doc launch = LaunchTemplate(l);
  for (size_t i = 0; i < t.impl->outputs.size(); ++i) {
    if (global_outputs[i].empty() || !t.impl->outputs[i].launch) continue;
    for (Doc& o : launch["outputs"]["parameters"])
      if (o["name"] == t.impl->outputs[i].name) o["globalName"] = global_outputs[i];
  }
  const ir::Settings& s = *t.settings;
  // In the order of container templates: ..., outputs, metadata, retryStrategy, deadline, ...
  Doc body = Doc::object();
  bool placed = false;
  for (auto& [k, v] : launch.items()) {
    if (!placed && k != "inputs" && k != "outputs") {
      placed = true;
      if (!s.labels.empty() || !s.annotations.empty()) body["metadata"] = PodMetadata(s);
      // A retry launches a new run: the failed one stays in KFP for inspection.
      if (s.retry && s.retry->limit > 0) body["retryStrategy"] = RetryStrategy(*s.retry);
    }
    body[k] = v;
  }
  return reg.Add({"launch-" + t.sub->name, "launch-" + t.name}, std::move(body));
}

std::string AddContainerTemplate(Registry& reg, const ir::Pipeline& p, const ir::Task& t,
                                 const std::vector<std::string>& global_outputs,
                                 const std::vector<std::optional<std::string>>& defaults) {
  const ir::Component& c = *t.impl;
  const ir::Settings& s = *t.settings;
  RefStyle style;
  style.impl = &c;
  Doc body = Doc::object();
  Doc inputs = Inputs(c);
  if (!inputs.empty()) body["inputs"] = std::move(inputs);
  Doc outputs = Outputs(c, global_outputs, defaults);
  if (!outputs.empty()) body["outputs"] = std::move(outputs);
  if (!s.labels.empty() || !s.annotations.empty()) body["metadata"] = PodMetadata(s);
  if (!s.node_selector.empty()) body["nodeSelector"] = StringObject(s.node_selector);
  if (!s.tolerations.empty()) {
    Doc list = Doc::array();
    for (const ir::Toleration& tol : s.tolerations) list.push_back(TolerationDoc(tol, false));
    body["tolerations"] = std::move(list);
  }
  if (s.retry && s.retry->limit > 0) body["retryStrategy"] = RetryStrategy(*s.retry);
  if (s.timeout_s) body["activeDeadlineSeconds"] = s.timeout_s->value;
  if (s.cache && s.cache->enabled) body["memoize"] = Memoize(p, t);
  Doc volumes = Doc::array(), mounts = Doc::array();
  if (!c.outputs.empty()) {
    volumes.push_back(Doc{{"name", kOutputsVolume}, {"emptyDir", Doc::object()}});
    mounts.push_back(Doc{{"name", kOutputsVolume}, {"mountPath", kOutputsDir}});
  }
  // Names are unique in the pod: the kind's name, then numbered, each number tried once.
  std::unordered_set<std::string> taken;
  std::unordered_map<std::string, int> next;
  for (const Doc& have : volumes) taken.insert(have["name"].get<std::string>());
  for (const ir::Volume& v : s.volumes) {
    std::string base = VolumeName(v), name = base;
    for (int& n = next.try_emplace(base, 2).first->second; taken.count(name); ++n) name = fmt::format("{}-{}", base, n);
    taken.insert(name);
    Doc vol = Doc::object();
    vol["name"] = name;
    switch (v.kind) {
      case ir::Volume::Kind::Pvc: {
        Doc claim = Doc{{"claimName", v.source}};
        if (v.read_only) claim["readOnly"] = true;
        vol["persistentVolumeClaim"] = std::move(claim);
        break;
      }
      case ir::Volume::Kind::Secret:
        vol["secret"] = Doc{{"secretName", v.source}};
        break;
      case ir::Volume::Kind::ConfigMap:
        vol["configMap"] = Doc{{"name", v.source}};
        break;
      case ir::Volume::Kind::EmptyDir: {
        Doc e = Doc::object();
        if (!v.medium.empty()) e["medium"] = v.medium;
        if (!v.size_limit.empty()) e["sizeLimit"] = v.size_limit;
        vol["emptyDir"] = std::move(e);
        break;
      }
    }
    volumes.push_back(std::move(vol));
    Doc m = Doc{{"name", name}, {"mountPath", v.mount}};
    if (v.read_only) m["readOnly"] = true;
    mounts.push_back(std::move(m));
  }
  if (!volumes.empty()) body["volumes"] = std::move(volumes);
  Doc ctr = Doc::object();
  ctr["image"] = TextValue(p, c.image_text, style);
  if (c.script) {
    ctr["command"] = ScriptCommand(p, c, style);
  } else if (!c.command.empty()) {
    Doc cmd = Doc::array();
    for (const ir::Text& x : c.command) cmd.push_back(TextValue(p, x, style));
    ctr["command"] = std::move(cmd);
  }
  if (!c.args.empty()) {
    Doc args = Doc::array();
    for (const ir::Text& x : c.args) args.push_back(TextValue(p, x, style));
    ctr["args"] = std::move(args);
  }
  if (c.script) ctr["source"] = TextValue(p, *c.script, style);
  Doc env = Env(p, c, style);
  if (!env.empty()) ctr["env"] = std::move(env);
  Doc res = Resources(s.resources);
  if (!res.empty()) ctr["resources"] = std::move(res);
  if (!mounts.empty()) ctr["volumeMounts"] = std::move(mounts);
  body[c.script ? "script" : "container"] = std::move(ctr);
  return reg.Add({c.name, c.name + "-" + t.name}, std::move(body), Origin::User);
}

}  // namespace mlpc::argo
