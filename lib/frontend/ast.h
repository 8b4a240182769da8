// The spec as written: one struct per construct of docs/spec.md, a span on every value.
// Built by ParseSpec from the YAML tree; read only by Lower.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "diag/source.h"
#include "frontend/expr.h"
#include "support/boxed.h"
#include "support/json.h"

namespace mlpc::ast {

using json = mlpc::Json;

using mlpc::Spanned;

// A string value that may hold `${{ }}` references.
struct Template {
  std::vector<Piece> pieces;
  SourceSpan span;
  bool quoted = false;  // written as a quoted YAML scalar
  // KFP `if: {cond: {isPresent: x}}`: kept only where each input's presence (given in
  // the task's `with`) is as listed.
  std::vector<std::pair<std::string, bool>> only_if;
};

// A value given to an input (`with`), an output or a foreach: a literal (any JSON) or a
// string template.
struct Value {
  bool is_literal = false;
  json literal;   // when is_literal
  Template text;  // when !is_literal
  SourceSpan span;
};

using StringMap = std::vector<std::pair<Spanned<std::string>, Spanned<std::string>>>;

struct TypeRef {
  std::string name;  // as written: "int", "NUMBER_INTEGER", "system.Model"
  SourceSpan span;
};

struct IoDecl {  // a param, a component input or output
  Spanned<std::string> name;
  TypeRef type;
  std::optional<Value> default_value;
  std::string description;
  bool optional = false;
  std::vector<Spanned<json>> enum_values;
  SourceSpan span;  // the whole declaration
};

struct EnvVar {
  Spanned<std::string> name;
  enum class Kind { Literal, Secret, ConfigMap } kind = Kind::Literal;
  Template value;      // Literal
  std::string source;  // Secret / ConfigMap name
  std::string key;
  SourceSpan span;
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
};

struct Resources {
  std::optional<Spanned<std::string>> cpu, memory, cpu_limit, memory_limit;
  std::optional<Spanned<int64_t>> gpu;
  std::optional<Spanned<std::string>> gpu_type;
  SourceSpan span;
};

struct Retry {
  int64_t limit = 0;
  std::string policy;  // on_failure, on_error, always; empty: the engine's default
  std::optional<int64_t> delay_s, max_delay_s;
  std::optional<double> factor;
  SourceSpan span;
};

struct Cache {
  bool enabled = false;
  std::optional<int64_t> max_age_s;
  SourceSpan span;
};

struct Toleration {
  std::string key, op, value, effect;
  std::optional<int64_t> seconds;
  SourceSpan span;
};

// Settings shared by defaults, components and tasks. Absent fields inherit.
struct Settings {
  std::optional<Spanned<std::string>> image;
  std::optional<Retry> retry;
  std::optional<Cache> cache;
  std::optional<Spanned<int64_t>> timeout_s;
  Boxed<Resources> resources;  // Boxed: most tasks set none of their own
  std::vector<EnvVar> env;
  std::optional<std::vector<Volume>> volumes;
  StringMap node_selector;
  std::optional<std::vector<Toleration>> tolerations;
  StringMap labels, annotations;
  std::optional<std::vector<Spanned<std::string>>> image_pull_secrets;
};

struct Component {
  Spanned<std::string> name;
  std::string description;
  std::vector<Template> command, args;
  std::optional<Template> script;
  bool has_command = false, has_args = false;
  std::vector<IoDecl> inputs, outputs;
  Settings settings;  // includes image
  SourceSpan span;
  bool from_kfp = false;  // a KFP component.yaml
};

struct Foreach {
  enum class Kind { List, Range, Ref } kind = Kind::List;
  std::vector<Value> items;  // List
  int64_t count = 0;         // Range
  Template ref;              // Ref
  SourceSpan span;
};

// A task's `tracking`: false opts out; `{experiment: NAME}` logs to another experiment.
struct TaskTracking {
  bool enabled = true;
  std::string experiment;
  SourceSpan span;
};

struct Spec;

struct Task {
  Spanned<std::string> name;
  std::optional<Spanned<std::string>> component;  // by name
  Boxed<Component> inline_component;              // image/command/args/script here; Boxed: most have none
  std::optional<Spanned<std::string>> pipeline;   // sub-pipeline file
  std::shared_ptr<Spec> sub_spec;                 // parsed sub-pipeline
  std::optional<Spanned<std::string>> engine;
  std::vector<std::pair<Spanned<std::string>, Value>> with;
  std::vector<Spanned<std::string>> after;
  std::optional<Template> when;
  std::optional<Foreach> foreach;
  std::optional<Spanned<int64_t>> parallelism;
  Spanned<std::string> run_if{"all_succeeded", {}};  // all_succeeded, all_done or failed
  std::vector<Spanned<std::string>> run_if_failed;    // run_if: {failed: [...]}
  Settings settings;
  std::optional<TaskTracking> tracking;
  bool is_finally = false;
  SourceSpan span;
};

struct Schedule {
  Spanned<std::string> cron;
  std::string timezone;
  SourceSpan timezone_span;
  std::string concurrency;  // allow, forbid, replace
  std::optional<int64_t> starting_deadline_s;
  SourceSpan span;
};

// A filter on the event's data (Argo Events `filters.data`): the value at `path` must
// compare to one of `values` (strings, numbers or bools, all of one kind).
struct EventFilter {
  Spanned<std::string> path;
  std::vector<Spanned<json>> values;
  std::string comparator;  // "", "=", "!=", "<", "<=", ">", ">="
  SourceSpan span;
};

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
  std::optional<Spanned<std::string>> kind;
  std::string namespace_, service_account;
  std::string repo_config_map, repo_key;
  std::string pod_gc;
  std::optional<int64_t> ttl_s, active_deadline_s, parallelism;
  // The Argo API the output is for: 4 (v4.x, the default) or 3 (v3.6 and v3.7).
  int version = 4;
  SourceSpan span;
};

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

// A pipeline output: one value, or `one_of` several (docs/spec.md, section 12).
struct OutputDecl {
  Spanned<std::string> name;
  Value value;                // the value; with `one_of`, its first alternative
  std::vector<Value> one_of;  // empty unless the output is chosen by branch
  SourceSpan one_of_span;     // the `one_of` key
};

struct Spec {
  FileId file = 0;
  Spanned<int64_t> version;
  Spanned<std::string> name;
  std::string description;
  StringMap labels, annotations;
  std::vector<IoDecl> params;
  Settings defaults;
  std::vector<Component> components;  // own, then imported, in file order
  std::vector<Task> tasks;            // tasks, then finally, in file order
  std::vector<OutputDecl> outputs;
  std::optional<Tracking> tracking;
  std::optional<Schedule> schedule;
  std::vector<Trigger> triggers;
  std::optional<ArgoSection> argo;
  std::optional<KfpSection> kfp;
  SourceSpan span;
};

}  // namespace mlpc::ast
