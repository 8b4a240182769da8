#include "ir/lower/lower.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "diag/messages.h"
#include "ir/lower/lower_refs.h"
#include "ir/lower/lower_settings.h"
#include "support/numbers.h"

namespace mlpc {
namespace {

using lower::RefScope;
using lower::Site;

std::vector<std::string> Words(std::string_view line) {
  std::vector<std::string> words;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && line[i] == ' ') ++i;
    size_t j = std::min(line.find(' ', i), line.size());
    if (j > i) words.emplace_back(line.substr(i, j - i));
    i = j;
  }
  return words;
}

std::vector<std::string> Interpreter(std::string_view source, std::string_view image) {
  if (source.rfind("#!", 0) == 0) {
    std::vector<std::string> cmd = Words(source.substr(2, source.find('\n') - 2));
    if (cmd.size() > 1 && cmd[0] == "/usr/bin/env") cmd.erase(cmd.begin());
    if (!cmd.empty()) return cmd;
  }
  std::string_view base = image.substr(image.rfind('/') == std::string_view::npos ? 0 : image.rfind('/') + 1);
  return {base.rfind("python", 0) == 0 ? "python3" : "sh"};
}

ir::RefPath Path(const RefPath& r) { return ir::RefPath{r.parts, r.spans, r.span}; }

ir::Cond::Kind CondKind(Expr::Kind k) {
  using K = ir::Cond::Kind;
  switch (k) {
    case Expr::Kind::Ref: return K::Ref;
    case Expr::Kind::Bool: return K::Bool;
    case Expr::Kind::Number: return K::Number;
    case Expr::Kind::String: return K::String;
    case Expr::Kind::Not: return K::Not;
    case Expr::Kind::And: return K::And;
    case Expr::Kind::Or: return K::Or;
    case Expr::Kind::Eq: return K::Eq;
    case Expr::Kind::Ne: return K::Ne;
    case Expr::Kind::Lt: return K::Lt;
    case Expr::Kind::Le: return K::Le;
    case Expr::Kind::Gt: return K::Gt;
    case Expr::Kind::Ge: return K::Ge;
  }
  return K::Bool;
}

ir::Loop::Kind LoopKind(ast::Foreach::Kind k) {
  switch (k) {
    case ast::Foreach::Kind::List: return ir::Loop::Kind::List;
    case ast::Foreach::Kind::Range: return ir::Loop::Kind::Range;
    case ast::Foreach::Kind::Ref: return ir::Loop::Kind::Ref;
  }
  return ir::Loop::Kind::List;
}

ir::EnvVar::Kind EnvKind(ast::EnvVar::Kind k) {
  switch (k) {
    case ast::EnvVar::Kind::Literal: return ir::EnvVar::Kind::Literal;
    case ast::EnvVar::Kind::Secret: return ir::EnvVar::Kind::Secret;
    case ast::EnvVar::Kind::ConfigMap: return ir::EnvVar::Kind::ConfigMap;
  }
  return ir::EnvVar::Kind::Literal;
}

ir::WrittenDecl WrittenDeclOf(const ast::IoDecl& d) {
  return ir::WrittenDecl{d.name.value, d.description, d.enum_values, d.span};
}

ir::WrittenComponent WrittenComponentOf(const ast::Component& c) {
  ir::WrittenComponent w{c.name.value, {}, lower::LowerWritten(c.settings)};
  for (const ast::IoDecl& d : c.inputs) w.inputs.push_back(WrittenDeclOf(d));
  return w;
}

// The spec's strings where they stand (ir::Written).
ir::Written WrittenOf(const ast::Spec& spec) {
  ir::Written w;
  w.labels = spec.labels;
  w.annotations = spec.annotations;
  for (const ast::IoDecl& d : spec.params) w.params.push_back(WrittenDeclOf(d));
  w.defaults = lower::LowerWritten(spec.defaults);
  for (const ast::Component& c : spec.components) w.components.push_back(WrittenComponentOf(c));
  w.tasks.reserve(spec.tasks.size());
  for (const ast::Task& t : spec.tasks) {
    ir::WrittenTask& wt = w.tasks.emplace_back(ir::WrittenTask{t.name.value, lower::LowerWritten(t.settings), {}});
    if (t.inline_component) wt.inline_container = WrittenComponentOf(*t.inline_component);
  }
  return w;
}

uint64_t Fnv1a(std::string_view s, uint64_t h = 1469598103934665603ull) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

// Mixes a span into a hash.
void MixSpan(uint64_t& key, const SourceSpan& s) {
  key = (key ^ (uint64_t{s.file} << 48 ^ uint64_t{s.line} << 20 ^ s.col)) * 1099511628211ull;
}

