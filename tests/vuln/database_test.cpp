// The SQLite store: ingest from folders, zips, files and URLs; incremental updates; failures that
// must leave the previous database intact; archive limits.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include "support/http_server.h"
#include "vuln_test_util.h"

namespace vigil::vuln {
namespace {

using testing::TempDir;
using testing::write_text;
using namespace vuln::test;

bool any_warning_contains(const UpdateReport& r, const std::string& text) {
  for (const auto& w : r.warnings) {
    if (w.to_string().find(text) != std::string::npos) return true;
  }
  return false;
}

TEST(VulnDatabase, IngestsAFolderAndLoadsByName) {
  TempDir tmp;
  write_text(tmp / "feed/a/GHSA-a.json",
             npm_record("GHSA-a", "lodash", semver_range({{"introduced", "0"}, {"fixed", "4.17.21"}}), "",
                        R"("aliases":["CVE-2021-1"],"references":[{"type":"ADVISORY","url":"https://example.invalid/GHSA-a"}],)"
                        R"("severity":[{"type":"CVSS_V3","score":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],)"
                        R"("database_specific":{"severity":"HIGH","cwe_ids":["CWE-1321"]})"));
  write_text(tmp / "feed/b/nested/GHSA-b.json", npm_record("GHSA-b", "minimist", semver_range({{"introduced", "0"}, {"fixed", "1.2.6"}})));
  write_text(tmp / "feed/README.md", "not a record");
  Database db = open_rw(tmp / "db/vuln.db");
  UpdateOptions o;
  o.now = 1700000000;
  UpdateReport r = update_ok(db, (tmp / "feed").string(), o);
  EXPECT_EQ(r.read, 2u);
  EXPECT_EQ(r.inserted, 2u);
  EXPECT_TRUE(r.warnings.empty());

  auto st = db.status();
  ASSERT_TRUE(st);
  EXPECT_EQ(st->records, 2u);
  EXPECT_EQ(st->packages, 2u);
  EXPECT_EQ(st->last_update, 1700000000);
  EXPECT_EQ(st->schema_version, 1);
  EXPECT_EQ(st->source, (tmp / "feed").string());
  EXPECT_EQ(st->newest_modified, "2024-01-01T00:00:00Z");

  auto idx = db.load_for({"lodash", "express", "lodash"});
  ASSERT_TRUE(idx) << idx.error().to_string();
  EXPECT_EQ(idx->size(), 1u);
  auto m = idx->match("lodash", "4.17.20");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].advisory->id, "GHSA-a");
  EXPECT_EQ(m[0].ids, (std::vector<std::string>{"GHSA-a", "CVE-2021-1"}));
  EXPECT_EQ(m[0].severity, Severity::High);
  EXPECT_EQ(m[0].advisory->severity.size(), 1u);
  EXPECT_EQ(m[0].fixed, std::vector<std::string>{"4.17.21"});
  EXPECT_TRUE(idx->match("minimist", "1.0.0").empty());  // not asked for

  // The whole record, by id and by alias.
  for (const char* id : {"GHSA-a", "CVE-2021-1"}) {
    auto full = db.advisory(id);
    ASSERT_TRUE(full);
    ASSERT_TRUE(full->has_value()) << id;
    EXPECT_EQ((*full)->id, "GHSA-a");
    ASSERT_EQ((*full)->references.size(), 1u);
    EXPECT_NE((*full)->database_specific.find("CWE-1321"), std::string::npos);
  }
  auto none = db.advisory("GHSA-none");
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->has_value());
  auto ids = db.advisories_for("minimist");
  ASSERT_TRUE(ids);
  EXPECT_EQ(*ids, std::vector<std::string>{"GHSA-b"});

  // A read-only handle sees the same; it cannot update.
  auto ro = Database::open(tmp / "db/vuln.db", OpenMode::ReadOnly);
  ASSERT_TRUE(ro) << ro.error().to_string();
  EXPECT_EQ(record_count(*ro), 2u);
  EXPECT_FALSE(ro->update(Source::from((tmp / "feed").string()), {}));
}

