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
  bool ok = root == "body" || root == "header" || root == "subject" || root == "metadata";
  ok = ok && (s.size() == root.size() || (s.size() > root.size() + 1 && s.back() != '.'));
  ok = ok && s.find("..") == std::string::npos && s.find_first_of(" \t\n") == std::string::npos;
  if (!ok)
    ctx.sink.Report(Code::E0217, path.span,
                    fmt::format("`{}` is not a path into a NATS event: the event's data has `body` (the message, "
                                "as JSON), `header` and `subject`",
                                s));
  return ok;
}

void CheckFilter(const ir::EventFilter& f, PassContext& ctx) {
  EventPath(f.path, ctx);
  auto kind = [](const ir::json& v) { return v.is_string() ? 0 : v.is_number() ? 1 : v.is_boolean() ? 2 : 3; };
  int first = kind(f.values.front().value);
  for (const auto& v : f.values) {
    if (kind(v.value) == 3) {
      // No error test: a null filter value, which the parser refuses first (E0203); kept for specs built another way.
      ctx.sink.Report(Code::E0211, v.span, "a filter value is a string, a number or a bool, not null");
      return;
    }
    if (kind(v.value) != first) {
      ctx.sink.Report(Code::E0211, v.span, "the values of one filter are all strings, all numbers or all bools",
                      "split the filter in two, or quote the values to compare them as text");
      return;
    }
  }
  using Comparator = ir::EventFilter::Comparator;
  if (first == 2 && f.comparator == Comparator::Ne)
    ctx.sink.Report(Code::E0211, f.span, "Argo Events compares bool filters for equality only; `!=` would be ignored",
                    "list the other value with `=`");
  bool ordering = f.comparator == Comparator::Lt || f.comparator == Comparator::Le || f.comparator == Comparator::Gt ||
                  f.comparator == Comparator::Ge;
  if (ordering && first != 1)
    ctx.sink.Report(Code::E0211, f.span,
                    fmt::format("comparator `{}` orders numbers; these values are {}", ir::ComparatorText(f.comparator),
                                first == 0 ? "strings" : "bools"),
                    "use `=` or `!=`, or compare numbers");
}

// A Kubernetes object name (DNS-1123 subdomain): [a-z0-9]([-a-z0-9.]*[a-z0-9])?
bool DnsSubdomain(std::string_view s) {
  auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!alnum(s.front()) || !alnum(s.back())) return false;
  for (char c : s)
    if (!alnum(c) && c != '-' && c != '.') return false;
  return true;
}

}  // namespace

void CheckTriggers(const ir::Pipeline& p, PassContext& ctx) {
  if (ctx.nested) return;  // a sub-pipeline's triggers are ignored (the values pass says so)
  std::vector<std::string> names;
  for (const ir::Io& param : p.params) names.push_back(param.name);
  // event source -> event -> (url, subject), for the EventSources mlpc emits.
  std::map<std::string, std::map<std::string, const ir::Trigger*>> sources;
  std::map<std::string, const ir::Trigger*> by_name;
  for (const ir::Trigger& tr : p.triggers) {
    if (auto [it, fresh] = by_name.emplace(tr.name.value, &tr); !fresh) {
      Diagnostic& d = ctx.sink.Report(Code::E0215, tr.name.span,
                                      fmt::format("two triggers are named `{}`; each becomes Sensor `{}-{}`",
                                                  tr.name.value, p.name, tr.name.value));
      d.notes.push_back({it->second->name.span, "the first is here"});
    }
    // The Sensor's name goes into label values (63 characters at most).
    size_t sensor = p.name.size() + 1 + tr.name.value.size();
    if (sensor > 63)
      ctx.sink.Report(Code::E0505, tr.name.span,
                      fmt::format("Sensor `{}-{}` has {} characters; at most 63 fit", p.name, tr.name.value, sensor),
                      "Argo Events puts the Sensor's name in label values; shorten the trigger or pipeline name");
    if (tr.event_source.value.empty() || tr.event_source.value.size() > 253 || !DnsSubdomain(tr.event_source.value))
      ctx.sink.Report(Code::E0204, tr.event_source.span,
                      fmt::format("`{}` is not a valid EventSource name", tr.event_source.value),
                      "EventSource names are lower-case letters, digits, `-` and `.`, starting and ending with a "
                      "letter or digit");
    if (tr.event.value.empty()) ctx.sink.Report(Code::E0211, tr.event.span, "the trigger's `event` is empty");
    if (tr.subject && tr.subject->value.empty())
      ctx.sink.Report(Code::E0211, tr.subject->span, "the NATS `subject` is empty");
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
    for (const ir::EventFilter& f : tr.filters) CheckFilter(f, ctx);
    if (!tr.url) continue;
    auto& events = sources[tr.event_source.value];
    const ir::Trigger*& have = events[tr.event.value];
    if (have && (have->url->value != tr.url->value || have->subject->value != tr.subject->value))
      ctx.sink.Report(Code::E0210, tr.url->span,
                      fmt::format("triggers `{}` and `{}` define event `{}` of EventSource `{}` differently",
                                  have->name.value, tr.name.value, tr.event.value, tr.event_source.value),
                      "give both the same `url` and `subject`, or different event names");
    else if (!have)
      have = &tr;
  }
  // mlpc emits an EventSource whole: every trigger on it must give url and subject, or
  // applying the output would drop the events of the others.
  for (const ir::Trigger& tr : p.triggers)
    if (!tr.url && sources.count(tr.event_source.value))
      ctx.sink.Report(Code::E0210, tr.event_source.span,
                      fmt::format("trigger `{}` uses EventSource `{}` without `url` and `subject`, but another trigger "
                                  "makes mlpc emit that EventSource, which would then lack event `{}`",
                                  tr.name.value, tr.event_source.value, tr.event.value),
                      "give this trigger the same `url` and its `subject` too, or use another EventSource");
}

}  // namespace mlpc
