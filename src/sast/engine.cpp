// vigil sast engine: parsing, the project's functions and imports, taint data flow with function
// summaries, syntactic rules, suppressions. See sast.h for the contracts.
#include <fcntl.h>
#include <fnmatch.h>
#include <sys/stat.h>
#include <unistd.h>
#include <tree_sitter/api.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <mutex>
#include <optional>
#include <regex>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "core/parallel.h"
#include "sast/sast.h"

extern "C" {
const TSLanguage* tree_sitter_javascript(void);
const TSLanguage* tree_sitter_typescript(void);
const TSLanguage* tree_sitter_tsx(void);
}

namespace vigil::sast {
namespace {

using Mask = uint64_t;
constexpr Mask kUser = 1;     // request data, possibly an object
constexpr Mask kStr = 2;      // request data forced into a string
constexpr Mask kArchive = 4;  // an archive entry's name
// Request data that cannot hold a raw CR or LF: URLs and header values (Node's HTTP parser refuses
// them) and JSON.stringify output. Unsafe everywhere except in a log line.
constexpr Mask kNoCrLf = 8;
constexpr Mask kSources = kUser | kStr | kArchive | kNoCrLf;
constexpr int kParamBase = 4;
constexpr int kMaxParams = 40;
Mask param_bit(int i) { return i < kMaxParams ? (Mask{1} << (kParamBase + i)) : 0; }
Mask param_bits(Mask m) { return m & ~kSources; }

// ---------- syntax helpers ----------
// Null-safe views of tree-sitter's node API (a missing field is a null node; the library
// dereferences it).
uint32_t named_count(TSNode n) { return ts_node_is_null(n) ? 0 : ts_node_named_child_count(n); }
TSNode named_at(TSNode n, uint32_t i) { return ts_node_is_null(n) ? n : ts_node_named_child(n, i); }
uint32_t child_count(TSNode n) { return ts_node_is_null(n) ? 0 : ts_node_child_count(n); }
TSNode child_at(TSNode n, uint32_t i) { return ts_node_is_null(n) ? n : ts_node_child(n, i); }
TSNode parent_of(TSNode n) { return ts_node_is_null(n) ? n : ts_node_parent(n); }
const char* type(TSNode n) { return ts_node_is_null(n) ? "" : ts_node_type(n); }
bool is(TSNode n, const char* t) { return !ts_node_is_null(n) && std::strcmp(ts_node_type(n), t) == 0; }
// Field ids by name, cached per language and name literal (tree-sitter's lookup by name compares
// every field name).
TSFieldId field_id(const TSLanguage* lang, const char* f) {
  thread_local std::vector<std::tuple<const TSLanguage*, const char*, TSFieldId>> cache;
  for (const auto& [l, name, id] : cache) {
    if (l == lang && name == f) return id;
  }
  TSFieldId id = ts_language_field_id_for_name(lang, f, static_cast<uint32_t>(std::strlen(f)));
  cache.emplace_back(lang, f, id);
  return id;
}
TSNode field(TSNode n, const char* f) {
  if (ts_node_is_null(n)) return n;
  TSFieldId id = field_id(ts_tree_language(n.tree), f);
  return id ? ts_node_child_by_field_id(n, id) : TSNode{};
}
bool is_function(TSNode n) {
  if (ts_node_is_null(n)) return false;
  const char* t = type(n);
  return !std::strcmp(t, "function_declaration") || !std::strcmp(t, "function_expression") || !std::strcmp(t, "function") ||
         !std::strcmp(t, "arrow_function") || !std::strcmp(t, "method_definition") ||
         !std::strcmp(t, "generator_function_declaration") || !std::strcmp(t, "generator_function");
}

struct SinkRef {
  std::string category;  // rule id, or "path" (path-traversal / zip-slip by the source)
  uint32_t file = 0;
  uint32_t line = 0, column = 0;
  std::string snippet;
  std::string function;
  auto tie() const { return std::tie(category, file, line, column); }
  bool operator<(const SinkRef& o) const { return tie() < o.tie(); }
  bool operator==(const SinkRef& o) const { return tie() == o.tie(); }
};

struct Summary {
  Mask ret = 0;  // sources and parameters that reach the return value
  std::set<std::pair<int, SinkRef>> param_sinks;
  bool operator==(const Summary& o) const { return ret == o.ret && param_sinks == o.param_sinks; }
};
using Summaries = std::unordered_map<std::string, Summary>;

struct ImportRef {
  int file = -1;
  std::string name;  // export name, "*" = the module object
};

struct SourceFile {
  std::string name;
  std::string text;
  const TSLanguage* lang = nullptr;
  TSTree* tree = nullptr;
  std::vector<uint32_t> line_starts;
  std::unordered_map<std::string, std::string> functions;  // local name -> key
  std::unordered_map<std::string, std::string> methods;    // method name -> key
  std::unordered_map<std::string, std::string> exports;    // export name -> key
  std::unordered_map<std::string, ImportRef> imports;      // local name -> module/export
  std::vector<std::pair<std::string, TSNode>> units;       // key -> function node
  std::unordered_set<uint32_t> unit_starts;
  std::unordered_set<std::string> unit_keys;
  std::vector<std::pair<std::string, std::string>> pending_imports;  // local, spec|export
  bool exports_instance = false;                            // module.exports = new X()
  bool archive_lib = false;                                 // imports adm-zip, unzipper, tar...
  std::unordered_map<std::string, std::string> externals;   // local -> "module" or "module.export" (packages)
  std::unordered_map<std::string, std::string> constants;   // top-level const NAME = 'string'
  std::unordered_map<std::string, std::string> export_constants;  // export name -> string
  ~SourceFile() {
    if (tree) ts_tree_delete(tree);
  }
  std::string_view text_of(TSNode n) const {
    if (ts_node_is_null(n)) return {};
    uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
    if (b > text.size() || a > b) return {};
    return std::string_view(text).substr(a, b - a);
  }
};

struct Config {
  std::vector<std::string> extra_sources;
  std::vector<std::pair<std::string, std::string>> extra_sinks;  // rule, callee
  std::unordered_set<std::string> extra_sanitizers;
};

std::string normalise(std::string_view s, std::size_t max = 160) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
    if (out.size() >= max) break;
  }
  return out;
}

// The dotted access path of an identifier/member chain: "req.query.id", "this.db.raw", "().whereRaw".
std::string path_of(const SourceFile& f, TSNode n, int depth = 0) {
  if (ts_node_is_null(n) || depth > 12) return "?";
  const char* t = type(n);
  if (!std::strcmp(t, "identifier") || !std::strcmp(t, "property_identifier") || !std::strcmp(t, "this") ||
      !std::strcmp(t, "shorthand_property_identifier") || !std::strcmp(t, "private_property_identifier") ||
      !std::strcmp(t, "super"))
    return std::string(f.text_of(n));
  if (!std::strcmp(t, "member_expression")) {
    return path_of(f, field(n, "object"), depth + 1) + "." + std::string(f.text_of(field(n, "property")));
  }
  if (!std::strcmp(t, "subscript_expression")) {
    TSNode idx = field(n, "index");
    std::string key = "[]";
    if (is(idx, "string") && named_count(idx) == 1) key = std::string(f.text_of(named_at(idx, 0)));
    return path_of(f, field(n, "object"), depth + 1) + "." + key;
  }
  if (!std::strcmp(t, "call_expression")) return path_of(f, field(n, "function"), depth + 1) + "()";
  if (!std::strcmp(t, "parenthesized_expression") || !std::strcmp(t, "non_null_expression") ||
      !std::strcmp(t, "as_expression") || !std::strcmp(t, "await_expression")) {
    if (named_count(n) > 0) return path_of(f, named_at(n, 0), depth + 1);
  }
  return "?";
}

std::vector<std::string_view> split_path(std::string_view p) {
  std::vector<std::string_view> out;
  std::size_t s = 0;
  for (std::size_t i = 0; i <= p.size(); ++i) {
    if (i == p.size() || p[i] == '.') {
      out.push_back(p.substr(s, i - s));
      s = i + 1;
    }
  }
  return out;
}
std::string_view last_seg(std::string_view p) {
  auto d = p.rfind('.');
  return d == std::string_view::npos ? p : p.substr(d + 1);
}
std::string lower(std::string_view s) {
  std::string o(s);
  for (auto& c : o) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return o;
}
bool one_of(std::string_view s, std::initializer_list<std::string_view> l) {
  return std::find(l.begin(), l.end(), s) != l.end();
}

// Is this access path a taint source? Returns the source bits.
Mask source_of(std::string_view p, const Config& cfg) {
  auto seg = split_path(p);
  if (seg.size() >= 2) {
    std::string_view a = seg[0], b = seg[1];
    // Route parameters, headers and URLs are always strings; bodies, query strings and cookies
    // (JSON cookies) can be objects.
    if ((a == "req" || a == "request") && one_of(b, {"headers", "originalUrl", "url", "path"})) return kNoCrLf;
    if ((a == "req" || a == "request") && b == "params") return kStr;
    if ((a == "req" || a == "request") && one_of(b, {"query", "body", "cookies", "signedCookies", "payload", "state", "files", "file"})) return kUser;
    if (a == "ctx" && one_of(b, {"headers", "url", "path", "href", "querystring", "originalUrl"})) return kNoCrLf;
    if (a == "ctx" && b == "params") return kStr;
    if (a == "ctx" && (b == "request" || one_of(b, {"query", "cookies"}))) {
      if (b == "request" && seg.size() >= 3 && !one_of(seg[2], {"body", "query", "params", "headers", "url", "href", "querystring", "files", "rawBody", "header", "search", "path"}))
        return 0;
      if (b == "request" && seg.size() >= 3 && one_of(seg[2], {"headers", "url", "href", "querystring", "header", "search", "path"})) return kNoCrLf;
      if (b == "request" && seg.size() >= 3 && seg[2] == "params") return kStr;
      return kUser;
    }
    // process.env is set by the operator: trusted (it matters only as a carrier of secrets).
    if (a == "process" && b == "argv") return kStr;
    std::string la = lower(a);
    if ((la.find("entry") != std::string::npos || la == "header" || la == "zipentry") &&
        one_of(b, {"path", "fileName", "entryName", "name"}) && seg.size() == 2)
      return kArchive;
  }
  for (const auto& s : cfg.extra_sources) {
    if (p == s || (p.size() > s.size() && p.substr(0, s.size()) == s && p[s.size()] == '.')) return kUser;
  }
  return 0;
}

bool secret_name(std::string_view name) {
  std::string l = lower(name);
  // secretName, passwordPolicy, tokenExpiry, apiKeyHeader: about a secret, not the secret
  for (const char* w : {"name", "names", "policy", "expiry", "expires", "expiration", "ttl", "length", "type", "header", "field", "path",
                        "file", "url", "uri", "version", "count", "label", "rule", "rules", "required", "enabled", "hint", "id", "ids"}) {
    std::size_t wl = std::strlen(w);
    if (l.size() > wl && l.compare(l.size() - wl, wl, w) == 0) {
      char before = name[name.size() - wl - 1];
      char first = name[name.size() - wl];
      if (std::isupper(static_cast<unsigned char>(first)) || before == '_' || before == '-') return false;
    }
  }
  if (l.find("password") != std::string::npos || l.find("passwd") != std::string::npos || l.find("secret") != std::string::npos ||
      l.find("apikey") != std::string::npos || l.find("api_key") != std::string::npos || l.find("privatekey") != std::string::npos ||
      l.find("private_key") != std::string::npos || l.find("accesskey") != std::string::npos || l.find("access_key") != std::string::npos ||
      l == "token" || l.find("authtoken") != std::string::npos || l.find("auth_token") != std::string::npos ||
      l.find("accesstoken") != std::string::npos || l.find("access_token") != std::string::npos ||
      l.find("credential") != std::string::npos || l == "pwd" || l == "passphrase" || l.find("clientsecret") != std::string::npos)
    return true;
  // "...Token" suffixes (apiToken, bearerToken), not "tokenType"/"tokenUrl", and not a lexer's
  // tokens (firstToken, nextToken, closeParenToken)
  if (l.size() > 5 && l.substr(l.size() - 5) == "token") {
    std::string pre = l.substr(0, l.size() - 5);
    for (const char* w : {"first", "last", "next", "prev", "previous", "current", "start", "end", "open", "opening", "close", "closing",
                          "preceding", "following", "paren", "bracket", "brace", "comma", "semi", "colon", "arrow", "star", "operator",
                          "punctuator", "keyword", "question", "dot", "equals", "before", "after", "left", "right", "cancel", "cancellation"}) {
      std::size_t wl = std::strlen(w);
      if (pre.size() >= wl && pre.compare(pre.size() - wl, wl, w) == 0) return false;
    }
    return true;
  }
  return false;
}

bool placeholder_value(std::string_view v) {
  std::string l = lower(v);
  if (v.size() < 8) return true;
  for (const char* p : {"changeme", "change_me", "example", "placeholder", "your", "xxxx", "<", "${", "{{", "dummy", "redacted", "****", "todo", "process.env", "test", "sample", "fake", "mock"}) {
    if (l.find(p) != std::string::npos) return true;
  }
  if (v.find(' ') != std::string_view::npos) return true;  // prose, not a secret
  bool all_same = std::all_of(v.begin(), v.end(), [&](char c) { return c == v[0]; });
  return all_same;
}

double entropy(std::string_view s) {
  if (s.empty()) return 0;
  int counts[256] = {0};
  for (unsigned char c : s) counts[c]++;
  double e = 0;
  for (int c : counts) {
    if (!c) continue;
    double p = static_cast<double>(c) / static_cast<double>(s.size());
    e -= p * std::log2(p);
  }
  return e;
}

// Known token formats; returns the kind or "".
std::string token_format(std::string_view s) {
  static const std::vector<std::pair<std::regex, std::string>> formats = [] {
    std::vector<std::pair<std::regex, std::string>> v;
    auto add = [&](const char* re, const char* kind) { v.emplace_back(std::regex(re, std::regex::ECMAScript | std::regex::optimize), kind); };
    add("AKIA[0-9A-Z]{16}", "AWS access key id");
    add("gh[pousr]_[A-Za-z0-9]{36,}", "GitHub token");
    add("github_pat_[A-Za-z0-9_]{40,}", "GitHub token");
    add("xox[baprs]-[A-Za-z0-9-]{10,}", "Slack token");
    add("sk_live_[0-9a-zA-Z]{20,}", "Stripe secret key");
    add("AIza[0-9A-Za-z_\\-]{35}", "Google API key");
    add("-----BEGIN (RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----", "private key");
    add("npm_[A-Za-z0-9]{36}", "npm token");
    add("eyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}", "JSON Web Token");
    add("SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}", "SendGrid key");
    return v;
  }();
  if (s.size() < 16) return "";
  // Cheap prefilter: every format starts with one of these markers.
  bool maybe = false;
  for (const char* m : {"AKIA", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "xox", "sk_live_", "AIza", "-----BEGIN", "npm_", "eyJ", "SG."}) {
    if (s.find(m) != std::string_view::npos) {
      maybe = true;
      break;
    }
  }
  if (!maybe) return "";
  for (const auto& [re, kind] : formats) {
    if (std::regex_search(s.begin(), s.end(), re)) return kind;
  }
  return "";
}

