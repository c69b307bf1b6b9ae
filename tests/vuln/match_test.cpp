// The matcher: each OSV evaluation rule with small records written here.
#include <gtest/gtest.h>

#include "vuln/internal.h"
#include "vuln_test_util.h"

namespace vigil::vuln {
namespace {

using test::ids_of;
using test::index_of;
using test::npm_record;
using test::semver_range;

bool hits(const AdvisoryIndex& idx, const char* pkg, const char* version) { return !idx.match(pkg, version).empty(); }

TEST(VulnMatch, IntroducedZeroAndFixed) {
  auto idx = index_of({npm_record("GHSA-aaaa-aaaa-aaaa", "left-pad", semver_range({{"introduced", "0"}, {"fixed", "1.3.0"}}))});
  EXPECT_TRUE(hits(idx, "left-pad", "0.0.1"));
  EXPECT_TRUE(hits(idx, "left-pad", "1.2.9"));
  EXPECT_TRUE(hits(idx, "left-pad", "1.3.0-rc.1"));  // a prerelease orders before its release
  EXPECT_FALSE(hits(idx, "left-pad", "1.3.0"));
  EXPECT_FALSE(hits(idx, "left-pad", "2.0.0"));
  EXPECT_FALSE(hits(idx, "right-pad", "1.0.0"));
  EXPECT_FALSE(hits(idx, "left-pad", "not-a-version"));
  auto m = idx.match("left-pad", "1.0.0");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].fixed, std::vector<std::string>{"1.3.0"});
  EXPECT_EQ(m[0].affected_index, 0u);
}

TEST(VulnMatch, IntroducedAboveZero) {
  auto idx = index_of({npm_record("GHSA-a", "p", semver_range({{"introduced", "2.0.0"}, {"fixed", "2.4.1"}}))});
  EXPECT_FALSE(hits(idx, "p", "1.9.9"));
  EXPECT_FALSE(hits(idx, "p", "2.0.0-beta.1"));  // below the introduced version
  EXPECT_TRUE(hits(idx, "p", "2.0.0"));
  EXPECT_TRUE(hits(idx, "p", "2.4.0"));
  EXPECT_TRUE(hits(idx, "p", "2.4.1-0"));
  EXPECT_FALSE(hits(idx, "p", "2.4.1"));
}

TEST(VulnMatch, LastAffectedIsInclusive) {
  auto idx = index_of({npm_record("GHSA-a", "p", semver_range({{"introduced", "0"}, {"last_affected", "1.5.1"}}))});
  EXPECT_TRUE(hits(idx, "p", "1.5.1"));
  EXPECT_TRUE(hits(idx, "p", "1.5.1-alpha"));
  EXPECT_FALSE(hits(idx, "p", "1.5.2-alpha"));
  EXPECT_FALSE(hits(idx, "p", "1.5.2"));
  EXPECT_TRUE(idx.match("p", "1.0.0")[0].fixed.empty());
}

TEST(VulnMatch, IntroducedOnlyMeansEveryLaterVersion) {
  auto idx = index_of({npm_record("GHSA-a", "p", semver_range({{"introduced", "0.0.1"}}))});
  EXPECT_FALSE(hits(idx, "p", "0.0.0"));
  EXPECT_TRUE(hits(idx, "p", "0.0.1"));
  EXPECT_TRUE(hits(idx, "p", "999.0.0"));
}

TEST(VulnMatch, LimitCapsTheRange) {
  auto idx = index_of({npm_record("GHSA-a", "p", semver_range({{"introduced", "0"}, {"limit", "3.0.0"}}))});
  EXPECT_TRUE(hits(idx, "p", "2.9.9"));
  EXPECT_FALSE(hits(idx, "p", "3.0.0"));
  EXPECT_FALSE(hits(idx, "p", "4.0.0"));
}

TEST(VulnMatch, SeveralIntroducedFixedPairsInOneRange) {
  // set-value's shape: 0 -> 2.0.1, 3.0.0 -> 4.0.1.
  auto idx = index_of({npm_record("GHSA-a", "set-value",
                                  semver_range({{"introduced", "0"}, {"fixed", "2.0.1"}, {"introduced", "3.0.0"}, {"fixed", "4.0.1"}}))});
  EXPECT_TRUE(hits(idx, "set-value", "2.0.0"));
  EXPECT_FALSE(hits(idx, "set-value", "2.0.1"));
  EXPECT_FALSE(hits(idx, "set-value", "2.9.0"));
  EXPECT_TRUE(hits(idx, "set-value", "3.0.0"));
  EXPECT_TRUE(hits(idx, "set-value", "4.0.0"));
  EXPECT_FALSE(hits(idx, "set-value", "4.0.1"));
  EXPECT_EQ(idx.match("set-value", "1.0.0")[0].fixed, (std::vector<std::string>{"2.0.1", "4.0.1"}));
}

