#include "inventory/json_util.h"

#include <vector>

namespace vigil::inventory {

namespace {

bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

class Checker {
 public:
  explicit Checker(std::string_view t) : t_(t) {}

  JsonProblem run(bool check_utf8) {
    if (check_utf8) {
      size_t bad = first_invalid_utf8(t_);
      if (bad != std::string_view::npos) return {bad, "invalid UTF-8"};
    }
    skip_ws();
    if (i_ == t_.size()) return {i_, "empty document"};
    // Iterative: a stack of open containers, each remembering if it is an object.
    std::vector<char> stack;
    bool expect_value = true;
    while (true) {
      skip_ws();
      if (expect_value) {
        if (i_ >= t_.size()) return {i_, "unexpected end of file (truncated?)"};
        char c = t_[i_];
        if (c == '{' || c == '[') {
          if (stack.size() >= kMaxJsonDepth) return {i_, "nesting deeper than " + std::to_string(kMaxJsonDepth)};
          stack.push_back(c);
          ++i_;
          skip_ws();
          if (i_ < t_.size() && t_[i_] == (c == '{' ? '}' : ']')) {
            stack.pop_back();
            ++i_;
            expect_value = false;
            continue;
          }
          if (c == '{') {
            if (auto p = key(); p.offset != std::string_view::npos) return p;
          }
          continue;  // expect a value
        }
        if (auto p = scalar(); p.offset != std::string_view::npos) return p;
        expect_value = false;
        continue;
      }
      // After a value: ',' or a closing bracket, or the end of the document.
      if (stack.empty()) {
        if (i_ != t_.size()) return {i_, "unexpected content after the document"};
        return {};
      }
      if (i_ >= t_.size()) return {i_, "unexpected end of file (truncated?)"};
      char c = t_[i_];
      char open = stack.back();
      if (c == ',') {
        ++i_;
        skip_ws();
        if (open == '{') {
          if (auto p = key(); p.offset != std::string_view::npos) return p;
        }
        expect_value = true;
        continue;
      }
      if ((open == '{' && c == '}') || (open == '[' && c == ']')) {
        stack.pop_back();
        ++i_;
        continue;
      }
      return {i_, std::string("expected ',' or '") + (open == '{' ? '}' : ']') + "'"};
    }
  }

 private:
  void skip_ws() {
    while (i_ < t_.size() && is_ws(t_[i_])) ++i_;
  }

  JsonProblem key() {
    if (i_ >= t_.size()) return {i_, "unexpected end of file (truncated?)"};
    if (t_[i_] != '"') return {i_, "expected a string key"};
    if (auto p = string(); p.offset != std::string_view::npos) return p;
    skip_ws();
    if (i_ >= t_.size()) return {i_, "unexpected end of file (truncated?)"};
    if (t_[i_] != ':') return {i_, "expected ':'"};
    ++i_;
    return {};
  }

  JsonProblem string() {
    size_t start = i_++;
    while (i_ < t_.size()) {
      unsigned char c = static_cast<unsigned char>(t_[i_]);
      if (c == '"') {
        ++i_;
        return {};
      }
      if (c < 0x20) return {i_, "control character in string"};
      if (c == '\\') {
        if (i_ + 1 >= t_.size()) break;
        char e = t_[i_ + 1];
        if (e == 'u') {
          for (size_t k = 2; k < 6; ++k) {
            if (i_ + k >= t_.size() || !std::isxdigit(static_cast<unsigned char>(t_[i_ + k]))) {
              return {i_, "bad \\u escape"};
            }
          }
          i_ += 6;
          continue;
        }
        if (std::string_view("\"\\/bfnrt").find(e) == std::string_view::npos) {
          return {i_, "bad escape in string"};
        }
        i_ += 2;
        continue;
      }
      ++i_;
    }
    return {start, "unterminated string (truncated?)"};
  }

  JsonProblem scalar() {
    char c = t_[i_];
    if (c == '"') return string();
    for (std::string_view lit : {"true", "false", "null"}) {
      if (t_.substr(i_, lit.size()) == lit) {
        i_ += lit.size();
        return {};
      }
    }
    size_t start = i_;
    if (c == '-') ++i_;
    auto digits = [&] {
      size_t s = i_;
      while (i_ < t_.size() && t_[i_] >= '0' && t_[i_] <= '9') ++i_;
      return i_ - s;
    };
    if (i_ < t_.size() && t_[i_] == '0') {
      ++i_;
    } else if (digits() == 0) {
      return {start, "unexpected character '" + std::string(1, c) + "'"};
    }
    if (i_ < t_.size() && t_[i_] == '.') {
      ++i_;
      if (digits() == 0) return {i_, "bad number"};
    }
    if (i_ < t_.size() && (t_[i_] == 'e' || t_[i_] == 'E')) {
      ++i_;
      if (i_ < t_.size() && (t_[i_] == '+' || t_[i_] == '-')) ++i_;
      if (digits() == 0) return {i_, "bad number"};
    }
    return {};
  }

