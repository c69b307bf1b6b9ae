// `vigil sast` run as the binary: the CI gate's exit codes, formats, the baseline, vigil.yaml's
// sast: section, bad input, and SARIF 2.1.0 validated by Microsoft's SARIF multitool.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <filesystem>
#include <string>

#include "sast/sast.h"
#include "support/test_support.h"

namespace vigil::sast {
namespace {

namespace fs = std::filesystem;
using vigil::testing::read_text;
using vigil::testing::run_command;
using vigil::testing::shell_quote;
using vigil::testing::TempDir;
using vigil::testing::write_text;

const std::string kVigil = VIGIL_BINARY;
const fs::path kTools = fs::path(VIGIL_SOURCE_DIR) / "tests" / "tools" / "node_modules";

vigil::testing::CommandResult vigil_sast(const std::string& args) { return run_command("CI=1 " + shell_quote(kVigil) + " sast " + args); }

// A project with one critical (command injection) and one medium (weak hash) finding.
void write_project(const fs::path& dir) {
  write_text(dir / "src/app.js", R"(const { exec } = require('child_process')
const crypto = require('crypto')
app.get('/x', (req, res) => {
  exec('ls ' + req.query.dir)
})
module.exports.etag = (body) => crypto.createHash('md5').update(body).digest('hex')
)");
  write_text(dir / "src/clean.js", "module.exports.add = (a, b) => a + b\n");
}

TEST(SastCli, FailOnGatesBySeverity) {
  TempDir tmp;
  write_project(tmp.path());
  auto r = vigil_sast(shell_quote(tmp.path().string()));
  EXPECT_EQ(r.exit_code, 1) << r.err;  // default gate: low
  EXPECT_NE(r.out.find("src/app.js:4:3  critical  command-injection"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("src/app.js:6:"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("2 findings at or above low"), std::string::npos) << r.err;
  r = vigil_sast("--fail-on critical " + shell_quote(tmp.path().string()));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("1 finding at or above critical"), std::string::npos) << r.err;
  // Only the medium finding left: a high gate passes, a medium one fails.
  write_text(tmp / "src/app.js", "const crypto = require('crypto')\nmodule.exports.etag = (b) => crypto.createHash('sha1').update(b).digest('hex')\n");
  EXPECT_EQ(vigil_sast("--fail-on high " + shell_quote(tmp.path().string())).exit_code, 0);
  EXPECT_EQ(vigil_sast("--fail-on medium " + shell_quote(tmp.path().string())).exit_code, 1);
  // Nothing found: 0 at any gate.
  fs::remove(tmp / "src/app.js");
  r = vigil_sast("--fail-on low " + shell_quote(tmp.path().string()));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("0 findings in 1 file"), std::string::npos) << r.out;
}

TEST(SastCli, BadArgumentsAreUsageErrors) {
  TempDir tmp;
  write_project(tmp.path());
  auto r = vigil_sast("--fail-on severe " + shell_quote(tmp.path().string()));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.exit_code, 1);  // not to be mistaken for "findings"
  EXPECT_TRUE(r.out.empty());
  r = vigil_sast("--format xml " + shell_quote(tmp.path().string()));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.exit_code, 1);
  r = vigil_sast("--max-file-size lots " + shell_quote(tmp.path().string()));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--max-file-size"), std::string::npos);
}

TEST(SastCli, BadInputIsOneErrorAndNoOutput) {
  TempDir tmp;
  write_project(tmp.path());
  write_text(tmp / "src/blob.js", std::string("ab\0cd", 5));
  auto r = vigil_sast("--format json " + shell_quote(tmp.path().string()));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(r.out.empty()) << r.out;
  EXPECT_NE(r.err.find("src/blob.js:1:3: binary file"), std::string::npos) << r.err;
  fs::remove(tmp / "src/blob.js");
  r = vigil_sast("--max-file-size 100 " + shell_quote(tmp.path().string()));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(r.out.empty());
  EXPECT_NE(r.err.find("src/app.js: larger than the limit of 100 bytes"), std::string::npos) << r.err;
  r = vigil_sast(shell_quote((tmp / "nothing-here").string()));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no such file or folder"), std::string::npos);
}

