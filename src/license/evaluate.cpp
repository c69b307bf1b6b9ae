// Normalisation of package.json license fields, categories, and the license policy.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include <simdjson.h>

#include "license/categories.h"
#include "license/license.h"

namespace vigil::license {

namespace {

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

// Splits at top-level " OR " / " AND " (any case), keeping the operators; empty when there is none.
std::vector<std::string> split_operators(const std::string& s, std::vector<std::string>& ops) {
  std::vector<std::string> parts;
  std::string up = upper(s);
  int depth = 0;
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '(') ++depth;
    if (s[i] == ')') --depth;
    if (depth != 0 || s[i] != ' ') continue;
    for (std::string_view op : {" OR ", " AND "}) {
      if (up.compare(i, op.size(), op) == 0) {
        parts.push_back(s.substr(start, i - start));
        ops.emplace_back(trim(op));
        start = i + op.size();
        i = start - 1;
        break;
      }
    }
  }
  if (parts.empty()) return {};
  parts.push_back(s.substr(start));
  return parts;
}

std::string strip_parens(std::string s) {
  s = trim(s);
  while (s.size() >= 2 && s.front() == '(' && s.back() == ')') s = trim(s.substr(1, s.size() - 2));
  return s;
}

int rank(Verdict v) { return static_cast<int>(v); }

// One rule of a policy list, read once.
struct Rule {
  enum class Kind { Category, Glob, Leaves, Raw } kind = Kind::Raw;
  std::string text;
  Category category = Category::Unknown;
  std::string prefix;                      // Glob: upper-case prefix
  std::vector<LicenseExpression> leaves;   // Leaves: simple licenses (exception dropped)
};

struct Rules {
  std::vector<Rule> allow, review, deny;
};

std::vector<Rule> compile_list(const std::vector<std::string>& list) {
  std::vector<Rule> out;
  for (const auto& text : list) {
    Rule r;
    r.text = trim(text);
    if (auto c = parse_category(r.text)) {
      r.kind = Rule::Kind::Category;
      r.category = *c;
    } else if (!r.text.empty() && r.text.back() == '*') {
      r.kind = Rule::Kind::Glob;
      r.prefix = upper(r.text.substr(0, r.text.size() - 1));
    } else if (upper(r.text) != "UNLICENSED") {
      auto e = parse_expression(r.text);
      if (!e) {
        if (auto fixed = correct(r.text)) e = parse_expression(*fixed);
      }
      if (e) {
        r.kind = Rule::Kind::Leaves;
        for (const auto* l : e->leaves()) {
          LicenseExpression x = *l;
          x.exception.clear();
          r.leaves.push_back(std::move(x));
        }
      }
    }
    out.push_back(std::move(r));
  }
  return out;
}

Rules compile(const policy::LicensePolicy& p) { return Rules{compile_list(p.allow), compile_list(p.review), compile_list(p.deny)}; }

bool same_family_or_covered(const LicenseExpression& leaf, const LicenseExpression& rule) {
  LicenseExpression l = leaf;
  l.exception.clear();
  auto s = satisfies(l.str(), {rule.str()});
  return s && *s;
}

// Does `r` name this leaf (by id, glob or raw text)? Category rules are checked separately.
bool names(const Rule& r, const LicenseExpression* leaf, std::string_view raw) {
  switch (r.kind) {
    case Rule::Kind::Category:
      return false;
    case Rule::Kind::Glob:
      if (leaf) return upper(leaf->license).starts_with(r.prefix);
      return upper(raw).starts_with(r.prefix);
    case Rule::Kind::Leaves:
      if (!leaf) return false;
      return std::any_of(r.leaves.begin(), r.leaves.end(), [&](const LicenseExpression& x) { return same_family_or_covered(*leaf, x); });
    case Rule::Kind::Raw:
      return upper(trim(raw)) == upper(r.text);
  }
  return false;
}

struct LeafResult {
  Verdict verdict;
  std::string why;
};