std::string mask_secret(std::string_view s) {
  if (s.size() <= 4) return "****";
  return std::string(s.substr(0, std::min<std::size_t>(4, s.size() / 4))) + std::string(8, '*');
}

// Can one regex atom (a literal, an escape, a class, '.') match the character c?
bool atom_matches(std::string_view atom, char c) {
  auto esc_class = [](char e, char ch) {
    unsigned char u = static_cast<unsigned char>(ch);
    switch (e) {
      case 'w': return std::isalnum(u) || ch == '_';
      case 'W': return !(std::isalnum(u) || ch == '_');
      case 'd': return static_cast<bool>(std::isdigit(u));
      case 'D': return !std::isdigit(u);
      case 's': return static_cast<bool>(std::isspace(u));
      case 'S': return !std::isspace(u);
      default: return e == ch;
    }
  };
  if (atom.empty()) return false;
  if (atom == ".") return c != '\n';
  if (atom[0] == '\\') return atom.size() > 1 && esc_class(atom[1], c);
  if (atom[0] != '[') return atom[0] == c;
  bool neg = atom.size() > 1 && atom[1] == '^';
  bool hit = false;
  std::size_t i = neg ? 2 : 1;
  for (; i + 1 < atom.size() && !hit; ++i) {
    char a = atom[i];
    if (a == '\\' && i + 2 < atom.size()) {
      hit = esc_class(atom[++i], c);
      continue;
    }
    if (i + 2 < atom.size() - 1 && atom[i + 1] == '-') {
      hit = c >= a && c <= atom[i + 2];
      i += 2;
      continue;
    }
    hit = a == c;
  }
  return neg ? !hit : hit;
}

// Splits a regex (part) into atoms with their quantifier: {atom, quantified, required}.
struct Atom {
  std::string text;
  bool quantified = false;  // + * {n,}
  bool optional = false;    // ? * {0,
  bool group = false;
};
std::vector<Atom> atoms_of(std::string_view re) {
  std::vector<Atom> out;
  for (std::size_t i = 0; i < re.size();) {
    std::size_t start = i;
    Atom a;
    char c = re[i];
    if (c == '\\') {
      i = std::min(re.size(), i + 2);
    } else if (c == '[') {
      ++i;
      while (i < re.size() && re[i] != ']') i += re[i] == '\\' ? 2 : 1;
      i = std::min(re.size(), i + 1);
    } else if (c == '(') {
      int depth = 0;
      bool in_class = false;
      for (; i < re.size(); ++i) {
        if (re[i] == '\\') {
          ++i;
          continue;
        }
        if (in_class) {
          if (re[i] == ']') in_class = false;
          continue;
        }
        if (re[i] == '[') in_class = true;
        else if (re[i] == '(') ++depth;
        else if (re[i] == ')' && --depth == 0) break;
      }
      i = std::min(re.size(), i + 1);
      a.group = true;
    } else if (c == '|' ) {
      // alternation: every atom becomes optional (conservative)
      for (auto& x : out) x.optional = true;
      ++i;
      continue;
    } else {
      ++i;
    }
    a.text = std::string(re.substr(start, i - start));
    if (i < re.size()) {
      char q = re[i];
      if (q == '+' || q == '*' || q == '?') {
        a.quantified = q != '?';
        a.optional = q != '+';
        ++i;
      } else if (q == '{') {
        auto close = re.find('}', i);
        if (close != std::string_view::npos) {
          std::string_view body = re.substr(i + 1, close - i - 1);
          a.quantified = body.find(',') != std::string_view::npos;  // {n} repeats a fixed number of times
          a.optional = !body.empty() && body[0] == '0';
          i = close + 1;
        }
      }
      if (i < re.size() && re[i] == '?') ++i;  // lazy
    }
    if (a.text == "^" || a.text == "$") continue;
    out.push_back(std::move(a));
  }
  return out;
}

// Can anything inside `atom` (recursively through groups) match c?
bool any_matches(const Atom& a, char c) {
  if (!a.group) return atom_matches(a.text, c);
  std::string_view inner = std::string_view(a.text).substr(1, a.text.size() - 2);
  if (inner.rfind("?:", 0) == 0 || inner.rfind("?=", 0) == 0 || inner.rfind("?!", 0) == 0) inner = inner.substr(2);
  for (const auto& x : atoms_of(inner)) {
    if (any_matches(x, c)) return true;
  }
  return false;
}

bool has_quantifier(std::string_view body) {
  for (const auto& a : atoms_of(body)) {
    if (a.quantified) return true;
    if (a.group && has_quantifier(std::string_view(a.text).substr(1, a.text.size() - 2))) return true;
  }
  return false;
}

// A quantified group whose body holds a quantifier backtracks exponentially when repetitions
// can split the same text in many ways: (a+)+, (\w+\s?)*, (;[\w\W]*?)*. A required literal
// character that none of the body's quantified atoms can match pins every repetition
// ((\w+=\d+,?)+ is linear), so such a group is not reported.
bool catastrophic_group(std::string_view body) {
  if (body.rfind("?:", 0) == 0) body = body.substr(2);
  if (body.rfind("?=", 0) == 0 || body.rfind("?!", 0) == 0 || body.rfind("?<", 0) == 0) return false;
  auto atoms = atoms_of(body);
  if (!has_quantifier(body)) return false;
  for (const auto& r : atoms) {
    if (r.optional || r.group || r.text.empty()) continue;
    char c = r.text[0];
    if (c == '[' || c == '.') continue;
    if (c == '\\') {
      if (r.text.size() < 2 || std::isalpha(static_cast<unsigned char>(r.text[1]))) continue;
      c = r.text[1];
    }
    bool ambiguous = false;
    for (const auto& q : atoms) {
      if (!q.quantified && !(q.group && has_quantifier(std::string_view(q.text).substr(1, q.text.size() - 2)))) continue;
      if (any_matches(q, c)) ambiguous = true;
    }
    if (!ambiguous) return false;
  }
  return true;
}

// `open_end`: nothing that can fail follows this (sub)pattern (the pattern ends there, no `$`).
// A quantified group in that position never backtracks (whatever it matched, the match succeeds),
// so only groups followed by something that can fail count.
bool catastrophic_regex(std::string_view re, bool open_end) {
  auto atoms = atoms_of(re);
  for (std::size_t i = 0; i < atoms.size(); ++i) {
    const auto& a = atoms[i];
    if (!a.group) continue;
    std::string_view body = std::string_view(a.text).substr(1, a.text.size() - 2);
    bool tail = open_end && i + 1 == atoms.size();
    if (a.quantified && !tail && catastrophic_group(body)) return true;
    if (catastrophic_regex(body, tail)) return true;
  }
  return false;
}
bool catastrophic_regex(std::string_view re) {
  bool end_anchor = !re.empty() && re.back() == '$' && (re.size() < 2 || re[re.size() - 2] != '\\');
  return catastrophic_regex(re, !end_anchor);
}

struct Suppression {
  std::set<std::string> rules;
  bool has_reason = false;
};

// ---------- the per-file analysis ----------
struct Project {
  std::vector<std::unique_ptr<SourceFile>> files;
  Config cfg;
  const Options* options = nullptr;
};

struct Scope {
  std::unordered_map<std::string, Mask> vars;
  Scope* parent = nullptr;
  Mask* get(const std::string& n) {
    for (Scope* s = this; s; s = s->parent) {
      auto it = s->vars.find(n);
      if (it != s->vars.end()) return &it->second;
    }
    return nullptr;
  }
};

struct RawFinding {
  std::string rule;
  uint32_t file, line, column;
  std::string message, snippet, function;
};

class Analyzer {
 public:
  Analyzer(const Project& p, uint32_t file_index, const Summaries& prev, Summaries& next, std::vector<RawFinding>& out,
           std::unordered_set<std::string>* used = nullptr)
      : p_(p), fi_(file_index), f_(*p.files[file_index]), prev_(prev), next_(next), out_(out), used_(used) {}

  void run() {
    TSNode root = ts_tree_root_node(f_.tree);
    // Module level.
    {
      Scope module;
      fname_ = "";
      cur_ = nullptr;
      Mask ret = 0;
      ret_ = &ret;
      scope_ = &module;
      walk(root);
    }
    for (const auto& [key, node] : f_.units) {
      Summary s;
      Scope sc;
      scope_ = &sc;
      cur_ = &s;
      Mask ret = 0;
      ret_ = &ret;
      fname_ = key.substr(key.find(':') + 1);
      validated_.clear();
      bind_params(node, [](int i) { return param_bit(i); });
      TSNode body = field(node, "body");
      if (!ts_node_is_null(body)) {
        if (is(body, "statement_block")) walk(body);
        else ret |= eval(body);
      }
      s.ret = ret & ~kArchive;
      next_[key] = std::move(s);
    }
  }

 private:
  const Project& p_;
  uint32_t fi_;
  const SourceFile& f_;
  const Summaries& prev_;
  Summaries& next_;
  std::vector<RawFinding>& out_;
  std::unordered_set<std::string>* used_;
  Scope* scope_ = nullptr;
  Summary* cur_ = nullptr;
  Mask* ret_ = nullptr;
  std::string fname_;
  std::unordered_set<std::string> validated_;

  template <class F>
  void bind_params(TSNode fn, F&& bit_of) {
    TSNode params = field(fn, "parameters");
    if (ts_node_is_null(params)) {
      TSNode one = field(fn, "parameter");
      if (!ts_node_is_null(one)) bind_pattern(one, bit_of(0), "");
      return;
    }
    int idx = 0;
    uint32_t n = named_count(params);
    for (uint32_t i = 0; i < n; ++i) {
      TSNode prm = named_at(params, i);
      if (is(prm, "comment")) continue;
      TSNode pat = prm;
      if (is(prm, "required_parameter") || is(prm, "optional_parameter")) pat = field(prm, "pattern");
      if (is(pat, "assignment_pattern")) pat = field(pat, "left");
      bind_pattern(pat, bit_of(idx), "");
      ++idx;
    }
  }

  // Binds the names of a pattern to `m`; `base` is the access path of the value (for sources).
  void bind_pattern(TSNode pat, Mask m, const std::string& base) {
    if (ts_node_is_null(pat)) return;
    const char* t = type(pat);
    if (!std::strcmp(t, "identifier") || !std::strcmp(t, "shorthand_property_identifier_pattern")) {
      std::string name(f_.text_of(pat));
      Mask src = base.empty() ? 0 : src_of(base + "." + name);
      scope_->vars[name] = m | src;
      return;
    }
    if (!std::strcmp(t, "object_pattern")) {
      uint32_t n = named_count(pat);
      for (uint32_t i = 0; i < n; ++i) {
        TSNode c = named_at(pat, i);
        if (is(c, "pair_pattern")) {
          std::string key(f_.text_of(field(c, "key")));
          TSNode v = field(c, "value");
          if (is(v, "assignment_pattern")) v = field(v, "left");
          std::string sub = base.empty() ? "" : base + "." + key;
          Mask src = sub.empty() ? 0 : src_of(sub);
          bind_pattern(v, m | src, sub);
        } else if (is(c, "object_assignment_pattern")) {
          bind_pattern(field(c, "left"), m, base);
        } else if (is(c, "rest_pattern")) {
          if (named_count(c) > 0) bind_pattern(named_at(c, 0), m, "");
        } else {
          bind_pattern(c, m, base);
        }
      }
      return;
    }
    if (!std::strcmp(t, "array_pattern")) {
      uint32_t n = named_count(pat);
      for (uint32_t i = 0; i < n; ++i) {
        TSNode c = named_at(pat, i);
        if (is(c, "assignment_pattern")) c = field(c, "left");
        if (is(c, "rest_pattern") && named_count(c) > 0) c = named_at(c, 0);
        bind_pattern(c, m, "");
      }
      return;
    }
    if (!std::strcmp(t, "assignment_pattern")) {
      bind_pattern(field(pat, "left"), m | eval(field(pat, "right")), base);
      return;
    }
    if (!std::strcmp(t, "rest_pattern") && named_count(pat) > 0) bind_pattern(named_at(pat, 0), m, "");
  }

  std::string snippet(TSNode n) const { return normalise(f_.text_of(n)); }

  // Sources by access path; an `entry.path`/`header.name` is an archive entry's name only in a
  // module that uses an archive library (elsewhere it is a directory entry, fs.Dirent).
  Mask src_of(const std::string& path) const {
    Mask m = source_of(path, p_.cfg);
    return f_.archive_lib ? m : (m & ~kArchive);
  }

  void emit(const std::string& rule, TSNode at, std::string message, std::string snip = {}) {
    if (p_.options->disabled_rules.count(rule)) return;
    TSPoint pt = ts_node_start_point(at);
    out_.push_back({rule, fi_, pt.row + 1, pt.column + 1, std::move(message), snip.empty() ? snippet(at) : std::move(snip), fname_});
  }

  static std::string rule_of(const std::string& category, Mask m) {
    if (category == "path") return (m & kArchive) ? "zip-slip" : "path-traversal";
    if (category == kNosqlObject) return "nosql-injection";
    return category;
  }
  // The taint kinds a sink category reacts to: JSON-encoded data is harmless only in logs; typed
  // sinks (a NoSQL query object) need data that can still be an object; archive entry names only
  // matter as paths.
  static Mask accepts(const std::string& category, bool allow_str = true) {
    if (category == kNosqlObject || !allow_str) return kUser;
    Mask m = kUser | kStr;
    if (category != "log-injection") m |= kNoCrLf;
    if (category == "path") m |= kArchive;
    return m;
  }
  static constexpr const char* kNosqlObject = "nosql-injection#object";

  // A value with mask `m` reaches sink `category` at `at`.
  void sink(const std::string& category, TSNode at, Mask m, bool allow_str = true) {
    Mask srcmask = accepts(category, allow_str);
    if (m & srcmask) {
      std::string rule = rule_of(category, m & srcmask);
      const Rule* r = find_rule(rule);
      emit(rule, at, std::string(r ? r->title : rule) + ": untrusted data reaches " + std::string(last_seg(path_of(f_, field(at, "function")))));
    }
    if (cur_) {
      Mask pb = param_bits(m);
      // A typed sink (a NoSQL query object) only reacts to callers' data that can be an object.
      std::string cat = allow_str ? category : std::string(category == "nosql-injection" ? kNosqlObject : category.c_str());
      for (int i = 0; i < kMaxParams && pb; ++i) {
        if (pb & param_bit(i)) {
          TSPoint pt = ts_node_start_point(at);
          cur_->param_sinks.insert({i, SinkRef{cat, fi_, pt.row + 1, pt.column + 1, snippet(at), fname_}});
        }
      }
    }
  }

