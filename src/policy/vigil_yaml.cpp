// vigil.yaml: the policy file. Strict: an unknown key is an error (a typo in a policy must not
// silently turn a rule off), and so is a suppression without a reason.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "policy/policy.h"
#include "yaml/yaml.h"

namespace vigil::policy {

namespace {

using yaml::YamlNode;
using yaml::YamlTree;

class Reader {
 public:
  Reader(const YamlTree& tree, const std::string& display) : t_(tree), display_(display) {}

  Error error(uint32_t node, std::string message) const { return yaml::yaml_error_at(display_, t_[node], std::move(message)); }

  Expected<std::string> scalar(uint32_t node, std::string_view what) const {
    if (!t_[node].is_scalar() || t_[node].is_null()) return error(node, fmt::format("{} must be a text value", what));
    return std::string(t_[node].text);
  }

  Expected<bool> boolean(uint32_t node, std::string_view what) const {
    const YamlNode& n = t_[node];
    if (n.is_scalar() && n.plain && (n.text == "true" || n.text == "false")) return n.text == "true";
    return error(node, fmt::format("{} must be true or false", what));
  }

  Expected<int> integer(uint32_t node, std::string_view what, int min, int max) const {
    const YamlNode& n = t_[node];
    int v = 0;
    if (n.is_scalar() && n.plain) {
      auto [p, ec] = std::from_chars(n.text.data(), n.text.data() + n.text.size(), v);
      if (ec == std::errc() && p == n.text.data() + n.text.size() && v >= min && v <= max) return v;
    }
    return error(node, fmt::format("{} must be a whole number from {} to {}", what, min, max));
  }

  Expected<Severity> severity(uint32_t node, std::string_view what) const {
    auto s = scalar(node, what);
    if (!s) return s.error();
    auto sev = parse_severity(*s);
    if (!sev || *sev == Severity::Unknown || *sev == Severity::None) {
      return error(node, fmt::format("{} must be one of low, moderate, high, critical (not \"{}\")", what, *s));
    }
    return *sev;
  }

  // Checks that a mapping has only `allowed` keys.
  Status keys(uint32_t m, std::string_view what, std::initializer_list<std::string_view> allowed) const {
    if (!t_[m].is_mapping()) return error(m, fmt::format("{} must be a mapping", what));
    for (auto [k, v] : t_.pairs(m)) {
      (void)v;
      if (std::find(allowed.begin(), allowed.end(), t_[k].text) == allowed.end()) {
        std::string list;
        for (auto a : allowed) {
          if (!list.empty()) list.append(", ");
          list.append(a);
        }
        return error(k, fmt::format("unknown key \"{}\" in {} (known: {})", t_[k].text, what, list));
      }
    }
    return {};
  }

  int64_t find(uint32_t m, std::string_view key) const { return t_.find(m, key); }
  const YamlTree& tree() const { return t_; }
  const std::string& display() const { return display_; }

