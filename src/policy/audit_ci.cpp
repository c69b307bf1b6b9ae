// audit-ci's configuration: JSON, JSONC or JSON5, read by a small parser of its own because the
// comments matter here: audit-ci has no reason field for a string entry, so teams write the
// reason in a comment next to it, and vigil keeps it.
#include <fmt/format.h>

#include <cctype>
#include <memory>
#include <regex>

#include "policy/policy.h"

namespace vigil::policy {

namespace {

constexpr int kMaxDepth = 32;

struct Value {
  enum class Kind { Null, Bool, Number, String, Array, Object } kind = Kind::Null;
  bool boolean = false;
  std::string text;                                       // String: the value; Number: as written
  std::vector<Value> items;                               // Array
  std::vector<std::pair<std::string, Value>> members;     // Object, in file order
  size_t offset = 0;                                      // where it starts
  std::string comment;                                    // comments written next to it
};

class Parser {
 public:
  Parser(std::string_view text, const std::string& display) : s_(text), display_(display) {}

  Expected<Value> parse() {
    std::string pending;
    skip(pending);
    auto v = value(0, pending);
    if (!v) return v;
    std::string tail;
    skip(tail);
    if (pos_ != s_.size()) return err(pos_, "unexpected text after the configuration");
    return v;
  }

 private:
  Error err(size_t at, std::string message) const {
    auto p = position_of(s_, std::min(at, s_.size()));
    return make_error(display_, p.line, p.column, std::move(message));
  }

  // Skips white space and comments; the comments' text is appended to `comments`.
  bool skip(std::string& comments) {
    while (pos_ < s_.size()) {
      char c = s_[pos_];
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        ++pos_;
      } else if (c == '/' && pos_ + 1 < s_.size() && s_[pos_ + 1] == '/') {
        size_t end = s_.find('\n', pos_);
        if (end == std::string_view::npos) end = s_.size();
        add_comment(comments, s_.substr(pos_ + 2, end - pos_ - 2));
        pos_ = end;
      } else if (c == '/' && pos_ + 1 < s_.size() && s_[pos_ + 1] == '*') {
        size_t end = s_.find("*/", pos_ + 2);
        if (end == std::string_view::npos) {
          bad_ = err(pos_, "a comment is not closed");
          return false;
        }
        add_comment(comments, s_.substr(pos_ + 2, end - pos_ - 2));
        pos_ = end + 2;
      } else {
        break;
      }
    }
    return true;
  }

  // Same-line comments only: what follows an entry on its own line.
  void skip_trailing_on_line(std::string& comments) {
    while (pos_ < s_.size()) {
      char c = s_[pos_];
      if (c == ' ' || c == '\t') {
        ++pos_;
      } else if (c == ',') {
        return;
      } else if (c == '/' && pos_ + 1 < s_.size() && s_[pos_ + 1] == '/') {
        size_t end = s_.find('\n', pos_);
        if (end == std::string_view::npos) end = s_.size();
        add_comment(comments, s_.substr(pos_ + 2, end - pos_ - 2));
        pos_ = end;
        return;
      } else {
        return;
      }
    }
  }

  static void add_comment(std::string& to, std::string_view c) {
    // Drop the decoration of block comments ("*" at line starts) and collapse white space.
    std::string out;
    bool space = false;
    bool line_start = true;
    for (char ch : c) {
      if (ch == '\n' || ch == '\r') {
        line_start = true;
        space = true;
        continue;
      }
      if (line_start && (ch == '*' || ch == ' ' || ch == '\t')) {
        if (ch != '*') space = true;
        continue;
      }
      line_start = false;
      if (ch == ' ' || ch == '\t') {
        space = true;
        continue;
      }
      if (space && !out.empty()) out += ' ';
      space = false;
      out += ch;
    }
    while (!out.empty() && out.back() == '*') out.pop_back();
    while (!out.empty() && out.back() == ' ') out.pop_back();
    if (out.empty()) return;
    if (!to.empty()) to += "; ";
    to += out;
  }