  // ---- resolution ----
  const std::string* resolve(TSNode callee) const {
    if (is(callee, "identifier")) {
      std::string n(f_.text_of(callee));
      auto it = f_.functions.find(n);
      if (it != f_.functions.end()) return &it->second;
      auto im = f_.imports.find(n);
      if (im != f_.imports.end() && im->second.file >= 0) {
        const auto& tf = *p_.files[static_cast<std::size_t>(im->second.file)];
        auto e = tf.exports.find(im->second.name == "*" ? "default" : im->second.name);
        if (e != tf.exports.end()) return &e->second;
      }
      return nullptr;
    }
    if (is(callee, "member_expression")) {
      TSNode obj = field(callee, "object");
      std::string prop(f_.text_of(field(callee, "property")));
      if (is(obj, "this")) {
        auto it = f_.methods.find(prop);
        return it != f_.methods.end() ? &it->second : nullptr;
      }
      if (is(obj, "identifier")) {
        std::string n(f_.text_of(obj));
        auto im = f_.imports.find(n);
        if (im != f_.imports.end() && im->second.file >= 0) {
          const auto& tf = *p_.files[static_cast<std::size_t>(im->second.file)];
          auto e = tf.exports.find(prop);
          if (e != tf.exports.end()) return &e->second;
          // module.exports = new Client(): the module object's methods are the class's
          if (im->second.name == "*" && tf.exports_instance) {
            auto m = tf.methods.find(prop);
            if (m != tf.methods.end()) return &m->second;
          }
        }
      }
    }
    return nullptr;
  }

  // Applies a callee summary: sinks reached by tainted arguments; returns the result mask.
  Mask apply_summary(const std::string& key, const std::vector<Mask>& args, const char* skip_category = nullptr) {
    if (used_) used_->insert(key);
    auto it = prev_.find(key);
    if (it == prev_.end()) return 0;
    const Summary& s = it->second;
    Mask result = s.ret & kSources;
    for (int i = 0; i < kMaxParams && i < static_cast<int>(args.size()); ++i) {
      if (s.ret & param_bit(i)) result |= args[static_cast<std::size_t>(i)];
    }
    for (const auto& [i, ref] : s.param_sinks) {
      if (i >= static_cast<int>(args.size())) continue;
      Mask a = args[static_cast<std::size_t>(i)];
      if (skip_category && ref.category == skip_category) continue;
      Mask srcmask = accepts(ref.category);
      if (a & srcmask) {
        std::string rule = rule_of(ref.category, a & srcmask);
        if (!p_.options->disabled_rules.count(rule)) {
          const Rule* r = find_rule(rule);
          out_.push_back({rule, ref.file, ref.line, ref.column,
                          std::string(r ? r->title : rule) + ": untrusted data from " + f_.name + ":" +
                              std::to_string(ts_node_start_point(last_call_).row + 1) + " reaches this sink",
                          ref.snippet, ref.function});
        }
      }
      if (cur_) {
        Mask pb = param_bits(a);
        for (int j = 0; j < kMaxParams && pb; ++j) {
          if (pb & param_bit(j)) cur_->param_sinks.insert({j, ref});
        }
      }
    }
    return result;
  }

  TSNode last_call_{};

  // ---- walking ----
  void walk(TSNode n) {
    if (ts_node_is_null(n)) return;
    eval(n);
  }

  Mask eval_children(TSNode n) {
    Mask m = 0;
    uint32_t c = named_count(n);
    for (uint32_t i = 0; i < c; ++i) m |= eval(named_at(n, i));
    return m;
  }

  // An inline function (callback, handler): analysed now, in a scope below the current one.
  Mask eval_function(TSNode fn, Mask param0, Mask others) {
    if (f_.unit_starts.count(ts_node_start_byte(fn))) return 0;  // analysed as its own unit
    Scope sc;
    sc.parent = scope_;
    Scope* saved = scope_;
    Mask* saved_ret = ret_;
    Mask ret = 0;
    scope_ = &sc;
    ret_ = &ret;
    bind_params(fn, [&](int i) { return i == 0 ? param0 : others; });
    TSNode body = field(fn, "body");
    if (!ts_node_is_null(body)) {
      if (is(body, "statement_block")) walk(body);
      else ret |= eval(body);
    }
    scope_ = saved;
    ret_ = saved_ret;
    return ret;
  }

  void assign(TSNode lhs, Mask m, bool strong) {
    if (is(lhs, "identifier")) {
      std::string name(f_.text_of(lhs));
      Mask* v = scope_->get(name);
      if (v) *v = strong ? m : (*v | m);
      else scope_->vars[name] = m;
      if (m == 0) validated_.erase(name);
      return;
    }
    if (is(lhs, "member_expression") || is(lhs, "subscript_expression")) {
      // obj.prop = tainted -> obj tainted (weakly)
      TSNode obj = field(lhs, "object");
      while (is(obj, "member_expression") || is(obj, "subscript_expression")) obj = field(obj, "object");
      if (is(obj, "identifier") && m) {
        std::string name(f_.text_of(obj));
        Mask* v = scope_->get(name);
        if (v) *v |= m;
        else scope_->vars[name] = m;
      }
      return;
    }
    if (is(lhs, "object_pattern") || is(lhs, "array_pattern")) bind_pattern(lhs, m, "");
  }

  Mask lookup(const std::string& name) {
    if (validated_.count(name)) return 0;
    Mask* v = scope_->get(name);
    return v ? *v : 0;
  }

  Mask eval(TSNode n) {
    if (ts_node_is_null(n)) return 0;
    const char* t = type(n);
    switch (t[0]) {
      default: break;
    }
    if (!std::strcmp(t, "identifier")) return lookup(std::string(f_.text_of(n)));
    if (!std::strcmp(t, "shorthand_property_identifier")) return lookup(std::string(f_.text_of(n)));
    if (!std::strcmp(t, "string") || !std::strcmp(t, "number") || !std::strcmp(t, "true") || !std::strcmp(t, "false") ||
        !std::strcmp(t, "null") || !std::strcmp(t, "undefined") || !std::strcmp(t, "comment") || !std::strcmp(t, "property_identifier")) {
      if (!std::strcmp(t, "string")) check_string(n);
      return 0;
    }
    if (!std::strcmp(t, "regex")) {
      check_regex_literal(n);
      return 0;
    }
    if (!std::strcmp(t, "member_expression") || !std::strcmp(t, "subscript_expression")) return eval_member(n);
    if (!std::strcmp(t, "call_expression")) return eval_call(n, false);
    if (!std::strcmp(t, "new_expression")) return eval_call(n, true);
    if (!std::strcmp(t, "template_string")) {
      Mask m = eval_children(n);
      return (m & kUser) ? ((m & ~kUser) | kStr) : m;
    }
    if (!std::strcmp(t, "binary_expression")) {
      std::string_view op = f_.text_of(field(n, "operator"));
      Mask l = eval(field(n, "left")), r = eval(field(n, "right"));
      check_comparison(n, op);
      if (op == "+") {
        Mask m = l | r;
        return (m & kUser) ? ((m & ~kUser) | kStr) : m;
      }
      if (op == "||" || op == "??" || op == "&&") return op == "&&" ? r : (l | r);
      return 0;
    }
    if (!std::strcmp(t, "ternary_expression")) {
      eval(field(n, "condition"));
      return eval(field(n, "consequence")) | eval(field(n, "alternative"));
    }
    if (!std::strcmp(t, "unary_expression")) {
      eval_children(n);
      return 0;
    }
    if (!std::strcmp(t, "variable_declarator")) {
      TSNode name = field(n, "name"), value = field(n, "value");
      Mask m = eval(value);
      check_named_value(name, value, n);
      std::string base = (is(value, "identifier") || is(value, "member_expression")) ? path_of(f_, value) : "";
      if (is(value, "await_expression") && named_count(value) > 0) base = path_of(f_, named_at(value, 0));
      if (is(name, "identifier")) {
        std::string nm(f_.text_of(name));
        scope_->vars[nm] = m;
        validated_.erase(nm);
      } else {
        bind_pattern(name, m, base == "?" ? "" : base);
      }
      return 0;
    }
    if (!std::strcmp(t, "assignment_expression") || !std::strcmp(t, "augmented_assignment_expression")) {
      TSNode lhs = field(n, "left"), rhs = field(n, "right");
      Mask m = eval(rhs);
      check_named_value(lhs, rhs, n);
      check_assignment(lhs, rhs, n, m);
      if (!is(lhs, "identifier")) eval_lhs_parts(lhs);
      assign(lhs, m, !std::strcmp(t, "assignment_expression"));
      return m;
    }
    if (!std::strcmp(t, "return_statement")) {
      Mask m = eval_children(n);
      if (ret_) *ret_ |= m;
      return 0;
    }
    if (!std::strcmp(t, "pair")) {
      check_named_value(field(n, "key"), field(n, "value"), n);
      check_pair(n);
      return eval(field(n, "value"));
    }
    if (!std::strcmp(t, "object")) {
      check_object(n);
      return eval_children(n);
    }
    if (is_function(n)) {
      // A function in expression position: a callback or a handler. Its parameters carry no taint
      // unless a caller (promise chain, array method) passes it.
      eval_function(n, 0, 0);
      return 0;
    }
    if (!std::strcmp(t, "class_declaration") || !std::strcmp(t, "class")) {
      return eval_children(n), 0;
    }
    if (!std::strcmp(t, "import_statement")) return 0;
    if (!std::strcmp(t, "if_statement")) {
      eval_children(n);
      // if (!ALLOWED.has(x) || x === '__proto__') return/throw: x is checked from here on.
      if (exits(field(n, "consequence"))) guard(field(n, "condition"), false);
      return 0;
    }
    if (!std::strcmp(t, "for_in_statement")) {
      // for (const k in obj) / for (const v of arr): the variable takes the collection's taint
      TSNode right = field(n, "right");
      Mask m = eval(right);
      TSNode left = field(n, "left");
      if (is(left, "identifier")) assign(left, m, true);
      else bind_pattern(left, m, "");
      eval(field(n, "body"));
      return 0;
    }
    // await, parenthesised, spread, arrays, statements...: union of the parts
    return eval_children(n);
  }

  static bool exits(TSNode st) {
    if (ts_node_is_null(st)) return false;
    if (is(st, "return_statement") || is(st, "throw_statement")) return true;
    if (is(st, "statement_block")) {
      uint32_t c = named_count(st);
      return c > 0 && exits(named_at(st, c - 1));
    }
    if (is(st, "expression_statement") && named_count(st) > 0) {
      // next(err) / reply(Boom...) are not exits; a return is needed
      return false;
    }
    return false;
  }

  // Marks the identifiers a failing condition rules out: `!set.has(x)`, `!list.includes(x)`,
  // `list.indexOf(x) === -1`, `x === '__proto__'` (with `negated` flipping ! and ===/!==).
  void guard(TSNode c, bool negated) {
    if (ts_node_is_null(c)) return;
    if (is(c, "parenthesized_expression") && named_count(c)) return guard(named_at(c, 0), negated);
    if (is(c, "unary_expression") && f_.text_of(field(c, "operator")) == "!") return guard(field(c, "argument"), !negated);
    if (is(c, "binary_expression")) {
      std::string_view op = f_.text_of(field(c, "operator"));
      TSNode l = field(c, "left"), r = field(c, "right");
      if (op == "||" && !negated) {
        guard(l, false);
        guard(r, false);
        return;
      }
      if (op == "&&" && negated) {
        guard(l, true);
        guard(r, true);
        return;
      }
      bool eq = op == "===" || op == "==";
      bool ne = op == "!==" || op == "!=";
      if ((eq && !negated) || (ne && negated)) {
        for (auto [a, b] : {std::pair{l, r}, std::pair{r, l}}) {
          if (is(a, "identifier") && is(b, "string") && one_of(string_value(b), {"__proto__", "constructor", "prototype"}))
            validated_.insert(std::string(f_.text_of(a)));
        }
      }
      // list.indexOf(x) === -1 / < 0
      std::string lpath = is(l, "call_expression") ? path_of(f_, field(l, "function")) : std::string();
      if (is(l, "call_expression") && last_seg(lpath) == "indexOf" &&
          (((eq && !negated) && f_.text_of(r) == "-1") || (op == "<" && !negated && f_.text_of(r) == "0"))) {
        auto a = arg_nodes(l);
        if (!a.empty() && is(a[0], "identifier")) validated_.insert(std::string(f_.text_of(a[0])));
      }
      return;
    }
    if (is(c, "call_expression") && negated) {
      std::string cp = path_of(f_, field(c, "function"));
      std::string_view last = last_seg(cp);
      if (one_of(last, {"has", "includes", "hasOwnProperty", "test"})) {
        auto a = arg_nodes(c);
        if (!a.empty() && is(a[0], "identifier")) validated_.insert(std::string(f_.text_of(a[0])));
      }
    }
  }

  void eval_lhs_parts(TSNode lhs) {
    if (is(lhs, "subscript_expression")) {
      eval(field(lhs, "index"));
      eval_lhs_parts(field(lhs, "object"));
    } else if (is(lhs, "member_expression")) {
      eval_lhs_parts(field(lhs, "object"));
    }
  }

  Mask eval_member(TSNode n) {
    std::string p = path_of(f_, n);
    Mask src = p != "?" && p.find('?') == std::string::npos ? src_of(p) : 0;
    TSNode obj = field(n, "object");
    Mask m = eval(obj);
    if (is(n, "subscript_expression")) eval(field(n, "index"));
    if (is(n, "member_expression")) {
      std::string_view prop = f_.text_of(field(n, "property"));
      if (prop == "length") return src;
    }
    return src | m;
  }

  std::vector<TSNode> arg_nodes(TSNode call) {
    std::vector<TSNode> out;
    TSNode args = field(call, "arguments");
    if (ts_node_is_null(args) || is(args, "template_string")) return out;
    uint32_t c = named_count(args);
    for (uint32_t i = 0; i < c; ++i) {
      TSNode a = named_at(args, i);
      if (!is(a, "comment")) out.push_back(a);
    }
    return out;
  }

