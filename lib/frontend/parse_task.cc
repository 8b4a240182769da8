// Tasks of `tasks:` and `finally:`: references to components or sub-pipelines, or inline
// containers, with their values, dependencies, conditions, loops and settings.
#include <fmt/format.h>

#include "diag/messages.h"
#include "frontend/parse.h"
#include "support/spell.h"

namespace mlpc {
namespace {

const std::vector<std::string_view>& TaskKeys() {
  static const std::vector<std::string_view> kKeys = [] {
    std::vector<std::string_view> k = {"component", "pipeline",    "engine",  "with",        "after",   "when",
                                       "foreach",   "parallelism", "run_if",  "description", "command", "args",
                                       "script",    "inputs",      "outputs", "tracking"};
    for (std::string_view s : SettingKeys()) k.push_back(s);
    return k;
  }();
  return kKeys;
}

std::optional<ast::Foreach> ParseForeach(const YNode& n, DiagSink& sink) {
  ast::Foreach f;
  f.span = n.span;
  if (n.IsSeq()) {
    f.kind = ast::Foreach::Kind::List;
    for (const YNode* i : n.items) {
      if (auto v = ParseValue(*i, "a `foreach` item", sink)) f.items.push_back(std::move(*v));
    }
    return f;
  }
  if (n.IsMap()) {
    Fields fl(n, "`foreach`", {"range"}, sink);
    const YNode* r = fl.Require("range");
    if (!r) return std::nullopt;
    auto count = ScalarInt(*r, "`foreach.range`", sink);
    if (!count) return std::nullopt;
    if (*count < 1) {
      sink.Report(r->span, diag::ForeachRangeBelowOne{.count = *count});
      return std::nullopt;
    }
    f.kind = ast::Foreach::Kind::Range;
    f.count = *count;
    return f;
  }
  auto t = ParseTemplateNode(n, "`foreach`", sink);
  if (!t) return std::nullopt;
  if (t->pieces.size() != 1 || !t->pieces[0].expr) {
    sink.Report(n.span, diag::ForeachShape{});
    return std::nullopt;
  }
  f.kind = ast::Foreach::Kind::Ref;
  f.ref = std::move(*t);
  return f;
}

void ParseTask(FrontendContext& ctx, const YNode& name, const YNode& body, FileId file, bool is_finally,
               std::vector<ast::Task>& out) {
  DiagSink& sink = ctx.sink;
  std::string what = fmt::format("task `{}`", name.value);
  if (!ExpectKind(body, YNode::Kind::Map, what, sink)) return;
  ast::Task t;
  t.name = {name.value, name.span};
  t.span = body.span;
  t.is_finally = is_finally;
  ast::Component inline_c;
  inline_c.name = t.name;
  inline_c.span = body.span;
  bool has_inline = false;
  const YNode* inline_pipeline = nullptr;  // `pipeline:` given a map
  std::vector<std::string> names(TaskKeys().begin(), TaskKeys().end());
  for (const auto& [kn, v] : body.entries) {
    const std::string& k = kn->value;
    if (k == "component") {
      t.component = SpannedString(v, "`component`", sink);
    } else if (k == "pipeline" && v->kind == YNode::Kind::Map) {
      inline_pipeline = v;
      t.pipeline = Spanned<std::string>{"", v->span};
    } else if (k == "pipeline") {
      t.pipeline = SpannedString(v, "`pipeline`", sink);
    } else if (k == "engine") {
      if (auto e = Choice(*v, "`engine`", {"argo", "kfp"}, sink)) t.engine = Spanned<std::string>{*e, v->span};
    } else if (k == "with") {
      if (!ExpectKind(*v, YNode::Kind::Map, "`with`", sink)) continue;
      for (const auto& [ik, iv] : v->entries) {
        if (auto val = ParseValue(*iv, fmt::format("input `{}`", ik->value), sink))
          t.with.emplace_back(Spanned<std::string>{ik->value, ik->span}, std::move(*val));
      }
    } else if (k == "after") {
      if (v->IsScalar()) {
        t.after.push_back({v->value, v->span});
      } else if (ExpectKind(*v, YNode::Kind::Seq, "`after`", sink)) {
        for (const YNode* i : v->items)
          if (auto s = SpannedString(i, "an item of `after`", sink)) t.after.push_back(*s);
      }
    } else if (k == "when") {
      if (auto w = ParseTemplateNode(*v, "`when`", sink)) {
        if (w->pieces.size() != 1 || !w->pieces[0].expr) {
          sink.Report(v->span, diag::WhenShape{});
        } else {
          t.when = std::move(*w);
        }
      }
    } else if (k == "foreach") {
      t.foreach = ParseForeach(*v, sink);
    } else if (k == "parallelism") {
      if (auto p = ScalarInt(*v, "`parallelism`", sink)) {
        if (*p < 1)
          sink.Report(v->span, diag::ParallelismBelowOne{.count = *p});
        else
          t.parallelism = Spanned<int64_t>{*p, v->span};
      }
    } else if (k == "tracking") {
      ast::TaskTracking tt;
      tt.span = v->span;
      if (v->IsMap()) {
        Fields tf(*v, "the task's `tracking`", {"experiment"}, sink);
        if (const YNode* e = tf.Require("experiment"))
          tt.experiment = ScalarString(*e, "`tracking.experiment`", sink).value_or("");
        t.tracking = tt;
      } else if (auto b = ScalarBool(*v, "`tracking` (false, or {experiment: NAME})", sink)) {
        tt.enabled = *b;
        t.tracking = tt;
      }
    } else if (k == "run_if") {
      if (v->IsMap()) {
        // {failed: [TASK, ...]}: run only when every listed task failed.
        Fields rf(*v, "`run_if`", {"failed"}, sink);
        const YNode* f = rf.Require("failed");
        if (!f) continue;
        t.run_if = {"failed", v->span};
        if (f->IsScalar()) {
          t.run_if_failed.push_back({f->value, f->span});
        } else if (ExpectKind(*f, YNode::Kind::Seq, "`run_if.failed`", sink)) {
          for (const YNode* i : f->items)
            if (auto s = SpannedString(i, "an item of `run_if.failed`", sink)) t.run_if_failed.push_back(*s);
          if (f->items.empty()) sink.Report(f->span, diag::RunIfFailedEmpty{});
        }
      } else if (auto r = Choice(*v, "`run_if` (or `{failed: [TASK]}`)", {"all_succeeded", "all_done"}, sink)) {
        t.run_if = {*r, v->span};
      }
    } else if (k == "image") {
      // On an inline task the image is the container's; on a component task, an override.
      ParseSetting(*kn, *v, t.settings, sink);
    } else if (ParseImplementationField(*kn, *v, inline_c, sink)) {
      has_inline = has_inline || k != "description";
      if (k == "description") inline_c.description = ScalarString(*v, "`description`", sink).value_or("");
    } else if (!ParseSetting(*kn, *v, t.settings, sink)) {
      sink.Report(kn->span, diag::UnknownKey{.key = k, .what = what, .suggestion = DidYouMean(k, names)});
    }
  }
  if (t.parallelism && !t.foreach)
    sink.Report(t.parallelism->span, diag::ParallelismWithoutForeach{.task = name.value});
  if (has_inline) {
    inline_c.settings.image = t.settings.image;
    t.inline_component = std::move(inline_c);
  }
  if (inline_pipeline) {
    t.sub_spec = ParseInlineSpec(ctx, *inline_pipeline, t.name);
  } else if (t.pipeline) {
    auto named = ResolveNamed(ctx, file, t.pipeline->value, t.pipeline->span);
    if (named && !CycleChain(ctx, named->real).empty()) {
      sink.Report(t.pipeline->span, diag::SubPipelineIncludesItself{.sub = t.pipeline->value});
    } else if (named) {
      if (const YNode* root = LoadFile(ctx, *named, t.pipeline->span)) t.sub_spec = ParseSpec(ctx, *root);
    }
  }
  out.push_back(std::move(t));
}

}  // namespace

void ParseTasks(FrontendContext& ctx, const YNode& map, FileId file, bool is_finally, std::vector<ast::Task>& out) {
  if (!ExpectKind(map, YNode::Kind::Map, is_finally ? "`finally`" : "`tasks`", ctx.sink)) return;
  out.reserve(out.size() + map.entries.size());  // tasks are large: grow once
  for (const auto& [k, v] : map.entries) ParseTask(ctx, *k, *v, file, is_finally, out);
}

}  // namespace mlpc
