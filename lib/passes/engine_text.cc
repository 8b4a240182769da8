// Text the engines substitute in. Argo replaces `{{...}}` in every string of a workflow
// and has no escape for it; KFP's launcher and driver replace `{{$...}}` in a container's
// command, args, image and resources, and the driver resolves PlatformSpec strings
// (Secret, ConfigMap and volume names, node selectors, tolerations) of that shape. A literal of that shape in a spec would be read as
// the engine's own expression (docs/spec.md section 6), so it is refused at its span.
#include <fmt/format.h>

#include <functional>

#include "diag/messages.h"
#include "passes/passes.h"

namespace mlpc {

namespace {

// Where a finding is reported: the code, the needle, and the report of what the engine
// does with it, at a span and a place (`env `X` of task `t``).
struct Rule {
  Code code;
  std::string_view needle;
  void (*report)(DiagSink& sink, SourceSpan span, std::string_view where);
};

const Rule kArgo{Code::E0506, "{{", [](DiagSink& sink, SourceSpan span, std::string_view where) {
                   sink.Report(span, diag::LiteralArgoBraces{.where = where});
                 }};
const Rule kKfp{Code::E0508, "{{$", [](DiagSink& sink, SourceSpan span, std::string_view where) {
                  sink.Report(span, diag::LiteralKfpPlaceholder{.where = where});
                }};

void String(const Rule& r, std::string_view s, SourceSpan span, std::string_view where, PassContext& ctx) {
  if (s.find(r.needle) == std::string_view::npos) return;
  r.report(ctx.sink, span, where);
}

// Every string of a JSON literal, keys included: lists and maps are passed as JSON text.
void Json(const Rule& r, const ir::json& v, SourceSpan span, std::string_view where, PassContext& ctx) {
  if (v.is_string()) return String(r, v.get_ref<const std::string&>(), span, where, ctx);
  bool reported = false;
  std::function<void(const ir::json&)> walk = [&](const ir::json& x) {
    if (reported) return;
    if (x.is_string() && x.get_ref<const std::string&>().find(r.needle) != std::string::npos) reported = true;
    if (x.is_object())
      for (const auto& [k, item] : x.items()) {
        if (k.find(r.needle) != std::string::npos) reported = true;
        walk(item);
      }
    if (x.is_array())
      for (const auto& item : x) walk(item);
  };
  walk(v);
  if (reported) r.report(ctx.sink, span, where);
}

// A reference Argo writes as `{{...}}` (a pipeline name or a path is written bare).
bool Braced(const ir::Ref& ref, const ir::Component& impl) {
  switch (ref.kind) {
    case ir::Ref::Kind::Param:
    case ir::Ref::Kind::TaskOutput:
    case ir::Ref::Kind::Item:
    case ir::Ref::Kind::RunId:
    case ir::Ref::Kind::PipelineStatus:
      return true;
    case ir::Ref::Kind::Input:
      return ref.index >= 0 && ref.index < static_cast<int>(impl.inputs.size()) &&
             !impl.inputs[ref.index].type.IsArtifact();
    default:
      return false;
  }
}

// A text's literal pieces; on Argo also a `{` just before or a `}` just after a reference,
// which would make `{{{inputs.parameters.p}}` or `{{...}}}`.
void Text(const Rule& r, const ir::Text& t, std::string_view where, const ir::Component& impl, PassContext& ctx) {
  for (size_t i = 0; i < t.pieces.size(); ++i) {
    const auto& piece = t.pieces[i];
    if (!piece.ref && piece.text.find(r.needle) != std::string::npos) {
      r.report(ctx.sink, t.span, where);
      return;
    }
    if (r.code != Code::E0506 || !piece.ref || !Braced(*piece.ref, impl)) continue;
    bool before = i > 0 && !t.pieces[i - 1].ref && t.pieces[i - 1].text.ends_with('{');
    bool after = i + 1 < t.pieces.size() && !t.pieces[i + 1].ref && t.pieces[i + 1].text.starts_with('}');
    if (!before && !after) continue;
    if (before)
      ctx.sink.Report(piece.ref->span, diag::BraceBeforeArgoReference{.ref = piece.ref->path.Text(), .where = where});
    else
      ctx.sink.Report(piece.ref->span, diag::BraceAfterArgoReference{.ref = piece.ref->path.Text(), .where = where});
    return;
  }
}

void Value(const Rule& r, const ir::Value& v, std::string_view where, const ir::Component& impl, PassContext& ctx) {
  if (v.is_literal)
    Json(r, v.literal, v.span, where, ctx);
  else
    Text(r, v.text, where, impl, ctx);
}

void Cond(const ir::Cond& c, PassContext& ctx) {
  if (c.kind == ir::Cond::Kind::String && c.literal.is_string())
    String(kArgo, c.literal.get_ref<const std::string&>(), c.span, "a string in `when`", ctx);
  for (const ir::Cond& o : c.operands) Cond(o, ctx);
}

void Map(const Rule& r, const ir::StringMap& m, std::string_view what, PassContext& ctx) {
  for (const auto& [k, v] : m) {
    String(r, k.value, k.span, fmt::format("a {} key", what), ctx);
    String(r, v.value, v.span, fmt::format("{} `{}`", what, k.value), ctx);
  }
}

void Quantity(const Rule& r, const std::optional<Spanned<std::string>>& q, std::string_view where, PassContext& ctx) {
  if (q) String(r, q->value, q->span, where, ctx);
}

void Resources(const Rule& r, const ir::Resources& res, PassContext& ctx) {
  Quantity(r, res.cpu, "`resources.cpu`", ctx);
  Quantity(r, res.memory, "`resources.memory`", ctx);
  Quantity(r, res.cpu_limit, "`resources.cpu_limit`", ctx);
  Quantity(r, res.memory_limit, "`resources.memory_limit`", ctx);
  Quantity(r, res.gpu_type, "`resources.gpu_type`", ctx);
}

// Settings as written (defaults, components, tasks): the IR keeps their strings without
// spans. On KFP they reach the PlatformSpec, whose strings the driver resolves as
// placeholders when they have the shape of one.
void Settings(const Rule& r, const ir::WrittenSettings& s, PassContext& ctx) {
  Map(r, s.labels, "label", ctx);
  Map(r, s.annotations, "annotation", ctx);
  Map(r, s.node_selector, "node selector", ctx);
  if (s.resources) Resources(r, *s.resources, ctx);
  for (const ir::WrittenEnv& e : s.env) {
    String(r, e.source, e.span, fmt::format("the Secret or ConfigMap name of env `{}`", e.name), ctx);
    String(r, e.key, e.span, fmt::format("the key of env `{}`", e.name), ctx);
  }
  for (const ir::Volume& v : s.volumes) {
    String(r, v.source, v.span, "a volume's claim, Secret or ConfigMap name", ctx);
    String(r, v.mount, v.mount_span, "a volume's `mount`", ctx);
    String(r, v.medium, v.span, "a volume's `medium`", ctx);
    String(r, v.size_limit, v.span, "a volume's `size_limit`", ctx);
  }
  // The operator and the effect are names the front end checked.
  for (const ir::Toleration& tol : s.tolerations)
    for (const std::string* f : {&tol.key, &tol.value}) String(r, *f, tol.span, "a toleration", ctx);
  for (const auto& secret : s.image_pull_secrets)
    String(r, secret.value, secret.span, "`image_pull_secrets`", ctx);
}

void Decls(const Rule& r, const std::vector<ir::WrittenDecl>& decls, std::string_view what, PassContext& ctx) {
  for (const ir::WrittenDecl& d : decls) {
    String(r, d.description, d.span, fmt::format("the `description` of {} `{}`", what, d.name), ctx);
    for (const auto& e : d.enum_values)
      Json(r, e.value, e.span, fmt::format("the `enum` of {} `{}`", what, d.name), ctx);
  }
}

// The settings and declarations of a spec as written, for either engine.
void Written(const Rule& r, const ir::Written& spec, PassContext& ctx) {
  Decls(r, spec.params, "param", ctx);
  Settings(r, spec.defaults, ctx);
  for (const ir::WrittenComponent& c : spec.components) {
    Decls(r, c.inputs, "input", ctx);
    Settings(r, c.settings, ctx);
  }
  for (const ir::WrittenTask& t : spec.tasks) {
    Settings(r, t.settings, ctx);
    if (!t.inline_container) continue;
    Decls(r, t.inline_container->inputs, "input", ctx);
    Settings(r, t.inline_container->settings, ctx);
  }
}

// The workflow's own metadata (the pipeline's labels, annotations and description) is
// not templated: Argo substitutes in the spec and in what it puts on pods.
void Spec(const ir::Pipeline& spec, PassContext& ctx) {
  Written(kArgo, spec.written, ctx);
  if (spec.argo) {
    const ir::ArgoSection& a = *spec.argo;
    for (const auto& [f, name] : {std::pair{&a.namespace_, "`argo.namespace`"},
                                  {&a.service_account, "`argo.service_account`"},
                                  {&a.repo_config_map, "`argo.artifact_repository`"},
                                  {&a.repo_key, "`argo.artifact_repository`"}})
      String(kArgo, *f, a.span, name, ctx);
  }
  if (spec.schedule) {
    String(kArgo, spec.schedule->cron.value, spec.schedule->cron.span, "`schedule.cron`", ctx);
    String(kArgo, spec.schedule->timezone, spec.schedule->timezone_span, "`schedule.timezone`", ctx);
  }
  if (spec.tracking) {
    const ir::Tracking& tr = *spec.tracking;
    for (const std::string* f : {&tr.uri, &tr.experiment, &tr.secret}) String(kArgo, *f, tr.span, "`tracking`", ctx);
    for (const auto& [k, v] : tr.secret_keys) {
      String(kArgo, k, tr.span, "`tracking`", ctx);
      String(kArgo, v, tr.span, "`tracking`", ctx);
    }
  }
}

// The strings of an Argo step that launches a KFP run through `k`.
void LaunchStep(const ir::KfpSection& k, PassContext& ctx) {
  if (k.host) String(kArgo, k.host->value, k.host->span, "`kfp.host`", ctx);
  for (const auto& [f, name] : {std::pair{&k.ui, "`kfp.ui`"},
                                {&k.namespace_, "`kfp.namespace`"},
                                {&k.experiment, "`kfp.experiment`"},
                                {&k.token_secret, "`kfp.token`"},
                                {&k.token_key, "`kfp.token`"},
                                {&k.launcher_image, "`kfp.launcher_image`"}})
    String(kArgo, *f, k.span, name, ctx);
}

// What both engines substitute in: containers, and the values given to their inputs
// (on KFP a value reaches the command line through the launcher's substitution, which
// may replace a placeholder inside it in turn).
void Containers(const Rule& r, const ir::Pipeline& p, PassContext& ctx) {
  static const ir::Component kNone;
  for (const ir::Io& param : p.params)
    if (param.default_value) Value(r, *param.default_value, "a default", kNone, ctx);
  for (const ir::Task& t : p.tasks) {
    const ir::Component& c = *t.impl;
    for (const ir::Text& x : c.command) Text(r, x, "`command`", c, ctx);
    for (const ir::Text& x : c.args) Text(r, x, "`args`", c, ctx);
    if (c.script) Text(r, *c.script, "`script`", c, ctx);
    if (!t.sub) Text(r, c.image_text, "`image`", c, ctx);
    for (const ir::EnvVar& e : c.env)
      if (e.kind == ir::EnvVar::Kind::Literal) Text(r, e.value, "`env`", c, ctx);
    // `with` values read as the task's arguments: references are the pipeline's.
    for (const ir::Arg& a : t.args) Value(r, a.value, "`with`", kNone, ctx);
    if (!t.sub)
      for (const ir::Io& in : c.inputs)
        if (in.default_value) Value(r, *in.default_value, "a default", kNone, ctx);
  }
}

}  // namespace

void CheckArgoTexts(const ir::Pipeline& p, PassContext& ctx) {
  static const ir::Component kNone;
  Containers(kArgo, p, ctx);
  for (const ir::Task& t : p.tasks) {
    if (t.loop)
      for (const ir::Value& v : t.loop->items) Value(kArgo, v, "`foreach`", kNone, ctx);
    if (t.when) Cond(*t.when, ctx);
    if (t.sub && t.engine == ir::Engine::Kfp)
      if (const ir::KfpSection* api = ir::LaunchApi(t)) LaunchStep(*api, ctx);
  }
  for (const ir::Output& o : p.outputs)
    for (const ir::Value* v : o.Values()) Value(kArgo, *v, "pipeline `outputs`", kNone, ctx);
  Spec(p, ctx);
}

void CheckKfpTexts(const ir::Pipeline& p, PassContext& ctx) {
  static const ir::Component kNone;
  Containers(kKfp, p, ctx);
  for (const ir::Task& t : p.tasks) {
    // Literal items reach the component as its input values, and the command line through
    // the launcher's substitution.
    if (t.loop)
      for (const ir::Value& v : t.loop->items) Value(kKfp, v, "`foreach`", kNone, ctx);
  }
  Written(kKfp, p.written, ctx);  // resources among the rest
  // The Sensors of `triggers` create an Argo Workflow that launches the run: Argo
  // substitutes in its strings.
  if (ctx.nested || p.triggers.empty()) return;
  if (p.kfp) LaunchStep(*p.kfp, ctx);
  if (p.argo) String(kArgo, p.argo->service_account, p.argo->span, "`argo.service_account`", ctx);
}

}  // namespace mlpc
