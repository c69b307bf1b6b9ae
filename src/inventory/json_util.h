// vigil inventory (internal): turning simdjson failures into Errors that name file:line:column.
//
// simdjson reports what went wrong but not always where. On failure we rescan the text with a
// small strict JSON checker (only ever on the error path) to find the first bad byte.
#pragma once

#include <simdjson.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <optional>
#include <algorithm>
#include <vector>

#include "core/core.h"

namespace vigil::inventory {

// The maximum nesting depth accepted in lockfiles and manifests.
inline constexpr std::size_t kMaxJsonDepth = 256;

// Describes a syntax-level failure of `text`: invalid UTF-8, a syntax error, too deep nesting,
// duplicate keys are not detected here. Returns the Error with the first offending position.
Error json_syntax_error(const std::string& display, std::string_view text,
                        simdjson::error_code code);

// An error at a given pointer into `text` (e.g. from current_location()).
Error json_error_at(const std::string& display, std::string_view text, const char* where,
                    std::string message);

// Checks the whole text is strict JSON (RFC 8259) no deeper than kMaxJsonDepth; returns the
// offset of the first offending byte and a message, or npos.
struct JsonProblem {
  std::size_t offset = std::string_view::npos;
  std::string message;
};
// `check_utf8` = false skips the UTF-8 pass (for text simdjson has already validated).
JsonProblem check_json(std::string_view text, bool check_utf8 = true);

// Prepares a simdjson on-demand document over `contents`. On-demand parsing checks only what
// it walks; values it skips could hide malformed text or hostile nesting. So the whole text is
// first checked to be strict JSON no deeper than kMaxJsonDepth (one scalar pass, ~700 MB/s).
// On success the document is ready to walk.
Status iterate_json(simdjson::ondemand::parser& parser, std::string& contents,
                    const std::string& display, simdjson::ondemand::document& doc);

}  // namespace vigil::inventory

namespace vigil::inventory {

// Walking an on-demand document with errors that name the place. One per file being parsed.
class JsonWalker {
 public:
  JsonWalker(std::string display, std::string_view text) : display_(std::move(display)), text_(text) {}

  const std::string& display() const { return display_; }
  Error at(const char* where, std::string message) const {
    return json_error_at(display_, text_, where, std::move(message));
  }
  // Location of a value: the start of its raw token.
  const char* where(simdjson::ondemand::value& v) const;
  // An error for a simdjson failure while walking (syntax errors are located by rescanning).
  Error fail(simdjson::error_code code, const char* where) const;

  // Calls fn(key, value, key_location) for every field of `v` (which must be an object;
  // `what` names it in the type error). Duplicate keys are an error when `unique`.
  template <class Fn>
  Status fields(simdjson::ondemand::value v, std::string_view what, bool unique, Fn&& fn) const;

  // The JSON type of `v`. A malformed value reads as an invalid type (matching no json_type)
  // and its error is kept: fields() returns it after the callback that asked.
  simdjson::ondemand::json_type type(simdjson::ondemand::value& v) const;
  // A JSON boolean; anything else is an error (kept as for type()).
  bool boolean(simdjson::ondemand::value v, std::string_view what) const;

  // After the root value was walked: nothing may follow it.
  Status expect_end(simdjson::ondemand::document& doc) const;

  // A string value. `what` (and `name`, when given: `what "name"`) names it in the error.
  Expected<std::string> string(simdjson::ondemand::value v, std::string_view what,
                               std::string_view name = {}) const;
  // The same as a view into the parser's string buffer (valid while the parser lives).
  Status view(simdjson::ondemand::value v, std::string_view what, std::string_view name,
              std::string_view& out) const;

 private:
  std::string display_;
  std::string_view text_;
  mutable std::optional<Error> pending_;
};

template <class Fn>
Status JsonWalker::fields(simdjson::ondemand::value v, std::string_view what, bool unique,
                         Fn&& fn) const {
  const char* loc = where(v);
  simdjson::ondemand::object obj;
  auto err = v.get_object().get(obj);
  if (err == simdjson::INCORRECT_TYPE) return at(loc, std::string(what) + " must be an object");
  if (err) return fail(err, loc);
  // Keys are views into the parser's string buffer: they stay valid while the parser lives.
  // Objects are small except the few callers that pass unique = false, so a linear scan is
  // cheaper than hashing.
  // The first keys live on the stack: most objects have a handful of fields, and this runs
  // for every object of a lockfile.
  constexpr size_t kInline = 32;
  std::string_view inline_seen[kInline];
  size_t n_seen = 0;
  std::vector<std::string_view> more_seen;
  for (auto field : obj) {
    simdjson::ondemand::raw_json_string raw;
    if (auto e = field.key().get(raw)) return fail(e, loc);
    const char* key_loc = raw.raw() - 1;
    std::string_view key;
    if (auto e = field.unescaped_key().get(key)) return fail(e, key_loc);
    if (unique) {
      if (std::find(inline_seen, inline_seen + n_seen, key) != inline_seen + n_seen ||
          std::find(more_seen.begin(), more_seen.end(), key) != more_seen.end()) {
        return at(key_loc, "duplicate key \"" + std::string(key) + "\" in " + std::string(what));
      }
      if (n_seen < kInline) {
        inline_seen[n_seen++] = key;
      } else {
        more_seen.push_back(key);
      }
    }
    simdjson::ondemand::value val;
    if (auto e = field.value().get(val)) return fail(e, key_loc);
    Status s = fn(key, val, key_loc);
    if (!s.ok()) return s;
    if (pending_) return *pending_;
  }
  return {};
}

}  // namespace vigil::inventory