LeafResult judge(const Rules& rules, const LicenseExpression* leaf, std::string_view raw, Category cat) {
  std::string name = leaf ? leaf->str() : std::string(raw);
  auto any = [&](const std::vector<Rule>& list) -> const Rule* {
    for (const auto& r : list) {
      if (names(r, leaf, raw)) return &r;
    }
    return nullptr;
  };
  auto any_cat = [&](const std::vector<Rule>& list) -> const Rule* {
    for (const auto& r : list) {
      if (r.kind == Rule::Kind::Category && r.category == cat) return &r;
    }
    return nullptr;
  };
  if (const Rule* r = any(rules.deny)) return {Verdict::NonCompliant, fmt::format("{} is denied (\"{}\")", name, r->text)};
  if (const Rule* r = any(rules.allow)) return {Verdict::Compliant, fmt::format("{} is allowed (\"{}\")", name, r->text)};
  if (const Rule* r = any(rules.review)) return {Verdict::Review, fmt::format("{} needs review (\"{}\")", name, r->text)};
  if (any_cat(rules.deny)) return {Verdict::NonCompliant, fmt::format("{} is {}, which the policy denies", name, to_string(cat))};
  if (any_cat(rules.allow)) return {Verdict::Compliant, fmt::format("{} is {}", name, to_string(cat))};
  if (any_cat(rules.review)) return {Verdict::Review, fmt::format("{} is {}: needs review", name, to_string(cat))};
  if (cat == Category::Unknown) {
    return {Verdict::Unknown, leaf ? fmt::format("{} is not in vigil's license classification", name)
                                   : fmt::format("license not recognised: \"{}\"", name)};
  }
  return {Verdict::NonCompliant, fmt::format("{} is {}, which the policy does not allow", name, to_string(cat))};
}

struct ExprResult {
  Verdict verdict;
  std::string chosen;
  std::string why;
};

ExprResult judge_expr(const Rules& rules, const LicenseExpression& e) {
  if (e.kind == LicenseExpression::Kind::License) {
    auto r = judge(rules, &e, e.license, category_of(e.license));
    if (!e.exception.empty()) r.why += fmt::format(" (WITH {} follows the license)", e.exception);
    return {r.verdict, e.str(), r.why};
  }
  ExprResult a = judge_expr(rules, *e.left);
  ExprResult b = judge_expr(rules, *e.right);
  if (e.kind == LicenseExpression::Kind::And) {
    const ExprResult& worst = rank(b.verdict) > rank(a.verdict) ? b : a;
    return {worst.verdict, e.str(), worst.why};
  }
  // OR: the best alternative decides; a rejected alternative makes it a dual-licensing choice.
  const ExprResult& best = rank(b.verdict) < rank(a.verdict) ? b : a;
  const ExprResult& other = &best == &a ? b : a;
  ExprResult r = best;
  if ((best.verdict == Verdict::Compliant || best.verdict == Verdict::LowRisk) && other.verdict != Verdict::Compliant) {
    r.verdict = Verdict::LowRisk;
  }
  return r;
}

}  // namespace

std::string_view to_string(Category c) {
  switch (c) {
    case Category::Permissive: return "permissive";
    case Category::PublicDomain: return "public-domain";
    case Category::WeakCopyleft: return "weak-copyleft";
    case Category::StrongCopyleft: return "strong-copyleft";
    case Category::NetworkCopyleft: return "network-copyleft";
    case Category::NonCommercial: return "non-commercial";
    case Category::Unknown: return "unknown";
  }
  return "unknown";
}

std::optional<Category> parse_category(std::string_view text) {
  for (Category c : {Category::Permissive, Category::PublicDomain, Category::WeakCopyleft, Category::StrongCopyleft,
                     Category::NetworkCopyleft, Category::NonCommercial, Category::Unknown}) {
    if (text == to_string(c)) return c;
  }
  if (text == "non-commercial-or-other" || text == "source-available") return Category::NonCommercial;
  return std::nullopt;
}

std::string_view to_string(Verdict v) {
  switch (v) {
    case Verdict::Compliant: return "compliant";
    case Verdict::LowRisk: return "low-risk";
    case Verdict::Review: return "review";
    case Verdict::Unknown: return "unknown";
    case Verdict::NonCompliant: return "non-compliant";
  }
  return "unknown";
}

