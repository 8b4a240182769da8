#include "ir/lower/lower_settings.h"

#include <string_view>
#include <unordered_map>

namespace mlpc::lower {
namespace {

template <class T>
void Take(std::optional<T>& into, const std::optional<T>& from) {
  if (from) into = from;
}

// A choice the parser checked (frontend/parse_*.cc), looked up in its table; `none` for
// an absent or refused one.
template <class E, size_t N>
E Pick(std::string_view s, const std::pair<std::string_view, E> (&table)[N], E none) {
  for (const auto& [name, value] : table)
    if (s == name) return value;
  return none;
}

ir::Retry LowerRetry(const ast::Retry& r) {
  using P = ir::Retry::Policy;
  static const std::pair<std::string_view, P> kPolicies[] = {
      {"on_failure", P::OnFailure}, {"on_error", P::OnError}, {"always", P::Always}};
  return ir::Retry{r.limit, Pick(r.policy, kPolicies, P::Default), r.delay_s, r.max_delay_s, r.factor, r.span};
}

ir::Cache LowerCache(const ast::Cache& c) { return ir::Cache{c.enabled, c.max_age_s, c.span}; }

ir::Resources LowerResources(const ast::Resources& r) {
  return ir::Resources{r.cpu, r.memory, r.cpu_limit, r.memory_limit, r.gpu, r.gpu_type, r.span};
}

ir::Volume LowerVolume(const ast::Volume& v) {
  using K = ir::Volume::Kind;
  K kind = v.kind == ast::Volume::Kind::Pvc         ? K::Pvc
           : v.kind == ast::Volume::Kind::Secret    ? K::Secret
           : v.kind == ast::Volume::Kind::ConfigMap ? K::ConfigMap
                                                    : K::EmptyDir;
  return ir::Volume{kind, v.source, v.mount, v.mount_span, v.read_only, v.medium, v.size_limit, v.span};
}

ir::Toleration LowerToleration(const ast::Toleration& t) {
  using O = ir::Toleration::Operator;
  using E = ir::Toleration::Effect;
  static const std::pair<std::string_view, O> kOperators[] = {{"Exists", O::Exists}, {"Equal", O::Equal}};
  static const std::pair<std::string_view, E> kEffects[] = {
      {"NoSchedule", E::NoSchedule}, {"PreferNoSchedule", E::PreferNoSchedule}, {"NoExecute", E::NoExecute}};
  return ir::Toleration{t.key,     t.value, Pick(t.op, kOperators, O::Unset), Pick(t.effect, kEffects, E::Unset),
                        t.seconds, t.span};
}

template <class T, class F>
std::vector<T> Each(const std::vector<F>& from, T (*lower)(const F&)) {
  std::vector<T> out;
  for (const F& f : from) out.push_back(lower(f));
  return out;
}

template <class T, class F>
std::vector<T> Each(const std::optional<std::vector<F>>& from, T (*lower)(const F&)) {
  return from ? Each(*from, lower) : std::vector<T>{};
}

// A setting as written, as the IR holds it: the IR's value for the front end's.
ir::Retry ToIr(const ast::Retry& r) { return LowerRetry(r); }
ir::Cache ToIr(const ast::Cache& c) { return LowerCache(c); }
const Spanned<std::string>& ToIr(const Spanned<std::string>& s) { return s; }
const Spanned<int64_t>& ToIr(const Spanned<int64_t>& d) { return d; }
std::vector<ir::Volume> ToIr(const std::vector<ast::Volume>& v) { return Each(v, LowerVolume); }
std::vector<ir::Toleration> ToIr(const std::vector<ast::Toleration>& t) { return Each(t, LowerToleration); }
std::vector<std::string> ToIr(const std::vector<Spanned<std::string>>& names) {
  std::vector<std::string> out;
  for (const auto& n : names) out.push_back(n.value);
  return out;
}

// The merge rules of the table (support/constructs.def), a later layer over the merged ones.

// Replace: the last layer that sets it wins, whole.
template <class T, class F>
void MergeReplace(T& into, const std::optional<F>& from) {
  if (from) into = ToIr(*from);
}

// ByField: resources, each field from the last layer that sets it.
void MergeByField(ir::Resources& into, const Boxed<ast::Resources>& from) {
  if (!from) return;
  const ast::Resources& r = *from;
  Take(into.cpu, r.cpu);
  Take(into.memory, r.memory);
  Take(into.cpu_limit, r.cpu_limit);
  Take(into.memory_limit, r.memory_limit);
  Take(into.gpu, r.gpu);
  Take(into.gpu_type, r.gpu_type);
  into.span = r.span;
}

// ByKey: sets `from` over `into` key by key (a key already there keeps its place), in
// time linear in both: one task's map may hold 100,000 keys.
void MergeByKey(std::vector<std::pair<std::string, std::string>>& into, const ast::StringMap& from) {
  if (from.empty()) return;
  into.reserve(into.size() + from.size());  // `at` points into these keys: no reallocation
  std::unordered_map<std::string_view, size_t> at;
  for (size_t i = 0; i < into.size(); ++i) at.emplace(into[i].first, i);
  for (const auto& [k, v] : from) {
    auto [it, fresh] = at.emplace(k.value, into.size());
    if (fresh)
      into.emplace_back(k.value, v.value);
    else
      into[it->second].second = v.value;
  }
}

// ByKey for env: variable by variable, kept as the AST's (lowering resolves their values).
void MergeByKey(std::vector<const ast::EnvVar*>& into, const std::vector<ast::EnvVar>& from) {
  if (from.empty()) return;
  std::unordered_map<std::string_view, size_t> at;  // `into` by name (AST strings)
  for (size_t i = 0; i < into.size(); ++i) at.emplace(into[i]->name.value, i);
  for (const ast::EnvVar& e : from) {
    auto [it, fresh] = at.emplace(e.name.value, into.size());
    if (fresh)
      into.push_back(&e);
    else
      into[it->second] = &e;
  }
}

}  // namespace

Merged MergeSettings(const std::vector<const ast::Settings*>& layers) {
  Merged m;
  for (const ast::Settings* l : layers) {
    if (!l) continue;
#define MLPC_SETTING(KEY, AST, MERGED, TASK, PARSE, MERGE, ...) Merge##MERGE(m.MERGED, l->AST);
#include "support/constructs.def"
  }
  ir::Settings& s = m.settings;
  // The resource policy of both engines, settled once here: a memory request is also the
  // memory limit, and a GPU count without a type asks for NVIDIA's (docs/spec.md, section
  // 10; docs/argo.md gives the reason).
  ir::Resources& r = s.resources;
  if (!r.memory_limit && r.memory) r.memory_limit = r.memory;
  if (r.gpu && r.gpu->value > 0 && !r.gpu_type) r.gpu_type = Spanned<std::string>{"nvidia.com/gpu", r.gpu->span};
  return m;
}

ir::WrittenSettings LowerWritten(const ast::Settings& s) {
  ir::WrittenSettings w;
  w.labels = s.labels;
  w.annotations = s.annotations;
  w.node_selector = s.node_selector;
  if (s.resources) w.resources = LowerResources(*s.resources);
  for (const ast::EnvVar& e : s.env) w.env.push_back(ir::WrittenEnv{e.name.value, e.source, e.key, e.span});
  w.volumes = Each(s.volumes, LowerVolume);
  w.tolerations = Each(s.tolerations, LowerToleration);
  if (s.image_pull_secrets) w.image_pull_secrets = *s.image_pull_secrets;
  return w;
}

ir::Tracking LowerTracking(const ast::Tracking& t) {
  return ir::Tracking{t.uri, t.experiment, t.secret, t.secret_keys, t.span};
}

ir::Schedule LowerSchedule(const ast::Schedule& s) {
  using C = ir::Schedule::Concurrency;
  static const std::pair<std::string_view, C> kPolicies[] = {
      {"allow", C::Allow}, {"forbid", C::Forbid}, {"replace", C::Replace}};
  return ir::Schedule{
      s.cron, s.timezone, s.timezone_span, Pick(s.concurrency, kPolicies, C::Unset), s.starting_deadline_s, s.span};
}

ir::Trigger LowerTrigger(const ast::Trigger& t) {
  using C = ir::EventFilter::Comparator;
  static const std::pair<std::string_view, C> kComparators[] = {{"=", C::Eq},  {"!=", C::Ne}, {"<", C::Lt},
                                                                {"<=", C::Le}, {">", C::Gt},  {">=", C::Ge}};
  ir::Trigger out{t.name, t.event_source, t.event, t.url, t.subject, {}, t.params, t.service_account, t.span};
  for (const ast::EventFilter& f : t.filters)
    out.filters.push_back(ir::EventFilter{f.path, f.values, Pick(f.comparator, kComparators, C::Unset), f.span});
  return out;
}

ir::ArgoSection LowerArgo(const ast::ArgoSection& a) {
  using K = ir::ArgoSection::Kind;
  using G = ir::ArgoSection::PodGc;
  static const std::pair<std::string_view, K> kKinds[] = {
      {"Workflow", K::Workflow}, {"WorkflowTemplate", K::WorkflowTemplate}, {"CronWorkflow", K::CronWorkflow}};
  static const std::pair<std::string_view, G> kGc[] = {{"on_pod_completion", G::OnPodCompletion},
                                                       {"on_pod_success", G::OnPodSuccess},
                                                       {"on_workflow_completion", G::OnWorkflowCompletion},
                                                       {"on_workflow_success", G::OnWorkflowSuccess}};
  ir::ArgoSection out;
  if (a.kind) out.kind = Spanned<K>{Pick(a.kind->value, kKinds, K::Workflow), a.kind->span};
  out.namespace_ = a.namespace_;
  out.service_account = a.service_account;
  out.repo_config_map = a.repo_config_map;
  out.repo_key = a.repo_key;
  out.pod_gc = Pick(a.pod_gc, kGc, G::Unset);
  out.ttl_s = a.ttl_s;
  out.active_deadline_s = a.active_deadline_s;
  out.parallelism = a.parallelism;
  out.version = a.version;
  out.span = a.span;
  return out;
}

ir::KfpSection LowerKfp(const ast::KfpSection& k) {
  return ir::KfpSection{k.pipeline_root, k.host,           k.ui,  k.namespace_, k.experiment, k.token_secret,
                        k.token_key,     k.launcher_image, k.span};
}

}  // namespace mlpc::lower
