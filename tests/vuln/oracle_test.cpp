// The matcher against real records: the 467 NSWG advisories (the node-semver text of each is the
// oracle) and the OSV records of ../shared/vulndb/osv-npm with their awkward cases.
#include <gtest/gtest.h>

#include <iostream>
#include <regex>
#include <set>

#include "semver/semver.h"
#include "vuln_test_util.h"

namespace vigil::vuln {
namespace {

using testing::TempDir;
using namespace vuln::test;

const std::filesystem::path kNswg = testing::shared_dir() / "vulndb" / "nswg-osv";
const std::filesystem::path kOsvNpm = testing::shared_dir() / "vulndb" / "osv-npm";

// Every version a record mentions, its neighbours (±1 patch, minor, major) and prereleases of them.
std::set<std::string> candidates(const std::vector<std::string>& texts) {
  std::set<std::string> out = {"0.0.0", "0.0.1", "0.1.0", "1.0.0", "99.99.99", "1.0.0-alpha"};
  static const std::regex kVersion(R"((\d+)(?:\.(\d+))?(?:\.(\d+))?(-[0-9A-Za-z.-]+)?)");
  for (const auto& t : texts) {
    for (auto it = std::sregex_iterator(t.begin(), t.end(), kVersion); it != std::sregex_iterator(); ++it) {
      const auto& m = *it;
      if (m[1].length() > 6 || m[2].length() > 6 || m[3].length() > 6) continue;
      const long M = std::stol(m[1]), mi = m[2].matched ? std::stol(m[2]) : 0, p = m[3].matched ? std::stol(m[3]) : 0;
      auto v = [](long a, long b, long c) { return std::to_string(a) + "." + std::to_string(b) + "." + std::to_string(c); };
      std::vector<std::string> base = {v(M, mi, p), v(M, mi, p + 1), v(M, mi + 1, 0), v(M + 1, 0, 0)};
      if (p > 0) base.push_back(v(M, mi, p - 1));
      if (mi > 0) base.push_back(v(M, mi - 1, 0));
      if (M > 0) base.push_back(v(M - 1, 0, 0));
      if (m[4].matched) out.insert(v(M, mi, p) + m[4].str());
      for (const auto& b : base) {
        out.insert(b);
        out.insert(b + "-0");
        out.insert(b + "-alpha.1");
        out.insert(b + "-rc.2");
      }
    }
  }
  return out;
}

bool matched_by(const AdvisoryIndex& idx, const std::string& name, const std::string& version, const std::string& id) {
  for (const auto& m : idx.match(name, version)) {
    for (const auto* a : m.advisories) {
      if (a->id == id) return true;
    }
  }
  return false;
}

TEST(VulnOracle, NswgRecordsAgreeWithTheirVulnerableVersionsText) {
  ASSERT_TRUE(std::filesystem::is_directory(kNswg)) << kNswg;
  TempDir tmp;
  Database db = open_rw(tmp / "v.db");
  UpdateReport r = update_ok(db, kNswg.string());
  EXPECT_EQ(r.read, 467u);
  EXPECT_EQ(r.inserted, 467u);
  EXPECT_EQ(r.skipped_invalid, 0u);
  for (const auto& w : r.warnings) ADD_FAILURE() << w.to_string();

  std::vector<Advisory> records;
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(kNswg)) {
    auto a = parse_advisory(testing::read_text(e.path()), e.path().string());
    ASSERT_TRUE(a) << a.error().to_string();
    names.push_back(a->affected.at(0).name);
    records.push_back(std::move(*a));
  }
  auto idx = db.load_for(names);
  ASSERT_TRUE(idx) << idx.error().to_string();

