// The engine-neutral IR: a typed DAG with every reference resolved and every setting
// merged (defaults < component < task). Built by Lower, checked by the passes, read by
// the backends. Dense indices, vectors in spec order: nothing here iterates a hash map.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "diag/source.h"
#include "ir/settings.h"
#include "ir/types.h"

namespace mlpc::ir {

using json = mlpc::Json;

// A dotted reference as written: `tasks.load.outputs.data` is {"tasks","load","outputs","data"}.
struct RefPath {
  std::vector<std::string> parts;
  std::vector<SourceSpan> spans;  // one per part
  SourceSpan span;                // the whole reference
  std::string Text() const;
  friend bool operator==(const RefPath&, const RefPath&) = default;
};

struct Ref {
  enum class Kind {
    Param,           // params.NAME: index = param
    TaskOutput,      // tasks.T.outputs.O: index = task, output = output index
    Item,            // item, item.KEY...: keys
    PipelineName,    // pipeline.name
    RunId,           // pipeline.run_id
    PipelineStatus,  // pipeline.status (finally tasks)
    Input,           // inputs.NAME inside a container: index = input; keys {"uri"}: its URI
    Output,          // outputs.NAME inside a container: index = output; keys {"uri"}: its URI
    ExecutorInput,   // executor_input: KFP's executor input JSON (KFP components)
    Unresolved,      // reported by the references pass
  };
  Kind kind = Kind::Unresolved;
  int index = -1;
  int output = -1;
  std::vector<std::string> keys;  // Item
  Type type;
  bool fan_in = false;  // the list of all iterations' values of a loop task's output
  // Unresolved: why, and the reference as written (for the message and suggestions).
  enum class Problem {
    None,
    UnknownRoot,
    UnknownParam,
    UnknownTask,
    UnknownOutput,
    UnknownInput,
    ItemOutsideLoop,
    OutOfScope,
    FinallyTask,
    UnknownItemKey,
    BadShape
  } problem = Problem::None;
  RefPath path;
  std::string context;  // where the reference stands, for messages: "`with`", "`when`"
  SourceSpan span;
  friend bool operator==(const Ref&, const Ref&) = default;
};

// A string with references: literal text and `${{ }}` pieces.
struct Text {
  struct Piece {
    std::string text;
    Boxed<Ref> ref;  // most pieces are literal text
    friend bool operator==(const Piece&, const Piece&) = default;
  };
  std::vector<Piece> pieces;
  SourceSpan span;

  bool IsWholeRef() const { return pieces.size() == 1 && pieces[0].ref.has_value(); }
  bool HasRefs() const;
  std::string Literal() const;  // the text of the literal pieces
  friend bool operator==(const Text&, const Text&) = default;
};

// A value given to an input or an output: a JSON literal, or a text with references.
struct Value {
  bool is_literal = false;
  json literal;
  Text text;
  SourceSpan span;
  friend bool operator==(const Value&, const Value&) = default;
};

// A condition (`when`): the expression tree with resolved references.
struct Cond {
  enum class Kind { Ref, Bool, Number, String, Not, And, Or, Eq, Ne, Lt, Le, Gt, Ge };
  Kind kind = Kind::Bool;
  Ref ref;           // Ref
  json literal;      // Bool, Number, String
  std::string text;  // Number as written
  std::vector<Cond> operands;
  SourceSpan span;
};

// The operator as written: "!", "&&", "==", ...; empty for an operand.
std::string_view OperatorText(Cond::Kind k);

struct Io {
  std::string name;
  Type type;
  std::optional<Value> default_value;
  bool optional = false;
  std::string description;
  std::vector<Spanned<json>> enum_values;
  SourceSpan span;
  SourceSpan type_span;
  bool generated = false;  // an input made from a reference in an inline container or env
  bool launch = false;     // run_id / run_url of a sub-pipeline launched as a KFP run
  friend bool operator==(const Io& a, const Io& b);
};

struct EnvVar {
  std::string name;
  SourceSpan name_span;
  enum class Kind { Literal, Secret, ConfigMap } kind = Kind::Literal;
  Text value;  // refs are Input, PipelineName or RunId only
  std::string source, key;
  SourceSpan span;
  bool tracking = false;  // set by `tracking`, not written by the user
  friend bool operator==(const EnvVar&, const EnvVar&) = default;

