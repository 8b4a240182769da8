// Kubernetes-level settings of a task as kfp-kubernetes writes them in the PlatformSpec
// (`platforms.kubernetes.deploymentSpec.executors.EXEC`): env from Secrets and ConfigMaps,
// volumes, node selectors, tolerations, pull secrets, pod metadata and the timeout.
// The legacy name fields (`secretName`, `constant`, ...) are the ones every KFP 2.x
// backend reads.
#include <fmt/format.h>

#include "backends/kfp/kfp_internal.h"
#include "backends/names.h"

namespace mlpc::kfp {
namespace {

// Env vars from one source are grouped under it, in order of first use.
Doc EnvFrom(const std::vector<ir::EnvVar>& env, ir::EnvVar::Kind kind) {
  bool secret = kind == ir::EnvVar::Kind::Secret;
  const char* name_key = secret ? "secretName" : "configMapName";
  const char* key_key = secret ? "secretKey" : "configMapKey";
  Doc list = Doc::array();
  for (const ir::EnvVar& v : env) {
    if (v.kind != kind) continue;
    Doc pair = Doc{{"envVar", v.name}, {key_key, v.key}};
    bool added = false;
    for (Doc& have : list)
      if (have[name_key] == v.source) {
        have["keyToEnv"].push_back(pair);
        added = true;
      }
    if (!added) list.push_back(Doc{{name_key, v.source}, {"keyToEnv", Doc::array({pair})}});
  }
  return list;
}

std::string EmptyDirName(const std::string& mount) {
  std::string out = "empty-dir";
  for (char c : mount) {
    char l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    bool ok = (l >= 'a' && l <= 'z') || (l >= '0' && l <= '9');
    if (ok)
      out += l;
    else if (out.back() != '-')
      out += '-';
  }
  while (out.back() == '-') out.pop_back();
  return out.substr(0, 63);
}

// The pipeline's map with the task's over it.
Doc StringMap(const std::vector<std::pair<std::string, std::string>>& a,
              const std::vector<std::pair<std::string, std::string>>& b) {
  ObjectBuilder d;
  for (const auto& [k, v] : a) d[k] = v;
  for (const auto& [k, v] : b) d[k] = v;
  return d.ToDoc();
}

}  // namespace

Doc PlatformConfig(const ir::Pipeline& top, const ir::Task& t) {
  const ir::Settings& s = *t.settings;
  Doc k = Doc::object();
  Doc secrets = EnvFrom(t.impl->env, ir::EnvVar::Kind::Secret);
  Doc maps = EnvFrom(t.impl->env, ir::EnvVar::Kind::ConfigMap);
  if (!secrets.empty()) k["secretAsEnv"] = std::move(secrets);
  if (!maps.empty()) k["configMapAsEnv"] = std::move(maps);
  // The KFP API server labels every pod of a run with the run's id.
  Doc fields = Doc::array();
  for (const ir::EnvVar& v : t.impl->env)
    if (v.IsRunId()) fields.push_back(Doc{{"fieldPath", "metadata.labels['pipeline/runid']"}, {"name", v.name}});
  if (!fields.empty()) k["fieldPathAsEnv"] = std::move(fields);
  Doc pvcs = Doc::array(), svols = Doc::array(), cvols = Doc::array(), empties = Doc::array();
  for (const ir::Volume& v : s.volumes) {
    switch (v.kind) {
      case ir::Volume::Kind::Pvc:
        pvcs.push_back(Doc{{"constant", v.source}, {"mountPath", v.mount}});
        break;
      case ir::Volume::Kind::Secret:
        svols.push_back(Doc{{"mountPath", v.mount}, {"secretName", v.source}});
        break;
      case ir::Volume::Kind::ConfigMap:
        cvols.push_back(Doc{{"configMapName", v.source}, {"mountPath", v.mount}});
        break;
      case ir::Volume::Kind::EmptyDir: {
        Doc d = Doc{{"mountPath", v.mount}, {"volumeName", EmptyDirName(v.mount)}};
        if (!v.medium.empty()) d["medium"] = v.medium;
        if (!v.size_limit.empty()) d["sizeLimit"] = v.size_limit;
        empties.push_back(std::move(d));
        break;
      }
    }
  }
  if (!pvcs.empty()) k["pvcMount"] = std::move(pvcs);
  if (!svols.empty()) k["secretAsVolume"] = std::move(svols);
  if (!cvols.empty()) k["configMapAsVolume"] = std::move(cvols);
  if (!empties.empty()) k["emptyDirMounts"] = std::move(empties);
  if (!s.node_selector.empty()) k["nodeSelector"] = Doc{{"labels", StringObject(s.node_selector)}};
  if (!s.tolerations.empty()) {
    Doc list = Doc::array();
    for (const ir::Toleration& tol : s.tolerations) list.push_back(TolerationDoc(tol, true));
    k["tolerations"] = std::move(list);
  }
  if (!s.image_pull_secrets.empty()) {
    Doc list = Doc::array();
    for (const std::string& n : s.image_pull_secrets) list.push_back(Doc{{"secretName", n}});
    k["imagePullSecret"] = std::move(list);
  }
  // KFP IR has no pipeline-level labels: the pipeline's go on every pod, under the task's.
  Doc labels = StringMap(top.labels, s.labels), annotations = StringMap(top.annotations, s.annotations);
  if (!labels.empty() || !annotations.empty()) {
    Doc md = Doc::object();
    if (!labels.empty()) md["labels"] = std::move(labels);
    if (!annotations.empty()) md["annotations"] = std::move(annotations);
    k["podMetadata"] = std::move(md);
  }
  if (s.timeout_s) k["activeDeadlineSeconds"] = std::to_string(s.timeout_s->value);
  return k;
}

}  // namespace mlpc::kfp