  Expected<Value> value(int depth, std::string& leading) {
    if (!bad_.message.empty()) return bad_;
    if (depth > kMaxDepth) return err(pos_, "the configuration is nested too deeply");
    if (pos_ >= s_.size()) return err(pos_, "the configuration ends too early");
    Value v;
    v.offset = pos_;
    v.comment = std::move(leading);
    leading.clear();
    char c = s_[pos_];
    if (c == '{') {
      v.kind = Value::Kind::Object;
      ++pos_;
      std::string header;  // a comment on the line of the brace is about the whole object
      skip_trailing_on_line(header);
      while (true) {
        std::string com;
        if (!skip(com)) return bad_;
        if (pos_ < s_.size() && s_[pos_] == '}') {
          ++pos_;
          break;
        }
        auto key = key_text();
        if (!key) return key.error();
        std::string ignore;
        if (!skip(ignore)) return bad_;
        if (pos_ >= s_.size() || s_[pos_] != ':') return err(pos_, fmt::format("expected ':' after \"{}\"", *key));
        ++pos_;
        if (!skip(com)) return bad_;
        auto member = value(depth + 1, com);
        if (!member) return member;
        skip_trailing_on_line(member->comment);
        v.members.emplace_back(std::move(*key), std::move(*member));
        if (!separator('}', v.members.back().second.comment)) return bad_;
      }
    } else if (c == '[') {
      v.kind = Value::Kind::Array;
      ++pos_;
      std::string header;  // a comment on the line of the bracket is about the whole list
      skip_trailing_on_line(header);
      while (true) {
        std::string com;
        if (!skip(com)) return bad_;
        if (pos_ < s_.size() && s_[pos_] == ']') {
          ++pos_;
          break;
        }
        auto item = value(depth + 1, com);
        if (!item) return item;
        skip_trailing_on_line(item->comment);
        v.items.push_back(std::move(*item));
        if (!separator(']', v.items.back().comment)) return bad_;
      }
    } else if (c == '"' || c == '\'') {
      auto s = string_text();
      if (!s) return s.error();
      v.kind = Value::Kind::String;
      v.text = std::move(*s);
    } else if (s_.substr(pos_, 4) == "true" || s_.substr(pos_, 5) == "false") {
      v.kind = Value::Kind::Bool;
      v.boolean = s_[pos_] == 't';
      pos_ += v.boolean ? 4 : 5;
    } else if (s_.substr(pos_, 4) == "null") {
      pos_ += 4;
    } else if (c == '-' || c == '+' || c == '.' || std::isdigit(static_cast<unsigned char>(c))) {
      v.kind = Value::Kind::Number;
      size_t start = pos_;
      while (pos_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '.' ||
                                  s_[pos_] == '-' || s_[pos_] == '+')) {
        ++pos_;
      }
      v.text = std::string(s_.substr(start, pos_ - start));
    } else {
      return err(pos_, fmt::format("unexpected character '{}'", c));
    }
    return v;
  }

  // After a member or item: ',' (a trailing one is allowed, as JSON5 and JSONC allow) or `close`.
  // Comments before the comma, and after it on the same line, belong to the entry before.
  bool separator(char close, std::string& entry_comment) {
    if (!skip(entry_comment)) return false;
    if (pos_ < s_.size() && s_[pos_] == ',') {
      ++pos_;
      skip_trailing_on_line(entry_comment);
      return true;
    }
    if (pos_ < s_.size() && s_[pos_] == close) return true;
    bad_ = err(pos_, pos_ >= s_.size() ? std::string("the configuration ends too early")
                                       : fmt::format("expected ',' or '{}'", close));
    return false;
  }

  Expected<std::string> key_text() {
    if (pos_ < s_.size() && (s_[pos_] == '"' || s_[pos_] == '\'')) return string_text();
    size_t start = pos_;
    while (pos_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '_' ||
                                s_[pos_] == '$' || s_[pos_] == '-')) {
      ++pos_;
    }
    if (pos_ == start) return err(pos_, "expected a key");
    return std::string(s_.substr(start, pos_ - start));
  }

  Expected<std::string> string_text() {
    char quote = s_[pos_];
    size_t start = pos_++;
    std::string out;
    while (pos_ < s_.size() && s_[pos_] != quote) {
      char c = s_[pos_];
      if (c == '\n') return err(start, "a string is not closed on its line");
      if (c == '\\') {
        if (pos_ + 1 >= s_.size()) break;
        char e = s_[pos_ + 1];
        switch (e) {
          case 'n': out += '\n'; break;
          case 't': out += '\t'; break;
          case 'r': out += '\r'; break;
          case 'b': out += '\b'; break;
          case 'f': out += '\f'; break;
          case 'u': {
            // Keep \u escapes of ASCII; others are not found in ids or flags.
            if (pos_ + 5 >= s_.size()) return err(pos_, "a \\u escape is cut short");
            unsigned cp = 0;
            for (int i = 2; i < 6; ++i) {
              char h = s_[pos_ + i];
              if (!std::isxdigit(static_cast<unsigned char>(h))) return err(pos_, "a \\u escape needs four hex digits");
              cp = cp * 16 + static_cast<unsigned>(std::isdigit(static_cast<unsigned char>(h)) ? h - '0' : (std::tolower(h) - 'a' + 10));
            }
            if (cp < 0x80) {
              out += static_cast<char>(cp);
            } else if (cp < 0x800) {
              out += static_cast<char>(0xC0 | (cp >> 6));
              out += static_cast<char>(0x80 | (cp & 0x3F));
            } else {
              out += static_cast<char>(0xE0 | (cp >> 12));
              out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
              out += static_cast<char>(0x80 | (cp & 0x3F));
            }
            pos_ += 4;
            break;
          }
          default: out += e;
        }
        pos_ += 2;
        continue;
      }
      out += c;
      ++pos_;
    }
    if (pos_ >= s_.size()) return err(start, "a string is not closed");
    ++pos_;
    return out;
  }

  std::string_view s_;
  const std::string& display_;
  size_t pos_ = 0;
  Error bad_;
};

