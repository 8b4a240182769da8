// The fast writers against their references, on random trees: YAML byte for byte with
// the yaml-cpp emitter-based writer (serialize_reference.cc), JSON with nlohmann's
// dump, NeedsQuotes with the std::regex it replaced. Seeds are fixed, so a failure
// reproduces.
#include <catch2/catch.hpp>

#include <yaml-cpp/yaml.h>

#include <fmt/format.h>

#include <random>

#include "backends/serialize.h"
#include "serialize_reference.h"

using namespace mlpc;

namespace {

// Pieces that exercise every quoting rule: YAML indicators first and inside, `: ` and
// ` #`, flow punctuation, YAML 1.1 words and numbers, controls, line breaks, Unicode
// (Latin-1, NEL, U+2028, the BOM, astral), template syntax.
const std::vector<std::string> kPieces = {
    "a", "b", "Z", "0", "1", "7", "9", "_", "-", "+", ".", "e", "E", "x", "o", "T", ":", "::", ": ",
    " ", "  ", "#", " #", "?", ",", "[", "]", "{", "}", "&", "*", "!", "|", ">", "'", "\"", "%",
    "@", "`", "~", "=", "<<", "\\", "/", "\t", "\n", "\r", "\r\n", "\x01", "\x1f", "\x7f", "\b",
    "\f", "\xc3\xa9", "\xc2\xa0", "\xc2\x85", "\xe2\x80\xa8", "\xef\xbb\xbf", "\xf0\x9f\x98\x80",
    "\xe2\x9c\x93", "yes", "No", "on", "null", "true", "0x1F", "0o17", "0b101", "1e3", ".inf", "-.Inf",
    ".nan", "12:30", "1:2:3", "2024-06-01", "2024-6-1 10:00", "{{", "}}", "{{item}}", "${{", "---",
    "...", "- ", "? ", "s3://b/k", "1Gi", "500m", "v1.2.3", "--flag=x"};

std::string RandomText(std::mt19937& rng, size_t max_pieces) {
  std::uniform_int_distribution<size_t> count(0, max_pieces), pick(0, kPieces.size() - 1);
  std::string s;
  for (size_t n = count(rng); n > 0; --n) s += kPieces[pick(rng)];
  return s;
}

// Keys stay on one line and short: the emitter writes longer or multi-line keys in its
// explicit `? key` form, which the serializer does not (no backend emits such keys).
std::string RandomKey(std::mt19937& rng) {
  std::string k = RandomText(rng, 3);
  for (char& c : k)
    if (c == '\n' || c == '\r') c = 'n';
  return k;
}

Doc RandomDoc(std::mt19937& rng, int depth) {
  std::uniform_int_distribution<int> kind(0, depth > 0 ? 9 : 5);
  switch (kind(rng)) {
    case 0: return std::uniform_int_distribution<int>(-1000, 1000)(rng);
    case 1: return std::uniform_real_distribution<double>(-10, 10)(rng);
    case 2: return std::bernoulli_distribution(0.5)(rng);
    case 3: return nullptr;
    case 4:
    case 5: return RandomText(rng, 6);
    case 6:
    case 7: {
      Doc m = Doc::object();
      for (int n = std::uniform_int_distribution<int>(0, 4)(rng); n > 0; --n) m[RandomKey(rng)] = RandomDoc(rng, depth - 1);
      return m;
    }
    default: {
      Doc a = Doc::array();
      for (int n = std::uniform_int_distribution<int>(0, 4)(rng); n > 0; --n) a.push_back(RandomDoc(rng, depth - 1));
      return a;
    }
  }
}

// The same tree with every object's keys in byte order.
nlohmann::json Sorted(const Doc& d) { return nlohmann::json::parse(d.dump()); }

// What dump writes, with the characters YAML readers refuse raw (DEL, the C1 controls, the
// BOM, U+FFFE, U+FFFF) or read as line breaks (NEL, U+2028, U+2029) as \u escapes, as the
// JSON writer writes them. dump leaves them raw, and only inside strings, so replacing the
// bytes is exact.
std::string YamlSafe(std::string json) {
  std::string out;
  for (size_t i = 0; i < json.size(); ++i) {
    unsigned char a = json[i], b = i + 1 < json.size() ? json[i + 1] : 0, c = i + 2 < json.size() ? json[i + 2] : 0;
    if (a == 0x7f) {
      out += "\\u007f";
    } else if (a == 0xC2 && b >= 0x80 && b <= 0x9F) {
      out += fmt::format("\\u{:04x}", b);
      ++i;
    } else if ((a == 0xE2 && b == 0x80 && (c == 0xA8 || c == 0xA9)) || (a == 0xEF && b == 0xBB && c == 0xBF) ||
               (a == 0xEF && b == 0xBF && (c == 0xBE || c == 0xBF))) {
      out += fmt::format("\\u{:04x}", ((a & 0x0F) << 12) | ((b & 0x3F) << 6) | (c & 0x3F));
      i += 2;
    } else {
      out += json[i];
    }
  }
  return out;
}

}  // namespace

