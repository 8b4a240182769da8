// Values that have a shape of their own: cron schedules, mount paths, retry limits.
#include <fmt/format.h>

#include <regex>
#include <sstream>

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
  ctx.sink.Report(
      Code::E0210, t.span,
      fmt::format("`pipeline:` task `{}` sets {}, which {} no effect: the sub-pipeline's tasks take their "
                  "settings from its own `defaults`",
                  t.name, keys, set.size() == 1 ? "has" : "have"),
      launch ? "move them to the sub-pipeline; an `engine: kfp` task takes " + kLaunchKeys + " for its launch step"
             : "move them to the sub-pipeline's `defaults`");
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
    if (!ok) ctx.sink.Report(Code::E0213, cron.span, fmt::format("`{}` is not a cron schedule", cron.value));
    static const std::regex kZone("[A-Za-z]+(/[A-Za-z0-9_+-]+)*|UTC");
    if (!p.schedule->timezone.empty() &&
        (p.schedule->timezone.size() > 64 || !std::regex_match(p.schedule->timezone, kZone)))
      ctx.sink.Report(Code::E0213, p.schedule->timezone_span,
                      fmt::format("`{}` is not an IANA time zone name", p.schedule->timezone),
                      "write a zone such as Europe/Berlin or UTC");
  }
  if (ctx.nested) {
    // A sub-pipeline runs inside its parent's run: its own run-level settings do not apply.
    auto ignored = [&](SourceSpan span, std::string_view what) {
      ctx.sink.Report(Code::W0106, span,
                      fmt::format("`{}` of sub-pipeline `{}` is ignored; the parent pipeline's applies", what, p.name));
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
        ctx.sink.Report(Code::E0205, v.mount_span.Valid() ? v.mount_span : v.span,
                        fmt::format("mount path `{}` is not absolute", v.mount),
                        "mount volumes at absolute paths such as /data");
    }
    if (t.settings->retry && t.settings->retry->limit < 0)
      ctx.sink.Report(Code::E0211, t.settings->retry->span,
                      fmt::format("`retry` limit must be 0 or more, not {}", t.settings->retry->limit));
    if (t.settings->retry && t.settings->retry->factor && *t.settings->retry->factor < 1)
      ctx.sink.Report(Code::E0211, t.settings->retry->span, "`backoff.factor` must be 1 or more");
    if (t.settings->resources.gpu && t.settings->resources.gpu->value < 0)
      ctx.sink.Report(Code::E0211, t.settings->resources.gpu->span, "`resources.gpu` must be 0 or more");
  }
}

}  // namespace mlpc