TEST(VulnMatch, UnsortedEventsAreSortedByVersion) {
  // mixin-deep's converted shape: introduced 0, introduced 2.0.0, fixed 2.0.1, fixed 1.3.2.
  auto idx = index_of({npm_record("GHSA-a", "mixin-deep",
                                  semver_range({{"introduced", "0"}, {"introduced", "2.0.0"}, {"fixed", "2.0.1"}, {"fixed", "1.3.2"}}))});
  EXPECT_TRUE(hits(idx, "mixin-deep", "1.3.1"));
  EXPECT_FALSE(hits(idx, "mixin-deep", "1.3.2"));
  EXPECT_FALSE(hits(idx, "mixin-deep", "1.9.0"));
  EXPECT_TRUE(hits(idx, "mixin-deep", "2.0.0"));
  EXPECT_FALSE(hits(idx, "mixin-deep", "2.0.1"));
  // Written backwards entirely.
  auto back = index_of({npm_record("GHSA-b", "p", semver_range({{"fixed", "5.0.0"}, {"introduced", "4.0.0"}}))});
  EXPECT_FALSE(hits(back, "p", "3.0.0"));
  EXPECT_TRUE(hits(back, "p", "4.5.0"));
  EXPECT_FALSE(hits(back, "p", "5.0.0"));
}

TEST(VulnMatch, OverlappingPairsAreAUnion) {
  // NSWG-ECO-490's converted "<2.0.1 || <1.1.7": two pairs from 0 in one range.
  auto idx = index_of({npm_record("NSWG-ECO-490", "node.extend",
                                  semver_range({{"introduced", "0"}, {"fixed", "2.0.1"}, {"introduced", "0"}, {"fixed", "1.1.7"}}))});
  EXPECT_TRUE(hits(idx, "node.extend", "1.1.6"));
  EXPECT_TRUE(hits(idx, "node.extend", "1.5.0"));
  EXPECT_TRUE(hits(idx, "node.extend", "2.0.0"));
  EXPECT_FALSE(hits(idx, "node.extend", "2.0.1"));
  // An open last pair.
  auto open = index_of({npm_record("GHSA-o", "p", semver_range({{"introduced", "0"}, {"fixed", "1.0.0"}, {"introduced", "3.0.0"}}))});
  EXPECT_TRUE(hits(open, "p", "0.9.0"));
  EXPECT_FALSE(hits(open, "p", "2.0.0"));
  EXPECT_TRUE(hits(open, "p", "3.0.0"));
  EXPECT_TRUE(hits(open, "p", "30.0.0"));
}

TEST(VulnMatch, SeveralRangesAndEcosystemType) {
  std::string ranges = R"([{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"1.0.0"}]},)"
                       R"({"type":"SEMVER","events":[{"introduced":"2.0.0"},{"fixed":"2.0.5"}]}])";
  auto idx = index_of({npm_record("GHSA-a", "p", ranges)});
  EXPECT_TRUE(hits(idx, "p", "0.5.0"));
  EXPECT_FALSE(hits(idx, "p", "1.5.0"));
  EXPECT_TRUE(hits(idx, "p", "2.0.4"));
  EXPECT_EQ(idx.match("p", "2.0.4")[0].fixed, (std::vector<std::string>{"1.0.0", "2.0.5"}));
}

TEST(VulnMatch, GitRangesAreIgnored) {
  std::string ranges = R"([{"type":"GIT","repo":"https://example.invalid/x.git","events":[{"introduced":"0"},{"fixed":"abc123"}]}])";
  auto idx = index_of({npm_record("GHSA-a", "p", ranges)});
  EXPECT_FALSE(hits(idx, "p", "1.0.0"));
}

TEST(VulnMatch, ExplicitVersionsMatchExactly) {
  auto idx = index_of({npm_record("MAL-2024-1", "evil-pkg", "[]", R"("versions":["1.0.1","1.0.2"])")});
  EXPECT_TRUE(hits(idx, "evil-pkg", "1.0.1"));
  EXPECT_TRUE(hits(idx, "evil-pkg", "1.0.2"));
  EXPECT_FALSE(hits(idx, "evil-pkg", "1.0.3"));
  EXPECT_FALSE(hits(idx, "evil-pkg", "1.0.0"));
  // versions alongside a range: either one.
  auto both = index_of({npm_record("GHSA-a", "p", semver_range({{"introduced", "2.0.0"}, {"fixed", "2.1.0"}}), R"("versions":["1.0.0"])")});
  EXPECT_TRUE(hits(both, "p", "1.0.0"));
  EXPECT_TRUE(hits(both, "p", "2.0.5"));
  EXPECT_FALSE(hits(both, "p", "1.0.1"));
}