// Distinct values, each kept once for the tasks that share it, found by a hash the caller
// computes (equal values have equal keys; a bucket holds more than one only on collision).
template <class T>
class SharedPool {
 public:
  std::shared_ptr<const T> Share(uint64_t key, std::shared_ptr<const T> own) {
    std::vector<std::shared_ptr<const T>>& bucket = buckets_[key];
    if (const std::shared_ptr<const T>* found = Find(bucket, *own)) return *found;
    bucket.push_back(own);
    return own;
  }
  // The same for a value not yet on the heap: it is moved there only when it is new.
  std::shared_ptr<const T> Share(uint64_t key, T&& value) {
    std::vector<std::shared_ptr<const T>>& bucket = buckets_[key];
    if (const std::shared_ptr<const T>* found = Find(bucket, value)) return *found;
    bucket.push_back(std::make_shared<const T>(std::move(value)));
    return bucket.back();
  }
  void Clear() { buckets_.clear(); }

 private:
  static const std::shared_ptr<const T>* Find(const std::vector<std::shared_ptr<const T>>& bucket, const T& value) {
    for (const std::shared_ptr<const T>& v : bucket)
      if (*v == value) return &v;
    return nullptr;
  }
  std::unordered_map<uint64_t, std::vector<std::shared_ptr<const T>>> buckets_;
};

class Lowering {
 public:
  // What a sub-pipeline takes from the pipeline that includes it.
  struct Inherited {
    std::optional<ir::Tracking> tracking;  // used when the spec has none
    std::string tracking_owner;            // the pipeline that declares it (MLPC_PIPELINE)
    std::optional<ir::KfpSection> kfp;     // the KFP API, used when the spec sets no host
    LowerBudget* budget;                   // shared by the whole spec; null: no bound
  };

  // `consumed`: the same spec, whose task records lowering may free once it has resolved
  // them; null: the spec is left as it is.
  Lowering(const ast::Spec& spec, DiagSink& sink, Inherited inherited = {}, ast::Spec* consumed = nullptr)
      : spec_(spec), sink_(sink), budget_(inherited.budget), consumed_(consumed) {
    if (spec.tracking) {
      tracking_ = lower::LowerTracking(*spec.tracking);
      tracking_owner_ = spec.name.value;
    } else {
      tracking_ = std::move(inherited.tracking);
      tracking_owner_ = std::move(inherited.tracking_owner);
    }
    if (spec.kfp) kfp_ = lower::LowerKfp(*spec.kfp);
    if (inherited.kfp && (!kfp_ || !kfp_->host)) {
      ir::KfpSection api = *inherited.kfp;
      if (kfp_ && !kfp_->pipeline_root.empty()) api.pipeline_root = kfp_->pipeline_root;
      kfp_ = std::move(api);
    }
  }

  std::shared_ptr<ir::Pipeline> Run() {
    p_ = std::make_shared<ir::Pipeline>();
    ir::Pipeline& p = *p_;
    p.name = spec_.name.value;
    p.name_span = spec_.name.span;
    p.description = spec_.description;
    p.file = spec_.file;
    p.span = spec_.span;
    p.written = WrittenOf(spec_);
    for (const auto& [k, v] : spec_.labels) p.labels.emplace_back(k.value, v.value);
    for (const auto& [k, v] : spec_.annotations) p.annotations.emplace_back(k.value, v.value);
    for (const ast::IoDecl& d : spec_.params) p.params.push_back(LowerIo(d));
    param_index_.reserve(p.params.size());
    for (size_t i = 0; i < p.params.size(); ++i) param_index_.emplace(p.params[i].name, static_cast<int>(i));
    for (const ast::Component& c : spec_.components) {
      p.component_names.push_back(c.name);
      components_.emplace(c.name.value, &c);  // the first definition wins; names pass reports the rest
    }
    if (spec_.tracking) p.tracking = lower::LowerTracking(*spec_.tracking);
    if (spec_.schedule) p.schedule = lower::LowerSchedule(*spec_.schedule);
    for (const ast::Trigger& t : spec_.triggers) p.triggers.push_back(lower::LowerTrigger(t));
    if (spec_.argo) p.argo = lower::LowerArgo(*spec_.argo);
    p.kfp = kfp_;

    // Interfaces first, so references between tasks resolve whatever the file order.
    p.tasks.reserve(spec_.tasks.size());
    task_index_.reserve(spec_.tasks.size());
    for (const ast::Task& t : spec_.tasks) {
      p.tasks.push_back(BuildTask(t));
      task_index_.emplace(t.name.value, static_cast<int>(p.tasks.size() - 1));
    }
    for (size_t i = 0; i < spec_.tasks.size(); ++i) {
      ResolveTask(spec_.tasks[i], static_cast<int>(i));
      // Nothing reads a task's AST once it is resolved: a consumed spec frees it here, so
      // the AST and the IR are not both whole at once.
      if (!consumed_) continue;
      consumed_->tasks[i] = ast::Task{};
      env_layers_[i] = {};
      ast_components_[i] = nullptr;
    }
    for (const ast::OutputDecl& d : spec_.outputs) {
      RefScope scope{p, task_index_, param_index_, -1, Site::Output, nullptr};
      ir::Output o;
      o.name = d.name.value;
      o.span = d.name.span;
      o.one_of_span = d.one_of_span;
      for (const ast::Value& alt : d.one_of) o.one_of.push_back(LowerValue(alt, scope));
      o.value = o.one_of.empty() ? LowerValue(d.value, scope) : o.one_of.front();
      p.outputs.push_back(std::move(o));
    }
    for (const ast::Component& c : spec_.components) {
      // Libraries hold more than one pipeline uses: only the spec's own components count.
      if (!used_.count(c.name.value) && c.name.span.file == spec_.file) {
        p.unused_components.push_back(c.name.value);
        p.unused_component_spans.push_back(c.name.span);
      }
    }
    shared_.Clear();
    shared_settings_.Clear();
    return p_;
  }

