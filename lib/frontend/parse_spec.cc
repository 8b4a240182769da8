// The top level of a spec: metadata, params, defaults, components, tasks, and the
// pipeline-wide sections (outputs, tracking, schedule, triggers, argo, kfp).
#include <fmt/format.h>

#include <optional>

#include "diag/messages.h"
#include "frontend/parse.h"
#include "support/spell.h"

namespace mlpc {
namespace {

void ParseSchedule(const YNode& n, ast::Spec& spec, DiagSink& sink) {
  if (!ExpectKind(n, YNode::Kind::Map, "`schedule`", sink)) return;
  Fields f(n, "`schedule`", {"cron", "timezone", "concurrency", "starting_deadline"}, sink);
  ast::Schedule s;
  s.span = n.span;
  if (const YNode* c = f.Require("cron")) {
    auto v = SpannedString(c, "`schedule.cron`", sink);
    if (!v) return;
    s.cron = *v;
  } else {
    return;
  }
  if (const YNode* v = f.Get("timezone")) {
    s.timezone = ScalarString(*v, "`schedule.timezone`", sink).value_or("");
    s.timezone_span = v->span;
  }
  if (const YNode* v = f.Get("concurrency"))
    s.concurrency = Choice(*v, "`schedule.concurrency`", {"allow", "forbid", "replace"}, sink).value_or("");
  if (const YNode* v = f.Get("starting_deadline")) s.starting_deadline_s = Duration(*v, "`starting_deadline`", sink);
  spec.schedule = std::move(s);
}

std::optional<ast::EventFilter> ParseFilter(const YNode& n, DiagSink& sink) {
  if (!ExpectKind(n, YNode::Kind::Map, "a trigger filter", sink)) return std::nullopt;
  Fields f(n, "a trigger filter", {"path", "values", "comparator"}, sink);
  ast::EventFilter flt;
  flt.span = n.span;
  auto path = SpannedString(f.Require("path"), "the filter's `path`", sink);
  if (!path) return std::nullopt;
  flt.path = *path;
  const YNode* vals = f.Require("values");
  if (!vals) return std::nullopt;
  std::vector<const YNode*> items;
  if (vals->IsSeq())
    items = vals->items;
  else if (vals->IsScalar())
    items = {vals};
  else {
    ExpectKind(*vals, YNode::Kind::Seq, "the filter's `values`", sink);
    return std::nullopt;
  }
  for (const YNode* i : items) {
    if (!ExpectKind(*i, YNode::Kind::Scalar, "a filter value", sink)) return std::nullopt;
    flt.values.push_back({ToJson(*i), i->span});
  }
  if (flt.values.empty()) {
    sink.Report(vals->span, diag::FilterValuesEmpty{});
    return std::nullopt;
  }
  if (const YNode* c = f.Get("comparator"))
    flt.comparator = Choice(*c, "`comparator`", {"=", "!=", "<", "<=", ">", ">="}, sink).value_or("");
  return flt;
}

void ParseTriggers(const YNode& n, ast::Spec& spec, DiagSink& sink) {
  if (!ExpectKind(n, YNode::Kind::Seq, "`triggers`", sink)) return;
  for (const YNode* item : n.items) {
    if (!ExpectKind(*item, YNode::Kind::Map, "a trigger", sink)) continue;
    Fields f(*item, "a trigger", {"name", "nats", "filters", "params", "service_account"}, sink);
    ast::Trigger t;
    t.span = item->span;
    if (auto name = SpannedString(f.Require("name"), "the trigger's `name`", sink)) t.name = *name;
    if (const YNode* nats = f.Require("nats"); nats && ExpectKind(*nats, YNode::Kind::Map, "`nats`", sink)) {
      Fields nf(*nats, "`nats`", {"event_source", "event", "url", "subject"}, sink);
      if (auto v = SpannedString(nf.Require("event_source"), "`event_source`", sink)) t.event_source = *v;
      if (auto v = SpannedString(nf.Require("event"), "`event`", sink)) t.event = *v;
      if (const YNode* v = nf.Get("url")) t.url = SpannedString(v, "`nats.url`", sink);
      if (const YNode* v = nf.Get("subject")) t.subject = SpannedString(v, "`nats.subject`", sink);
      if (t.url && !t.subject)
        sink.Report(nats->span, diag::NatsUrlWithoutSubject{.trigger = t.name.value});
      else if (t.subject && !t.url)
        sink.Report(nats->span, diag::NatsSubjectWithoutUrl{.trigger = t.name.value});
    }
    if (const YNode* fl = f.Get("filters"); fl && ExpectKind(*fl, YNode::Kind::Seq, "the trigger's `filters`", sink)) {
      for (const YNode* i : fl->items)
        if (auto flt = ParseFilter(*i, sink)) t.filters.push_back(std::move(*flt));
    }
    if (const YNode* p = f.Get("params"); p && ExpectKind(*p, YNode::Kind::Map, "the trigger's `params`", sink)) {
      for (const auto& [k, v] : p->entries) {
        if (auto path = ScalarString(*v, "a payload path", sink))
          t.params.emplace_back(Spanned<std::string>{k->value, k->span}, Spanned<std::string>{*path, v->span});
      }
    }
    if (const YNode* v = f.Get("service_account")) t.service_account = SpannedString(v, "`service_account`", sink);
    spec.triggers.push_back(std::move(t));
  }
}

void ParseArgo(const YNode& n, ast::Spec& spec, DiagSink& sink) {
  if (!ExpectKind(n, YNode::Kind::Map, "`argo`", sink)) return;
  Fields f(n, "`argo`",
           {"kind", "namespace", "service_account", "artifact_repository_ref", "pod_gc", "ttl_after_completion",
            "parallelism", "active_deadline", "version"},
           sink);
  ast::ArgoSection a;
  a.span = n.span;
  if (const YNode* v = f.Get("kind")) {
    if (auto k = Choice(*v, "`argo.kind`", {"Workflow", "WorkflowTemplate", "CronWorkflow"}, sink))
      a.kind = Spanned<std::string>{*k, v->span};
  }
  if (const YNode* v = f.Get("namespace")) a.namespace_ = ScalarString(*v, "`argo.namespace`", sink).value_or("");
  if (const YNode* v = f.Get("service_account"))
    a.service_account = ScalarString(*v, "`argo.service_account`", sink).value_or("");
  if (const YNode* v = f.Get("artifact_repository_ref");
      v && ExpectKind(*v, YNode::Kind::Map, "`artifact_repository_ref`", sink)) {
    Fields rf(*v, "`artifact_repository_ref`", {"config_map", "key"}, sink);
    if (const YNode* c = rf.Get("config_map")) a.repo_config_map = ScalarString(*c, "`config_map`", sink).value_or("");
    if (const YNode* k = rf.Get("key")) a.repo_key = ScalarString(*k, "`key`", sink).value_or("");
  }
  if (const YNode* v = f.Get("pod_gc"))
    a.pod_gc = Choice(*v, "`argo.pod_gc`",
                      {"on_pod_completion", "on_pod_success", "on_workflow_completion", "on_workflow_success"}, sink)
                   .value_or("");
  if (const YNode* v = f.Get("ttl_after_completion")) a.ttl_s = Duration(*v, "`ttl_after_completion`", sink);
  if (const YNode* v = f.Get("parallelism")) a.parallelism = ScalarInt(*v, "`argo.parallelism`", sink);
  if (const YNode* v = f.Get("active_deadline")) a.active_deadline_s = Duration(*v, "`active_deadline`", sink);
  if (const YNode* v = f.Get("version")) {
    if (auto ver = Choice(*v, "`argo.version`", {"3", "4"}, sink)) a.version = *ver == "3" ? 3 : 4;
  }
  spec.argo = std::move(a);
}

void ParseKfp(const YNode& n, ast::Spec& spec, DiagSink& sink) {
  if (!ExpectKind(n, YNode::Kind::Map, "`kfp`", sink)) return;
  Fields f(n, "`kfp`", {"pipeline_root", "host", "ui", "namespace", "experiment", "token", "launcher_image"}, sink);
  ast::KfpSection k;
  k.span = n.span;
  auto text = [&](const char* key, std::string& out) {
    if (const YNode* v = f.Get(key)) out = ScalarString(*v, fmt::format("`kfp.{}`", key), sink).value_or("");
  };
  text("pipeline_root", k.pipeline_root);
  if (const YNode* v = f.Get("host")) k.host = SpannedString(v, "`kfp.host`", sink);
  text("ui", k.ui);
  text("namespace", k.namespace_);
  text("experiment", k.experiment);
  text("launcher_image", k.launcher_image);
  if (const YNode* v = f.Get("token"); v && ExpectKind(*v, YNode::Kind::Map, "`kfp.token`", sink)) {
    Fields tf(*v, "`kfp.token`", {"secret", "key"}, sink);
    if (const YNode* s = tf.Require("secret")) k.token_secret = ScalarString(*s, "`secret`", sink).value_or("");
    if (const YNode* s = tf.Require("key")) k.token_key = ScalarString(*s, "`key`", sink).value_or("");
  }
  if (k.host && k.host->value.empty()) sink.Report(k.host->span, diag::EmptyKfpHost{});
  auto not_url = [](const std::string& url) {
    return !url.empty() && url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0;
  };
  if (k.host && not_url(k.host->value)) sink.Report(k.host->span, diag::NonUrlKfpHost{.url = k.host->value});
  if (const YNode* v = f.Get("ui"); v && not_url(k.ui)) sink.Report(v->span, diag::NonUrlKfpUi{.url = k.ui});
  spec.kfp = std::move(k);
}

}  // namespace

namespace {

// A spec's body; `inline_name` set: the map of an inline sub-pipeline (`pipeline:` given a
// map, docs/spec.md section 13), which is named after its task and takes only the keys a
// loop body needs.
std::shared_ptr<ast::Spec> ParseSpecBody(FrontendContext& ctx, const YNode& root,
                                         const Spanned<std::string>* inline_name) {
  DiagSink& sink = ctx.sink;
  if (!ExpectKind(root, YNode::Kind::Map, inline_name ? "an inline `pipeline`" : "a pipeline spec", sink))
    return nullptr;
  auto spec = std::make_shared<ast::Spec>();
  FileId file = root.span.file;
  spec->file = file;
  spec->span = root.span;
  std::optional<Fields> fields;
  if (inline_name) {
    spec->version = {1, root.span};
    spec->name = *inline_name;
    fields.emplace(root, "the inline `pipeline`",
                   std::initializer_list<std::string_view>{"description", "params", "defaults", "components", "tasks",
                                                           "finally", "outputs"},
                   sink);
  } else {
    ctx.stack.push_back(RealPathOf(ctx, file));
    fields.emplace(root, "the pipeline",
                   std::initializer_list<std::string_view>{"version", "name", "description", "labels", "annotations",
                                                           "params", "defaults", "imports", "components", "tasks",
                                                           "finally", "outputs", "tracking", "schedule", "triggers",
                                                           "argo", "kfp"},
                   sink);
  }
  Fields& f = *fields;
  if (const YNode* v = inline_name ? nullptr : f.Require("version")) {
    if (auto n = ScalarInt(*v, "`version`", sink)) {
      spec->version = {*n, v->span};
      if (*n != 1) sink.Report(v->span, diag::SpecVersion{.version = *n});
    }
  }
  if (!inline_name) {
    if (auto n = SpannedString(f.Require("name"), "`name`", sink)) spec->name = *n;
  }
  if (const YNode* v = f.Get("description")) spec->description = ScalarString(*v, "`description`", sink).value_or("");
  if (const YNode* v = f.Get("labels")) spec->labels = ParseMetadataMap(*v, "`labels`", MetadataValues::Label, sink).value_or(ast::StringMap{});
  if (const YNode* v = f.Get("annotations"))
    spec->annotations = ParseMetadataMap(*v, "`annotations`", MetadataValues::Any, sink).value_or(ast::StringMap{});
  if (const YNode* v = f.Get("params")) spec->params = ParseIoMap(*v, "param", true, sink);
  if (const YNode* d = f.Get("defaults"); d && ExpectKind(*d, YNode::Kind::Map, "`defaults`", sink)) {
    std::vector<std::string> names(SettingKeys().begin(), SettingKeys().end());
    for (const auto& [k, v] : d->entries) {
      if (!ParseSetting(*k, *v, spec->defaults, sink))
        sink.Report(k->span,
                    diag::UnknownKey{.key = k->value, .what = "`defaults`", .suggestion = DidYouMean(k->value, names)});
    }
  }
  if (const YNode* v = f.Get("components")) ParseComponentMap(ctx, *v, file, spec->components);
  if (const YNode* v = f.Get("imports")) {
    std::set<std::string> seen;
    ParseImports(ctx, *v, file, spec->components, seen);
  }
  const YNode* tasks = f.Require("tasks");
  const YNode* finally = f.Get("finally");
  // Tasks are large: room for both lists at once, or adding `finally` moves them all.
  size_t count = 0;
  for (const YNode* m : {tasks, finally})
    if (m && m->kind == YNode::Kind::Map) count += m->entries.size();
  spec->tasks.reserve(count);
  if (tasks) ParseTasks(ctx, *tasks, file, false, spec->tasks);
  if (finally) ParseTasks(ctx, *finally, file, true, spec->tasks);
  if (const YNode* o = f.Get("outputs"); o && ExpectKind(*o, YNode::Kind::Map, "`outputs`", sink)) {
    for (const auto& [k, v] : o->entries) {
      std::string what = fmt::format("output `{}`", k->value);
      ast::OutputDecl out;
      out.name = Spanned<std::string>{k->value, k->span};
      if (v->IsMap()) {
        Fields of(*v, what, {"one_of"}, sink);
        const YNode* alts = of.Require("one_of");
        if (!alts) continue;
        out.one_of_span = alts->span;
        for (const auto& [key, _] : v->entries)
          if (key->value == "one_of") out.one_of_span = key->span;
        if (!ExpectKind(*alts, YNode::Kind::Seq, fmt::format("`one_of` of {}", what), sink)) continue;
        if (alts->items.size() < 2) {
          if (alts->items.empty())
            sink.Report(alts->span, diag::OneOfEmpty{.output = k->value});
          else
            sink.Report(alts->span, diag::OneOfSingle{.output = k->value});
          continue;
        }
        // The branches are compared pairwise (the outputs pass): a bound keeps that small.
        constexpr size_t kMaxAlternatives = 256;
        if (alts->items.size() > kMaxAlternatives) {
          sink.Report(alts->span,
                      diag::OneOfTooMany{.output = k->value, .count = alts->items.size(), .max = kMaxAlternatives});
          continue;
        }
        bool ok = true;
        for (const YNode* alt : alts->items) {
          auto val = ParseValue(*alt, fmt::format("`one_of` of {}", what), sink);
          if (val) out.one_of.push_back(std::move(*val));
          else ok = false;
        }
        if (!ok) continue;
        out.value = out.one_of.front();
      } else if (auto val = ParseValue(*v, what, sink)) {
        out.value = std::move(*val);
      } else {
        continue;
      }
      spec->outputs.push_back(std::move(out));
    }
  }
  if (const YNode* t = f.Get("tracking"); t && ExpectKind(*t, YNode::Kind::Map, "`tracking`", sink)) {
    Fields tf(*t, "`tracking`", {"mlflow"}, sink);
    if (const YNode* m = tf.Require("mlflow"); m && ExpectKind(*m, YNode::Kind::Map, "`tracking.mlflow`", sink)) {
      Fields mf(*m, "`tracking.mlflow`", {"uri", "experiment", "credentials"}, sink);
      ast::Tracking tr;
      tr.span = m->span;
      if (const YNode* u = mf.Require("uri")) tr.uri = ScalarString(*u, "`uri`", sink).value_or("");
      if (const YNode* e = mf.Get("experiment")) tr.experiment = ScalarString(*e, "`experiment`", sink).value_or("");
      if (const YNode* c = mf.Get("credentials"); c && ExpectKind(*c, YNode::Kind::Map, "`credentials`", sink)) {
        Fields cf(*c, "`credentials`", {"secret", "keys"}, sink);
        if (const YNode* s = cf.Require("secret")) tr.secret = ScalarString(*s, "`secret`", sink).value_or("");
        if (const YNode* k = cf.Get("keys")) {
          for (const auto& [env, key] : ParseStringMap(*k, "`credentials.keys`", sink).value_or(ast::StringMap{}))
            tr.secret_keys.emplace_back(env.value, key.value);
        } else {
          tr.secret_keys = {{"MLFLOW_TRACKING_USERNAME", "username"}, {"MLFLOW_TRACKING_PASSWORD", "password"}};
        }
      }
      spec->tracking = std::move(tr);
    }
  }
  if (const YNode* v = f.Get("schedule")) ParseSchedule(*v, *spec, sink);
  if (const YNode* v = f.Get("triggers")) ParseTriggers(*v, *spec, sink);
  if (const YNode* v = f.Get("argo")) ParseArgo(*v, *spec, sink);
  if (const YNode* v = f.Get("kfp")) ParseKfp(*v, *spec, sink);
  if (!inline_name) ctx.stack.pop_back();
  return spec;
}

}  // namespace

std::shared_ptr<ast::Spec> ParseSpec(FrontendContext& ctx, const YNode& root) {
  return ParseSpecBody(ctx, root, nullptr);
}

std::shared_ptr<ast::Spec> ParseInlineSpec(FrontendContext& ctx, const YNode& map, const Spanned<std::string>& name) {
  return ParseSpecBody(ctx, map, &name);
}

}  // namespace mlpc
