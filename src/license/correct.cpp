// spdx-correct 3.2.0 in C++: the same transpositions, transforms and last resorts, tried in the
// same order, so that vigil reads messy license strings the way npm's ecosystem does.
#include <algorithm>
#include <regex>

#include "license/license.h"
#include "license/spdx_data.h"

namespace vigil::license {

namespace {

bool valid(const std::string& s) { return parse_expression(s).ok(); }

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string trim(std::string_view s) {
  auto ws = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; };
  size_t b = 0, e = s.size();
  while (b < e && ws(s[b])) ++b;
  while (e > b && ws(s[e - 1])) --e;
  return std::string(s.substr(b, e - b));
}

// Approximates JavaScript's String.prototype.localeCompare (ICU root collation, primary level)
// for the ASCII strings spdx-correct sorts: spaces, then punctuation, symbols, digits, letters.
int collation_rank(unsigned char c) {
  static const std::string_view order = " _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  size_t p = order.find(static_cast<char>(std::toupper(c)));
  return p == std::string_view::npos ? 200 + c : static_cast<int>(p);
}
bool locale_less(std::string_view a, std::string_view b) {
  size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    int ra = collation_rank(static_cast<unsigned char>(a[i])), rb = collation_rank(static_cast<unsigned char>(b[i]));
    if (ra != rb) return ra < rb;
  }
  return a.size() < b.size();
}

using Pair = std::pair<std::string, std::string>;

// spdx-correct's sortTranspositions: longer patterns first, then by localeCompare (stable).
void sort_pairs(std::vector<Pair>& v) {
  std::stable_sort(v.begin(), v.end(), [](const Pair& a, const Pair& b) {
    if (a.first.size() != b.first.size()) return a.first.size() > b.first.size();
    return locale_less(upper(a.first), upper(b.first));
  });
}

const std::vector<Pair>& transpositions() {
  static const std::vector<Pair> v = [] {
    std::vector<Pair> t = {
        {"APGL", "AGPL"}, {"Gpl", "GPL"}, {"GLP", "GPL"}, {"APL", "Apache"}, {"ISD", "ISC"}, {"GLP", "GPL"},
        {"IST", "ISC"}, {"Claude", "Clause"}, {" or later", "+"}, {" International", ""}, {"GNU", "GPL"},
        {"GUN", "GPL"}, {"+", ""}, {"GNU GPL", "GPL"}, {"GNU LGPL", "LGPL"}, {"GNU/GPL", "GPL"},
        {"GNU GLP", "GPL"}, {"GNU LESSER GENERAL PUBLIC LICENSE", "LGPL"},
        {"GNU Lesser General Public License", "LGPL"}, {"GNU LESSER GENERAL PUBLIC LICENSE", "LGPL-2.1"},
        {"GNU Lesser General Public License", "LGPL-2.1"}, {"LESSER GENERAL PUBLIC LICENSE", "LGPL"},
        {"Lesser General Public License", "LGPL"}, {"LESSER GENERAL PUBLIC LICENSE", "LGPL-2.1"},
        {"Lesser General Public License", "LGPL-2.1"}, {"GNU General Public License", "GPL"},
        {"Gnu public license", "GPL"}, {"GNU Public License", "GPL"}, {"GNU GENERAL PUBLIC LICENSE", "GPL"},
        {"MTI", "MIT"}, {"Mozilla Public License", "MPL"}, {"Universal Permissive License", "UPL"},
        {"WTH", "WTF"}, {"WTFGPL", "WTFPL"}, {"-License", ""}};
    sort_pairs(t);
    return t;
  }();
  return v;
}

std::string replace_first(const std::string& s, std::string_view from, std::string_view to) {
  size_t p = s.find(from);
  if (p == std::string::npos) return s;
  return s.substr(0, p) + std::string(to) + s.substr(p + from.size());
}

std::string re_first(const std::string& s, const std::regex& re, const char* fmt) {
  return std::regex_replace(s, re, fmt, std::regex_constants::format_first_only);
}

