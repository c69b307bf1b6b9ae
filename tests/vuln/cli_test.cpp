// `vigil db update|status`, run as a user runs them.
#include <gtest/gtest.h>

#include "support/http_server.h"
#include "vuln_test_util.h"

namespace vigil::vuln {
namespace {

using testing::run_command;
using testing::shell_quote;
using testing::TempDir;
using namespace vuln::test;

std::string vigil() { return shell_quote(VIGIL_BINARY); }

TEST(VulnCli, UpdateThenStatus) {
  TempDir tmp;
  write_folder(tmp / "feed", many_records(12));
  vigil::testing::write_text(tmp / "feed/broken.json", "{");
  const std::string db = shell_quote((tmp / "v.db").string());
  auto r = run_command(vigil() + " db update --from " + shell_quote((tmp / "feed").string()) + " --db " + db);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("read 13, inserted 12, updated 0, unchanged 0, skipped 1, withdrawn 0"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("warning: " + (tmp / "feed/broken.json").string() + ": not valid JSON"), std::string::npos) << r.err;

  // Without --from: the source recorded last time.
  r = run_command(vigil() + " db update --db " + db);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("unchanged 12"), std::string::npos) << r.out;

  r = run_command(vigil() + " db status --db " + db);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("records:         12 (0 withdrawn)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("packages:        7"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("source:          " + (tmp / "feed").string()), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("last update:     20"), std::string::npos) << r.out;
  EXPECT_TRUE(r.err.empty()) << r.err;

  r = run_command(vigil() + " db status --json --db " + db);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("\"records\": 12"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"stale\": false"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"schema_version\": 1"), std::string::npos) << r.out;
}

TEST(VulnCli, StaleDatabaseWarnsAndExitsOne) {
  TempDir tmp;
  write_folder(tmp / "feed", many_records(3));
  {
    Database db = open_rw(tmp / "v.db");
    UpdateOptions o;
    o.now = 1000000000;  // 2001
    update_ok(db, (tmp / "feed").string(), o);
  }
  const std::string db = shell_quote((tmp / "v.db").string());
  auto r = run_command(vigil() + " db status --db " + db);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("last update:     2001-09-09T01:46:40Z"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("days old (more than 7)"), std::string::npos) << r.err;
  r = run_command(vigil() + " db status --max-age-days 100000 --db " + db);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  r = run_command(vigil() + " db status --json --db " + db);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("\"stale\": true"), std::string::npos) << r.out;
}

TEST(VulnCli, Errors) {
  TempDir tmp;
  const std::string db = shell_quote((tmp / "v.db").string());
  // Status of a database that does not exist.
  auto r = run_command(vigil() + " db status --db " + db);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no vulnerability database here"), std::string::npos) << r.err;
  // Update without --from and nothing recorded.
  r = run_command(vigil() + " db update --db " + db);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no source recorded yet"), std::string::npos) << r.err;
  // A missing source.
  r = run_command(vigil() + " db update --from " + shell_quote((tmp / "nope").string()) + " --db " + db);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no such file or folder"), std::string::npos) << r.err;
  // A truncated zip.
  write_zip(tmp / "all.zip", many_records(200));
  std::string bytes = vigil::testing::read_text(tmp / "all.zip");
  vigil::testing::write_text(tmp / "half.zip", bytes.substr(0, bytes.size() / 2));
  r = run_command(vigil() + " db update --from " + shell_quote((tmp / "half.zip").string()) + " --db " + db);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("corrupt or truncated"), std::string::npos) << r.err;
  // No subcommand of db.
  r = run_command(vigil() + " db");
  EXPECT_EQ(r.exit_code, 2);
}

TEST(VulnCli, UrlNeedsAllowHttpForPlainHttp) {
  TempDir tmp;
  write_zip(tmp / "all.zip", many_records(20));
  vigil::testing::HttpServer server;
  server.serve("/npm/all.zip", {200, vigil::testing::read_text(tmp / "all.zip"), "application/zip", std::nullopt});
  const std::string db = shell_quote((tmp / "v.db").string());
  auto r = run_command(vigil() + " db update --from " + shell_quote(server.url("/npm/all.zip")) + " --db " + db);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--allow-http"), std::string::npos) << r.err;
  r = run_command(vigil() + " db update --allow-http --from " + shell_quote(server.url("/npm/all.zip")) + " --db " + db);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("inserted 20"), std::string::npos) << r.out;
  r = run_command(vigil() + " db update --allow-http --from " + shell_quote(server.url("/missing.zip")) + " --db " + db);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("HTTP 404"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace vigil::vuln