  static bool sanitizer_name(std::string_view last, std::string_view full) {
    if (one_of(last, {"parseInt", "parseFloat", "Number", "Boolean", "encodeURIComponent", "encodeURI", "escape", "escapeHtml",
                      "escapeHTML", "encode", "sanitize", "sanitizeHtml", "basename", "escapeRegExp", "escapeStringRegexp",
                      "escapeRegex", "isValid", "test", "isUUID", "isInt", "isEmail", "isAlphanumeric", "isNumeric", "xss",
                      "filterXSS", "escapeId", "escapeLiteral", "escapeIdentifier", "createHash", "createHmac", "digest",
                      "timingSafeEqual", "normalizeEmail", "toInt", "isURL", "hash", "compare", "randomUUID", "indexOf", "includes",
                      "startsWith", "endsWith", "keys", "count"}))
      return true;
    if (full.rfind("Math.", 0) == 0) return true;
    if (last.rfind("sanitize", 0) == 0 || last.rfind("escape", 0) == 0 || last.rfind("validate", 0) == 0 ||
        last.rfind("is", 0) == 0)
      return last != "is" && (last.size() < 3 || std::isupper(static_cast<unsigned char>(last[2])) || last.rfind("sanitize", 0) == 0 ||
                              last.rfind("escape", 0) == 0 || last.rfind("validate", 0) == 0);
    return false;
  }

  Mask eval_call(TSNode n, bool is_new) {
    TSNode callee = field(n, is_new ? "constructor" : "function");
    std::string cpath = path_of(f_, callee);
    std::string_view last = last_seg(cpath);
    auto args = arg_nodes(n);
    std::vector<Mask> am(args.size(), 0);
    Mask recv = 0;
    bool member = is(callee, "member_expression");
    if (member) recv = eval(field(callee, "object"));
    else if (!is(callee, "identifier")) eval(callee);

    // Callbacks: promise chains and array methods pass the receiver to the callback's first parameter.
    Mask cb_ret = 0;
    bool passes_receiver = member && one_of(last, {"then", "map", "forEach", "filter", "reduce", "flatMap", "find", "some", "every", "finally"});
    for (std::size_t i = 0; i < args.size(); ++i) {
      if (is_function(args[i])) {
        Mask p0 = passes_receiver ? recv : 0;
        if (last == "reduce") p0 = 0;
        cb_ret |= eval_function(args[i], p0, last == "reduce" ? recv : 0);
      } else {
        am[i] = eval(args[i]);
      }
    }
    Mask all_args = 0;
    for (Mask a : am) all_args |= a;

    last_call_ = n;
    // Sources that are calls: req.get('x'), req.header('x'), req.param('x')
    {
      auto seg = split_path(cpath);
      if (seg.size() == 2 && (seg[0] == "req" || seg[0] == "request") && one_of(seg[1], {"get", "header", "param"})) return kUser;
    }
    check_syntactic_call(n, callee, cpath, last, args, am, is_new);
    // A call of a project function is followed through its summary; library sinks are matched
    // by name only for calls that do not resolve, except a deep merge, which is one whoever
    // wrote it (its summary's own merge sinks are then not reported again).
    const std::string* resolved = resolve(callee);
    bool merge_call = is_merge_name(last);
    bool consumed = false;
    if (!resolved || merge_call) consumed = check_sinks(n, cpath, last, args, am, is_new);
    // Configured sinks (vigil.yaml) apply to every call, a project function's too.
    for (const auto& [rule, sink_callee] : p_.cfg.extra_sinks) {
      if (cpath == sink_callee || (cpath.size() > sink_callee.size() && cpath.compare(cpath.size() - sink_callee.size(), sink_callee.size(), sink_callee) == 0 &&
                                   cpath[cpath.size() - sink_callee.size() - 1] == '.'))
        sink(rule, n, am.empty() ? 0 : am[0]);
    }
    if (member && last == "getEntries") return kArchive;  // adm-zip: entries carry archive names
    if (cpath == "JSON.parse" || cpath == "decodeURIComponent" || cpath == "decodeURI" || cpath == "unescape" || (last == "parse" && cpath.rfind("querystring", 0) == 0)) {
      // decoding brings escaped CR/LF back (and JSON.parse may give an object)
      return (all_args & kSources & ~kArchive) ? ((all_args & ~(kStr | kNoCrLf)) | kUser) : all_args;
    }
    if (cpath == "JSON.stringify") {
      Mask m = all_args & (kUser | kStr | kNoCrLf);
      return m ? ((all_args & ~(kUser | kStr)) | kNoCrLf) : all_args;
    }

    // validation guards: x.startsWith(base) marks x checked for the rest of the function
    if (member && (last == "startsWith") && is(field(callee, "object"), "identifier")) {
      validated_.insert(std::string(f_.text_of(field(callee, "object"))));
    }

    if (p_.cfg.extra_sanitizers.count(std::string(last)) || p_.cfg.extra_sanitizers.count(cpath)) return 0;
    if (sanitizer_name(last, cpath)) return 0;
    if (member && last == "replace" && args.size() >= 1 && is(args[0], "regex")) {
      std::string_view pat = f_.text_of(args[0]);
      if (pat.find("\\n") != std::string_view::npos || pat.find("\\r") != std::string_view::npos || pat.find("<") != std::string_view::npos ||
          pat.find("\\.\\.") != std::string_view::npos)
        return 0;
    }
    if (cpath == "String" || last == "toString") return (all_args | recv) & kUser ? (((all_args | recv) & ~kUser) | kStr) : (all_args | recv);

    if (resolved) return apply_summary(*resolved, am, merge_call ? "prototype-pollution" : nullptr);
    if (cpath == "require") return 0;
    // What a sink returns (rows, command output, file contents, a response) is not the input.
    if (consumed) return cb_ret;
    if (member) {
      if (one_of(last, {"length", "push", "has", "get", "set"}) && cpath.rfind("req.", 0) != 0) {
        // collections: push(x) taints the receiver
        if (last == "push" && all_args && is(field(callee, "object"), "identifier")) assign(field(callee, "object"), all_args, false);
        return last == "get" ? recv : 0;
      }
      return recv | all_args | cb_ret;
    }
    return all_args | cb_ret;
  }

  // ---------- taint sinks ----------
  static bool is_merge_name(std::string_view last) {
    return one_of(last, {"merge", "mergeWith", "defaultsDeep", "deepmerge", "deepMerge", "extend", "deepExtend", "mergeDeep"});
  }

  // Response helpers chain: res.status(400).send(x) is res.send(x).
  static std::string unchain(const std::string& cpath) {
    static const std::vector<std::string> chained = {"status().", "type().", "set().", "header().", "code().", "append().", "vary().",
                                                     "contentType().", "cookie().", "clearCookie().", "links().", "attachment()."};
    std::string out = cpath;
    for (bool again = true; again;) {
      again = false;
      for (const auto& c : chained) {
        auto at = out.find("." + c);
        if (at != std::string::npos) {
          out.erase(at + 1, c.size());
          again = true;
        }
      }
    }
    return out;
  }

  // Returns whether the call is a sink whose result is data of its own (rows, output, contents).
  bool check_sinks(TSNode n, const std::string& cpath_in, std::string_view last, const std::vector<TSNode>& args, const std::vector<Mask>& am, bool is_new) {
    std::string cpath = unchain(cpath_in);
    bool consumed = false;
    auto seg = split_path(cpath);
    std::string recv = seg.size() >= 2 ? lower(seg[seg.size() - 2]) : "";
    Mask a0 = am.empty() ? 0 : am[0];
    Mask all = 0;
    for (Mask m : am) all |= m;
    bool member = seg.size() >= 2;

    // SQL
    if (one_of(last, {"raw", "whereRaw", "orderByRaw", "havingRaw", "joinRaw", "groupByRaw", "selectRaw", "fromRaw", "andWhereRaw", "orWhereRaw"}) &&
        member) {
      sink("sql-injection", n, a0);
      consumed = true;
    } else if (last == "query" && member && recv != "req" && recv != "request" && recv != "ctx" && recv != "querystring" && recv != "qs") {
      sink("sql-injection", n, a0);
      consumed = true;
    } else if ((last == "execute" || last == "unsafe") && member && (recv.find("conn") != std::string::npos || recv.find("pool") != std::string::npos ||
                                                                    recv.find("db") != std::string::npos || recv == "sql" || recv.find("client") != std::string::npos)) {
      sink("sql-injection", n, a0);
      consumed = true;
    }
    // NoSQL
    if (member && one_of(last, {"find", "findOne", "findOneAndUpdate", "findOneAndDelete", "findOneAndRemove", "updateOne", "updateMany",
                                "deleteOne", "deleteMany", "countDocuments", "count", "remove", "update", "where", "aggregate", "distinct", "exists"})) {
      // `where` is a Mongoose model's or query's, or a SQL builder's (knex): only the first counts
      bool sql_where = last == "where" && !mongoose_receiver(n);
      if (!args.empty() && !is_function(args[0]) && recv != "array" && recv != "_" && recv != "lodash" && !sql_builder(n) && !sql_where) {
        check_nosql(n, args[0], am[0]);
        consumed = true;
      }
    }
    if (member && last == "$where") sink("nosql-injection", n, a0);
    // command
    if (one_of(last, {"exec", "execSync"}) && (!member || recv.find("child") != std::string::npos || recv == "cp" || recv.find("proc") != std::string::npos ||
                                               recv == "shell" || recv == "shelljs" || recv == "sh")) {
      sink("command-injection", n, a0);
      consumed = true;
    }
    if (one_of(last, {"spawn", "spawnSync", "execFile", "execFileSync"})) {
      bool shell = false;
      for (auto a : args) {
        static const std::regex shell_on("shell\\s*:\\s*(true|['\"])");
        if (is(a, "object") && std::regex_search(std::string(f_.text_of(a)), shell_on)) shell = true;
      }
      if (!args.empty() && is(args[0], "string")) {
        std::string_view s = f_.text_of(args[0]);
        if (s.find("sh") != std::string_view::npos || s.find("cmd") != std::string_view::npos || s.find("bash") != std::string_view::npos) shell = true;
      }
      if (shell) sink("command-injection", n, all);
      consumed = true;
    }
    // code
    if ((cpath == "eval" || cpath == "window.eval" || cpath == "global.eval") || (cpath == "Function")) {
      sink("code-injection", n, cpath == "Function" ? all : a0);
    }
    if (recv == "vm" && (last.rfind("runIn", 0) == 0 || last == "compileFunction" || last == "Script")) sink("code-injection", n, a0);
    if (is_new && last == "Script" && recv == "vm") sink("code-injection", n, a0);
    if ((cpath == "setTimeout" || cpath == "setInterval" || cpath == "setImmediate") && !args.empty() && !is_function(args[0])) {
      if (!is(args[0], "identifier") && !is(args[0], "member_expression")) sink("code-injection", n, a0);
    }
    // paths
    if ((recv == "fs" || recv == "fsp" || recv == "promises" || recv == "fse" || recv == "fsextra" || recv == "fspromises" ||
         (seg.size() == 1 && one_of(last, {"readFile", "readFileSync", "createReadStream", "writeFile", "writeFileSync", "createWriteStream", "unlink", "unlinkSync"}))) &&
        one_of(last, {"readFile", "readFileSync", "writeFile", "writeFileSync", "appendFile", "appendFileSync", "createReadStream", "createWriteStream",
                      "unlink", "unlinkSync", "rm", "rmSync", "rmdir", "rmdirSync", "mkdir", "mkdirSync", "readdir", "readdirSync", "stat", "statSync",
                      "access", "accessSync", "open", "openSync", "copyFile", "copyFileSync", "rename", "renameSync", "exists", "existsSync",
                      "outputFile", "outputFileSync", "remove", "removeSync", "readJson", "readJsonSync", "lstat", "lstatSync", "truncate"})) {
      sink("path", n, a0);
      if (one_of(last, {"copyFile", "copyFileSync", "rename", "renameSync"}) && am.size() > 1) sink("path", n, am[1]);
      consumed = true;
    }
    // sendFile/download with a root option: send refuses paths that leave the root.
    if (member && one_of(last, {"sendFile", "download"}) && (recv == "res" || recv == "response" || recv == "reply")) {
      bool rooted = false;
      for (std::size_t i = 1; i < args.size(); ++i) rooted = rooted || object_has(args[i], "root", "");
      if (!rooted) sink("path", n, a0);
    }
    if (member && last == "file" && recv == "h") sink("path", n, a0);
    // XSS
    if (member && (recv == "res" || recv == "response") && one_of(last, {"send", "write", "end"})) {
      if (!args.empty() && !is(args[0], "object") && !is(args[0], "array")) sink("xss", n, a0);
    }
    if (member && recv == "document" && (last == "write" || last == "writeln")) sink("xss", n, all);
    if (member && recv == "h" && last == "response" && !args.empty() && !is(args[0], "object")) {
      // Hapi: a string response is HTML by default
      if (is(args[0], "template_string") || is(args[0], "binary_expression")) sink("xss", n, a0);
    }
    // SSRF
    if (cpath == "axios" || cpath == "fetch" || cpath == "got" || cpath == "request" || cpath == "needle" || cpath == "superagent" ||
        (member && (recv == "axios" || recv == "got" || recv == "http" || recv == "https" || recv == "request" || recv == "superagent" ||
                    recv == "needle" || recv == "fetch" || recv == "undici") &&
         one_of(last, {"get", "post", "put", "delete", "patch", "head", "request", "options"}))) {
      sink("ssrf", n, a0);
      consumed = true;
    }
    // redirect
    if (member && last == "redirect" && (recv == "res" || recv == "response" || recv == "h" || recv == "ctx" || recv == "reply")) {
      sink("open-redirect", n, am.empty() ? 0 : am.back());
    }
    if (member && (last == "location") && recv == "res") sink("open-redirect", n, a0);
    // Location header: res.setHeader('Location', v), res.writeHead(302, { Location: v })
    if (member && one_of(last, {"setHeader", "header", "set"}) && args.size() >= 2 && is(args[0], "string") && lower(string_value(args[0])) == "location")
      sink("open-redirect", n, am[1]);
    if (member && last == "writeHead") {
      for (auto a : args) {
        if (!is(a, "object")) continue;
        uint32_t c = named_count(a);
        for (uint32_t i = 0; i < c; ++i) {
          TSNode pr = named_at(a, i);
          if (is(pr, "pair") && lower(strip_quotes_sv(f_.text_of(field(pr, "key")))) == "location") sink("open-redirect", n, eval_quiet(field(pr, "value")));
        }
      }
    }
    // prototype pollution (deep merge)
    if ((is_merge_name(last) || last == "set" || last == "setWith") &&
        (recv == "_" || recv == "lodash" || recv == "$" || recv == "jquery" || !member || recv == "deepmerge" || recv == "merge" ||
         recv == "hoek" || recv == "utils")) {
      if (last == "set" || last == "setWith") {
        if (am.size() > 1) sink("prototype-pollution", n, am[1], true);
      } else {
        Mask m = 0;
        for (std::size_t i = 1; i < am.size(); ++i) m |= am[i];
        if (last == "extend" && !args.empty() && is(args[0], "true")) m = 0;
        for (std::size_t i = 1; i < am.size(); ++i) m |= am[i];
        sink("prototype-pollution", n, m & ~kStr);
      }
    }
    // ReDoS
    if ((cpath == "RegExp") && !args.empty()) sink("redos", n, a0);
    // deserialization
    if (last == "unserialize") sink("unsafe-deserialization", n, a0);
    // logs
    // logs: structured fields (an object argument) are escaped by the logger
    if (is_log_call(cpath)) {
      Mask text = 0;
      for (std::size_t i = 0; i < args.size(); ++i) {
        if (!is(args[i], "object")) text |= am[i];
      }
      sink("log-injection", n, text);
    }
    // CORS header reflection
    if (member && one_of(last, {"setHeader", "header", "set"}) && args.size() >= 2 && is(args[0], "string")) {
      std::string h = lower(f_.text_of(args[0]));
      if (h.find("access-control-allow-origin") != std::string::npos) sink("cors-misconfiguration", n, am[1]);
    }
    return consumed;
  }

