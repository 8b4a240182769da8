#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "frontend/expr.h"
#include "frontend/parse.h"
#include "frontend/yaml_tree.h"

using namespace mlpc;

namespace {

struct Loaded {
  SourceManager sm;
  DiagSink sink;
  YDocument doc;
};

std::unique_ptr<Loaded> Load(const std::string& text, LoadLimits limits = {}) {
  auto l = std::make_unique<Loaded>();
  FileId f = l->sm.Add("t.yaml", text);
  l->doc = LoadYaml(l->sm, f, l->sink, limits);
  return l;
}

std::vector<std::string> Codes(const DiagSink& sink) {
  std::vector<std::string> out;
  for (const auto& d : sink.Sorted()) out.emplace_back(Info(d.code).id);
  return out;
}

}  // namespace

TEST_CASE("yaml nodes carry 1-based spans, and quoting is kept", "[frontend]") {
  auto l = Load("a: 1\nb: \"x y\"\nc:\n  - plain\n");
  REQUIRE(l->doc.root);
  const YNode* a = l->doc.root->Get("a");
  REQUIRE(a->span.line == 1);
  REQUIRE(a->span.col == 4);
  REQUIRE(a->plain);
  const YNode* b = l->doc.root->Get("b");
  REQUIRE_FALSE(b->plain);
  REQUIRE(b->value == "x y");
  REQUIRE(b->span.len == 5);
  REQUIRE(b->ValueSpan(2, 1).col == 7);  // the `y`, inside the quotes
  REQUIRE(l->doc.root->Get("c")->items[0]->span.line == 4);
}

TEST_CASE("duplicate keys are reported with the first definition", "[frontend]") {
  auto l = Load("a: 1\nb: 2\na: 3\n");
  REQUIRE(Codes(l->sink) == std::vector<std::string>{"E0102"});
  const Diagnostic& d = l->sink.All()[0];
  REQUIRE(d.span.line == 3);
  REQUIRE(d.notes.at(0).span.line == 1);
}

TEST_CASE("merge keys expand, explicit keys win", "[frontend]") {
  auto l = Load("base: &b {x: 1, y: 2}\nm:\n  <<: *b\n  y: 3\n");
  REQUIRE(l->sink.All().empty());
  const YNode* m = l->doc.root->Get("m");
  REQUIRE(m->Get("x")->value == "1");
  REQUIRE(m->Get("y")->value == "3");
}

TEST_CASE("the node budget counts what aliases add, not what the file writes out", "[frontend]") {
  LoadLimits limits;
  limits.max_nodes = 100;
  std::string big = "list:\n";
  for (int i = 0; i < 500; ++i) big += "  - {a: 1, b: 2}\n";  // 2,000 nodes written out
  REQUIRE(Load(big, limits)->sink.All().empty());
  // 10 aliases of a 10-node list add 100 nodes: at the budget; one more is over.
  std::string aliases = "x: &x [1, 2, 3, 4, 5, 6, 7, 8, 9]\ny: [*x, *x, *x, *x, *x, *x, *x, *x, *x, *x]\n";
  REQUIRE(Load(aliases, limits)->sink.All().empty());
  auto over = Load(aliases + "z: *x\n", limits);
  REQUIRE(Codes(over->sink) == std::vector<std::string>{"E0105"});
  REQUIRE(over->sink.All()[0].span.line == 3);
}

namespace {

// `a0: &a0 [x]` then `aN: &aN [*aN-1, ...]` with `width` aliases each.
std::string Chain(int n, int width) {
  std::string s = "a0: &a0 [x]\n";
  for (int i = 1; i <= n; ++i) {
    s += fmt::format("a{}: &a{} [", i, i);
    for (int j = 0; j < width; ++j) s += fmt::format("{}*a{}", j ? ", " : "", i - 1);
    s += "]\n";
  }
  return s;
}

}  // namespace

