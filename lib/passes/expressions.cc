// Expressions: `when` conditions are type-checked; comparisons need operands of one kind
// and && || ! need booleans.
#include "diag/messages.h"
#include "passes/passes.h"

namespace mlpc {
namespace {

enum class Kind { Bool, Number, String, Any, Other, Error };

std::string_view KindName(Kind k) {
  switch (k) {
    case Kind::Bool:
      return "bool";
    case Kind::Number:
      return "number";
    case Kind::String:
      return "string";
    default:
      return "value";
  }
}

class Checker {
 public:
  explicit Checker(PassContext& ctx) : ctx_(ctx) {}

  Kind Infer(const ir::Cond& c) {
    switch (c.kind) {
      case ir::Cond::Kind::Bool:
        return Kind::Bool;
      case ir::Cond::Kind::Number:
        return Kind::Number;
      case ir::Cond::Kind::String:
        return Kind::String;
      case ir::Cond::Kind::Ref: {
        if (c.ref.kind == ir::Ref::Kind::Unresolved) return Kind::Error;
        const ir::Type& t = c.ref.type;
        if (t.IsArtifact() || t.kind == ir::TypeKind::List || t.kind == ir::TypeKind::Dict) {
          ctx_.sink.Report(c.span, diag::ConditionOperandType{.ref = c.ref.path.Text(), .type = t.Name()});
          return Kind::Error;
        }
        switch (t.kind) {
          case ir::TypeKind::Bool:
            return Kind::Bool;
          case ir::TypeKind::Int:
          case ir::TypeKind::Float:
            return Kind::Number;
          case ir::TypeKind::AnyParam:
            return Kind::Any;
          default:
            return Kind::String;
        }
      }
      case ir::Cond::Kind::Not: {
        Kind k = Infer(c.operands[0]);
        ExpectBool(c.operands[0], k, "`!`");
        return Kind::Bool;
      }
      case ir::Cond::Kind::And:
      case ir::Cond::Kind::Or: {
        Kind l = Infer(c.operands[0]);
        Kind r = Infer(c.operands[1]);
        ExpectBool(c.operands[0], l, OperatorText(c.kind));
        ExpectBool(c.operands[1], r, OperatorText(c.kind));
        return Kind::Bool;
      }
      default: {  // comparisons
        Kind l = Infer(c.operands[0]);
        Kind r = Infer(c.operands[1]);
        bool ordering = c.kind == ir::Cond::Kind::Lt || c.kind == ir::Cond::Kind::Le || c.kind == ir::Cond::Kind::Gt ||
                        c.kind == ir::Cond::Kind::Ge;
        // An untyped side takes the other's kind, so a bool on either side is ordered as a bool.
        bool untyped = l == Kind::Any || r == Kind::Any;
        if (ordering && untyped && (l == Kind::Bool || r == Kind::Bool)) {
          ctx_.sink.Report(c.span, diag::OrderedBooleans{.op = OperatorText(c.kind)});
          return Kind::Bool;
        }
        if (l == Kind::Error || r == Kind::Error || untyped) return Kind::Bool;
        if (l != r) {
          ctx_.sink.Report(c.span, diag::ComparedKinds{.op = OperatorText(c.kind),
                                                       .left_kind = KindName(l),
                                                       .left = Describe(c.operands[0]),
                                                       .right_kind = KindName(r),
                                                       .right = Describe(c.operands[1])});
        } else if (ordering && l == Kind::Bool) {
          ctx_.sink.Report(c.span, diag::OrderedBooleans{.op = OperatorText(c.kind)});
        }
        return Kind::Bool;
      }
    }
  }

  void ExpectBool(const ir::Cond& c, Kind k, std::string_view op) {
    if (k == Kind::Bool || k == Kind::Error || k == Kind::Any) return;
    ctx_.sink.Report(c.span, diag::OperandNotBool{.op = op, .operand = Describe(c), .kind = KindName(k)});
  }

  static std::string Describe(const ir::Cond& c) {
    switch (c.kind) {
      case ir::Cond::Kind::Ref:
        return c.ref.path.Text();
      case ir::Cond::Kind::String:
        return std::string("'").append(c.literal.get<std::string>()).append("'");
      case ir::Cond::Kind::Number:
        return c.text;
      case ir::Cond::Kind::Bool:
        return c.literal.get<bool>() ? "true" : "false";
      default:
        return "the expression";
    }
  }

 private:
  PassContext& ctx_;
};

}  // namespace

void CheckExpressions(const ir::Pipeline& p, PassContext& ctx) {
  Checker checker(ctx);
  for (const ir::Task& t : p.tasks) {
    if (!t.when) continue;
    Kind k = checker.Infer(*t.when);
    if (k != Kind::Bool && k != Kind::Error && k != Kind::Any) {
      ctx.sink.Report(t.when->span, diag::WhenNotBool{.operand = Checker::Describe(*t.when), .kind = KindName(k)});
    }
  }
}

}  // namespace mlpc