Category category_of(std::string_view id) {
  auto find = [](std::string_view x) -> std::optional<Category> {
    const CategoryRow* b = kCategoryTable;
    const CategoryRow* e = kCategoryTable + kCategoryTableSize;
    auto it = std::lower_bound(b, e, x, [](const CategoryRow& r, std::string_view v) { return std::string_view(r.id) < v; });
    if (it != e && std::string_view(it->id) == x) return it->category;
    return std::nullopt;
  };
  std::string canon(id);
  if (auto c = canonical_license_id(id)) canon = std::string(*c);
  if (auto c = find(canon)) return *c;
  // Family members the table does not list: X-only, X-or-later, X+ -> X.
  for (std::string_view suffix : {"-or-later", "-only", "+"}) {
    if (canon.size() > suffix.size() && std::string_view(canon).ends_with(suffix)) {
      if (auto c = find(std::string_view(canon).substr(0, canon.size() - suffix.size()))) return *c;
    }
  }
  return Category::Unknown;
}

std::string NormalisedLicense::text() const { return expression ? expression->str() : std::string("UNKNOWN"); }

NormalisedLicense normalise(std::string_view raw_in) {
  NormalisedLicense n;
  n.raw = std::string(raw_in);
  std::string s = trim(raw_in);
  while (s.size() >= 2 && ((s.front() == '"' && s.back() == '"') || (s.front() == '\'' && s.back() == '\''))) s = trim(s.substr(1, s.size() - 2));
  if (s.empty()) return n;
  std::string up = upper(s);
  if (up == "UNLICENSED") {
    n.status = NormalisedLicense::Status::Unknown;
    n.unlicensed = true;
    n.note = "UNLICENSED: no license is granted (npm's word for proprietary)";
    return n;
  }
  if (up.starts_with("SEE LICENSE IN ")) {
    n.status = NormalisedLicense::Status::Unknown;
    n.see_file = trim(s.substr(15));
    n.note = fmt::format("the license is in the file {}", n.see_file);
    return n;
  }
  if (auto e = parse_expression(s)) {
    n.status = s == n.raw ? NormalisedLicense::Status::Valid : NormalisedLicense::Status::Corrected;
    n.expression = std::move(*e);
    return n;
  }
  // Several licenses written out ("MIT OR Apache 2.0", the legacy `licenses` array joined by the
  // inventory): each part on its own.
  std::vector<std::string> ops;
  auto parts = split_operators(s, ops);
  if (!parts.empty()) {
    std::string joined;
    bool all = true;
    for (size_t i = 0; i < parts.size() && all; ++i) {
      auto c = correct(strip_parens(parts[i]));
      if (!c || !parse_expression(*c)) {
        all = false;
        break;
      }
      std::string piece = *c;
      if (piece.find(' ') != std::string::npos) piece = "(" + piece + ")";
      joined += (i == 0 ? "" : " " + ops[i - 1] + " ") + piece;
    }
    if (all) {
      if (auto e = parse_expression(joined)) {
        n.status = NormalisedLicense::Status::Corrected;
        n.expression = std::move(*e);
        n.note = fmt::format("read \"{}\" as {}", s, n.expression->str());
        return n;
      }
    }
  }
  if (auto c = correct(s)) {
    if (auto e = parse_expression(*c)) {
      n.status = NormalisedLicense::Status::Corrected;
      n.expression = std::move(*e);
      n.note = fmt::format("read \"{}\" as {}", s, n.expression->str());
      return n;
    }
  }
  n.status = NormalisedLicense::Status::Unknown;
  n.note = fmt::format("\"{}\" is not an SPDX license expression vigil can read", s);
  return n;
}