  static std::string_view strip_quotes_sv(std::string_view s) {
    if (s.size() >= 2 && (s[0] == '\'' || s[0] == '"' || s[0] == '`')) return s.substr(1, s.size() - 2);
    return s;
  }

  // User.where(...), User.find().where(...): a capitalised model or a find() query
  bool mongoose_receiver(TSNode call) const {
    TSNode callee = field(call, "function");
    if (!is(callee, "member_expression")) return false;
    TSNode obj = field(callee, "object");
    if (is(obj, "identifier")) {
      std::string_view t = f_.text_of(obj);
      return !t.empty() && std::isupper(static_cast<unsigned char>(t[0]));
    }
    if (is(obj, "call_expression")) {
      std::string cp = path_of(f_, field(obj, "function"));
      return one_of(last_seg(cp), {"find", "findOne", "model", "countDocuments", "updateMany", "deleteMany"});
    }
    return false;
  }

  // Is the call's receiver a SQL query builder (knex('table').where(...), db.from('t').find)? Such
  // builders bind values; they are not MongoDB queries.
  bool sql_builder(TSNode call) const {
    TSNode callee = field(call, "function");
    if (!is(callee, "member_expression")) return false;
    TSNode obj = field(callee, "object");
    for (int depth = 0; depth < 12 && is(obj, "call_expression"); ++depth) {
      TSNode fn = field(obj, "function");
      if (is(fn, "call_expression")) return true;  // getKnex()('table')
      TSNode args = field(obj, "arguments");
      std::string fpath = path_of(f_, fn);
      std::string_view last = last_seg(fpath);
      if (one_of(last, {"from", "table", "into", "select", "whereIn", "join", "leftJoin", "innerJoin", "transacting", "withSchema", "queryBuilder",
                        "andWhere", "orWhere", "whereNot"}))
        return true;
      if (is(fn, "identifier") || (is(fn, "member_expression") && !is(field(fn, "object"), "call_expression"))) {
        // knex('table') / db('users') / trx('t'): a callable with a table name
        return named_count(args) >= 1 && is(named_at(args, 0), "string") &&
               !one_of(last, {"model", "collection", "getCollection"});
      }
      if (!is(fn, "member_expression")) return false;
      obj = field(fn, "object");
    }
    return false;
  }

  bool is_log_call(const std::string& cpath) const {
    auto seg = split_path(cpath);
    if (seg.size() < 2) return false;
    std::string recv = lower(seg[seg.size() - 2]);
    std::string_view last = seg.back();
    if (!one_of(last, {"log", "info", "warn", "error", "debug", "trace", "fatal", "verbose", "silly"})) return false;
    return recv == "console" || recv.find("log") != std::string::npos;
  }

  void check_nosql(TSNode call, TSNode arg, Mask m) {
    // A tainted query object (not forced to string), or $where with tainted code.
    if (is(arg, "object")) {
      uint32_t c = named_count(arg);
      Mask raw = 0, where_params = 0;
      for (uint32_t i = 0; i < c; ++i) {
        TSNode pr = named_at(arg, i);
        if (is(pr, "pair")) {
          std::string key(f_.text_of(field(pr, "key")));
          Mask v = eval_quiet(field(pr, "value"));
          if (key.find("$where") != std::string::npos) {
            // $where is JavaScript: any string from the request is code.
            raw |= (v & (kUser | kStr | kNoCrLf)) ? kUser : 0;
            where_params |= param_bits(v);
          } else {
            raw |= v & (kUser | param_bits(v));
          }
        } else if (is(pr, "shorthand_property_identifier")) {
          Mask v = lookup(std::string(f_.text_of(pr)));
          raw |= v & (kUser | param_bits(v));
        } else if (is(pr, "spread_element")) {
          Mask v = eval_quiet(pr);
          raw |= v & (kUser | param_bits(v));
        }
      }
      sink("nosql-injection", call, raw, false);
      if (where_params) sink("nosql-injection", call, where_params, true);
      return;
    }
    sink("nosql-injection", call, m, false);
  }

  // Taint of an already evaluated expression, without re-running checks (identifiers, members, calls).
  Mask eval_quiet(TSNode n) {
    if (is(n, "identifier")) return lookup(std::string(f_.text_of(n)));
    if (is(n, "member_expression") || is(n, "subscript_expression")) {
      std::string p = path_of(f_, n);
      Mask src = p.find('?') == std::string::npos ? src_of(p) : 0;
      return src | eval_quiet(field(n, "object"));
    }
    if (is(n, "template_string") || is(n, "binary_expression")) {
      Mask m = 0;
      uint32_t c = named_count(n);
      for (uint32_t i = 0; i < c; ++i) m |= eval_quiet(named_at(n, i));
      return (m & kUser) ? ((m & ~kUser) | kStr) : m;
    }
    if (is(n, "call_expression")) {
      std::string cp = path_of(f_, field(n, "function"));
      if (cp == "String" || last_seg(cp) == "toString") return 0;
      if (sanitizer_name(last_seg(cp), cp)) return 0;
      Mask m = 0;
      for (auto a : arg_nodes(n)) m |= eval_quiet(a);
      TSNode fn = field(n, "function");
      if (is(fn, "member_expression")) m |= eval_quiet(field(fn, "object"));  // url.searchParams.get('next')
      return m;
    }
    if (is(n, "object") || is(n, "array") || is(n, "spread_element") || is(n, "pair") || is(n, "parenthesized_expression") ||
        is(n, "await_expression") || is(n, "template_substitution")) {
      Mask m = 0;
      uint32_t c = named_count(n);
      for (uint32_t i = 0; i < c; ++i) m |= eval_quiet(named_at(n, i));
      return m;
    }
    return 0;
  }

  // ---------- syntactic rules ----------
  std::string string_value(TSNode s) const {
    if (!is(s, "string")) return {};
    std::string out;
    uint32_t c = named_count(s);
    for (uint32_t i = 0; i < c; ++i) out += f_.text_of(named_at(s, i));
    return out;
  }

  bool object_has(TSNode obj, std::string_view key, std::string_view value_text) const {
    if (!is(obj, "object")) return false;
    uint32_t c = named_count(obj);
    for (uint32_t i = 0; i < c; ++i) {
      TSNode pr = named_at(obj, i);
      if (!is(pr, "pair")) continue;
      std::string k(f_.text_of(field(pr, "key")));
      if (k.size() >= 2 && (k[0] == '\'' || k[0] == '"')) k = k.substr(1, k.size() - 2);
      if (k != key) continue;
      if (value_text.empty()) return true;
      std::string v(f_.text_of(field(pr, "value")));
      if (v == value_text) return true;
    }
    return false;
  }
  TSNode object_get(TSNode obj, std::string_view key) const {
    if (!is(obj, "object")) return TSNode{};
    uint32_t c = named_count(obj);
    for (uint32_t i = 0; i < c; ++i) {
      TSNode pr = named_at(obj, i);
      if (!is(pr, "pair")) continue;
      std::string k(f_.text_of(field(pr, "key")));
      if (k.size() >= 2 && (k[0] == '\'' || k[0] == '"')) k = k.substr(1, k.size() - 2);
      if (k == key) return field(pr, "value");
    }
    return TSNode{};
  }

  void check_syntactic_call(TSNode n, TSNode callee, const std::string& cpath, std::string_view last, const std::vector<TSNode>& args,
                            const std::vector<Mask>& am, bool is_new) {
    (void)callee;
    (void)am;
    (void)is_new;
    auto seg = split_path(cpath);
    std::string recv = seg.size() >= 2 ? lower(seg[seg.size() - 2]) : "";
    std::string canon = canonical(cpath);
    auto cseg = split_path(canon);
    std::string crecv = cseg.size() >= 2 ? lower(cseg[cseg.size() - 2]) : "";
    // weak crypto (the algorithm may be a constant, also one imported from another module)
    if ((last == "createHash" || last == "createHmac") && !args.empty()) {
      std::string alg = lower(const_string(args[0]));
      if (alg == "md5" || alg == "sha1" || alg == "md4" || alg == "md2" || alg == "sha-1" || alg == "ripemd160")
        emit("weak-crypto", n, std::string(last == "createHash" ? "Weak hash algorithm " : "HMAC with the weak hash ") + alg, snippet(n));
    }
    if (last == "createCipher" || last == "createDecipher") emit("weak-crypto", n, "crypto." + std::string(last) + " derives the key without salt and uses no IV");
    if ((last == "createCipheriv" || last == "createDecipheriv") && !args.empty() && !const_string(args[0]).empty()) {
      std::string alg = lower(const_string(args[0]));
      if (alg.find("des") != std::string::npos || alg.find("rc4") != std::string::npos || alg.find("rc2") != std::string::npos ||
          alg.find("ecb") != std::string::npos || alg.rfind("bf", 0) == 0 || alg.find("blowfish") != std::string::npos)
        emit("weak-crypto", n, "Weak cipher " + alg);
    }
    if ((cpath == "md5" || cpath == "sha1") && !is_new) emit("weak-crypto", n, "Weak hash " + cpath);
    // insecure randomness
    if (cpath == "Math.random") check_random(n);
    // JWT
    if (crecv == "jsonwebtoken") recv = "jsonwebtoken";
    if ((recv == "jwt" || recv == "jsonwebtoken") && last == "verify") {
      TSNode opts = args.size() >= 3 ? args[2] : TSNode{};
      if (args.size() >= 3 && is_function(args[2])) opts = TSNode{};
      TSNode algs = object_get(opts, "algorithms");
      if (ts_node_is_null(algs)) {
        if (!is(opts, "identifier") && !is(opts, "member_expression")) emit("jwt-misuse", n, "jwt.verify without an algorithms allow-list");
      } else if (lower(f_.text_of(algs)).find("none") != std::string::npos) {
        emit("jwt-misuse", n, "jwt.verify accepts the 'none' algorithm");
      }
    }
    if ((recv == "jwt" || recv == "jsonwebtoken") && last == "sign" && args.size() >= 3) {
      TSNode alg = object_get(args[2], "algorithm");
      if (!ts_node_is_null(alg) && lower(string_value(alg)) == "none") emit("jwt-misuse", n, "jwt.sign with the 'none' algorithm");
    }
    if ((recv == "jwt" || recv == "jsonwebtoken" || recv == "jwtdecode") && last == "decode") {
      if (!function_calls_verify(n)) emit("jwt-misuse", n, "jwt.decode does not verify the signature; its claims cannot be trusted");
    }
    // insecure cookie
    // Cookies: flags turned off are reported where the options object is written (check_object);
    // flags left out matter for cookies that carry a session or credentials.
    if ((last == "cookie" && (recv == "res" || recv == "response" || recv == "reply" || recv == "h")) || member_last2(cpath, "cookies", "set")) {
      if (args.size() >= 2 && is(args[0], "string") && sensitive_cookie(string_value(args[0]))) {
        TSNode opts = args.size() >= 3 ? args[2] : TSNode{};
        if (ts_node_is_null(opts)) {
          emit("insecure-cookie", n, "Session cookie set without secure and httpOnly");
        } else if (is(opts, "object") && !object_has(opts, "secure", "false") && !object_has(opts, "httpOnly", "false")) {
          bool secure = object_has(opts, "secure", "");
          bool http_only = object_has(opts, "httpOnly", "");
          if (!secure || !http_only) emit("insecure-cookie", n, std::string("Session cookie set without ") + (!secure ? "secure" : "httpOnly"));
        }
      }
    }
    // CORS: cors({ origin: '*' | true, credentials: true })
    if ((cpath == "cors" || last == "cors") && !args.empty() && is(args[0], "object")) {
      // reported by check_object on the object itself
    }
    // unsafe YAML
    if ((recv == "yaml" || recv == "jsyaml" || recv == "js-yaml" || crecv == "js-yaml") && (last == "unsafeLoad" || last == "unsafeLoadAll")) emit("unsafe-deserialization", n, "yaml." + std::string(last) + " can construct functions");
    if ((recv == "yaml" || recv == "jsyaml") && (last == "load" || last == "loadAll") && args.size() >= 2) {
      std::string o(f_.text_of(args[1]));
      if (o.find("DEFAULT_FULL_SCHEMA") != std::string::npos || o.find("FULL_SCHEMA") != std::string::npos) emit("unsafe-deserialization", n, "yaml.load with the full schema can construct functions");
    }
    // clear-text logging of secrets
    if (is_log_call(cpath)) {
      for (auto a : args) {
        if (mentions_secret(a)) {
          emit("cleartext-logging", n, "A secret is written to the log");
          break;
        }
      }
    }
  }

  static bool sensitive_cookie(const std::string& name) {
    std::string l = lower(name);
    for (const char* w : {"sess", "sid", "token", "auth", "jwt", "login", "remember", "csrf", "xsrf", "connect.", "user", "account", "refresh"}) {
      if (l.find(w) != std::string::npos) return true;
    }
    return false;
  }

  // A call path with its first name replaced by the package it was imported from:
  // unsafeLoad (const { unsafeLoad } = require('js-yaml')) -> js-yaml.unsafeLoad.
  std::string canonical(const std::string& cpath) const {
    auto dot = cpath.find('.');
    std::string head = cpath.substr(0, dot);
    auto it = f_.externals.find(head);
    if (it == f_.externals.end()) return cpath;
    return dot == std::string::npos ? it->second : it->second + cpath.substr(dot);
  }

  // The string a node stands for: a literal, a top-level constant, or a constant exported by a
  // project module; "" when unknown.
  std::string const_string(TSNode n) const {
    if (is(n, "string")) return string_value(n);
    const SourceFile* tf = nullptr;
    std::string name;
    if (is(n, "identifier")) {
      std::string id(f_.text_of(n));
      auto c = f_.constants.find(id);
      if (c != f_.constants.end()) return c->second;
      auto im = f_.imports.find(id);
      if (im == f_.imports.end() || im->second.file < 0) return {};
      tf = p_.files[static_cast<std::size_t>(im->second.file)].get();
      name = im->second.name;
    } else if (is(n, "member_expression") && is(field(n, "object"), "identifier")) {
      auto im = f_.imports.find(std::string(f_.text_of(field(n, "object"))));
      if (im == f_.imports.end() || im->second.file < 0 || im->second.name != "*") return {};
      tf = p_.files[static_cast<std::size_t>(im->second.file)].get();
      name = std::string(f_.text_of(field(n, "property")));
    } else {
      return {};
    }
    auto e = tf->export_constants.find(name);
    return e != tf->export_constants.end() ? e->second : std::string();
  }

