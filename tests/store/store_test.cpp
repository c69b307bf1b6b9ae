// src/store: baselines written in one transaction, read back, listed, compared; the CLI on a
// small organisation.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "store/store.h"
#include "support/test_support.h"

namespace vigil::store {
namespace {

using vigil::testing::run_command;
using vigil::testing::shell_quote;
using vigil::testing::TempDir;
using vigil::testing::write_text;

const std::string kVigil = VIGIL_BINARY;

Baseline sample(const std::string& label, int64_t when) {
  Baseline b;
  b.label = label;
  b.created_at = when;
  b.tool_version = "test";
  b.codebases = {"api", "web"};
  b.libraries = {{"api", "lodash", "4.17.15", true, "prod", "MIT", "compliant", "4.17.21", "patch", true, ""},
                 {"api", "ms", "2.0.0", false, "prod", "MIT", "compliant", "2.1.3", "minor", true, ""},
                 {"web", "fuzzball", "1.4.0", true, "prod", "GPL-2.0", "non-compliant", "", "unknown", false, ""}};
  b.vulnerabilities = {{"api", "GHSA-p6mc-m468-83gw", "lodash", "4.17.15", "high", 7.4, true, false, "4.17.19", "upgrade lodash"},
                       {"api", "GHSA-x", "ms", "2.0.0", "low", std::nullopt, false, true, "", ""}};
  return b;
}

TEST(Store, WriteReadListAndLabelsOnce) {
  TempDir t;
  auto st = open_store((t / "sub/b.db").string());
  ASSERT_TRUE(st) << st.error().to_string();
  ASSERT_TRUE((*st)->write(sample("2022-Q1", 100), false));
  auto again = (*st)->write(sample("2022-Q1", 200), false);
  ASSERT_FALSE(again);
  EXPECT_NE(again.error().message.find("already stored"), std::string::npos);
  ASSERT_TRUE((*st)->write(sample("2022-Q2", 50), false));
  auto l = (*st)->list();
  ASSERT_TRUE(l);
  ASSERT_EQ(l->size(), 2u);
  EXPECT_EQ((*l)[0].label, "2022-Q2");  // oldest first
  EXPECT_EQ((*l)[1].libraries, 3u);
  EXPECT_EQ((*l)[1].vulnerabilities, 1u);  // suppressed ones are not counted
  auto b = (*st)->read("2022-Q1");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->libraries.size(), 3u);
  EXPECT_EQ(b->libraries[2].license_verdict, "non-compliant");
  EXPECT_EQ(b->vulnerabilities[0].score.value_or(0), 7.4);
  EXPECT_FALSE(b->vulnerabilities[1].score);
  EXPECT_TRUE(b->vulnerabilities[1].suppressed);
  auto missing = (*st)->read("2030-Q1");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("no baseline labeled"), std::string::npos);
  // --replace
  Baseline r = sample("2022-Q1", 300);
  r.libraries.pop_back();
  ASSERT_TRUE((*st)->write(r, true));
  EXPECT_EQ((*st)->read("2022-Q1")->libraries.size(), 2u);
}

TEST(Store, AFailedWriteLeavesNoPartialBaseline) {
  TempDir t;
  std::string file = (t / "b.db").string();
  {
    auto st = open_store(file);
    ASSERT_TRUE(st);
  }
  // Make the third library insert fail, as a crash or a full disk half-way would.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db,
                         "CREATE TRIGGER fail_third BEFORE INSERT ON libraries WHEN (SELECT COUNT(*) FROM libraries) >= 2 "
                         "BEGIN SELECT RAISE(ABORT, 'disk full'); END;",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  auto st = open_store(file);
  ASSERT_TRUE(st);
  auto w = (*st)->write(sample("2022-Q1", 1), false);
  ASSERT_FALSE(w);
  EXPECT_NE(w.error().message.find("disk full"), std::string::npos);
  EXPECT_TRUE((*st)->list()->empty());
}

TEST(Store, ALockedStoreIsAClearErrorAndNothingIsWritten) {
  TempDir t;
  std::string file = (t / "b.db").string();
  {
    auto st = open_store(file);
    ASSERT_TRUE(st);
  }
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(file.c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);  // another writer holds it
  auto st = open_store(file, 200);
  ASSERT_TRUE(st);
  auto w = (*st)->write(sample("2022-Q1", 1), false);
  ASSERT_FALSE(w);
  EXPECT_EQ(w.error().file, file);
  EXPECT_NE(w.error().message.find("locked"), std::string::npos) << w.error().message;
  sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(other);
  EXPECT_TRUE((*st)->list()->empty());
  EXPECT_TRUE((*st)->write(sample("2022-Q1", 1), false));  // once free, the same write goes in
}

