// Task settings and pipeline sections as the IR holds them (docs/spec.md, sections 9-13):
// plain data, each closed vocabulary an enum, spans where the passes report. Lower
// converts the front end's structs into these once.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "diag/source.h"
#include "support/boxed.h"
#include "support/json.h"

namespace mlpc::ir {

using ::mlpc::Boxed;

using StringMap = std::vector<std::pair<Spanned<std::string>, Spanned<std::string>>>;

// The engine a sub-pipeline task runs on (`engine`); Target: the one compiled for.
enum class Engine { Target, Argo, Kfp };

struct Retry {
  enum class Policy { Default, OnFailure, OnError, Always };  // Default: the engine's
  int64_t limit = 0;
  Policy policy = Policy::Default;
  std::optional<int64_t> delay_s, max_delay_s;
  std::optional<double> factor;
  SourceSpan span;
  friend bool operator==(const Retry&, const Retry&) = default;
};

struct Cache {
  bool enabled = false;
  std::optional<int64_t> max_age_s;
  SourceSpan span;
  friend bool operator==(const Cache&, const Cache&) = default;
};

struct Resources {
  std::optional<Spanned<std::string>> cpu, memory, cpu_limit, memory_limit;
  std::optional<Spanned<int64_t>> gpu;
  std::optional<Spanned<std::string>> gpu_type;
  SourceSpan span;
  friend bool operator==(const Resources&, const Resources&) = default;
};

struct Volume {
  enum class Kind { Pvc, Secret, ConfigMap, EmptyDir } kind = Kind::EmptyDir;
  std::string source;  // claim, secret or config map name
  std::string mount;
  SourceSpan mount_span;
  bool read_only = false;
  std::string medium;      // empty_dir
  std::string size_limit;  // empty_dir
  SourceSpan span;
  friend bool operator==(const Volume&, const Volume&) = default;
};

struct Toleration {
  enum class Operator { Unset, Exists, Equal };
  enum class Effect { Unset, NoSchedule, PreferNoSchedule, NoExecute };
  std::string key, value;
  Operator op = Operator::Unset;
  Effect effect = Effect::Unset;
  std::optional<int64_t> seconds;
  SourceSpan span;
  friend bool operator==(const Toleration&, const Toleration&) = default;
};

struct Schedule {
  enum class Concurrency { Unset, Allow, Forbid, Replace };
  Spanned<std::string> cron;
  std::string timezone;
  SourceSpan timezone_span;
  Concurrency concurrency = Concurrency::Unset;
  std::optional<int64_t> starting_deadline_s;
  SourceSpan span;
};

// A filter on the event's data (Argo Events `filters.data`): the value at `path` must
// compare to one of `values` (strings, numbers or bools, all of one kind).
struct EventFilter {
  enum class Comparator { Unset, Eq, Ne, Lt, Le, Gt, Ge };
  Spanned<std::string> path;
  std::vector<Spanned<Json>> values;
  Comparator comparator = Comparator::Unset;
  SourceSpan span;
};

// As written: "=", "!=", "<", ...; empty when unset.
std::string_view ComparatorText(EventFilter::Comparator c);

struct Trigger {
  Spanned<std::string> name;
  Spanned<std::string> event_source, event;
  // Both set: mlpc also emits the NATS EventSource.
  std::optional<Spanned<std::string>> url, subject;
  std::vector<EventFilter> filters;
  std::vector<std::pair<Spanned<std::string>, Spanned<std::string>>> params;
  std::optional<Spanned<std::string>> service_account;  // the Sensor's
  SourceSpan span;
};

struct Tracking {
  std::string uri, experiment;
  // Credentials: env var <- key of `secret` (MLFLOW_TRACKING_USERNAME/PASSWORD by default).
  std::string secret;
  std::vector<std::pair<std::string, std::string>> secret_keys;
  SourceSpan span;
};

struct ArgoSection {
  enum class Kind { Workflow, WorkflowTemplate, CronWorkflow };
  enum class PodGc { Unset, OnPodCompletion, OnPodSuccess, OnWorkflowCompletion, OnWorkflowSuccess };
  std::optional<Spanned<Kind>> kind;
  std::string namespace_, service_account;
  std::string repo_config_map, repo_key;
  PodGc pod_gc = PodGc::Unset;
  std::optional<int64_t> ttl_s, active_deadline_s, parallelism;
  // The Argo API the output is for: 4 (v4.x, the default) or 3 (v3.6 and v3.7).
  int version = 4;
  SourceSpan span;
};

// The resource kind's name, as Argo and the spec spell it: "WorkflowTemplate".
std::string_view KindName(ArgoSection::Kind k);

struct KfpSection {
  std::string pipeline_root;
  // The KFP API, for the hybrid launch and for triggers on KFP.
  std::optional<Spanned<std::string>> host;
  std::string ui;  // the UI's base URL for run links; default: host
  std::string namespace_, experiment;
  std::string token_secret, token_key;  // a bearer token from a Secret
  std::string launcher_image;
  SourceSpan span;
};

// The spec's strings where they are written, for the passes that check what engines
// substitute in and what looks like a secret: a task's merged settings keep no spans,
// and a component no task uses is lowered nowhere else.
struct WrittenDecl {  // a param or a component input
  std::string name, description;
  std::vector<Spanned<Json>> enum_values;
  SourceSpan span;  // the whole declaration
};

struct WrittenEnv {
  std::string name, source, key;  // source, key: a Secret's or ConfigMap's
  SourceSpan span;
};

struct WrittenSettings {
  StringMap labels, annotations, node_selector;
  Boxed<Resources> resources;  // Boxed: most tasks set none of their own
  std::vector<WrittenEnv> env;
  std::vector<Volume> volumes;
  std::vector<Toleration> tolerations;
  std::vector<Spanned<std::string>> image_pull_secrets;
};

struct WrittenComponent {
  std::string name;
  std::vector<WrittenDecl> inputs;
  WrittenSettings settings;
};

struct WrittenTask {
  std::string name;
  WrittenSettings settings;
  Boxed<WrittenComponent> inline_container;  // most tasks have none
};

struct Written {
  StringMap labels, annotations;  // the pipeline's
  std::vector<WrittenDecl> params;
  WrittenSettings defaults;
  std::vector<WrittenComponent> components;  // own, then imported, in file order
  std::vector<WrittenTask> tasks;            // tasks, then finally, in file order
};

}  // namespace mlpc::ir