  static bool member_last2(const std::string& cpath, std::string_view a, std::string_view b) {
    auto seg = split_path(cpath);
    return seg.size() >= 2 && seg[seg.size() - 2] == a && seg.back() == b;
  }

  bool mentions_secret(TSNode n, int depth = 0) const {
    if (ts_node_is_null(n) || depth > 6) return false;
    if (is(n, "identifier") || is(n, "shorthand_property_identifier")) return secret_name(f_.text_of(n));
    if (is(n, "member_expression")) {
      std::string_view prop = f_.text_of(field(n, "property"));
      if (secret_name(prop)) return true;
      return false;
    }
    if (is(n, "string") || is(n, "call_expression") || is_function(n)) return false;
    if (is(n, "pair")) return mentions_secret(field(n, "value"), depth + 1) || (secret_name(f_.text_of(field(n, "key"))) && !is(field(n, "value"), "string") && !is(field(n, "value"), "true") && !is(field(n, "value"), "false"));
    uint32_t c = named_count(n);
    for (uint32_t i = 0; i < c; ++i) {
      if (mentions_secret(named_at(n, i), depth + 1)) return true;
    }
    return false;
  }

  bool function_calls_verify(TSNode n) const {
    TSNode p = parent_of(n);
    while (!ts_node_is_null(p) && !is_function(p) && !is(p, "program")) p = parent_of(p);
    if (ts_node_is_null(p)) return false;
    std::string_view body = f_.text_of(p);
    return body.find(".verify(") != std::string_view::npos;
  }

  void check_random(TSNode n) {
    // The name the value goes to: declarator, assignment, pair, or the enclosing function.
    static const std::regex sensitive("(token|secret|password|passwd|nonce|salt|otp|session|sessid|apikey|api_key|key|uuid|guid|id|code|pin|csrf|auth|hash|iv)$",
                                      std::regex::icase | std::regex::optimize);
    static const std::regex sensitive_any("(token|secret|password|nonce|salt|otp|session|apikey|uuid|guid|csrf)", std::regex::icase | std::regex::optimize);
    TSNode p = parent_of(n);
    for (int depth = 0; depth < 8 && !ts_node_is_null(p); ++depth, p = parent_of(p)) {
      std::string name;
      if (is(p, "variable_declarator")) name = std::string(f_.text_of(field(p, "name")));
      else if (is(p, "assignment_expression") || is(p, "augmented_assignment_expression")) name = std::string(last_seg(path_of(f_, field(p, "left"))));
      else if (is(p, "pair")) name = std::string(f_.text_of(field(p, "key")));
      else if (is_function(p)) {
        TSNode nm = field(p, "name");
        if (ts_node_is_null(nm)) {
          TSNode pp = parent_of(p);
          if (is(pp, "variable_declarator")) nm = field(pp, "name");
          else if (is(pp, "pair")) nm = field(pp, "key");
          else if (is(pp, "assignment_expression")) {
            nm = field(pp, "left");
            if (is(nm, "member_expression")) nm = field(nm, "property");
          }
        }
        if (!ts_node_is_null(nm)) name = std::string(f_.text_of(nm));
        if (!name.empty() && (std::regex_search(name, sensitive) || std::regex_search(name, sensitive_any)) && name_is_identifierish(name))
          emit("insecure-randomness", n, "Math.random() used for " + name);
        return;
      } else if (is(p, "statement_block") || is(p, "expression_statement")) {
        if (is(p, "statement_block")) continue;
        continue;
      }
      if (!name.empty()) {
        if (std::regex_search(name, sensitive) || std::regex_search(name, sensitive_any)) {
          if (name_is_identifierish(name)) emit("insecure-randomness", n, "Math.random() used for " + name);
        }
        return;
      }
    }
  }
  static bool name_is_identifierish(const std::string& name) {
    std::string l = lower(name);
    // "id" must be a word end of a camelCase / snake name ("requestId", "id"), not "valid"/"width"
    static const std::regex strong("(token|secret|password|nonce|salt|otp|session|apikey|uuid|guid|csrf)");
    if (l.size() >= 2 && l.substr(l.size() - 2) == "id" && !std::regex_search(l, strong)) {
      if (l == "id") return true;
      char before = name[name.size() - 3];
      return name[name.size() - 2] == 'I' || before == '_' || before == '-';
    }
    if (l.size() >= 3 && (l.substr(l.size() - 3) == "key") && l != "key" && name[name.size() - 3] != 'K' && name[name.size() - 4] != '_') return false;
    return true;
  }

  void check_string(TSNode s) {
    std::string v = string_value(s);
    std::string kind = token_format(v);
    if (!kind.empty()) emit("hardcoded-secret", s, "Hard-coded " + kind + " " + mask_secret(v), mask_secret(v));
  }

  void check_regex_literal(TSNode r) {
    std::string_view pat = f_.text_of(field(r, "pattern"));
    if (catastrophic_regex(pat)) emit("redos", r, "Regular expression with nested quantifiers can backtrack catastrophically");
  }

  void check_named_value(TSNode name, TSNode value, TSNode at) {
    if (ts_node_is_null(name) || ts_node_is_null(value) || !is(value, "string")) return;
    std::string nm;
    if (is(name, "identifier") || is(name, "property_identifier")) nm = std::string(f_.text_of(name));
    else if (is(name, "member_expression")) nm = std::string(f_.text_of(field(name, "property")));
    else if (is(name, "string")) nm = string_value(name);
    else return;
    if (!secret_name(nm)) return;
    std::string v = string_value(value);
    if (!token_format(v).empty()) return;  // check_string reports it
    if (placeholder_value(v)) return;
    // Names that hold names of secrets, not secrets
    std::string l = lower(nm);
    if (l.find("name") != std::string::npos || l.find("field") != std::string::npos || l.find("header") != std::string::npos ||
        l.find("path") != std::string::npos || l.find("url") != std::string::npos || l.find("type") != std::string::npos || l.find("env") != std::string::npos ||
        l.find("label") != std::string::npos || l.find("message") != std::string::npos || l.find("regex") != std::string::npos || l.find("pattern") != std::string::npos)
      return;
    if (entropy(v) < 2.5) return;
    emit("hardcoded-secret", at, "Hard-coded secret in " + nm + " = " + mask_secret(v), nm + " = " + mask_secret(v));
  }

  void check_assignment(TSNode lhs, TSNode rhs, TSNode at, Mask m) {
    (void)m;
    std::string lp = path_of(f_, lhs);
    if (lp == "process.env.NODE_TLS_REJECT_UNAUTHORIZED") {
      std::string v = is(rhs, "string") ? string_value(rhs) : std::string(f_.text_of(rhs));
      if (v == "0" || v == "false") emit("tls-verification-disabled", at, "NODE_TLS_REJECT_UNAUTHORIZED=0 disables certificate checks for the process");
    }
    // obj[a][b] = v with a request-chosen key
    if (is(lhs, "subscript_expression")) {
      TSNode inner = field(lhs, "object");
      if (is(inner, "subscript_expression")) {
        Mask k = eval_quiet(field(inner, "index"));
        if (k & (kUser | kStr)) emit("prototype-pollution", at, "Object written at keys chosen by the request (__proto__)");
        else if (cur_ && param_bits(k)) {
          // keys from a parameter: a sink in the summary
          Mask pb = param_bits(k);
          for (int i = 0; i < kMaxParams; ++i) {
            if (pb & param_bit(i)) {
              TSPoint pt = ts_node_start_point(at);
              cur_->param_sinks.insert({i, SinkRef{"prototype-pollution", fi_, pt.row + 1, pt.column + 1, snippet(at), fname_}});
            }
          }
        }
      }
    }
    if (is(lhs, "member_expression") && f_.text_of(field(lhs, "property")) == "innerHTML") sink("xss", at, m);
    // Koa: ctx.body = '<p>' + input: a string body with markup is sent as HTML
    if (is(lhs, "member_expression") && f_.text_of(field(lhs, "property")) == "body" && has_markup(rhs)) {
      std::string obj = path_of(f_, field(lhs, "object"));
      if (obj == "ctx" || obj == "context" || obj == "this" || obj == "ctx.response" || obj == "ctx.res") sink("xss", at, m);
    }
    if (is(lhs, "member_expression") && f_.text_of(field(lhs, "property")) == "href" && path_of(f_, lhs).find("location") != std::string::npos) sink("open-redirect", at, m);
  }

  // A concatenation or template whose literal text contains an HTML tag.
  bool has_markup(TSNode n, int depth = 0) const {
    if (ts_node_is_null(n) || depth > 20) return false;
    if (is(n, "string") || is(n, "string_fragment")) {
      std::string_view t = f_.text_of(n);
      auto lt = t.find('<');
      return lt != std::string_view::npos && lt + 1 < t.size() && (std::isalpha(static_cast<unsigned char>(t[lt + 1])) || t[lt + 1] == '/');
    }
    if (is(n, "binary_expression") || is(n, "template_string") || is(n, "parenthesized_expression")) {
      uint32_t c = named_count(n);
      for (uint32_t i = 0; i < c; ++i) {
        if (has_markup(named_at(n, i), depth + 1)) return true;
      }
    }
    return false;
  }

  void check_pair(TSNode pr) {
    std::string k(f_.text_of(field(pr, "key")));
    if (k.size() >= 2 && (k[0] == '\'' || k[0] == '"')) k = k.substr(1, k.size() - 2);
    std::string v(f_.text_of(field(pr, "value")));
    if ((k == "rejectUnauthorized" || k == "strictSSL") && (v == "false" || v == "0")) emit("tls-verification-disabled", pr, k + ": false disables certificate checks");
    if (k == "NODE_TLS_REJECT_UNAUTHORIZED" && (v == "'0'" || v == "\"0\"" || v == "0")) emit("tls-verification-disabled", pr, "NODE_TLS_REJECT_UNAUTHORIZED=0");
    if ((k == "isSecure" || k == "isHttpOnly") && v == "false") emit("insecure-cookie", pr, k + ": false");
  }

  void check_object(TSNode o) {
    // Cookie options with secure or httpOnly turned off. An object is cookie options when it has
    // two cookie attributes, or is the value of a `cookie` property.
    if (object_has(o, "secure", "false") || object_has(o, "httpOnly", "false")) {
      int attrs = 0;
      for (const char* a : {"secure", "httpOnly", "sameSite", "maxAge", "expires", "signed", "domain", "overwrite"}) attrs += object_has(o, a, "") ? 1 : 0;
      TSNode parent = parent_of(o);
      bool cookie_prop = is(parent, "pair") && lower(strip_quotes_sv(f_.text_of(field(parent, "key")))) == "cookie";
      if (attrs >= 2 || cookie_prop) emit("insecure-cookie", o, std::string("Cookie options with ") + (object_has(o, "secure", "false") ? "secure" : "httpOnly") + " off");
    }
    TSNode origin = object_get(o, "origin");
    TSNode cred = object_get(o, "credentials");
    if (ts_node_is_null(origin) || ts_node_is_null(cred)) return;
    if (f_.text_of(cred) != "true") return;
    std::string ov(f_.text_of(origin));
    std::string ovn;
    for (char c : ov) if (c != ' ') ovn += c;
    if (ovn == "'*'" || ovn == "\"*\"" || ovn == "true" || ovn == "['*']" || ovn == "[\"*\"]" || (eval_quiet(origin) & (kUser | kStr)) ||
        (is_function(origin) && reflects_origin(origin)))
      emit("cors-misconfiguration", o, "CORS allows any origin together with credentials");
  }
  bool reflects_origin(TSNode fn) const {
    std::string body(f_.text_of(fn));
    static const std::regex allow_all("callback\\s*\\(\\s*null\\s*,\\s*true\\s*\\)|cb\\s*\\(\\s*null\\s*,\\s*true\\s*\\)");
    return std::regex_search(body, allow_all) &&
           body.find("includes") == std::string::npos && body.find("indexOf") == std::string::npos && body.find("===") == std::string::npos &&
           body.find(".test(") == std::string::npos;
  }

  void check_comparison(TSNode n, std::string_view op) {
    if (op != "===" && op != "==" && op != "!==" && op != "!=") return;
    TSNode l = field(n, "left"), r = field(n, "right");
    // SyntaxKind.CallSignature, Token.RPAREN: a member of an enum or namespace (a capitalised
    // root, a PascalCase or ALL_CAPS member that names no secret) is a constant, not a secret.
    auto enum_member = [&](TSNode x) {
      if (!is(x, "member_expression")) return false;
      std::string obj = path_of(f_, field(x, "object"));
      std::string_view holder = last_seg(obj), prop = f_.text_of(field(x, "property"));
      if (holder.empty() || !std::isupper(static_cast<unsigned char>(holder[0])) || prop.empty() || !std::isupper(static_cast<unsigned char>(prop[0])))
        return false;
      bool pascal = std::any_of(prop.begin(), prop.end(), [](char ch) { return std::islower(static_cast<unsigned char>(ch)); });
      return pascal || !secret_name(prop);  // ALL_CAPS members may hold a secret (Config.API_KEY)
    };
    auto literalish = [&](TSNode x) {
      return enum_member(x) || is(x, "string") || is(x, "number") || is(x, "null") || is(x, "undefined") || is(x, "true") || is(x, "false") ||
             is(x, "unary_expression") || is(x, "template_string") || (is(x, "member_expression") && f_.text_of(field(x, "property")) == "length");
    };
    if (literalish(l) || literalish(r)) return;
    auto secretish = [&](TSNode x) {
      std::string nm;
      if (is(x, "identifier")) nm = std::string(f_.text_of(x));
      else if (is(x, "member_expression")) nm = std::string(f_.text_of(field(x, "property")));
      else if (is(x, "subscript_expression") && is(field(x, "index"), "string")) {
        // headers['x-signature'] -> xSignature
        std::string key = string_value(field(x, "index"));
        for (std::size_t i = 0; i < key.size(); ++i) {
          if ((key[i] == '-' || key[i] == '_') && i + 1 < key.size()) key[i + 1] = static_cast<char>(std::toupper(static_cast<unsigned char>(key[i + 1])));
        }
        key.erase(std::remove_if(key.begin(), key.end(), [](char ch) { return ch == '-' || ch == '_'; }), key.end());
        nm = key;
      } else if (is(x, "call_expression")) {
        std::string cp = path_of(f_, field(x, "function"));
        if (last_seg(cp) == "digest") return true;
        return false;
      } else return false;
      std::string lw = lower(nm);
      if (lw.find("type") != std::string::npos || lw.find("name") != std::string::npos || lw.find("id") == lw.size() - 2 ||
          lw.find("length") != std::string::npos || lw.find("count") != std::string::npos || lw.find("expire") != std::string::npos)
        return false;
      return secret_name(nm) || lw.find("signature") != std::string::npos || lw.find("hmac") != std::string::npos ||
             lw.find("digest") != std::string::npos || lw.find("passwordhash") != std::string::npos || lw.find("apikey") != std::string::npos;
    };
    if (secretish(l) || secretish(r)) emit("timing-unsafe-comparison", n, "Secret compared with " + std::string(op) + "; use crypto.timingSafeEqual");
  }
};