TEST(VulnMatch, BadEventVersionNeverMatches) {
  std::string ranges = R"([{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"< 6.13.3"}]},)"
                       R"({"type":"SEMVER","events":[{"introduced":"7.0.0"},{"fixed":"7.1.0"}]}])";
  auto a = test::parsed(npm_record("GHSA-m6cx-g6qm-p2cx", "p", ranges));
  std::vector<Error> warnings;
  detail::check_ranges(a, "x.json", warnings);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].message.find("GHSA-m6cx-g6qm-p2cx"), std::string::npos);
  EXPECT_NE(warnings[0].message.find("never matches"), std::string::npos);
  auto idx = AdvisoryIndex::build({a});
  EXPECT_FALSE(hits(idx, "p", "1.0.0"));  // the bad range
  EXPECT_TRUE(hits(idx, "p", "7.0.1"));   // the good one still works
}

TEST(VulnMatch, NpmRangeFallbackWhenNoRangesNorVersions) {
  auto idx = index_of({npm_record("NSWG-ECO-9", "p", "[]", R"("database_specific":{"vulnerable_versions":">1.0.0 <1.4.0 || >=2.0.0 <2.0.3"})")});
  EXPECT_FALSE(hits(idx, "p", "1.0.0"));
  EXPECT_TRUE(hits(idx, "p", "1.0.1"));
  EXPECT_TRUE(hits(idx, "p", "1.4.0-0"));  // prereleases order as in the event rules
  EXPECT_FALSE(hits(idx, "p", "1.4.0"));
  EXPECT_TRUE(hits(idx, "p", "2.0.2"));
  // Not used when there are ranges.
  auto ranged = index_of({npm_record("GHSA-a", "p", semver_range({{"introduced", "0"}, {"fixed", "1.0.0"}}),
                                     R"("database_specific":{"vulnerable_versions":"<99.0.0"})")});
  EXPECT_FALSE(hits(ranged, "p", "5.0.0"));
}

TEST(VulnMatch, OnlyNpmEntriesMatch) {
  std::string rec = R"({"id":"GHSA-x","modified":"2024-01-01T00:00:00Z","affected":[)"
                    R"({"package":{"ecosystem":"PyPI","name":"p"},"ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"}]}]},)"
                    R"({"package":{"ecosystem":"Root:npm","name":"p"},"ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"}]}]},)"
                    R"({"package":{"ecosystem":"npm","name":"q"},"ranges":[{"type":"SEMVER","events":[{"introduced":"0"}]}]}]})";
  auto idx = index_of({rec});
  EXPECT_FALSE(hits(idx, "p", "1.0.0"));
  auto m = idx.match("q", "1.0.0");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].affected_index, 2u);
}

TEST(VulnMatch, WithdrawnRecordsAreSkipped) {
  auto idx = index_of({npm_record("GHSA-w", "p", semver_range({{"introduced", "0"}}), "", R"("withdrawn":"2024-02-01T00:00:00Z")")});
  EXPECT_FALSE(hits(idx, "p", "1.0.0"));
  EXPECT_EQ(idx.size(), 0u);
}

TEST(VulnMatch, AliasGroupsGiveOneMatchWithAPrimaryId) {
  // A GHSA record and an NSWG record share CVE-2020-1; a CVE record is the CVE itself; a MAL
  // record names the GHSA in its aliases. All four describe one vulnerability.
  auto rng = semver_range({{"introduced", "0"}, {"fixed", "2.0.0"}});
  auto idx = index_of({
      npm_record("CVE-2020-1", "p", rng, "", R"("database_specific":{"severity":"LOW"})"),
      npm_record("NSWG-ECO-5", "p", semver_range({{"introduced", "0"}, {"fixed", "1.5.0"}}), "", R"("aliases":["CVE-2020-1"])"),
      npm_record("GHSA-zzzz-0000-0000", "p", rng, "", R"("aliases":["CVE-2020-1"],"database_specific":{"severity":"HIGH"})"),
      npm_record("MAL-2020-9", "p", rng, "", R"("aliases":["GHSA-zzzz-0000-0000"])"),
      npm_record("GHSA-other-0000-0000", "p", rng),  // unrelated
  });
  auto m = idx.match("p", "1.0.0");
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(ids_of(m), (std::vector<std::string>{"GHSA-other-0000-0000", "GHSA-zzzz-0000-0000"}));
  const Match& g = m[1];
  EXPECT_EQ(g.ids, (std::vector<std::string>{"GHSA-zzzz-0000-0000", "MAL-2020-9", "NSWG-ECO-5", "CVE-2020-1"}));
  ASSERT_EQ(g.advisories.size(), 4u);
  EXPECT_EQ(g.advisories[0]->id, "GHSA-zzzz-0000-0000");
  EXPECT_EQ(g.severity, Severity::High);
  // At 1.7.0 the NSWG record no longer matches; the group still does, without it.
  auto later = idx.match("p", "1.7.0");
  ASSERT_EQ(later.size(), 2u);
  EXPECT_EQ(later[1].advisories.size(), 3u);
}

