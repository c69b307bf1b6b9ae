// The OSV record parser: every field, and the records it refuses.
#include <gtest/gtest.h>

#include "vuln/internal.h"
#include "vuln_test_util.h"

namespace vigil::vuln {
namespace {

TEST(VulnOsv, ReadsEveryField) {
  const char* json = R"({
    "schema_version": "1.6.0", "id": "GHSA-1234-5678-9abc", "modified": "2024-05-01T00:00:00Z",
    "published": "2024-04-01T00:00:00Z", "aliases": ["CVE-2024-1"], "related": ["GHSA-x"],
    "summary": "Prototype pollution", "details": "Long text.",
    "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
    "affected": [{
      "package": {"ecosystem": "npm", "name": "@scope/pkg", "purl": "pkg:npm/%40scope/pkg"},
      "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "1.2.3"}], "database_specific": {"x": 1}},
                 {"type": "GIT", "repo": "https://example.invalid/r.git", "events": [{"introduced": "0"}, {"limit": "abc"}]}],
      "versions": ["1.0.0"],
      "severity": [{"type": "CVSS_V4", "score": "CVSS:4.0/AV:N"}],
      "ecosystem_specific": {"anything": [1, 2]},
      "database_specific": {"vulnerable_versions": "<1.2.3", "patched_versions": ">=1.2.3"}
    }],
    "references": [{"type": "ADVISORY", "url": "https://example.invalid/a"}, {"type": "WEB", "url": "https://example.invalid/b"}],
    "database_specific": {"severity": "MODERATE", "cwe_ids": ["CWE-1321"]},
    "credits": [{"name": "someone"}]
  })";
  auto a = parse_advisory(json, "x.json");
  ASSERT_TRUE(a) << a.error().to_string();
  EXPECT_EQ(a->id, "GHSA-1234-5678-9abc");
  EXPECT_EQ(a->modified, "2024-05-01T00:00:00Z");
  EXPECT_EQ(a->published, "2024-04-01T00:00:00Z");
  EXPECT_EQ(a->schema_version, "1.6.0");
  EXPECT_EQ(a->aliases, std::vector<std::string>{"CVE-2024-1"});
  EXPECT_EQ(a->related, std::vector<std::string>{"GHSA-x"});
  EXPECT_EQ(a->summary, "Prototype pollution");
  EXPECT_EQ(a->details, "Long text.");
  ASSERT_EQ(a->severity.size(), 1u);
  EXPECT_EQ(a->severity[0].type, "CVSS_V3");
  EXPECT_EQ(a->rating, Severity::Moderate);
  EXPECT_NE(a->database_specific.find("\"cwe_ids\":[\"CWE-1321\"]"), std::string::npos);
  ASSERT_EQ(a->affected.size(), 1u);
  const AffectedPackage& p = a->affected[0];
  EXPECT_EQ(p.ecosystem, "npm");
  EXPECT_EQ(p.name, "@scope/pkg");
  EXPECT_EQ(p.purl, "pkg:npm/%40scope/pkg");
  ASSERT_EQ(p.ranges.size(), 2u);
  EXPECT_EQ(p.ranges[0].type, RangeType::Semver);
  ASSERT_EQ(p.ranges[0].events.size(), 2u);
  EXPECT_EQ(p.ranges[0].events[1].kind, EventKind::Fixed);
  EXPECT_EQ(p.ranges[0].events[1].version, "1.2.3");
  EXPECT_EQ(p.ranges[1].type, RangeType::Git);
  EXPECT_EQ(p.ranges[1].repo, "https://example.invalid/r.git");
  EXPECT_EQ(p.ranges[1].events[1].kind, EventKind::Limit);
  EXPECT_EQ(p.versions, std::vector<std::string>{"1.0.0"});
  EXPECT_EQ(p.severity.size(), 1u);
  EXPECT_EQ(p.npm_range, "<1.2.3");
  ASSERT_EQ(a->references.size(), 2u);
  EXPECT_EQ(a->references[1].url, "https://example.invalid/b");

  // The compact encodings round-trip.
  AffectedPackage back;
  ASSERT_TRUE(detail::decode_affected(detail::encode_affected(p), back));
  EXPECT_EQ(back.ranges.size(), 2u);
  EXPECT_EQ(back.ranges[1].repo, p.ranges[1].repo);
  EXPECT_EQ(back.ranges[0].events[1].version, "1.2.3");
  EXPECT_EQ(back.versions, p.versions);
  EXPECT_EQ(back.npm_range, p.npm_range);
  EXPECT_EQ(back.severity[0].score, "CVSS:4.0/AV:N");
  Advisory brief;
  ASSERT_TRUE(detail::decode_brief(detail::encode_brief(*a), brief));
  EXPECT_EQ(brief.aliases, a->aliases);
  EXPECT_EQ(brief.related, a->related);
  EXPECT_EQ(brief.severity[0].score, a->severity[0].score);
  // A damaged blob is refused, never read past its end.
  std::string enc = detail::encode_affected(p);
  for (size_t cut = 0; cut < enc.size(); ++cut) {
    AffectedPackage x;
    EXPECT_FALSE(detail::decode_affected(std::string_view(enc).substr(0, cut), x)) << cut;
  }
}