// ---------- project setup: units, exports, imports ----------
void register_unit(SourceFile& f, const std::string& name, TSNode fn, uint32_t index) {
  std::string key = "f" + std::to_string(index) + ":" + name;
  if (!f.unit_keys.insert(key).second) {
    key += "#" + std::to_string(ts_node_start_byte(fn));
    f.unit_keys.insert(key);
  }
  f.units.emplace_back(key, fn);
  f.unit_starts.insert(ts_node_start_byte(fn));
  f.functions.emplace(name, key);
}

std::string string_literal(const SourceFile& f, TSNode s) {
  std::string out;
  uint32_t c = named_count(s);
  for (uint32_t i = 0; i < c; ++i) out += f.text_of(named_at(s, i));
  return out;
}

std::string strip_quotes(std::string_view s) {
  if (s.size() >= 2 && (s[0] == '\'' || s[0] == '"' || s[0] == '`')) return std::string(s.substr(1, s.size() - 2));
  return std::string(s);
}

// Is `n` require('./x')? Returns the specifier.
std::string require_spec(const SourceFile& f, TSNode n) {
  if (is(n, "await_expression") && named_count(n)) n = named_at(n, 0);
  if (!is(n, "call_expression")) return {};
  if (f.text_of(field(n, "function")) != "require") return {};
  TSNode args = field(n, "arguments");
  if (named_count(args) != 1) return {};
  TSNode a = named_at(args, 0);
  if (!is(a, "string")) return {};
  return strip_quotes(f.text_of(a));
}

void collect_class(SourceFile& f, TSNode cls, uint32_t index) {
  TSNode body = field(cls, "body");
  std::string cname(f.text_of(field(cls, "name")));
  uint32_t c = named_count(body);
  for (uint32_t i = 0; i < c; ++i) {
    TSNode m = named_at(body, i);
    if (!is(m, "method_definition")) continue;
    std::string mname(f.text_of(field(m, "name")));
    std::string key = "f" + std::to_string(index) + ":" + cname + "." + mname;
    if (!f.unit_keys.insert(key).second) {  // get/set pairs, same class name twice in a file
      key += "#" + std::to_string(ts_node_start_byte(m));
      f.unit_keys.insert(key);
    }
    f.units.emplace_back(key, m);
    f.unit_starts.insert(ts_node_start_byte(m));
    f.methods.emplace(mname, key);
  }
}

void collect_object_exports(SourceFile& f, TSNode obj, uint32_t index) {
  uint32_t c = named_count(obj);
  for (uint32_t i = 0; i < c; ++i) {
    TSNode pr = named_at(obj, i);
    if (is(pr, "shorthand_property_identifier")) {
      std::string n(f.text_of(pr));
      f.exports[n] = "@" + n;  // resolved after all functions are known
    } else if (is(pr, "pair")) {
      std::string k = strip_quotes(f.text_of(field(pr, "key")));
      TSNode v = field(pr, "value");
      if (is_function(v)) {
        register_unit(f, k, v, index);
        f.exports[k] = f.functions[k];
      } else if (is(v, "identifier")) {
        f.exports[k] = "@" + std::string(f.text_of(v));
        auto cst = f.constants.find(std::string(f.text_of(v)));
        if (cst != f.constants.end()) f.export_constants[k] = cst->second;
      } else if (is(v, "string")) {
        f.export_constants[k] = string_literal(f, v);
      }
    } else if (is(pr, "method_definition")) {
      std::string k(f.text_of(field(pr, "name")));
      register_unit(f, k, pr, index);
      f.exports[k] = f.functions[k];
    }
  }
}

void collect_top(SourceFile& f, uint32_t index) {
  TSNode root = ts_tree_root_node(f.tree);
  uint32_t c = named_count(root);
  for (uint32_t i = 0; i < c; ++i) {
    TSNode st = named_at(root, i);
    bool exported = false;
    bool is_default = false;
    if (is(st, "export_statement")) {
      exported = true;
      TSNode decl = field(st, "declaration");
      TSNode val = field(st, "value");
      is_default = f.text_of(st).substr(0, 14).find("default") != std::string_view::npos;
      if (!ts_node_is_null(decl)) st = decl;
      else if (!ts_node_is_null(val)) {
        if (is_function(val)) {
          register_unit(f, "default", val, index);
          f.exports["default"] = f.functions["default"];
        } else if (is(val, "identifier")) {
          f.exports["default"] = "@" + std::string(f.text_of(val));
        } else if (is(val, "object")) {
          collect_object_exports(f, val, index);
        }
        continue;
      } else {
        // export { a, b as c } [from './x']
        uint32_t k = named_count(st);
        for (uint32_t j = 0; j < k; ++j) {
          TSNode cl = named_at(st, j);
          if (!is(cl, "export_clause")) continue;
          uint32_t m = named_count(cl);
          for (uint32_t q = 0; q < m; ++q) {
            TSNode sp = named_at(cl, q);
            std::string name(f.text_of(field(sp, "name")));
            TSNode alias = field(sp, "alias");
            f.exports[ts_node_is_null(alias) ? name : std::string(f.text_of(alias))] = "@" + name;
          }
        }
        continue;
      }
    }
    if (is(st, "function_declaration") || is(st, "generator_function_declaration")) {
      std::string name(f.text_of(field(st, "name")));
      register_unit(f, name, st, index);
      if (exported) f.exports[is_default ? "default" : name] = f.functions[name];
    } else if (is(st, "class_declaration")) {
      collect_class(f, st, index);
    } else if (is(st, "lexical_declaration") || is(st, "variable_declaration")) {
      uint32_t k = named_count(st);
      for (uint32_t j = 0; j < k; ++j) {
        TSNode d = named_at(st, j);
        if (!is(d, "variable_declarator")) continue;
        TSNode name = field(d, "name"), value = field(d, "value");
        if (is(name, "identifier") && is(value, "string")) {
          std::string nm(f.text_of(name));
          f.constants[nm] = string_literal(f, value);
          if (exported) f.export_constants[nm] = f.constants[nm];
        } else if (is(name, "identifier") && is_function(value)) {
          std::string nm(f.text_of(name));
          register_unit(f, nm, value, index);
          if (exported) f.exports[nm] = f.functions[nm];
        } else if (is(value, "class")) {
          collect_class(f, value, index);
        } else {
          std::string spec = require_spec(f, value);
          if (spec.empty() && is(value, "member_expression")) {
            // const { x } = require('./y').z  -> not followed
          }
          if (!spec.empty()) {
            if (is(name, "identifier")) f.pending_imports.emplace_back(std::string(f.text_of(name)), spec + "\n*");
            else if (is(name, "object_pattern")) {
              uint32_t m = named_count(name);
              for (uint32_t q = 0; q < m; ++q) {
                TSNode e = named_at(name, q);
                if (is(e, "shorthand_property_identifier_pattern")) f.pending_imports.emplace_back(std::string(f.text_of(e)), spec + "\n" + std::string(f.text_of(e)));
                else if (is(e, "pair_pattern") && is(field(e, "value"), "identifier"))
                  f.pending_imports.emplace_back(std::string(f.text_of(field(e, "value"))), spec + "\n" + strip_quotes(f.text_of(field(e, "key"))));
              }
            }
          }
        }
      }
    } else if (is(st, "expression_statement") && named_count(st) > 0) {
      TSNode e = named_at(st, 0);
      if (!is(e, "assignment_expression")) continue;
      std::string lhs = path_of(f, field(e, "left"));
      TSNode rhs = field(e, "right");
      std::string ename;
      if (lhs == "module.exports") ename = "default";
      else if (lhs.rfind("module.exports.", 0) == 0) ename = lhs.substr(15);
      else if (lhs.rfind("exports.", 0) == 0) ename = lhs.substr(8);
      else continue;
      if (is_function(rhs)) {
        register_unit(f, ename, rhs, index);
        f.exports[ename] = f.functions[ename];
      } else if (is(rhs, "identifier")) {
        f.exports[ename] = "@" + std::string(f.text_of(rhs));
      } else if (is(rhs, "object") && ename == "default") {
        collect_object_exports(f, rhs, index);
      } else if (is(rhs, "class")) {
        collect_class(f, rhs, index);
      } else if (is(rhs, "new_expression") && ename == "default") {
        f.exports_instance = true;
      } else if (is(rhs, "string")) {
        f.export_constants[ename] = string_literal(f, rhs);
      }
    } else if (is(st, "import_statement")) {
      TSNode src = field(st, "source");
      std::string spec = strip_quotes(f.text_of(src));
      uint32_t k = named_count(st);
      for (uint32_t j = 0; j < k; ++j) {
        TSNode cl = named_at(st, j);
        if (!is(cl, "import_clause")) continue;
        uint32_t m = named_count(cl);
        for (uint32_t q = 0; q < m; ++q) {
          TSNode x = named_at(cl, q);
          if (is(x, "identifier")) f.pending_imports.emplace_back(std::string(f.text_of(x)), spec + "\ndefault");
          else if (is(x, "namespace_import") && named_count(x)) f.pending_imports.emplace_back(std::string(f.text_of(named_at(x, 0))), spec + "\n*");
          else if (is(x, "named_imports")) {
            uint32_t r = named_count(x);
            for (uint32_t s = 0; s < r; ++s) {
              TSNode sp = named_at(x, s);
              if (!is(sp, "import_specifier")) continue;
              std::string name(f.text_of(field(sp, "name")));
              TSNode alias = field(sp, "alias");
              f.pending_imports.emplace_back(ts_node_is_null(alias) ? name : std::string(f.text_of(alias)), spec + "\n" + name);
            }
          }
        }
      }
    }
  }
}

std::string lexically_join(const std::string& from_file, const std::string& spec) {
  std::filesystem::path p = std::filesystem::path(from_file).parent_path() / spec;
  return p.lexically_normal().generic_string();
}

void resolve_imports(Project& p) {
  std::unordered_map<std::string, int> by_name;
  for (std::size_t i = 0; i < p.files.size(); ++i) by_name[p.files[i]->name] = static_cast<int>(i);
  for (auto& fp : p.files) {
    auto& f = *fp;
    // exports naming a local ("@name")
    for (auto& [k, v] : f.exports) {
      if (!v.empty() && v[0] == '@') {
        auto it = f.functions.find(v.substr(1));
        v = it != f.functions.end() ? it->second : std::string();
      }
    }
  }
  for (auto& fp : p.files) {
    auto& f = *fp;
    // A module that loads an archive library (anywhere in it: require in a function counts too)
    for (const char* lib : {"adm-zip", "unzipper", "yauzl", "yauzl-promise", "tar", "tar-stream", "tar-fs", "jszip", "decompress", "extract-zip",
                            "node-stream-zip", "unzip", "unzip-stream", "zip-lib", "node-7z", "7zip-min", "libarchive.js", "yazl"}) {
      std::string q1 = std::string("'") + lib + "'", q2 = std::string("\"") + lib + "\"";
      if (f.text.find(q1) != std::string::npos || f.text.find(q2) != std::string::npos) f.archive_lib = true;
    }
    for (const auto& [local, what] : f.pending_imports) {
      auto nl = what.find('\n');
      std::string spec = what.substr(0, nl), name = what.substr(nl + 1);
      if (!spec.empty() && spec[0] != '.') {
        if (spec.rfind("node:", 0) == 0) spec = spec.substr(5);
        f.externals[local] = (name == "*" || name == "default") ? spec : spec + "." + name;

        continue;
      }
      if (spec.empty()) continue;
      std::string base = lexically_join(f.name, spec);
      int target = -1;
      for (const char* ext : {"", ".js", ".ts", ".tsx", ".mjs", ".cjs", ".jsx", ".mts", ".cts", "/index.js", "/index.ts", "/index.mjs", "/index.tsx"}) {
        std::string cand = base + ext;
        // "./x.js" written in TypeScript sources means ./x.ts
        auto it = by_name.find(cand);
        if (it != by_name.end()) {
          target = it->second;
          break;
        }
      }
      if (target < 0 && base.size() > 3 && base.substr(base.size() - 3) == ".js") {
        auto it = by_name.find(base.substr(0, base.size() - 3) + ".ts");
        if (it != by_name.end()) target = it->second;
      }
      if (target < 0) continue;
      f.imports[local] = ImportRef{target, name};
    }
  }
}

// ---------- suppressions ----------
std::map<uint32_t, Suppression> suppressions(const SourceFile& f, std::vector<Error>& problems) {
  std::map<uint32_t, Suppression> out;
  static const std::regex re("vigil-ignore(-next-line)?\\s+([A-Za-z0-9_-]+(?:\\s*,\\s*[A-Za-z0-9_-]+)*)\\s*(:\\s*(\\S.*))?");
  uint32_t line = 1;
  std::size_t start = 0;
  const std::string& t = f.text;
  for (std::size_t i = 0; i <= t.size(); ++i) {
    if (i == t.size() || t[i] == '\n') {
      std::string_view l(t.data() + start, i - start);
      auto pos = l.find("vigil-ignore");
      if (pos != std::string_view::npos) {
        std::string s(l.substr(pos));
        std::smatch m;
        if (std::regex_search(s, m, re)) {
          bool next = m[1].matched;
          Suppression sup;
          std::string list = m[2].str();
          std::stringstream ss(list);
          std::string item;
          while (std::getline(ss, item, ',')) {
            item.erase(0, item.find_first_not_of(' '));
            item.erase(item.find_last_not_of(' ') + 1);
            if (!item.empty()) sup.rules.insert(item);
          }
          sup.has_reason = m[4].matched && !m[4].str().empty();
          if (!sup.has_reason) {
            problems.push_back(make_error(f.name, line, static_cast<uint32_t>(pos + 1),
                                          "suppression without a reason (write `vigil-ignore RULE-ID: reason`); it is not applied"));
          }
          auto& slot = out[next ? line + 1 : line];
          slot.rules.insert(sup.rules.begin(), sup.rules.end());
          slot.has_reason = slot.has_reason || sup.has_reason;
          if (!sup.has_reason) slot.rules.clear(), slot.has_reason = false;
        }
      }
      ++line;
      start = i + 1;
    }
  }
  return out;
}