TEST(VulnDatabase, ReadOnlyOpenOfAMissingFileFails) {
  TempDir tmp;
  auto db = Database::open(tmp / "nothing.db", OpenMode::ReadOnly);
  ASSERT_FALSE(db);
  EXPECT_NE(db.error().message.find("vigil db update"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(tmp / "nothing.db"));
}

// A writer leaves the file in rollback-journal mode: a reader creates no -wal or -shm file next
// to it (so a database in a read-only folder, a CI cache say, can be scanned).
TEST(VulnDatabase, ReadersLeaveNoWalOrShmFiles) {
  TempDir tmp;
  write_text(tmp / "feed/GHSA-a.json", npm_record("GHSA-a", "lodash", semver_range({{"introduced", "0"}, {"fixed", "4.17.21"}})));
  {
    Database db = open_rw(tmp / "db/vuln.db");
    update_ok(db, (tmp / "feed").string(), UpdateOptions{});
  }
  EXPECT_FALSE(std::filesystem::exists(tmp / "db/vuln.db-wal"));
  auto ro = Database::open(tmp / "db/vuln.db", OpenMode::ReadOnly);
  ASSERT_TRUE(ro) << ro.error().to_string();
  auto index = ro->load_for({"lodash"});
  ASSERT_TRUE(index) << index.error().to_string();
  EXPECT_EQ(index->match("lodash", "4.17.20").size(), 1u);
  EXPECT_FALSE(std::filesystem::exists(tmp / "db/vuln.db-wal"));
  EXPECT_FALSE(std::filesystem::exists(tmp / "db/vuln.db-shm"));
}

TEST(VulnDatabase, NotADatabaseFails) {
  TempDir tmp;
  write_text(tmp / "x.db", std::string(8192, 'z'));
  EXPECT_FALSE(Database::open(tmp / "x.db", OpenMode::ReadOnly));
  EXPECT_FALSE(Database::open(tmp / "x.db", OpenMode::ReadWrite));
}

TEST(VulnDatabase, IncrementalUpdatesCountUnchangedAndUpdated) {
  TempDir tmp;
  write_folder(tmp / "feed", many_records(30));
  Database db = open_rw(tmp / "v.db");
  UpdateReport first = update_ok(db, (tmp / "feed").string());
  EXPECT_EQ(first.inserted, 30u);
  UpdateReport second = update_ok(db, (tmp / "feed").string());
  EXPECT_EQ(second.read, 30u);
  EXPECT_EQ(second.unchanged, 30u);
  EXPECT_EQ(second.inserted + second.updated, 0u);

  // One record changes (new modified, new range); one is added.
  write_text(tmp / "feed/REC-0003.json",
             npm_record("REC-0003", "pkg-3", semver_range({{"introduced", "0"}, {"fixed", "9.0.0"}}), "", "", "2025-06-01T00:00:00Z"));
  write_text(tmp / "feed/NEW-1.json", npm_record("NEW-1", "pkg-new", semver_range({{"introduced", "0"}})));
  UpdateReport third = update_ok(db, (tmp / "feed").string());
  EXPECT_EQ(third.read, 31u);
  EXPECT_EQ(third.updated, 1u);
  EXPECT_EQ(third.inserted, 1u);
  EXPECT_EQ(third.unchanged, 29u);
  EXPECT_EQ(record_count(db), 31u);
  auto idx = db.load_for({"pkg-3"});
  ASSERT_TRUE(idx);
  bool saw = false;
  for (const auto& m : idx->match("pkg-3", "8.0.0")) saw = saw || m.advisory->id == "REC-0003";
  EXPECT_TRUE(saw);  // the new range replaced the old one (which ended at 4.0.0)
  auto st = db.status();
  EXPECT_EQ(st->newest_modified, "2025-06-01T00:00:00Z");
}

TEST(VulnDatabase, BadRecordsAreSkippedWithWarningsTheRestIsIngested) {
  TempDir tmp;
  write_text(tmp / "feed/good.json", npm_record("GHSA-good", "p", semver_range({{"introduced", "0"}})));
  write_text(tmp / "feed/broken.json", "{\"id\": \"GHSA-broken\", ");
  write_text(tmp / "feed/noid.json", R"({"modified":"2024-01-01T00:00:00Z"})");
  write_text(tmp / "feed/nomod.json", R"({"id":"GHSA-nomod"})");
  write_text(tmp / "feed/types.json", R"({"id":"GHSA-types","modified":"m","affected":[{"ranges":"x"}]})");
  write_text(tmp / "feed/utf8.json", "{\"id\":\"GHSA-utf8\",\"modified\":\"m\",\"summary\":\"\xc3\x28\"}");
  write_text(tmp / "feed/badrange.json",
             npm_record("GHSA-badrange", "p", R"([{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"< 6.13.3"}]}])"));
  write_text(tmp / "feed/withdrawn.json", npm_record("GHSA-gone", "p", semver_range({{"introduced", "0"}}), "", R"("withdrawn":"2024-03-01T00:00:00Z")"));
  Database db = open_rw(tmp / "v.db");
  UpdateReport r = update_ok(db, (tmp / "feed").string());
  EXPECT_EQ(r.read, 8u);
  EXPECT_EQ(r.skipped_invalid, 5u);
  EXPECT_EQ(r.inserted, 3u);
  EXPECT_EQ(r.withdrawn, 1u);
  EXPECT_TRUE(any_warning_contains(r, "feed/broken.json: not valid JSON"));
  EXPECT_TRUE(any_warning_contains(r, "feed/noid.json: the record has no \"id\""));
  EXPECT_TRUE(any_warning_contains(r, "feed/nomod.json: record GHSA-nomod: \"modified\" is missing"));
  EXPECT_TRUE(any_warning_contains(r, "feed/types.json: record GHSA-types: affected[0].ranges: expected an array"));
  EXPECT_TRUE(any_warning_contains(r, "feed/utf8.json: not valid UTF-8"));
  EXPECT_TRUE(any_warning_contains(r, "feed/badrange.json: record GHSA-badrange: affected[0].ranges[0]: \"< 6.13.3\" is not a version"));
  EXPECT_EQ(r.warnings.size(), 6u);

  auto st = db.status();
  EXPECT_EQ(st->records, 3u);
  EXPECT_EQ(st->withdrawn, 1u);
  auto idx = db.load_for({"p"});
  ASSERT_TRUE(idx);
  EXPECT_EQ(ids_of(idx->match("p", "1.0.0")), std::vector<std::string>{"GHSA-good"});  // withdrawn and bad range: no
}

TEST(VulnDatabase, SingleJsonFileAndArrays) {
  TempDir tmp;
  write_text(tmp / "one.json", npm_record("GHSA-one", "p", semver_range({{"introduced", "0"}})));
  write_text(tmp / "many.json", "[" + npm_record("GHSA-m1", "p", semver_range({{"introduced", "0"}})) + "," +
                                    npm_record("GHSA-m2", "q", semver_range({{"introduced", "0"}})) + ",{\"id\":3}]");
  Database db = open_rw(tmp / "v.db");
  EXPECT_EQ(update_ok(db, (tmp / "one.json").string()).inserted, 1u);
  UpdateReport r = update_ok(db, (tmp / "many.json").string());
  EXPECT_EQ(r.inserted, 2u);
  EXPECT_EQ(r.skipped_invalid, 1u);
  EXPECT_TRUE(any_warning_contains(r, "many.json[2]"));
  EXPECT_EQ(record_count(db), 3u);
}

TEST(VulnDatabase, ZipIngest) {
  TempDir tmp;
  auto entries = many_records(50);
  entries.push_back({"README.txt", "not json"});
  entries.push_back({"bad.json", "{nope"});
  write_zip(tmp / "all.zip", entries);
  Database db = open_rw(tmp / "v.db");
  UpdateReport r = update_ok(db, (tmp / "all.zip").string());
  EXPECT_EQ(r.read, 51u);
  EXPECT_EQ(r.inserted, 50u);
  EXPECT_EQ(r.skipped_invalid, 1u);
  EXPECT_TRUE(any_warning_contains(r, "all.zip:bad.json: not valid JSON"));
  EXPECT_EQ(update_ok(db, (tmp / "all.zip").string()).unchanged, 50u);
}

// The database before a failed update: 10 records, REC-0000..9.
void seed(Database& db, const TempDir& tmp) {
  write_folder(tmp / "seed", many_records(10));
  ASSERT_EQ(update_ok(db, (tmp / "seed").string()).inserted, 10u);
}

void expect_seed_intact(const std::filesystem::path& path) {
  auto db = Database::open(path, OpenMode::ReadOnly);
  ASSERT_TRUE(db) << db.error().to_string();
  auto st = db->status();
  ASSERT_TRUE(st);
  EXPECT_EQ(st->records, 10u);
  EXPECT_NE(st->source.find("seed"), std::string::npos);
  auto idx = db->load_for({"pkg-0", "pkg-1"});
  ASSERT_TRUE(idx);
  EXPECT_FALSE(idx->match("pkg-0", "0.1.0").empty());
  auto full = db->advisory("REC-0001");
  ASSERT_TRUE(full && full->has_value());
  auto fresh = db->advisory("NEW-0001");
  ASSERT_TRUE(fresh);
  EXPECT_FALSE(fresh->has_value());
}

TEST(VulnDatabase, TruncatedZipFailsAndKeepsThePreviousDatabase) {
  TempDir tmp;
  Database db = open_rw(tmp / "v.db");
  seed(db, tmp);
  write_zip(tmp / "all.zip", many_records(400, "NEW-"));
  std::string bytes = testing::read_text(tmp / "all.zip");
  write_text(tmp / "half.zip", bytes.substr(0, bytes.size() / 2));
  auto r = db.update(Source::from((tmp / "half.zip").string()), {});
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().to_string().find("half.zip"), std::string::npos) << r.error().to_string();
  EXPECT_NE(r.error().message.find("corrupt or truncated"), std::string::npos) << r.error().to_string();
  EXPECT_NE(r.error().message.find("the database is unchanged"), std::string::npos);
  expect_seed_intact(tmp / "v.db");
  // The same handle goes on working.
  EXPECT_EQ(update_ok(db, (tmp / "all.zip").string()).inserted, 400u);
}

