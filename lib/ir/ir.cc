#include "ir/ir.h"

namespace mlpc::ir {

std::string RefPath::Text() const {
  std::string s;
  for (size_t i = 0; i < parts.size(); ++i) s += (i ? "." : "") + parts[i];
  return s;
}

const std::shared_ptr<const Component>& NoComponent() {
  static const std::shared_ptr<const Component> none = std::make_shared<const Component>();
  return none;
}

const std::shared_ptr<const Settings>& NoSettings() {
  static const std::shared_ptr<const Settings> none = std::make_shared<const Settings>();
  return none;
}

bool operator==(const Io& a, const Io& b) {
  auto same_enum = [](const std::vector<Spanned<json>>& x, const std::vector<Spanned<json>>& y) {
    if (x.size() != y.size()) return false;
    for (size_t i = 0; i < x.size(); ++i)
      if (x[i].span != y[i].span || x[i].value != y[i].value) return false;
    return true;
  };
  return a.name == b.name && a.type == b.type && a.default_value == b.default_value && a.optional == b.optional &&
         a.description == b.description && same_enum(a.enum_values, b.enum_values) && a.span == b.span &&
         a.type_span == b.type_span && a.generated == b.generated && a.launch == b.launch;
}

bool operator==(const Component& a, const Component& b) {
  return a.name == b.name && a.description == b.description && a.image.value == b.image.value &&
         a.image.span == b.image.span && a.image_text == b.image_text && a.command == b.command && a.args == b.args &&
         a.script == b.script && a.interpreter == b.interpreter && a.inputs == b.inputs && a.outputs == b.outputs &&
         a.env == b.env && a.identity == b.identity && a.is_inline == b.is_inline && a.span == b.span;
}

std::string_view OperatorText(Cond::Kind k) {
  switch (k) {
    case Cond::Kind::Not: return "!";
    case Cond::Kind::And: return "&&";
    case Cond::Kind::Or: return "||";
    case Cond::Kind::Eq: return "==";
    case Cond::Kind::Ne: return "!=";
    case Cond::Kind::Lt: return "<";
    case Cond::Kind::Le: return "<=";
    case Cond::Kind::Gt: return ">";
    case Cond::Kind::Ge: return ">=";
    default: return "";
  }
}

std::string_view ComparatorText(EventFilter::Comparator c) {
  switch (c) {
    case EventFilter::Comparator::Unset: return "";
    case EventFilter::Comparator::Eq: return "=";
    case EventFilter::Comparator::Ne: return "!=";
    case EventFilter::Comparator::Lt: return "<";
    case EventFilter::Comparator::Le: return "<=";
    case EventFilter::Comparator::Gt: return ">";
    case EventFilter::Comparator::Ge: return ">=";
  }
  return "";
}

std::string_view KindName(ArgoSection::Kind k) {
  switch (k) {
    case ArgoSection::Kind::Workflow: return "Workflow";
    case ArgoSection::Kind::WorkflowTemplate: return "WorkflowTemplate";
    case ArgoSection::Kind::CronWorkflow: return "CronWorkflow";
  }
  return "";
}

bool Text::HasRefs() const {
  for (const Piece& p : pieces)
    if (p.ref) return true;
  return false;
}

std::string Text::Literal() const {
  std::string s;
  for (const Piece& p : pieces) s += p.text;
  return s;
}

void CollectRefs(const Text& t, std::vector<const Ref*>& out) {
  for (const Text::Piece& piece : t.pieces)
    if (piece.ref) out.push_back(&*piece.ref);
}

void CollectRefs(const Cond& c, std::vector<const Ref*>& out) {
  if (c.kind == Cond::Kind::Ref) out.push_back(&c.ref);
  for (const Cond& o : c.operands) CollectRefs(o, out);
}

void TaskRefs(const Task& t, std::vector<const Ref*>& out) {
  for (const Arg& a : t.args)
    if (!a.value.is_literal) CollectRefs(a.value.text, out);
  if (t.when) CollectRefs(*t.when, out);
  if (t.loop && t.loop->kind == Loop::Kind::Ref) out.push_back(&t.loop->ref);
  if (t.loop)
    for (const Value& item : t.loop->items)
      if (!item.is_literal) CollectRefs(item.text, out);
  for (const Text& c : t.impl->command) CollectRefs(c, out);
  for (const Text& a : t.impl->args) CollectRefs(a, out);
  if (t.impl->script) CollectRefs(*t.impl->script, out);
  for (const EnvVar& e : t.impl->env) CollectRefs(e.value, out);
  CollectRefs(t.impl->image_text, out);
}

namespace {

// The common type of several values: equal types, int and float widen to float, anything
// else is untyped.
Type Unify(const std::vector<Type>& types) {
  if (types.empty()) return Type{TypeKind::AnyParam, ""};
  Type t = types[0];
  for (const Type& u : types) {
    if (u == t) continue;
    bool numeric = (u.kind == TypeKind::Int || u.kind == TypeKind::Float) &&
                   (t.kind == TypeKind::Int || t.kind == TypeKind::Float);
    if (!numeric) return Type{TypeKind::AnyParam, ""};
    t = Type{TypeKind::Float, ""};
  }
  return t;
}

}  // namespace

bool ItemType(const ir::Loop& loop, const std::vector<std::string>& keys, Type& out) {
  switch (loop.kind) {
    case Loop::Kind::Range:
      out = Type{TypeKind::Int, ""};
      return keys.empty();
    case Loop::Kind::Ref:
      out = Type{TypeKind::AnyParam, ""};
      return true;
    case Loop::Kind::List:
      break;
  }
  std::vector<Type> types;
  for (const ir::Value& v : loop.items) {
    if (!v.is_literal) {
      types.push_back(Type{TypeKind::String, ""});
      if (!keys.empty()) return false;
      continue;
    }
    const ir::json* cur = &v.literal;
    for (const std::string& k : keys) {
      if (!cur->is_object() || !cur->contains(k)) return false;
      cur = &(*cur)[k];
    }
    types.push_back(LiteralType(*cur));
  }
  out = Unify(types);
  return true;
}

const KfpSection* LaunchApi(const Task& t) {
  if (!t.sub || !t.sub->kfp || !t.sub->kfp->host) return nullptr;
  return &*t.sub->kfp;
}

int FindTask(const Pipeline& p, std::string_view name) {
  for (size_t i = 0; i < p.tasks.size(); ++i)
    if (p.tasks[i].name == name) return static_cast<int>(i);
  return -1;
}

int FindParam(const Pipeline& p, std::string_view name) { return FindIo(p.params, name); }

int FindIo(const std::vector<Io>& ios, std::string_view name) {
  for (size_t i = 0; i < ios.size(); ++i)
    if (ios[i].name == name) return static_cast<int>(i);
  return -1;
}

}  // namespace mlpc::ir
