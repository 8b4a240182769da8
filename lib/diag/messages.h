// The message kinds of lib/diag/messages.def: the DiagKind enumerators, each kind's
// registry row, and its argument struct, whose Text() and Hint() fill the kind's
// templates. Only the files that report kinds include this (diagnostic.h declares DiagKind).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "diag/diagnostic.h"

namespace mlpc {

enum class DiagKind : uint16_t {
  None,
#define A(type, name)
#define K(id, kind, code, message, hint, args) id,
#include "diag/messages.def"
#undef K
#undef A
};

struct KindInfo {
  DiagKind kind;
  std::string_view name;  // "kfp-retry-on-error"
  Code code;
  std::string_view message;  // the template: "... (task `{task}`) ..."
  std::string_view hint;     // a template too; empty: the code's default hint
  std::string_view args;     // "task" or "pvc, task"
};

// Every message kind of the registry, in registry order (without None).
const std::vector<KindInfo>& AllKinds();
const KindInfo& Info(DiagKind kind);
// Looks up "kfp-retry-on-error"; nullptr when unknown.
const KindInfo* FindKind(std::string_view name);

// The arguments of each kind, a struct a row with a field an argument:
// `diag::KfpRetryOnError{.task = t.name}`.
namespace diag {
#define A(type, name) type name;
#define K(id, kind, code, message, hint, args)      \
  struct id {                                       \
    static constexpr DiagKind kKind = DiagKind::id; \
    args std::string Text() const;                  \
    std::string Hint() const;                       \
  };
#include "diag/messages.def"
#undef K
#undef A
}  // namespace diag

}  // namespace mlpc