 private:
  ir::Type LowerType(const ast::TypeRef& t) {
    if (auto ty = ir::ParseType(t.name)) return *ty;
    sink_.Report(t.span, diag::UnknownType{.type = t.name});
    return ir::Type{ir::TypeKind::AnyParam, ""};  // untyped: no follow-on type errors
  }

  ir::Io LowerIo(const ast::IoDecl& d) {
    ir::Io io;
    io.name = d.name.value;
    io.type = LowerType(d.type);
    io.optional = d.optional;
    io.description = d.description;
    io.enum_values = d.enum_values;
    io.span = d.name.span;
    io.type_span = d.type.span;
    if (d.default_value) {
      RefScope scope{*p_, task_index_, param_index_, -1, Site::With, nullptr};
      io.default_value = LowerValue(*d.default_value, scope);
    }
    return io;
  }

  ir::Text LowerText(const ast::Template& t, const RefScope& scope) {
    ir::Text out;
    out.span = t.span;
    for (const Piece& piece : t.pieces) {
      if (!piece.expr) {
        out.pieces.push_back({piece.text, std::nullopt});
        continue;
      }
      if (piece.expr->kind != Expr::Kind::Ref) {
        sink_.Report(piece.span, diag::RefOnlyOneReference{});
        // An untyped stand-in, so the value raises no follow-on errors.
        ir::Ref bad;
        bad.kind = ir::Ref::Kind::Unresolved;
        bad.span = piece.expr->span;
        out.pieces.push_back({"", std::move(bad)});
        continue;
      }
      ir::Ref r = lower::ResolveRef(Path(piece.expr->ref), scope);
      r.context = SiteName(scope.site);
      if (r.kind == ir::Ref::Kind::PipelineName) {
        // The spec's name is known now: the same text on every engine.
        out.pieces.push_back({p_->name, std::nullopt});
        continue;
      }
      out.pieces.push_back({"", std::move(r)});
    }
    return out;
  }

  static std::string SiteName(Site s) {
    switch (s) {
      case Site::With:
        return "`with`";
      case Site::When:
        return "`when`";
      case Site::Foreach:
        return "`foreach`";
      case Site::Output:
        return "`outputs`";
      case Site::Container:
        return "a component";
      case Site::InlineContainer:
        return "an inline container";
      case Site::Env:
        return "`env`";
    }
    return "";
  }

  ir::Value LowerValue(const ast::Value& v, const RefScope& scope) {
    ir::Value out;
    out.span = v.span;
    out.is_literal = v.is_literal;
    out.literal = v.literal;
    if (!v.is_literal) out.text = LowerText(v.text, scope);
    return out;
  }

  ir::Component LowerComponent(const ast::Component& c, bool is_inline) {
    ir::Component out;
    out.name = c.name.value;
    out.description = c.description;
    out.span = c.span;
    out.is_inline = is_inline;
    for (const ast::IoDecl& d : c.inputs) out.inputs.push_back(LowerIo(d));
    for (const ast::IoDecl& d : c.outputs) out.outputs.push_back(LowerIo(d));
    return out;
  }

