// The one serializer of every backend: a document tree (ordered JSON) to YAML or JSON
// bytes, deterministically. Key order is the tree's insertion order, or sorted.
//
// The writers append to a string in one pass over the tree. They write what yaml-cpp's
// emitter and nlohmann's dump(2) write for the same tree, byte for byte (a unit test
// holds them to that), except that DEL, and in JSON the characters YAML 1.1 readers refuse
// raw, are escaped; at a fraction of the cost: yaml-cpp decides whether a scalar may
// be plain by running its pattern engine at every character, which was a third of a
// large Argo compile (docs/design.md, "Output").
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "support/json.h"

namespace mlpc {

using Doc = Json;

struct WriteStyle {
  bool sorted_keys = false;  // every object's keys in byte order (KFP IR), not insertion order
};

// Where the writers' text goes. They hand it over in chunks of about 64 KiB, so a large
// output can go to its file as it is written instead of sitting in memory whole.
class TextSink {
 public:
  virtual ~TextSink() = default;
  virtual void Write(std::string_view chunk) = 0;
};

// YAML documents as one stream (`---` between them); one JSON document.
void WriteYaml(TextSink& sink, const std::vector<Doc>& docs, WriteStyle style = {});
void WriteJson(TextSink& sink, const Doc& doc, WriteStyle style = {});

// Block-style YAML as a person writes it: short scalar lists in flow style, multi-line
// strings as literal blocks, strings quoted whenever YAML 1.1 or 1.2 would read them as
// anything but a string.
void AppendYaml(std::string& out, const Doc& doc, WriteStyle style = {});
std::string ToYaml(const Doc& doc, WriteStyle style = {});
// Several documents as one YAML stream (`---` between them).
std::string ToYamlStream(const std::vector<Doc>& docs, WriteStyle style = {});
// Two-space indented JSON with a trailing newline; `compact` writes it on one line.
void AppendJson(std::string& out, const Doc& doc, WriteStyle style = {});
std::string ToJsonText(const Doc& doc, WriteStyle style = {});
std::string ToCompactJson(const Doc& doc, WriteStyle style = {});
// An object of `members` in key order, built in one step: adding members one by one
// through operator[] searches the object linearly each time.
using Members = std::vector<std::pair<std::string, Doc>>;
Doc ObjectOf(Members members);
// An object of `members` in their order, built in one step; the keys must be distinct.
Doc ObjectInOrder(Members members);
// An object of a string map (labels, annotations, a node selector: keys distinct, as the
// front end checked), in its order.
Doc StringObject(const std::vector<std::pair<std::string, std::string>>& map);

// An object built member by member where a member may be set again (the last value wins,
// in the first one's place). Each setting costs the same whatever the object's size;
// Doc's operator[] searches the members linearly, which made user-sized objects (a
// task's inputs, a pipeline's params) quadratic.
class ObjectBuilder {
 public:
  // The member `key`, added as null when new. Stays valid while the builder lives.
  Doc& operator[](const std::string& key);
  bool empty() const { return members_.empty(); }
  // The object, members in the order they were first set.
  Doc ToDoc() const;
  // The same, moved out: the builder is left empty.
  Doc TakeDoc();

 private:
  // Each member on its own, so references stay valid: an empty builder allocates nothing
  // (a deque allocates its first block at once, and most builders hold a member or two).
  std::vector<std::unique_ptr<std::pair<std::string, Doc>>> members_;
  std::unordered_map<std::string, size_t> index_;  // key -> position, once past a few members
};

// The same tree with every object's keys in byte order, for a sorted document embedded
// in another one; a whole output is sorted more cheaply by WriteStyle::sorted_keys.
Doc SortKeys(Doc d);
// Whether two trees would be written the same: equal types (1 and 1.0 differ, unlike
// Doc's ==), equal values, members in the same order.
bool Identical(const Doc& a, const Doc& b);
// Whether a plain scalar would be read as something other than this string.
bool NeedsQuotes(const std::string& s);

}  // namespace mlpc
