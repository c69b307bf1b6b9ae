#include "policy/policy.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace vigil::policy {

namespace {

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

bool matches_id(const Suppression& s, std::string_view primary_id, const std::vector<std::string>& aliases) {
  if (s.id == "*") return !s.package.empty();
  if (iequals(s.id, primary_id)) return true;
  if (!s.include_aliases) return false;
  return std::any_of(aliases.begin(), aliases.end(), [&](const std::string& a) { return iequals(s.id, a); });
}

}  // namespace

std::string Date::str() const { return fmt::format("{:04}-{:02}-{:02}", year, month, day); }

std::optional<Date> parse_date(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!std::isdigit(static_cast<unsigned char>(t[i]))) return std::nullopt;
  }
  auto num = [&](size_t at, size_t n) {
    int v = 0;
    for (size_t i = at; i < at + n; ++i) v = v * 10 + (t[i] - '0');
    return v;
  };
  Date d{num(0, 4), num(5, 2), num(8, 2)};
  if (d.year < 1970 || d.month < 1 || d.month > 12 || d.day < 1 || d.day > days_in_month(d.year, d.month)) {
    return std::nullopt;
  }
  return d;
}

Date date_of_epoch(int64_t seconds) {
  // Howard Hinnant's civil_from_days.
  int64_t z = (seconds >= 0 ? seconds : seconds - 86399) / 86400 + 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int64_t d = doy - (153 * mp + 2) / 5 + 1;
  int64_t m = mp < 10 ? mp + 3 : mp - 9;
  return Date{static_cast<int>(y + (m <= 2)), static_cast<int>(m), static_cast<int>(d)};
}

Expected<Policy> load_policy(const std::filesystem::path& file, const std::string& display, Date today) {
  auto text = read_file(file, 16u << 20, display);
  if (!text) return text.error();
  return parse_policy(*text, display, today);
}

Expected<Imported> import_file(const std::filesystem::path& file, const std::string& display) {
  auto text = read_file(file, 16u << 20, display);
  if (!text) return text.error();
  std::string name = file.filename().string();
  if (name.find("grype") != std::string::npos) return import_grype(*text, display);
  if (name.rfind("audit-ci", 0) == 0 || name.rfind(".audit-ci", 0) == 0) return import_audit_ci(*text, display);
  return make_error(display, "vigil can import .grype.yaml and audit-ci.json/.jsonc/.json5 files, not this one");
}

std::vector<std::filesystem::path> importable_files(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> out;
  for (const char* name : {".grype.yaml", ".grype.yml", "audit-ci.json", "audit-ci.jsonc", "audit-ci.json5"}) {
    std::error_code ec;
    auto p = dir / name;
    if (std::filesystem::is_regular_file(std::filesystem::symlink_status(p, ec))) out.push_back(p);
  }
  return out;
}

SuppressionMatch find_suppression(const std::vector<Suppression>& suppressions, std::string_view primary_id,
                                  const std::vector<std::string>& aliases, std::string_view package,
                                  std::string_view version, Date today) {
  SuppressionMatch m;
  for (const Suppression& s : suppressions) {
    if (!s.package.empty() && s.package != package) continue;
    if (!s.version.empty() && s.version != version) continue;
    if (!matches_id(s, primary_id, aliases)) continue;
    if (s.expires && *s.expires < today) {
      if (!m.expired) m.expired = &s;
      continue;
    }
    m.applied = &s;
    break;
  }
  return m;
}

}  // namespace vigil::policy