const TSLanguage* language_for(const std::filesystem::path& p) {
  std::string ext = p.extension().string();
  if (ext == ".js" || ext == ".cjs" || ext == ".mjs" || ext == ".jsx") return tree_sitter_javascript();
  if (ext == ".ts" || ext == ".mts" || ext == ".cts") return tree_sitter_typescript();
  if (ext == ".tsx") return tree_sitter_tsx();
  return nullptr;
}

void parse_errors(const SourceFile& f, TSNode n, std::vector<Error>& out, int& budget) {
  if (budget <= 0 || !ts_node_has_error(n)) return;
  if (ts_node_is_missing(n) || is(n, "ERROR")) {
    TSPoint pt = ts_node_start_point(n);
    std::string what = ts_node_is_missing(n) ? std::string("missing ") + type(n) : "syntax error near `" + normalise(f.text_of(n), 40) + "`";
    out.push_back(make_error(f.name, pt.row + 1, pt.column + 1, what));
    --budget;
    return;
  }
  uint32_t c = child_count(n);
  for (uint32_t i = 0; i < c; ++i) parse_errors(f, child_at(n, i), out, budget);
}

uint64_t fnv(std::string_view s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

Config make_config(const Options& o) {
  Config c;
  c.extra_sources = o.extra_sources;
  for (const auto& s : o.extra_sinks) {
    auto colon = s.find(':');
    if (colon == std::string::npos) continue;
    c.extra_sinks.emplace_back(s.substr(0, colon), s.substr(colon + 1));
  }
  c.extra_sanitizers.insert(o.extra_sanitizers.begin(), o.extra_sanitizers.end());
  return c;
}

Result run_project(std::vector<std::unique_ptr<SourceFile>> files, const Options& options, std::vector<Error> errors,
                   std::chrono::steady_clock::time_point t0) {
  Result r;
  r.errors = std::move(errors);
  Project p;
  p.files = std::move(files);
  p.cfg = make_config(options);
  p.options = &options;
  std::size_t n = p.files.size();
  std::vector<std::vector<Error>> perrs(n);
  std::atomic<std::size_t> done{0};
  std::mutex progress_mu;
  parallel_for(
      n,
      [&](std::size_t i) {
        auto& f = *p.files[i];
        // One parser per worker thread, reused for its files.
        struct ParserHolder {
          TSParser* p = ts_parser_new();
          ~ParserHolder() { ts_parser_delete(p); }
        };
        thread_local ParserHolder holder;
        TSParser* parser = holder.p;
        ts_parser_set_language(parser, f.lang);
        f.tree = ts_parser_parse_string(parser, nullptr, f.text.data(), static_cast<uint32_t>(f.text.size()));
        ts_parser_reset(parser);
        if (f.tree) {
          int budget = 5;
          parse_errors(f, ts_tree_root_node(f.tree), perrs[i], budget);
          if (!options.parse_only) collect_top(f, static_cast<uint32_t>(i));
        } else {
          perrs[i].push_back(make_error(f.name, "could not be parsed"));
        }
        std::size_t d = ++done;
        if (options.progress) {
          std::lock_guard<std::mutex> lk(progress_mu);
          options.progress(d, n);
        }
      },
      options.threads);
  for (auto& f : p.files) {
    r.files++;
    r.lines += static_cast<std::size_t>(std::count(f->text.begin(), f->text.end(), '\n')) + (f->text.empty() || f->text.back() == '\n' ? 0 : 1);
  }
  for (auto& e : perrs) r.parse_errors.insert(r.parse_errors.end(), e.begin(), e.end());
  if (options.parse_only) {
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return r;
  }
  resolve_imports(p);

  // Fixpoint over function summaries. Round 1 analyses every file; later rounds only the files
  // that used a summary which changed in the round before (a file's findings and summaries depend
  // on nothing else), until nothing changes (at most 8 rounds: deeper chains are cut there).
  Summaries prev;
  std::vector<std::vector<RawFinding>> found(n);
  std::vector<Summaries> own(n);                          // each file's summaries, latest analysis
  std::vector<std::unordered_set<std::string>> deps(n);   // the summaries each file used
  std::vector<char> todo(n, 1);
  for (int round = 0; round < 8; ++round) {
    std::vector<std::size_t> work;
    for (std::size_t i = 0; i < n; ++i) {
      if (todo[i] && p.files[i]->tree) work.push_back(i);
    }
    if (work.empty()) break;
    parallel_for(
        work.size(),
        [&](std::size_t w) {
          std::size_t i = work[w];
          found[i].clear();
          own[i].clear();
          deps[i].clear();
          Analyzer a(p, static_cast<uint32_t>(i), prev, own[i], found[i], &deps[i]);
          a.run();
        },
        options.threads);
    Summaries merged;
    for (const auto& s : own) {
      for (const auto& kv : s) merged.insert(kv);
    }
    std::unordered_set<std::string> changed;
    for (const auto& [k, v] : merged) {
      auto it = prev.find(k);
      if (it == prev.end() ? !(v == Summary{}) : !(it->second == v)) changed.insert(k);
    }
    for (const auto& [k, v] : prev) {
      if (!merged.count(k) && !(v == Summary{})) changed.insert(k);
    }
    prev = std::move(merged);
    std::fill(todo.begin(), todo.end(), 0);
    if (changed.empty()) break;
    for (std::size_t i = 0; i < n; ++i) {
      for (const auto& k : deps[i]) {
        if (changed.count(k)) {
          todo[i] = 1;
          break;
        }
      }
    }
  }

  // Findings: dedupe, suppress, fingerprint.
  std::vector<std::map<uint32_t, Suppression>> sups(n);
  for (std::size_t i = 0; i < n; ++i) sups[i] = suppressions(*p.files[i], r.suppression_problems);
  std::set<std::tuple<uint32_t, uint32_t, uint32_t, std::string>> seen;
  std::vector<RawFinding> all;
  for (auto& v : found) {
    for (auto& fd : v) {
      if (!seen.insert({fd.file, fd.line, fd.column, fd.rule}).second) continue;
      all.push_back(std::move(fd));
    }
  }
  std::sort(all.begin(), all.end(), [&](const RawFinding& a, const RawFinding& b) {
    return std::tie(p.files[a.file]->name, a.line, a.column, a.rule) < std::tie(p.files[b.file]->name, b.line, b.column, b.rule);
  });
  // one finding per (file, line, rule)
  std::set<std::tuple<uint32_t, uint32_t, std::string>> per_line;
  std::map<std::string, int> occurrences;
  for (auto& fd : all) {
    if (!per_line.insert({fd.file, fd.line, fd.rule}).second) continue;
    auto it = sups[fd.file].find(fd.line);
    if (it != sups[fd.file].end() && it->second.has_reason && it->second.rules.count(fd.rule)) {
      r.suppressed++;
      continue;
    }
    Finding out;
    out.rule = fd.rule;
    out.file = p.files[fd.file]->name;
    out.line = fd.line;
    out.column = fd.column;
    out.message = fd.message;
    out.snippet = fd.snippet;
    out.function = fd.function;
    std::string basis = out.rule + "\n" + out.file + "\n" + out.function + "\n" + out.snippet;
    int occ = occurrences[basis]++;
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(fnv(basis + "\n" + std::to_string(occ))));
    out.fingerprint = buf;
    r.findings.push_back(std::move(out));
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

bool excluded(const std::string& rel, const std::vector<std::string>& globs) {
  for (const auto& g : globs) {
    if (fnmatch(g.c_str(), rel.c_str(), 0) == 0) return true;
    // "test/**" style: also match the folder prefix
    if (g.size() > 3 && g.substr(g.size() - 3) == "/**" && (rel.rfind(g.substr(0, g.size() - 3) + "/", 0) == 0)) return true;
    if (g.rfind("**/", 0) == 0) {
      std::string tail = g.substr(3);
      std::size_t pos = 0;
      while (true) {
        if (fnmatch(tail.c_str(), rel.c_str() + pos, 0) == 0) return true;
        auto slash = rel.find('/', pos);
        if (slash == std::string::npos) break;
        pos = slash + 1;
      }
    }
  }
  return false;
}

// Reads a whole file with read(2), so that an I/O error is seen; refuses files above `limit`.
std::optional<Error> read_source(const std::filesystem::path& p, const std::string& shown, uint64_t limit, std::string& out) {
  int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return make_error(shown, std::string("cannot read: ") + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) == 0 && static_cast<uint64_t>(st.st_size) > limit) {
    ::close(fd);
    return make_error(shown, "larger than the limit of " + std::to_string(limit) + " bytes");
  }
  out.clear();
  char buf[65536];
  while (true) {
    ssize_t got = ::read(fd, buf, sizeof buf);
    if (got < 0) {
      if (errno == EINTR) continue;
      int e = errno;
      ::close(fd);
      return make_error(shown, std::string("cannot read: ") + std::strerror(e));
    }
    if (got == 0) break;
    out.append(buf, static_cast<std::size_t>(got));
    if (out.size() > limit) {
      ::close(fd);
      return make_error(shown, "larger than the limit of " + std::to_string(limit) + " bytes");
    }
  }
  ::close(fd);
  return std::nullopt;
}

// Source text must be UTF-8 without NUL bytes (a NUL means a binary file with a source name).
std::optional<Error> check_text(const std::string& name, std::string_view t) {
  uint32_t line = 1;
  std::size_t line_start = 0;
  auto at = [&](std::size_t i) { return static_cast<uint32_t>(i - line_start + 1); };
  for (std::size_t i = 0; i < t.size();) {
    unsigned char c = static_cast<unsigned char>(t[i]);
    if (c < 0x80) {
      if (c == 0) return make_error(name, line, at(i), "binary file (a NUL byte); not JavaScript or TypeScript source");
      if (c == '\n') {
        ++line;
        line_start = i + 1;
      }
      ++i;
      continue;
    }
    std::size_t len = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
    bool ok = len > 0 && i + len <= t.size();
    for (std::size_t k = 1; ok && k < len; ++k) ok = (static_cast<unsigned char>(t[i + k]) & 0xC0) == 0x80;
    if (ok && len == 3) {
      unsigned char d = static_cast<unsigned char>(t[i + 1]);
      ok = !(c == 0xE0 && d < 0xA0) && !(c == 0xED && d >= 0xA0);  // overlong, surrogates
    }
    if (ok && len == 4) {
      unsigned char d = static_cast<unsigned char>(t[i + 1]);
      ok = !(c == 0xF0 && d < 0x90) && !(c == 0xF4 && d >= 0x90);
    }
    if (!ok) return make_error(name, line, at(i), "invalid UTF-8 (byte 0x" + [&] {
      char b[3];
      std::snprintf(b, sizeof b, "%02x", c);
      return std::string(b);
    }() + "); source files must be UTF-8");
    i += len;
  }
  return std::nullopt;
}

}  // namespace

Result analyse_sources(const std::map<std::string, std::string>& sources, const Options& options) {
  auto t0 = std::chrono::steady_clock::now();
  std::vector<std::unique_ptr<SourceFile>> files;
  std::vector<Error> errors;
  for (const auto& [name, text] : sources) {
    const TSLanguage* lang = language_for(name);
    if (!lang || excluded(name, options.exclude)) continue;
    if (text.size() > options.max_file_bytes) {
      errors.push_back(make_error(name, "larger than the limit of " + std::to_string(options.max_file_bytes) + " bytes"));
      continue;
    }
    if (auto e = check_text(name, text)) {
      errors.push_back(std::move(*e));
      continue;
    }
    auto f = std::make_unique<SourceFile>();
    f->name = name;
    f->text = text;
    f->lang = lang;
    files.push_back(std::move(f));
  }
  return run_project(std::move(files), options, std::move(errors), t0);
}

Result analyse(const std::vector<std::filesystem::path>& paths, const Options& options) {
  auto t0 = std::chrono::steady_clock::now();
  std::vector<std::unique_ptr<SourceFile>> files;
  std::vector<Error> errors;
  std::vector<std::pair<std::string, std::filesystem::path>> found;
  for (const auto& root : paths) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(root, ec)) {
      if (language_for(root)) found.emplace_back(root.generic_string(), root);
      else errors.push_back(make_error(root.string(), "not a JavaScript or TypeScript file"));
      continue;
    }
    if (!std::filesystem::is_directory(root, ec)) {
      errors.push_back(make_error(root.string(), "no such file or folder"));
      continue;
    }
    std::filesystem::recursive_directory_iterator it(root, std::filesystem::directory_options::skip_permission_denied, ec), end;
    if (ec) {
      errors.push_back(make_error(root.string(), "cannot read folder: " + ec.message()));
      continue;
    }
    for (; it != end; it.increment(ec)) {
      if (ec) {
        errors.push_back(make_error(root.string(), "cannot read folder: " + ec.message()));
        break;
      }
      const auto& e = it->path();
      std::string fn = e.filename().string();
      std::error_code ec2;
      if (it->is_directory(ec2)) {
        if (fn == "node_modules" || fn == ".git" || fn == "coverage") it.disable_recursion_pending();
        else {
          std::string rel = e.lexically_relative(root).generic_string();
          if (excluded(rel, options.exclude) || excluded(rel + "/", options.exclude)) it.disable_recursion_pending();
        }
        continue;
      }
      if (!it->is_regular_file(ec2) || !language_for(e)) continue;
      if (fn.size() > 7 && fn.find(".min.js") == fn.size() - 7) continue;
      auto ends = [&](const char* suffix) {
        std::size_t k = std::strlen(suffix);
        return fn.size() > k && fn.compare(fn.size() - k, k, suffix) == 0;
      };
      if (ends(".d.ts") || ends(".d.mts") || ends(".d.cts")) continue;  // declarations only
      std::string rel = e.lexically_relative(root).generic_string();
      if (excluded(rel, options.exclude)) continue;
      std::string shown = paths.size() == 1 ? rel : (root / rel).generic_string();
      found.emplace_back(shown, e);
    }
  }
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  files.resize(found.size());
  std::vector<std::optional<Error>> read_errors(found.size());
  parallel_for(
      found.size(),
      [&](std::size_t i) {
        auto f = std::make_unique<SourceFile>();
        f->name = found[i].first;
        f->lang = language_for(found[i].second);
        if (auto e = read_source(found[i].second, f->name, options.max_file_bytes, f->text)) {
          read_errors[i] = std::move(*e);
          return;
        }
        if (auto e = check_text(f->name, f->text)) {
          read_errors[i] = std::move(*e);
          return;
        }
        files[i] = std::move(f);
      },
      options.threads);
  std::vector<std::unique_ptr<SourceFile>> ok;
  for (std::size_t i = 0; i < found.size(); ++i) {
    if (read_errors[i]) errors.push_back(*read_errors[i]);
    else ok.push_back(std::move(files[i]));
  }
  return run_project(std::move(ok), options, std::move(errors), t0);
}

}  // namespace vigil::sast