TEST(VulnDatabase, CorruptZipFails) {
  TempDir tmp;
  Database db = open_rw(tmp / "v.db");
  seed(db, tmp);
  for (bool store : {false, true}) {
    write_zip(tmp / "all.zip", many_records(100, "NEW-"), store);
    std::string bytes = testing::read_text(tmp / "all.zip");
    for (size_t i = bytes.size() / 3; i < bytes.size() / 3 + 64; ++i) bytes[i] = static_cast<char>(bytes[i] ^ 0x5a);
    write_text(tmp / "bad.zip", bytes);
    auto r = db.update(Source::from((tmp / "bad.zip").string()), {});
    ASSERT_FALSE(r) << "store=" << store;
    EXPECT_NE(r.error().to_string().find("bad.zip"), std::string::npos);
    expect_seed_intact(tmp / "v.db");
  }
  // Not a zip at all, but named like one: a JSON record that does not parse.
  write_text(tmp / "fake.zip", "PK\x03\x04 garbage");
  EXPECT_FALSE(db.update(Source::from((tmp / "fake.zip").string()), {}));
  expect_seed_intact(tmp / "v.db");
}

TEST(VulnDatabase, ZipBombLimits) {
  TempDir tmp;
  Database db = open_rw(tmp / "v.db");
  seed(db, tmp);
  // Entry count.
  write_zip(tmp / "many.zip", many_records(30, "NEW-"));
  UpdateOptions few;
  few.limits.max_entries = 20;
  auto r = db.update(Source::from((tmp / "many.zip").string()), few);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("more than 20 entries"), std::string::npos) << r.error().to_string();
  // Ratio: 32 MiB of spaces inside a record compresses about a thousand times.
  std::string big = npm_record("NEW-bomb", "p", semver_range({{"introduced", "0"}}), "", "\"details\":\"" + std::string(32 << 20, ' ') + "\"");
  write_zip(tmp / "bomb.zip", {{"NEW-bomb.json", big}});
  EXPECT_LT(std::filesystem::file_size(tmp / "bomb.zip"), 1u << 20);
  r = db.update(Source::from((tmp / "bomb.zip").string()), {});
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("times its"), std::string::npos) << r.error().to_string();
  EXPECT_NE(r.error().to_string().find("bomb.zip"), std::string::npos);
  // Entry size and total size, with the ratio out of the way.
  UpdateOptions small;
  small.limits.max_ratio = 1u << 30;
  small.limits.max_entry_bytes = 1 << 20;
  r = db.update(Source::from((tmp / "bomb.zip").string()), small);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("limit for one entry"), std::string::npos) << r.error().to_string();
  small.limits.max_entry_bytes = 64 << 20;
  small.limits.max_total_bytes = 8 << 20;
  r = db.update(Source::from((tmp / "bomb.zip").string()), small);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("more than 8388608 bytes"), std::string::npos) << r.error().to_string();
  expect_seed_intact(tmp / "v.db");
}

