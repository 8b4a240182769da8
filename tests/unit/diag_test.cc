#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <fstream>
#include <set>

#include "diag/diagnostic.h"
#include "diag/messages.h"
#include "diag/render_text.h"
#include "explanations_source.h"
#include "support/spell.h"

using namespace mlpc;

TEST_CASE("registry codes are unique, well-formed and looked up case-insensitively", "[diag]") {
  std::set<std::string_view> ids, names;
  for (const CodeInfo& c : AllCodes()) {
    REQUIRE(ids.insert(c.id).second);
    REQUIRE(names.insert(c.name).second);
    REQUIRE(c.id.size() == 5);
    REQUIRE((c.id[0] == 'E' || c.id[0] == 'W'));
    REQUIRE((c.id[0] == 'E') == (c.severity == Severity::Error));
    REQUIRE_FALSE(c.hint.empty());
    REQUIRE(&Info(c.code) == &c);
  }
  REQUIRE(FindCode("e0302") == &Info(Code::E0302));
  REQUIRE(FindCode("E9999") == nullptr);
}

TEST_CASE("message kinds are unique, kebab-case, and looked up by name", "[diag]") {
  std::set<std::string_view> names;
  for (const KindInfo& k : AllKinds()) {
    INFO(k.name);
    REQUIRE(names.insert(k.name).second);
    REQUIRE(k.name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") == std::string_view::npos);
    REQUIRE(&Info(k.kind) == &k);
    REQUIRE(FindKind(k.name) == &k);
    REQUIRE_FALSE(k.message.empty());
  }
  REQUIRE(FindKind("kfp-retry-on-errors") == nullptr);
  REQUIRE(Info(DiagKind::None).name.empty());
}

TEST_CASE("a message kind is reported with its code, its text from the arguments and its hint", "[diag]") {
  DiagSink sink;
  Diagnostic& d = sink.Report(SourceSpan{1, 4, 5, 1}, diag::KfpPvcReadOnly{.pvc = "data", .task = "hello"});
  REQUIRE(d.code == Code::E0503);
  REQUIRE(d.kind == DiagKind::KfpPvcReadOnly);
  REQUIRE(d.message == "target kfp cannot mount PVC `data` read-only (task `hello`): kfp-kubernetes' pvcMount has "
                       "no read-only flag");
  REQUIRE(d.hint == "drop `read_only`, or compile this pipeline for argo");
  REQUIRE(sink.ErrorCount() == 1);
  // A hint's `{{` is a literal brace; an empty hint is the code's default.
  REQUIRE(diag::KfpPipelineStatusPart{.task = "t"}.Hint() == "give `${{ pipeline.status }}` to an input of its own");
  REQUIRE(sink.Report(SourceSpan{1, 5, 1, 1}, diag::KfpTriggersNoHost{}).hint.empty());
  REQUIRE(Info(DiagKind::KfpPvcReadOnly).args == "pvc, task");
}

// docs/targets.md lists, per construct, the kinds by which a target refuses or warns about
// it (support/constructs.def): each must be registered under its target's prefix, and
// every kind of a target (`argo-...`, `kfp-...`) must be listed by some construct.
TEST_CASE("the table of constructs names every target's message kinds, and only registered ones", "[diag]") {
  std::set<std::string> listed;
  auto add = [&](std::string_view target, std::string_view refusals) {
    size_t start = 0;
    while (start < refusals.size()) {
      size_t end = refusals.find(' ', start);
      if (end == std::string_view::npos) end = refusals.size();
      std::string name(refusals.substr(start, end - start));
      INFO(name);
      REQUIRE(FindKind(name) != nullptr);
      REQUIRE(name.rfind(std::string(target) + "-", 0) == 0);
      listed.insert(name);
      start = end + 1;
    }
  };
#define MLPC_SETTING(KEY, AST, MERGED, TASK, PARSE, MERGE, PIPELINE_TASK, ARGO, ARGO_REFUSALS, KFP, KFP_REFUSALS) \
  add("argo", ARGO_REFUSALS);                                                                                     \
  add("kfp", KFP_REFUSALS);
#define MLPC_CONSTRUCT(NAME, ARGO, ARGO_REFUSALS, KFP, KFP_REFUSALS) \
  add("argo", ARGO_REFUSALS);                                        \
  add("kfp", KFP_REFUSALS);
#include "support/constructs.def"
  for (const KindInfo& k : AllKinds()) {
    if (k.name.rfind("argo-", 0) != 0 && k.name.rfind("kfp-", 0) != 0) continue;
    INFO(k.name);
    REQUIRE(listed.count(std::string(k.name)) == 1);
  }
}

TEST_CASE("every code has an explanation with an example", "[diag]") {
  for (const CodeInfo& c : AllCodes()) {
    INFO(c.id);
    std::string text = Explanation(c.code);
    REQUIRE_FALSE(text.empty());
    REQUIRE(text.find("Example") != std::string::npos);
  }
}

TEST_CASE("every explanation file is a registry code's, titled with its name", "[diag]") {
  for (const ExplanationSource& e : kExplanationSources) {
    INFO(e.id);
    const CodeInfo* c = FindCode(e.id);
    REQUIRE(c != nullptr);
    REQUIRE(e.markdown.rfind(fmt::format("# {}: {}\n\n", c->id, c->name), 0) == 0);
  }
}

TEST_CASE("the sink sorts by position and drops exact duplicates", "[diag]") {
  DiagSink sink;
  sink.Report(SourceSpan{1, 5, 3, 1}, diag::UnknownFailedTask{.task = "b", .suggestion = ""});
  sink.Report(SourceSpan{1, 2, 9, 1}, diag::ParamUnused{.param = "a"});
  sink.Report(SourceSpan{1, 5, 3, 1}, diag::UnknownFailedTask{.task = "b", .suggestion = ""});
  REQUIRE(sink.ErrorCount() == 2);
  REQUIRE(sink.WarningCount() == 1);
  auto sorted = sink.Sorted();
  REQUIRE(sorted.size() == 2);
  REQUIRE(sorted[0].message == "param `a` is never used");
  REQUIRE(sorted[1].message == "unknown task `b` in `run_if.failed`");
}

TEST_CASE("text rendering shows the line, a caret under the span, and the hint", "[diag]") {
  SourceManager sm;
  FileId f = sm.Add("p.yaml", "tasks:\n  b:\n    after: [trian]\n");
  Diagnostic d{Code::E0302, Severity::Error, SourceSpan{f, 3, 13, 5},
               "unknown task `trian` in `after`; did you mean `train`?", "", {}};
  REQUIRE(RenderText(d, sm) ==
          "p.yaml:3:13: error: unknown task `trian` in `after`; did you mean `train`? [E0302]\n"
          " 3 |     after: [trian]\n"
          "   |             ^~~~~\n"
          "  hint: reference a task defined under `tasks:`\n");
  TextStyle color{true};
  REQUIRE(RenderText(d, sm, color).find("\033[1;31merror") != std::string::npos);
  REQUIRE(RenderSummary(2, 1) == "2 errors, 1 warning");
  REQUIRE(RenderSummary(0, 0).empty());
}

TEST_CASE("source lines are served without newlines, CRLF included", "[diag]") {
  SourceManager sm;
  FileId f = sm.Add("x", "a\r\nbb\nccc");
  REQUIRE(sm.Line(f, 1) == "a");
  REQUIRE(sm.Line(f, 2) == "bb");
  REQUIRE(sm.Line(f, 3) == "ccc");
  REQUIRE(sm.Line(f, 4).empty());
  REQUIRE(sm.Line(f + 1, 1).empty());
}

TEST_CASE("suggestions find typos, transpositions included, and nothing far away", "[support]") {
  REQUIRE(EditDistance("trian", "train") == 1);
  REQUIRE(Suggest("trian", {"load", "train", "eval"}) == "train");
  REQUIRE(Suggest("compnent", {"component", "pipeline"}) == "component");
  REQUIRE(Suggest("zzz", {"component", "pipeline"}).empty());
  REQUIRE(DidYouMean("taks", {"tasks"}) == "; did you mean `tasks`?");
}