TEST(VulnOsv, RatingSpellings) {
  for (auto [text, want] : std::vector<std::pair<const char*, Severity>>{
           {"LOW", Severity::Low}, {"MEDIUM", Severity::Moderate}, {"HIGH", Severity::High}, {"CRITICAL", Severity::Critical}, {"weird", Severity::Unknown}}) {
    auto a = parse_advisory(std::string(R"({"id":"X","modified":"m","database_specific":{"severity":")") + text + "\"}}", "x.json");
    ASSERT_TRUE(a);
    EXPECT_EQ(a->rating, want) << text;
  }
  auto none = parse_advisory(R"({"id":"X","modified":"m"})", "x.json");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->rating, Severity::Unknown);
}

struct Bad {
  std::string json;
  const char* message;  // part of the error
};

TEST(VulnOsv, RefusesMalformedRecordsNamingFileAndId) {
  const std::vector<Bad> cases = {
      {R"({"id":"X","modified":)", "not valid JSON"},
      {R"([1,2])", "JSON object"},
      {R"({"modified":"m"})", "no \"id\""},
      {R"({"id":7,"modified":"m"})", "\"id\" is not a string"},
      {R"({"id":"GHSA-q","summary":"s"})", "record GHSA-q: \"modified\" is missing"},
      {R"({"id":"GHSA-q","modified":5})", "record GHSA-q: modified: expected a string"},
      {R"({"id":"GHSA-q","modified":"m","aliases":"CVE-1"})", "aliases: expected an array"},
      {R"({"id":"GHSA-q","modified":"m","aliases":[1]})", "aliases[0]: expected a string"},
      {R"({"id":"GHSA-q","modified":"m","affected":{}})", "affected: expected an array"},
      {R"({"id":"GHSA-q","modified":"m","affected":[{"package":{"name":3}}]})", "affected[0].package.name: expected a string"},
      {R"({"id":"GHSA-q","modified":"m","affected":[{"ranges":[{"type":"SEMVER","events":[{"introduced":0}]}]}]})",
       "affected[0].ranges[0].events[0].introduced: expected a string"},
      {R"({"id":"GHSA-q","modified":"m","affected":[{"ranges":[{"type":"SEMVER","events":[{"bogus":"1"}]}]}]})",
       "needs introduced, fixed, last_affected or limit"},
      {R"({"id":"GHSA-q","modified":"m","affected":[{"ranges":[{"type":"SEMVER","events":[{"introduced":"0","fixed":"1"}]}]}]})", "not several"},
      {R"({"id":"GHSA-q","modified":"m","affected":[{"ranges":[{"type":"WHATEVER","events":[]}]}]})", "unknown range type"},
      {R"({"id":"GHSA-q","modified":"m","affected":[{"ranges":[{"events":[]}]}]})", "affected[0].ranges[0].type: missing"},
      {R"({"id":"GHSA-q","modified":"m","references":[{"url":1}]})", "references[0].url: expected a string"},
      {R"({"id":"GHSA-q","modified":"m","database_specific":[]})", "database_specific: expected an object"},
      {std::string("{\"id\":\"GHSA-q\",\"modified\":\"m\",\"summary\":\"bad \xff\xfe bytes\"}"), "not valid UTF-8"},
  };
  for (const auto& c : cases) {
    auto a = parse_advisory(c.json, "feed.zip:GHSA-q.json");
    ASSERT_FALSE(a) << c.json;
    EXPECT_EQ(a.error().file, "feed.zip:GHSA-q.json");
    EXPECT_NE(a.error().message.find(c.message), std::string::npos) << c.json << " -> " << a.error().message;
  }
}

TEST(VulnOsv, NullsAreAbsentFields) {
  auto a = parse_advisory(R"({"id":"X","modified":"m","withdrawn":null,"aliases":null,"affected":[{"package":null,"ranges":null}]})", "x");
  ASSERT_TRUE(a) << a.error().to_string();
  EXPECT_TRUE(a->withdrawn.empty());
  EXPECT_EQ(a->affected.size(), 1u);
}

TEST(VulnOsv, SourceFromText) {
  EXPECT_TRUE(Source::from("https://example.invalid/all.zip").is_url);
  EXPECT_TRUE(Source::from("HTTP://127.0.0.1:8/x").is_url);
  EXPECT_FALSE(Source::from("/tmp/all.zip").is_url);
  EXPECT_FALSE(Source::from("httpdocs/all.zip").is_url);
}

TEST(VulnOsv, DefaultDatabasePath) {
  const char* old_xdg = std::getenv("XDG_CACHE_HOME");
  const char* old_home = std::getenv("HOME");
  std::string xdg = old_xdg ? old_xdg : "", home = old_home ? old_home : "";
  setenv("XDG_CACHE_HOME", "/x/cache", 1);
  EXPECT_EQ(default_database_path(), std::filesystem::path("/x/cache/vigil/vuln.db"));
  unsetenv("XDG_CACHE_HOME");
  setenv("HOME", "/home/u", 1);
  EXPECT_EQ(default_database_path(), std::filesystem::path("/home/u/.cache/vigil/vuln.db"));
  unsetenv("HOME");
  EXPECT_TRUE(default_database_path().empty());
  if (old_xdg) setenv("XDG_CACHE_HOME", xdg.c_str(), 1);
  if (old_home) setenv("HOME", home.c_str(), 1);
}

}  // namespace
}  // namespace vigil::vuln
