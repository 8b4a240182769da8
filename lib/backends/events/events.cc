#include "backends/events/events.h"

#include <fmt/format.h>

#include "backends/launch/launch.h"
#include "backends/names.h"

namespace mlpc {
namespace {

Doc Metadata(const std::string& name, const ir::Pipeline& p) {
  Doc md = Doc{{"name", name}};
  if (p.argo && !p.argo->namespace_.empty()) md["namespace"] = p.argo->namespace_;
  if (!p.labels.empty()) md["labels"] = StringObject(p.labels);
  return md;
}

std::vector<Doc> EventSources(const ir::Pipeline& p) {
  std::vector<Doc> out;
  for (const ir::Trigger& tr : p.triggers) {
    if (!tr.url) continue;
    Doc* source = nullptr;
    for (Doc& d : out)
      if (d["metadata"]["name"] == tr.event_source.value) source = &d;
    if (!source) {
      Doc d = Doc::object();
      d["apiVersion"] = "argoproj.io/v1alpha1";
      d["kind"] = "EventSource";
      d["metadata"] = Metadata(tr.event_source.value, p);
      d["spec"] = Doc{{"nats", Doc::object()}};
      out.push_back(std::move(d));
      source = &out.back();
    }
    Doc& events = (*source)["spec"]["nats"];
    if (events.contains(tr.event.value)) continue;  // the same event, checked identical
    // jsonBody: the message is JSON, so Sensors read its fields as `body.FIELD`.
    events[tr.event.value] = Doc{{"url", tr.url->value}, {"subject", tr.subject->value}, {"jsonBody", true}};
  }
  return out;
}

// Argo Events reads a string filter value as an unanchored Go regular expression; a spec
// lists exact values, so each is escaped and anchored. Numbers and bools are their text.
std::string FilterText(const ir::json& v) {
  if (!v.is_string()) return v.dump();
  std::string out = "^";
  for (char c : v.get<std::string>()) {
    if (std::string_view("\\.+*?()|[]{}^$").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out + "$";
}

Doc Dependency(const ir::Trigger& tr, const std::string& name) {
  Doc dep = Doc::object();
  dep["name"] = name;
  dep["eventSourceName"] = tr.event_source.value;
  dep["eventName"] = tr.event.value;
  if (!tr.filters.empty()) {
    Doc data = Doc::array();
    for (const ir::EventFilter& f : tr.filters) {
      const ir::json& first = f.values.front().value;
      auto filter = [&](Doc values) {
        Doc d = Doc::object();
        d["path"] = f.path.value;
        d["type"] = first.is_string() ? "string" : first.is_boolean() ? "bool" : "number";
        d["value"] = std::move(values);
        if (f.comparator != ir::EventFilter::Comparator::Unset) d["comparator"] = ir::ComparatorText(f.comparator);
        data.push_back(std::move(d));
      };
      // A data filter passes when any value compares true, so `!=` over several values
      // would pass everything: it becomes one filter a value (filters are ANDed).
      if (f.comparator == ir::EventFilter::Comparator::Ne) {
        for (const auto& v : f.values) filter(Doc::array({FilterText(v.value)}));
        continue;
      }
      Doc values = Doc::array();
      for (const auto& v : f.values) values.push_back(FilterText(v.value));
      filter(std::move(values));
    }
    dep["filters"] = Doc{{"data", std::move(data)}};
  }
  return dep;
}

struct Mapped {
  std::string param, path;
  const ir::Io* decl;
};

// The params a trigger sets, in the order of the pipeline's params.
std::vector<Mapped> Mapping(const ir::Pipeline& p, const ir::Trigger& tr) {
  std::vector<Mapped> out;
  for (const ir::Io& param : p.params)
    for (const auto& [name, path] : tr.params)
      if (name.value == param.name) out.push_back({param.name, path.value, &param});
  return out;
}

// A Workflow resource whose `spec.arguments.parameters` the Sensor fills in order.
Doc ParamsWithPlaceholders(const std::vector<Mapped>& mapping) {
  Doc list = Doc::array();
  for (const Mapped& m : mapping) list.push_back(Doc{{"name", m.param}, {"value", ""}});
  return list;
}

// An event without the field falls back to the param's default (`src.value`).
Doc TriggerParameters(const std::vector<Mapped>& mapping, const std::string& dep) {
  Doc list = Doc::array();
  for (size_t i = 0; i < mapping.size(); ++i) {
    Doc src = Doc{{"dependencyName", dep}, {"dataKey", mapping[i].path}};
    const auto& def = mapping[i].decl->default_value;
    if (def && def->is_literal) src["value"] = ParameterText(def->literal);
    list.push_back(Doc{{"src", std::move(src)}, {"dest", fmt::format("spec.arguments.parameters.{}.value", i)}});
  }
  return list;
}

// What a trigger creates: a Workflow with a generated name.
Doc WorkflowResource(const std::string& generate_name, Doc spec) {
  Doc wf = Doc::object();
  wf["apiVersion"] = "argoproj.io/v1alpha1";
  wf["kind"] = "Workflow";
  wf["metadata"] = Doc{{"generateName", generate_name}};
  wf["spec"] = std::move(spec);
  return Doc{{"resource", std::move(wf)}};
}

Doc ArgoTrigger(const ir::Pipeline& p, const std::vector<Mapped>& mapping) {
  Doc spec = Doc::object();
  if (!mapping.empty()) spec["arguments"] = Doc{{"parameters", ParamsWithPlaceholders(mapping)}};
  spec["workflowTemplateRef"] = Doc{{"name", p.name}};
  return Doc{{"operation", "submit"}, {"source", WorkflowResource(p.name + "-", std::move(spec))}};
}

Doc KfpTrigger(const ir::Pipeline& p, const std::vector<Mapped>& mapping) {
  Launch l;
  l.pipeline = &p;
  l.api = &*p.kfp;
  for (const Mapped& m : mapping) l.params.push_back(m.param);
  l.run_name = "{{workflow.name}}";
  l.wait = false;
  Doc tmpl = Doc{{"name", "launch"}};
  Doc body = LaunchTemplate(l);
  for (auto& [k, v] : body.items()) tmpl[k] = std::move(v);
  Doc spec = Doc::object();
  spec["entrypoint"] = "launch";
  if (!mapping.empty()) spec["arguments"] = Doc{{"parameters", ParamsWithPlaceholders(mapping)}};
  if (p.argo && !p.argo->service_account.empty()) spec["serviceAccountName"] = p.argo->service_account;
  spec["ttlStrategy"] = Doc{{"secondsAfterSuccess", 3600}};
  spec["templates"] = Doc::array({std::move(tmpl)});
  return Doc{{"operation", "create"}, {"source", WorkflowResource(p.name + "-launch-", std::move(spec))}};
}

Doc Sensor(const ir::Pipeline& p, const ir::Trigger& tr, EventTarget target) {
  std::string dep = Slug(tr.event.value);
  if (dep.empty()) dep = "event";
  auto mapping = Mapping(p, tr);
  Doc trig = Doc::object();
  trig["name"] = tr.name.value;
  if (target == EventTarget::Argo) {
    Doc a = ArgoTrigger(p, mapping);
    if (!mapping.empty()) a["parameters"] = TriggerParameters(mapping, dep);
    trig["argoWorkflow"] = std::move(a);
  } else {
    Doc k = KfpTrigger(p, mapping);
    if (!mapping.empty()) k["parameters"] = TriggerParameters(mapping, dep);
    trig["k8s"] = std::move(k);
  }
  Doc spec = Doc::object();
  if (tr.service_account) spec["template"] = Doc{{"serviceAccountName", tr.service_account->value}};
  spec["dependencies"] = Doc::array({Dependency(tr, dep)});
  // A failed submission (API server busy) is retried before the event is dropped.
  spec["triggers"] =
      Doc::array({Doc{{"template", std::move(trig)}, {"retryStrategy", Doc{{"steps", 3}, {"duration", "3s"}}}}});
  Doc d = Doc::object();
  d["apiVersion"] = "argoproj.io/v1alpha1";
  d["kind"] = "Sensor";
  d["metadata"] = Metadata(fmt::format("{}-{}", p.name, tr.name.value), p);
  d["spec"] = std::move(spec);
  return d;
}

}  // namespace

std::vector<Doc> EmitEvents(const ir::Pipeline& p, EventTarget target) {
  std::vector<Doc> out = EventSources(p);
  for (const ir::Trigger& tr : p.triggers) out.push_back(Sensor(p, tr, target));
  return out;
}

}  // namespace mlpc