TEST(VulnDatabase, CancelledUpdateChangesNothing) {
  TempDir tmp;
  Database db = open_rw(tmp / "v.db");
  seed(db, tmp);
  write_zip(tmp / "all.zip", many_records(200, "NEW-"));
  UpdateOptions o;
  o.progress = [](const UpdateReport& r) { return r.read < 120; };
  auto r = db.update(Source::from((tmp / "all.zip").string()), o);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("cancelled"), std::string::npos);
  expect_seed_intact(tmp / "v.db");
}

TEST(VulnDatabase, ProcessKilledMidUpdateLeavesThePreviousDatabase) {
  TempDir tmp;
  {
    Database db = open_rw(tmp / "v.db");
    seed(db, tmp);
  }
  write_zip(tmp / "all.zip", many_records(300, "NEW-"));
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    // The child dies abruptly half-way through the transaction (no destructors, no rollback).
    auto db = Database::open(tmp / "v.db", OpenMode::ReadWrite);
    if (!db) _exit(3);
    UpdateOptions o;
    o.progress = [](const UpdateReport& r) {
      if (r.read == 150) _exit(0);
      return true;
    };
    (void)db->update(Source::from((tmp / "all.zip").string()), o);
    _exit(4);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 0);
  expect_seed_intact(tmp / "v.db");
  Database db = open_rw(tmp / "v.db");
  EXPECT_EQ(update_ok(db, (tmp / "all.zip").string()).inserted, 300u);
}

