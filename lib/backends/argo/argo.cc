// The workflow shell: kind, metadata, arguments, workflow-wide settings, the entrypoint
// DAG, the exit handler, and the CronWorkflow wrapper.
#include "backends/argo/argo.h"

#include <fmt/format.h>

#include <algorithm>
#include <functional>

#include "backends/argo/argo_internal.h"

namespace mlpc {

namespace {

using Kind = ir::ArgoSection::Kind;

Kind ChooseKind(const ir::Pipeline& p) {
  if (p.argo && p.argo->kind) return p.argo->kind->value;
  if (p.schedule) return Kind::CronWorkflow;
  bool required = false;
  for (const ir::Io& param : p.params) required = required || !param.default_value;
  // A Workflow must carry a value for every param; a template is submitted with them.
  if (required || !p.triggers.empty()) return Kind::WorkflowTemplate;
  return Kind::Workflow;
}

Doc Arguments(const ir::Pipeline& p) {
  Doc params = Doc::array();
  for (const ir::Io& param : p.params) {
    Doc d = Doc::object();
    d["name"] = param.name;
    if (param.default_value && param.default_value->is_literal) d["value"] = ParameterText(param.default_value->literal);
    if (!param.enum_values.empty()) {
      Doc e = Doc::array();
      for (const auto& v : param.enum_values) e.push_back(ParameterText(v.value));
      d["enum"] = std::move(e);
    }
    if (!param.description.empty()) d["description"] = param.description;
    params.push_back(std::move(d));
  }
  return params;
}

Doc WorkflowSpec(const ir::Pipeline& p) {
  argo::Registry reg;
  // The templates named after a user's component or sub-pipeline keep those names; the
  // entrypoint, exit handler, loop wrappers and launch steps take others.
  std::function<void(const ir::Pipeline&)> protect = [&](const ir::Pipeline& q) {
    for (const ir::Task& t : q.tasks) {
      if (!t.sub) {
        reg.Protect(t.impl->name);
      } else if (t.engine != ir::Engine::Kfp) {
        reg.Protect(t.sub->name);
        protect(*t.sub);
      }
    }
  };
  protect(p);
  std::string entry = reg.Reserve("main");
  bool has_finally = false;
  for (const ir::Task& t : p.tasks) has_finally = has_finally || t.is_finally;
  std::string exit = has_finally ? reg.Reserve("exit-handler") : "";
  argo::RefStyle style;
  Doc main = Doc{{"dag", argo::DagTemplate(reg, p, false, style)}};
  // A pipeline output that collects a loop task's iterations has no one template to carry
  // its globalName (argo::GlobalOutputs names the others on the task's template): the
  // entrypoint DAG exports it, as a sub-pipeline's DAG exports its outputs.
  Doc collected = Doc::array();
  Doc chosen = Doc::array();  // `one_of` artifacts
  for (const ir::Output& o : p.outputs) {
    if (!o.one_of.empty()) {
      Doc d = argo::OneOfOutput(p, o);
      d["globalName"] = o.name;
      (d.contains("fromExpression") ? chosen : collected).push_back(std::move(d));
      continue;
    }
    if (!o.value.text.IsWholeRef()) continue;
    const ir::Ref& r = *o.value.text.pieces[0].ref;
    if (r.kind != ir::Ref::Kind::TaskOutput || !r.fan_in || r.type.IsArtifact()) continue;
    collected.push_back(Doc{{"name", o.name},
                            {"globalName", o.name},
                            {"valueFrom", Doc{{"parameter", argo::RefText(p, r, style)}}}});
  }
  if (!collected.empty() || !chosen.empty()) {
    Doc outputs = Doc::object();
    if (!collected.empty()) outputs["parameters"] = std::move(collected);
    if (!chosen.empty()) outputs["artifacts"] = std::move(chosen);
    main = Doc{{"outputs", std::move(outputs)}, {"dag", main["dag"]}};
  }
  reg.Set(entry, std::move(main));
  if (has_finally) reg.Set(exit, Doc{{"dag", argo::DagTemplate(reg, p, true, style)}});

  Doc spec = Doc::object();
  spec["entrypoint"] = entry;
  if (!p.params.empty()) spec["arguments"] = Doc{{"parameters", Arguments(p)}};
  if (has_finally) spec["onExit"] = exit;
  if (p.argo) {
    const ir::ArgoSection& a = *p.argo;
    if (!a.service_account.empty()) spec["serviceAccountName"] = a.service_account;
    if (a.parallelism) spec["parallelism"] = *a.parallelism;
    if (a.active_deadline_s) spec["activeDeadlineSeconds"] = *a.active_deadline_s;
    switch (a.pod_gc) {
      using Gc = ir::ArgoSection::PodGc;
      case Gc::Unset: break;
      case Gc::OnPodCompletion: spec["podGC"] = Doc{{"strategy", "OnPodCompletion"}}; break;
      case Gc::OnPodSuccess: spec["podGC"] = Doc{{"strategy", "OnPodSuccess"}}; break;
      case Gc::OnWorkflowCompletion: spec["podGC"] = Doc{{"strategy", "OnWorkflowCompletion"}}; break;
      case Gc::OnWorkflowSuccess: spec["podGC"] = Doc{{"strategy", "OnWorkflowSuccess"}}; break;
    }
    if (a.ttl_s) spec["ttlStrategy"] = Doc{{"secondsAfterCompletion", *a.ttl_s}};
    if (!a.repo_config_map.empty() || !a.repo_key.empty()) {
      Doc ref = Doc::object();
      if (!a.repo_config_map.empty()) ref["configMap"] = a.repo_config_map;
      if (!a.repo_key.empty()) ref["key"] = a.repo_key;
      spec["artifactRepositoryRef"] = std::move(ref);
    }
  }
  // Argo takes pull secrets for the whole workflow: the union of every task's.
  std::vector<std::string> pulls;
  std::function<void(const ir::Pipeline&)> collect = [&](const ir::Pipeline& q) {
    for (const ir::Task& t : q.tasks) {
      for (const std::string& s : t.settings->image_pull_secrets)
        if (std::find(pulls.begin(), pulls.end(), s) == pulls.end()) pulls.push_back(s);
      if (t.sub) collect(*t.sub);
    }
  };
  collect(p);
  if (!pulls.empty()) {
    Doc list = Doc::array();
    for (const std::string& s : pulls) list.push_back(Doc{{"name", s}});
    spec["imagePullSecrets"] = std::move(list);
  }
  spec["templates"] = reg.TakeList();
  return spec;
}

}  // namespace

std::vector<Doc> EmitArgo(const ir::Pipeline& p) {
  Kind kind = ChooseKind(p);
  Doc doc = Doc::object();
  doc["apiVersion"] = "argoproj.io/v1alpha1";
  doc["kind"] = ir::KindName(kind);
  Doc md = Doc::object();
  if (kind == Kind::Workflow)
    md["generateName"] = p.name + "-";
  else
    md["name"] = p.name;
  if (p.argo && !p.argo->namespace_.empty()) md["namespace"] = p.argo->namespace_;
  if (!p.labels.empty()) md["labels"] = StringObject(p.labels);
  Doc annotations = StringObject(p.annotations);
  if (!p.description.empty()) annotations["workflows.argoproj.io/description"] = p.description;
  if (!annotations.empty()) md["annotations"] = std::move(annotations);
  doc["metadata"] = std::move(md);
  Doc spec = WorkflowSpec(p);
  if (kind != Kind::Workflow && !p.labels.empty()) {
    // Workflows submitted from a template or a schedule carry the labels too.
    Doc wm = Doc{{"labels", StringObject(p.labels)}};
    Doc merged = Doc::object();
    for (const auto& [k, v] : spec.items()) {
      if (k == "templates" && kind == Kind::WorkflowTemplate) merged["workflowMetadata"] = wm;
      merged[k] = v;
    }
    spec = std::move(merged);
  }
  if (kind == Kind::CronWorkflow) {
    const ir::Schedule& s = *p.schedule;
    Doc cron = Doc::object();
    cron["schedules"] = Doc::array({s.cron.value});
    if (!s.timezone.empty()) cron["timezone"] = s.timezone;
    using Concurrency = ir::Schedule::Concurrency;
    if (s.concurrency != Concurrency::Unset)
      cron["concurrencyPolicy"] = s.concurrency == Concurrency::Allow    ? "Allow"
                                  : s.concurrency == Concurrency::Forbid ? "Forbid"
                                                                         : "Replace";
    if (s.starting_deadline_s) cron["startingDeadlineSeconds"] = *s.starting_deadline_s;
    if (!p.labels.empty()) cron["workflowMetadata"] = Doc{{"labels", StringObject(p.labels)}};
    cron["workflowSpec"] = std::move(spec);
    doc["spec"] = std::move(cron);
  } else {
    doc["spec"] = std::move(spec);
  }
  std::vector<Doc> out;
  out.push_back(std::move(doc));  // moved: a braced list would copy the whole document
  return out;
}

}  // namespace mlpc
