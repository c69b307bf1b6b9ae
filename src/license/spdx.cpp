// The SPDX license list, the expression parser (spdx-expression-parse 5.0.0's behaviour) and
// spdx-satisfies 6.0.0.
#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <mutex>

#include "license/license.h"
#include "license/spdx_data.h"

namespace vigil::license {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

const data::LicenseRow* find_row(std::string_view id) {
  const data::LicenseRow* b = data::kLicenses;
  const data::LicenseRow* e = data::kLicenses + data::kLicenseCount;
  auto it = std::lower_bound(b, e, id, [](const data::LicenseRow& r, std::string_view v) { return std::string_view(r.id) < v; });
  return it != e && std::string_view(it->id) == id ? it : nullptr;
}

struct CaseIndex {
  std::map<std::string, std::string_view> licenses, exceptions;
};
const CaseIndex& case_index() {
  static const CaseIndex idx = [] {
    CaseIndex i;
    for (size_t k = 0; k < data::kLicenseCount; ++k) {
      // A current id wins over a deprecated one spelled the same in another case.
      auto [it, fresh] = i.licenses.emplace(lower(data::kLicenses[k].id), data::kLicenses[k].id);
      if (!fresh && find_row(it->second)->deprecated && !data::kLicenses[k].deprecated) it->second = data::kLicenses[k].id;
    }
    for (size_t k = 0; k < data::kExceptionCount; ++k) i.exceptions.emplace(lower(data::kExceptions[k].id), data::kExceptions[k].id);
    return i;
  }();
  return idx;
}

LicenseInfo info_of(const data::LicenseRow& r) { return LicenseInfo{r.id, r.name, r.osi_approved, r.deprecated}; }

bool idchar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.'; }

// ---- scanner ----
struct Token {
  enum Kind { Op, DocumentRef, LicenseRef, License, Exception } kind;
  std::string text;
  size_t offset;
};

Expected<std::vector<Token>> scan(std::string_view src) {
  std::vector<Token> tokens;
  size_t i = 0;
  auto err = [&](size_t at, std::string msg) { return make_error("", 1, static_cast<uint32_t>(at + 1), std::move(msg)); };
  auto idstring = [&]() {
    size_t b = i;
    while (i < src.size() && idchar(src[i])) ++i;
    return std::string(src.substr(b, i - b));
  };
  auto starts_ci = [&](std::string_view w) {
    if (src.size() - i < w.size()) return false;
    for (size_t k = 0; k < w.size(); ++k) {
      if (std::toupper(static_cast<unsigned char>(src[i + k])) != w[k]) return false;
    }
    return true;
  };
  while (i < src.size()) {
    while (i < src.size() && src[i] == ' ') ++i;
    if (i >= src.size()) break;
    size_t at = i;
    bool op = false;
    for (std::string_view w : {"WITH", "AND", "OR"}) {
      if (starts_ci(w)) {
        i += w.size();
        tokens.push_back({Token::Op, std::string(w), at});
        op = true;
        break;
      }
    }
    if (op) continue;
    char c = src[i];
    if (c == '(' || c == ')' || c == ':' || c == '+') {
      if (c == '+' && i > 0 && src[i - 1] == ' ') return err(i, "Space before `+`");
      ++i;
      tokens.push_back({Token::Op, std::string(1, c), at});
      continue;
    }
    if (src.substr(i).starts_with("DocumentRef-") || src.substr(i).starts_with("LicenseRef-")) {
      bool doc = src[i] == 'D';
      i += doc ? 12 : 11;
      std::string s = idstring();
      if (s.empty()) return err(i, fmt::format("Expected idstring at offset {}", i));
      tokens.push_back({doc ? Token::DocumentRef : Token::LicenseRef, s, at});
      continue;
    }
    size_t b = i;
    std::string s = idstring();
    if (!s.empty() && find_row(s)) {
      tokens.push_back({Token::License, s, at});
      continue;
    }
    if (!s.empty() && is_exception_id(s)) {
      tokens.push_back({Token::Exception, s, at});
      continue;
    }
    i = b;
    return err(i, fmt::format("Unexpected `{}` at offset {}", src[i], i));
  }
  return tokens;
}

// ---- parser ----
class Parser {
 public:
  Parser(const std::vector<Token>& t, size_t end) : t_(t), end_(end) {}

