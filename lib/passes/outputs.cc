// Pipeline outputs chosen by branch (`one_of`, docs/spec.md, section 12): each alternative
// is a different task's output, all of one type, and no two of the tasks can be shown to
// run together. Whether the alternatives' conditions exclude each other in general is not
// decidable here; what is refused is the case where one task's `when` is part of another's
// (or neither has one), so that whenever the second runs, the first runs too, unless one
// is the other's failure handler (`run_if: {failed: ...}`).
#include <fmt/format.h>

#include "diag/messages.h"
#include "ir/cond_groups.h"
#include "passes/passes.h"

namespace mlpc {

namespace {

// The alternative's task output, or nullptr for a value the types pass refuses (E0211).
const ir::Ref* TaskOutputOf(const ir::Value& v) {
  if (v.is_literal || !v.text.IsWholeRef()) return nullptr;
  const ir::Ref* r = &*v.text.pieces[0].ref;
  return r->kind == ir::Ref::Kind::TaskOutput ? r : nullptr;
}

// Every conjunct of `a` is one of `b`'s: whenever `b` holds, `a` holds.
bool Implied(const std::vector<const ir::Cond*>& a, const std::vector<const ir::Cond*>& b) {
  for (const ir::Cond* x : a) {
    bool found = false;
    for (const ir::Cond* y : b) found = found || ir::SameCond(*x, *y);
    if (!found) return false;
  }
  return true;
}

void CheckOneOf(const ir::Pipeline& p, const ir::Output& o, PassContext& ctx) {
  struct Alt {
    const ir::Ref* ref;
    const ir::Value* value;
    std::vector<const ir::Cond*> conds;
  };
  std::vector<Alt> alts;
  for (const ir::Value& v : o.one_of) {
    const ir::Ref* r = TaskOutputOf(v);
    if (!r || r->index < 0 || r->index >= static_cast<int>(p.tasks.size())) continue;
    const ir::Task& t = p.tasks[r->index];
    if (r->output < 0 || r->output >= static_cast<int>(t.impl->outputs.size())) continue;
    if (r->fan_in) {
      ctx.sink.Report(v.span, diag::OneOfLoopTask{.output = o.name, .task = t.name});
      continue;
    }
    bool repeated = false;
    for (const Alt& a : alts) repeated = repeated || a.ref->index == r->index;
    if (repeated) {
      ctx.sink.Report(v.span, diag::OneOfTaskTwice{.output = o.name, .task = t.name});
      continue;
    }
    Alt a{r, &v, {}};
    if (t.when) ir::Conjuncts(*t.when, a.conds);
    alts.push_back(std::move(a));
  }
  if (alts.empty()) return;
  const ir::Type& type = alts.front().ref->type;
  for (size_t i = 1; i < alts.size(); ++i) {
    if (alts[i].ref->type == type) continue;
    ctx.sink.Report(alts[i].value->span, diag::OneOfMixedTypes{.output = o.name,
                                                               .first = alts.front().ref->path.Text(),
                                                               .first_type = type.Name(),
                                                               .other = alts[i].ref->path.Text(),
                                                               .other_type = alts[i].ref->type.Name()});
  }
  for (size_t j = 1; j < alts.size(); ++j) {
    for (size_t i = 0; i < j; ++i) {
      const ir::Task& a = p.tasks[alts[i].ref->index];
      const ir::Task& b = p.tasks[alts[j].ref->index];
      // A failure handler runs only when the other did not succeed: the two never both
      // give a value, whatever their `when`.
      if (a.Handles(alts[j].ref->index) || b.Handles(alts[i].ref->index)) continue;
      bool a_in_b = Implied(alts[i].conds, alts[j].conds);
      bool b_in_a = Implied(alts[j].conds, alts[i].conds);
      if (!a_in_b && !b_in_a) continue;
      // `loose` runs whenever `strict` does: its conjuncts are all among the other's.
      const ir::Task& loose = a_in_b ? a : b;
      const ir::Task& strict = a_in_b ? b : a;
      std::string why;
      if (alts[i].conds.empty() && alts[j].conds.empty())
        why = fmt::format("neither `{}` nor `{}` has a `when`, so both run", a.name, b.name);
      else if (a_in_b && b_in_a)
        why = fmt::format("`{}` and `{}` run under the same `when`", a.name, b.name);
      else if (!loose.when)
        why = fmt::format("`{}` has no `when`, so it runs whenever `{}` does", loose.name, strict.name);
      else
        why = fmt::format("whenever `{}` runs, `{}` runs too: its `when` is part of `{}`'s", strict.name, loose.name,
                          strict.name);
      ctx.sink.Report(alts[j].value->span, diag::OneOfNotExclusive{.output = o.name, .why = why});
      break;  // one report per alternative
    }
  }
}

}  // namespace

void CheckOutputs(const ir::Pipeline& p, PassContext& ctx) {
  for (const ir::Output& o : p.outputs)
    if (!o.one_of.empty()) CheckOneOf(p, o, ctx);
}

}  // namespace mlpc
