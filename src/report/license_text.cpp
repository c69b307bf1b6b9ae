#include "report/license_text.h"

#include <algorithm>
#include <utility>

#include "report/json_writer.h"

namespace vigil::report {

namespace {

// The licenses and exceptions most often met in the npm registry, all on the SPDX license
// list (tests/report/sbom_schema_test.cpp checks them against CycloneDX's copy of the list).
const std::vector<std::string_view> kLicenseIds = {
    "0BSD", "AAL", "AFL-2.1", "AFL-3.0", "AGPL-1.0", "AGPL-3.0", "AGPL-3.0-only",
    "AGPL-3.0-or-later", "Apache-1.0", "Apache-1.1", "Apache-2.0", "APSL-2.0", "Artistic-1.0",
    "Artistic-2.0", "Beerware", "BlueOak-1.0.0", "BSD-1-Clause", "BSD-2-Clause",
    "BSD-2-Clause-Patent", "BSD-3-Clause", "BSD-3-Clause-Clear", "BSD-3-Clause-LBNL",
    "BSD-4-Clause", "BSL-1.0", "BUSL-1.1", "bzip2-1.0.6", "CC-BY-1.0", "CC-BY-2.0", "CC-BY-2.5",
    "CC-BY-3.0", "CC-BY-4.0", "CC-BY-NC-4.0", "CC-BY-NC-SA-4.0", "CC-BY-ND-4.0", "CC-BY-SA-3.0",
    "CC-BY-SA-4.0", "CC-PDDC", "CC0-1.0", "CDDL-1.0", "CDDL-1.1", "CECILL-2.1", "CPAL-1.0",
    "curl", "ECL-2.0", "EFL-2.0", "Elastic-2.0", "EPL-1.0", "EPL-2.0", "EUPL-1.1", "EUPL-1.2",
    "GPL-1.0", "GPL-1.0-only", "GPL-1.0-or-later", "GPL-2.0", "GPL-2.0-only",
    "GPL-2.0-or-later", "GPL-3.0", "GPL-3.0-only", "GPL-3.0-or-later", "Hippocratic-2.1", "HPND",
    "ICU", "ISC", "JSON", "LGPL-2.0", "LGPL-2.0-only", "LGPL-2.0-or-later", "LGPL-2.1",
    "LGPL-2.1-only", "LGPL-2.1-or-later", "LGPL-3.0", "LGPL-3.0-only", "LGPL-3.0-or-later",
    "Libpng", "libpng-2.0", "LPPL-1.3c", "MIT", "MIT-0", "MIT-CMU", "MPL-1.0", "MPL-1.1",
    "MPL-2.0", "MPL-2.0-no-copyleft-exception", "MS-PL", "MS-RL", "MulanPSL-2.0", "NCSA", "NTP",
    "ODbL-1.0", "OFL-1.0", "OFL-1.1", "OpenSSL", "OSL-3.0", "PostgreSQL", "PSF-2.0", "Python-2.0",
    "Python-2.0.1", "Ruby", "Sleepycat", "SSPL-1.0", "Unicode-3.0", "Unicode-DFS-2015",
    "Unicode-DFS-2016", "Unlicense", "UPL-1.0", "Vim", "W3C", "WTFPL", "X11", "Zlib", "ZPL-2.1",
};

const std::vector<std::string_view> kExceptionIds = {
    "Autoconf-exception-3.0", "Bison-exception-2.2", "Classpath-exception-2.0",
    "Font-exception-2.0", "GCC-exception-2.0", "GCC-exception-3.1", "Libtool-exception",
    "LLVM-exception", "OpenJDK-assembly-exception-1.0", "Qt-GPL-exception-1.0",
};

bool iequal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

std::string_view find_in(const std::vector<std::string_view>& list, std::string_view id) {
  for (auto known : list) {
    if (iequal(known, id)) return known;
  }
  return {};
}

bool idstring(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '.';
  });
}

// "LicenseRef-x" or "DocumentRef-y:LicenseRef-x", as written.
bool license_ref(std::string_view s) {
  constexpr std::string_view kDoc = "DocumentRef-", kLic = "LicenseRef-";
  if (s.substr(0, kDoc.size()) == kDoc) {
    auto colon = s.find(':');
    if (colon == std::string_view::npos || !idstring(s.substr(kDoc.size(), colon - kDoc.size())))
      return false;
    s = s.substr(colon + 1);
  }
  return s.substr(0, kLic.size()) == kLic && idstring(s.substr(kLic.size()));
}

