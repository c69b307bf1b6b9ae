// License detection from LICENSE/COPYING files: the file's normalised word trigrams against
// those of every SPDX license text (spdx-license-list), scored by the Dice coefficient.
#include <fmt/format.h>

#include <algorithm>

#include "license/license.h"
#include "license/spdx_data.h"

namespace vigil::license {

namespace {

// Must match gen_spdx_data.js words(): lower case, runs of anything but [a-z0-9] are one
// separator, "licence(s)" spelled "license(s)".
std::vector<std::string> words(std::string_view text) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    if (cur.empty()) return;
    if (cur == "licence") cur = "license";
    else if (cur == "licences") cur = "licenses";
    out.push_back(std::move(cur));
    cur.clear();
  };
  for (char ch : text) {
    char c = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) cur.push_back(c);
    else flush();
  }
  flush();
  return out;
}

uint32_t fnv1a(std::string_view s) {
  uint32_t h = 0x811c9dc5u;
  for (unsigned char b : s) {
    h ^= b;
    h *= 0x01000193u;
  }
  return h;
}

std::vector<uint32_t> fingerprint(std::string_view text) {
  auto w = words(text);
  std::vector<uint32_t> out;
  for (size_t i = 0; i + 2 < w.size(); ++i) out.push_back(fnv1a(w[i] + " " + w[i + 1] + " " + w[i + 2]));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

size_t common(const std::vector<uint32_t>& a, const uint32_t* b, size_t nb) {
  size_t i = 0, j = 0, n = 0;
  while (i < a.size() && j < nb) {
    if (a[i] < b[j]) ++i;
    else if (b[j] < a[i]) ++j;
    else {
      ++n;
      ++i;
      ++j;
    }
  }
  return n;
}

}  // namespace

TextMatch detect_license_text(std::string_view text, double threshold) {
  TextMatch best;
  auto fp = fingerprint(text);
  if (fp.empty()) return best;
  double best_score = 0;
  std::string best_id;
  for (size_t k = 0; k < data::kLicenseCount; ++k) {
    const auto& row = data::kLicenses[k];
    if (row.deprecated || row.text_count == 0) continue;
    size_t n = common(fp, data::kTextHashes + row.text_offset, row.text_count);
    double score = 2.0 * static_cast<double>(n) / static_cast<double>(fp.size() + row.text_count);
    if (score > best_score) {
      best_score = score;
      best_id = row.id;
    }
  }
  // Near-duplicates the trigram score cannot tell apart: the ISC text on the SPDX list names the
  // Internet Systems Consortium where real ISC files say "the author", which makes them look
  // closer to 0BSD; 0BSD drops exactly ISC's condition, so its presence decides.
  if (best_id == "0BSD") {
    std::string joined;
    for (const auto& w : words(text)) joined += w + " ";
    if (joined.find("provided that the above copyright notice and this permission notice appear in all copies") != std::string::npos) best_id = "ISC";
  }
  best.score = best_score;
  if (best_score >= threshold) best.id = best_id;
  return best;
}

FileDetection detect_in_folder(const std::filesystem::path& package_dir, const std::string& display, const std::string& see_file) {
  FileDetection out;
  std::vector<std::string> candidates;
  std::error_code ec;
  if (!see_file.empty()) {
    std::filesystem::path p = std::filesystem::path(see_file).lexically_normal();
    if (p.is_absolute() || (!p.empty() && *p.begin() == "..")) {
      out.warnings.push_back(make_error(display + "/package.json", fmt::format("SEE LICENSE IN {} points outside the package: not read", see_file)));
    } else {
      candidates.push_back(p.generic_string());
    }
  }
  std::vector<std::string> found;
  std::filesystem::directory_iterator it(package_dir, ec), end;
  if (ec) {
    out.warnings.push_back(make_error(display, fmt::format("cannot list the folder: {}", ec.message())));
    return out;
  }
  for (; it != end; it.increment(ec)) {
    if (ec) {
      out.warnings.push_back(make_error(display, fmt::format("cannot list the folder: {}", ec.message())));
      break;
    }
    std::string name = it->path().filename().string();
    std::string up = name;
    for (char& c : up) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (up.starts_with("LICENSE") || up.starts_with("LICENCE") || up.starts_with("COPYING")) found.push_back(name);
  }
  std::sort(found.begin(), found.end());
  candidates.insert(candidates.end(), found.begin(), found.end());
  for (const auto& name : candidates) {
    std::filesystem::path p = package_dir / name;
    std::string shown = display + "/" + name;
    std::error_code e2;
    auto st = std::filesystem::symlink_status(p, e2);
    if (e2 || !std::filesystem::is_regular_file(st)) {
      if (!e2 && std::filesystem::is_symlink(st)) out.warnings.push_back(make_error(shown, "is a symbolic link: not followed"));
      else if (e2 || name == see_file) out.warnings.push_back(make_error(shown, "cannot be read"));
      continue;
    }
    auto size = std::filesystem::file_size(p, e2);
    if (!e2 && size > kMaxLicenseFileBytes) {
      out.warnings.push_back(make_error(shown, fmt::format("is {} bytes, more than the {} a license file may have: skipped", size, kMaxLicenseFileBytes)));
      continue;
    }
    auto text = read_file(p, kMaxLicenseFileBytes, shown);
    if (!text) {
      out.warnings.push_back(text.error());
      continue;
    }
    if (text->find('\0') != std::string::npos) {
      out.warnings.push_back(make_error(shown, "is a binary file, not a license text: skipped"));
      continue;
    }
    TextMatch m = detect_license_text(*text);
    out.file = name;
    out.match = m;
    if (!m.id.empty()) return out;
  }
  return out;
}

}  // namespace vigil::license
