// Capability rules as data: a table of rows, each one message kind (diag/messages.def)
// and the check that reports it, run in table order by RunRules. A check reports only its
// row's kind: it is handed an Emit of that kind, whose arguments are the kind's struct.
#pragma once

#include <functional>
#include <span>

#include "diag/messages.h"
#include "passes/passes.h"

namespace mlpc {

// Reports diagnostics of kind Args::kKind; the reporting site is the caller's line.
template <class Args>
class Emit {
 public:
  explicit Emit(DiagSink& sink) : sink_(sink) {}
  void operator()(SourceSpan span, const Args& args, const char* site_file = __builtin_FILE(),
                  int site_line = __builtin_LINE()) const {
    sink_.Report(span, args, site_file, site_line);
  }

 private:
  DiagSink& sink_;
};

// One row: the kind it reports and its check over a Scope (what the rule looks at).
template <class Scope>
struct Rule {
  DiagKind kind;
  std::function<void(const Scope&, DiagSink&)> check;
};

// A row from a check function, `Check(+[](const Scope& s, Emit<diag::X> emit) {...})`:
// the kind is the one its Emit reports.
template <class Scope, class Args>
Rule<Scope> Check(void (*check)(const Scope&, Emit<Args>)) {
  return {Args::kKind, [check](const Scope& s, DiagSink& sink) { check(s, Emit<Args>(sink)); }};
}

template <class Scope>
void RunRules(std::span<const Rule<Scope>> rules, const Scope& s, DiagSink& sink) {
  for (const Rule<Scope>& r : rules) r.check(s, sink);
}

}  // namespace mlpc