const std::vector<std::string (*)(const std::string&)>& transforms() {
  using R = std::regex;
  static const std::vector<std::string (*)(const std::string&)> v = {
      [](const std::string& a) { return upper(a); },
      [](const std::string& a) { return trim(a); },
      [](const std::string& a) {
        std::string s = a;
        s.erase(std::remove(s.begin(), s.end(), '.'), s.end());
        return s;
      },
      [](const std::string& a) {
        static const R re("\\s+");
        return std::regex_replace(a, re, "");
      },
      [](const std::string& a) {
        static const R re("\\s+");
        return std::regex_replace(a, re, "-");
      },
      [](const std::string& a) { return replace_first(a, "v", "-"); },
      [](const std::string& a) {
        static const R re(",?\\s*(\\d)");
        return re_first(a, re, "-$1");
      },
      [](const std::string& a) {
        static const R re(",?\\s*(\\d)");
        return re_first(a, re, "-$1.0");
      },
      [](const std::string& a) {
        static const R re(",?\\s*(V\\.|v\\.|V|v|Version|version)\\s*(\\d)");
        return re_first(a, re, "-$2");
      },
      [](const std::string& a) {
        static const R re(",?\\s*(V\\.|v\\.|V|v|Version|version)\\s*(\\d)");
        return re_first(a, re, "-$2.0");
      },
      [](const std::string& a) {
        std::string s = a;
        if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
        return s;
      },
      [](const std::string& a) { return replace_first(a, "/", "-"); },
      [](const std::string& a) {
        static const R re1("\\s*V\\s*(\\d)");
        static const R re2("(\\d)$");
        return re_first(re_first(a, re1, "-$1"), re2, "$1.0");
      },
      [](const std::string& a) { return a.find("3.0") != std::string::npos ? a + "-or-later" : a + "-only"; },
      [](const std::string& a) { return a + "only"; },
      [](const std::string& a) {
        static const R re("(\\d)$");
        return re_first(a, re, "-$1.0");
      },
      [](const std::string& a) {
        static const R re("(-| )?(\\d)$");
        return re_first(a, re, "-$2-Clause");
      },
      [](const std::string& a) {
        static const R re("(-| )clause(-| )(\\d)");
        return re_first(a, re, "-$3-Clause");
      },
      [](const std::string& a) {
        static const R re("\\b(Modified|New|Revised)(-| )?BSD((-| )License)?", R::ECMAScript | R::icase);
        return re_first(a, re, "BSD-3-Clause");
      },
      [](const std::string& a) {
        static const R re("\\bSimplified(-| )?BSD((-| )License)?", R::ECMAScript | R::icase);
        return re_first(a, re, "BSD-2-Clause");
      },
      [](const std::string& a) {
        static const R re("\\b(Free|Net)(-| )?BSD((-| )License)?", R::ECMAScript | R::icase);
        return re_first(a, re, "BSD-2-Clause-$1BSD");
      },
      [](const std::string& a) {
        static const R re("\\bClear(-| )?BSD((-| )License)?", R::ECMAScript | R::icase);
        return re_first(a, re, "BSD-3-Clause-Clear");
      },
      [](const std::string& a) {
        static const R re("\\b(Old|Original)(-| )?BSD((-| )License)?", R::ECMAScript | R::icase);
        return re_first(a, re, "BSD-4-Clause");
      },
      [](const std::string& a) { return "CC-" + a; },
      [](const std::string& a) { return "CC-" + a + "-4.0"; },
      [](const std::string& a) {
        static const R re1(" (\\d)");
        static const R re2(" ?International");
        std::string s = replace_first(replace_first(replace_first(a, "Attribution", "BY"), "NonCommercial", "NC"), "NoDerivatives", "ND");
        return re_first(re_first(s, re1, "-$1"), re2, "");
      },
      [](const std::string& a) {
        static const R re1(" (\\d)");
        static const R re2(" ?International");
        std::string s = replace_first(replace_first(replace_first(a, "Attribution", "BY"), "NonCommercial", "NC"), "NoDerivatives", "ND");
        return "CC-" + re_first(re_first(s, re1, "-$1"), re2, "") + "-4.0";
      },
  };
  return v;
}

