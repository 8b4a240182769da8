// Triggers: every mapped param exists, every required param is mapped, event paths and
// filters are well-formed, and the EventSources mlpc emits agree with each other.
#include <map>

#include "diag/messages.h"
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
  if (!ok) ctx.sink.Report(path.span, diag::InvalidEventPath{.path = s});
  return ok;
}

void CheckFilter(const ir::EventFilter& f, PassContext& ctx) {
  EventPath(f.path, ctx);
  auto kind = [](const ir::json& v) { return v.is_string() ? 0 : v.is_number() ? 1 : v.is_boolean() ? 2 : 3; };
  int first = kind(f.values.front().value);
  for (const auto& v : f.values) {
    if (kind(v.value) == 3) {
      // No error test: a null filter value, which the parser refuses first (E0203); kept for specs built another way.
      ctx.sink.Report(v.span, diag::NullFilterValue{});
      return;
    }
    if (kind(v.value) != first) {
      ctx.sink.Report(v.span, diag::MixedFilterValues{});
      return;
    }
  }
  using Comparator = ir::EventFilter::Comparator;
  if (first == 2 && f.comparator == Comparator::Ne) ctx.sink.Report(f.span, diag::BoolFilterNotEqual{});
  bool ordering = f.comparator == Comparator::Lt || f.comparator == Comparator::Le || f.comparator == Comparator::Gt ||
                  f.comparator == Comparator::Ge;
  if (ordering && first != 1)
    ctx.sink.Report(f.span, diag::OrderingNonNumbers{.comparator = ir::ComparatorText(f.comparator),
                                                     .kind = first == 0 ? "strings" : "bools"});
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
      Diagnostic& d = ctx.sink.Report(
          tr.name.span, diag::DuplicateTrigger{.trigger = tr.name.value, .sensor = p.name + "-" + tr.name.value});
      d.notes.push_back({it->second->name.span, "the first is here"});
    }
    // The Sensor's name goes into label values (63 characters at most).
    size_t sensor = p.name.size() + 1 + tr.name.value.size();
    if (sensor > 63)
      ctx.sink.Report(tr.name.span, diag::SensorNameTooLong{.sensor = p.name + "-" + tr.name.value, .length = sensor});
    if (tr.event_source.value.empty() || tr.event_source.value.size() > 253 || !DnsSubdomain(tr.event_source.value))
      ctx.sink.Report(tr.event_source.span, diag::InvalidEventSourceName{.name = tr.event_source.value});
    if (tr.event.value.empty()) ctx.sink.Report(tr.event.span, diag::EmptyTriggerEvent{});
    if (tr.subject && tr.subject->value.empty()) ctx.sink.Report(tr.subject->span, diag::EmptyNatsSubject{});
    for (const auto& [param, path] : tr.params) {
      if (ir::FindParam(p, param.value) < 0)
        ctx.sink.Report(param.span, diag::TriggerUnknownParam{.trigger = tr.name.value,
                                                              .param = param.value,
                                                              .suggestion = DidYouMean(param.value, names)});
      EventPath(path, ctx);
    }
    for (const ir::Io& param : p.params) {
      if (param.default_value) continue;
      bool mapped = false;
      for (const auto& [name, path] : tr.params) mapped = mapped || name.value == param.name;
      if (!mapped)
        ctx.sink.Report(tr.name.span, diag::TriggerMissingParam{.trigger = tr.name.value, .param = param.name});
    }
    for (const ir::EventFilter& f : tr.filters) CheckFilter(f, ctx);
    if (!tr.url) continue;
    auto& events = sources[tr.event_source.value];
    const ir::Trigger*& have = events[tr.event.value];
    if (have && (have->url->value != tr.url->value || have->subject->value != tr.subject->value))
      ctx.sink.Report(tr.url->span, diag::TriggerEventConflict{.first = have->name.value,
                                                               .second = tr.name.value,
                                                               .event = tr.event.value,
                                                               .source = tr.event_source.value});
    else if (!have)
      have = &tr;
  }
  // mlpc emits an EventSource whole: every trigger on it must give url and subject, or
  // applying the output would drop the events of the others.
  for (const ir::Trigger& tr : p.triggers)
    if (!tr.url && sources.count(tr.event_source.value))
      ctx.sink.Report(tr.event_source.span,
                      diag::TriggerSourceWithoutUrl{
                          .trigger = tr.name.value, .source = tr.event_source.value, .event = tr.event.value});
}

}  // namespace mlpc
