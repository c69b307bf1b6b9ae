// vigil::cvss unit tests: the specification's worked example, which optional scores are set,
// the normalized vector, the rounding functions at their edges, v4 nomenclature, and every
// kind of invalid vector with its message.
#include <gtest/gtest.h>

#include <string>

#include "vuln/cvss/cvss.h"
#include "vuln/cvss/internal.h"

namespace vigil::cvss {
namespace {

Score ok(std::string_view vector) {
  auto s = score(vector);
  EXPECT_TRUE(s.ok()) << vector << ": " << s.error().message;
  return s.ok() ? *s : Score{};
}

// The message of the error score(vector) must give.
std::string error_of(std::string_view vector) {
  auto s = score(vector);
  EXPECT_FALSE(s.ok()) << vector << " was accepted: " << s->score;
  if (s.ok()) return "";
  EXPECT_TRUE(s.error().file.empty());
  return s.error().message;
}

constexpr const char* kCritical31 = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";

TEST(Cvss, V31WorkedExample) {
  // ISS = 0.9148, impact 5.873, exploitability 3.887, Roundup(9.760) = 9.8.
  Score s = ok(kCritical31);
  EXPECT_EQ(s.version, Version::V3_1);
  EXPECT_EQ(s.base, 9.8);
  EXPECT_EQ(s.score, 9.8);
  EXPECT_EQ(s.rating, Rating::Critical);
  EXPECT_FALSE(s.temporal.has_value());
  EXPECT_FALSE(s.environmental.has_value());
  EXPECT_EQ(s.normalized_vector, kCritical31);
  EXPECT_EQ(s.nomenclature, "");
}

TEST(Cvss, V3TemporalAndEnvironmentalOnlyWhenDefined) {
  Score x = ok("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:X/RL:X/RC:X/CR:X/MAV:X");
  EXPECT_FALSE(x.temporal || x.environmental);
  EXPECT_EQ(x.score, 9.8);
  EXPECT_EQ(x.normalized_vector, kCritical31);  // X is the same as leaving the metric out

  Score t = ok("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U/RL:O/RC:C");
  ASSERT_TRUE(t.temporal.has_value());
  EXPECT_EQ(*t.temporal, 8.5);  // Roundup(9.8 x 0.91 x 0.95 x 1) = Roundup(8.4721)
  EXPECT_FALSE(t.environmental.has_value());
  EXPECT_EQ(t.score, 8.5);
  EXPECT_EQ(t.rating, Rating::High);

  Score e = ok("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U/RL:O/RC:C/MAV:P/CR:L");
  ASSERT_TRUE(e.temporal && e.environmental);
  EXPECT_EQ(*e.temporal, 8.5);
  EXPECT_LT(*e.environmental, *e.temporal);
  EXPECT_EQ(e.score, *e.environmental);
  EXPECT_EQ(e.rating, rating_of(e.score));
}

TEST(Cvss, V31ScopeChangedEnvironmentalEquationDiffersWithoutEnvironmentalMetrics) {
  const char* v = "CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H";
  Score s = ok(v);
  EXPECT_EQ(s.score, 7.6);
  EXPECT_FALSE(s.environmental.has_value());
  auto eq = v3_equations(v);
  ASSERT_TRUE(eq.ok());
  EXPECT_EQ(eq->base, 7.6);
  EXPECT_EQ(eq->temporal, 7.6);
  EXPECT_EQ(eq->environmental, 7.7);  // (MISS x 0.9731 - 0.02)^13
  // v3.0 uses the base equation's ^15 for the modified impact too.
  auto eq30 = v3_equations("CVSS:3.0/AV:P/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H");
  ASSERT_TRUE(eq30.ok());
  EXPECT_EQ(eq30->environmental, 7.6);
  EXPECT_FALSE(v3_equations("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N").ok());
}

TEST(Cvss, V3AnyOrderIsNormalized) {
  Score s = ok("CVSS:3.0/A:H/MAV:L/AC:H/E:U/AV:L/C:H/I:H/PR:N/S:U/UI:N/RC:C/RL:O");
  EXPECT_EQ(s.version, Version::V3_0);
  EXPECT_EQ(s.normalized_vector, "CVSS:3.0/AV:L/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U/RL:O/RC:C/MAV:L");
  EXPECT_EQ(s.base, 7.4);
  EXPECT_EQ(*s.temporal, 6.4);
}

TEST(Cvss, V30RoundUpIsExactWhereFloatsAreNot) {
  // 10 x 0.92 = 9.200000000000001 in doubles; v3.0's Round up of the exact 9.2 is 9.2.
  auto eq = v3_equations("CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:C/C:L/I:L/A:N/E:H/RC:U/CR:H/IR:L/MAC:L/MUI:X/MC:H/MI:X/MA:L");
  ASSERT_TRUE(eq.ok());
  EXPECT_EQ(eq->base, 5.4);
  EXPECT_EQ(eq->temporal, 5.0);
  EXPECT_EQ(eq->environmental, 9.2);
}

TEST(Cvss, RoundingFunctions) {
  using internal::round_half_up_1;
  using internal::roundup_v30;
  using internal::roundup_v31;
  EXPECT_EQ(roundup_v31(4.02), 4.1);
  EXPECT_EQ(roundup_v31(4.0), 4.0);
  EXPECT_EQ(roundup_v31(10 * 0.92), 9.2);  // 9.200000000000001
  EXPECT_EQ(roundup_v31(4.000004), 4.0);   // Appendix A works to 5 decimals
  EXPECT_EQ(roundup_v31(4.00001), 4.1);
  EXPECT_EQ(roundup_v31(0.0), 0.0);
  EXPECT_EQ(roundup_v31(10.0), 10.0);
  EXPECT_EQ(roundup_v30(10 * 0.92), 9.2);
  EXPECT_EQ(roundup_v30(4.02), 4.1);
  EXPECT_EQ(roundup_v30(4.00003), 4.1);
  EXPECT_EQ(roundup_v30(3.99999999999), 4.0);
  EXPECT_EQ(roundup_v30(0.0), 0.0);
  // Half up on the exact binary value: 4.05 is stored as 4.04999..., 0.25 exactly.
  EXPECT_EQ(round_half_up_1(4.05), 4.0);
  EXPECT_EQ(round_half_up_1(0.25), 0.3);
  EXPECT_EQ(round_half_up_1(0.35), 0.3);  // 0.34999999999999997...
  EXPECT_EQ(round_half_up_1(9.95), 9.9);  // 9.9499999999999993...
  EXPECT_EQ(round_half_up_1(2.5), 2.5);
  EXPECT_EQ(round_half_up_1(0.0), 0.0);
  EXPECT_EQ(round_half_up_1(10.0), 10.0);
}

TEST(Cvss, RatingScale) {
  EXPECT_EQ(rating_of(0.0), Rating::None);
  EXPECT_EQ(rating_of(0.1), Rating::Low);
  EXPECT_EQ(rating_of(3.9), Rating::Low);
  EXPECT_EQ(rating_of(4.0), Rating::Medium);
  EXPECT_EQ(rating_of(6.9), Rating::Medium);
  EXPECT_EQ(rating_of(7.0), Rating::High);
  EXPECT_EQ(rating_of(8.9), Rating::High);
  EXPECT_EQ(rating_of(9.0), Rating::Critical);
  EXPECT_EQ(rating_of(10.0), Rating::Critical);
  EXPECT_EQ(to_string(Rating::Medium), "Medium");
  EXPECT_EQ(to_string(Rating::None), "None");
  EXPECT_EQ(to_string(Version::V3_0), "3.0");
  EXPECT_EQ(to_string(Version::V4_0), "4.0");
}

TEST(Cvss, V4BaseThreatEnvironmentalSupplemental) {
  const std::string base = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N";
  Score b = ok(base);
  EXPECT_EQ(b.version, Version::V4_0);
  EXPECT_EQ(b.score, 9.3);
  EXPECT_EQ(b.base, 9.3);
  EXPECT_EQ(b.rating, Rating::Critical);
  EXPECT_EQ(b.nomenclature, "CVSS-B");
  EXPECT_FALSE(b.temporal || b.environmental);
  EXPECT_EQ(b.normalized_vector, base);

  EXPECT_EQ(ok("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:L/VA:L/SC:N/SI:N/SA:N").score, 6.9);
  EXPECT_EQ(ok("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H").score, 10.0);

  Score bt = ok(base + "/E:U");
  EXPECT_EQ(bt.nomenclature, "CVSS-BT");
  EXPECT_LT(bt.score, b.score);
  EXPECT_EQ(ok(base + "/E:X").nomenclature, "CVSS-B");
  EXPECT_EQ(ok(base + "/E:A").score, b.score);  // E Not Defined is scored as Attacked

  Score be = ok(base + "/CR:L/IR:L/AR:L");
  EXPECT_EQ(be.nomenclature, "CVSS-BE");
  EXPECT_LT(be.score, b.score);
  EXPECT_EQ(ok(base + "/CR:H/IR:H/AR:H").score, b.score);  // Not Defined is scored as High

  EXPECT_EQ(ok(base + "/E:P/MAV:P").nomenclature, "CVSS-BTE");

  // Supplemental metrics change neither the score nor the name, and stay in the vector.
  Score sup = ok(base + "/S:P/AU:Y/R:I/V:C/RE:H/U:Red");
  EXPECT_EQ(sup.score, b.score);
  EXPECT_EQ(sup.nomenclature, "CVSS-B");
  EXPECT_EQ(sup.normalized_vector, base + "/S:P/AU:Y/R:I/V:C/RE:H/U:Red");

  // No impact anywhere: 0.0, None.
  Score none = ok("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N");
  EXPECT_EQ(none.score, 0.0);
  EXPECT_EQ(none.rating, Rating::None);
  // ... also when the environmental metrics take it away.
  EXPECT_EQ(ok(base + "/MVC:N/MVI:N/MVA:N").score, 0.0);
  // MSI:S (safety) is the most severe subsequent-system value.
  EXPECT_GE(ok(base + "/MSI:S").score, ok(base + "/MSI:H").score);
}

TEST(Cvss, V4AnyOrderIsNormalized) {
  Score s = ok("CVSS:4.0/U:Amber/E:P/SA:N/SI:N/SC:N/VA:H/VI:H/VC:H/UI:N/PR:N/AT:N/AC:L/AV:N/MAV:X/CR:M");
  EXPECT_EQ(s.normalized_vector, "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:P/CR:M/U:Amber");
  EXPECT_EQ(s.nomenclature, "CVSS-BTE");
  EXPECT_EQ(s.score, ok(s.normalized_vector).score);
}

TEST(Cvss, ErrorPrefix) {
  EXPECT_EQ(error_of(""), "empty vector");
  EXPECT_EQ(error_of("/"), "missing prefix: a vector starts with CVSS:3.0/, CVSS:3.1/ or CVSS:4.0/");
  EXPECT_EQ(error_of("AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"),
            "missing prefix: a vector starts with CVSS:3.0/, CVSS:3.1/ or CVSS:4.0/");
  EXPECT_EQ(error_of(" CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"),
            "missing prefix: a vector starts with CVSS:3.0/, CVSS:3.1/ or CVSS:4.0/");
  EXPECT_EQ(error_of("cvss:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"),
            "missing prefix: a vector starts with CVSS:3.0/, CVSS:3.1/ or CVSS:4.0/");
  EXPECT_EQ(error_of("CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P"),
            "unsupported CVSS version \"CVSS:2.0\" (expected CVSS:3.0, CVSS:3.1 or CVSS:4.0)");
  EXPECT_EQ(error_of("CVSS:3.2/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"),
            "unsupported CVSS version \"CVSS:3.2\" (expected CVSS:3.0, CVSS:3.1 or CVSS:4.0)");
  EXPECT_EQ(error_of("CVSS:3.1"), "no metrics after the prefix CVSS:3.1");
  EXPECT_EQ(error_of("CVSS:3.1/"), "no metrics after the prefix");
}

TEST(Cvss, ErrorFields) {
  EXPECT_EQ(error_of("CVSS:3.0//AC:H/PR:H/UI:R/S:U/C:L/I:N/A:L"), "empty field at column 10 (two '/' in a row)");
  EXPECT_EQ(error_of("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/"),
            "empty field at column 46 (the vector ends with '/')");
  EXPECT_EQ(error_of("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/AH"),
            "field \"AH\" at column 42 is not METRIC:VALUE (no ':')");
  EXPECT_EQ(error_of("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H:H"),
            "field \"A:H:H\" at column 42 is not METRIC:VALUE (more than one ':')");
  EXPECT_EQ(error_of("CVSS:3.1/:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"), "field \":N\" at column 10 has no metric name");
}

TEST(Cvss, ErrorUnknownMetric) {
  EXPECT_EQ(error_of("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N/JJ:H"),
            "unknown metric \"JJ\" at column 65");
  EXPECT_EQ(error_of("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/ui:N/VC:N/VI:L/VA:N/SC:N/SI:N/SA:N"),
            "unknown metric \"ui\" at column 30 (metric names are case-sensitive: UI)");
  // A metric of the other version.
  EXPECT_EQ(error_of("CVSS:3.1/AV:N/AC:L/AT:N/PR:N/UI:N/S:U/C:H/I:H/A:H"), "unknown metric \"AT\" at column 20");
  EXPECT_EQ(error_of("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N/C:H"),
            "unknown metric \"C\" at column 65");
}

TEST(Cvss, ErrorInvalidValue) {
  EXPECT_EQ(error_of("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:U/A:U"),
            "invalid value \"U\" for metric I at column 38 (expected H, L or N)");
  EXPECT_EQ(error_of("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:"),
            "invalid value \"\" for metric A at column 42 (expected H, L or N)");
  EXPECT_EQ(error_of("CVSS:3.1/AV:N /AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"),
            "invalid value \"N \" for metric AV at column 10 (expected N, A, L or P)");
  EXPECT_EQ(error_of("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:Z"),
            "invalid value \"Z\" for metric E at column 46 (expected X, H, F, P or U)");
  // In v4, S is Safety (X, N, P), not Scope.
  EXPECT_EQ(error_of("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N/S:U"),
            "invalid value \"U\" for metric S at column 65 (expected X, N or P)");
  EXPECT_EQ(error_of("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N/U:green"),
            "invalid value \"green\" for metric U at column 65 (expected X, Clear, Green, Amber or Red)");
  // Base metrics have no X.
  EXPECT_EQ(error_of("CVSS:4.0/AV:X/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N"),
            "invalid value \"X\" for metric AV at column 10 (expected N, A, L or P)");
  // SI:S exists only as MSI:S.
  EXPECT_EQ(error_of("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:S/SA:N"),
            "invalid value \"S\" for metric SI at column 55 (expected H, L or N)");
}

TEST(Cvss, ErrorDuplicate) {
  EXPECT_EQ(error_of("CVSS:3.0/AV:P/AV:L/AC:H/PR:H/UI:R/S:C/C:H/I:H/A:N"),
            "duplicate metric AV at column 15 (first given at column 10)");
  EXPECT_EQ(error_of("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N/E:X/E:A"),
            "duplicate metric E at column 69 (first given at column 65)");
}

TEST(Cvss, ErrorMissingMandatory) {
  EXPECT_EQ(error_of("CVSS:3.0/AV:P/AC:H/UI:R/S:C/C:H/I:H/A:N/E:H"), "missing mandatory base metric PR");
  EXPECT_EQ(error_of("CVSS:3.1/AV:N/AC:L/C:H/I:H/A:H"), "missing mandatory base metrics PR, UI, S");
  EXPECT_EQ(error_of("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:L/SC:N/SI:N/SA:N"), "missing mandatory base metric VA");
  // A modified metric does not stand in for its base metric.
  EXPECT_EQ(error_of("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:L/SC:N/SI:N/SA:N/MVA:H"),
            "missing mandatory base metric VA");
}

}  // namespace
}  // namespace vigil::cvss