TEST_CASE("every node records its expanded size and height", "[frontend][aliases]") {
  auto l = Load("s: x\nm: &m {a: 1, b: [2, 3]}\nuse: [*m, *m]\nn: ~\n");
  REQUIRE(l->sink.All().empty());
  const YNode* root = l->doc.root;
  REQUIRE(root->Get("s")->height == 0);
  REQUIRE(root->Get("s")->expanded_size == 1);
  REQUIRE(root->Get("n")->height == 0);
  const YNode* m = root->Get("m");
  REQUIRE(m->height == 2);         // the map, then the list in it
  REQUIRE(m->expanded_size == 7);  // the map, 2 keys, 1, the list, 2, 3
  const YNode* use = root->Get("use");
  REQUIRE(use->items[0] == m);     // aliases share the node
  REQUIRE(use->height == 3);
  REQUIRE(use->expanded_size == 15);
  // The root: itself, 4 keys, x, m (7), use (15), null.
  REQUIRE(root->expanded_size == 1 + 4 + 1 + 7 + 15 + 1);
  REQUIRE(root->height == 4);
}

TEST_CASE("merged keys count as the alias that brings them", "[frontend][aliases]") {
  auto l = Load("base: &b {x: {y: 1}}\nm: {<<: *b, z: 2}\n");
  REQUIRE(l->sink.All().empty());
  const YNode* m = l->doc.root->Get("m");
  REQUIRE(m->height == 3);  // m, the merged base, {y: 1}
  REQUIRE(m->expanded_size == 1 + 1 + 5 + 2);  // m, `<<`, the base, `z: 2`
}

TEST_CASE("an alias is charged its height from where it is used", "[frontend][aliases]") {
  LoadLimits limits;
  limits.max_depth = 10;
  // a9 is 10 levels high: at the root's level it reaches level 11.
  auto over = Load(Chain(9, 1), limits);
  REQUIRE(over->doc.root == nullptr);
  REQUIRE(over->sink.All().size() == 1);
  const Diagnostic& d = over->sink.All()[0];
  REQUIRE(d.code == Code::E0106);
  REQUIRE(d.span.line == 10);  // `a9: &a9 [*a8]`: *a8 (9 high) used at level 2
  REQUIRE(d.span.col == 10);
  REQUIRE(d.span.len == 3);
  REQUIRE(d.message == "alias `*a8` nests deeper than 10 levels when expanded: used at level 2, it holds 9");
  // One level less is within the limit.
  auto at = Load(Chain(8, 1), limits);
  REQUIRE(at->sink.All().empty());
  REQUIRE(at->doc.root->height == 10);
}

TEST_CASE("a doubling chain of anchors is refused at the alias, in linear time", "[frontend][aliases]") {
  // 2^40 nodes expanded; each alias is charged once, the sizes saturate.
  auto l = Load(Chain(40, 2));
  REQUIRE(l->doc.root == nullptr);
  REQUIRE(l->sink.All().size() == 1);
  REQUIRE(l->sink.All()[0].code == Code::E0105);
  REQUIRE(l->sink.All()[0].span.line == 19);  // a18: its aliases bring the total past 1,000,000
  // Sizes saturate one past the limit instead of overflowing.
  LoadLimits huge;
  huge.max_nodes = 2000;  // the 1,514 nodes the aliases add
  huge.max_depth = 100;
  auto small = Load(Chain(8, 2), huge);
  REQUIRE(small->sink.All().empty());
  REQUIRE(small->doc.root->Get("a8")->expanded_size == 3 * 256 - 1);
}

TEST_CASE("an alias to the node that contains it is refused", "[frontend][aliases]") {
  for (const char* text : {"labels: &l {*l : team, env: prod}\n", "params: &p {x: *p}\n", "x: &s [a, [b, *s]]\n"}) {
    auto l = Load(text);
    REQUIRE(l->doc.root == nullptr);
    REQUIRE(l->sink.All().size() == 1);
    REQUIRE(l->sink.All()[0].code == Code::E0111);
    REQUIRE_THAT(l->sink.All()[0].message, Catch::Matchers::EndsWith("refers to the node that contains it"));
  }
}