  Expected<LicenseExpression> run() {
    auto node = expression();
    if (!node) return node.error();
    if (!*node || i_ < t_.size()) return fail("Syntax error");
    return std::move(**node);
  }

 private:
  using Node = std::optional<LicenseExpression>;
  Error fail(std::string msg) const {
    size_t at = i_ < t_.size() ? t_[i_].offset : end_;
    return make_error("", 1, static_cast<uint32_t>(at + 1), std::move(msg));
  }
  const Token* tok() const { return i_ < t_.size() ? &t_[i_] : nullptr; }
  bool op(std::string_view s) {
    const Token* t = tok();
    if (t && t->kind == Token::Op && t->text == s) {
      ++i_;
      return true;
    }
    return false;
  }
  Expected<std::string> with() {
    if (!op("WITH")) return std::string();
    const Token* t = tok();
    if (t && t->kind == Token::Exception) {
      ++i_;
      return t->text;
    }
    return fail("Expected exception after `WITH`");
  }
  Expected<Node> atom() {
    if (op("(")) {
      if (++depth_ > kMaxDepth) return fail(fmt::format("parentheses nested deeper than {}", kMaxDepth));
      auto e = expression();
      --depth_;
      if (!e) return e.error();
      if (!*e) return fail("Syntax error");
      if (!op(")")) return fail("Expected `)`");
      return std::move(*e);
    }
    const Token* t = tok();
    if (!t) return fail("Unexpected end of input");
    if (t->kind == Token::DocumentRef || t->kind == Token::LicenseRef) {
      std::string s;
      if (t->kind == Token::DocumentRef) {
        ++i_;
        s = "DocumentRef-" + t->text + ":";
        if (!op(":")) return fail("Expected `:` after `DocumentRef-...`");
        t = tok();
        if (!t) return fail("Unexpected end of input");
        if (t->kind != Token::LicenseRef) return fail("Expected `LicenseRef-...` after `DocumentRef-...:`");
      }
      ++i_;
      LicenseExpression n;
      n.license = s + "LicenseRef-" + t->text;
      auto w = with();
      if (!w) return w.error();
      n.exception = *w;
      return Node(std::move(n));
    }
    if (t->kind == Token::License) {
      ++i_;
      LicenseExpression n;
      n.license = t->text;
      n.plus = op("+");
      auto w = with();
      if (!w) return w.error();
      n.exception = *w;
      return Node(std::move(n));
    }
    return Node();
  }
  Expected<Node> binary(bool is_or) {
    auto left = is_or ? binary(false) : atom();
    if (!left) return left;
    if (!*left) return left;
    if (!op(is_or ? "OR" : "AND")) return left;
    auto right = binary(is_or);
    if (!right) return right;
    if (!*right) return fail("Expected expression");
    LicenseExpression n;
    n.kind = is_or ? LicenseExpression::Kind::Or : LicenseExpression::Kind::And;
    n.left = std::make_shared<const LicenseExpression>(std::move(**left));
    n.right = std::make_shared<const LicenseExpression>(std::move(**right));
    return Node(std::move(n));
  }
  Expected<Node> expression() { return binary(true); }

