// license-scanner's config.toml (mojaloop/license-scanner-tool) read as it is: `allowedList`
// becomes license allow rules (kept verbatim; license/license.h reads ids, globs and expressions
// out of them), `excludeList` "name@version;reason" entries become per-package exceptions.
#include <toml++/toml.h>

#include <fmt/format.h>

#include "policy/policy.h"

namespace vigil::policy {

namespace {

Error at(const std::string& display, const toml::source_region& where, std::string message) {
  return make_error(display, static_cast<uint32_t>(where.begin.line), static_cast<uint32_t>(where.begin.column), std::move(message));
}

std::string trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

}  // namespace

Expected<LicenseImport> import_license_scanner(std::string_view text, const std::string& display) {
  if (size_t bad = first_invalid_utf8(text); bad != std::string_view::npos) {
    auto pos = position_of(text, bad);
    return make_error(display, pos.line, pos.column, "the file is not valid UTF-8");
  }
  // Debian's toml++ is built with exceptions: a syntax error is caught here and becomes an Error.
  toml::table root;
#if TOML_EXCEPTIONS
  try {
    root = toml::parse(text, display);
  } catch (const toml::parse_error& err) {
    return at(display, err.source(), fmt::format("not valid TOML: {}", err.description()));
  }
#else
  toml::parse_result parsed = toml::parse(text, display);
  if (!parsed) return at(display, parsed.error().source(), fmt::format("not valid TOML: {}", parsed.error().description()));
  root = std::move(parsed).table();
#endif
  LicenseImport out;
  auto strings = [&](std::string_view key, auto&& take) -> Status {
    // license-scanner reads its settings from the top level or from the [environment] table
    // (where Mojaloop's file keeps them).
    const toml::node* n = root.get(key);
    if (!n) {
      if (const toml::table* env = root["environment"].as_table()) n = env->get(key);
    }
    if (!n) return {};
    const toml::array* arr = n->as_array();
    if (!arr) return at(display, n->source(), fmt::format("{} must be a list of strings", key));
    for (const toml::node& item : *arr) {
      const auto* s = item.as_string();
      if (!s) return at(display, item.source(), fmt::format("an entry of {} must be a string", key));
      auto st = take(s->get(), item.source());
      if (!st) return st;
    }
    return {};
  };
  auto st = strings("allowedList", [&](const std::string& s, const toml::source_region& where) -> Status {
    std::string v = trim(s);
    if (v.empty()) return at(display, where, "an entry of allowedList is empty");
    out.policy.allow.push_back(std::move(v));
    return {};
  });
  if (!st) return st.error();
  st = strings("excludeList", [&](const std::string& s, const toml::source_region& where) -> Status {
    size_t semi = s.find(';');
    std::string spec = trim(std::string_view(s).substr(0, semi));
    std::string reason = semi == std::string::npos ? std::string() : trim(std::string_view(s).substr(semi + 1));
    size_t atpos = spec.rfind('@');
    if (spec.empty() || (atpos == 0 && spec.size() == 1)) {
      return at(display, where, fmt::format("excludeList entry \"{}\" is not \"name@version;reason\"", s));
    }
    LicenseException ex;
    if (atpos != std::string::npos && atpos > 0) {
      ex.package = spec.substr(0, atpos);
      ex.version = spec.substr(atpos + 1);
    } else {
      ex.package = spec;
    }
    if (ex.package.empty()) return at(display, where, fmt::format("excludeList entry \"{}\" names no package", s));
    if (reason.empty()) {
      reason = "listed in license-scanner's excludeList without a reason";
      out.warnings.push_back(at(display, where, fmt::format("excludeList entry {} has no reason", spec)));
    }
    ex.reason = std::move(reason);
    ex.origin = fmt::format("{}:{}", display, where.begin.line);
    out.policy.exceptions.push_back(std::move(ex));
    return {};
  });
  if (!st) return st.error();
  if (out.policy.allow.empty() && out.policy.exceptions.empty()) {
    out.warnings.push_back(make_error(display, "has neither allowedList nor excludeList: nothing to import"));
  }
  return out;
}

}  // namespace vigil::policy