TEST(Store, BadFilesAndNewerSchemas) {
  TempDir t;
  write_text(t / "junk.db", std::string(8192, 'j'));
  auto junk = open_store((t / "junk.db").string());
  ASSERT_FALSE(junk);
  EXPECT_EQ(junk.error().file, (t / "junk.db").string());
  std::string file = (t / "new.db").string();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
  sqlite3_exec(db, "PRAGMA user_version = 99", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  auto newer = open_store(file);
  ASSERT_FALSE(newer);
  EXPECT_NE(newer.error().message.find("newer than this vigil"), std::string::npos);
  EXPECT_FALSE(open_store("postgresql://127.0.0.1/vigil"));
}

TEST(Store, Diff) {
  Baseline a = sample("A", 1), b = sample("B", 2);
  b.codebases = {"api", "batch"};
  b.libraries = {{"api", "lodash", "4.17.21", true, "prod", "MIT", "compliant", "4.17.21", "up-to-date", false, ""},
                 {"api", "ms", "2.0.0", false, "prod", "MIT", "review", "2.1.3", "minor", true, ""},
                 {"api", "left-pad", "1.3.0", true, "prod", "WTFPL", "compliant", "1.3.0", "up-to-date", false, ""}};
  b.vulnerabilities = {{"api", "GHSA-new", "ms", "2.0.0", "moderate", 5.3, false, false, "", ""}};
  auto d = diff(a, b);
  EXPECT_EQ(d.codebases_added, std::vector<std::string>{"batch"});
  EXPECT_EQ(d.codebases_removed, std::vector<std::string>{"web"});
  ASSERT_EQ(d.upgraded.size(), 1u);
  EXPECT_EQ(d.upgraded[0].name, "lodash");
  EXPECT_EQ(d.upgraded[0].from, "4.17.15");
  EXPECT_EQ(d.upgraded[0].to, "4.17.21");
  ASSERT_EQ(d.added.size(), 1u);
  EXPECT_EQ(d.added[0].name, "left-pad");
  ASSERT_EQ(d.removed.size(), 1u);
  EXPECT_EQ(d.removed[0].name, "fuzzball");
  ASSERT_EQ(d.new_vulnerabilities.size(), 1u);
  EXPECT_EQ(d.new_vulnerabilities[0].id, "GHSA-new");
  ASSERT_EQ(d.fixed_vulnerabilities.size(), 1u);  // the suppressed GHSA-x is neither new nor fixed
  EXPECT_EQ(d.fixed_vulnerabilities[0].id, "GHSA-p6mc-m468-83gw");
  ASSERT_EQ(d.license_changes.size(), 1u);
  EXPECT_EQ(d.license_changes[0].to, "review");
}

void project(const std::filesystem::path& dir, const std::string& ms_version) {
  write_text(dir / "package.json", R"({"name": "svc", "version": "1.0.0", "dependencies": {"ms": ")" + ms_version + R"("}})");
  write_text(dir / "package-lock.json", R"({"name": "svc", "version": "1.0.0", "lockfileVersion": 3, "requires": true, "packages": {
    "": {"name": "svc", "version": "1.0.0", "dependencies": {"ms": ")" + ms_version + R"("}},
    "node_modules/ms": {"version": ")" + ms_version + R"(", "license": "MIT"}}})");
}

TEST(AuditCli, TwoQuartersStoredListedAndCompared) {
  TempDir t;
  project(t / "q1/svc", "2.0.0");
  project(t / "q2/svc", "2.1.3");
  write_text(t / "osv/GHSA-0000-0000-0002.json",
             R"J({"id": "GHSA-0000-0000-0002", "modified": "2024-01-01T00:00:00Z", "summary": "ms before 2.1",
                 "affected": [{"package": {"ecosystem": "npm", "name": "ms"},
                               "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "2.1.0"}]}]}]})J");
  ASSERT_EQ(run_command(kVigil + " db update --from " + shell_quote((t / "osv").string()) + " --db " + shell_quote((t / "v.db").string())).exit_code, 0);
  std::string common = " --db " + shell_quote((t / "b.db").string()) + " --vuln-db " + shell_quote((t / "v.db").string()) + " --no-registry";
  auto q1 = run_command("SOURCE_DATE_EPOCH=1648684800 " + kVigil + " audit " + shell_quote((t / "q1").string()) + " --label 2022-Q1" + common);
  ASSERT_EQ(q1.exit_code, 0) << q1.err;
  EXPECT_NE(q1.out.find("baseline 2022-Q1 (1 codebases, 1 libraries)"), std::string::npos) << q1.out;
  EXPECT_NE(q1.out.find("0 critical, 0 high, 0 moderate, 0 low, 1 unknown"), std::string::npos) << q1.out;
  auto q2 = run_command("SOURCE_DATE_EPOCH=1656547200 " + kVigil + " audit " + shell_quote((t / "q2").string()) + " --label 2022-Q2" + common);
  ASSERT_EQ(q2.exit_code, 0) << q2.err;
  auto dup = run_command(kVigil + " audit " + shell_quote((t / "q2").string()) + " --label 2022-Q2" + common);
  EXPECT_EQ(dup.exit_code, 2);
  EXPECT_NE(dup.err.find("already stored"), std::string::npos);
  auto bad = run_command(kVigil + " audit " + shell_quote((t / "q2").string()) + " --label '../x'" + common);
  EXPECT_EQ(bad.exit_code, 2);
  std::string db = " --db " + shell_quote((t / "b.db").string());
  auto list = run_command(kVigil + " baselines list" + db);
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_NE(list.out.find("2022-Q1          2022-03-31 00:00"), std::string::npos) << list.out;
  auto d = run_command(kVigil + " baselines diff 2022-Q1 2022-Q2" + db);
  ASSERT_EQ(d.exit_code, 0) << d.err;
  EXPECT_NE(d.out.find("libraries: 0 added, 0 removed, 1 upgraded, 0 downgraded"), std::string::npos) << d.out;
  EXPECT_NE(d.out.find("vulnerabilities: 0 new, 1 fixed"), std::string::npos) << d.out;
  auto j = run_command(kVigil + " baselines diff 2022-Q1 2022-Q2 -f json" + db);
  EXPECT_NE(j.out.find("\"fixedVulnerabilities\""), std::string::npos);
  auto unknown = run_command(kVigil + " baselines show 2031-Q9" + db);
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("no baseline labeled \"2031-Q9\""), std::string::npos) << unknown.err;
  EXPECT_TRUE(unknown.out.empty());
}

}  // namespace
}  // namespace vigil::store
