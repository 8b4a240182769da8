// How IR values read in Argo: parameters, task outputs, items, paths, and `when`
// conditions in govaluate syntax (string operands single-quoted, as Argo recommends).
#include <fmt/format.h>

#include <algorithm>

#include "backends/argo/argo_internal.h"
#include "backends/names.h"

namespace mlpc::argo {

std::string GoDuration(int64_t s) {
  std::string out;
  if (s >= 3600) out += fmt::format("{}h", s / 3600);
  if (s % 3600 >= 60) out += fmt::format("{}m", (s % 3600) / 60);
  if (s % 60 || out.empty()) out += fmt::format("{}s", s % 60);
  return out;
}

std::string DnsName(const std::string& s) {
  std::string out = Slug(s);
  if (out.size() > 63) out.resize(63);
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? "volume" : out;
}

std::string RefText(const ir::Pipeline& p, const ir::Ref& r, const RefStyle& style) {
  switch (r.kind) {
    case ir::Ref::Kind::Param:
      return fmt::format("{{{{{}.parameters.{}}}}}", style.params_are_inputs ? "inputs" : "workflow",
                         p.params[r.index].name);
    case ir::Ref::Kind::TaskOutput: {
      const ir::Task& t = p.tasks[r.index];
      const ir::Io& o = t.impl->outputs[r.output];
      const char* kind = o.type.IsArtifact() ? "artifacts" : "parameters";
      if (style.wrapped_tasks && std::find(style.wrapped_tasks->begin(), style.wrapped_tasks->end(), t.name) !=
                                     style.wrapped_tasks->end())
        return fmt::format("{{{{inputs.{}.{}-{}}}}}", kind, t.name, o.name);
      return fmt::format("{{{{tasks.{}.outputs.{}.{}}}}}", t.name, kind, o.name);
    }
    case ir::Ref::Kind::Item: {
      std::string s = "{{item";
      for (const std::string& k : r.keys) s += "." + k;
      return s + "}}";
    }
    case ir::Ref::Kind::PipelineName: return style.pipeline_name.empty() ? p.name : style.pipeline_name;
    case ir::Ref::Kind::RunId: return "{{workflow.uid}}";
    // Argo also reports `Error`; docs/spec.md promises Succeeded or Failed.
    case ir::Ref::Kind::PipelineStatus: return "{{=workflow.status == 'Succeeded' ? 'Succeeded' : 'Failed'}}";
    case ir::Ref::Kind::Input: {
      const ir::Io& in = style.impl->inputs[r.index];
      if (in.type.IsArtifact()) return fmt::format("{}/{}", kInputsDir, in.name);
      return fmt::format("{{{{inputs.parameters.{}}}}}", in.name);
    }
    case ir::Ref::Kind::Output: return fmt::format("{}/{}", kOutputsDir, style.impl->outputs[r.index].name);
    case ir::Ref::Kind::ExecutorInput:  // rejected for argo by the capability pass
    case ir::Ref::Kind::Unresolved: break;
  }
  return "";
}

std::string TextValue(const ir::Pipeline& p, const ir::Text& t, const RefStyle& style) {
  std::string s;
  for (const auto& piece : t.pieces) s += piece.ref ? RefText(p, *piece.ref, style) : piece.text;
  return s;
}

namespace {

enum class Operand { Bool, Number, String };

Operand KindOf(const ir::Cond& c) {
  switch (c.kind) {
    case ir::Cond::Kind::Bool: return Operand::Bool;
    case ir::Cond::Kind::Number: return Operand::Number;
    case ir::Cond::Kind::String: return Operand::String;
    case ir::Cond::Kind::Ref:
      switch (c.ref.type.kind) {
        case ir::TypeKind::Bool: return Operand::Bool;
        case ir::TypeKind::Int:
        case ir::TypeKind::Float: return Operand::Number;
        default: return Operand::String;
      }
    default: return Operand::Bool;
  }
}

std::string QuoteGov(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

bool IsComparison(ir::Cond::Kind k) {
  return k == ir::Cond::Kind::Eq || k == ir::Cond::Kind::Ne || k == ir::Cond::Kind::Lt || k == ir::Cond::Kind::Le ||
         k == ir::Cond::Kind::Gt || k == ir::Cond::Kind::Ge;
}

// A negation, a connective or a comparison: an operand that govaluate computes as a
// real boolean, not a substituted string.
bool IsComputed(const ir::Cond& c) {
  return c.kind == ir::Cond::Kind::Not || c.kind == ir::Cond::Kind::And || c.kind == ir::Cond::Kind::Or ||
         IsComparison(c.kind);
}

std::string Render(const ir::Pipeline& p, const ir::Cond& c, const RefStyle& style);

// An operand of a comparison. Untyped values compare as the other side does; booleans
// compare as the strings 'true' and 'false', which is what Argo substitutes.
std::string Operand(const ir::Pipeline& p, const ir::Cond& c, enum Operand as, const RefStyle& style) {
  if (c.kind == ir::Cond::Kind::Ref) {
    std::string v = RefText(p, c.ref, style);
    return as == Operand::Number ? v : QuoteGov(v);
  }
  if (c.kind == ir::Cond::Kind::Bool) return c.literal.get<bool>() ? "'true'" : "'false'";
  if (c.kind == ir::Cond::Kind::Number) return c.text;
  if (c.kind == ir::Cond::Kind::String) return QuoteGov(c.literal.get<std::string>());
  return std::string("(").append(Render(p, c, style)).append(")");
}

// An operand of a comparison whose other side is computed: govaluate compares a boolean
// with a boolean only (`true == 'true'` is false), so every bool side becomes one.
std::string BoolOperand(const ir::Pipeline& p, const ir::Cond& c, const RefStyle& style) {
  if (c.kind == ir::Cond::Kind::Bool) return c.literal.get<bool>() ? "true" : "false";
  if (c.kind == ir::Cond::Kind::Ref)
    return std::string("(").append(QuoteGov(RefText(p, c.ref, style))).append(" == 'true')");
  return Operand(p, c, Operand::Bool, style);
}

std::string Render(const ir::Pipeline& p, const ir::Cond& c, const RefStyle& style) {
  switch (c.kind) {
    case ir::Cond::Kind::Ref:
      // A bool standing alone.
      if (c.ref.type.kind == ir::TypeKind::Bool || c.ref.type.kind == ir::TypeKind::AnyParam)
        return fmt::format("'{}' == 'true'", RefText(p, c.ref, style));
      return RefText(p, c.ref, style);
    case ir::Cond::Kind::Bool: return c.literal.get<bool>() ? "true" : "false";
    case ir::Cond::Kind::Number: return c.text;
    case ir::Cond::Kind::String: return QuoteGov(c.literal.get<std::string>());
    case ir::Cond::Kind::Not: {
      std::string inner = Render(p, c.operands[0], style);
      bool atom = c.operands[0].kind == ir::Cond::Kind::Bool || c.operands[0].kind == ir::Cond::Kind::Not;
      return atom ? "!" + inner : "!(" + inner + ")";
    }
    case ir::Cond::Kind::And:
    case ir::Cond::Kind::Or: {
      auto side = [&](const ir::Cond& o) {
        std::string s = Render(p, o, style);
        bool group = (o.kind == ir::Cond::Kind::And || o.kind == ir::Cond::Kind::Or) && o.kind != c.kind;
        bool bare_bool = o.kind == ir::Cond::Kind::Ref;
        return group || bare_bool ? "(" + s + ")" : s;
      };
      return side(c.operands[0]) + " " + std::string(OperatorText(c.kind)) + " " + side(c.operands[1]);
    }
    default: {
      if (!IsComparison(c.kind)) return "";
      if (IsComputed(c.operands[0]) || IsComputed(c.operands[1]))
        return BoolOperand(p, c.operands[0], style) + " " + std::string(OperatorText(c.kind)) + " " +
               BoolOperand(p, c.operands[1], style);
      enum Operand l = KindOf(c.operands[0]), r = KindOf(c.operands[1]);
      // An untyped side takes the other side's kind.
      bool l_any = c.operands[0].kind == ir::Cond::Kind::Ref && c.operands[0].ref.type.kind == ir::TypeKind::AnyParam;
      bool r_any = c.operands[1].kind == ir::Cond::Kind::Ref && c.operands[1].ref.type.kind == ir::TypeKind::AnyParam;
      enum Operand as = l_any ? r : r_any ? l : l;
      return Operand(p, c.operands[0], as, style) + " " + std::string(OperatorText(c.kind)) + " " +
             Operand(p, c.operands[1], as, style);
    }
  }
}

}  // namespace

std::string WhenText(const ir::Pipeline& p, const ir::Cond& c, const RefStyle& style) {
  return Render(p, c, style);
}

}  // namespace mlpc::argo