namespace {

// The license an installed package.json declares: "license" (a string, or the legacy
// {"type": ...}), else the legacy "licenses" array joined with OR. Empty when none or unreadable.
std::string installed_license(const std::filesystem::path& manifest, const std::string& display, std::vector<Error>& warnings) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(manifest, ec)) return {};
  auto text = read_file(manifest, 16 << 20, display);
  if (!text) {
    warnings.push_back(text.error());
    return {};
  }
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(*text).get(root)) {
    warnings.push_back(make_error(display, "is not valid JSON: its license is not read"));
    return {};
  }
  simdjson::dom::element lic;
  if (!root["license"].get(lic)) {
    std::string_view sv;
    if (!lic.get_string().get(sv)) return std::string(sv);
    if (!lic["type"].get_string().get(sv)) return std::string(sv);
  }
  simdjson::dom::array arr;
  std::string joined;
  // "licenses": [{type, url}, ...] or strings; some packages put such an array under "license".
  if (!root["licenses"].get_array().get(arr) || !root["license"].get_array().get(arr)) {
    for (simdjson::dom::element item : arr) {
      std::string_view sv;
      if (item.get_string().get(sv) && item["type"].get_string().get(sv)) continue;
      joined += (joined.empty() ? "" : " OR ") + std::string(sv);
    }
  }
  return joined;
}

}  // namespace

policy::LicensePolicy default_policy() {
  policy::LicensePolicy p;
  p.allow = {"permissive", "public-domain"};
  p.review = {"weak-copyleft"};
  p.deny = {"strong-copyleft", "network-copyleft", "non-commercial"};
  return p;
}

namespace {

Evaluation evaluate_compiled(const NormalisedLicense& lic, const Rules& rules, const policy::LicensePolicy& policy,
                             std::string_view package, std::string_view version, policy::Date today) {
  Evaluation ev;
  ev.raw = lic.raw;
  ev.expression = lic.text();
  if (lic.expression) {
    std::vector<bool> seen(7, false);
    for (const auto* l : lic.expression->leaves()) seen[static_cast<size_t>(category_of(l->license))] = true;
    for (size_t i = 0; i < seen.size(); ++i) {
      if (seen[i]) ev.categories.push_back(static_cast<Category>(i));
    }
    ExprResult r = judge_expr(rules, *lic.expression);
    ev.verdict = r.verdict;
    ev.reason = r.why;
    if (lic.expression->kind == LicenseExpression::Kind::Or) {
      ev.chosen = r.chosen;
      if (r.verdict == Verdict::LowRisk) ev.reason = fmt::format("dual-licensed: {} chosen", r.chosen);
      else if (r.verdict == Verdict::Compliant) ev.reason = fmt::format("every alternative is allowed; {} chosen", r.chosen);
    }
  } else if (lic.unlicensed) {
    ev.categories = {Category::NonCommercial};
    auto r = judge(rules, nullptr, "UNLICENSED", Category::NonCommercial);
    ev.verdict = r.verdict;
    ev.reason = r.verdict == Verdict::Compliant ? r.why : "UNLICENSED: no license is granted";
  } else {
    ev.categories = {Category::Unknown};
    std::string raw = trim(lic.raw);
    auto r = judge(rules, nullptr, raw.empty() ? "" : raw, Category::Unknown);
    ev.verdict = r.verdict;
    ev.reason = raw.empty() ? "no license declared" : (lic.see_file.empty() ? r.why : lic.note);
    if (r.verdict == Verdict::Compliant) ev.reason = r.why;
  }
  for (const auto& ex : policy.exceptions) {
    if (ex.package != package || (!ex.version.empty() && ex.version != version)) continue;
    if (ex.expires && *ex.expires < today) {
      ev.reason += fmt::format(" (the exception at {} expired on {})", ex.origin, ex.expires->str());
      continue;
    }
    if (ev.verdict != Verdict::Compliant && ev.verdict != Verdict::LowRisk) {
      ev.verdict = Verdict::Compliant;
      ev.reason = fmt::format("policy exception: {}", ex.reason);
      ev.exception_origin = ex.origin;
    }
    break;
  }
  return ev;
}

}  // namespace

Evaluation evaluate(const NormalisedLicense& license, const policy::LicensePolicy& policy, std::string_view package,
                    std::string_view version, policy::Date today) {
  return evaluate_compiled(license, compile(policy), policy, package, version, today);
}

