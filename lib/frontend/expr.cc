#include "frontend/expr.h"

#include <fmt/format.h>

#include <cctype>
#include <regex>

#include "diag/diagnostic.h"
#include "diag/messages.h"
#include "support/numbers.h"

namespace mlpc {

std::string RefPath::Text() const {
  std::string s;
  for (size_t i = 0; i < parts.size(); ++i) s += (i ? "." : "") + parts[i];
  return s;
}

namespace {

struct Token {
  enum class Kind { End, Ident, Number, String, Op, LParen, RParen, Dot, Error } kind;
  std::string text;  // of an Error: the character it stopped at
  size_t pos = 0, len = 0;
  // What an Error token is, reported when the parser reaches it.
  enum class Lex { None, UnterminatedString, DoubleQuote, Arithmetic, Character, Assign, And, Or } lex = Lex::None;
};

bool IdentStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool IdentChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
}

// Recursive descent over one `${{ }}` body; `base` is the body's offset in the string.
class ExprParser {
 public:
  ExprParser(std::string_view src, size_t base, const SpanAt& at, DiagSink& sink)
      : src_(src), base_(base), at_(at), sink_(sink) {
    Next();
  }

  std::unique_ptr<Expr> ParseAll() {
    auto e = ParseOr();
    if (!e) return nullptr;
    if (tok_.kind == Token::Kind::Error) return FailLex(tok_);
    if (tok_.kind != Token::Kind::End) {
      return Fail(tok_, diag::ExprTrailing{.token = tok_.text});
    }
    return e;
  }

 private:
  SourceSpan Span(size_t pos, size_t len) const { return at_(base_ + pos, len == 0 ? 1 : len); }

  template <class Args>
  std::unique_ptr<Expr> Fail(const Token& t, const Args& args) {
    if (!failed_) sink_.Report(Span(t.pos, t.len), args);
    failed_ = true;
    return nullptr;
  }
  std::unique_ptr<Expr> FailLex(const Token& t) {
    char c = t.text.empty() ? ' ' : t.text[0];
    switch (t.lex) {
      case Token::Lex::UnterminatedString: return Fail(t, diag::ExprUnterminatedString{});
      case Token::Lex::DoubleQuote: return Fail(t, diag::ExprDoubleQuote{});
      case Token::Lex::Arithmetic: return Fail(t, diag::ExprArithmetic{.op = c});
      case Token::Lex::Assign: return Fail(t, diag::ExprAssign{});
      case Token::Lex::And: return Fail(t, diag::ExprSingleAnd{});
      case Token::Lex::Or: return Fail(t, diag::ExprSingleOr{});
      case Token::Lex::None:
      case Token::Lex::Character: break;
    }
    return Fail(t, diag::ExprUnexpectedCharacter{.c = c});
  }

  void Next() {
    size_t i = pos_;
    while (i < src_.size() && std::isspace(static_cast<unsigned char>(src_[i]))) ++i;
    tok_ = Token{Token::Kind::End, "", i, 0};
    if (i >= src_.size()) {
      pos_ = i;
      return;
    }
    char c = src_[i];
    size_t j = i;
    if (IdentStart(c)) {
      while (j < src_.size() && IdentChar(src_[j])) ++j;
      // A trailing '-' belongs to no identifier ("a- b" is an error, caught by the caller).
      tok_ = Token{Token::Kind::Ident, std::string(src_.substr(i, j - i)), i, j - i};
    } else if (std::isdigit(static_cast<unsigned char>(c)) ||
               (c == '-' && i + 1 < src_.size() && std::isdigit(static_cast<unsigned char>(src_[i + 1])))) {
      j = i + 1;
      while (j < src_.size() && (std::isdigit(static_cast<unsigned char>(src_[j])) || src_[j] == '.' ||
                                 src_[j] == 'e' || src_[j] == 'E' ||
                                 ((src_[j] == '-' || src_[j] == '+') && (src_[j - 1] == 'e' || src_[j - 1] == 'E'))))
        ++j;
      tok_ = Token{Token::Kind::Number, std::string(src_.substr(i, j - i)), i, j - i};
    } else if (c == '\'') {
      std::string text;
      j = i + 1;
      bool closed = false;
      while (j < src_.size()) {
        if (src_[j] == '\\' && j + 1 < src_.size()) {
          text += src_[j + 1];
          j += 2;
        } else if (src_[j] == '\'') {
          closed = true;
          ++j;
          break;
        } else {
          text += src_[j++];
        }
      }
      tok_ = closed ? Token{Token::Kind::String, text, i, j - i}
                    : Token{Token::Kind::Error, "'", i, j - i, Token::Lex::UnterminatedString};
    } else if (c == '"') {
      tok_ = Token{Token::Kind::Error, "\"", i, 1, Token::Lex::DoubleQuote};
      j = i + 1;
    } else if (c == '(' || c == ')' || c == '.') {
      j = i + 1;
      tok_ = Token{c == '(' ? Token::Kind::LParen : c == ')' ? Token::Kind::RParen : Token::Kind::Dot,
                   std::string(1, c), i, 1};
    } else {
      static const char* kOps[] = {"==", "!=", "<=", ">=", "&&", "||", "<", ">", "!"};
      for (const char* op : kOps) {
        std::string_view o(op);
        if (src_.substr(i, o.size()) == o) {
          j = i + o.size();
          tok_ = Token{Token::Kind::Op, std::string(o), i, o.size()};
          break;
        }
      }
      if (j == i) {
        j = i + 1;
        Token::Lex lex = c == '+' || c == '-' || c == '*' || c == '/' || c == '%' ? Token::Lex::Arithmetic
                         : c == '='                                               ? Token::Lex::Assign
                         : c == '&'                                               ? Token::Lex::And
                         : c == '|'                                               ? Token::Lex::Or
                                                                                  : Token::Lex::Character;
        tok_ = Token{Token::Kind::Error, std::string(1, c), i, 1, lex};
      }
    }
    pos_ = j;
  }

