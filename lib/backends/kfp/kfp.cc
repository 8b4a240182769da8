// The PipelineSpec shell: pipelineInfo, root, components, deploymentSpec, versions, and
// the PlatformSpec beside it.
#include "backends/kfp/kfp.h"

#include <functional>

#include "backends/kfp/kfp_internal.h"
#include "version.h"

namespace mlpc {

std::vector<Doc> EmitKfp(const ir::Pipeline& p) {
  kfp::Emitter e;
  e.top = &p;
  std::function<void(const ir::Pipeline&)> reserve = [&](const ir::Pipeline& q) {
    for (const ir::Task& t : q.tasks) {
      e.user_names.insert(t.name);
      if (t.sub) {
        e.user_names.insert(kfp::SdkName(t.sub->name));
        reserve(*t.sub);
      } else {
        e.user_names.insert(kfp::SdkName(t.impl->name));
      }
    }
  };
  reserve(p);
  e.dags.emplace_back();
  kfp::Dag& root = e.dags.front();
  root.p = &p;
  kfp::BuildPipelineDag(e, root);
  for (kfp::Dag& d : e.dags)
    if (&d != &root) e.components.emplace_back(d.component, kfp::FinishDag(d));

  Doc spec = Doc::object();
  spec["components"] = kfp::ObjectOf(std::move(e.components));
  spec["deploymentSpec"] = Doc{{"executors", kfp::ObjectOf(std::move(e.executors))}};
  Doc info = Doc{{"name", p.name}};
  if (!p.description.empty()) info["description"] = p.description;
  spec["pipelineInfo"] = std::move(info);
  spec["root"] = kfp::FinishDag(root);
  spec["schemaVersion"] = "2.1.0";
  spec["sdkVersion"] = std::string("mlpc-") + MLPC_VERSION;
  if (p.kfp && !p.kfp->pipeline_root.empty()) spec["defaultPipelineRoot"] = p.kfp->pipeline_root;
  std::vector<Doc> docs;
  docs.push_back(std::move(spec));
  if (!e.platform.empty()) {
    Doc executors = kfp::ObjectOf(std::move(e.platform));
    Doc platform = Doc{{"platforms", Doc{{"kubernetes", Doc{{"deploymentSpec", Doc{{"executors", std::move(executors)}}}}}}}};
    docs.push_back(std::move(platform));
  }
  return docs;
}

}  // namespace mlpc
