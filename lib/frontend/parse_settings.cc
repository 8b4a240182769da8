// The settings shared by `defaults`, components and tasks (docs/spec.md, section 10).
#include <fmt/format.h>

#include "diag/messages.h"
#include "frontend/parse.h"

namespace mlpc {
namespace {

std::optional<ast::Retry> ParseRetry(const YNode& n, DiagSink& sink) {
  ast::Retry r;
  r.span = n.span;
  if (n.IsScalar()) {
    auto limit = ScalarInt(n, "`retry`", sink);
    if (!limit) return std::nullopt;
    r.limit = *limit;
    return r;
  }
  if (!n.IsMap()) {
    sink.Report(n.span, diag::RetryShape{.shape = KindName(n)});
    return std::nullopt;
  }
  Fields f(n, "`retry`", {"limit", "policy", "backoff"}, sink);
  if (const YNode* l = f.Require("limit")) {
    if (auto v = ScalarInt(*l, "`retry.limit`", sink)) r.limit = *v;
  }
  if (const YNode* p = f.Get("policy")) {
    if (auto v = Choice(*p, "`retry.policy`", {"on_failure", "on_error", "always"}, sink)) r.policy = *v;
  }
  if (const YNode* b = f.Get("backoff"); b && ExpectKind(*b, YNode::Kind::Map, "`retry.backoff`", sink)) {
    Fields bf(*b, "`retry.backoff`", {"delay", "factor", "max_delay"}, sink);
    if (const YNode* d = bf.Require("delay")) r.delay_s = Duration(*d, "`backoff.delay`", sink, /*allow_zero=*/true);
    if (const YNode* x = bf.Get("factor")) r.factor = ScalarNumber(*x, "`backoff.factor`", sink);
    if (const YNode* m = bf.Get("max_delay")) r.max_delay_s = Duration(*m, "`backoff.max_delay`", sink);
  }
  return r;
}

std::optional<ast::Cache> ParseCache(const YNode& n, DiagSink& sink) {
  ast::Cache c;
  c.span = n.span;
  if (n.IsScalar()) {
    auto b = ScalarBool(n, "`cache`", sink);
    if (!b) return std::nullopt;
    c.enabled = *b;
    return c;
  }
  if (!n.IsMap()) {
    sink.Report(n.span, diag::CacheShape{.shape = KindName(n)});
    return std::nullopt;
  }
  Fields f(n, "`cache`", {"max_age"}, sink);
  c.enabled = true;
  if (const YNode* m = f.Get("max_age")) c.max_age_s = Duration(*m, "`cache.max_age`", sink);
  return c;
}

std::optional<ast::Resources> ParseResources(const YNode& n, DiagSink& sink) {
  if (!ExpectKind(n, YNode::Kind::Map, "`resources`", sink)) return std::nullopt;
  Fields f(n, "`resources`", {"cpu", "memory", "cpu_limit", "memory_limit", "gpu", "gpu_type"}, sink);
  ast::Resources r;
  r.span = n.span;
  if (const YNode* v = f.Get("cpu")) r.cpu = Quantity(*v, "`resources.cpu`", sink);
  if (const YNode* v = f.Get("memory")) r.memory = Quantity(*v, "`resources.memory`", sink);
  if (const YNode* v = f.Get("cpu_limit")) r.cpu_limit = Quantity(*v, "`resources.cpu_limit`", sink);
  if (const YNode* v = f.Get("memory_limit")) r.memory_limit = Quantity(*v, "`resources.memory_limit`", sink);
  if (const YNode* v = f.Get("gpu")) {
    if (auto g = ScalarInt(*v, "`resources.gpu`", sink)) r.gpu = Spanned<int64_t>{*g, v->span};
  }
  if (const YNode* v = f.Get("gpu_type")) r.gpu_type = SpannedString(v, "`resources.gpu_type`", sink);
  return r;
}

void ParseEnv(const YNode& n, std::vector<ast::EnvVar>& out, DiagSink& sink) {
  if (!ExpectKind(n, YNode::Kind::Map, "`env`", sink)) return;
  for (const auto& [k, v] : n.entries) {
    ast::EnvVar e;
    e.name = {k->value, k->span};
    e.span = v->span;
    std::string what = fmt::format("env `{}`", k->value);
    if (v->IsMap()) {
      Fields f(*v, what, {"secret", "config_map", "key"}, sink);
      const YNode* s = f.Get("secret");
      const YNode* c = f.Get("config_map");
      if (s && c) {
        sink.Report(c->span, diag::EnvBothSources{.env = k->value});
        continue;
      }
      if (!s && !c) {
        sink.Report(v->span, diag::EnvNoSource{.env = k->value});
        continue;
      }
      e.kind = s ? ast::EnvVar::Kind::Secret : ast::EnvVar::Kind::ConfigMap;
      if (auto src = ScalarString(s ? *s : *c, what, sink)) e.source = *src;
      if (const YNode* key = f.Require("key")) {
        if (auto kv = ScalarString(*key, what, sink)) e.key = *kv;
      }
    } else if (v->IsScalar() || v->IsNull()) {
      YNode empty;
      empty.kind = YNode::Kind::Scalar;
      empty.span = v->span;
      auto t = ParseTemplateNode(v->IsNull() ? empty : *v, what, sink);
      if (!t) continue;
      e.value = std::move(*t);
    } else {
      sink.Report(v->span, diag::EnvShape{.env = k->value});
      continue;
    }
    out.push_back(std::move(e));
  }
}

std::optional<std::vector<ast::Volume>> ParseVolumes(const YNode& n, DiagSink& sink) {
  if (!ExpectKind(n, YNode::Kind::Seq, "`volumes`", sink)) return std::nullopt;
  std::vector<ast::Volume> out;
  for (const YNode* item : n.items) {
    if (!ExpectKind(*item, YNode::Kind::Map, "a volume", sink)) continue;
    Fields f(*item, "a volume", {"pvc", "secret", "config_map", "empty_dir", "mount", "read_only"}, sink);
    ast::Volume v;
    v.span = item->span;
    int kinds = 0;
    static const std::pair<const char*, ast::Volume::Kind> kKinds[] = {
        {"pvc", ast::Volume::Kind::Pvc},
        {"secret", ast::Volume::Kind::Secret},
        {"config_map", ast::Volume::Kind::ConfigMap},
        {"empty_dir", ast::Volume::Kind::EmptyDir}};
    for (const auto& [key, kind] : kKinds) {
      const YNode* s = f.Get(key);
      if (!s) continue;
      if (++kinds > 1) {
        sink.Report(s->span, diag::VolumeSources{});
        break;
      }
      v.kind = kind;
      if (kind == ast::Volume::Kind::EmptyDir) {
        if (s->IsNull()) continue;
        if (!ExpectKind(*s, YNode::Kind::Map, "`empty_dir`", sink)) continue;
        Fields ef(*s, "`empty_dir`", {"medium", "size_limit"}, sink);
        if (const YNode* m = ef.Get("medium")) {
          if (auto c = Choice(*m, "`empty_dir.medium`", {"Memory"}, sink)) v.medium = *c;
        }
        if (const YNode* l = ef.Get("size_limit")) {
          if (auto q = Quantity(*l, "`empty_dir.size_limit`", sink)) v.size_limit = q->value;
        }
      } else if (auto name = ScalarString(*s, fmt::format("`{}`", key), sink)) {
        v.source = *name;
      }
    }
    if (kinds == 0) {
      sink.Report(item->span, diag::VolumeNoSource{});
      continue;
    }
    if (const YNode* m = f.Require("mount")) {
      if (auto s = ScalarString(*m, "`mount`", sink)) v.mount = *s;
      v.mount_span = m->span;
    }
    if (const YNode* ro = f.Get("read_only")) {
      if (auto b = ScalarBool(*ro, "`read_only`", sink)) v.read_only = *b;
    }
    out.push_back(std::move(v));
  }
  return out;
}

std::optional<std::vector<ast::Toleration>> ParseTolerations(const YNode& n, DiagSink& sink) {
  if (!ExpectKind(n, YNode::Kind::Seq, "`tolerations`", sink)) return std::nullopt;
  std::vector<ast::Toleration> out;
  for (const YNode* item : n.items) {
    if (!ExpectKind(*item, YNode::Kind::Map, "a toleration", sink)) continue;
    Fields f(*item, "a toleration", {"key", "operator", "value", "effect", "toleration_seconds"}, sink);
    ast::Toleration t;
    t.span = item->span;
    if (const YNode* v = f.Get("key")) t.key = ScalarString(*v, "`key`", sink).value_or("");
    if (const YNode* v = f.Get("operator"))
      t.op = Choice(*v, "`operator`", {"Exists", "Equal"}, sink).value_or("");
    if (const YNode* v = f.Get("value")) t.value = ScalarString(*v, "`value`", sink).value_or("");
    if (const YNode* v = f.Get("effect"))
      t.effect = Choice(*v, "`effect`", {"NoSchedule", "PreferNoSchedule", "NoExecute"}, sink).value_or("");
    if (const YNode* v = f.Get("toleration_seconds")) t.seconds = ScalarInt(*v, "`toleration_seconds`", sink);
    out.push_back(std::move(t));
  }
  return out;
}

// The parsers of the table's rows (support/constructs.def): each sets its member of `s`.
void ParseImageSetting(const YNode& n, ast::Settings& s, DiagSink& sink) {
  s.image = SpannedString(&n, "`image`", sink);
}

void ParseEnvSetting(const YNode& n, ast::Settings& s, DiagSink& sink) { ParseEnv(n, s.env, sink); }

void ParseResourcesSetting(const YNode& n, ast::Settings& s, DiagSink& sink) {
  std::optional<ast::Resources> r = ParseResources(n, sink);
  s.resources = r ? Boxed<ast::Resources>(std::move(*r)) : std::nullopt;
}

void ParseVolumesSetting(const YNode& n, ast::Settings& s, DiagSink& sink) { s.volumes = ParseVolumes(n, sink); }

void ParseNodeSelectorSetting(const YNode& n, ast::Settings& s, DiagSink& sink) {
  if (auto m = ParseMetadataMap(n, "`node_selector`", MetadataValues::Label, sink)) s.node_selector = std::move(*m);
}

void ParseTolerationsSetting(const YNode& n, ast::Settings& s, DiagSink& sink) {
  s.tolerations = ParseTolerations(n, sink);
}

void ParseImagePullSecretsSetting(const YNode& n, ast::Settings& s, DiagSink& sink) {
  if (!ExpectKind(n, YNode::Kind::Seq, "`image_pull_secrets`", sink)) return;
  std::vector<Spanned<std::string>> names;
  for (const YNode* i : n.items)
    if (auto name = SpannedString(i, "an image pull secret", sink)) names.push_back(*name);
  s.image_pull_secrets = std::move(names);
}

void ParseTimeoutSetting(const YNode& n, ast::Settings& s, DiagSink& sink) {
  if (auto d = Duration(n, "`timeout`", sink)) s.timeout_s = Spanned<int64_t>{*d, n.span};
}

void ParseRetrySetting(const YNode& n, ast::Settings& s, DiagSink& sink) { s.retry = ParseRetry(n, sink); }

void ParseCacheSetting(const YNode& n, ast::Settings& s, DiagSink& sink) { s.cache = ParseCache(n, sink); }

void ParseLabelsSetting(const YNode& n, ast::Settings& s, DiagSink& sink) {
  if (auto m = ParseMetadataMap(n, "`labels`", MetadataValues::Label, sink)) s.labels = std::move(*m);
}

void ParseAnnotationsSetting(const YNode& n, ast::Settings& s, DiagSink& sink) {
  if (auto m = ParseMetadataMap(n, "`annotations`", MetadataValues::Any, sink)) s.annotations = std::move(*m);
}

struct SettingParser {
  std::string_view key;
  void (*parse)(const YNode&, ast::Settings&, DiagSink&);
};

constexpr SettingParser kSettingParsers[] = {
#define MLPC_SETTING(KEY, AST, MERGED, TASK, PARSE, ...) {#KEY, PARSE},
#include "support/constructs.def"
};

}  // namespace

const std::vector<std::string_view>& SettingKeys() {
  static const std::vector<std::string_view> kKeys = [] {
    std::vector<std::string_view> keys;
    for (const SettingParser& p : kSettingParsers) keys.push_back(p.key);
    return keys;
  }();
  return kKeys;
}

bool ParseSetting(const YNode& key, const YNode& value, ast::Settings& s, DiagSink& sink) {
  for (const SettingParser& p : kSettingParsers) {
    if (key.value != p.key) continue;
    p.parse(value, s, sink);
    return true;
  }
  return false;
}

}  // namespace mlpc