  bool IsOp(std::string_view op) const { return tok_.kind == Token::Kind::Op && tok_.text == op; }

  // Every later phase walks expressions recursively: their nesting and size are bounded.
  static constexpr int kMaxDepth = 64;
  static constexpr int kMaxOperators = 1000;
  int depth_ = 0;
  int operators_ = 0;

  bool TooBig(const Token& t) {
    if (depth_ <= kMaxDepth && operators_ <= kMaxOperators) return false;
    if (depth_ > kMaxDepth)
      Fail(t, diag::ExprTooDeep{.max = kMaxDepth});
    else
      Fail(t, diag::ExprTooManyOperators{.max = kMaxOperators});
    return true;
  }

  std::unique_ptr<Expr> Binary(Expr::Kind k, std::unique_ptr<Expr> l, std::unique_ptr<Expr> r) {
    ++operators_;
    auto e = std::make_unique<Expr>();
    e->kind = k;
    e->span = l->span;
    if (r->span.line == l->span.line && r->span.col >= l->span.col)
      e->span.len = r->span.col + r->span.len - l->span.col;
    e->lhs = std::move(l);
    e->rhs = std::move(r);
    return e;
  }

  std::unique_ptr<Expr> ParseOr() {
    auto l = ParseAnd();
    while (l && IsOp("||")) {
      if (TooBig(tok_)) return nullptr;
      Next();
      auto r = ParseAnd();
      if (!r) return nullptr;
      l = Binary(Expr::Kind::Or, std::move(l), std::move(r));
    }
    return l;
  }

  std::unique_ptr<Expr> ParseAnd() {
    auto l = ParseCompare();
    while (l && IsOp("&&")) {
      if (TooBig(tok_)) return nullptr;
      Next();
      auto r = ParseCompare();
      if (!r) return nullptr;
      l = Binary(Expr::Kind::And, std::move(l), std::move(r));
    }
    return l;
  }

  std::unique_ptr<Expr> ParseCompare() {
    auto l = ParseUnary();
    if (!l) return nullptr;
    static const std::pair<const char*, Expr::Kind> kCmp[] = {
        {"==", Expr::Kind::Eq}, {"!=", Expr::Kind::Ne}, {"<", Expr::Kind::Lt},
        {"<=", Expr::Kind::Le}, {">", Expr::Kind::Gt},  {">=", Expr::Kind::Ge}};
    for (const auto& [op, kind] : kCmp) {
      if (IsOp(op)) {
        Token at = tok_;
        Next();
        auto r = ParseUnary();
        if (!r) return nullptr;
        for (const auto& [op2, kind2] : kCmp) {
          (void)kind2;
          if (IsOp(op2)) return Fail(tok_, diag::ExprChainedComparison{});
        }
        (void)at;
        return Binary(kind, std::move(l), std::move(r));
      }
    }
    return l;
  }

  std::unique_ptr<Expr> ParseUnary() {
    if (IsOp("!")) {
      Token at = tok_;
      ++depth_;
      ++operators_;
      if (TooBig(at)) return nullptr;
      Next();
      auto operand = ParseUnary();
      --depth_;
      if (!operand) return nullptr;
      auto e = std::make_unique<Expr>();
      e->kind = Expr::Kind::Not;
      e->span = Span(at.pos, 1);
      e->lhs = std::move(operand);
      return e;
    }
    return ParsePrimary();
  }