TEST_CASE("the YAML writer writes what the yaml-cpp emitter writes", "[serialize]") {
  std::mt19937 rng(20261125);
  for (int i = 0; i < 4000; ++i) {
    Doc d = Doc::object();
    for (int n = std::uniform_int_distribution<int>(1, 5)(rng); n > 0; --n) d[RandomKey(rng)] = RandomDoc(rng, 4);
    INFO(d.dump());
    REQUIRE(ToYaml(d) == reference::ToYaml(d));
  }
}

TEST_CASE("the YAML writer's output reads back as the tree", "[serialize]") {
  std::mt19937 rng(7);
  for (int i = 0; i < 1000; ++i) {
    std::string s = RandomText(rng, 8);
    Doc d = Doc{{"value", s}, {"list", Doc::array({s, "x"})}};
    YAML::Node n = YAML::Load(ToYaml(d));
    INFO(d.dump());
    REQUIRE(n["value"].as<std::string>() == s);
    REQUIRE(n["list"][0].as<std::string>() == s);
  }
}

TEST_CASE("sorted YAML orders every object's keys", "[serialize]") {
  Doc d = Doc{{"b", 1}, {"a", Doc{{"z", 1}, {"m", Doc::array({Doc{{"d", 1}, {"c", 2}}})}}}};
  REQUIRE(ToYaml(d, {.sorted_keys = true}) == "a:\n  m:\n    - c: 2\n      d: 1\n  z: 1\nb: 1\n");
  REQUIRE(ToYaml(d) == "b: 1\na:\n  z: 1\n  m:\n    - d: 1\n      c: 2\n");
}

TEST_CASE("the JSON writer writes what nlohmann's dump writes", "[serialize]") {
  std::mt19937 rng(11);
  for (int i = 0; i < 2000; ++i) {
    Doc d = RandomDoc(rng, 5);
    INFO(d.dump());
    REQUIRE(ToJsonText(d) == YamlSafe(d.dump(2)) + "\n");
    REQUIRE(ToCompactJson(d) == YamlSafe(d.dump()));
    REQUIRE(ToJsonText(d, {.sorted_keys = true}) == YamlSafe(Sorted(d).dump(2)) + "\n");
    REQUIRE(ToCompactJson(d, {.sorted_keys = true}) == YamlSafe(Sorted(d).dump()));
  }
}

TEST_CASE("DEL is escaped in YAML, where readers refuse it raw", "[serialize]") {
  REQUIRE(ToYaml(Doc{{"v", "a\x7f" "b"}}) == "v: \"a\\x7fb\"\n");
  REQUIRE(ToYaml(Doc{{"a\x7f" "b", 1}}) == "\"a\\x7fb\": 1\n");
  // Not a literal block, whose lines are written raw.
  REQUIRE(ToYaml(Doc{{"v", "one\x7f\ntwo\n"}}) == "v: \"one\\x7f\\ntwo\\n\"\n");
  // With non-ASCII text, and with a C1 control that escapes all of it.
  REQUIRE(ToYaml(Doc{{"v", "\xc3\xa9\x7f"}}) == "v: \"\xc3\xa9\\x7f\"\n");
  REQUIRE(ToYaml(Doc{{"v", "\xc2\x9b\x7f"}}) == "v: \"\\x9b\\x7f\"\n");
  REQUIRE(ToYaml(Doc{{"v", Doc::array({"a\x7f", "b"})}}) == "v:\n  - \"a\\x7f\"\n  - b\n");
  YAML::Node n = YAML::Load(ToYaml(Doc{{"v", "one\x7f\ntwo\n"}}));
  REQUIRE(n["v"].as<std::string>() == "one\x7f\ntwo\n");
}

