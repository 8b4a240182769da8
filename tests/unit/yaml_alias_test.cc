// The expanded size and height every YAML node records, and how aliases are charged
// against --max-nodes and --max-depth from where they are used.
#include <catch2/catch.hpp>
#include <fmt/format.h>

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