 private:
  const YamlTree& t_;
  const std::string& display_;
};

Expected<Suppression> read_suppression(const Reader& r, uint32_t node, Date today, std::vector<Error>& warnings) {
  auto st = r.keys(node, "a suppression", {"id", "package", "version", "reason", "expires", "include-aliases"});
  if (!st) return st.error();
  Suppression s;
  s.origin = fmt::format("{}:{}", r.display(), r.tree()[node].line);
  int64_t id = r.find(node, "id");
  if (id < 0) return r.error(node, "a suppression needs an id (an advisory id or alias such as GHSA-xxxx-xxxx-xxxx or CVE-2024-12345)");
  auto idv = r.scalar(static_cast<uint32_t>(id), "id");
  if (!idv) return idv.error();
  s.id = *idv;
  if (int64_t p = r.find(node, "package"); p >= 0) {
    auto v = r.scalar(static_cast<uint32_t>(p), "package");
    if (!v) return v.error();
    s.package = *v;
  }
  if (s.id == "*" && s.package.empty()) return r.error(static_cast<uint32_t>(id), "id \"*\" (every advisory) needs a package");
  if (int64_t p = r.find(node, "version"); p >= 0) {
    auto v = r.scalar(static_cast<uint32_t>(p), "version");
    if (!v) return v.error();
    if (s.package.empty()) return r.error(static_cast<uint32_t>(p), "a suppression's version needs a package");
    s.version = *v;
  }
  int64_t reason = r.find(node, "reason");
  if (reason < 0) return r.error(node, fmt::format("the suppression of {} needs a reason", s.id));
  auto rv = r.scalar(static_cast<uint32_t>(reason), "reason");
  if (!rv) return rv.error();
  if (rv->find_first_not_of(" \t\r\n") == std::string::npos) {
    return r.error(static_cast<uint32_t>(reason), fmt::format("the suppression of {} needs a reason", s.id));
  }
  s.reason = *rv;
  if (int64_t e = r.find(node, "expires"); e >= 0) {
    auto ev = r.scalar(static_cast<uint32_t>(e), "expires");
    if (!ev) return ev.error();
    auto d = parse_date(*ev);
    if (!d) return r.error(static_cast<uint32_t>(e), fmt::format("expires must be a date YYYY-MM-DD (not \"{}\")", *ev));
    s.expires = *d;
    if (*d < today) {
      const auto& n = r.tree()[static_cast<uint32_t>(e)];
      warnings.push_back(make_error(r.display(), n.line, n.column,
                                    fmt::format("the suppression of {} expired on {}: it no longer suppresses", s.id, d->str())));
    }
  }
  if (int64_t a = r.find(node, "include-aliases"); a >= 0) {
    auto av = r.boolean(static_cast<uint32_t>(a), "include-aliases");
    if (!av) return av.error();
    s.include_aliases = *av;
  }
  return s;
}

}  // namespace

Expected<Policy> parse_policy(std::string_view text, const std::string& display, Date today) {
  if (size_t bad = first_invalid_utf8(text); bad != std::string_view::npos) {
    auto pos = position_of(text, bad);
    return make_error(display, pos.line, pos.column, "the file is not valid UTF-8");
  }
  auto tree = yaml::read_yaml(display, text);
  if (!tree) return tree.error();
  Policy policy;
  if (tree->empty()) return policy;
  Reader r(*tree, display);
  uint32_t root = tree->root();
  if (tree->operator[](root).is_null()) return policy;
  // Sections of checks that later vigil versions read are accepted here so that one policy
  // file serves every version; their contents are checked by the checks that use them.
  auto st = r.keys(root, "vigil.yaml", {"version", "vulnerabilities", "vulndb", "licenses", "sast", "outdated", "registry", "audit"});
  if (!st) return st.error();
  if (int64_t v = r.find(root, "version"); v >= 0) {
    auto iv = r.integer(static_cast<uint32_t>(v), "version", 1, 1);
    if (!iv) return iv.error();
    policy.version = *iv;
  }
  if (int64_t vs = r.find(root, "vulnerabilities"); vs >= 0) {
    auto vn = static_cast<uint32_t>(vs);
    if (!(*tree)[vn].is_null()) {
      auto ks = r.keys(vn, "vulnerabilities", {"fail-on", "prod-only", "suppressions", "import"});
      if (!ks) return ks.error();
      if (int64_t f = r.find(vn, "fail-on"); f >= 0) {
        auto sev = r.severity(static_cast<uint32_t>(f), "fail-on");
        if (!sev) return sev.error();
        policy.vulnerabilities.fail_on = *sev;
      }
      if (int64_t p = r.find(vn, "prod-only"); p >= 0) {
        auto b = r.boolean(static_cast<uint32_t>(p), "prod-only");
        if (!b) return b.error();
        policy.vulnerabilities.prod_only = *b;
      }
      if (int64_t i = r.find(vn, "import"); i >= 0) {
        auto in = static_cast<uint32_t>(i);
        if (!(*tree)[in].is_sequence()) return r.error(in, "import must be a list of file names");
        for (uint32_t item : tree->items(in)) {
          auto s = r.scalar(item, "an import");
          if (!s) return s.error();
          policy.vulnerabilities.imports.push_back(*s);
        }
      }
      if (int64_t s = r.find(vn, "suppressions"); s >= 0) {
        auto sn = static_cast<uint32_t>(s);
        if (!(*tree)[sn].is_null()) {
          if (!(*tree)[sn].is_sequence()) return r.error(sn, "suppressions must be a list");
          for (uint32_t item : tree->items(sn)) {
            auto sup = read_suppression(r, item, today, policy.warnings);
            if (!sup) return sup.error();
            policy.vulnerabilities.suppressions.push_back(std::move(*sup));
          }
        }
      }
    }
  }
  if (int64_t ls = r.find(root, "licenses"); ls >= 0) {
    auto ln = static_cast<uint32_t>(ls);
    LicensePolicy lp;
    if (!(*tree)[ln].is_null()) {
      // "allowed"/"denied" are accepted as spellings of allow/deny.
      auto ks = r.keys(ln, "licenses", {"allow", "allowed", "review", "deny", "denied", "exceptions", "fail-on", "import"});
      if (!ks) return ks.error();
      auto list = [&](std::string_view key, std::vector<std::string>& out) -> Status {
        int64_t k = r.find(ln, key);
        if (k < 0) return {};
        auto kn = static_cast<uint32_t>(k);
        if ((*tree)[kn].is_null()) return {};
        if (!(*tree)[kn].is_sequence()) return r.error(kn, fmt::format("licenses.{} must be a list", key));
        for (uint32_t item : tree->items(kn)) {
          auto s = r.scalar(item, fmt::format("an entry of licenses.{}", key));
          if (!s) return s.error();
          if (s->find_first_not_of(" \t") == std::string::npos) return r.error(item, fmt::format("an entry of licenses.{} is empty", key));
          out.push_back(*s);
        }
        return {};
      };
      for (auto [key, out] : {std::pair<std::string_view, std::vector<std::string>*>{"allow", &lp.allow},
                              {"allowed", &lp.allow}, {"review", &lp.review}, {"deny", &lp.deny},
                              {"denied", &lp.deny}, {"import", &lp.imports}}) {
        auto st2 = list(key, *out);
        if (!st2) return st2.error();
      }
      if (int64_t f = r.find(ln, "fail-on"); f >= 0) {
        auto v = r.scalar(static_cast<uint32_t>(f), "licenses.fail-on");
        if (!v) return v.error();
        if (*v != "non-compliant" && *v != "review") {
          return r.error(static_cast<uint32_t>(f), fmt::format("licenses.fail-on must be non-compliant or review (not \"{}\")", *v));
        }
        lp.fail_on = *v;
      }
      if (int64_t e = r.find(ln, "exceptions"); e >= 0) {
        auto en = static_cast<uint32_t>(e);
        if (!(*tree)[en].is_null()) {
          if (!(*tree)[en].is_sequence()) return r.error(en, "licenses.exceptions must be a list");
          for (uint32_t item : tree->items(en)) {
            auto ek = r.keys(item, "a license exception", {"package", "version", "reason", "expires"});
            if (!ek) return ek.error();
            LicenseException ex;
            ex.origin = fmt::format("{}:{}", display, (*tree)[item].line);
            int64_t p = r.find(item, "package");
            if (p < 0) return r.error(item, "a license exception needs a package");
            auto pv = r.scalar(static_cast<uint32_t>(p), "package");
            if (!pv) return pv.error();
            ex.package = *pv;
            if (int64_t v = r.find(item, "version"); v >= 0) {
              auto vv = r.scalar(static_cast<uint32_t>(v), "version");
              if (!vv) return vv.error();
              ex.version = *vv;
            }
            int64_t rs = r.find(item, "reason");
            auto rv = rs < 0 ? Expected<std::string>(std::string()) : r.scalar(static_cast<uint32_t>(rs), "reason");
            if (!rv) return rv.error();
            if (rv->find_first_not_of(" \t\r\n") == std::string::npos) {
              return r.error(rs < 0 ? item : static_cast<uint32_t>(rs), fmt::format("the license exception of {} needs a reason", ex.package));
            }
            ex.reason = *rv;
            if (int64_t x = r.find(item, "expires"); x >= 0) {
              auto xv = r.scalar(static_cast<uint32_t>(x), "expires");
              if (!xv) return xv.error();
              auto d = parse_date(*xv);
              if (!d) return r.error(static_cast<uint32_t>(x), fmt::format("expires must be a date YYYY-MM-DD (not \"{}\")", *xv));
              ex.expires = *d;
              if (*d < today) {
                const auto& n = (*tree)[static_cast<uint32_t>(x)];
                policy.warnings.push_back(make_error(display, n.line, n.column,
                                                     fmt::format("the license exception of {} expired on {}: it no longer applies", ex.package, d->str())));
              }
            }
            lp.exceptions.push_back(std::move(ex));
          }
        }
      }
    }
    policy.licenses = std::move(lp);
  }
  if (int64_t ss = r.find(root, "sast"); ss >= 0) {
    auto sn = static_cast<uint32_t>(ss);
    if (!(*tree)[sn].is_null()) {
      auto ks = r.keys(sn, "sast", {"rules", "fail-on", "exclude", "sources", "sinks", "sanitizers"});
      if (!ks) return ks.error();
      auto list = [&](std::string_view key, std::vector<std::string>& out) -> Status {
        int64_t k = r.find(sn, key);
        if (k < 0) return {};
        auto kn = static_cast<uint32_t>(k);
        if ((*tree)[kn].is_null()) return {};
        if (!(*tree)[kn].is_sequence()) return r.error(kn, fmt::format("sast.{} must be a list", key));
        for (uint32_t item : tree->items(kn)) {
          auto v = r.scalar(item, fmt::format("an entry of sast.{}", key));
          if (!v) return v.error();
          out.push_back(*v);
        }
        return {};
      };
      for (auto [key, out] : {std::pair<std::string_view, std::vector<std::string>*>{"exclude", &policy.sast.exclude},
                              {"sources", &policy.sast.sources}, {"sinks", &policy.sast.sinks}, {"sanitizers", &policy.sast.sanitizers}}) {
        if (auto st2 = list(key, *out); !st2) return st2.error();
      }
      for (const auto& s : policy.sast.sinks) {
        if (s.find(':') == std::string::npos) {
          return r.error(static_cast<uint32_t>(r.find(sn, "sinks")), fmt::format("sast.sinks entry `{}` must be RULE-ID:callee", s));
        }
      }
      if (int64_t f = r.find(sn, "fail-on"); f >= 0) {
        auto v = r.scalar(static_cast<uint32_t>(f), "sast.fail-on");
        if (!v) return v.error();
        if (*v != "low" && *v != "medium" && *v != "high" && *v != "critical")
          return r.error(static_cast<uint32_t>(f), "sast.fail-on must be low, medium, high or critical");
        policy.sast.fail_on = *v;
      }
      if (int64_t rl = r.find(sn, "rules"); rl >= 0) {
        auto rn = static_cast<uint32_t>(rl);
        if (!(*tree)[rn].is_null()) {
          if (!(*tree)[rn].is_mapping()) return r.error(rn, "sast.rules must map rule ids to on/off (true/false)");
          for (auto [k, v] : tree->pairs(rn)) {
            auto id = r.scalar(k, "a rule id");
            if (!id) return id.error();
            std::string val((*tree)[v].text);
            bool on;
            if (val == "on" || val == "true") on = true;
            else if (val == "off" || val == "false") on = false;
            else return r.error(v, fmt::format("sast.rules.{} must be on or off", *id));
            policy.sast.rules.emplace_back(*id, on);
          }
        }
      }
    }
  }
  if (int64_t o = r.find(root, "outdated"); o >= 0) {
    auto on = static_cast<uint32_t>(o);
    OutdatedPolicy op;
    if (!(*tree)[on].is_null()) {
      auto ks = r.keys(on, "outdated", {"fail-on", "deprecated", "offline"});
      if (!ks) return ks.error();
      if (int64_t f = r.find(on, "fail-on"); f >= 0) {
        auto v = r.scalar(static_cast<uint32_t>(f), "outdated.fail-on");
        if (!v) return v.error();
        if (*v != "major" && *v != "minor" && *v != "patch") {
          return r.error(static_cast<uint32_t>(f), fmt::format("outdated.fail-on must be major, minor or patch (not \"{}\")", *v));
        }
        op.fail_on = *v;
      }
      if (int64_t dp = r.find(on, "deprecated"); dp >= 0) {
        auto v = r.scalar(static_cast<uint32_t>(dp), "outdated.deprecated");
        if (!v) return v.error();
        if (*v != "fail" && *v != "warn") return r.error(static_cast<uint32_t>(dp), "outdated.deprecated must be fail or warn");
        op.deprecated = *v;
      }
      if (int64_t of = r.find(on, "offline"); of >= 0) {
        auto v = r.scalar(static_cast<uint32_t>(of), "outdated.offline");
        if (!v) return v.error();
        if (*v != "true" && *v != "false") return r.error(static_cast<uint32_t>(of), "outdated.offline must be true or false");
        op.offline = *v == "true";
      }
    }
    policy.outdated = op;
  }
  if (int64_t d = r.find(root, "vulndb"); d >= 0) {
    auto dn = static_cast<uint32_t>(d);
    if (!(*tree)[dn].is_null()) {
      auto ks = r.keys(dn, "vulndb", {"source", "max-age-days"});
      if (!ks) return ks.error();
      if (int64_t s = r.find(dn, "source"); s >= 0) {
        auto v = r.scalar(static_cast<uint32_t>(s), "vulndb.source");
        if (!v) return v.error();
        policy.vulndb_source = *v;
      }
      if (int64_t m = r.find(dn, "max-age-days"); m >= 0) {
        auto v = r.integer(static_cast<uint32_t>(m), "vulndb.max-age-days", 0, 36500);
        if (!v) return v.error();
        policy.vulndb_max_age_days = *v;
      }
    }
  }
  return policy;
}

Expected<Imported> import_grype(std::string_view text, const std::string& display) {
  if (size_t bad = first_invalid_utf8(text); bad != std::string_view::npos) {
    auto pos = position_of(text, bad);
    return make_error(display, pos.line, pos.column, "the file is not valid UTF-8");
  }
  auto tree = yaml::read_yaml(display, text);
  if (!tree) return tree.error();
  Imported out;
  if (tree->empty() || (*tree)[tree->root()].is_null()) return out;
  Reader r(*tree, display);
  uint32_t root = tree->root();
  if (!(*tree)[root].is_mapping()) return r.error(root, "a grype configuration must be a mapping");
  int64_t ig = r.find(root, "ignore");
  if (ig < 0 || (*tree)[static_cast<uint32_t>(ig)].is_null()) return out;
  auto in = static_cast<uint32_t>(ig);
  if (!(*tree)[in].is_sequence()) return r.error(in, "ignore must be a list of rules");
  for (uint32_t rule : tree->items(in)) {
    if (!(*tree)[rule].is_mapping()) return r.error(rule, "an ignore rule must be a mapping");
    Suppression s;
    const YamlNode& rn = (*tree)[rule];
    s.origin = fmt::format("{}:{}", display, rn.line);
    s.include_aliases = false;  // grype's default
    bool usable = true;
    std::string skipped_why;
    for (auto [k, v] : tree->pairs(rule)) {
      std::string_view key = (*tree)[k].text;
      if (key == "vulnerability") {
        auto x = r.scalar(v, "vulnerability");
        if (!x) return x.error();
        s.id = *x;
      } else if (key == "reason") {
        auto x = r.scalar(v, "reason");
        if (!x) return x.error();
        s.reason = *x;
      } else if (key == "include-aliases") {
        auto x = r.boolean(v, "include-aliases");
        if (!x) return x.error();
        s.include_aliases = *x;
      } else if (key == "package") {
        if (!(*tree)[v].is_mapping()) return r.error(v, "package must be a mapping");
        for (auto [pk, pv] : tree->pairs(v)) {
          std::string_view pkey = (*tree)[pk].text;
          auto x = r.scalar(pv, pkey);
          if (!x) return x.error();
          if (pkey == "name") {
            s.package = *x;
          } else if (pkey == "version") {
            s.version = *x;
          } else if (pkey == "type") {
            if (*x != "npm") {
              usable = false;
              skipped_why = fmt::format("it is for {} packages", *x);
            }
          } else if (pkey == "location" || pkey == "upstream-name") {
            usable = false;
            skipped_why = fmt::format("vigil does not match on package {}", pkey);
          } else {
            return r.error(pk, fmt::format("unknown key \"{}\" in an ignore rule's package", pkey));
          }
        }
      } else if (key == "fix-state" || key == "vex-status" || key == "vex-justification" || key == "match-type" ||
                 key == "namespace") {
        usable = false;
        skipped_why = fmt::format("vigil does not match on {}", key);
      } else {
        return r.error(k, fmt::format("unknown key \"{}\" in an ignore rule", key));
      }
    }
    if (s.id.empty()) {
      if (s.package.empty()) {
        usable = false;
        if (skipped_why.empty()) skipped_why = "it names neither a vulnerability nor a package";
      } else {
        s.id = "*";
      }
    }
    if (!usable) {
      out.warnings.push_back(make_error(display, rn.line, rn.column,
                                        fmt::format("ignore rule{} not imported: {}", s.id.empty() ? "" : " for " + s.id, skipped_why)));
      continue;
    }
    if (s.reason.find_first_not_of(" \t\r\n") == std::string::npos) {
      s.reason = fmt::format("ignored in {} (no reason given there)", display);
    }
    out.suppressions.push_back(std::move(s));
  }
  return out;
}

}  // namespace vigil::policy