  static constexpr int kMaxDepth = 64;
  const std::vector<Token>& t_;
  size_t end_;
  size_t i_ = 0;
  int depth_ = 0;
};

void collect_leaves(const LicenseExpression& e, std::vector<const LicenseExpression*>& out) {
  if (e.kind == LicenseExpression::Kind::License) {
    out.push_back(&e);
    return;
  }
  collect_leaves(*e.left, out);
  collect_leaves(*e.right, out);
}

// ---- satisfies ----
struct Leaf {
  std::string license;
  bool plus = false;
  std::string exception;
  std::string key() const { return license + (plus ? "+" : "") + (exception.empty() ? "" : "WITH " + exception); }
};

bool js_ends_with(const std::string& s, std::string_view sub) {
  // spdx-satisfies' endsWith: indexOf(sub) === length - sub.length (true for some short ids).
  size_t p = s.find(sub);
  long long idx = p == std::string::npos ? -1 : static_cast<long long>(p);
  return idx == static_cast<long long>(s.size()) - static_cast<long long>(sub.size());
}

Leaf to_leaf(const LicenseExpression& e) {
  Leaf l{e.license, e.plus, e.exception};
  if (js_ends_with(l.license, "-or-later")) {
    if (size_t p = l.license.find("-or-later"); p != std::string::npos) l.license.erase(p, 9);
    l.plus = true;
  } else if (js_ends_with(l.license, "-only")) {
    if (size_t p = l.license.find("-only"); p != std::string::npos) l.license.erase(p, 5);
    l.plus = false;
  }
  return l;
}

// Positions of `id` in the spdx-ranges families: (family, group).
std::vector<std::pair<uint32_t, uint32_t>> range_positions(std::string_view id) {
  std::vector<std::pair<uint32_t, uint32_t>> out;
  for (size_t k = 0; k < data::kRangeCount; ++k) {
    if (id == data::kRanges[k].id) out.emplace_back(data::kRanges[k].range, data::kRanges[k].group);
  }
  return out;
}

// spdx-compare's gt/eq: some family holds both and first's position is > (or ==) second's.
bool compare_ge(std::string_view first, std::string_view second) {
  auto a = range_positions(first);
  auto b = range_positions(second);
  for (auto [fa, ga] : a) {
    // arrayFindIndex: the first group of that family holding the id.
    uint32_t first_group = ga;
    for (auto [fa2, ga2] : a) {
      if (fa2 == fa) first_group = std::min(first_group, ga2);
    }
    for (auto [fb, gb] : b) {
      if (fb != fa) continue;
      uint32_t second_group = gb;
      for (auto [fb2, gb2] : b) {
        if (fb2 == fb) second_group = std::min(second_group, gb2);
      }
      if (first_group >= second_group) return true;
    }
  }
  return false;
}

bool compatible(const Leaf& first, const Leaf& second) {
  if (first.exception != second.exception) return false;
  if (second.plus) {
    if (first.plus) {
      if (first.license == second.license) return true;
      auto a = range_positions(first.license);
      auto b = range_positions(second.license);
      for (auto [fa, ga] : a) {
        (void)ga;
        for (auto [fb, gb] : b) {
          (void)gb;
          if (fa == fb) return true;
        }
      }
      return false;
    }
    return first.license == second.license || compare_ge(first.license, second.license);
  }
  if (first.plus) return second.license == first.license || compare_ge(second.license, first.license);
  return first.license == second.license;
}

std::vector<std::vector<Leaf>> expand(const LicenseExpression& e) {
  if (e.kind == LicenseExpression::Kind::License) {
    Leaf l = to_leaf(e);
    return {{l}};
  }
  auto left = expand(*e.left);
  auto right = expand(*e.right);
  if (e.kind == LicenseExpression::Kind::Or) {
    left.insert(left.end(), right.begin(), right.end());
    return left;
  }
  std::vector<std::vector<Leaf>> out;
  for (const auto& l : left) {
    for (const auto& r : right) {
      std::map<std::string, Leaf> merged;
      for (const auto& x : l) merged.insert_or_assign(x.key(), x);
      for (const auto& x : r) merged.insert_or_assign(x.key(), x);
      std::vector<Leaf> v;
      for (auto& [k, x] : merged) v.push_back(x);
      out.push_back(std::move(v));
    }
  }
  return out;
}

}  // namespace