bool looks_like_advisory_id(std::string_view s) {
  static const std::regex id(R"(^(GHSA(-[23456789cfghjmpqrvwx]{4}){3}|CVE-\d{4}-\d{4,}|NSWG-[A-Z]+-\d+|GMS-\d{4}-\d+|\d+)$)",
                             std::regex::icase);
  return std::regex_match(s.begin(), s.end(), id);
}

}  // namespace

Expected<Imported> import_audit_ci(std::string_view text, const std::string& display) {
  if (size_t bad = first_invalid_utf8(text); bad != std::string_view::npos) {
    auto pos = position_of(text, bad);
    return make_error(display, pos.line, pos.column, "the file is not valid UTF-8");
  }
  Parser parser(text, display);
  auto root = parser.parse();
  if (!root) return root.error();
  auto at = [&](const Value& v, std::string message) {
    auto p = position_of(text, v.offset);
    return make_error(display, p.line, p.column, std::move(message));
  };
  if (root->kind != Value::Kind::Object) return at(*root, "an audit-ci configuration must be an object");
  Imported out;
  std::optional<Severity> lowest;
  for (const auto& [key, v] : root->members) {
    if (key == "low" || key == "moderate" || key == "high" || key == "critical") {
      if (v.kind != Value::Kind::Bool) return at(v, fmt::format("\"{}\" must be true or false", key));
      if (v.boolean) {
        Severity s = *parse_severity(key);
        if (!lowest || s < *lowest) lowest = s;
      }
    } else if (key == "skip-dev") {
      if (v.kind != Value::Kind::Bool) return at(v, "\"skip-dev\" must be true or false");
      out.prod_only = v.boolean;
    } else if (key == "allowlist") {
      if (v.kind != Value::Kind::Array) return at(v, "\"allowlist\" must be a list");
      for (const Value& item : v.items) {
        auto p = position_of(text, item.offset);
        std::string origin = fmt::format("{}:{}", display, p.line);
        auto add = [&](std::string entry, std::string reason, std::optional<Date> expires) -> Status {
          Suppression s;
          s.origin = origin;
          s.expires = expires;
          s.reason = reason.empty() ? fmt::format("allowlisted in {} (no reason given there)", display) : std::move(reason);
          if (size_t bar = entry.find('|'); bar != std::string::npos) {
            // "GHSA-...|a>b>c": the advisory, only where it comes in through that path.
            std::string path = entry.substr(bar + 1);
            entry = entry.substr(0, bar);
            size_t last = path.rfind('>');
            s.package = last == std::string::npos ? path : path.substr(last + 1);
            if (s.package.empty()) return at(item, fmt::format("allowlist entry \"{}\" has an empty path", entry));
            out.warnings.push_back(make_error(display, p.line, p.column,
                                              fmt::format("allowlist entry {}|{}: vigil suppresses it in {} on every path", entry, path, s.package)));
          }
          if (entry.empty()) return at(item, "an allowlist entry is empty");
          if (looks_like_advisory_id(entry)) {
            s.id = entry;
          } else {
            s.id.assign(1, '*');  // a module name: every advisory of that package
            s.package = entry;
          }
          out.suppressions.push_back(std::move(s));
          return {};
        };
        if (item.kind == Value::Kind::String) {
          auto st = add(item.text, item.comment, std::nullopt);
          if (!st) return st.error();
        } else if (item.kind == Value::Kind::Object) {
          for (const auto& [id, detail] : item.members) {
            if (detail.kind != Value::Kind::Object) return at(detail, fmt::format("allowlist entry \"{}\" must be an object", id));
            bool active = true;
            std::string notes;
            std::optional<Date> expiry;
            for (const auto& [dk, dv] : detail.members) {
              if (dk == "active") {
                if (dv.kind != Value::Kind::Bool) return at(dv, "\"active\" must be true or false");
                active = dv.boolean;
              } else if (dk == "notes") {
                if (dv.kind != Value::Kind::String) return at(dv, "\"notes\" must be a string");
                notes = dv.text;
              } else if (dk == "expiry") {
                if (dv.kind != Value::Kind::String) return at(dv, "\"expiry\" must be a date");
                // audit-ci takes any date JavaScript parses; vigil takes the date part of ISO 8601.
                expiry = parse_date(std::string_view(dv.text).substr(0, 10));
                if (!expiry) return at(dv, fmt::format("expiry \"{}\" is not a date YYYY-MM-DD", dv.text));
              } else {
                return at(dv, fmt::format("unknown key \"{}\" in allowlist entry \"{}\"", dk, id));
              }
            }
            if (!active) continue;
            std::string reason = notes;
            if (!detail.comment.empty()) {
              if (!reason.empty()) reason.append("; ");
              reason.append(detail.comment);
            }
            if (!item.comment.empty() && reason.empty()) reason = item.comment;
            auto st = add(id, reason, expiry);
            if (!st) return st.error();
          }
        } else {
          return at(item, "an allowlist entry must be a string or an object");
        }
      }
    }
    // Other audit-ci keys (report-type, package-manager, registry, ...) are about how audit-ci
    // runs, not what it accepts: nothing to import.
  }
  out.fail_on = lowest;
  return out;
}

}  // namespace vigil::policy