TEST(SastCli, ParseErrorsAreWarningsAndTheGateStillApplies) {
  TempDir tmp;
  write_text(tmp / "a.js", "function broken( {\n}\nconst { exec } = require('child_process')\napp.get('/', (req) => exec(req.query.c))\n");
  auto r = vigil_sast(shell_quote(tmp.path().string()));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("warning: a.js:1:"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("a.js:4:"), std::string::npos) << r.out;
}

TEST(SastCli, BaselineReportsOnlyNewFindings) {
  TempDir tmp;
  write_project(tmp.path());
  fs::path base = tmp / "base.sarif";
  auto r = vigil_sast("--format sarif -o " + shell_quote(base.string()) + " " + shell_quote(tmp.path().string()));
  EXPECT_EQ(r.exit_code, 1);
  // Lines move (a header comment) and nothing new: the gate passes.
  write_text(tmp / "src/app.js", "// Copyright header\n// added later\n" + read_text(tmp / "src/app.js"));
  r = vigil_sast("--baseline " + shell_quote(base.string()) + " " + shell_quote(tmp.path().string()));
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("0 findings"), std::string::npos);
  // A new finding is reported, the old ones are not.
  write_text(tmp / "src/new.js", "app.get('/r', (req, res) => res.redirect(req.query.next))\n");
  r = vigil_sast("--format json --baseline " + shell_quote(base.string()) + " " + shell_quote(tmp.path().string()));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("open-redirect"), std::string::npos);
  EXPECT_EQ(r.out.find("command-injection"), std::string::npos);
  r = vigil_sast("--baseline " + shell_quote((tmp / "none.json").string()) + " " + shell_quote(tmp.path().string()));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(r.out.empty());
}