enum class Tok { Open, Close, And, Or, With, Word };

struct Token {
  Tok kind;
  std::string_view text;
};

class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : t_(std::move(tokens)) {}

  bool parse(std::string& out) {
    if (!expr(out)) return false;
    return i_ == t_.size();
  }
  int simple_ids = 0;        // license ids written
  bool only_known = true;    // every simple id is a known id without '+', and no WITH
  bool has_ref = false;      // a LicenseRef-/DocumentRef- id was written

 private:
  bool expr(std::string& out) {  // and_expr ('OR' and_expr)*
    if (!and_expr(out)) return false;
    while (peek(Tok::Or)) {
      ++i_;
      out += " OR ";
      if (!and_expr(out)) return false;
    }
    return true;
  }
  bool and_expr(std::string& out) {  // with_expr ('AND' with_expr)*
    if (!with_expr(out)) return false;
    while (peek(Tok::And)) {
      ++i_;
      out += " AND ";
      if (!with_expr(out)) return false;
    }
    return true;
  }
  bool with_expr(std::string& out) {  // primary ('WITH' exception)?
    if (!primary(out)) return false;
    if (peek(Tok::With)) {
      ++i_;
      only_known = false;
      if (!peek(Tok::Word)) return false;
      std::string_view ex = find_in(kExceptionIds, t_[i_++].text);
      if (ex.empty()) return false;
      out += " WITH ";
      out += ex;
    }
    return true;
  }
  bool primary(std::string& out) {
    if (peek(Tok::Open)) {
      ++i_;
      out += '(';
      if (!expr(out) || !peek(Tok::Close)) return false;
      ++i_;
      out += ')';
      return true;
    }
    if (!peek(Tok::Word)) return false;
    std::string_view w = t_[i_++].text;
    ++simple_ids;
    if (license_ref(w)) {
      only_known = false;
      has_ref = true;
      out += w;
      return true;
    }
    bool plus = !w.empty() && w.back() == '+';
    if (plus) {
      w.remove_suffix(1);
      only_known = false;
    }
    std::string_view id = known_license_id(w);
    if (id.empty()) return false;
    out += id;
    if (plus) out += '+';
    return true;
  }
  bool peek(Tok k) const { return i_ < t_.size() && t_[i_].kind == k; }

  std::vector<Token> t_;
  std::size_t i_ = 0;
};

}  // namespace

std::string_view known_license_id(std::string_view id) { return find_in(kLicenseIds, id); }

const std::vector<std::string_view>& known_license_ids() { return kLicenseIds; }

LicenseText classify_license(std::string_view raw) {
  LicenseText result;
  std::string clean = sanitize_utf8(raw);
  std::string_view s = clean;
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  if (s.empty()) return result;

  std::vector<Token> tokens;
  bool lexed = true;
  for (std::size_t i = 0; i < s.size() && lexed;) {
    char c = s[i];
    if (c == ' ' || c == '\t') {
      ++i;
    } else if (c == '(' || c == ')') {
      tokens.push_back({c == '(' ? Tok::Open : Tok::Close, s.substr(i, 1)});
      ++i;
    } else {
      std::size_t start = i;
      while (i < s.size() && s[i] != ' ' && s[i] != '\t' && s[i] != '(' && s[i] != ')') ++i;
      std::string_view w = s.substr(start, i - start);
      Tok kind = iequal(w, "AND") ? Tok::And : iequal(w, "OR") ? Tok::Or : iequal(w, "WITH") ? Tok::With : Tok::Word;
      if (kind == Tok::Word && !(idstring(w.substr(0, w.size() - (w.back() == '+' ? 1 : 0))) || license_ref(w))) {
        lexed = false;
      }
      tokens.push_back({kind, w});
    }
  }

  std::string canonical;
  Parser parser(std::move(tokens));
  if (lexed && parser.parse(canonical)) {
    if (parser.simple_ids == 1 && parser.only_known) {
      canonical.erase(std::remove(canonical.begin(), canonical.end(), '('), canonical.end());
      canonical.erase(std::remove(canonical.begin(), canonical.end(), ')'), canonical.end());
      result.kind = LicenseText::Kind::Id;
    } else {
      result.kind = LicenseText::Kind::Expression;
    }
    result.text = std::move(canonical);
    result.has_license_ref = parser.has_ref;
    return result;
  }
  result.kind = LicenseText::Kind::Name;
  result.text = std::string(s);
  return result;
}

}  // namespace vigil::report