  // A task's interface and settings, before any reference is resolved.
  ir::Task BuildTask(const ast::Task& t) {
    if (t.tracking && !t.tracking->experiment.empty() && !tracking_)
      sink_.Report(t.tracking->span, diag::TrackingExperimentWithoutTracking{.task = t.name.value});
    ir::Task task;
    ir::Component impl;  // the interface: shared by the tasks whose interface is equal
    task.name = t.name.value;
    task.span = t.name.span;
    task.is_finally = t.is_finally;
    task.all_done = t.run_if.value == "all_done";
    task.failed_names = t.run_if_failed;
    task.run_if_span = t.run_if.span;
    task.after_names = t.after;
    if (t.engine) {
      task.engine = t.engine->value == "kfp" ? ir::Engine::Kfp : ir::Engine::Argo;
      task.engine_span = t.engine->span;
    }
    task.names_pipeline = t.pipeline.has_value();
    const ast::Component* comp = nullptr;
    int ways = (t.component ? 1 : 0) + (t.pipeline ? 1 : 0) + (t.inline_component ? 1 : 0);
    using Runs = ir::Task::Runs;
    task.runs = ways == 1                   ? Runs::One
                : ways == 0                 ? Runs::Nothing
                : t.component && t.pipeline ? Runs::ComponentAndPipeline
                : t.component               ? Runs::ComponentAndInline
                                            : Runs::PipelineAndInline;
    if (t.component) used_.insert(t.component->value);
    if (t.inline_component) {
      comp = &*t.inline_component;
      impl = LowerComponent(*comp, true);
      task.component_span = t.name.span;
    } else if (t.component) {
      task.component_span = t.component->span;
      auto it = components_.find(t.component->value);
      if (it != components_.end()) {
        comp = it->second;
        used_.insert(comp->name.value);
        impl = LowerComponent(*comp, false);
      } else {
        impl.name = t.component->value;
        task.component_missing = true;
      }
    } else if (t.sub_spec) {
      Inherited down{tracking_, tracking_owner_, kfp_, budget_};
      if (t.tracking && !t.tracking->enabled) down.tracking.reset();
      if (t.tracking && !t.tracking->experiment.empty() && down.tracking)
        down.tracking->experiment = t.tracking->experiment;
      task.sub = Lowering(*t.sub_spec, sink_, std::move(down)).Run();
      task.component_span = t.pipeline->span;
      impl.name = task.sub->name;
      impl.inputs = task.sub->params;
      for (const ir::Output& o : task.sub->outputs) {
        ir::Io io;
        io.name = o.name;
        io.span = o.span;
        if (!o.value.is_literal && o.value.text.IsWholeRef()) io.type = o.value.text.pieces[0].ref->type;
        impl.outputs.push_back(io);
      }
      if (task.engine == ir::Engine::Kfp) {
        // A sub-pipeline run as its own KFP run reports the run (docs/spec.md, 13.1 the hybrid launch).
        for (const char* name : {"run_id", "run_url"}) {
          if (ir::FindIo(impl.outputs, name) >= 0) continue;
          ir::Io io;
          io.name = name;
          io.span = t.engine->span;
          io.type = ir::Type{ir::TypeKind::String, ""};
          io.launch = true;
          impl.outputs.push_back(io);
        }
      }
    }
    // `defaults` are for this pipeline's containers; a sub-pipeline has its own.
    std::vector<const ast::Settings*> layers;
    if (!t.pipeline) layers.push_back(&spec_.defaults);
    if (comp && !t.inline_component) layers.push_back(&comp->settings);
    layers.push_back(&t.settings);
    lower::Merged m = lower::MergeSettings(layers);
    task.settings = ShareSettings(std::move(m.settings));
    if (m.image) impl.image = *m.image;
    task.impl = Share(std::make_shared<const ir::Component>(std::move(impl)));
    env_layers_.push_back(std::move(m.env));
    ast_components_.push_back(comp);
    if (t.foreach) {
      ir::Loop loop;
      loop.kind = LoopKind(t.foreach->kind);
      loop.count = t.foreach->count;
      loop.span = t.foreach->span;
      loop.parallelism = t.parallelism;
      task.loop = std::move(loop);  // items are lowered with the other references
    }
    return task;
  }

  // Gives a container reference to params, task outputs, items or the pipeline status a
  // generated input, so the container reads only its own inputs on every engine.
  // The inputs made for a task's outer references so far: one per reference, and the
  // names taken, so that each reference costs a lookup however many the task has.
  struct Generated {
    std::unordered_map<std::string, int> by_ref;  // the reference's text -> input
    std::unordered_set<std::string> names;        // every input's name
    std::unordered_map<std::string, int> next;    // a name -> the number to try first
  };

