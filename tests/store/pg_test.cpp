// The PostgreSQL store against a real server (started here on 127.0.0.1, stopped at the end):
// the same answers as SQLite, transactions, concurrent audits, and errors.
#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <cstdlib>
#include <thread>

#include "store/store.h"
#include "support/pg_server.h"
#include "support/test_support.h"

namespace vigil::store {
namespace {

using vigil::testing::PgServer;
using vigil::testing::run_command;
using vigil::testing::shell_quote;
using vigil::testing::TempDir;
using vigil::testing::write_text;

const std::string kVigil = VIGIL_BINARY;

// One server for the whole test program.
PgServer& server() {
  static PgServer s;
  return s;
}

#define NEED_SERVER()                                                                         \
  if (!server().running()) {                                                                  \
    if (std::getenv("VIGIL_REQUIRE_TEST_TOOLS")) FAIL() << "PostgreSQL: " << server().why();  \
    GTEST_SKIP() << "PostgreSQL: " << server().why();                                         \
  }

Baseline sample(const std::string& label, int64_t when) {
  Baseline b;
  b.label = label;
  b.created_at = when;
  b.tool_version = "test";
  b.codebases = {"Zeta", "api", "web"};  // byte order: upper case first
  b.libraries = {{"Zeta", "a", "1.0.0", true, "prod", "MIT", "compliant", "1.0.0", "up-to-date", false, ""},
                 {"api", "lodash", "4.17.15", true, "prod", "MIT", "compliant", "4.17.21", "patch", true, ""},
                 {"api", "ms", "2.0.0", false, "dev", "MIT", "compliant", "2.1.3", "minor", true, "tab\there, newline\nthere \\ back"},
                 {"web", "fuzzball", "1.4.0", true, "prod", "GPL-2.0", "non-compliant", "", "unknown", false, ""}};
  b.vulnerabilities = {{"api", "GHSA-p6mc-m468-83gw", "lodash", "4.17.15", "high", 7.4, true, false, "4.17.19", "upgrade lodash"},
                       {"api", "GHSA-x", "ms", "2.0.0", "low", std::nullopt, false, true, "", ""}};
  return b;
}

void expect_same(const Baseline& a, const Baseline& b) {
  EXPECT_EQ(a.label, b.label);
  EXPECT_EQ(a.created_at, b.created_at);
  EXPECT_EQ(a.codebases, b.codebases);
  ASSERT_EQ(a.libraries.size(), b.libraries.size());
  for (size_t i = 0; i < a.libraries.size(); ++i) {
    const auto &x = a.libraries[i], &y = b.libraries[i];
    EXPECT_EQ(std::tie(x.codebase, x.name, x.version, x.direct, x.scope, x.license, x.license_verdict, x.latest, x.behind, x.outdated, x.deprecated),
              std::tie(y.codebase, y.name, y.version, y.direct, y.scope, y.license, y.license_verdict, y.latest, y.behind, y.outdated, y.deprecated));
  }
  ASSERT_EQ(a.vulnerabilities.size(), b.vulnerabilities.size());
  for (size_t i = 0; i < a.vulnerabilities.size(); ++i) {
    const auto &x = a.vulnerabilities[i], &y = b.vulnerabilities[i];
    EXPECT_EQ(std::tie(x.codebase, x.id, x.package, x.version, x.severity, x.score, x.direct, x.suppressed, x.fixed_version, x.fix),
              std::tie(y.codebase, y.id, y.package, y.version, y.severity, y.score, y.direct, y.suppressed, y.fixed_version, y.fix));
  }
}

TEST(PgStore, SameAnswersAsSqlite) {
  NEED_SERVER();
  std::string url = server().create_database("same");
  ASSERT_FALSE(url.empty());
  TempDir t;
  auto pg = open_store(url);
  ASSERT_TRUE(pg) << pg.error().to_string();
  auto lite = open_store((t / "b.db").string());
  ASSERT_TRUE(lite);
  for (auto* st : {&*pg, &*lite}) {
    ASSERT_TRUE((*st)->write(sample("2022-Q2", 200), false));
    ASSERT_TRUE((*st)->write(sample("2022-Q1", 100), false));
    auto again = (*st)->write(sample("2022-Q1", 100), false);
    ASSERT_FALSE(again);
    EXPECT_NE(again.error().message.find("already stored"), std::string::npos);
  }
  auto a = (*pg)->read("2022-Q1"), b = (*lite)->read("2022-Q1");
  ASSERT_TRUE(a && b);
  expect_same(*a, *b);
  EXPECT_EQ(a->codebases.front(), "Zeta");
  auto la = (*pg)->list(), lb = (*lite)->list();
  ASSERT_TRUE(la && lb);
  ASSERT_EQ(la->size(), 2u);
  for (size_t i = 0; i < la->size(); ++i) {
    EXPECT_EQ((*la)[i].label, (*lb)[i].label);
    EXPECT_EQ((*la)[i].libraries, (*lb)[i].libraries);
    EXPECT_EQ((*la)[i].vulnerabilities, (*lb)[i].vulnerabilities);
  }
  EXPECT_FALSE((*pg)->read("nope"));
  // A reopen migrates nothing and reads the same.
  auto again = open_store(url);
  ASSERT_TRUE(again);
  expect_same(*(*again)->read("2022-Q1"), *b);
}

TEST(PgStore, AFailedWriteLeavesNoPartialBaseline) {
  NEED_SERVER();
  std::string url = server().create_database("fail");
  ASSERT_FALSE(url.empty());
  {
    auto st = open_store(url);
    ASSERT_TRUE(st);
  }
  PGconn* c = PQconnectdb(url.c_str());
  ASSERT_EQ(PQstatus(c), CONNECTION_OK);
  PGresult* r = PQexec(c,
                       "CREATE FUNCTION fail_vuln() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$;"
                       "CREATE TRIGGER fail_vuln BEFORE INSERT ON vulnerabilities FOR EACH ROW EXECUTE FUNCTION fail_vuln();");
  ASSERT_EQ(PQresultStatus(r), PGRES_COMMAND_OK) << PQerrorMessage(c);
  PQclear(r);
  PQfinish(c);
  auto st = open_store(url);
  ASSERT_TRUE(st);
  auto w = (*st)->write(sample("2022-Q1", 1), false);
  ASSERT_FALSE(w);
  EXPECT_NE(w.error().message.find("disk full"), std::string::npos) << w.error().message;
  EXPECT_TRUE((*st)->list()->empty());
}

TEST(PgStore, ConcurrentAuditsIntoOneDatabase) {
  NEED_SERVER();
  std::string url = server().create_database("concurrent");
  ASSERT_FALSE(url.empty());
  TempDir t;
  write_text(t / "org/svc/package.json", R"({"name": "svc", "version": "1.0.0", "dependencies": {"ms": "2.0.0"}})");
  write_text(t / "org/svc/package-lock.json", R"({"name": "svc", "version": "1.0.0", "lockfileVersion": 3, "requires": true, "packages": {
    "": {"name": "svc", "version": "1.0.0", "dependencies": {"ms": "2.0.0"}},
    "node_modules/ms": {"version": "2.0.0", "license": "MIT"}}})");
  // Four audits at once into a database none of them has migrated yet.
  std::vector<std::thread> runs;
  std::vector<int> codes(4, -1);
  for (int i = 0; i < 4; ++i) {
    runs.emplace_back([&, i] {
      codes[i] = run_command("SOURCE_DATE_EPOCH=1700000000 " + kVigil + " audit " + shell_quote((t / "org").string()) + " --label run-" + std::to_string(i) + " --db " +
                             shell_quote(url) + " --no-vulnerabilities --no-registry")
                     .exit_code;
    });
  }
  for (auto& r : runs) r.join();
  for (int i = 0; i < 4; ++i) EXPECT_EQ(codes[i], 0) << i;
  auto list = run_command(kVigil + " baselines list --db " + shell_quote(url) + " -f json");
  ASSERT_EQ(list.exit_code, 0) << list.err;
  for (int i = 0; i < 4; ++i) EXPECT_NE(list.out.find("\"run-" + std::to_string(i) + "\""), std::string::npos) << list.out;
  // The same reports from SQLite and PostgreSQL.
  auto lite = run_command("SOURCE_DATE_EPOCH=1700000000 " + kVigil + " audit " + shell_quote((t / "org").string()) + " --label run-0 --db " +
                          shell_quote((t / "b.db").string()) + " --no-vulnerabilities --no-registry");
  ASSERT_EQ(lite.exit_code, 0) << lite.err;
  auto show_pg = run_command(kVigil + " baselines show run-0 --db " + shell_quote(url));
  auto show_lite = run_command(kVigil + " baselines show run-0 --db " + shell_quote((t / "b.db").string()));
  EXPECT_EQ(show_pg.out, show_lite.out);
  EXPECT_FALSE(show_pg.out.empty());
  for (const char* f : {"html", "md", "json"}) {
    auto rp = run_command(kVigil + " report --labels run-0 -f " + f + " --db " + shell_quote(url));
    auto rl = run_command(kVigil + " report --labels run-0 -f " + f + " --db " + shell_quote((t / "b.db").string()));
    ASSERT_EQ(rp.exit_code, 0) << rp.err;
    EXPECT_EQ(rp.out, rl.out) << f;
  }
}

TEST(PgStore, UnreachableServerIsAClearError) {
  auto st = open_store("postgresql://vigil:secret@127.0.0.1:1/vigil?connect_timeout=2");
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message.find("cannot connect to the baseline store"), std::string::npos);
  EXPECT_EQ(st.error().message.find("secret"), std::string::npos);
  EXPECT_EQ(st.error().file.find("secret"), std::string::npos) << st.error().file;
  auto r = run_command(kVigil + " baselines list --db 'postgresql://vigil@127.0.0.1:1/vigil?connect_timeout=2'");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("cannot connect"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty());
}

}  // namespace
}  // namespace vigil::store