TEST(VulnDatabase, SchemaNewerThanThisProgramIsRefused) {
  TempDir tmp;
  { Database db = open_rw(tmp / "v.db"); }
  ASSERT_EQ(std::system(("sqlite3 " + testing::shell_quote((tmp / "v.db").string()) + " 'PRAGMA user_version=99'").c_str()), 0);
  auto db = Database::open(tmp / "v.db", OpenMode::ReadOnly);
  ASSERT_FALSE(db);
  EXPECT_NE(db.error().message.find("schema 99"), std::string::npos);
}

// ---- URLs --------------------------------------------------------------------------------------

class VulnDownload : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::make_unique<Database>(open_rw(tmp_ / "v.db"));
    seed(*db_, tmp_);
    write_zip(tmp_ / "all.zip", many_records(80, "NEW-"));
    zip_ = testing::read_text(tmp_ / "all.zip");
  }
  void expect_no_leftovers() {
    for (const auto& e : std::filesystem::directory_iterator(tmp_.path())) {
      EXPECT_EQ(e.path().filename().string().find(".vigil-download"), std::string::npos) << e.path();
    }
  }
  UpdateOptions http() {
    UpdateOptions o;
    o.allow_http = true;
    return o;
  }
  TempDir tmp_;
  std::unique_ptr<Database> db_;
  std::string zip_;
  testing::HttpServer server_;
};

TEST_F(VulnDownload, ZipAndJsonOverHttp) {
  server_.serve("/npm/all.zip", {200, zip_, "application/zip", std::nullopt});
  server_.serve("/one", {200, npm_record("GHSA-web", "p", semver_range({{"introduced", "0"}})), "application/json", std::nullopt});
  UpdateReport r = update_ok(*db_, server_.url("/npm/all.zip"), http());
  EXPECT_EQ(r.inserted, 80u);
  EXPECT_EQ(update_ok(*db_, server_.url("/one"), http()).inserted, 1u);
  EXPECT_EQ(record_count(*db_), 91u);
  auto st = db_->status();
  EXPECT_EQ(st->source, server_.url("/one"));
  expect_no_leftovers();
}

TEST_F(VulnDownload, CutOffDownloadFails) {
  server_.serve("/npm/all.zip", {200, zip_, "application/zip", zip_.size() / 2});
  auto r = db_->update(Source::from(server_.url("/npm/all.zip")), http());
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("cut off"), std::string::npos) << r.error().to_string();
  EXPECT_EQ(server_.requests(), 1u);
  expect_seed_intact(tmp_ / "v.db");
  expect_no_leftovers();
}

TEST_F(VulnDownload, HttpErrorsFail) {
  server_.serve("/boom", {500, "oops", "text/plain", std::nullopt});
  for (const char* path : {"/missing", "/boom"}) {
    auto r = db_->update(Source::from(server_.url(path)), http());
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find(std::string(path) == "/boom" ? "HTTP 500" : "HTTP 404"), std::string::npos)
        << r.error().to_string();
    EXPECT_EQ(r.error().file, server_.url(path));
  }
  expect_seed_intact(tmp_ / "v.db");
  expect_no_leftovers();
}

TEST_F(VulnDownload, PlainHttpIsRefusedUnlessAllowed) {
  server_.serve("/npm/all.zip", {200, zip_, "application/zip", std::nullopt});
  auto r = db_->update(Source::from(server_.url("/npm/all.zip")), {});
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("plain http is refused"), std::string::npos);
  EXPECT_EQ(server_.requests(), 0u);
  expect_seed_intact(tmp_ / "v.db");
}

TEST_F(VulnDownload, ConnectionRefused) {
  uint16_t port = 0;
  {
    testing::HttpServer gone;
    port = gone.port();
  }
  auto r = db_->update(Source::from("http://127.0.0.1:" + std::to_string(port) + "/x"), http());
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("download failed"), std::string::npos) << r.error().to_string();
  expect_seed_intact(tmp_ / "v.db");
}

}  // namespace
}  // namespace vigil::vuln