  // Replaces each outer reference of `text` (a param, a task output, `item`) with an input
  // of the task made for it, given the reference as its argument.
  void GenerateInputs(ir::Text& text, ir::Task& task, Generated& made) {
    ir::Component& impl = *building_;
    if (made.names.empty())
      for (const ir::Io& in : impl.inputs) made.names.insert(in.name);
    for (ir::Text::Piece& piece : text.pieces) {
      if (!piece.ref) continue;
      ir::Ref& r = *piece.ref;
      bool outer = r.kind == ir::Ref::Kind::Param || r.kind == ir::Ref::Kind::TaskOutput ||
                   r.kind == ir::Ref::Kind::Item || r.kind == ir::Ref::Kind::PipelineStatus;
      if (!outer) continue;
      std::string name;
      for (const std::string& part : r.path.parts) {
        if (part == "params" || part == "tasks" || part == "outputs") continue;
        name += (name.empty() ? "" : "_") + part;
      }
      std::replace(name.begin(), name.end(), '-', '_');
      auto [found, fresh] = made.by_ref.try_emplace(r.path.Text(), static_cast<int>(impl.inputs.size()));
      int existing = found->second;
      if (fresh) {
        std::string unique = name;
        for (int& n = made.next.try_emplace(name, 2).first->second; made.names.count(unique); ++n)
          unique = fmt::format("{}_{}", name, n);
        made.names.insert(unique);
        ir::Io io;
        io.name = unique;
        io.type = r.type;
        io.span = r.span;
        io.generated = true;
        impl.inputs.push_back(io);
        ir::Arg arg;
        arg.input = existing;
        arg.value.span = r.span;
        arg.value.text.span = r.span;
        arg.value.text.pieces.push_back({"", r});
        arg.name_span = r.span;
        task.args.push_back(std::move(arg));
      }
      ir::Ref in;
      in.kind = ir::Ref::Kind::Input;
      in.index = existing;
      in.type = r.type;
      in.span = r.span;
      in.path = r.path;
      in.context = r.context;
      piece.ref = std::move(in);
    }
  }

  // An image composed of text and outer references (`${{ item.image }}:${{ item.tag }}`)
  // becomes one generated input, `image`, given the whole text: the KFP driver replaces
  // an image that holds a placeholder by the value of that one placeholder, so the
  // container's image must be exactly one input (docs/spec.md, section 6). False when the
  // image is one reference, has none, or reads the component's own inputs.
  bool WholeImageInput(ir::Task& task, Generated& made) {
    ir::Component& impl = *building_;
    ir::Text& image = impl.image_text;
    if (!image.HasRefs() || image.IsWholeRef()) return false;
    for (const ir::Text::Piece& piece : image.pieces) {
      if (!piece.ref) continue;
      ir::Ref::Kind k = piece.ref->kind;
      if (k != ir::Ref::Kind::Param && k != ir::Ref::Kind::TaskOutput && k != ir::Ref::Kind::Item) return false;
    }
    if (made.names.empty())
      for (const ir::Io& in : impl.inputs) made.names.insert(in.name);
    std::string name = "image";
    for (int& n = made.next.try_emplace("image", 2).first->second; made.names.count(name); ++n)
      name = fmt::format("image_{}", n);
    made.names.insert(name);
    ir::Io io;
    io.name = name;
    io.span = image.span;
    io.generated = true;
    int index = static_cast<int>(impl.inputs.size());
    impl.inputs.push_back(io);
    SourceSpan span = image.span;
    ir::Arg arg;
    arg.input = index;
    arg.value.span = span;
    arg.value.text = std::move(image);
    arg.name_span = span;
    task.args.push_back(std::move(arg));
    ir::Ref in;
    in.kind = ir::Ref::Kind::Input;
    in.index = index;
    in.span = span;
    in.path.parts = {"inputs", name};
    in.context = "`image`";
    image = ir::Text{};
    image.span = in.span;
    image.pieces.push_back({"", std::move(in)});
    return true;
  }

  // What task `t` holds of its own, in bytes, for the budget: the text of its command,
  // args, script, image and env, and the entries it copies from its component and the
  // settings it inherits (the task itself is bounded by the spec's size).
  static size_t Weight(const ir::Task& t) {
    auto text = [](const ir::Text& x) {
      size_t n = 32;
      for (const ir::Text::Piece& p : x.pieces) n += 32 + p.text.size();
      return n;
    };
    const ir::Component& c = *t.impl;
    size_t n = 0;
    for (const ir::Text& x : c.command) n += text(x);
    for (const ir::Text& x : c.args) n += text(x);
    if (c.script) n += text(*c.script);
    n += text(c.image_text);
    for (const ir::EnvVar& e : c.env) n += 64 + e.name.size() + text(e.value) + e.source.size() + e.key.size();
    for (const auto* ios : {&c.inputs, &c.outputs})
      for (const ir::Io& io : *ios) n += 64 + io.name.size() + io.description.size();
    const ir::Settings& s = *t.settings;
    for (const auto* m : {&s.labels, &s.annotations, &s.node_selector})
      for (const auto& [k, v] : *m) n += 32 + k.size() + v.size();
    n += 64 * (s.volumes.size() + s.tolerations.size() + s.image_pull_secrets.size());
    return n;
  }