  size_t with_text = 0, without_ranges = 0, checks = 0, mismatches = 0;
  const semver::Options oracle_options{true, true};
  for (const Advisory& a : records) {
    const AffectedPackage& p = a.affected.at(0);
    if (p.npm_range.empty()) continue;
    ++with_text;
    if (p.ranges.empty()) ++without_ranges;
    std::vector<std::string> texts = {p.npm_range, p.database_specific};
    for (const auto& range : p.ranges) {
      for (const auto& ev : range.events) texts.push_back(ev.version);
    }
    for (const std::string& v : candidates(texts)) {
      if (!semver::parse(v)) continue;
      const bool want = semver::satisfies(v, p.npm_range, oracle_options);
      const bool got = matched_by(*idx, p.name, v, a.id);
      ++checks;
      if (want != got) {
        ++mismatches;
        if (mismatches <= 25) {
          ADD_FAILURE() << a.id << " " << p.name << "@" << v << ": vulnerable_versions \"" << p.npm_range << "\" says " << want
                        << ", the matcher " << got;
        }
      }
    }
  }
  std::cout << "[ oracle   ] " << checks << " versions checked over " << with_text << " records\n";
  EXPECT_EQ(with_text, 467u);
  EXPECT_EQ(without_ranges, 20u);
  EXPECT_GT(checks, 20000u);
  EXPECT_EQ(mismatches, 0u) << "of " << checks << " checks";
}

// The OSV records of osv-npm (ghsa-graphql/*.osv.json and osv/*.json; the other folders hold other
// formats, see its README), ingested from a copy.
class VulnOsvNpm : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(std::filesystem::is_directory(kOsvNpm)) << kOsvNpm;
    std::filesystem::create_directories(tmp_ / "feed");
    size_t n = 0;
    for (const char* sub : {"ghsa-graphql", "osv"}) {
      for (const auto& e : std::filesystem::directory_iterator(kOsvNpm / sub)) {
        const std::string name = e.path().filename().string();
        if (std::string(sub) == "ghsa-graphql" && name.find(".osv.json") == std::string::npos) continue;
        std::filesystem::copy_file(e.path(), tmp_ / "feed" / name);
        ++n;
      }
    }
    ASSERT_EQ(n, 8u);
    db_ = std::make_unique<Database>(open_rw(tmp_ / "v.db"));
    UpdateReport r = update_ok(*db_, (tmp_ / "feed").string());
    EXPECT_EQ(r.inserted, 8u);
    EXPECT_TRUE(r.warnings.empty());
    auto idx = db_->load_for({"i18next", "mixin-deep", "shiba", "jquery", "marky-markdown", "set-value", "set-value-nuget",
                              "@babel/traverse", "babel-traverse", "@rootio/semver"});
    ASSERT_TRUE(idx);
    idx_ = std::make_unique<AdvisoryIndex>(std::move(*idx));
  }
  bool hit(const char* name, const char* version) { return !idx_->match(name, version).empty(); }
  TempDir tmp_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<AdvisoryIndex> idx_;
};

TEST_F(VulnOsvNpm, GreaterThanLowerBoundAsPrerelease) {
  // jquery "> 2.1.0, < 3.0.0" became introduced "2.1.1-0".
  EXPECT_FALSE(hit("jquery", "2.1.0"));
  EXPECT_TRUE(hit("jquery", "2.1.1-0"));
  EXPECT_TRUE(hit("jquery", "2.1.1-beta"));
  EXPECT_TRUE(hit("jquery", "2.2.4"));
  EXPECT_FALSE(hit("jquery", "3.0.0"));
  EXPECT_EQ(idx_->match("jquery", "2.2.4")[0].fixed, std::vector<std::string>{"3.0.0"});
}

TEST_F(VulnOsvNpm, UnsortedEvents) {
  EXPECT_TRUE(hit("mixin-deep", "1.3.1"));
  EXPECT_FALSE(hit("mixin-deep", "1.3.2"));
  EXPECT_FALSE(hit("mixin-deep", "1.3.3"));
  EXPECT_TRUE(hit("mixin-deep", "2.0.0"));
  EXPECT_FALSE(hit("mixin-deep", "2.0.1"));
  EXPECT_EQ(idx_->match("mixin-deep", "1.0.0")[0].fixed, (std::vector<std::string>{"1.3.2", "2.0.1"}));
}

TEST_F(VulnOsvNpm, LessOrEqualWithoutPatchIsOpenEnded) {
  // The old converter turned shiba "<= 1.2.1" into {"introduced":"0"} only: every version, as the record says.
  EXPECT_TRUE(hit("shiba", "1.2.1"));
  EXPECT_TRUE(hit("shiba", "7.0.0"));
  EXPECT_TRUE(idx_->match("shiba", "1.0.0")[0].fixed.empty());
  EXPECT_TRUE(hit("marky-markdown", "0.0.0"));  // introduced "0.0.0"
}

