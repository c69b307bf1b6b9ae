// vigil report: the audit dashboard from stored baselines; the HTML rendered by headless
// Chromium (Debian's chromium): the screenshot is not blank and the key numbers are in the DOM.
#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdlib>

#include "report/report.h"
#include "store/store.h"
#include "support/test_support.h"

namespace vigil::report {
namespace {

using vigil::testing::read_text;
using vigil::testing::run_command;
using vigil::testing::shell_quote;
using vigil::testing::TempDir;

const std::string kVigil = VIGIL_BINARY;

store::Baseline quarter(const std::string& label, int64_t when, bool fixed) {
  store::Baseline b;
  b.label = label;
  b.created_at = when;
  b.tool_version = "test";
  b.codebases = {"central-ledger", "quoting-service"};
  b.libraries = {
      {"central-ledger", "lodash", fixed ? "4.17.21" : "4.17.15", true, "prod", "MIT", "compliant", "4.17.21", fixed ? "up-to-date" : "patch", !fixed, ""},
      {"central-ledger", "node-forge", "1.3.1", false, "prod", "BSD-3-Clause OR GPL-2.0", "low-risk", "1.3.1", "up-to-date", false, ""},
      {"quoting-service", "fuzzball", "1.4.0", true, "prod", "GPL-2.0", "non-compliant", "2.1.0", "major", true, ""},
      {"quoting-service", "<script>alert(1)</script>", "1.0.0", false, "dev", "UNKNOWN", "unknown", "", "unknown", false, ""}};
  b.vulnerabilities.push_back({"quoting-service", "GHSA-crit-0000-0001", "fuzzball", "1.4.0", "critical", 9.8, true, false, "2.1.0",
                               "upgrade fuzzball to 2.1.0"});
  if (!fixed) {
    b.vulnerabilities.push_back({"central-ledger", "GHSA-p6mc-m468-83gw", "lodash", "4.17.15", "high", 7.4, true, false, "4.17.19",
                                 "upgrade lodash to 4.17.19 or later"});
  }
  return b;
}

TEST(Dashboard, Numbers) {
  Dashboard d = build_dashboard({quarter("2022-Q3", 1, false), quarter("2022-Q4", 2, true)});
  ASSERT_EQ(d.quarters.size(), 2u);
  EXPECT_EQ(d.quarters[0].libraries, 4u);
  EXPECT_EQ(d.quarters[0].outdated, 2u);
  EXPECT_EQ(d.quarters[1].outdated, 1u);
  EXPECT_EQ(d.quarters[1].up_to_date, 2u);
  EXPECT_EQ(d.quarters[0].vulnerabilities.at("high"), 1u);
  EXPECT_EQ(d.quarters[1].vulnerabilities.at("high"), 0u);
  EXPECT_EQ(d.quarters[1].fixed_vulnerabilities, 1u);
  EXPECT_EQ(d.quarters[1].licenses.at("non-compliant"), 1u);
  EXPECT_EQ(d.quarters[1].licenses.at("low-risk"), 1u);
  ASSERT_EQ(d.critical.size(), 1u);
  EXPECT_EQ(d.critical[0].package, "fuzzball");
  EXPECT_EQ(d.critical[0].direct_in.count("quoting-service"), 1u);
  ASSERT_EQ(d.actions.size(), 1u);
  EXPECT_EQ(d.actions[0].action, "upgrade fuzzball to 2.1.0");
  std::string h = write_dashboard(d, DashboardFormat::Html, "Audit <2022>");
  EXPECT_EQ(h.find("<script>"), std::string::npos) << "library names are escaped";
  EXPECT_NE(h.find("Audit &lt;2022&gt;"), std::string::npos);
  // Self-contained: no script, nothing fetched; the only URL is the SVG namespace.
  std::string rest = h;
  for (size_t at; (at = rest.find("http://www.w3.org/2000/svg")) != std::string::npos;) rest.erase(at, 26);
  EXPECT_EQ(rest.find("http"), std::string::npos);
  EXPECT_EQ(rest.find("src="), std::string::npos);
}

// True when the PNG at `file` has real content: its pixels are not all one colour.
bool png_has_content(const std::string& png, std::string& why) {
  if (png.size() < 8 || png.compare(1, 3, "PNG") != 0) return why = "not a PNG", false;
  std::string idat;
  size_t pos = 8;
  uint32_t width = 0, height = 0;
  while (pos + 8 <= png.size()) {
    auto be = [&](size_t at) {
      return (uint32_t(uint8_t(png[at])) << 24) | (uint32_t(uint8_t(png[at + 1])) << 16) | (uint32_t(uint8_t(png[at + 2])) << 8) | uint8_t(png[at + 3]);
    };
    uint32_t len = be(pos);
    std::string type = png.substr(pos + 4, 4);
    if (pos + 12 + len > png.size()) break;
    if (type == "IHDR") {
      width = be(pos + 8);
      height = be(pos + 12);
    } else if (type == "IDAT") {
      idat.append(png, pos + 8, len);
    }
    pos += 12 + len;
  }
  if (width == 0 || height == 0 || idat.empty()) return why = "no image data", false;
  std::string raw(size_t(width) * height * 4 + height, '\0');
  uLongf n = raw.size();
  if (uncompress(reinterpret_cast<Bytef*>(raw.data()), &n, reinterpret_cast<const Bytef*>(idat.data()), idat.size()) != Z_OK) {
    return why = "cannot inflate", false;
  }
  // Filtered scanlines of a one-colour image are nearly all zero (or all 0xff for unfiltered
  // white): count the bytes that are neither.
  size_t busy = 0;
  for (size_t i = 0; i < n; ++i) busy += raw[i] != '\0' && raw[i] != '\xff';
  why = std::to_string(busy) + " of " + std::to_string(n) + " bytes carry content";
  return busy > n / 200;
}

TEST(DashboardCli, RendersInHeadlessChromium) {
  TempDir t;
  {
    auto st = store::open_store((t / "b.db").string());
    ASSERT_TRUE(st);
    ASSERT_TRUE((*st)->write(quarter("2022-Q3", 1664582400, false), false));
    ASSERT_TRUE((*st)->write(quarter("2022-Q4", 1672531200, true), false));
  }
  std::string cmd = kVigil + " report --db " + shell_quote((t / "b.db").string());
  auto a = run_command(cmd + " -o " + shell_quote((t / "a.html").string()));
  ASSERT_EQ(a.exit_code, 0) << a.err;
  auto b = run_command(cmd + " -o " + shell_quote((t / "b.html").string()));
  ASSERT_EQ(b.exit_code, 0);
  EXPECT_EQ(read_text(t / "a.html"), read_text(t / "b.html")) << "same store, same bytes";
  auto md = run_command(cmd + " -f md");
  EXPECT_NE(md.out.find("| 2022-Q4 | 2 | 4 | 2 | 1 | 1 | 0 |"), std::string::npos) << md.out;
  auto bad = run_command(cmd + " --labels 2022-Q4,2031-Q1");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("no baseline labeled \"2031-Q1\""), std::string::npos);
  EXPECT_TRUE(bad.out.empty());