TEST(VulnMatch, PrimaryPrefersNonCveWhenNoGhsa) {
  auto rng = semver_range({{"introduced", "0"}});
  auto idx = index_of({npm_record("CVE-2019-2", "p", rng), npm_record("NSWG-ECO-7", "p", rng, "", R"("aliases":["CVE-2019-2"])")});
  auto m = idx.match("p", "1.0.0");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].advisory->id, "NSWG-ECO-7");
  EXPECT_EQ(m[0].ids, (std::vector<std::string>{"NSWG-ECO-7", "CVE-2019-2"}));
}

TEST(VulnMatch, FixedVersionsAreSemverSortedAndUnique) {
  std::string ranges = R"([{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"10.0.0"}]},)"
                       R"({"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"9.1.0"}]},)"
                       R"({"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"10.0.0"}]},)"
                       R"({"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"10.0.0-rc.2"}]}])";
  auto idx = index_of({npm_record("GHSA-a", "p", ranges)});
  EXPECT_EQ(idx.match("p", "1.0.0")[0].fixed, (std::vector<std::string>{"9.1.0", "10.0.0-rc.2", "10.0.0"}));
}

TEST(VulnMatch, TwoEntriesForOnePackage) {
  // @babel/traverse's shape: two affected entries with prerelease bounds.
  std::string rec = R"({"id":"GHSA-67hx-6x53-jw92","modified":"2024-01-01T00:00:00Z","affected":[)"
                    R"({"package":{"ecosystem":"npm","name":"@babel/traverse"},"ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"7.23.2"}]}]},)"
                    R"({"package":{"ecosystem":"npm","name":"@babel/traverse"},"ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"8.0.0-alpha.0"},{"fixed":"8.0.0-alpha.4"}]}]}]})";
  auto idx = index_of({rec});
  EXPECT_TRUE(hits(idx, "@babel/traverse", "7.23.1"));
  EXPECT_FALSE(hits(idx, "@babel/traverse", "7.23.2"));
  auto m = idx.match("@babel/traverse", "8.0.0-alpha.2");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].affected_index, 1u);
  EXPECT_EQ(m[0].fixed, std::vector<std::string>{"8.0.0-alpha.4"});
  EXPECT_FALSE(hits(idx, "@babel/traverse", "8.0.0-alpha.4"));
  EXPECT_FALSE(hits(idx, "@babel/traverse", "8.0.0"));
}

TEST(VulnMatch, LooseVersionsAreAccepted) {
  auto idx = index_of({npm_record("GHSA-a", "p", semver_range({{"introduced", "v1.0.0"}, {"fixed", "=1.2.0"}}))});
  EXPECT_TRUE(hits(idx, "p", "v1.1.0"));
  EXPECT_TRUE(hits(idx, "p", "1.1.0"));
  EXPECT_FALSE(hits(idx, "p", "1.2.0"));
}

TEST(VulnMatch, ResultsAreSortedByPrimaryId) {
  auto rng = semver_range({{"introduced", "0"}});
  auto idx = index_of({npm_record("GHSA-c", "p", rng), npm_record("GHSA-a", "p", rng), npm_record("GHSA-b", "p", rng)});
  EXPECT_EQ(ids_of(idx.match("p", "1.0.0")), (std::vector<std::string>{"GHSA-a", "GHSA-b", "GHSA-c"}));
}

TEST(VulnMatch, IdOrder) {
  EXPECT_TRUE(id_before("GHSA-b", "MAL-a"));
  EXPECT_TRUE(id_before("MAL-a", "CVE-2000-1"));
  EXPECT_TRUE(id_before("NSWG-ECO-1", "PYSEC-1"));
  EXPECT_TRUE(id_before("GHSA-a", "GHSA-b"));
  EXPECT_FALSE(id_before("CVE-1", "GHSA-a"));
}

}  // namespace
}  // namespace vigil::vuln
