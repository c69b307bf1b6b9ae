// Helpers of the vuln tests: OSV records written in the test, zips built with libarchive's writer.
#pragma once

#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "support/test_support.h"
#include "vuln/vuln.h"

namespace vigil::vuln::test {

// An npm record: `ranges_json` is the JSON array of ranges of its single affected entry.
inline std::string npm_record(const std::string& id, const std::string& package, const std::string& ranges_json,
                              const std::string& extra_affected = "", const std::string& extra_top = "",
                              const std::string& modified = "2024-01-01T00:00:00Z") {
  std::string affected = R"({"package":{"ecosystem":"npm","name":")" + package + R"("},"ranges":)" + ranges_json;
  if (!extra_affected.empty()) affected += "," + extra_affected;
  affected += "}";
  std::string top = R"({"schema_version":"1.6.0","id":")" + id + R"(","modified":")" + modified +
                    R"(","summary":"test record )" + id + R"(","affected":[)" + affected + "]";
  if (!extra_top.empty()) top += "," + extra_top;
  return top + "}";
}

// A SEMVER range with the given events, e.g. semver_range({{"introduced","0"},{"fixed","1.2.3"}}).
inline std::string semver_range(const std::vector<std::pair<std::string, std::string>>& events, const std::string& type = "SEMVER") {
  std::string out = R"([{"type":")" + type + R"(","events":[)";
  for (size_t i = 0; i < events.size(); ++i) {
    if (i != 0) out += ",";
    out += "{\"" + events[i].first + "\":\"" + events[i].second + "\"}";
  }
  return out + "]}]";
}

inline Advisory parsed(const std::string& json) {
  auto a = parse_advisory(json, "test.json");
  EXPECT_TRUE(a) << a.error().to_string();
  return a ? std::move(*a) : Advisory{};
}

inline AdvisoryIndex index_of(const std::vector<std::string>& records) {
  std::vector<Advisory> all;
  for (const auto& r : records) all.push_back(parsed(r));
  return AdvisoryIndex::build(std::move(all));
}

// The primary ids of the matches.
inline std::vector<std::string> ids_of(const std::vector<Match>& ms) {
  std::vector<std::string> out;
  for (const auto& m : ms) out.push_back(m.advisory->id);
  return out;
}

struct ZipEntry {
  std::string name;
  std::string data;
};

// Writes a zip (deflate, or stored when `store`) with libarchive.
inline void write_zip(const std::filesystem::path& path, const std::vector<ZipEntry>& entries, bool store = false) {
  archive* a = archive_write_new();
  ASSERT_EQ(archive_write_set_format_zip(a), ARCHIVE_OK);
  if (store) archive_write_set_options(a, "zip:compression=store");
  ASSERT_EQ(archive_write_open_filename(a, path.c_str()), ARCHIVE_OK) << archive_error_string(a);
  for (const auto& e : entries) {
    archive_entry* entry = archive_entry_new();
    archive_entry_set_pathname(entry, e.name.c_str());
    archive_entry_set_size(entry, static_cast<la_int64_t>(e.data.size()));
    archive_entry_set_filetype(entry, AE_IFREG);
    archive_entry_set_perm(entry, 0644);
    archive_entry_set_mtime(entry, 1700000000, 0);
    ASSERT_EQ(archive_write_header(a, entry), ARCHIVE_OK) << archive_error_string(a);
    if (!e.data.empty()) {
      ASSERT_EQ(archive_write_data(a, e.data.data(), e.data.size()), static_cast<la_ssize_t>(e.data.size()));
    }
    archive_entry_free(entry);
  }
  ASSERT_EQ(archive_write_close(a), ARCHIVE_OK);
  archive_write_free(a);
}

// `n` small valid records named REC-0000..., for package pkg-<i % 7>.
inline std::vector<ZipEntry> many_records(int n, const std::string& prefix = "REC-", const std::string& modified = "2024-01-01T00:00:00Z") {
  std::vector<ZipEntry> out;
  for (int i = 0; i < n; ++i) {
    char id[32];
    std::snprintf(id, sizeof id, "%s%04d", prefix.c_str(), i);
    out.push_back({std::string(id) + ".json",
                   npm_record(id, "pkg-" + std::to_string(i % 7), semver_range({{"introduced", "0"}, {"fixed", std::to_string(i % 5 + 1) + ".0.0"}}),
                              "", R"("details":"padding so that the zip has some size: )" + std::string(200, 'x') + "\"", modified)});
  }
  return out;
}

inline void write_folder(const std::filesystem::path& dir, const std::vector<ZipEntry>& entries) {
  for (const auto& e : entries) vigil::testing::write_text(dir / e.name, e.data);
}

inline Database open_rw(const std::filesystem::path& p) {
  auto db = Database::open(p, OpenMode::ReadWrite);
  EXPECT_TRUE(db) << db.error().to_string();
  return std::move(*db);
}

inline UpdateReport update_ok(Database& db, const std::string& from, UpdateOptions o = {}) {
  auto r = db.update(Source::from(from), o);
  EXPECT_TRUE(r) << r.error().to_string();
  return r ? std::move(*r) : UpdateReport{};
}

inline uint64_t record_count(const Database& db) {
  auto st = db.status();
  EXPECT_TRUE(st);
  return st ? st->records : 0;
}

}  // namespace vigil::vuln::test