  std::unique_ptr<Expr> ParsePrimary() {
    Token t = tok_;
    switch (t.kind) {
      case Token::Kind::Error: return FailLex(t);
      case Token::Kind::End: return Fail(t, diag::ExprMissingOperand{});
      case Token::Kind::LParen: {
        ++depth_;
        if (TooBig(t)) return nullptr;
        Next();
        auto e = ParseOr();
        --depth_;
        if (!e) return nullptr;
        if (tok_.kind != Token::Kind::RParen) return Fail(tok_, diag::ExprMissingParen{});
        Next();
        return e;
      }
      case Token::Kind::Number: {
        Next();
        auto e = std::make_unique<Expr>();
        e->kind = Expr::Kind::Number;
        e->text = t.text;
        e->span = Span(t.pos, t.len);
        // The lexer takes digits, `.`, `e` and signs; the text must be one number whose
        // value fits its type. (The bound keeps std::regex's recursion short.)
        static const std::regex kNumber("-?[0-9]+(\\.[0-9]*)?([eE][-+]?[0-9]+)?");
        if (t.text.size() > 64) return Fail(t, diag::ExprNumberTooLong{.number = Elide(t.text)});
        if (!std::regex_match(t.text, kNumber)) return Fail(t, diag::ExprNotNumber{.number = t.text});
        bool integral = t.text.find_first_of(".eE") == std::string::npos;
        if (integral && !ParseInt64(t.text)) return Fail(t, diag::ExprIntegerRange{.number = t.text});
        if (!integral && !ParseFiniteDouble(t.text)) return Fail(t, diag::ExprFloatRange{.number = t.text});
        return e;
      }
      case Token::Kind::String: {
        Next();
        auto e = std::make_unique<Expr>();
        e->kind = Expr::Kind::String;
        e->text = t.text;
        e->span = Span(t.pos, t.len);
        return e;
      }
      case Token::Kind::Ident: {
        if (t.text == "true" || t.text == "false") {
          Next();
          auto e = std::make_unique<Expr>();
          e->kind = Expr::Kind::Bool;
          e->boolean = t.text == "true";
          e->span = Span(t.pos, t.len);
          return e;
        }
        auto e = std::make_unique<Expr>();
        e->kind = Expr::Kind::Ref;
        size_t start = t.pos, end = t.pos + t.len;
        e->ref.parts.push_back(t.text);
        e->ref.spans.push_back(Span(t.pos, t.len));
        Next();
        while (tok_.kind == Token::Kind::Dot) {
          Next();
          if (tok_.kind != Token::Kind::Ident) return Fail(tok_, diag::ExprMissingName{});
          e->ref.parts.push_back(tok_.text);
          e->ref.spans.push_back(Span(tok_.pos, tok_.len));
          end = tok_.pos + tok_.len;
          Next();
        }
        for (size_t i = 0; i < e->ref.parts.size(); ++i) {
          if (e->ref.parts[i].back() == '-')
            return Fail(Token{Token::Kind::Ident, "", start, end - start}, diag::ExprArithmetic{.op = '-'});
        }
        e->ref.span = Span(start, end - start);
        e->span = e->ref.span;
        return e;
      }
      default: return Fail(t, diag::ExprUnexpected{.token = t.text});
    }
  }

  std::string_view src_;
  size_t base_;
  const SpanAt& at_;
  DiagSink& sink_;
  size_t pos_ = 0;
  Token tok_;
  bool failed_ = false;
};

}  // namespace

bool ParseTemplate(std::string_view s, const SpanAt& at, DiagSink& sink, std::vector<Piece>& out) {
  std::string literal;
  size_t lit_start = 0;
  bool ok = true;
  auto flush = [&](size_t end) {
    if (!literal.empty()) out.push_back(Piece{literal, nullptr, at(lit_start, end - lit_start)});
    literal.clear();
  };
  size_t i = 0;
  while (i < s.size()) {
    if (s.compare(i, 4, "$${{") == 0) {
      if (literal.empty()) lit_start = i;
      literal += "${{";
      i += 4;
      continue;
    }
    if (s.compare(i, 3, "${{") == 0) {
      flush(i);
      size_t close = s.find("}}", i + 3);
      if (close == std::string_view::npos) {
        sink.Report(at(i, 3), diag::RefUnclosed{});
        return false;
      }
      std::string_view body = s.substr(i + 3, close - i - 3);
      size_t before = sink.ErrorCount();
      ExprParser parser(body, i + 3, at, sink);
      auto e = parser.ParseAll();
      if (!e) {
        if (sink.ErrorCount() == before)
          // No error test: a fallback for a parser failure that reported nothing; every failure reports its own
          // message.
          sink.Report(at(i, close + 2 - i), diag::ExprMalformed{});
        ok = false;
      } else {
        out.push_back(Piece{"", std::shared_ptr<Expr>(std::move(e)), at(i, close + 2 - i)});
      }
      i = close + 2;
      lit_start = i;
      continue;
    }
    if (literal.empty()) lit_start = i;
    literal += s[i++];
  }
  flush(s.size());
  return ok;
}

}  // namespace mlpc
