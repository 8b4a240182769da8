// The KFP API's recurring-run request (POST /apis/v2beta1/recurringruns) for a scheduled
// spec: KFP IR has no schedule of its own, so this is how `schedule` reaches KFP.
#include <fmt/format.h>

#include "backends/kfp/kfp.h"
#include "backends/launch/launch.h"

namespace mlpc {

Doc EmitRecurringRun(const ir::Pipeline& p) {
  const ir::Schedule& s = *p.schedule;
  Doc body = Doc::object();
  body["display_name"] = p.name;
  if (!p.description.empty()) body["description"] = p.description;
  // KFP's scheduler reads six-field cron expressions, seconds first, or a macro.
  std::string cron = s.cron.value.front() == '@' ? s.cron.value : "0 " + s.cron.value;
  body["trigger"] = Doc{{"cron_schedule", Doc{{"cron", cron}}}};
  // Argo's Forbid is one run at a time; Allow is KFP's largest limit.
  body["max_concurrency"] = s.concurrency == ir::Schedule::Concurrency::Forbid ? "1" : "10";
  // Like a CronWorkflow: after downtime, start the latest missed run, not every one.
  body["no_catchup"] = true;
  body["mode"] = "ENABLE";
  body["pipeline_spec"] = RunPipelineSpec(p, "");
  return body;
}

}  // namespace mlpc
