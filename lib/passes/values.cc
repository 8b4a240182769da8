// Values that have a shape of their own: cron schedules, mount paths, retry limits.
#include <fmt/format.h>

#include <regex>
#include <sstream>

#include "diag/messages.h"
#include "passes/passes.h"
#include "support/numbers.h"

namespace mlpc {
namespace {

bool CronField(const std::string& f, int lo, int hi, bool names) {
  static const std::regex kField(
      R"((\*|[0-9A-Za-z]+(-[0-9A-Za-z]+)?)(/[0-9]+)?(,(\*|[0-9A-Za-z]+(-[0-9A-Za-z]+)?)(/[0-9]+)?)*)");
  // std::regex recurses per character: a field longer than any valid one is refused first.
  if (f.size() > 64 || !std::regex_match(f, kField)) return false;
  // Numbers must be in range; names (JAN, MON) only where the field takes them.
  std::string token;
  for (size_t i = 0; i <= f.size(); ++i) {
    char c = i < f.size() ? f[i] : ',';
    if (std::isalnum(static_cast<unsigned char>(c))) {
      token += c;
      continue;
    }
    if (!token.empty()) {
      bool digits =
          std::all_of(token.begin(), token.end(), [](char d) { return std::isdigit(static_cast<unsigned char>(d)); });
      bool after_slash = i >= token.size() + 1 && f[i - token.size() - 1] == '/';
      if (digits && !after_slash) {
        long v = token.size() > 4 ? 100000 : ParseInt64(token).value_or(100000);
        if (v < lo || v > hi) return false;
      } else if (!digits && (!names || token.size() != 3)) {
        return false;
      }
      token.clear();
    }
  }
  return true;
}

// Whether a task sets a setting (after merging), for CheckPipelineTaskSettings.
bool IsSet(const Spanned<std::string>& image) { return !image.value.empty(); }
bool IsSet(const ir::Resources& r) { return r.cpu || r.memory || r.cpu_limit || r.memory_limit || r.gpu || r.gpu_type; }
template <class T>
bool IsSet(const std::optional<T>& v) {
  return v.has_value();
}
template <class T>
bool IsSet(const std::vector<T>& v) {
  return !v.empty();
}

// What a `pipeline:` task may set (the PIPELINE_TASK column of support/constructs.def).
enum class PipelineTask { Refused, Launch, Allowed };

// A `pipeline:` task runs no container of its own: container settings belong in the
// sub-pipeline's `defaults`. An `engine: kfp` task is an Argo step that launches the run,
// so its `timeout`, `retry`, `labels` and `annotations` apply to that step. `cache` is
// the target's to judge (KFP caches a sub-pipeline task).
void CheckPipelineTaskSettings(const ir::Task& t, PassContext& ctx) {
  bool launch = t.engine == ir::Engine::Kfp;
  auto refused = [launch](PipelineTask rule) {
    return rule == PipelineTask::Refused || (rule == PipelineTask::Launch && !launch);
  };
  std::vector<std::string_view> set;
#define MLPC_SETTING(KEY, AST, MERGED, TASK, PARSE, MERGE, PIPELINE_TASK, ...) \
  if (refused(PipelineTask::PIPELINE_TASK) && IsSet(TASK)) set.push_back(#KEY);
#include "support/constructs.def"
  if (set.empty()) return;
  std::string keys;
  for (std::string_view k : set) keys += (keys.empty() ? "`" : ", `") + std::string(k) + "`";
  // What an `engine: kfp` task takes, for the hint: "`a`, `b` and `c`".
  static const std::string kLaunchKeys = [] {
    std::vector<std::string_view> launch_keys;
#define MLPC_SETTING(KEY, AST, MERGED, TASK, PARSE, MERGE, PIPELINE_TASK, ...) \
  if (PipelineTask::PIPELINE_TASK == PipelineTask::Launch) launch_keys.push_back(#KEY);
#include "support/constructs.def"
    std::string text;
    for (size_t i = 0; i < launch_keys.size(); ++i)
      text += (i == 0 ? "" : i + 1 == launch_keys.size() ? " and " : ", ") + ("`" + std::string(launch_keys[i]) + "`");
    return text;
  }();
  std::string_view have = set.size() == 1 ? "has" : "have";
  if (launch)
    ctx.sink.Report(t.span,
                    diag::LaunchTaskSettings{.task = t.name, .keys = keys, .have = have, .launch_keys = kLaunchKeys});
  else
    ctx.sink.Report(t.span, diag::PipelineTaskSettings{.task = t.name, .keys = keys, .have = have});
}

}  // namespace

void CheckValues(const ir::Pipeline& p, PassContext& ctx) {
  if (p.schedule && !ctx.nested) {
    const auto& cron = p.schedule->cron;
    std::istringstream in(cron.value);
    std::vector<std::string> fields;
    for (std::string f; in >> f;) fields.push_back(f);
    static const std::regex kMacro("@(yearly|annually|monthly|weekly|daily|midnight|hourly)");
    bool ok = false;
    if (fields.size() == 1 && fields[0].size() < 16 && std::regex_match(fields[0], kMacro)) {
      ok = true;
    } else if (fields.size() == 5) {
      ok = CronField(fields[0], 0, 59, false) && CronField(fields[1], 0, 23, false) &&
           CronField(fields[2], 1, 31, false) && CronField(fields[3], 1, 12, true) && CronField(fields[4], 0, 7, true);
    }
    if (!ok) ctx.sink.Report(cron.span, diag::ScheduleCron{.cron = cron.value});
    static const std::regex kZone("[A-Za-z]+(/[A-Za-z0-9_+-]+)*|UTC");
    if (!p.schedule->timezone.empty() &&
        (p.schedule->timezone.size() > 64 || !std::regex_match(p.schedule->timezone, kZone)))
      ctx.sink.Report(p.schedule->timezone_span, diag::ScheduleTimezone{.zone = p.schedule->timezone});
  }
  if (ctx.nested) {
    // A sub-pipeline runs inside its parent's run: its own run-level settings do not apply.
    auto ignored = [&](SourceSpan span, std::string_view what) {
      ctx.sink.Report(span, diag::SubPipelineSettingIgnored{.key = what, .pipeline = p.name});
    };
    if (p.schedule) ignored(p.schedule->span, "schedule");
    if (!p.triggers.empty()) ignored(p.triggers[0].span, "triggers");
    if (p.argo) ignored(p.argo->span, "argo");
    // `kfp` is not ignored: the KFP API settings reach the sub-pipeline's launched tasks.
  }
  for (const ir::Task& t : p.tasks) {
    if (t.sub) CheckPipelineTaskSettings(t, ctx);
    for (const ir::Volume& v : t.settings->volumes) {
      if (v.mount.empty() || v.mount[0] != '/')
        ctx.sink.Report(v.mount_span.Valid() ? v.mount_span : v.span, diag::MountPathRelative{.mount = v.mount});
    }
    if (t.settings->retry && t.settings->retry->limit < 0)
      ctx.sink.Report(t.settings->retry->span, diag::RetryLimitNegative{.limit = t.settings->retry->limit});
    if (t.settings->retry && t.settings->retry->factor && *t.settings->retry->factor < 1)
      ctx.sink.Report(t.settings->retry->span, diag::BackoffFactorBelowOne{});
    if (t.settings->resources.gpu && t.settings->resources.gpu->value < 0)
      ctx.sink.Report(t.settings->resources.gpu->span, diag::GpuNegative{});
  }
}

}  // namespace mlpc
