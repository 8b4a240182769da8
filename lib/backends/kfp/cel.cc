// `when` in CEL, as KFP evaluates `triggerPolicy.condition`: every reference is an input of
// the condition's group task, read as `inputs.parameter_values['NAME']`; numbers are cast
// with int()/double() as the SDK does (parameter values arrive as JSON numbers).
#include <fmt/format.h>

#include "backends/kfp/kfp_internal.h"

namespace mlpc::kfp {

bool CondUsesItem(const ir::Cond& c) {
  if (c.kind == ir::Cond::Kind::Ref && c.ref.kind == ir::Ref::Kind::Item) return true;
  for (const ir::Cond& o : c.operands)
    if (CondUsesItem(o)) return true;
  return false;
}

namespace {

enum class As { Bool, Int, Double, String, Any };

As KindOf(const ir::Cond& c) {
  switch (c.kind) {
    case ir::Cond::Kind::Bool: return As::Bool;
    case ir::Cond::Kind::Number:
      return c.text.find_first_of(".eE") == std::string::npos ? As::Int : As::Double;
    case ir::Cond::Kind::String: return As::String;
    case ir::Cond::Kind::Ref:
      switch (c.ref.type.kind) {
        case ir::TypeKind::Bool: return As::Bool;
        case ir::TypeKind::Int: return As::Int;
        case ir::TypeKind::Float: return As::Double;
        case ir::TypeKind::AnyParam: return As::Any;
        default: return As::String;
      }
    default: return As::Bool;
  }
}

std::string QuoteCel(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "'";
}

bool IsComparison(ir::Cond::Kind k) {
  return k == ir::Cond::Kind::Eq || k == ir::Cond::Kind::Ne || k == ir::Cond::Kind::Lt || k == ir::Cond::Kind::Le ||
         k == ir::Cond::Kind::Gt || k == ir::Cond::Kind::Ge;
}

class Renderer {
 public:
  Renderer(Dag& g, const Scope& scope) : g_(g), scope_(scope) {}

  std::string Value(const ir::Cond& c) {
    const ir::Ref& r = c.ref;
    Channel ch = ChannelOf(*g_.p, r, scope_);
    std::string name = ch.kind == Channel::Kind::Item && !r.keys.empty()
                           ? PassInKeys(g_, ch, r.keys, ParameterType(r.type))
                           : PassIn(g_, ch);
    return "inputs.parameter_values['" + name + "']";
  }

  std::string Operand(const ir::Cond& c, As as) {
    if (c.kind == ir::Cond::Kind::Ref) {
      std::string v = Value(c);
      if (as == As::Int) return "int(" + v + ")";
      if (as == As::Double) return "double(" + v + ")";
      return v;
    }
    if (c.kind == ir::Cond::Kind::Bool) return c.literal.get<bool>() ? "true" : "false";
    if (c.kind == ir::Cond::Kind::Number) {
      if (as == As::Double && c.text.find_first_of(".eE") == std::string::npos) return c.text + ".0";
      return c.text;
    }
    if (c.kind == ir::Cond::Kind::String) return QuoteCel(c.literal.get<std::string>());
    // A negation, connective or comparison compared in turn: a bool of its own.
    return std::string("(").append(Render(c)).append(")");
  }

  std::string Render(const ir::Cond& c) {
    switch (c.kind) {
      case ir::Cond::Kind::Ref: return Value(c) + " == true";  // a bool standing alone
      case ir::Cond::Kind::Bool: return c.literal.get<bool>() ? "true" : "false";
      case ir::Cond::Kind::Number: return c.text;
      case ir::Cond::Kind::String: return QuoteCel(c.literal.get<std::string>());
      case ir::Cond::Kind::Not: {
        std::string inner = Render(c.operands[0]);
        return c.operands[0].kind == ir::Cond::Kind::Bool ? "!" + inner : "!(" + inner + ")";
      }
      case ir::Cond::Kind::And:
      case ir::Cond::Kind::Or: {
        auto side = [&](const ir::Cond& o) {
          std::string s = Render(o);
          bool group = ((o.kind == ir::Cond::Kind::And || o.kind == ir::Cond::Kind::Or) && o.kind != c.kind) ||
                       o.kind == ir::Cond::Kind::Ref;
          return group ? "(" + s + ")" : s;
        };
        return side(c.operands[0]) + (c.kind == ir::Cond::Kind::And ? " && " : " || ") + side(c.operands[1]);
      }
      default: {
        if (!IsComparison(c.kind)) return "";
        As l = KindOf(c.operands[0]), r = KindOf(c.operands[1]);
        As as = l == As::Any ? r : l;
        // Mixed int and float compare as doubles.
        if ((l == As::Int && r == As::Double) || (l == As::Double && r == As::Int)) as = As::Double;
        return Operand(c.operands[0], as) + " " + std::string(OperatorText(c.kind)) + " " +
               Operand(c.operands[1], as);
      }
    }
  }

 private:
  Dag& g_;
  const Scope& scope_;
};

}  // namespace

std::string CelCondition(Dag& g, const ir::Cond& c, const Scope& scope) {
  Renderer r(g, scope);
  return r.Render(c);
}

}  // namespace mlpc::kfp