TEST_CASE("hostile documents end in one diagnostic each", "[frontend]") {
  SECTION("alias bomb") {
    std::string s = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
    for (char c = 'b'; c <= 'j'; ++c)
      s += fmt::format("{0}: &{0} [*{1}, *{1}, *{1}, *{1}, *{1}, *{1}, *{1}, *{1}, *{1}, *{1}]\n", c, char(c - 1));
    auto l = Load(s);
    REQUIRE(Codes(l->sink) == std::vector<std::string>{"E0105"});
    REQUIRE(l->doc.root == nullptr);
  }
  SECTION("deep nesting") {
    auto l = Load(std::string(10000, '[') + std::string(10000, ']'));
    REQUIRE(Codes(l->sink).size() == 1);
    REQUIRE((Codes(l->sink)[0] == "E0106"));
  }
  SECTION("NUL byte") {
    auto l = Load(std::string("a: 1\nb: \0\n", 10));
    REQUIRE(Codes(l->sink) == std::vector<std::string>{"E0107"});
    REQUIRE(l->sink.All()[0].span.line == 2);
  }
  SECTION("invalid UTF-8") {
    auto l = Load("a: \xff\xfe\n");
    REQUIRE(Codes(l->sink) == std::vector<std::string>{"E0107"});
  }
  SECTION("text that decoders accept and UTF-8 forbids, each named at its byte") {
    struct Case {
      std::string bytes, why;
    };
    for (const Case& c : std::vector<Case>{
             {"\xc0\xaf", "an overlong UTF-8 encoding"},
             {"\xc1\xbf", "an overlong UTF-8 encoding"},
             {"\xe0\x80\xaf", "an overlong UTF-8 encoding"},
             {"\xe0\x9f\xbf", "an overlong UTF-8 encoding"},
             {"\xf0\x80\x80\xaf", "an overlong UTF-8 encoding"},
             {"\xf0\x8f\xbf\xbf", "an overlong UTF-8 encoding"},
             {"\xed\xa0\x80", "a UTF-16 surrogate (U+D800 to U+DFFF)"},
             {"\xed\xbf\xbf", "a UTF-16 surrogate (U+D800 to U+DFFF)"},
             {"\xf4\x90\x80\x80", "a code point above U+10FFFF"},
             {"\xf5\x80\x80\x80", "a code point above U+10FFFF"},
             {"\xf7\xbf\xbf\xbf", "a code point above U+10FFFF"},
             {"\xe2\x82", "invalid UTF-8"},
             {"\x80", "invalid UTF-8"},
             {"\xff", "invalid UTF-8"},
         }) {
      auto l = Load("a: ok\nb: x" + c.bytes + "y\n");
      INFO(c.why);
      REQUIRE(Codes(l->sink) == std::vector<std::string>{"E0107"});
      const Diagnostic& d = l->sink.All()[0];
      REQUIRE(d.span.line == 2);
      REQUIRE(d.span.col == 5);
      REQUIRE(d.message == "the file is not a text file: " + c.why + " at byte 10");
    }
  }
  SECTION("the last code points on each side of the forbidden ranges are text") {
    for (const std::string s : {"\xc2\x80", "\xe0\xa0\x80", "\xed\x9f\xbf", "\xee\x80\x80", "\xf0\x90\x80\x80",
                                "\xf4\x8f\xbf\xbf", "\xef\xbf\xbf"}) {
      auto l = Load("a: x" + s + "y\n");
      REQUIRE(Codes(l->sink).empty());
    }
  }
  SECTION("empty file") {
    auto l = Load("# only a comment\n");
    REQUIRE(Codes(l->sink) == std::vector<std::string>{"E0108"});
  }
  SECTION("two documents") {
    auto l = Load("a: 1\n---\nb: 2\n");
    REQUIRE(Codes(l->sink) == std::vector<std::string>{"E0104"});
  }
  SECTION("syntax error") {
    auto l = Load("a: [1, 2\n");
    REQUIRE(Codes(l->sink) == std::vector<std::string>{"E0101"});
  }
}

