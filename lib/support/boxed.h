// An optional value on the heap (Boxed).
#pragma once

#include <memory>
#include <optional>
#include <utility>

namespace mlpc {

// An optional value kept on the heap: std::optional's interface and value semantics
// (copies are deep), the size of a pointer. For members that are usually empty and
// large when present, such as a text piece's reference.
template <typename T>
class Boxed {
 public:
  Boxed() = default;
  Boxed(std::nullopt_t) {}  // NOLINT: as optional
  Boxed(T value) : p_(std::make_unique<T>(std::move(value))) {}  // NOLINT: converts like optional
  Boxed(const Boxed& o) : p_(o.p_ ? std::make_unique<T>(*o.p_) : nullptr) {}
  Boxed(Boxed&&) noexcept = default;
  Boxed& operator=(const Boxed& o) {
    if (this != &o) p_ = o.p_ ? std::make_unique<T>(*o.p_) : nullptr;
    return *this;
  }
  Boxed& operator=(Boxed&&) noexcept = default;
  Boxed& operator=(T value) {
    p_ = std::make_unique<T>(std::move(value));
    return *this;
  }

  bool has_value() const { return p_ != nullptr; }
  explicit operator bool() const { return has_value(); }
  T& operator*() { return *p_; }
  const T& operator*() const { return *p_; }
  T* operator->() { return p_.get(); }
  const T* operator->() const { return p_.get(); }
  void reset() { p_.reset(); }
  friend bool operator==(const Boxed& a, const Boxed& b) { return a.has_value() == b.has_value() && (!a || *a == *b); }

 private:
  std::unique_ptr<T> p_;
};

}  // namespace mlpc
