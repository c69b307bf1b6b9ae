// vigil sast engine: parsing, the project's functions and imports, taint data flow with function
// summaries, syntactic rules, suppressions. See sast.h for the contracts.
#include <fnmatch.h>
#include <tree_sitter/api.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstring>
#include <fstream>
#include <mutex>
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
constexpr Mask kSources = kUser | kStr | kArchive;
constexpr int kParamBase = 3;
constexpr int kMaxParams = 40;
Mask param_bit(int i) { return i < kMaxParams ? (Mask{1} << (kParamBase + i)) : 0; }
Mask param_bits(Mask m) { return m & ~kSources; }

// ---------- syntax helpers ----------
const char* type(TSNode n) { return ts_node_type(n); }
bool is(TSNode n, const char* t) { return !ts_node_is_null(n) && std::strcmp(ts_node_type(n), t) == 0; }
TSNode field(TSNode n, const char* f) { return ts_node_child_by_field_name(n, f, static_cast<uint32_t>(std::strlen(f))); }
bool is_function(TSNode n) {
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
  std::vector<std::pair<std::string, std::string>> pending_imports;  // local, spec|export
  ~SourceFile() {
    if (tree) ts_tree_delete(tree);
  }
  std::string_view text_of(TSNode n) const {
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
    if (is(idx, "string") && ts_node_named_child_count(idx) == 1) key = std::string(f.text_of(ts_node_named_child(idx, 0)));
    return path_of(f, field(n, "object"), depth + 1) + "." + key;
  }
  if (!std::strcmp(t, "call_expression")) return path_of(f, field(n, "function"), depth + 1) + "()";
  if (!std::strcmp(t, "parenthesized_expression") || !std::strcmp(t, "non_null_expression") ||
      !std::strcmp(t, "as_expression") || !std::strcmp(t, "await_expression")) {
    if (ts_node_named_child_count(n) > 0) return path_of(f, ts_node_named_child(n, 0), depth + 1);
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
    if ((a == "req" || a == "request") &&
        one_of(b, {"query", "params", "body", "headers", "cookies", "signedCookies", "payload", "state", "originalUrl", "url", "files", "file"}))
      return kUser;
    if (a == "ctx" && (b == "request" || one_of(b, {"params", "query", "headers", "cookies"}))) {
      if (b == "request" && seg.size() >= 3 && !one_of(seg[2], {"body", "query", "params", "headers", "url", "href", "querystring", "files", "rawBody", "header", "search", "path"}))
        return 0;
      return kUser;
    }
    if (a == "process" && (b == "argv" || b == "env")) {
      if (b == "env" && seg.size() >= 3 && seg[2] == "NODE_TLS_REJECT_UNAUTHORIZED") return 0;
      return kUser;
    }
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
  if (l.find("password") != std::string::npos || l.find("passwd") != std::string::npos || l.find("secret") != std::string::npos ||
      l.find("apikey") != std::string::npos || l.find("api_key") != std::string::npos || l.find("privatekey") != std::string::npos ||
      l.find("private_key") != std::string::npos || l.find("accesskey") != std::string::npos || l.find("access_key") != std::string::npos ||
      l == "token" || l.find("authtoken") != std::string::npos || l.find("auth_token") != std::string::npos ||
      l.find("accesstoken") != std::string::npos || l.find("access_token") != std::string::npos ||
      l.find("credential") != std::string::npos || l == "pwd" || l == "passphrase" || l.find("clientsecret") != std::string::npos)
    return true;
  // "...Token" suffixes (apiToken, bearerToken), not "tokenType"/"tokenUrl"
  if (l.size() > 5 && l.substr(l.size() - 5) == "token") return true;
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
  for (const auto& [re, kind] : formats) {
    if (std::regex_search(s.begin(), s.end(), re)) return kind;
  }
  return "";
}

std::string mask_secret(std::string_view s) {
  if (s.size() <= 4) return "****";
  return std::string(s.substr(0, std::min<std::size_t>(4, s.size() / 4))) + std::string(8, '*');
}

// Nested quantifier in a regex literal: a group with a quantifier inside, quantified again.
bool catastrophic_regex(std::string_view re) {
  // Walk groups with a stack; for each closing ')' followed by + * or {n,}, check whether the
  // group body contains an unescaped + or * (or {n,}) outside a character class.
  std::vector<std::size_t> stack;
  std::vector<bool> inner_q;
  bool in_class = false;
  for (std::size_t i = 0; i < re.size(); ++i) {
    char c = re[i];
    if (c == '\\') {
      ++i;
      continue;
    }
    if (in_class) {
      if (c == ']') in_class = false;
      continue;
    }
    if (c == '[') {
      in_class = true;
      continue;
    }
    if (c == '(') {
      stack.push_back(i);
      inner_q.push_back(false);
    } else if (c == ')') {
      if (stack.empty()) continue;
      bool had = inner_q.back();
      stack.pop_back();
      inner_q.pop_back();
      char q = i + 1 < re.size() ? re[i + 1] : '\0';
      bool quant = q == '+' || q == '*' || (q == '{' && re.find(',', i) != std::string_view::npos && re.find(',', i) < re.find('}', i));
      if (had && quant) return true;
      if (!inner_q.empty() && (had || quant)) inner_q.back() = true;
    } else if ((c == '+' || c == '*') && !inner_q.empty()) {
      inner_q.back() = true;
    }
  }
  return false;
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
  Analyzer(const Project& p, uint32_t file_index, const Summaries& prev, Summaries& next, std::vector<RawFinding>& out)
      : p_(p), fi_(file_index), f_(*p.files[file_index]), prev_(prev), next_(next), out_(out) {}

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
    uint32_t n = ts_node_named_child_count(params);
    for (uint32_t i = 0; i < n; ++i) {
      TSNode prm = ts_node_named_child(params, i);
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
      Mask src = base.empty() ? 0 : source_of(base + "." + name, p_.cfg);
      scope_->vars[name] = m | src;
      return;
    }
    if (!std::strcmp(t, "object_pattern")) {
      uint32_t n = ts_node_named_child_count(pat);
      for (uint32_t i = 0; i < n; ++i) {
        TSNode c = ts_node_named_child(pat, i);
        if (is(c, "pair_pattern")) {
          std::string key(f_.text_of(field(c, "key")));
          TSNode v = field(c, "value");
          if (is(v, "assignment_pattern")) v = field(v, "left");
          std::string sub = base.empty() ? "" : base + "." + key;
          Mask src = sub.empty() ? 0 : source_of(sub, p_.cfg);
          bind_pattern(v, m | src, sub);
        } else if (is(c, "object_assignment_pattern")) {
          bind_pattern(field(c, "left"), m, base);
        } else if (is(c, "rest_pattern")) {
          if (ts_node_named_child_count(c) > 0) bind_pattern(ts_node_named_child(c, 0), m, "");
        } else {
          bind_pattern(c, m, base);
        }
      }
      return;
    }
    if (!std::strcmp(t, "array_pattern")) {
      uint32_t n = ts_node_named_child_count(pat);
      for (uint32_t i = 0; i < n; ++i) {
        TSNode c = ts_node_named_child(pat, i);
        if (is(c, "assignment_pattern")) c = field(c, "left");
        if (is(c, "rest_pattern") && ts_node_named_child_count(c) > 0) c = ts_node_named_child(c, 0);
        bind_pattern(c, m, "");
      }
      return;
    }
    if (!std::strcmp(t, "assignment_pattern")) {
      bind_pattern(field(pat, "left"), m | eval(field(pat, "right")), base);
      return;
    }
    if (!std::strcmp(t, "rest_pattern") && ts_node_named_child_count(pat) > 0) bind_pattern(ts_node_named_child(pat, 0), m, "");
  }

  std::string snippet(TSNode n) const { return normalise(f_.text_of(n)); }

  void emit(const std::string& rule, TSNode at, std::string message, std::string snip = {}) {
    if (p_.options->disabled_rules.count(rule)) return;
    TSPoint pt = ts_node_start_point(at);
    out_.push_back({rule, fi_, pt.row + 1, pt.column + 1, std::move(message), snip.empty() ? snippet(at) : std::move(snip), fname_});
  }

  std::string rule_of(const std::string& category, Mask m) const {
    if (category == "path") return (m & kArchive) ? "zip-slip" : "path-traversal";
    return category;
  }

  // A value with mask `m` reaches sink `category` at `at`.
  void sink(const std::string& category, TSNode at, Mask m, bool allow_str = true) {
    Mask srcmask = (allow_str ? (kUser | kStr) : kUser) | (category == "path" ? kArchive : 0);
    if (m & srcmask) {
      std::string rule = rule_of(category, m & srcmask);
      const Rule* r = find_rule(rule);
      emit(rule, at, std::string(r ? r->title : rule) + ": untrusted data reaches " + std::string(last_seg(path_of(f_, field(at, "function")))));
    }
    if (cur_) {
      Mask pb = param_bits(m);
      if (!allow_str) pb = 0;  // typed sinks (nosql) only count raw objects; summaries keep it simple
      for (int i = 0; i < kMaxParams && pb; ++i) {
        if (pb & param_bit(i)) {
          TSPoint pt = ts_node_start_point(at);
          cur_->param_sinks.insert({i, SinkRef{category, fi_, pt.row + 1, pt.column + 1, snippet(at), fname_}});
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
        }
      }
    }
    return nullptr;
  }

  // Applies a callee summary: sinks reached by tainted arguments; returns the result mask.
  Mask apply_summary(const std::string& key, const std::vector<Mask>& args) {
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
      Mask srcmask = kUser | kStr | (ref.category == "path" ? kArchive : 0);
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
    uint32_t c = ts_node_named_child_count(n);
    for (uint32_t i = 0; i < c; ++i) m |= eval(ts_node_named_child(n, i));
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
      if (is(value, "await_expression") && ts_node_named_child_count(value) > 0) base = path_of(f_, ts_node_named_child(value, 0));
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
    Mask src = p != "?" && p.find('?') == std::string::npos ? source_of(p, p_.cfg) : 0;
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
    uint32_t c = ts_node_named_child_count(args);
    for (uint32_t i = 0; i < c; ++i) {
      TSNode a = ts_node_named_child(args, i);
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
    check_sinks(n, cpath, last, args, am, is_new);

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

    if (const std::string* key = resolve(callee)) return apply_summary(*key, am);
    if (cpath == "require") return 0;
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
  void check_sinks(TSNode n, const std::string& cpath, std::string_view last, const std::vector<TSNode>& args, const std::vector<Mask>& am, bool is_new) {
    auto seg = split_path(cpath);
    std::string recv = seg.size() >= 2 ? lower(seg[seg.size() - 2]) : "";
    Mask a0 = am.empty() ? 0 : am[0];
    Mask all = 0;
    for (Mask m : am) all |= m;
    bool member = seg.size() >= 2;

    for (const auto& [rule, callee] : p_.cfg.extra_sinks) {
      if (cpath == callee || (cpath.size() > callee.size() && cpath.compare(cpath.size() - callee.size(), callee.size(), callee) == 0 &&
                              cpath[cpath.size() - callee.size() - 1] == '.'))
        sink(rule, n, a0);
    }
    // SQL
    if (one_of(last, {"raw", "whereRaw", "orderByRaw", "havingRaw", "joinRaw", "groupByRaw", "selectRaw", "fromRaw", "andWhereRaw", "orWhereRaw"}) &&
        member) {
      sink("sql-injection", n, a0);
    } else if (last == "query" && member && recv != "req" && recv != "request" && recv != "ctx" && recv != "querystring" && recv != "qs") {
      sink("sql-injection", n, a0);
    } else if ((last == "execute" || last == "unsafe") && member && (recv.find("conn") != std::string::npos || recv.find("pool") != std::string::npos ||
                                                                    recv.find("db") != std::string::npos || recv == "sql" || recv.find("client") != std::string::npos)) {
      sink("sql-injection", n, a0);
    }
    // NoSQL
    if (member && one_of(last, {"find", "findOne", "findOneAndUpdate", "findOneAndDelete", "findOneAndRemove", "updateOne", "updateMany",
                                "deleteOne", "deleteMany", "countDocuments", "count", "remove", "update", "where", "aggregate", "distinct", "exists"})) {
      if (!args.empty() && !is_function(args[0]) && recv != "array" && recv != "_" && recv != "lodash") {
        check_nosql(n, args[0], am[0]);
      }
    }
    if (member && last == "$where") sink("nosql-injection", n, a0);
    // command
    if (one_of(last, {"exec", "execSync"}) && (!member || recv.find("child") != std::string::npos || recv == "cp" || recv.find("proc") != std::string::npos ||
                                               recv == "shell" || recv == "shelljs" || recv == "sh")) {
      sink("command-injection", n, a0);
    }
    if (one_of(last, {"spawn", "spawnSync", "execFile", "execFileSync"})) {
      bool shell = false;
      for (auto a : args) {
        if (is(a, "object") && std::regex_search(std::string(f_.text_of(a)), std::regex("shell\\s*:\\s*(true|['\"])"))) shell = true;
      }
      if (!args.empty() && is(args[0], "string")) {
        std::string_view s = f_.text_of(args[0]);
        if (s.find("sh") != std::string_view::npos || s.find("cmd") != std::string_view::npos || s.find("bash") != std::string_view::npos) shell = true;
      }
      if (shell) sink("command-injection", n, all);
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
    }
    if (member && one_of(last, {"sendFile", "download"}) && (recv == "res" || recv == "response" || recv == "reply")) sink("path", n, a0);
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
      if (cpath == "request" && recv.empty() && !args.empty() && is(args[0], "object")) sink("ssrf", n, a0);
      else sink("ssrf", n, a0);
    }
    // redirect
    if (member && last == "redirect" && (recv == "res" || recv == "response" || recv == "h" || recv == "ctx" || recv == "reply")) {
      sink("open-redirect", n, am.empty() ? 0 : am.back());
    }
    if (member && (last == "location") && recv == "res") sink("open-redirect", n, a0);
    // prototype pollution (deep merge)
    if (one_of(last, {"merge", "mergeWith", "defaultsDeep", "deepmerge", "extend", "deepExtend", "setWith", "set", "assignIn"}) &&
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
    if (is_log_call(cpath)) {
      sink("log-injection", n, all);
    }
    // CORS header reflection
    if (member && one_of(last, {"setHeader", "header", "set"}) && args.size() >= 2 && is(args[0], "string")) {
      std::string h = lower(f_.text_of(args[0]));
      if (h.find("access-control-allow-origin") != std::string::npos) sink("cors-misconfiguration", n, am[1]);
    }
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
      uint32_t c = ts_node_named_child_count(arg);
      Mask raw = 0;
      for (uint32_t i = 0; i < c; ++i) {
        TSNode pr = ts_node_named_child(arg, i);
        if (is(pr, "pair")) {
          std::string key(f_.text_of(field(pr, "key")));
          Mask v = eval_quiet(field(pr, "value"));
          if (key.find("$where") != std::string::npos) raw |= (v & (kUser | kStr)) ? kUser : 0;
          else if (key.find('$') == std::string::npos || key.find("$eq") != std::string::npos || key.find("$ne") != std::string::npos) raw |= v & kUser;
          else raw |= v & kUser;
        } else if (is(pr, "shorthand_property_identifier")) {
          raw |= lookup(std::string(f_.text_of(pr))) & kUser;
        } else if (is(pr, "spread_element")) {
          raw |= eval_quiet(pr) & kUser;
        }
      }
      sink("nosql-injection", call, raw | param_bits(m), false);
      return;
    }
    sink("nosql-injection", call, m, false);
  }

  // Taint of an already evaluated expression, without re-running checks (identifiers, members, calls).
  Mask eval_quiet(TSNode n) {
    if (is(n, "identifier")) return lookup(std::string(f_.text_of(n)));
    if (is(n, "member_expression") || is(n, "subscript_expression")) {
      std::string p = path_of(f_, n);
      Mask src = p.find('?') == std::string::npos ? source_of(p, p_.cfg) : 0;
      return src | eval_quiet(field(n, "object"));
    }
    if (is(n, "template_string") || is(n, "binary_expression")) {
      Mask m = 0;
      uint32_t c = ts_node_named_child_count(n);
      for (uint32_t i = 0; i < c; ++i) m |= eval_quiet(ts_node_named_child(n, i));
      return (m & kUser) ? ((m & ~kUser) | kStr) : m;
    }
    if (is(n, "call_expression")) {
      std::string cp = path_of(f_, field(n, "function"));
      if (cp == "String" || last_seg(cp) == "toString") return 0;
      if (sanitizer_name(last_seg(cp), cp)) return 0;
      Mask m = 0;
      for (auto a : arg_nodes(n)) m |= eval_quiet(a);
      return m;
    }
    if (is(n, "object") || is(n, "array") || is(n, "spread_element") || is(n, "pair") || is(n, "parenthesized_expression") ||
        is(n, "await_expression") || is(n, "template_substitution")) {
      Mask m = 0;
      uint32_t c = ts_node_named_child_count(n);
      for (uint32_t i = 0; i < c; ++i) m |= eval_quiet(ts_node_named_child(n, i));
      return m;
    }
    return 0;
  }

  // ---------- syntactic rules ----------
  std::string string_value(TSNode s) const {
    if (!is(s, "string")) return {};
    std::string out;
    uint32_t c = ts_node_named_child_count(s);
    for (uint32_t i = 0; i < c; ++i) out += f_.text_of(ts_node_named_child(s, i));
    return out;
  }

  bool object_has(TSNode obj, std::string_view key, std::string_view value_text) const {
    if (!is(obj, "object")) return false;
    uint32_t c = ts_node_named_child_count(obj);
    for (uint32_t i = 0; i < c; ++i) {
      TSNode pr = ts_node_named_child(obj, i);
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
    uint32_t c = ts_node_named_child_count(obj);
    for (uint32_t i = 0; i < c; ++i) {
      TSNode pr = ts_node_named_child(obj, i);
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
    // weak crypto
    if ((last == "createHash" || last == "createHmac") && !args.empty() && is(args[0], "string")) {
      std::string alg = lower(string_value(args[0]));
      if (alg == "md5" || alg == "sha1" || alg == "md4" || alg == "md2" || alg == "sha-1" || alg == "ripemd160") {
        if (last == "createHash") emit("weak-crypto", n, "Weak hash algorithm " + alg, snippet(n));
      }
    }
    if (last == "createCipher" || last == "createDecipher") emit("weak-crypto", n, "crypto." + std::string(last) + " derives the key without salt and uses no IV");
    if ((last == "createCipheriv" || last == "createDecipheriv") && !args.empty() && is(args[0], "string")) {
      std::string alg = lower(string_value(args[0]));
      if (alg.find("des") != std::string::npos || alg.find("rc4") != std::string::npos || alg.find("rc2") != std::string::npos ||
          alg.find("ecb") != std::string::npos || alg.rfind("bf", 0) == 0 || alg.find("blowfish") != std::string::npos)
        emit("weak-crypto", n, "Weak cipher " + alg);
    }
    if ((cpath == "md5" || cpath == "sha1") && !is_new) emit("weak-crypto", n, "Weak hash " + cpath);
    // insecure randomness
    if (cpath == "Math.random") check_random(n);
    // JWT
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
    if (last == "cookie" && (recv == "res" || recv == "response" || recv == "ctx.cookies") && args.size() >= 2) {
      TSNode opts = args.size() >= 3 ? args[2] : TSNode{};
      if (ts_node_is_null(opts)) {
        emit("insecure-cookie", n, "Cookie set without secure and httpOnly");
      } else if (is(opts, "object")) {
        bool secure = object_has(opts, "secure", "true") || (object_has(opts, "secure", "") && !object_has(opts, "secure", "false"));
        bool http_only = object_has(opts, "httpOnly", "true") || (object_has(opts, "httpOnly", "") && !object_has(opts, "httpOnly", "false"));
        if (!secure || !http_only) emit("insecure-cookie", n, std::string("Cookie set without ") + (!secure ? "secure" : "httpOnly"));
      }
    }
    if (member_last2(cpath, "cookies", "set") && args.size() >= 3 && is(args[2], "object")) {
      if (object_has(args[2], "secure", "false") || object_has(args[2], "httpOnly", "false")) emit("insecure-cookie", n, "Cookie with secure or httpOnly off");
    }
    // CORS: cors({ origin: '*' | true, credentials: true })
    if ((cpath == "cors" || last == "cors") && !args.empty() && is(args[0], "object")) {
      // reported by check_object on the object itself
    }
    // unsafe YAML
    if ((recv == "yaml" || recv == "jsyaml" || recv == "js-yaml") && (last == "unsafeLoad" || last == "unsafeLoadAll")) emit("unsafe-deserialization", n, "yaml." + std::string(last) + " can construct functions");
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
    uint32_t c = ts_node_named_child_count(n);
    for (uint32_t i = 0; i < c; ++i) {
      if (mentions_secret(ts_node_named_child(n, i), depth + 1)) return true;
    }
    return false;
  }

  bool function_calls_verify(TSNode n) const {
    TSNode p = ts_node_parent(n);
    while (!ts_node_is_null(p) && !is_function(p) && !is(p, "program")) p = ts_node_parent(p);
    if (ts_node_is_null(p)) return false;
    std::string_view body = f_.text_of(p);
    return body.find(".verify(") != std::string_view::npos;
  }

  void check_random(TSNode n) {
    // The name the value goes to: declarator, assignment, pair, or the enclosing function.
    static const std::regex sensitive("(token|secret|password|passwd|nonce|salt|otp|session|sessid|apikey|api_key|key|uuid|guid|id|code|pin|csrf|auth|hash|iv)$",
                                      std::regex::icase | std::regex::optimize);
    static const std::regex sensitive_any("(token|secret|password|nonce|salt|otp|session|apikey|uuid|guid|csrf)", std::regex::icase | std::regex::optimize);
    TSNode p = ts_node_parent(n);
    for (int depth = 0; depth < 8 && !ts_node_is_null(p); ++depth, p = ts_node_parent(p)) {
      std::string name;
      if (is(p, "variable_declarator")) name = std::string(f_.text_of(field(p, "name")));
      else if (is(p, "assignment_expression")) name = std::string(last_seg(path_of(f_, field(p, "left"))));
      else if (is(p, "pair")) name = std::string(f_.text_of(field(p, "key")));
      else if (is_function(p)) {
        TSNode nm = field(p, "name");
        if (ts_node_is_null(nm)) {
          TSNode pp = ts_node_parent(p);
          if (is(pp, "variable_declarator")) nm = field(pp, "name");
          else if (is(pp, "pair")) nm = field(pp, "key");
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
    if (l.size() >= 2 && l.substr(l.size() - 2) == "id" && !std::regex_search(l, std::regex("(token|secret|password|nonce|salt|otp|session|apikey|uuid|guid|csrf)"))) {
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
    if (is(lhs, "member_expression") && f_.text_of(field(lhs, "property")) == "href" && path_of(f_, lhs).find("location") != std::string::npos) sink("open-redirect", at, m);
  }

  void check_pair(TSNode pr) {
    std::string k(f_.text_of(field(pr, "key")));
    if (k.size() >= 2 && (k[0] == '\'' || k[0] == '"')) k = k.substr(1, k.size() - 2);
    std::string v(f_.text_of(field(pr, "value")));
    if ((k == "rejectUnauthorized" || k == "strictSSL") && (v == "false" || v == "0")) emit("tls-verification-disabled", pr, k + ": false disables certificate checks");
    if (k == "NODE_TLS_REJECT_UNAUTHORIZED" && (v == "'0'" || v == "\"0\"" || v == "0")) emit("tls-verification-disabled", pr, "NODE_TLS_REJECT_UNAUTHORIZED=0");
    if (k == "cookie" && is(field(pr, "value"), "object")) {
      TSNode o = field(pr, "value");
      if (object_has(o, "secure", "false") || object_has(o, "httpOnly", "false")) emit("insecure-cookie", pr, "Session cookie with secure or httpOnly off");
    }
    if ((k == "isSecure" || k == "isHttpOnly") && v == "false") emit("insecure-cookie", pr, k + ": false");
  }

  void check_object(TSNode o) {
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
    return std::regex_search(body, std::regex("callback\\s*\\(\\s*null\\s*,\\s*true\\s*\\)|cb\\s*\\(\\s*null\\s*,\\s*true\\s*\\)")) &&
           body.find("includes") == std::string::npos && body.find("indexOf") == std::string::npos && body.find("===") == std::string::npos &&
           body.find(".test(") == std::string::npos;
  }

  void check_comparison(TSNode n, std::string_view op) {
    if (op != "===" && op != "==" && op != "!==" && op != "!=") return;
    TSNode l = field(n, "left"), r = field(n, "right");
    auto literalish = [&](TSNode x) {
      return is(x, "string") || is(x, "number") || is(x, "null") || is(x, "undefined") || is(x, "true") || is(x, "false") ||
             is(x, "unary_expression") || is(x, "template_string") || (is(x, "member_expression") && f_.text_of(field(x, "property")) == "length");
    };
    if (literalish(l) || literalish(r)) return;
    auto secretish = [&](TSNode x) {
      std::string nm;
      if (is(x, "identifier")) nm = std::string(f_.text_of(x));
      else if (is(x, "member_expression")) nm = std::string(f_.text_of(field(x, "property")));
      else if (is(x, "call_expression")) {
        std::string cp = path_of(f_, field(x, "function"));
        if (last_seg(cp) == "digest") return true;
        return false;
      } else return false;
      std::string lw = lower(nm);
      if (lw.find("type") != std::string::npos || lw.find("name") != std::string::npos || lw.find("id") == lw.size() - 2 ||
          lw.find("length") != std::string::npos || lw.find("count") != std::string::npos || lw.find("expire") != std::string::npos)
        return false;
      return secret_name(nm) || lw.find("signature") != std::string::npos || lw.find("hmac") != std::string::npos ||
             lw.find("digest") != std::string::npos || lw == "hash" || lw.find("passwordhash") != std::string::npos || lw.find("apikey") != std::string::npos;
    };
    if (secretish(l) || secretish(r)) emit("timing-unsafe-comparison", n, "Secret compared with " + std::string(op) + "; use crypto.timingSafeEqual");
  }
};

// ---------- project setup: units, exports, imports ----------
void register_unit(SourceFile& f, const std::string& name, TSNode fn, uint32_t index) {
  std::string key = "f" + std::to_string(index) + ":" + name;
  for (const auto& u : f.units) {
    if (u.first == key) {
      key += "#" + std::to_string(ts_node_start_byte(fn));
      break;
    }
  }
  f.units.emplace_back(key, fn);
  f.unit_starts.insert(ts_node_start_byte(fn));
  f.functions.emplace(name, key);
}

std::string strip_quotes(std::string_view s) {
  if (s.size() >= 2 && (s[0] == '\'' || s[0] == '"' || s[0] == '`')) return std::string(s.substr(1, s.size() - 2));
  return std::string(s);
}

// Is `n` require('./x')? Returns the specifier.
std::string require_spec(const SourceFile& f, TSNode n) {
  if (is(n, "await_expression") && ts_node_named_child_count(n)) n = ts_node_named_child(n, 0);
  if (!is(n, "call_expression")) return {};
  if (f.text_of(field(n, "function")) != "require") return {};
  TSNode args = field(n, "arguments");
  if (ts_node_named_child_count(args) != 1) return {};
  TSNode a = ts_node_named_child(args, 0);
  if (!is(a, "string")) return {};
  return strip_quotes(f.text_of(a));
}

void collect_class(SourceFile& f, TSNode cls, uint32_t index) {
  TSNode body = field(cls, "body");
  std::string cname(f.text_of(field(cls, "name")));
  uint32_t c = ts_node_named_child_count(body);
  for (uint32_t i = 0; i < c; ++i) {
    TSNode m = ts_node_named_child(body, i);
    if (!is(m, "method_definition")) continue;
    std::string mname(f.text_of(field(m, "name")));
    std::string key = "f" + std::to_string(index) + ":" + cname + "." + mname;
    f.units.emplace_back(key, m);
    f.unit_starts.insert(ts_node_start_byte(m));
    f.methods.emplace(mname, key);
  }
}

void collect_object_exports(SourceFile& f, TSNode obj, uint32_t index) {
  uint32_t c = ts_node_named_child_count(obj);
  for (uint32_t i = 0; i < c; ++i) {
    TSNode pr = ts_node_named_child(obj, i);
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
  uint32_t c = ts_node_named_child_count(root);
  for (uint32_t i = 0; i < c; ++i) {
    TSNode st = ts_node_named_child(root, i);
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
        uint32_t k = ts_node_named_child_count(st);
        for (uint32_t j = 0; j < k; ++j) {
          TSNode cl = ts_node_named_child(st, j);
          if (!is(cl, "export_clause")) continue;
          uint32_t m = ts_node_named_child_count(cl);
          for (uint32_t q = 0; q < m; ++q) {
            TSNode sp = ts_node_named_child(cl, q);
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
      uint32_t k = ts_node_named_child_count(st);
      for (uint32_t j = 0; j < k; ++j) {
        TSNode d = ts_node_named_child(st, j);
        if (!is(d, "variable_declarator")) continue;
        TSNode name = field(d, "name"), value = field(d, "value");
        if (is(name, "identifier") && is_function(value)) {
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
              uint32_t m = ts_node_named_child_count(name);
              for (uint32_t q = 0; q < m; ++q) {
                TSNode e = ts_node_named_child(name, q);
                if (is(e, "shorthand_property_identifier_pattern")) f.pending_imports.emplace_back(std::string(f.text_of(e)), spec + "\n" + std::string(f.text_of(e)));
                else if (is(e, "pair_pattern") && is(field(e, "value"), "identifier"))
                  f.pending_imports.emplace_back(std::string(f.text_of(field(e, "value"))), spec + "\n" + strip_quotes(f.text_of(field(e, "key"))));
              }
            }
          }
        }
      }
    } else if (is(st, "expression_statement") && ts_node_named_child_count(st) > 0) {
      TSNode e = ts_node_named_child(st, 0);
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
      }
    } else if (is(st, "import_statement")) {
      TSNode src = field(st, "source");
      std::string spec = strip_quotes(f.text_of(src));
      uint32_t k = ts_node_named_child_count(st);
      for (uint32_t j = 0; j < k; ++j) {
        TSNode cl = ts_node_named_child(st, j);
        if (!is(cl, "import_clause")) continue;
        uint32_t m = ts_node_named_child_count(cl);
        for (uint32_t q = 0; q < m; ++q) {
          TSNode x = ts_node_named_child(cl, q);
          if (is(x, "identifier")) f.pending_imports.emplace_back(std::string(f.text_of(x)), spec + "\ndefault");
          else if (is(x, "namespace_import") && ts_node_named_child_count(x)) f.pending_imports.emplace_back(std::string(f.text_of(ts_node_named_child(x, 0))), spec + "\n*");
          else if (is(x, "named_imports")) {
            uint32_t r = ts_node_named_child_count(x);
            for (uint32_t s = 0; s < r; ++s) {
              TSNode sp = ts_node_named_child(x, s);
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
    for (const auto& [local, what] : f.pending_imports) {
      auto nl = what.find('\n');
      std::string spec = what.substr(0, nl), name = what.substr(nl + 1);
      if (spec.empty() || spec[0] != '.') continue;
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
  uint32_t c = ts_node_child_count(n);
  for (uint32_t i = 0; i < c; ++i) parse_errors(f, ts_node_child(n, i), out, budget);
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
        TSParser* parser = ts_parser_new();
        ts_parser_set_language(parser, f.lang);
        f.tree = ts_parser_parse_string(parser, nullptr, f.text.data(), static_cast<uint32_t>(f.text.size()));
        ts_parser_delete(parser);
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

  Summaries prev;
  std::vector<std::vector<RawFinding>> found(n);
  for (int round = 0; round < 5; ++round) {
    std::vector<Summaries> next(n);
    for (auto& v : found) v.clear();
    parallel_for(
        n,
        [&](std::size_t i) {
          if (!p.files[i]->tree) return;
          Analyzer a(p, static_cast<uint32_t>(i), prev, next[i], found[i]);
          a.run();
        },
        options.threads);
    Summaries merged;
    for (auto& s : next) merged.merge(s);
    bool same = merged.size() == prev.size();
    if (same) {
      for (const auto& [k, v] : merged) {
        auto it = prev.find(k);
        if (it == prev.end() || !(it->second == v)) {
          same = false;
          break;
        }
      }
    }
    prev = std::move(merged);
    if (same) break;
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

}  // namespace

Result analyse_sources(const std::map<std::string, std::string>& sources, const Options& options) {
  auto t0 = std::chrono::steady_clock::now();
  std::vector<std::unique_ptr<SourceFile>> files;
  std::vector<Error> errors;
  for (const auto& [name, text] : sources) {
    const TSLanguage* lang = language_for(name);
    if (!lang || excluded(name, options.exclude)) continue;
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
          std::string rel = std::filesystem::relative(e, root, ec2).generic_string();
          if (excluded(rel, options.exclude) || excluded(rel + "/", options.exclude)) it.disable_recursion_pending();
        }
        continue;
      }
      if (!it->is_regular_file(ec2) || !language_for(e)) continue;
      if (fn.size() > 7 && fn.find(".min.js") == fn.size() - 7) continue;
      if (fn.size() > 5 && fn.substr(fn.size() - 5) == ".d.ts") continue;
      std::string rel = std::filesystem::relative(e, root, ec2).generic_string();
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
        std::ifstream in(found[i].second, std::ios::binary);
        if (!in) {
          read_errors[i] = make_error(found[i].first, "cannot read");
          return;
        }
        std::ostringstream ss;
        ss << in.rdbuf();
        auto f = std::make_unique<SourceFile>();
        f->name = found[i].first;
        f->text = ss.str();
        f->lang = language_for(found[i].second);
        files[i] = std::move(f);
      },
      options.threads);
  std::vector<std::unique_ptr<SourceFile>> ok;
  for (std::size_t i = 0; i < found.size(); ++i) {
    if (read_errors[i]) errors.push_back(*read_errors[i]);
    else if (files[i]->text.size() > (64u << 20)) errors.push_back(make_error(found[i].first, "larger than 64 MiB; skipped"));
    else ok.push_back(std::move(files[i]));
  }
  return run_project(std::move(ok), options, std::move(errors), t0);
}

}  // namespace vigil::sast