  // Charges task `index` to the budget; false once it is spent (reported once).
  bool Charge(int index) {
    if (!budget_) return true;
    if (budget_->exceeded) return false;
    const ir::Task& task = p_->tasks[index];
    budget_->used += Weight(task);
    if (budget_->used <= budget_->max_bytes) return true;
    budget_->exceeded = true;
    // No error test: the expansion budget of tasks' own copies: security/expansion.
    sink_.Report(task.span, diag::ExpansionBudget{.task = task.name, .max = budget_->max_bytes});
    return false;
  }

  void ResolveTask(const ast::Task& t, int index) {
    if (budget_ && budget_->exceeded) return;  // the spec is refused: copy nothing more
    ir::Task& task = p_->tasks[index];
    const ast::Component* comp = ast_components_[index];
    // The task's own instance while this fills it in, starting from its interface.
    auto own = std::make_shared<ir::Component>(*task.impl);
    task.impl = own;
    ir::Component& impl = *own;
    building_ = own.get();
    RefScope base{*p_, task_index_, param_index_, index, Site::With, &impl};
    Generated made;  // the inputs GenerateInputs adds, across the task's texts
    // The loop list first: `item` takes its type from the list's elements.
    if (t.foreach && t.foreach->kind == ast::Foreach::Kind::List) {
      RefScope scope = base;
      scope.site = Site::Foreach;
      for (const ast::Value& v : t.foreach->items) task.loop->items.push_back(LowerValue(v, scope));
    }
    // Values of declared inputs, looked up by name once per task.
    std::unordered_map<std::string, int> input_index;
    if (!t.with.empty())
      for (size_t i = 0; i < impl.inputs.size(); ++i)
        input_index.emplace(impl.inputs[i].name, static_cast<int>(i));
    for (const auto& [name, value] : t.with) {
      auto found = input_index.find(name.value);
      int input = found == input_index.end() ? -1 : found->second;
      RefScope scope = base;
      ir::Value v = LowerValue(value, scope);
      if (input < 0) {
        if (comp || task.sub) task.unknown_args.push_back(name);
        continue;
      }
      task.args.push_back(ir::Arg{input, std::move(v), name.span});
    }
    // The container: command, args, script, env.
    if (comp) {
      RefScope scope = base;
      scope.site = t.inline_component ? Site::InlineContainer : Site::Container;
      auto present = [&](const ast::Template& x) {
        for (const auto& [input, want] : x.only_if) {
          bool given = false;
          for (const auto& [name, value] : t.with) given = given || name.value == input;
          if (given != want) return false;
        }
        return true;
      };
      for (const ast::Template& c : comp->command)
        if (present(c)) impl.command.push_back(LowerText(c, scope));
      for (const ast::Template& a : comp->args)
        if (present(a)) impl.args.push_back(LowerText(a, scope));
      if (comp->script) {
        impl.script = LowerText(*comp->script, scope);
        if (comp->command.empty())
          impl.interpreter = Interpreter(impl.script->Literal(), impl.image.value);
      }
      for (ir::Text& c : impl.command) GenerateInputs(c, task, made);
      for (ir::Text& a : impl.args) GenerateInputs(a, task, made);
      if (impl.script) GenerateInputs(*impl.script, task, made);
    }
    if (comp && !impl.image.value.empty()) {
      // The image may carry references (e.g. a tag param); they become inputs like env's.
      RefScope scope = base;
      scope.site = Site::Env;
      ast::Template image;
      image.span = impl.image.span;
      SourceSpan at_span = impl.image.span;
      SpanAt at = [at_span](size_t, size_t) { return at_span; };
      ParseTemplate(impl.image.value, at, sink_, image.pieces);
      impl.image_text = LowerText(image, scope);
      if (!WholeImageInput(task, made)) GenerateInputs(impl.image_text, task, made);
    }
    if (comp || task.sub) {
      RefScope env_scope = base;
      env_scope.site = Site::Env;
      for (const ast::EnvVar* e : env_layers_[index]) {
        ir::EnvVar ev;
        ev.name = e->name.value;
        ev.name_span = e->name.span;
        ev.kind = EnvKind(e->kind);
        ev.source = e->source;
        ev.key = e->key;
        ev.span = e->span;
        if (e->kind == ast::EnvVar::Kind::Literal) {
          ev.value = LowerText(e->value, env_scope);
          GenerateInputs(ev.value, task, made);
        }
        impl.env.push_back(std::move(ev));
      }
      if (comp) AddTrackingEnv(task, t.tracking);
    }
    std::sort(task.args.begin(), task.args.end(), [](const ir::Arg& a, const ir::Arg& b) { return a.input < b.input; });
    if (t.when) {
      RefScope scope = base;
      scope.site = Site::When;
      task.when = LowerCond(*t.when->pieces[0].expr, scope);
    }
    if (t.foreach && t.foreach->kind == ast::Foreach::Kind::Ref) {
      RefScope scope = base;
      scope.site = Site::Foreach;
      ir::Text text = LowerText(t.foreach->ref, scope);
      if (text.IsWholeRef()) task.loop->ref = *text.pieces[0].ref;
    }
    for (const auto& a : t.after) {
      auto it = task_index_.find(a.value);
      task.after.push_back(Spanned<int>{it == task_index_.end() ? -1 : it->second, a.span});
    }
    for (const auto& f : t.run_if_failed) {
      auto it = task_index_.find(f.value);
      task.failed.push_back(Spanned<int>{it == task_index_.end() ? -1 : it->second, f.span});
    }
    impl.identity = Identity(task);
    CollectDeps(task);
    Charge(index);
    building_ = nullptr;
    task.impl = Share(std::move(own));
  }