namespace {

std::vector<Piece> Parse(const std::string& s, DiagSink& sink, bool& ok) {
  std::vector<Piece> out;
  SpanAt at = [](size_t off, size_t len) { return SourceSpan{1, 1, static_cast<uint32_t>(off + 1), static_cast<uint32_t>(len)}; };
  ok = ParseTemplate(s, at, sink, out);
  return out;
}

}  // namespace

TEST_CASE("templates split into literal text and references", "[frontend][expr]") {
  DiagSink sink;
  bool ok = false;
  auto pieces = Parse("--data=${{ tasks.load.outputs.data }}/x $${{ not a ref }}", sink, ok);
  REQUIRE(ok);
  REQUIRE(pieces.size() == 3);
  REQUIRE(pieces[0].text == "--data=");
  REQUIRE(pieces[1].expr->ref.Text() == "tasks.load.outputs.data");
  REQUIRE(pieces[1].expr->ref.spans[1].col == 18);  // `load`
  REQUIRE(pieces[2].text == "/x ${{ not a ref }}");
}

TEST_CASE("expressions parse with precedence: || below && below comparisons below !", "[frontend][expr]") {
  DiagSink sink;
  bool ok = false;
  auto pieces = Parse("${{ !a.b || c == 'x' && d >= 0.9 }}", sink, ok);
  REQUIRE(ok);
  const Expr& e = *pieces[0].expr;
  REQUIRE(e.kind == Expr::Kind::Or);
  REQUIRE(e.lhs->kind == Expr::Kind::Not);
  REQUIRE(e.rhs->kind == Expr::Kind::And);
  REQUIRE(e.rhs->lhs->kind == Expr::Kind::Eq);
  REQUIRE(e.rhs->lhs->rhs->text == "x");
  REQUIRE(e.rhs->rhs->kind == Expr::Kind::Ge);
  REQUIRE(e.rhs->rhs->rhs->text == "0.9");
}

TEST_CASE("identifiers may contain dashes; arithmetic and bad syntax are errors", "[frontend][expr]") {
  DiagSink sink;
  bool ok = false;
  auto pieces = Parse("${{ tasks.load-data.outputs.row_count }}", sink, ok);
  REQUIRE(ok);
  REQUIRE(pieces[0].expr->ref.parts[1] == "load-data");
  for (const char* bad : {"${{ a + 1 }}", "${{ a = b }}", "${{ }}", "${{ a", "${{ (a }}", "${{ a == 'x }}",
                          "${{ a == \"x\" }}", "${{ a < b < c }}", "${{ a. }}"}) {
    DiagSink s;
    bool good = true;
    Parse(bad, s, good);
    INFO(bad);
    REQUIRE_FALSE(good);
    REQUIRE(s.ErrorCount() == 1);
    REQUIRE(s.All()[0].code == Code::E0212);
  }
}

TEST_CASE("the spec parser reports unknown keys with suggestions", "[frontend]") {
  SourceManager sm;
  DiagSink sink;
  FileId f = sm.Add("t.yaml", "version: 1\nname: p\ntaks: {}\n");
  YDocument doc = LoadYaml(sm, f, sink);
  FrontendContext ctx{sm, sink, {}, {}, {}, {}};
  auto spec = ParseSpec(ctx, *doc.root);
  REQUIRE(spec);
  auto d = sink.Sorted();
  REQUIRE(d.size() == 2);
  REQUIRE(d[0].code == Code::E0202);  // `tasks` is required (reported at the map)
  REQUIRE(d[1].code == Code::E0201);
  REQUIRE(d[1].message == "unknown key `taks` in the pipeline; did you mean `tasks`?");
}