  // The value is exactly `${{ pipeline.run_id }}`: KFP sets it from the pod's run label.
  bool IsRunId() const {
    return kind == Kind::Literal && value.IsWholeRef() && value.pieces[0].ref->kind == Ref::Kind::RunId;
  }
};

// A container with its typed interface; for a task, the resolved instance. Tasks that run
// the same container the same way (same component, image, env, generated inputs) share
// one instance: lowering keeps one per distinct value (docs/design.md, "IR").
struct Component {
  std::string name;  // the component's name, or the task's for inline containers
  std::string description;
  Spanned<std::string> image;  // as written
  Text image_text;             // with references (an inline task may use params in its image)
  std::vector<Text> command, args;
  std::optional<Text> script;
  // For a script without `command`: its `#!` line (without /usr/bin/env), else python3
  // for images named python..., else sh.
  std::vector<std::string> interpreter;
  std::vector<Io> inputs, outputs;
  std::vector<EnvVar> env;
  std::string identity;  // hash of what the container runs, for cache keys
  bool is_inline = false;
  SourceSpan span;
  friend bool operator==(const Component& a, const Component& b);
};

struct Settings {
  std::optional<Retry> retry;
  std::optional<Cache> cache;
  std::optional<Spanned<int64_t>> timeout_s;
  Resources resources;
  std::vector<Volume> volumes;
  std::vector<std::pair<std::string, std::string>> node_selector, labels, annotations;
  std::vector<Toleration> tolerations;
  std::vector<std::string> image_pull_secrets;
  friend bool operator==(const Settings&, const Settings&) = default;
};

struct Loop {
  enum class Kind { List, Range, Ref } kind = Kind::List;
  std::vector<Value> items;  // List
  int64_t count = 0;         // Range
  Ref ref;                   // Ref: a list param or task output
  std::optional<Spanned<int64_t>> parallelism;
  SourceSpan span;
};

struct Arg {
  int input = -1;  // index into the task's component inputs
  Value value;
  SourceSpan name_span;
};

struct Pipeline;

// The instance of a task that runs nothing yet: empty, shared by every such task.
const std::shared_ptr<const Component>& NoComponent();
// No settings: shared by every task that has none.
const std::shared_ptr<const Settings>& NoSettings();

struct Task {
  std::string name;
  SourceSpan span;
  // Resolved, never null; shared with the tasks whose instance is equal. For
  // sub-pipelines: params as inputs, outputs.
  std::shared_ptr<const Component> impl = NoComponent();
  std::shared_ptr<Pipeline> sub;  // sub-pipeline
  Engine engine = Engine::Target;
  SourceSpan engine_span;
  bool names_pipeline = false;  // `pipeline:` is written (its file may have failed to load)
  std::vector<Arg> args;                           // in input order
  std::vector<Spanned<std::string>> unknown_args;  // `with` names the component lacks
  std::vector<Spanned<int>> after;                 // explicit ordering, -1 when the name is unknown
  std::vector<Spanned<std::string>> after_names;
  std::vector<int> deps;  // every upstream task: after + data, ascending
  Boxed<Cond> when;  // Boxed: most tasks have neither condition nor loop
  Boxed<Loop> loop;
  bool all_done = false;  // run_if: all_done
  // run_if: {failed: [...]}: the tasks that must all have failed (-1 when the name is
  // unknown, and the task itself is not in `deps`); every other dependency must succeed.
  std::vector<Spanned<int>> failed;
  std::vector<Spanned<std::string>> failed_names;
  SourceSpan run_if_span;
  bool Handles(int task) const {
    for (const auto& f : failed)
      if (f.value == task) return true;
    return false;
  }
  bool is_finally = false;
  // Merged (defaults, component, task), never null; shared with the tasks whose merged
  // settings are equal, spans included.
  std::shared_ptr<const Settings> settings = NoSettings();
  SourceSpan component_span;       // where `component:` (or the inline image) is written
  bool component_missing = false;  // `component:` names no known component
  // What the task names to run (`component`, `pipeline`, an inline container): anything
  // but one way is reported by the references pass.
  enum class Runs { One, Nothing, ComponentAndPipeline, ComponentAndInline, PipelineAndInline } runs = Runs::One;
};

struct Output {
  std::string name;
  Value value;  // with `one_of`, its first alternative, whose type is the output's
  SourceSpan span;
  // `one_of`: the output of whichever listed task succeeded, the first in list order
  // (docs/spec.md, section 12); empty for an output with one value.
  std::vector<Value> one_of;
  SourceSpan one_of_span;
  // The values the output reads: `value`, or every alternative.
  std::vector<const Value*> Values() const {
    std::vector<const Value*> out;
    if (one_of.empty()) out.push_back(&value);
    for (const Value& v : one_of) out.push_back(&v);
    return out;
  }
};

struct Pipeline {
  std::string name;
  SourceSpan name_span;
  std::string description;
  std::vector<std::pair<std::string, std::string>> labels, annotations;
  std::vector<Io> params;
  std::vector<Task> tasks;  // `tasks`, then `finally`, in file order
  std::vector<Output> outputs;
  std::vector<std::string> unused_components;  // for the lint pass
  std::vector<SourceSpan> unused_component_spans;
  std::optional<Tracking> tracking;
  std::optional<Schedule> schedule;
  std::vector<Trigger> triggers;
  std::optional<ArgoSection> argo;
  std::optional<KfpSection> kfp;
  FileId file = 0;
  SourceSpan span;
  // Spans the passes check names at.
  std::vector<Spanned<std::string>> component_names;
  Written written;  // for passes that check spellings only
};

// Every reference of a text, a condition, or a task (values, condition, loop, container,
// env, image), in order.
void CollectRefs(const Text& t, std::vector<const Ref*>& out);
void CollectRefs(const Cond& c, std::vector<const Ref*>& out);
void TaskRefs(const Task& t, std::vector<const Ref*>& out);

// The type of `item` (keys empty) or `item.KEY...` in a loop: int for a range; for a
// literal list the elements' common type (int and float widen to float; any other mix
// is untyped); untyped for a list param or output. False when a key is missing.
bool ItemType(const Loop& loop, const std::vector<std::string>& keys, Type& out);

// The KFP API an `engine: kfp` task launches its run through: the sub-pipeline's `kfp`
// section (inherited from the including pipelines when it sets no host); null without a host.
const KfpSection* LaunchApi(const Task& t);

int FindTask(const Pipeline& p, std::string_view name);
int FindParam(const Pipeline& p, std::string_view name);
int FindIo(const std::vector<Io>& ios, std::string_view name);

}  // namespace mlpc::ir