TEST(SastCli, PolicyTurnsRulesOffAndExcludesPaths) {
  TempDir tmp;
  write_project(tmp.path());
  write_text(tmp / "test/fixture.js", "const { exec } = require('child_process')\napp.get('/', (req) => exec(req.query.c))\n");
  write_text(tmp / "vigil.yaml", "version: 1\nsast:\n  fail-on: high\n  rules:\n    weak-crypto: off\n  exclude:\n    - test/**\n");
  auto r = vigil_sast("--format json " + shell_quote(tmp.path().string()));
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(r.out.find("weak-crypto"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("test/fixture.js"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("src/app.js"), std::string::npos) << r.out;
}

TEST(SastCli, SuppressionWithoutReasonIsReported) {
  TempDir tmp;
  write_text(tmp / "a.js", "const { exec } = require('child_process')\napp.get('/', (req) => exec(req.query.c)) // vigil-ignore command-injection\n");
  auto r = vigil_sast("--format json " + shell_quote(tmp.path().string()));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("a.js:2:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("without a reason"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("\"suppression_problems\": [\"a.js:2:"), std::string::npos) << r.out;
}

// ---------- SARIF ----------

std::string str(simdjson::simdjson_result<simdjson::dom::element> e) {
  std::string_view v;
  if (e.get_string().get(v)) return "<missing>";
  return std::string(v);
}
simdjson::dom::array arr(simdjson::simdjson_result<simdjson::dom::element> e) {
  simdjson::dom::array a;
  if (e.get_array().get(a)) ADD_FAILURE() << "not an array";
  return a;
}

TEST(SastSarif, RuleMetadataForGitHub) {
  TempDir tmp;
  write_project(tmp.path());
  auto r = vigil_sast("--format sarif " + shell_quote(tmp.path().string()));
  ASSERT_EQ(r.exit_code, 1);
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_FALSE(parser.parse(r.out).get(doc)) << r.out;
  EXPECT_EQ(str(doc["version"]), "2.1.0");
  auto run = doc["runs"].at(0);
  simdjson::dom::array rs = arr(run["tool"]["driver"]["rules"]);
  ASSERT_EQ(rs.size(), rules().size());
  std::size_t i = 0;
  for (auto rule : rs) {
    const Rule& want = rules()[i++];
    EXPECT_EQ(str(rule["id"]), want.id);
    EXPECT_EQ(str(rule["shortDescription"]["text"]), want.title);
    EXPECT_NE(str(rule["help"]["text"]).find(want.description), std::string::npos);
    EXPECT_NE(str(rule["help"]["markdown"]).find(want.fix), std::string::npos);
    std::string sev = str(rule["properties"]["security-severity"]);
    EXPECT_NEAR(std::stod(sev), want.security_severity, 0.05) << want.id;
    std::string tags;
    for (auto t : arr(rule["properties"]["tags"])) {
      std::string_view tv;
      if (!t.get_string().get(tv)) tags += std::string(tv) + " ";
    }
    std::string cwe(want.cwe);
    for (auto& c : cwe) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    EXPECT_NE(tags.find("security "), std::string::npos);
    EXPECT_NE(tags.find("external/cwe/" + cwe + " "), std::string::npos) << tags;
    EXPECT_NE(tags.find("external/owasp/" + std::string(want.owasp.substr(0, 3)) + " "), std::string::npos) << tags;
  }
  simdjson::dom::array results = arr(run["results"]);
  ASSERT_EQ(results.size(), 2u);
  for (auto res : results) {
    std::string id = str(res["ruleId"]);
    uint64_t idx = 0;
    ASSERT_FALSE(res["ruleIndex"].get_uint64().get(idx));
    ASSERT_LT(idx, rules().size());
    EXPECT_EQ(rules()[idx].id, id);
    EXPECT_EQ(str(res["partialFingerprints"]["vigil/v1"]).size(), 16u);
    EXPECT_EQ(str(res["locations"].at(0)["physicalLocation"]["artifactLocation"]["uri"]), "src/app.js");
  }
}

#define REQUIRE_TOOL(path)                                                                  \
  do {                                                                                      \
    if (!fs::exists(path)) {                                                                \
      std::string why = (path).string() + " is missing: run `npm ci --prefix tests/tools`"; \
      if (std::getenv("VIGIL_REQUIRE_TEST_TOOLS")) FAIL() << why;                           \
      GTEST_SKIP() << why;                                                                  \
    }                                                                                       \
  } while (0)

TEST(SastSarif, ValidatesWithTheMultitool) {
  const fs::path tool = kTools / "@microsoft" / "sarif-multitool-linux" / "Sarif.Multitool";
  REQUIRE_TOOL(tool);
  TempDir tmp;
  write_project(tmp.path());
  // A parse error and a suppression problem too, so notifications are in the log.
  write_text(tmp / "src/broken.js", "function broken( {\n}\nconst y = 1 // vigil-ignore xss\n");
  fs::path file = tmp / "out.sarif";
  auto r = vigil_sast("--format sarif -o " + shell_quote(file.string()) + " " + shell_quote(tmp.path().string()));
  ASSERT_EQ(r.exit_code, 1) << r.err;
  auto validate = [&] {
    return run_command("DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 " + shell_quote(tool.string()) + " validate " + shell_quote(file.string()) + " 2>&1");
  };
  auto res = validate();
  EXPECT_EQ(res.exit_code, 0) << res.out << res.err;
  EXPECT_EQ(res.out.find(": error"), std::string::npos) << res.out;
  EXPECT_EQ(res.out.find(": warning"), std::string::npos) << res.out;
  EXPECT_NE(res.out.find("1 files scanned"), std::string::npos) << res.out;
  // The validator is not a rubber stamp: a result without a message is an error.
  std::string broken = read_text(file);
  auto at = broken.find("\"message\": {\"text\"", broken.find("\"results\""));
  ASSERT_NE(at, std::string::npos);
  broken.replace(at, 9, "\"massage\"");
  write_text(file, broken);
  res = validate();
  EXPECT_TRUE(res.exit_code != 0 || res.out.find("error") != std::string::npos) << res.out;
}

}  // namespace
}  // namespace vigil::sast