  // An instance equal to `own` made earlier, or `own`, kept for later tasks to share.
  // Equal components have equal identities and spans, so a bucket holds one instance
  // but for collisions.
  std::shared_ptr<const ir::Component> Share(std::shared_ptr<const ir::Component> own) {
    uint64_t key = Fnv1a(own->identity);
    MixSpan(key, own->span);
    MixSpan(key, own->image.span);
    for (const ir::EnvVar& e : own->env) MixSpan(key, e.span);
    for (const ir::Io& io : own->inputs) MixSpan(key, io.span);
    return shared_.Share(key, std::move(own));
  }

  // Merged settings equal to `merged` (spans included) made earlier, or `merged`, kept
  // for later tasks to share: tasks that set nothing of their own share their layers'.
  std::shared_ptr<const ir::Settings> ShareSettings(ir::Settings merged) {
    uint64_t key = Fnv1a("");
    if (merged.retry) MixSpan(key, merged.retry->span);
    if (merged.cache) MixSpan(key, merged.cache->span);
    if (merged.timeout_s) MixSpan(key, merged.timeout_s->span);
    MixSpan(key, merged.resources.span);
    for (const ir::Volume& v : merged.volumes) MixSpan(key, v.span);
    for (const ir::Toleration& t : merged.tolerations) MixSpan(key, t.span);
    for (const auto* m : {&merged.labels, &merged.annotations, &merged.node_selector})
      for (const auto& [k, v] : *m) key = Fnv1a(v, Fnv1a(k, key));
    for (const std::string& secret : merged.image_pull_secrets) key = Fnv1a(secret, key);
    return shared_settings_.Share(key, std::move(merged));
  }

  // MLflow's variables and the run context, unless the task opts out; explicit env wins.
  void AddTrackingEnv(ir::Task& task, const std::optional<ast::TaskTracking>& own) {
    if (!tracking_ || (own && !own->enabled)) return;
    ir::Component& impl = *building_;
    const ir::Tracking& tr = *tracking_;
    auto add = [&](std::string name, ir::Text value) -> ir::EnvVar* {
      for (const ir::EnvVar& e : impl.env)
        if (e.name == name) return nullptr;
      ir::EnvVar ev;
      ev.name = std::move(name);
      ev.value = std::move(value);
      ev.span = tr.span;
      ev.tracking = true;
      impl.env.push_back(std::move(ev));
      return &impl.env.back();
    };
    auto literal = [](std::string s) {
      ir::Text t;
      t.pieces.push_back({std::move(s), std::nullopt});
      return t;
    };
    auto global = [](ir::Ref::Kind k) {
      ir::Text t;
      ir::Ref r;
      r.kind = k;
      r.type = ir::Type{ir::TypeKind::String, ""};
      t.pieces.push_back({"", r});
      return t;
    };
    std::string experiment = own && !own->experiment.empty() ? own->experiment
                             : tr.experiment.empty()         ? tracking_owner_
                                                             : tr.experiment;
    add("MLFLOW_TRACKING_URI", literal(tr.uri));
    add("MLFLOW_EXPERIMENT_NAME", literal(experiment));
    add("MLPC_PIPELINE", literal(tracking_owner_));
    add("MLPC_RUN_ID", global(ir::Ref::Kind::RunId));
    add("MLPC_TASK", literal(task.name));
    for (const auto& [env, key] : tr.secret_keys) {
      if (ir::EnvVar* e = add(env, ir::Text{})) {
        e->kind = ir::EnvVar::Kind::Secret;
        e->source = tr.secret;
        e->key = key;
      }
    }
  }