TEST_F(VulnOsvNpm, TwoPairsAndAnotherEcosystem) {
  EXPECT_TRUE(hit("set-value", "2.0.0"));
  EXPECT_FALSE(hit("set-value", "2.0.1"));
  EXPECT_TRUE(hit("set-value", "3.0.0"));
  EXPECT_FALSE(hit("set-value", "4.0.1"));
  EXPECT_FALSE(hit("set-value-nuget", "1.0.0"));  // NuGet
  auto m = idx_->match("set-value", "3.5.0");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].ids, (std::vector<std::string>{"GHSA-4jqc-8m5r-9rpr", "CVE-2021-23440"}));
}

TEST_F(VulnOsvNpm, TwoEntriesWithPrereleaseBounds) {
  EXPECT_TRUE(hit("@babel/traverse", "7.23.1"));
  EXPECT_FALSE(hit("@babel/traverse", "7.23.2"));
  EXPECT_TRUE(hit("@babel/traverse", "8.0.0-alpha.0"));
  EXPECT_TRUE(hit("@babel/traverse", "8.0.0-alpha.3"));
  EXPECT_FALSE(hit("@babel/traverse", "8.0.0-alpha.4"));
  EXPECT_FALSE(hit("@babel/traverse", "8.0.0"));
  EXPECT_TRUE(hit("babel-traverse", "6.26.0"));  // introduced 0, no fix
  auto m = idx_->match("@babel/traverse", "8.0.0-alpha.1");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].affected_index, 1u);
}

TEST_F(VulnOsvNpm, OtherEcosystemsAreStoredButNotMatched) {
  EXPECT_FALSE(hit("@rootio/semver", "7.5.1"));
  auto full = db_->advisory("GHSA-c2qf-rxjj-qqgw");  // an alias of the Root record
  ASSERT_TRUE(full && full->has_value());
  EXPECT_EQ((*full)->id, "ROOT-APP-NPM-CVE-2022-25883");
  EXPECT_EQ((*full)->affected.at(0).ecosystem, "Root:npm");
  EXPECT_EQ((*full)->references.size(), 2u);
}

TEST(VulnOsvNpmShapes, GrypeRecordsRangesAsEvents) {
  // The awkward ranges of the grype GHSA records (vunnel-ghsa/, not OSV), written as the events an
  // OSV converter emits for them, checked against node-semver on the original text.
  struct Case {
    const char* name;
    const char* text;  // vunnel's range
    std::vector<std::pair<std::string, std::string>> events;
  };
  const std::vector<Case> cases = {
      {"ip", "<= 2.0.1", {{"introduced", "0"}, {"last_affected", "2.0.1"}}},
      {"@octokit/request", ">= 9.0.0-beta.1 < 9.2.1", {{"introduced", "9.0.0-beta.1"}, {"fixed", "9.2.1"}}},
      {"@octokit/request", ">= 1.0.0 < 8.4.1", {{"introduced", "1.0.0"}, {"fixed", "8.4.1"}}},
      {"scratch-vm", "<= 0.2.0-prerelease.20200709173451", {{"introduced", "0"}, {"last_affected", "0.2.0-prerelease.20200709173451"}}},
      {"undici", ">= 6.0.0 <= 6.6.0", {{"introduced", "6.0.0"}, {"last_affected", "6.6.0"}}},
      {"request", ">= 2.2.6 < 2.47.0", {{"introduced", "2.2.6"}, {"fixed", "2.47.0"}}},
  };
  size_t checks = 0;
  for (size_t i = 0; i < cases.size(); ++i) {
    const Case& c = cases[i];
    auto idx = index_of({npm_record("GHSA-case-" + std::to_string(i), c.name, semver_range(c.events))});
    std::vector<std::string> texts = {c.text};
    for (const auto& e : c.events) texts.push_back(e.second);
    for (const auto& v : candidates(texts)) {
      if (!semver::parse(v)) continue;
      ++checks;
      EXPECT_EQ(!idx.match(c.name, v).empty(), semver::satisfies(v, c.text, semver::Options{true, true})) << c.text << " @ " << v;
    }
  }
  EXPECT_GT(checks, 100u);
  auto scratch = index_of({npm_record("GHSA-vc9j-fhvv-8vrf", "scratch-vm", semver_range({{"introduced", "0"}, {"fixed", "0.2.0-prerelease.20200714185213"}}))});
  EXPECT_TRUE(!scratch.match("scratch-vm", "0.2.0-prerelease.20200709173451").empty());
  EXPECT_TRUE(scratch.match("scratch-vm", "0.2.0-prerelease.20200714185213").empty());
  EXPECT_TRUE(scratch.match("scratch-vm", "0.2.0").empty());
}

}  // namespace
}  // namespace vigil::vuln