const std::vector<Pair>& last_resorts() {
  static const std::vector<Pair> v = [] {
    std::vector<Pair> t = {
        {"UNLI", "Unlicense"}, {"WTF", "WTFPL"}, {"2 CLAUSE", "BSD-2-Clause"}, {"2-CLAUSE", "BSD-2-Clause"},
        {"3 CLAUSE", "BSD-3-Clause"}, {"3-CLAUSE", "BSD-3-Clause"}, {"AFFERO", "AGPL-3.0-or-later"},
        {"AGPL", "AGPL-3.0-or-later"}, {"APACHE", "Apache-2.0"}, {"ARTISTIC", "Artistic-2.0"},
        {"Affero", "AGPL-3.0-or-later"}, {"BEER", "Beerware"}, {"BOOST", "BSL-1.0"}, {"BSD", "BSD-2-Clause"},
        {"CDDL", "CDDL-1.1"}, {"ECLIPSE", "EPL-1.0"}, {"FUCK", "WTFPL"}, {"GNU", "GPL-3.0-or-later"},
        {"LGPL", "LGPL-3.0-or-later"}, {"GPLV1", "GPL-1.0-only"}, {"GPL-1", "GPL-1.0-only"},
        {"GPLV2", "GPL-2.0-only"}, {"GPL-2", "GPL-2.0-only"}, {"GPL", "GPL-3.0-or-later"},
        {"MIT +NO-FALSE-ATTRIBS", "MITNFA"}, {"MIT", "MIT"}, {"MPL", "MPL-2.0"}, {"X11", "X11"}, {"ZLIB", "Zlib"}};
    // Licenses with exactly one versioned id ("X-1.0" the only "X-n.n"), from spdx-license-ids'
    // current ids, in the list's order; "APL" is read as Apache instead.
    static const std::regex versioned("^(.*)-\\d+\\.\\d+$");
    std::vector<std::string> keys;
    std::map<std::string, std::vector<std::string>> by_key;
    for (size_t k = 0; k < data::kLicenseCount; ++k) {
      if (data::kLicenses[k].deprecated) continue;
      std::string id = data::kLicenses[k].id;
      std::smatch m;
      std::string key = std::regex_match(id, m, versioned) ? m[1].str() : std::string("null");
      if (!by_key.count(key)) keys.push_back(key);
      by_key[key].push_back(id);
    }
    for (const auto& key : keys) {
      if (by_key[key].size() == 1 && key != "APL") t.emplace_back(key, by_key[key][0]);
    }
    sort_pairs(t);
    return t;
  }();
  return v;
}

std::optional<std::string> valid_transformation(const std::string& id) {
  for (auto* t : transforms()) {
    std::string s = trim(t(id));
    if (s != id && valid(s)) return s;
  }
  return std::nullopt;
}

std::optional<std::string> valid_last_resort(const std::string& id) {
  std::string up = upper(id);
  for (const auto& [sub, target] : last_resorts()) {
    if (up.find(sub) != std::string::npos) return target;
  }
  return std::nullopt;
}

template <class Check>
std::optional<std::string> any_correction(const std::string& id, Check check) {
  for (const auto& [from, to] : transpositions()) {
    if (id.find(from) != std::string::npos) {
      if (auto c = check(replace_first(id, from, to))) return c;
    }
  }
  return std::nullopt;
}

std::string upgrade_gpls(const std::string& v) {
  static const std::vector<std::string> only = {"GPL-1.0", "LGPL-1.0", "AGPL-1.0", "GPL-2.0", "LGPL-2.0", "AGPL-2.0", "LGPL-2.1"};
  static const std::vector<std::string> plus = {"GPL-1.0+", "GPL-2.0+", "GPL-3.0+", "LGPL-2.0+", "LGPL-2.1+", "LGPL-3.0+", "AGPL-1.0+", "AGPL-3.0+"};
  static const std::vector<std::string> later = {"GPL-3.0", "LGPL-3.0", "AGPL-3.0"};
  if (std::find(only.begin(), only.end(), v) != only.end()) return v + "-only";
  if (std::find(plus.begin(), plus.end(), v) != plus.end()) return v.substr(0, v.size() - 1) + "-or-later";
  if (std::find(later.begin(), later.end(), v) != later.end()) return v + "-or-later";
  return v;
}

}  // namespace

std::optional<std::string> correct(std::string_view text, bool upgrade) {
  auto post = [&](std::string v) { return upgrade ? upgrade_gpls(v) : v; };
  std::string id = trim(text);
  if (id.empty() || id.size() > kMaxExpressionBytes) return std::nullopt;
  if (valid(id)) return post(id);
  std::string no_plus = id;
  if (!no_plus.empty() && no_plus.back() == '+') no_plus = trim(no_plus.substr(0, no_plus.size() - 1));
  if (valid(no_plus)) return post(no_plus);
  if (auto t = valid_transformation(id)) return post(*t);
  if (auto t = any_correction(id, [](const std::string& a) -> std::optional<std::string> {
        if (valid(a)) return a;
        return valid_transformation(a);
      })) {
    return post(*t);
  }
  if (auto t = valid_last_resort(id)) return post(*t);
  if (auto t = any_correction(id, valid_last_resort)) return post(*t);
  return std::nullopt;
}

}  // namespace vigil::license