  ir::Cond LowerCond(const Expr& e, const RefScope& scope) {
    ir::Cond c;
    c.kind = CondKind(e.kind);
    c.span = e.span;
    switch (e.kind) {
      case Expr::Kind::Ref:
        c.ref = lower::ResolveRef(Path(e.ref), scope);
        c.ref.context = "`when`";
        break;
      case Expr::Kind::Bool:
        c.literal = e.boolean;
        break;
      case Expr::Kind::Number: {
        c.text = e.text;
        bool integral = e.text.find_first_of(".eE") == std::string::npos;
        // The parser checked that the value fits (frontend/expr.cc).
        c.literal = integral ? ir::json(ParseInt64(e.text).value_or(0)) : ir::json(ParseFiniteDouble(e.text).value_or(0));
        break;
      }
      case Expr::Kind::String:
        c.literal = e.text;
        break;
      default:
        if (e.lhs) c.operands.push_back(LowerCond(*e.lhs, scope));
        if (e.rhs) c.operands.push_back(LowerCond(*e.rhs, scope));
    }
    return c;
  }

  void CollectDeps(ir::Task& task) {
    // Container references are the task's own inputs by now: task outputs are in args.
    std::vector<const ir::Ref*> refs;
    ir::TaskRefs(task, refs);
    std::vector<int> deps;
    for (const ir::Ref* r : refs)
      if (r->kind == ir::Ref::Kind::TaskOutput) deps.push_back(r->index);  // self included: a cycle
    for (const auto& a : task.after)
      if (a.value >= 0) deps.push_back(a.value);
    // A task handling its own failure is reported by the references pass, not as a cycle.
    for (const auto& f : task.failed)
      if (f.value >= 0 && &p_->tasks[f.value] != &task) deps.push_back(f.value);
    std::sort(deps.begin(), deps.end());
    deps.erase(std::unique(deps.begin(), deps.end()), deps.end());
    task.deps = std::move(deps);
  }

  // What the container runs, hashed: the component part of a cache key.
  static std::string Identity(const ir::Task& t) {
    std::string s = t.impl->name + "\n" + t.impl->image.value + "\n";
    auto text = [&](const ir::Text& x) {
      for (const auto& p : x.pieces) s += p.ref ? "${{" + p.ref->path.Text() + "}}" : p.text;
      s += "\n";
    };
    for (const ir::Text& c : t.impl->command) text(c);
    s += "--\n";
    for (const ir::Text& a : t.impl->args) text(a);
    if (t.impl->script) text(*t.impl->script);
    for (const ir::EnvVar& e : t.impl->env) {
      s += e.name + "=" + e.source + "/" + e.key + ":";
      text(e.value);
    }
    for (const ir::Io& i : t.impl->inputs) s += "in " + i.name + ":" + i.type.Name() + "\n";
    for (const ir::Io& o : t.impl->outputs) s += "out " + o.name + ":" + o.type.Name() + "\n";
    return fmt::format("{:016x}", Fnv1a(s));
  }

  const ast::Spec& spec_;
  DiagSink& sink_;
  LowerBudget* budget_;
  ast::Spec* consumed_;  // spec_, when its task records may be freed as they are lowered
  std::optional<ir::Tracking> tracking_;
  std::optional<ir::KfpSection> kfp_;
  std::string tracking_owner_;
  std::shared_ptr<ir::Pipeline> p_;
  std::unordered_map<std::string, const ast::Component*> components_;
  std::unordered_map<std::string, int> task_index_;
  std::unordered_map<std::string, int> param_index_;  // the first param of each name
  std::vector<std::vector<const ast::EnvVar*>> env_layers_;
  std::vector<const ast::Component*> ast_components_;
  ir::Component* building_ = nullptr;  // the instance ResolveTask fills in
  // The distinct instances so far, by a hash of identity and spans.
  SharedPool<ir::Component> shared_;
  // The distinct merged settings so far, by a hash of spans and strings.
  SharedPool<ir::Settings> shared_settings_;
  std::set<std::string> used_;
};

}  // namespace

std::shared_ptr<ir::Pipeline> Lower(const ast::Spec& spec, DiagSink& sink, LowerBudget* budget) {
  return Lowering(spec, sink, Lowering::Inherited{{}, {}, {}, budget}).Run();
}

std::shared_ptr<ir::Pipeline> Lower(ast::Spec&& spec, DiagSink& sink, LowerBudget* budget) {
  return Lowering(spec, sink, Lowering::Inherited{{}, {}, {}, budget}, &spec).Run();
}

}  // namespace mlpc
