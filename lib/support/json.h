// The JSON value of every phase: literals in the AST and IR, and the documents the
// backends build. nlohmann's ordered_json (members in insertion order), with one change
// in how its member vectors grow.
//
// ordered_json keeps an object's members as std::pair<const std::string, json> in a
// vector. The const key makes the pair's move constructor possibly-throwing, so a vector
// that grows copies every member, whole subtrees included: adding a fifth key to an
// object that already holds a 10,000-component map copies that map. The allocator below
// relocates a member by copying its key and moving its value, which cannot throw short of
// running out of memory (and then the process ends either way).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace mlpc {

template <class T>
struct RelocatingAllocator : std::allocator<T> {
  using value_type = T;
  RelocatingAllocator() noexcept = default;
  template <class U>
  RelocatingAllocator(const RelocatingAllocator<U>&) noexcept {}
  template <class U>
  struct rebind {
    using other = RelocatingAllocator<U>;
  };

  // An object member moved by its vector: the key is copied, the value moved.
  template <class K, class V>
  void construct(std::pair<const K, V>* p, std::pair<const K, V>&& from) noexcept {
    ::new (static_cast<void*>(p))
        std::pair<const K, V>(std::piecewise_construct, std::forward_as_tuple(from.first),
                              std::forward_as_tuple(std::move(from.second)));
  }
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};

template <class A, class B>
bool operator==(const RelocatingAllocator<A>&, const RelocatingAllocator<B>&) noexcept {
  return true;
}

using Json = nlohmann::basic_json<nlohmann::ordered_map, std::vector, std::string, bool, std::int64_t,
                                  std::uint64_t, double, RelocatingAllocator>;

}  // namespace mlpc
