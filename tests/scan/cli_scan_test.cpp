// `vigil scan` end to end: the bundled example, the real corpus with the .grype.yaml ignore
// lists Mojaloop keeps, exit codes 0/1/2 and the error paths.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <filesystem>
#include <string>

#include "support/test_support.h"

namespace vigil::scan {
namespace {

namespace fs = std::filesystem;
using testing::read_text;
using testing::run_command;
using testing::shell_quote;
using testing::TempDir;
using testing::write_text;

const std::string kVigil = VIGIL_BINARY;
const fs::path kSource = VIGIL_SOURCE_DIR;

testing::CommandResult vigil(const std::string& args) { return run_command(shell_quote(kVigil) + " " + args); }

std::string db_from(const TempDir& tmp, const std::vector<fs::path>& sources) {
  std::string db = (tmp / "vuln.db").string();
  for (const auto& s : sources) {
    auto r = vigil("db update --from " + shell_quote(s.string()) + " --db " + shell_quote(db));
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  }
  return db;
}

TEST(ScanCli, BundledExampleGatesAndSuppresses) {
  TempDir tmp;
  std::string db = db_from(tmp, {kSource / "examples/osv"});
  std::string acme = shell_quote((kSource / "examples/acme").string());
  // billing-legacy's vigil.yaml fails on high, and it has high findings (express, lodash...).
  auto r = vigil("scan " + acme + " --db " + shell_quote(db) + " --today 2026-12-05");
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("NSWG-ECO-"), std::string::npos) << r.out;
  // Its moment suppression applies until 2027-03-31 and is shown with its reason.
  EXPECT_NE(r.out.find("dates reach moment only from our own scheduler"), std::string::npos) << r.out;
  // The JSON says the same, and is deterministic.
  auto j1 = vigil("scan " + acme + " --db " + shell_quote(db) + " --today 2026-12-05 --format json");
  auto j2 = vigil("scan " + acme + " --db " + shell_quote(db) + " --today 2026-12-05 --format json");
  EXPECT_EQ(j1.exit_code, 1);
  EXPECT_EQ(j1.out, j2.out);
  EXPECT_NE(j1.out.find("\"suppressed\": true"), std::string::npos) << j1.out.substr(0, 2000);
  // After the expiry the suppression stops, with a warning.
  auto late = vigil("scan " + acme + " --db " + shell_quote(db) + " --today 2027-04-01 --format json");
  EXPECT_NE(late.err.find("expired on 2027-03-31"), std::string::npos) << late.err;
  // A gate nothing reaches passes.
  auto none = vigil("scan " + shell_quote((kSource / "examples/acme/web-ui").string()) + " --db " + shell_quote(db) +
                    " --fail-on critical --no-import");
  EXPECT_EQ(none.exit_code, 0) << none.out << none.err;
}

TEST(ScanCli, ErrorsExitTwoWithoutOutput) {
  TempDir tmp;
  std::string acme = shell_quote((kSource / "examples/acme").string());
  fs::path out = tmp / "out.json";
  auto r = vigil("scan " + acme + " --db " + shell_quote((tmp / "missing.db").string()) + " -o " + shell_quote(out.string()));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("missing.db"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out));
  write_text(tmp / "garbage.db", "this is not a database, just text long enough to look like a header....");
  r = vigil("scan " + acme + " --db " + shell_quote((tmp / "garbage.db").string()));
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("garbage.db"), std::string::npos) << r.err;
  std::string db = db_from(tmp, {kSource / "examples/osv"});
  r = vigil("scan " + acme + " --db " + shell_quote(db) + " --fail-on severe");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  write_text(tmp / "bad.yaml", "vulnerabilities:\n  suppressions:\n    - id: X\n");  // no reason
  r = vigil("scan " + acme + " --db " + shell_quote(db) + " --policy " + shell_quote((tmp / "bad.yaml").string()));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("bad.yaml"), std::string::npos) << r.err;
}

// The whole corpus with the .grype.yaml and audit-ci files its codebases keep, imported as they
// are: the gate fails on high, nothing errs. Then one real codebase with its own .grype.yaml plus
// an ignore rule, in grype's format, for one of its findings: that finding is suppressed with the
// rule's reason and origin, and the gate counts one fewer.
TEST(ScanCli, CorpusWithImportedGrypeIgnores) {
  fs::path corpus = testing::shared_dir() / "corpus" / "mojaloop";
  if (!fs::exists(corpus)) GTEST_SKIP() << "../shared/corpus is not beside the checkout";
  TempDir tmp;
  std::string db = db_from(tmp, {testing::shared_dir() / "vulndb" / "nswg-osv", testing::shared_dir() / "vulndb" / "osv-npm" / "osv"});
  auto r = vigil("scan " + shell_quote(corpus.string()) + " --db " + shell_quote(db) +
                 " --fail-on high --allow-out-of-sync --today 2026-12-05 --format json");
  ASSERT_EQ(r.exit_code, 1) << r.err.substr(0, 4000);
  EXPECT_NE(r.err.find(".grype.yaml"), std::string::npos) << r.err;  // an imported rule it cannot apply is named
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_FALSE(parser.parse(r.out).get(doc));
  simdjson::dom::array findings;
  ASSERT_FALSE(doc["findings"].get(findings));
  std::string codebase, id;
  for (simdjson::dom::element f : findings) {
    std::string_view cb, fid, sev;
    bool gating = false;
    ASSERT_FALSE(f["codebase"].get(cb));
    ASSERT_FALSE(f["id"].get(fid));
    if (f["gating"].get(gating) || !gating) continue;
    if (!fs::exists(corpus / cb / "package-lock.json")) continue;
    codebase = cb;
    id = fid;
    break;
  }
  ASSERT_FALSE(codebase.empty()) << "no gating finding in an npm codebase";
  fs::path copy = tmp / "org" / fs::path(codebase).filename();
  fs::create_directories(copy);
  for (const char* f : {"package.json", "package-lock.json"}) fs::copy_file(corpus / codebase / f, copy / f);
  // Its own .grype.yaml, or else the first real one of the corpus (the codebases that gate keep none).
  fs::path grype_file = corpus / codebase / ".grype.yaml";
  if (!fs::exists(grype_file)) grype_file = corpus / "account-lookup-service" / ".grype.yaml";
  ASSERT_TRUE(fs::exists(grype_file));
  fs::copy_file(grype_file, copy / ".grype.yaml");
  std::string grype = read_text(copy / ".grype.yaml");
  ASSERT_NE(grype.find("ignore:"), std::string::npos);
  grype.insert(grype.find("ignore:") + 7, "\n  - vulnerability: " + id + "\n    reason: accepted for the test of the import\n");
  write_text(copy / ".grype.yaml", grype);
  auto before = vigil("scan " + shell_quote(copy.string()) + " --db " + shell_quote(db) +
                      " --fail-on high --allow-out-of-sync --today 2026-12-05 --format json --no-import");
  auto after = vigil("scan " + shell_quote(copy.string()) + " --db " + shell_quote(db) +
                     " --fail-on high --allow-out-of-sync --today 2026-12-05 --format json");
  EXPECT_NE(after.out.find("accepted for the test of the import"), std::string::npos) << after.out.substr(0, 3000);
  EXPECT_EQ(before.out.find("accepted for the test of the import"), std::string::npos);
  auto gating = [](const std::string& json) {
    size_t n = 0;
    for (size_t p = json.find("\"gating\": true"); p != std::string::npos; p = json.find("\"gating\": true", p + 1)) ++n;
    return n;
  };
  EXPECT_LT(gating(after.out), gating(before.out));
}

}  // namespace
}  // namespace vigil::scan