// ---- the list ----
const LicenseInfo* find_license(std::string_view id) {
  static const std::vector<LicenseInfo> infos = [] {
    std::vector<LicenseInfo> v;
    for (size_t k = 0; k < data::kLicenseCount; ++k) v.push_back(info_of(data::kLicenses[k]));
    return v;
  }();
  const data::LicenseRow* r = find_row(id);
  return r ? &infos[static_cast<size_t>(r - data::kLicenses)] : nullptr;
}

std::optional<std::string_view> canonical_license_id(std::string_view id) {
  const auto& m = case_index().licenses;
  auto it = m.find(lower(id));
  if (it == m.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string_view> canonical_exception_id(std::string_view id) {
  const auto& m = case_index().exceptions;
  auto it = m.find(lower(id));
  if (it == m.end()) return std::nullopt;
  return it->second;
}

bool is_license_id(std::string_view id) { return find_row(id) != nullptr; }

bool is_exception_id(std::string_view id) {
  const data::ExceptionRow* b = data::kExceptions;
  const data::ExceptionRow* e = data::kExceptions + data::kExceptionCount;
  auto it = std::lower_bound(b, e, id, [](const data::ExceptionRow& r, std::string_view v) { return std::string_view(r.id) < v; });
  return it != e && std::string_view(it->id) == id;
}

std::vector<LicenseInfo> all_licenses() {
  std::vector<LicenseInfo> v;
  for (size_t k = 0; k < data::kLicenseCount; ++k) v.push_back(info_of(data::kLicenses[k]));
  return v;
}

std::vector<std::string_view> all_exceptions() {
  std::vector<std::string_view> v;
  for (size_t k = 0; k < data::kExceptionCount; ++k) v.emplace_back(data::kExceptions[k].id);
  return v;
}

std::string_view list_version() { return data::kPackageVersions; }

// ---- expressions ----
std::string LicenseExpression::str() const {
  if (kind == Kind::License) return license + (plus ? "+" : "") + (exception.empty() ? "" : " WITH " + exception);
  auto side = [&](const LicenseExpression& c) {
    std::string s = c.str();
    return kind == Kind::And && c.kind == Kind::Or ? "(" + s + ")" : s;
  };
  return side(*left) + (kind == Kind::And ? " AND " : " OR ") + side(*right);
}

std::vector<const LicenseExpression*> LicenseExpression::leaves() const {
  std::vector<const LicenseExpression*> out;
  collect_leaves(*this, out);
  return out;
}

Expected<LicenseExpression> parse_expression(std::string_view text) {
  if (text.size() > kMaxExpressionBytes) {
    return make_error("", fmt::format("a license expression of {} bytes is longer than the {} vigil reads", text.size(), kMaxExpressionBytes));
  }
  auto tokens = scan(text);
  if (!tokens) return tokens.error();
  Parser p(*tokens, text.size());
  return p.run();
}

Expected<bool> satisfies(std::string_view expression, const std::vector<std::string>& allowed) {
  auto e = parse_expression(expression);
  if (!e) return e.error();
  std::vector<Leaf> approved;
  for (const auto& a : allowed) {
    auto p = parse_expression(a);
    if (!p) return p.error();
    if (p->kind != LicenseExpression::Kind::License) {
      return make_error("", fmt::format("Approved licenses cannot be AND or OR expressions: {}", a));
    }
    approved.push_back(to_leaf(*p));
  }
  for (const auto& conj : expand(*e)) {
    bool all = std::all_of(conj.begin(), conj.end(), [&](const Leaf& l) {
      return std::any_of(approved.begin(), approved.end(), [&](const Leaf& a) { return compatible(l, a); });
    });
    if (all) return true;
  }
  return false;
}

}  // namespace vigil::license
