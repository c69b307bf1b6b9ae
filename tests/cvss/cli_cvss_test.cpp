// `vigil cvss` end to end: the text and JSON output, standard input, errors and exit codes.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <filesystem>
#include <string>

#include "support/test_support.h"

namespace {

using vigil::testing::run_command;
using vigil::testing::shell_quote;

vigil::testing::CommandResult cvss(const std::string& args) {
  return run_command(shell_quote(VIGIL_BINARY) + " cvss " + args);
}

// Runs `vigil cvss args` with `input` on standard input.
vigil::testing::CommandResult cvss_stdin(const std::string& input, const std::string& args = "") {
  vigil::testing::TempDir tmp;
  vigil::testing::write_text(tmp / "in", input);
  // run_command redirects stdin from /dev/null after the command: the subshell's own
  // redirection is the one `vigil` sees.
  std::string cmd = "(";
  cmd += shell_quote(VIGIL_BINARY);
  cmd += " cvss ";
  cmd += args;
  cmd += " < ";
  cmd += shell_quote((tmp / "in").string());
  cmd += ")";
  return run_command(cmd);
}

const std::string kV31 = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
const std::string kV31Temporal = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U/RL:O/RC:C";
const std::string kV4 = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N";

TEST(CvssCli, BinaryIsBuilt) { ASSERT_TRUE(std::filesystem::exists(VIGIL_BINARY)) << VIGIL_BINARY; }

TEST(CvssCli, OneLinePerVector) {
  auto r = cvss(kV31 + " " + kV31Temporal + " " + kV4);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out, "9.8   Critical  " + kV31 + "\n" +                                   //
                       "8.5   High      " + kV31Temporal + "  (base 9.8, temporal 8.5)\n" +  //
                       "9.3   Critical  " + kV4 + "  (CVSS-B)\n");
  auto ten = cvss("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H");
  EXPECT_EQ(ten.out, "10.0  Critical  CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H  (CVSS-B)\n");
  auto env = cvss("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/MAV:P");
  EXPECT_EQ(env.exit_code, 0) << env.err;
  EXPECT_EQ(env.out, "6.8   Medium    CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/MAV:P  (base 9.8, environmental 6.8)\n");
}

TEST(CvssCli, InvalidVectorsGoToStderrAndExitTwo) {
  auto r = cvss(kV31 + " CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:U " + kV4);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "9.8   Critical  " + kV31 + "\n9.3   Critical  " + kV4 + "  (CVSS-B)\n");
  EXPECT_EQ(r.err,
            "error: CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:U: invalid value \"U\" for metric A at column 42 "
            "(expected H, L or N)\n");
}

TEST(CvssCli, StandardInput) {
  auto r = cvss_stdin("\n  " + kV31 + "  \r\n\n\t" + kV4 + "\nnot-a-vector\n   \n");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "9.8   Critical  " + kV31 + "\n9.3   Critical  " + kV4 + "  (CVSS-B)\n");
  EXPECT_EQ(r.err, "error: not-a-vector: missing prefix: a vector starts with CVSS:3.0/, CVSS:3.1/ or CVSS:4.0/\n");
  auto good = cvss_stdin(kV31 + "\n" + kV4);  // no final newline
  EXPECT_EQ(good.exit_code, 0) << good.err;
  EXPECT_EQ(good.out, "9.8   Critical  " + kV31 + "\n9.3   Critical  " + kV4 + "  (CVSS-B)\n");
  auto empty = cvss_stdin("\n \n");
  EXPECT_EQ(empty.exit_code, 2);
  EXPECT_NE(empty.err.find("no vectors"), std::string::npos) << empty.err;
}

TEST(CvssCli, Json) {
  auto r = cvss("--json " + kV31Temporal + " " + kV4 + " CVSS:9.9/X:Y");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("error: CVSS:9.9/X:Y: unsupported CVSS version"), std::string::npos) << r.err;
  simdjson::dom::parser parser;
  simdjson::dom::array arr;
  ASSERT_EQ(parser.parse(r.out).get(arr), simdjson::SUCCESS) << r.out;
  ASSERT_EQ(arr.size(), 3u);
  simdjson::dom::object v3 = arr.at(0).get_object().value_unsafe();
  EXPECT_EQ(std::string_view(v3["vector"].get_string().value_unsafe()), kV31Temporal);
  EXPECT_EQ(std::string_view(v3["version"].get_string().value_unsafe()), "3.1");
  EXPECT_EQ(v3["score"].get_double().value_unsafe(), 8.5);
  EXPECT_EQ(std::string_view(v3["rating"].get_string().value_unsafe()), "High");
  EXPECT_EQ(v3["base"].get_double().value_unsafe(), 9.8);
  EXPECT_EQ(v3["temporal"].get_double().value_unsafe(), 8.5);
  EXPECT_TRUE(v3["environmental"].is_null());
  EXPECT_TRUE(v3["nomenclature"].is_null());
  EXPECT_EQ(std::string_view(v3["normalized_vector"].get_string().value_unsafe()), kV31Temporal);

  simdjson::dom::object v4 = arr.at(1).get_object().value_unsafe();
  EXPECT_EQ(std::string_view(v4["version"].get_string().value_unsafe()), "4.0");
  EXPECT_EQ(v4["score"].get_double().value_unsafe(), 9.3);
  EXPECT_EQ(std::string_view(v4["rating"].get_string().value_unsafe()), "Critical");
  EXPECT_EQ(std::string_view(v4["nomenclature"].get_string().value_unsafe()), "CVSS-B");
  EXPECT_TRUE(v4["temporal"].is_null());

  simdjson::dom::object bad = arr.at(2).get_object().value_unsafe();
  EXPECT_EQ(std::string_view(bad["vector"].get_string().value_unsafe()), "CVSS:9.9/X:Y");
  EXPECT_NE(std::string_view(bad["error"].get_string().value_unsafe()).find("unsupported CVSS version"), std::string::npos);
  EXPECT_TRUE(bad["score"].error() != simdjson::SUCCESS);

  auto good = cvss("--json " + kV31);
  EXPECT_EQ(good.exit_code, 0) << good.err;
  EXPECT_EQ(good.err, "");
}

TEST(CvssCli, Help) {
  auto r = cvss("--help");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("--json"), std::string::npos) << r.out;
}

}  // namespace
