#include "backends/launch/launch.h"

#include <fmt/format.h>

#include "backends/kfp/kfp.h"
#include "launcher_source.h"

namespace mlpc {
namespace {

constexpr const char* kSpecPath = "/mlpc/launch/pipeline.b64";
constexpr const char* kOutputsDir = "/mlpc/outputs";
constexpr const char* kOutputsVolume = "mlpc-outputs";
// Time the launcher gets after its own timeout to terminate the run and write outputs.
constexpr int64_t kDeadlineGrace = 120;

// Base64 in lines of 76 characters: Argo substitutes `{{...}}` anywhere in a template,
// and KFP IR is full of `{{$.inputs...}}` placeholders, so the IR travels encoded.
std::string Base64Lines(const std::string& in) {
  static const char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out, line;
  auto put = [&](char c) {
    line += c;
    if (line.size() == 76) {
      out += line + "\n";
      line.clear();
    }
  };
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    uint32_t v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8) |
                 static_cast<unsigned char>(in[i + 2]);
    for (int s = 18; s >= 0; s -= 6) put(kAlphabet[(v >> s) & 63]);
  }
  if (size_t rest = in.size() - i) {
    uint32_t v = static_cast<unsigned char>(in[i]) << 16;
    if (rest == 2) v |= static_cast<unsigned char>(in[i + 1]) << 8;
    put(kAlphabet[(v >> 18) & 63]);
    put(kAlphabet[(v >> 12) & 63]);
    put(rest == 2 ? kAlphabet[(v >> 6) & 63] : '=');
    put('=');
  }
  if (!line.empty()) out += line + "\n";
  return out;
}

Doc EnvValue(const std::string& name, const std::string& value) { return Doc{{"name", name}, {"value", value}}; }

}  // namespace

Doc RunPipelineSpec(const ir::Pipeline& p, const std::string& fallback_root) {
  std::vector<Doc> docs;
  if ((!p.kfp || p.kfp->pipeline_root.empty()) && !fallback_root.empty()) {
    ir::Pipeline copy = p;
    if (!copy.kfp) copy.kfp.emplace();
    copy.kfp->pipeline_root = fallback_root;
    docs = EmitKfp(copy);
  } else {
    docs = EmitKfp(p);
  }
  if (docs.size() == 1) return SortKeys(std::move(docs[0]));
  return SortKeys(Doc{{"pipeline_spec", std::move(docs[0])}, {"platform_spec", std::move(docs[1])}});
}

Doc LaunchTemplate(const Launch& l) {
  const ir::KfpSection& api = *l.api;
  Doc body = Doc::object();
  Doc params = Doc::array();
  for (const std::string& name : l.params) params.push_back(Doc{{"name", name}});
  if (l.run_name.empty()) params.push_back(Doc{{"name", kRunNameInput}});
  std::string spec = RunPipelineSpec(*l.pipeline, l.pipeline_root).dump();
  Doc artifact = Doc{{"name", "pipeline-spec"}, {"path", kSpecPath}, {"raw", Doc{{"data", Base64Lines(spec)}}}};
  Doc inputs = Doc::object();
  if (!params.empty()) inputs["parameters"] = std::move(params);
  inputs["artifacts"] = Doc::array({std::move(artifact)});
  body["inputs"] = std::move(inputs);
  Doc outs = Doc::array();
  for (const char* name : {"run_id", "run_url"})
    outs.push_back(Doc{{"name", name}, {"valueFrom", Doc{{"path", fmt::format("{}/{}", kOutputsDir, name)}}}});
  body["outputs"] = Doc{{"parameters", std::move(outs)}};
  if (l.timeout_s) body["activeDeadlineSeconds"] = *l.timeout_s + kDeadlineGrace;
  body["volumes"] = Doc::array({Doc{{"name", kOutputsVolume}, {"emptyDir", Doc::object()}}});

  Doc env = Doc::array();
  env.push_back(EnvValue("KFP_HOST", api.host->value));
  if (!api.ui.empty()) env.push_back(EnvValue("KFP_UI_URL", api.ui));
  if (!api.namespace_.empty()) env.push_back(EnvValue("KFP_NAMESPACE", api.namespace_));
  if (!api.experiment.empty()) env.push_back(EnvValue("KFP_EXPERIMENT", api.experiment));
  env.push_back(EnvValue("KFP_RUN_NAME", l.run_name.empty()
                                             ? fmt::format("{{{{inputs.parameters.{}}}}}", kRunNameInput)
                                             : l.run_name));
  if (l.timeout_s) env.push_back(EnvValue("KFP_TIMEOUT_SECONDS", std::to_string(*l.timeout_s)));
  if (!l.wait) env.push_back(EnvValue("KFP_WAIT", "false"));
  if (!api.token_secret.empty())
    env.push_back(Doc{{"name", "KFP_TOKEN"},
                      {"valueFrom", Doc{{"secretKeyRef", Doc{{"name", api.token_secret}, {"key", api.token_key}}}}}});
  for (const std::string& name : l.params)
    env.push_back(EnvValue("MLPC_PARAM_" + name, fmt::format("{{{{inputs.parameters.{}}}}}", name)));

  Doc script = Doc::object();
  script["image"] = api.launcher_image.empty() ? kDefaultLauncherImage : api.launcher_image;
  script["command"] = Doc::array({"python3"});
  script["env"] = std::move(env);
  script["resources"] =
      Doc{{"requests", Doc{{"cpu", "50m"}, {"memory", "64Mi"}}}, {"limits", Doc{{"memory", "256Mi"}}}};
  script["volumeMounts"] = Doc::array({Doc{{"name", kOutputsVolume}, {"mountPath", kOutputsDir}}});
  script["source"] = std::string(kLauncherSource);
  body["script"] = std::move(script);
  return body;
}

}  // namespace mlpc
