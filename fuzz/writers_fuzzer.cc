// Fuzzes the YAML and JSON writers: the input bytes describe a document tree (scalars of
// every kind, strings of any code point, nesting), and what the writers make of it must
// read back as that tree: YAML through yaml-cpp, JSON through nlohmann. The streamed
// output must be the string output. A difference aborts, so libFuzzer reports it.
#include <yaml-cpp/yaml.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "backends/serialize.h"

namespace {

// Reads the input as a little program that builds a tree.
class Decoder {
 public:
  Decoder(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  uint8_t Byte() { return pos_ < size_ ? data_[pos_++] : 0; }
  bool Done() const { return pos_ >= size_; }

  // Bytes below 0x80 stand for themselves (controls included); the others pick a code
  // point from those that need care: NEL, NBSP, the line and paragraph separators, the
  // BOM, non-characters, the edges of each UTF-8 length, an astral character.
  std::string Text(size_t max) {
    static constexpr uint32_t kSpecial[16] = {0x85,   0xA0,   0x2028, 0x2029, 0xFEFF,  0xFFFE, 0xFFFF,  0x1F600,
                                              0x10FFFF, 0xE9, 0x7FF,  0x800,  0xD7FF,  0xE000, 0x9F,    0x80};
    std::string s;
    for (size_t n = Byte() % (max + 1); n > 0 && !Done(); --n) {
      uint8_t b = Byte();
      if (b < 0x80) {
        s += static_cast<char>(b);
      } else {
        Append(s, kSpecial[b & 15]);
      }
    }
    return s;
  }

  mlpc::Doc Tree(int depth) {
    switch (Byte() % (depth > 0 ? 9 : 6)) {
      case 0: return nullptr;
      case 1: return (Byte() & 1) != 0;
      case 2: return static_cast<int64_t>(static_cast<int8_t>(Byte())) * (1 + Byte());
      case 3: {
        double d = static_cast<double>(static_cast<int8_t>(Byte())) / (1 + Byte());
        return std::isfinite(d) ? mlpc::Doc(d) : mlpc::Doc(0.5);
      }
      case 4:
      case 5: return Text(40);
      case 6:
      case 7: {
        mlpc::Doc m = mlpc::Doc::object();
        for (int n = Byte() % 6; n > 0 && !Done(); --n) m[Text(12)] = Tree(depth - 1);
        return m;
      }
      default: {
        mlpc::Doc a = mlpc::Doc::array();
        for (int n = Byte() % 6; n > 0 && !Done(); --n) a.push_back(Tree(depth - 1));
        return a;
      }
    }
  }

 private:
  static void Append(std::string& s, uint32_t cp) {
    if (cp < 0x800) {
      s += static_cast<char>(0xC0 | (cp >> 6));
    } else if (cp < 0x10000) {
      s += static_cast<char>(0xE0 | (cp >> 12));
      s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    } else {
      s += static_cast<char>(0xF0 | (cp >> 18));
      s += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    }
    s += static_cast<char>(0x80 | (cp & 0x3F));
  }

  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

[[noreturn]] void Fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "writers_fuzzer: %s\n%s\n", what, detail.c_str());
  std::abort();
}

// A plain scalar that YAML 1.2's core schema reads as something other than a string.
bool CoreSpecial(const std::string& s) {
  static const char* kWords[] = {"", "~", "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE"};
  for (const char* w : kWords)
    if (s == w) return true;
  char* end = nullptr;
  std::strtod(s.c_str(), &end);
  return !s.empty() && end == s.c_str() + s.size() && s.find_first_of("0123456789") != std::string::npos;
}

void Same(const YAML::Node& n, const mlpc::Doc& d, const std::string& yaml) {
  if (d.is_object()) {
    if (!n.IsMap() || n.size() != d.size()) Fail("a map does not read back as a map of its size", yaml);
    auto it = n.begin();
    for (const auto& [k, v] : d.items()) {
      if (it->first.as<std::string>() != k) Fail("a key does not read back", yaml);
      Same(it->second, v, yaml);
      ++it;
    }
  } else if (d.is_array()) {
    if (!n.IsSequence() || n.size() != d.size()) Fail("a list does not read back as a list of its size", yaml);
    for (size_t i = 0; i < d.size(); ++i) Same(n[i], d[i], yaml);
  } else if (d.is_null()) {
    if (!n.IsNull()) Fail("null does not read back as null", yaml);
  } else if (d.is_string()) {
    if (!n.IsScalar() || n.as<std::string>() != d.get<std::string>()) Fail("a string does not read back", yaml);
    if (n.Tag() == "?" && CoreSpecial(n.Scalar())) Fail("a string is written plain but reads as a non-string", yaml);
  } else if (d.is_boolean()) {
    if (!n.IsScalar() || n.Scalar() != (d.get<bool>() ? "true" : "false")) Fail("a bool does not read back", yaml);
  } else if (d.is_number_integer()) {
    if (!n.IsScalar() || n.Scalar() != std::to_string(d.get<int64_t>())) Fail("an integer does not read back", yaml);
  } else {
    if (!n.IsScalar() || std::strtod(n.Scalar().c_str(), nullptr) != d.get<double>())
      Fail("a number does not read back", yaml);
  }
}

struct Collect : mlpc::TextSink {
  std::string text;
  void Write(std::string_view chunk) override { text.append(chunk); }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Decoder in(data, size);
  mlpc::Doc doc = mlpc::Doc::object();
  while (!in.Done() && doc.size() < 64) doc[in.Text(16)] = in.Tree(6);
  for (bool sorted : {false, true}) {
    mlpc::WriteStyle style{sorted};
    std::string yaml = mlpc::ToYaml(doc, style);
    Collect streamed;
    mlpc::WriteYaml(streamed, {doc}, style);
    if (streamed.text != yaml) Fail("streamed YAML differs from the string", yaml);
    YAML::Node back;
    try {
      back = YAML::Load(yaml);
    } catch (const YAML::Exception& e) {
      Fail(e.what(), yaml);
    }
    Same(back, sorted ? mlpc::SortKeys(doc) : doc, yaml);
    std::string json = mlpc::ToJsonText(doc, style);
    auto parsed = nlohmann::ordered_json::parse(json, nullptr, false);
    if (parsed.is_discarded()) Fail("the JSON does not parse", json);
    if (parsed.dump() != (sorted ? mlpc::SortKeys(doc) : doc).dump()) Fail("the JSON does not read back", json);
  }
  return 0;
}