TEST_CASE("JSON escapes what YAML readers refuse raw, so both kinds of reader agree", "[serialize]") {
  // JSON allows these raw, but a KFP package is also read as YAML (JSON is YAML 1.2), and
  // YAML 1.1 readers refuse DEL, the C1 controls, the BOM and U+FFFE/U+FFFF, and fold NEL.
  REQUIRE(ToCompactJson(Doc{{"v", "a\x7f" "b"}}) == "{\"v\":\"a\\u007fb\"}");
  REQUIRE(ToCompactJson(Doc{{"a\x7f", 1}}) == "{\"a\\u007f\":1}");
  REQUIRE(ToCompactJson(Doc("\xc2\x80\xc2\x85\xc2\x9f")) == "\"\\u0080\\u0085\\u009f\"");
  REQUIRE(ToCompactJson(Doc("\xe2\x80\xa8\xe2\x80\xa9\xef\xbb\xbf\xef\xbf\xbe\xef\xbf\xbf")) ==
          "\"\\u2028\\u2029\\ufeff\\ufffe\\uffff\"");
  // The characters next to them stay raw: no-break space, é, U+2027, U+FFFD, an emoji.
  for (const std::string s : {"\xc2\xa0", "\xc3\xa9", "\xe2\x80\xa7", "\xef\xbf\xbd", "\xf0\x9f\x98\x80", "~"})
    REQUIRE(ToCompactJson(Doc(s)) == "\"" + s + "\"");
  REQUIRE(nlohmann::json::parse(ToCompactJson(Doc("x\x7f\xc2\x85y"))).get<std::string>() == "x\x7f\xc2\x85y");
}

TEST_CASE("NeedsQuotes matches the YAML 1.1 patterns it replaced", "[serialize]") {
  // Short texts over the alphabet of those patterns, where the forms collide.
  const std::string alphabet = "0123456789+-._:eExobXBaAfFinINnaNtT =<~yYsSlLuUrR\n";
  std::mt19937 rng(3);
  std::uniform_int_distribution<size_t> len(0, 12), pick(0, alphabet.size() - 1);
  for (int i = 0; i < 200000; ++i) {
    std::string s;
    for (size_t n = len(rng); n > 0; --n) s += alphabet[pick(rng)];
    INFO(s);
    REQUIRE(NeedsQuotes(s) == reference::NeedsQuotes(s));
  }
  for (const std::string& s : kPieces) REQUIRE(NeedsQuotes(s) == reference::NeedsQuotes(s));
}

TEST_CASE("streamed output is the string output, in chunks", "[serialize]") {
  struct Chunks : TextSink {
    std::vector<std::string> parts;
    void Write(std::string_view chunk) override { parts.emplace_back(chunk); }
    std::string All() const {
      std::string s;
      for (const std::string& p : parts) s += p;
      return s;
    }
  };
  std::mt19937 rng(5);
  Doc big = Doc::object();
  for (int i = 0; i < 20000; ++i) big["k" + std::to_string(i)] = RandomDoc(rng, 3);
  std::vector<Doc> docs = {big, Doc{{"second", "document"}}};
  for (WriteStyle style : {WriteStyle{}, WriteStyle{.sorted_keys = true}}) {
    Chunks yaml;
    WriteYaml(yaml, docs, style);
    REQUIRE(yaml.parts.size() > 2);  // spilled while writing, not only at the end
    REQUIRE(yaml.All() == ToYamlStream(docs, style));
    Chunks json;
    WriteJson(json, big, style);
    REQUIRE(json.parts.size() > 2);
    REQUIRE(json.All() == ToJsonText(big, style));
  }
}

TEST_CASE("keys past YAML's 1,024-character limit take the explicit form", "[serialize]") {
  std::string key(1500, 'k');
  Doc d = Doc{{"list", Doc::array({Doc{{key, Doc{{"a", 1}}}, {"b", 2}}})}, {key + "x", "v"}};
  std::string yaml = ToYaml(d);
  REQUIRE(yaml.find("  - ? " + key + "\n    :\n      a: 1\n    b: 2\n") != std::string::npos);
  REQUIRE(yaml.find("? " + key + "x\n: v\n") != std::string::npos);
  YAML::Node n = YAML::Load(yaml);
  REQUIRE(n["list"][0][key]["a"].as<int>() == 1);
  REQUIRE(n["list"][0]["b"].as<int>() == 2);
  REQUIRE(n[key + "x"].as<std::string>() == "v");
}
