// Triggers: every mapped param exists, every required param is mapped, event paths and
// filters are well-formed, and the EventSources mlpc emits agree with each other.
#include <fmt/format.h>

#include <map>

#include "passes/passes.h"
#include "support/spell.h"

namespace mlpc {
namespace {

// A path into the data of a NATS event (gjson syntax, as Argo Events reads `dataKey`).
bool EventPath(const Spanned<std::string>& path, PassContext& ctx) {
  const std::string& s = path.value;
  std::string root = s.substr(0, s.find('.'));
  bool ok = root == "body" || root == "header" || root == "subject";
  ok = ok && (s.size() == root.size() || (s.size() > root.size() + 1 && s.back() != '.'));
  ok = ok && s.find("..") == std::string::npos && s.find_first_of(" \t\n") == std::string::npos;
  if (!ok)
    ctx.sink.Report(Code::E0217, path.span,
                    fmt::format("`{}` is not a path into a NATS event: the event's data has `body` (the message, "
                                "as JSON), `header` and `subject`",
                                s));
  return ok;
}

void CheckFilter(const ast::EventFilter& f, PassContext& ctx) {
  EventPath(f.path, ctx);
  auto kind = [](const ir::json& v) { return v.is_string() ? 0 : v.is_number() ? 1 : v.is_boolean() ? 2 : 3; };
  int first = kind(f.values.front().value);
  for (const auto& v : f.values) {
    if (kind(v.value) == 3) {
      ctx.sink.Report(Code::E0211, v.span, "a filter value is a string, a number or a bool, not null");
      return;
    }
    if (kind(v.value) != first) {
      ctx.sink.Report(Code::E0211, v.span, "the values of one filter are all strings, all numbers or all bools",
                      "split the filter in two, or quote the values to compare them as text");
      return;
    }
  }
  bool ordering = f.comparator == "<" || f.comparator == "<=" || f.comparator == ">" || f.comparator == ">=";
  if (ordering && first != 1)
    ctx.sink.Report(Code::E0211, f.span,
                    fmt::format("comparator `{}` orders numbers; these values are {}", f.comparator,
                                first == 0 ? "strings" : "bools"),
                    "use `=` or `!=`, or compare numbers");
}

}  // namespace

void CheckTriggers(const ir::Pipeline& p, PassContext& ctx) {
  if (ctx.nested) return;  // a sub-pipeline's triggers are ignored (the values pass says so)
  std::vector<std::string> names;
  for (const ir::Io& param : p.params) names.push_back(param.name);
  // event source -> event -> (url, subject), for the EventSources mlpc emits.
  std::map<std::string, std::map<std::string, const ast::Trigger*>> sources;
  for (const ast::Trigger& tr : p.triggers) {
    for (const auto& [param, path] : tr.params) {
      if (ir::FindParam(p, param.value) < 0)
        ctx.sink.Report(Code::E0301, param.span,
                        fmt::format("trigger `{}` sets unknown param `{}`{}", tr.name.value, param.value,
                                    DidYouMean(param.value, names)));
      EventPath(path, ctx);
    }
    for (const ir::Io& param : p.params) {
      if (param.default_value) continue;
      bool mapped = false;
      for (const auto& [name, path] : tr.params) mapped = mapped || name.value == param.name;
      if (!mapped)
        ctx.sink.Report(Code::E0306, tr.name.span,
                        fmt::format("trigger `{}` does not set required param `{}`", tr.name.value, param.name),
                        fmt::format("map it from the event, e.g. `params: {{{}: body.{}}}`, or give the param a "
                                    "default",
                                    param.name, param.name));
    }
    for (const ast::EventFilter& f : tr.filters) CheckFilter(f, ctx);
    if (!tr.url) continue;
    const ast::Trigger*& have = sources[tr.event_source.value][tr.event.value];
    if (have && (have->url->value != tr.url->value || have->subject->value != tr.subject->value))
      ctx.sink.Report(Code::E0210, tr.url->span,
                      fmt::format("triggers `{}` and `{}` define event `{}` of EventSource `{}` differently",
                                  have->name.value, tr.name.value, tr.event.value, tr.event_source.value),
                      "give both the same `url` and `subject`, or different event names");
    else if (!have)
      have = &tr;
  }
}

}  // namespace mlpc