Report evaluate_inventory(const inventory::Inventory& inv,
                          const std::function<const policy::LicensePolicy&(const std::string&)>& policy_of,
                          policy::Date today, bool detect_files) {
  Report rep;
  std::map<const policy::LicensePolicy*, Rules> compiled;
  std::map<std::string, NormalisedLicense> normalised;
  // A published name@version never changes: a license one codebase's lockfile declares holds for
  // the same library in codebases whose lockfiles (v1, yarn) carry none.
  std::map<std::string, std::pair<std::string, std::string>> declared_elsewhere;  // name@version -> (license, codebase)
  for (const auto& cb : inv.codebases) {
    for (const auto& comp : cb.components) {
      if (comp.library() && !comp.pkg.license.empty()) declared_elsewhere.emplace(comp.pkg.id(), std::make_pair(comp.pkg.license, cb.id));
    }
  }
  for (const auto& cb : inv.codebases) {
    const policy::LicensePolicy& pol = policy_of(cb.id);
    auto it = compiled.find(&pol);
    if (it == compiled.end()) it = compiled.emplace(&pol, compile(pol)).first;
    for (const auto& comp : cb.components) {
      if (!comp.library()) continue;
      LibraryLicense lib;
      lib.codebase = cb.id;
      lib.name = comp.pkg.name;
      lib.version = comp.pkg.version;
      lib.dev_only = comp.scope == inventory::Scope::Dev;
      if (!comp.shortest_path.empty()) lib.path = cb.path_ids(comp.shortest_path);
      std::string declared = comp.pkg.license;
      lib.source = declared.empty() ? "none" : "declared";
      if (declared.empty()) {
        if (auto d = declared_elsewhere.find(comp.pkg.id()); d != declared_elsewhere.end()) {
          declared = d->second.first;
          lib.source = fmt::format("declared in {}", d->second.second);
        }
      }
      std::filesystem::path installed = std::filesystem::path(cb.dir) / "node_modules" / comp.pkg.name;
      std::string installed_display = (cb.id == "." ? std::string() : cb.id + "/") + "node_modules/" + comp.pkg.name;
      if (declared.empty() && detect_files) {
        declared = installed_license(installed / "package.json", installed_display + "/package.json", rep.warnings);
        if (!declared.empty()) lib.source = "node_modules package.json";
      }
      auto nit = normalised.find(declared);
      if (nit == normalised.end()) nit = normalised.emplace(declared, normalise(declared)).first;
      NormalisedLicense lic = nit->second;
      if (detect_files && !lic.expression && !lic.unlicensed) {
        std::error_code ec;
        if (std::filesystem::is_directory(installed, ec)) {
          FileDetection d = detect_in_folder(installed, installed_display, lic.see_file);
          rep.warnings.insert(rep.warnings.end(), d.warnings.begin(), d.warnings.end());
          if (d.match && !d.match->id.empty()) {
            if (auto e = parse_expression(d.match->id)) {
              lic.expression = std::move(*e);
              lic.status = NormalisedLicense::Status::Corrected;
              lib.source = fmt::format("{} ({:.0f}% match)", d.file, d.match->score * 100);
            }
          }
        }
      }
      lib.evaluation = evaluate_compiled(lic, it->second, pol, lib.name, lib.version, today);
      if (lib.source.starts_with("LICENSE") || lib.source.starts_with("COPYING") || lib.source.starts_with("LICENCE") || lib.source.find("% match") != std::string::npos) lib.evaluation.reason += fmt::format("; detected from {}", lib.source);
      rep.libraries.push_back(std::move(lib));
    }
  }
  std::sort(rep.libraries.begin(), rep.libraries.end(), [](const LibraryLicense& a, const LibraryLicense& b) {
    return std::tie(a.codebase, a.name, a.version) < std::tie(b.codebase, b.name, b.version);
  });
  std::sort(rep.warnings.begin(), rep.warnings.end(), [](const Error& a, const Error& b) { return a.to_string() < b.to_string(); });
  return rep;
}

bool fails_gate(Verdict v, std::string_view fail_on) {
  if (fail_on.empty()) return false;
  return v == Verdict::NonCompliant || v == Verdict::Unknown || (fail_on == "review" && v == Verdict::Review);
}

}  // namespace vigil::license