  const char* chromium = "/usr/bin/chromium";
  if (!std::filesystem::exists(chromium)) {
    if (std::getenv("VIGIL_REQUIRE_TEST_TOOLS")) FAIL() << "no " << chromium << " (scripts/setup installs Debian's chromium)";
    GTEST_SKIP() << "no " << chromium;
  }
  std::string common = std::string(chromium) + " --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir=" +
                       shell_quote((t / "profile").string()) + " --window-size=1200,1600 ";
  std::string url = "file://" + (t / "a.html").string();
  auto shot = run_command("cd " + shell_quote(t.path().string()) + " && HOME=" + shell_quote(t.path().string()) + " " + common +
                          "--screenshot=" + shell_quote((t / "shot.png").string()) + " " + shell_quote(url));
  ASSERT_TRUE(std::filesystem::exists(t / "shot.png")) << shot.err;
  std::string why;
  EXPECT_TRUE(png_has_content(read_text(t / "shot.png"), why)) << why;
  auto dom = run_command("HOME=" + shell_quote(t.path().string()) + " " + common + "--dump-dom " + shell_quote(url));
  EXPECT_NE(dom.out.find("data-key=\"libraries-2022-Q4\">4<"), std::string::npos) << dom.out.substr(0, 2000);
  EXPECT_NE(dom.out.find("data-key=\"high-2022-Q3\">1<"), std::string::npos);
  EXPECT_NE(dom.out.find("data-key=\"non-compliant-2022-Q4\">1<"), std::string::npos);
  EXPECT_NE(dom.out.find("id=\"chart-vulnerabilities\""), std::string::npos);
  EXPECT_NE(dom.out.find("fuzzball@1.4.0"), std::string::npos);
}

}  // namespace
}  // namespace vigil::report