  std::string_view t_;
  size_t i_ = 0;
};

}  // namespace

JsonProblem check_json(std::string_view text, bool check_utf8) { return Checker(text).run(check_utf8); }

Error json_error_at(const std::string& display, std::string_view text, const char* where,
                    std::string message) {
  if (where != nullptr && where >= text.data() && where <= text.data() + text.size()) {
    auto pos = position_of(text, static_cast<size_t>(where - text.data()));
    return make_error(display, pos.line, pos.column, std::move(message));
  }
  return make_error(display, std::move(message));
}

Error json_syntax_error(const std::string& display, std::string_view text,
                        simdjson::error_code code) {
  JsonProblem p = check_json(text);
  if (p.offset != std::string_view::npos) {
    auto pos = position_of(text, p.offset);
    return make_error(display, pos.line, pos.column, "malformed JSON: " + p.message);
  }
  return make_error(display, std::string("malformed JSON: ") + simdjson::error_message(code));
}

Status iterate_json(simdjson::ondemand::parser& parser, std::string& contents,
                    const std::string& display, simdjson::ondemand::document& doc) {
  size_t first = contents.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return make_error(display, "empty file");
  if (contents.capacity() < contents.size() + simdjson::SIMDJSON_PADDING) {
    contents.reserve(contents.size() + simdjson::SIMDJSON_PADDING);
  }
  auto err = parser.iterate(contents.data(), contents.size(), contents.capacity()).get(doc);
  if (err) return json_syntax_error(display, contents, err);  // UTF-8 was checked by iterate()
  JsonProblem p = check_json(contents, false);
  if (p.offset != std::string_view::npos) {
    auto pos = position_of(contents, p.offset);
    return make_error(display, pos.line, pos.column, "malformed JSON: " + p.message);
  }
  return {};
}

}  // namespace vigil::inventory

namespace vigil::inventory {

const char* JsonWalker::where(simdjson::ondemand::value& v) const {
  return v.raw_json_token().data();
}

Error JsonWalker::fail(simdjson::error_code code, const char* where) const {
  JsonProblem p = check_json(text_);
  if (p.offset != std::string_view::npos) {
    auto pos = position_of(text_, p.offset);
    return make_error(display_, pos.line, pos.column, "malformed JSON: " + p.message);
  }
  return json_error_at(display_, text_, where, std::string("malformed JSON: ") + simdjson::error_message(code));
}

Status JsonWalker::view(simdjson::ondemand::value v, std::string_view what, std::string_view name,
                        std::string_view& out) const {
  const char* loc = where(v);
  auto err = v.get_string().get(out);
  if (err == simdjson::INCORRECT_TYPE) {
    std::string label(what);
    if (!name.empty()) label += " \"" + std::string(name) + "\"";
    return at(loc, label + " must be a string");
  }
  if (err) return fail(err, loc);
  return {};
}

Expected<std::string> JsonWalker::string(simdjson::ondemand::value v, std::string_view what,
                                         std::string_view name) const {
  std::string_view s;
  if (Status st = view(v, what, name, s); !st) return st.error();
  return std::string(s);
}

simdjson::ondemand::json_type JsonWalker::type(simdjson::ondemand::value& v) const {
  simdjson::ondemand::json_type t{};
  if (auto err = v.type().get(t)) {
    if (!pending_) pending_ = fail(err, where(v));
    return simdjson::ondemand::json_type{};
  }
  return t;
}

bool JsonWalker::boolean(simdjson::ondemand::value v, std::string_view what) const {
  const char* loc = where(v);
  bool b = false;
  auto err = v.get_bool().get(b);
  if (err == simdjson::INCORRECT_TYPE) {
    if (!pending_) pending_ = at(loc, std::string(what) + " must be true or false");
    return false;
  }
  if (err) {
    if (!pending_) pending_ = fail(err, loc);
    return false;
  }
  return b;
}

}  // namespace vigil::inventory

namespace vigil::inventory {

Status JsonWalker::expect_end(simdjson::ondemand::document& doc) const {
  const char* loc = nullptr;
  auto err = doc.current_location().get(loc);
  if (err == simdjson::OUT_OF_BOUNDS) return {};
  if (err) return fail(err, nullptr);
  return at(loc, "unexpected content after the document");
}

}  // namespace vigil::inventory
