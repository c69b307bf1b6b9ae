// Unit tests of the report writers: encodings, determinism, prod-only, the inventory views.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <algorithm>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "report/encoding.h"
#include "report/json_writer.h"
#include "report/license_text.h"
#include "report/report.h"
#include "report/test_fixture.h"

namespace vigil::report {
namespace {

using inventory::Scope;
using testing::sample_codebase;

// ---- helpers ----------------------------------------------------------------------------

// A parsed JSON document that owns its parser.
struct Json {
  explicit Json(const std::string& text) : padded(text) {
    auto err = parser.parse(padded).get(root);
    if (err) throw std::runtime_error(std::string("invalid JSON: ") + simdjson::error_message(err) + "\n" + text);
  }
  simdjson::padded_string padded;
  simdjson::dom::parser parser;
  simdjson::dom::element root;
};

// simdjson is built without exceptions here: unwrap results, throwing (a test failure) on
// a missing field or a wrong type.
using Result = simdjson::simdjson_result<simdjson::dom::element>;
simdjson::dom::element el(simdjson::dom::element e) { return e; }
simdjson::dom::element el(Result r) {
  simdjson::dom::element e;
  if (auto err = r.get(e)) throw std::runtime_error(std::string("JSON: ") + simdjson::error_message(err));
  return e;
}
template <class T, class R>
T get_as(R r) {
  T v{};
  if (auto err = el(r).get(v)) throw std::runtime_error(std::string("JSON: ") + simdjson::error_message(err));
  return v;
}
template <class R>
std::string str(R r) { return std::string(get_as<std::string_view>(r)); }
template <class R>
uint64_t u64(R r) { return get_as<uint64_t>(r); }
template <class R>
bool flag(R r) { return get_as<bool>(r); }
template <class R>
simdjson::dom::array arr(R r) { return get_as<simdjson::dom::array>(r); }
template <class R>
std::size_t count(R r) { return arr(r).size(); }

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// RFC 4180 reader: records of fields.
std::vector<std::vector<std::string>> parse_csv(const std::string& s) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false, in_quotes = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (in_quotes) {
      if (c == '"' && i + 1 < s.size() && s[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        in_quotes = false;
      } else {
        field += c;
      }
    } else if (c == '"' && field.empty() && !quoted) {
      in_quotes = quoted = true;
    } else if (c == ',') {
      row.push_back(field);
      field.clear();
      quoted = false;
    } else if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') {
      row.push_back(field);
      rows.push_back(row);
      row.clear();
      field.clear();
      quoted = false;
      ++i;
    } else {
      EXPECT_NE(c, '\n') << "bare LF outside quotes at " << i;
      EXPECT_NE(c, '"') << "quote inside an unquoted field at " << i;
      field += c;
    }
  }
  EXPECT_TRUE(row.empty() && field.empty()) << "last record without CRLF";
  return rows;
}

simdjson::dom::element find_component(Result components, std::string_view key, std::string_view value) {
  for (simdjson::dom::element c : arr(components)) {
    std::string_view v;
    if (!c[key].get(v) && v == value) return c;
  }
  throw std::runtime_error("no component with " + std::string(key) + " = " + std::string(value));
}

// ---- encodings --------------------------------------------------------------------------

TEST(JsonEscape, ControlCharactersQuotesAndBackslashes) {
  std::string out;
  json_escape(std::string("a\"b\\c\n\t\r\b\f\x01\x1f\x7f", 13), out);
  EXPECT_EQ(out, "a\\\"b\\\\c\\n\\t\\r\\b\\f\\u0001\\u001f\x7f");
  out.clear();
  json_escape(std::string("nul\0end", 7), out);
  EXPECT_EQ(out, "nul\\u0000end");
}

TEST(JsonEscape, NonAsciiIsKeptAndInvalidUtf8Replaced) {
  std::string out;
  json_escape("gr\xC3\xBC\xC3\x9F \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x93\xA6", out);  // grüß 日本 📦
  EXPECT_EQ(out, "gr\xC3\xBC\xC3\x9F \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x93\xA6");
  out.clear();
  // Lone continuation byte, truncated sequence, overlong '/', surrogate, above U+10FFFF.
  json_escape("a\x80" "b\xE2\x82" "c\xC0\xAF" "d\xED\xA0\x80" "e\xF4\x90\x80\x80", out);
  EXPECT_EQ(out, "a\\ufffdb\\ufffd\\ufffdc\\ufffd\\ufffdd\\ufffd\\ufffd\\ufffde\\ufffd\\ufffd\\ufffd\\ufffd");
  out.clear();
  json_escape("x\xE2\x80\xA8y\xE2\x80\xA9z", out);  // U+2028, U+2029
  EXPECT_EQ(out, "x\\u2028y\\u2029z");
}

TEST(JsonWriter, NestingAndEmptyContainers) {
  JsonWriter w;
  w.begin_object();
  w.field("a", 1);
  w.key("b");
  w.begin_array();
  w.end_array();
  w.key("c");
  w.begin_object();
  w.end_object();
  w.key("d");
  w.string_array({"x", "y"});
  w.field("e", false);
  w.key("f");
  w.null();
  w.end_object();
  EXPECT_EQ(w.finish(),
            "{\n  \"a\": 1,\n  \"b\": [],\n  \"c\": {},\n  \"d\": [\n    \"x\",\n    \"y\"\n  ],\n"
            "  \"e\": false,\n  \"f\": null\n}\n");
}

TEST(Integrity, KnownVectorsToHex) {
  auto d = parse_integrity(testing::kSha512Empty);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].algorithm, "sha512");
  EXPECT_EQ(d[0].hex, testing::kSha512EmptyHex);

  d = parse_integrity(testing::kSha1Empty);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].algorithm, "sha1");
  EXPECT_EQ(d[0].hex, testing::kSha1EmptyHex);

  d = parse_integrity(testing::kSha256Abc);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].algorithm, "sha256");
  EXPECT_EQ(d[0].hex, testing::kSha256AbcHex);
}

TEST(Integrity, SeveralTokensStrongestFirstBadOnesSkipped) {
  std::string sri = std::string(" ") + testing::kSha1Empty + "\t" + testing::kSha512Empty + "?opt=1 " +
                    testing::kSha512Empty + " md5-1B2M2Y8AsgTpgAmY7PhCfg== sha256-AAAA sha384-!!!! garbage";
  auto d = parse_integrity(sri);
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0].algorithm, "sha512");
  EXPECT_EQ(d[0].hex, testing::kSha512EmptyHex);
  EXPECT_EQ(d[1].algorithm, "sha1");
  EXPECT_EQ(d[1].hex, testing::kSha1EmptyHex);
  EXPECT_TRUE(parse_integrity("").empty());
  // Without padding is accepted.
  d = parse_integrity("sha1-2jmj7l5rSw0yVb/vlWAYkK/YBwk");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].hex, testing::kSha1EmptyHex);
}

TEST(Base64, Decode) {
  EXPECT_EQ(base64_decode("").value(), "");
  EXPECT_EQ(base64_decode("Zg==").value(), "f");
  EXPECT_EQ(base64_decode("Zm8=").value(), "fo");
  EXPECT_EQ(base64_decode("Zm9v").value(), "foo");
  EXPECT_EQ(base64_decode("Zm9vYmFy").value(), "foobar");
  EXPECT_FALSE(base64_decode("Zm9v!").has_value());
  EXPECT_FALSE(base64_decode("Z").has_value());
}

TEST(Sha1, KnownVectors) {
  auto hex = [](std::string_view s) {
    auto d = sha1(s);
    return hex_encode(std::string_view(reinterpret_cast<const char*>(d.data()), d.size()));
  };
  EXPECT_EQ(hex(""), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  EXPECT_EQ(hex("abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
  EXPECT_EQ(hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
  EXPECT_EQ(hex(std::string(1000000, 'a')), "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
  // The hardware path (when the CPU has one) and the portable one agree on every length.
  std::string data;
  uint32_t x = 12345;
  for (int n = 0; n < 700; ++n) {
    EXPECT_EQ(sha1(data), sha1_portable(data)) << n;
    x = x * 1103515245u + 12345u;
    data += static_cast<char>(x >> 24);
  }
  EXPECT_EQ(sha1_portable("abc"), sha1("abc"));
}

TEST(Uuid, Version5Shape) {
  std::string u = uuid_v5("x");
  ASSERT_EQ(u.size(), 36u);
  EXPECT_EQ(u[8], '-');
  EXPECT_EQ(u[14], '5');
  EXPECT_NE(std::string("89ab").find(u[19]), std::string::npos);
  EXPECT_EQ(u, uuid_v5("x"));
  EXPECT_NE(u, uuid_v5("y"));
  // Hashing in parts equals hashing the concatenation, across block boundaries too.
  const std::string long_text(200, 'q');
  EXPECT_EQ(uuid_v5({"a", "", "bc"}), uuid_v5("abc"));
  EXPECT_EQ(uuid_v5({std::string_view(long_text).substr(0, 47), std::string_view(long_text).substr(47)}), uuid_v5(long_text));
}

TEST(Time, Iso8601) {
  EXPECT_EQ(iso8601_utc(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(iso8601_utc(951782400), "2000-02-29T00:00:00Z");
  EXPECT_EQ(iso8601_utc(1700000000), "2023-11-14T22:13:20Z");
  EXPECT_EQ(iso8601_utc(-5), "1970-01-01T00:00:00Z");
  EXPECT_EQ(iso8601_utc(INT64_MAX), "9999-12-31T23:59:59Z");
}

TEST(Csv, FieldQuoting) {
  EXPECT_EQ(csv_field("plain"), "plain");
  EXPECT_EQ(csv_field(""), "");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(csv_field("cr\r"), "\"cr\r\"");
  EXPECT_EQ(csv_field(" padded"), "\" padded\"");
  EXPECT_EQ(csv_field("@scope/x"), "@scope/x");
  EXPECT_EQ(csv_field("bad\xFF"), "bad\xEF\xBF\xBD");
}

TEST(TerminalSafe, ControlAndBidiCharactersAreShown) {
  EXPECT_EQ(terminal_safe("a\x1b[31mb\x7f"), "a\\x1b[31mb\\x7f");
  EXPECT_EQ(terminal_safe("x\xC2\x9By"), "x\\u009by");            // C1 CSI
  EXPECT_EQ(terminal_safe("x\xE2\x80\xAEy"), "x\\u202ey");        // RIGHT-TO-LEFT OVERRIDE
  EXPECT_EQ(terminal_safe("gr\xC3\xBC\xC3\x9F"), "gr\xC3\xBC\xC3\x9F");
  EXPECT_EQ(terminal_safe("\xFF"), "\xEF\xBF\xBD");
}

TEST(License, Classification) {
  using K = LicenseText::Kind;
  auto check = [](std::string_view raw, K kind, std::string_view text) {
    LicenseText l = classify_license(raw);
    EXPECT_EQ(l.kind, kind) << raw;
    EXPECT_EQ(l.text, text) << raw;
  };
  check("", K::None, "");
  check("MIT", K::Id, "MIT");
  check("mit", K::Id, "MIT");
  check(" (apache-2.0) ", K::Id, "Apache-2.0");
  check("(MIT OR Apache-2.0)", K::Expression, "(MIT OR Apache-2.0)");
  check("mit and (isc or bsd-3-clause)", K::Expression, "MIT AND (ISC OR BSD-3-Clause)");
  check("GPL-2.0+", K::Expression, "GPL-2.0+");
  check("GPL-2.0-or-later WITH Classpath-exception-2.0", K::Expression,
        "GPL-2.0-or-later WITH Classpath-exception-2.0");
  check("LicenseRef-Acme", K::Expression, "LicenseRef-Acme");
  EXPECT_TRUE(classify_license("MIT OR LicenseRef-Acme").has_license_ref);
  EXPECT_FALSE(classify_license("MIT OR ISC").has_license_ref);
  check("UNLICENSED", K::Name, "UNLICENSED");
  check("SEE LICENSE IN LICENSE.md", K::Name, "SEE LICENSE IN LICENSE.md");
  check("MIT*", K::Name, "MIT*");
  check("MIT OR", K::Name, "MIT OR");
  check("(MIT", K::Name, "(MIT");
  check("MIT WITH Nonsense-exception", K::Name, "MIT WITH Nonsense-exception");
  check("Not-A-Real-License", K::Name, "Not-A-Real-License");
}

// ---- SBOM writers -----------------------------------------------------------------------

SbomOptions options(int64_t timestamp = 1700000000) {
  SbomOptions o;
  o.timestamp = timestamp;
  o.tool_version = "0.1.0";
  return o;
}

TEST(Sbom, SameInputSameBytes) {
  auto cb = sample_codebase();
  EXPECT_EQ(write_cyclonedx(cb, options()), write_cyclonedx(sample_codebase(), options()));
  EXPECT_EQ(write_spdx(cb, options()), write_spdx(sample_codebase(), options()));
}

// Compares two documents line by line: they must differ in exactly the lines that contain
// `marker`.
void expect_only_lines_with(const std::string& a, const std::string& b, std::string_view marker) {
  auto la = lines_of(a), lb = lines_of(b);
  ASSERT_EQ(la.size(), lb.size());
  int differing = 0;
  for (std::size_t i = 0; i < la.size(); ++i) {
    if (la[i] != lb[i]) {
      ++differing;
      EXPECT_NE(la[i].find(marker), std::string::npos) << la[i] << "\n" << lb[i];
    }
  }
  EXPECT_EQ(differing, 1);
}

TEST(Sbom, TimestampChangesOnlyTheTimestamp) {
  auto cb = sample_codebase();
  std::string a = write_cyclonedx(cb, options(1700000000));
  std::string b = write_cyclonedx(cb, options(1800000000));
  expect_only_lines_with(a, b, "\"timestamp\": ");
  EXPECT_NE(a.find("\"timestamp\": \"2023-11-14T22:13:20Z\""), std::string::npos);

  a = write_spdx(cb, options(1700000000));
  b = write_spdx(cb, options(1800000000));
  expect_only_lines_with(a, b, "\"created\": ");
  EXPECT_NE(a.find("\"created\": \"2023-11-14T22:13:20Z\""), std::string::npos);
}

TEST(Sbom, SerialFollowsSeedAndContent) {
  auto cb = sample_codebase();
  Json base(write_cyclonedx(cb, options()));
  std::string serial = str(base.root["serialNumber"]);
  EXPECT_EQ(serial.rfind("urn:uuid:", 0), 0u);
  EXPECT_NE(serial, "urn:uuid:00000000-0000-0000-0000-000000000000");

  SbomOptions seeded = options();
  seeded.serial_seed = "build-42";
  Json with_seed(write_cyclonedx(cb, seeded));
  EXPECT_NE(str(with_seed.root["serialNumber"]), serial);
  Json with_seed_again(write_cyclonedx(cb, seeded));
  EXPECT_EQ(str(with_seed_again.root["serialNumber"]), str(with_seed.root["serialNumber"]));

  auto changed = sample_codebase();
  changed.components[0].pkg.version = "7.24.1";
  Json other(write_cyclonedx(changed, options()));
  EXPECT_NE(str(other.root["serialNumber"]), serial);

  Json spdx(write_spdx(cb, options()));
  Json spdx_seeded(write_spdx(cb, seeded));
  std::string ns = str(spdx.root["documentNamespace"]);
  EXPECT_EQ(ns.rfind("https://spdx.org/spdxdocs/acme-shop-", 0), 0u) << ns;
  EXPECT_EQ(ns.find("00000000-0000"), std::string::npos);
  EXPECT_NE(ns, str(spdx_seeded.root["documentNamespace"]));
}

TEST(CycloneDx, Fields) {
  auto cb = sample_codebase();
  Json doc(write_cyclonedx(cb, options()));
  auto root = doc.root;
  EXPECT_EQ(str(root["bomFormat"]), "CycloneDX");
  EXPECT_EQ(str(root["specVersion"]), "1.6");
  EXPECT_EQ(get_as<int64_t>(root["version"]), 1);
  auto meta = root["metadata"];
  EXPECT_EQ(str(meta["tools"]["components"].at(0)["name"]), "vigil");
  EXPECT_EQ(str(meta["tools"]["components"].at(0)["version"]), "0.1.0");
  EXPECT_EQ(str(meta["component"]["type"]), "application");
  EXPECT_EQ(str(meta["component"]["group"]), "@acme");
  EXPECT_EQ(str(meta["component"]["name"]), "shop");
  EXPECT_EQ(str(meta["component"]["purl"]), "pkg:npm/%40acme/shop@1.2.0");
  std::string root_ref = str(meta["component"]["bom-ref"]);

  auto comps = root["components"];
  // 2 workspace members + 13 components.
  EXPECT_EQ(count(comps), 15u);
  auto ui = find_component(comps, "name", "ui");
  EXPECT_EQ(str(ui["type"]), "application");
  EXPECT_EQ(str(ui["group"]), "@acme");
  auto unnamed = find_component(comps, "name", "tools/scripts");
  EXPECT_EQ(str(unnamed["type"]), "application");

  auto babel = find_component(comps, "name", "core");
  EXPECT_EQ(str(babel["group"]), "@babel");
  EXPECT_EQ(str(babel["scope"]), "excluded");
  EXPECT_EQ(str(babel["bom-ref"]), "pkg:npm/%40babel/core@7.24.0");
  EXPECT_EQ(str(babel["hashes"].at(0)["alg"]), "SHA-512");
  EXPECT_EQ(str(babel["hashes"].at(0)["content"]), testing::kSha512EmptyHex);
  bool dev_flag = false;
  for (auto p : arr(babel["properties"])) {
    if (str(p["name"]) == "cdx:npm:package:development") dev_flag = str(p["value"]) == "true";
  }
  EXPECT_TRUE(dev_flag);

  auto chalk4 = find_component(comps, "bom-ref", "pkg:npm/chalk@4.1.2");
  EXPECT_EQ(str(chalk4["scope"]), "required");
  ASSERT_EQ(count(chalk4["hashes"]), 2u);
  EXPECT_EQ(str(chalk4["hashes"].at(1)["alg"]), "SHA-1");
  EXPECT_EQ(str(chalk4["hashes"].at(1)["content"]), testing::kSha1EmptyHex);
  EXPECT_EQ(str(chalk4["licenses"].at(0)["license"]["id"]), "MIT");
  EXPECT_EQ(str(chalk4["externalReferences"].at(0)["type"]), "distribution");
  auto chalk5 = find_component(comps, "bom-ref", "pkg:npm/chalk@5.3.0");
  EXPECT_EQ(str(chalk5["licenses"].at(0)["license"]["id"]), "MIT");  // "mit" canonicalised

  EXPECT_EQ(str(find_component(comps, "name", "esbuild-linux-64")["scope"]), "optional");
  EXPECT_EQ(str(find_component(comps, "name", "react")["scope"]), "required");
  EXPECT_EQ(str(find_component(comps, "name", "tslib")["scope"]), "required");

  auto git = find_component(comps, "name", "my-git-dep");
  EXPECT_EQ(str(git["licenses"].at(0)["expression"]), "(MIT OR Apache-2.0)");
  EXPECT_EQ(str(git["externalReferences"].at(0)["type"]), "vcs");
  EXPECT_EQ(str(git["purl"]).rfind("pkg:npm/my-git-dep@1.0.0?vcs_url=git%2Bssh%3A%2F%2F", 0), 0u);
  std::set<std::string> git_props;
  for (auto p : arr(git["properties"])) git_props.insert(str(p["name"]) + "=" + str(p["value"]));
  EXPECT_TRUE(git_props.count("vigil:non_registry=true"));
  EXPECT_TRUE(git_props.count("vigil:source=git"));

  auto local = find_component(comps, "name", "local-lib");
  EXPECT_EQ(str(local["licenses"].at(0)["license"]["name"]), "UNLICENSED");
  simdjson::dom::element ignored;
  EXPECT_TRUE(local["externalReferences"].get(ignored)) << "a file: path is no download location";

  auto leftpad = find_component(comps, "name", "left-pad");
  std::set<std::string> lp_props;
  for (auto p : arr(leftpad["properties"])) lp_props.insert(str(p["name"]) + "=" + str(p["value"]));
  EXPECT_TRUE(lp_props.count("vigil:npm:alias=lp"));
  EXPECT_EQ(str(find_component(comps, "name", "gpl-thing")["licenses"].at(0)["expression"]),
            "GPL-2.0+ WITH Classpath-exception-2.0");

  auto weird = find_component(comps, "version", "1.0.0-beta.1+build.5");
  EXPECT_EQ(str(weird["name"]),
            "we\"ird\\na\tme\x01-\xC3\xBC-\xE2\x80\xA8-\xEF\xBF\xBD");  // round trip, invalid byte -> U+FFFD
  EXPECT_TRUE(weird["hashes"].get(ignored)) << "unparseable integrity gives no hashes";

  // Dependencies: one entry for the root, each member and each component; root depends on its
  // direct dependencies and the members.
  auto deps = root["dependencies"];
  EXPECT_EQ(count(deps), 1u + 2u + 13u);
  auto root_deps = find_component(deps, "ref", root_ref);
  std::set<std::string> on;
  for (auto d : arr(root_deps["dependsOn"])) on.insert(str(d));
  EXPECT_TRUE(on.count("pkg:npm/%40babel/core@7.24.0"));
  EXPECT_TRUE(on.count("pkg:npm/chalk@4.1.2"));
  EXPECT_TRUE(on.count(str(ui["bom-ref"])));
  EXPECT_TRUE(on.count(str(unnamed["bom-ref"])));
  EXPECT_FALSE(on.count("pkg:npm/chalk@5.3.0"));
  auto babel_deps = find_component(deps, "ref", "pkg:npm/%40babel/core@7.24.0");
  EXPECT_EQ(count(babel_deps["dependsOn"]), 2u);

  // Every ref is unique and every dependsOn names a ref of the document.
  std::set<std::string> refs = {root_ref};
  for (auto c : arr(comps)) EXPECT_TRUE(refs.insert(str(c["bom-ref"])).second) << str(c["bom-ref"]);
  for (auto d : arr(deps)) {
    EXPECT_TRUE(refs.count(str(d["ref"])));
    simdjson::dom::array list;
    if (!d["dependsOn"].get(list)) {
      for (auto x : list) EXPECT_TRUE(refs.count(str(x))) << str(x);
    }
  }
}

TEST(CycloneDx, ProdOnlyLeavesOutDevComponentsAndTheirEdges) {
  auto cb = sample_codebase();
  SbomOptions o = options();
  o.prod_only = true;
  std::string text = write_cyclonedx(cb, o);
  Json doc(text);
  EXPECT_EQ(text.find("@babel"), std::string::npos);
  EXPECT_EQ(text.find("%40types/node"), std::string::npos);
  EXPECT_EQ(text.find("excluded"), std::string::npos);
  EXPECT_EQ(count(doc.root["components"]), 2u + 11u);
  EXPECT_EQ(count(doc.root["dependencies"]), 1u + 2u + 11u);
  // Everything else stays.
  find_component(doc.root["components"], "bom-ref", "pkg:npm/chalk@4.1.2");
  find_component(doc.root["components"], "name", "esbuild-linux-64");
}

TEST(Spdx, Fields) {
  auto cb = sample_codebase();
  Json doc(write_spdx(cb, options()));
  auto root = doc.root;
  EXPECT_EQ(str(root["spdxVersion"]), "SPDX-2.3");
  EXPECT_EQ(str(root["dataLicense"]), "CC0-1.0");
  EXPECT_EQ(str(root["SPDXID"]), "SPDXRef-DOCUMENT");
  EXPECT_EQ(str(root["name"]), "@acme/shop");
  EXPECT_EQ(str(root["creationInfo"]["creators"].at(0)), "Tool: vigil-0.1.0");

  auto pkgs = root["packages"];
  EXPECT_EQ(count(pkgs), 3u + 13u);
  auto shop = find_component(pkgs, "name", "@acme/shop");
  EXPECT_EQ(str(shop["primaryPackagePurpose"]), "APPLICATION");
  EXPECT_EQ(str(shop["licenseDeclared"]), "MIT");
  std::string shop_id = str(shop["SPDXID"]);

  auto babel = find_component(pkgs, "name", "@babel/core");
  EXPECT_EQ(str(babel["SPDXID"]), "SPDXRef-Package-babel-core-7.24.0");
  EXPECT_EQ(str(babel["primaryPackagePurpose"]), "LIBRARY");
  EXPECT_EQ(flag(babel["filesAnalyzed"]), false);
  EXPECT_EQ(str(babel["licenseConcluded"]), "NOASSERTION");
  EXPECT_EQ(str(babel["checksums"].at(0)["algorithm"]), "SHA512");
  EXPECT_EQ(str(babel["checksums"].at(0)["checksumValue"]), testing::kSha512EmptyHex);
  EXPECT_EQ(str(babel["externalRefs"].at(0)["referenceCategory"]), "PACKAGE-MANAGER");
  EXPECT_EQ(str(babel["externalRefs"].at(0)["referenceType"]), "purl");
  EXPECT_EQ(str(babel["externalRefs"].at(0)["referenceLocator"]), "pkg:npm/%40babel/core@7.24.0");
  EXPECT_EQ(str(babel["downloadLocation"]), "https://npm.example.com/@babel/core/-/7.24.0.tgz");

  EXPECT_EQ(str(find_component(pkgs, "name", "my-git-dep")["licenseDeclared"]), "(MIT OR Apache-2.0)");
  EXPECT_EQ(str(find_component(pkgs, "name", "closed-thing")["licenseDeclared"]), "NOASSERTION");
  EXPECT_EQ(str(find_component(pkgs, "name", "local-lib")["licenseDeclared"]), "NOASSERTION");
  EXPECT_EQ(str(find_component(pkgs, "name", "local-lib")["downloadLocation"]), "NOASSERTION");
  auto chalk4 = find_component(pkgs, "SPDXID", "SPDXRef-Package-chalk-4.1.2");
  EXPECT_EQ(count(chalk4["checksums"]), 2u);
  EXPECT_EQ(str(chalk4["checksums"].at(1)["algorithm"]), "SHA1");

  // SPDXIDs unique and within [A-Za-z0-9.-].
  std::set<std::string> ids = {"SPDXRef-DOCUMENT"};
  for (auto p : arr(pkgs)) {
    std::string id = str(p["SPDXID"]);
    EXPECT_TRUE(ids.insert(id).second) << id;
    EXPECT_EQ(id.rfind("SPDXRef-", 0), 0u);
    EXPECT_TRUE(std::all_of(id.begin(), id.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
    })) << id;
  }

  std::set<std::string> rels;
  for (auto r : arr(root["relationships"])) {
    std::string a = str(r["spdxElementId"]), t = str(r["relationshipType"]), b = str(r["relatedSpdxElement"]);
    EXPECT_TRUE(ids.count(a)) << a;
    EXPECT_TRUE(ids.count(b)) << b;
    rels.insert(a + " " + t + " " + b);
  }
  EXPECT_TRUE(rels.count("SPDXRef-DOCUMENT DESCRIBES " + shop_id));
  EXPECT_TRUE(rels.count(shop_id + " DEPENDS_ON SPDXRef-Package-chalk-4.1.2"));
  EXPECT_TRUE(rels.count("SPDXRef-Package-babel-core-7.24.0 DEV_DEPENDENCY_OF " + shop_id));
  EXPECT_TRUE(rels.count("SPDXRef-Package-types-node-20.11.0 DEV_DEPENDENCY_OF SPDXRef-Package-babel-core-7.24.0"));
  EXPECT_TRUE(rels.count("SPDXRef-Package-esbuild-linux-64-0.20.0 OPTIONAL_DEPENDENCY_OF SPDXRef-Package-chalk-5.3.0"));
  EXPECT_TRUE(rels.count("SPDXRef-Package-babel-core-7.24.0 DEPENDS_ON SPDXRef-Package-chalk-4.1.2"));
  EXPECT_TRUE(rels.count(shop_id + " DEPENDS_ON SPDXRef-Project-acme-ui-0.1.0"));
  EXPECT_TRUE(rels.count("SPDXRef-Package-my-git-dep-1.0.0-git DEPENDS_ON SPDXRef-Package-gpl-thing-2.0.0"));
}

TEST(Spdx, ProdOnlyLeavesOutDevPackagesAndRelationships) {
  auto cb = sample_codebase();
  SbomOptions o = options();
  o.prod_only = true;
  std::string text = write_spdx(cb, o);
  Json doc(text);
  EXPECT_EQ(count(doc.root["packages"]), 3u + 11u);
  EXPECT_EQ(text.find("DEV_DEPENDENCY_OF"), std::string::npos);
  EXPECT_EQ(text.find("babel"), std::string::npos);
  EXPECT_EQ(text.find("types-node"), std::string::npos);
  EXPECT_NE(text.find("OPTIONAL_DEPENDENCY_OF"), std::string::npos);
}

TEST(Sbom, EmptyCodebaseStillMakesADocument) {
  inventory::Codebase cb;
  cb.id = ".";
  cb.dir = "/tmp/some-dir/";
  Json cdx(write_cyclonedx(cb, options()));
  EXPECT_EQ(str(cdx.root["metadata"]["component"]["name"]), "some-dir");
  EXPECT_EQ(count(cdx.root["components"]), 0u);
  Json spdx(write_spdx(cb, options()));
  EXPECT_EQ(str(spdx.root["name"]), "some-dir");
  EXPECT_EQ(count(spdx.root["packages"]), 1u);
}

TEST(Sbom, ArbitraryBytesStillGiveWellFormedDocuments) {
  for (uint32_t seed = 1; seed <= 150; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    auto cb = testing::random_codebase(seed);
    for (bool prod_only : {false, true}) {
      SbomOptions o = options();
      o.prod_only = prod_only;
      Json cdx(write_cyclonedx(cb, o));
      std::set<std::string> refs = {str(cdx.root["metadata"]["component"]["bom-ref"])};
      for (auto c : arr(cdx.root["components"])) EXPECT_TRUE(refs.insert(str(c["bom-ref"])).second);
      for (auto d : arr(cdx.root["dependencies"])) {
        EXPECT_TRUE(refs.count(str(d["ref"])));
        simdjson::dom::array on;
        if (!d["dependsOn"].get(on)) {
          for (auto x : on) EXPECT_TRUE(refs.count(str(x)));
        }
      }
      Json spdx(write_spdx(cb, o));
      std::set<std::string> ids = {"SPDXRef-DOCUMENT"};
      for (auto p : arr(spdx.root["packages"])) {
        std::string id = str(p["SPDXID"]);
        EXPECT_TRUE(ids.insert(id).second) << id;
        EXPECT_TRUE(std::all_of(id.begin(), id.end(), [](char c) {
          return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
        })) << id;
        EXPECT_FALSE(str(p["name"]).empty());
      }
      for (auto r : arr(spdx.root["relationships"])) {
        EXPECT_TRUE(ids.count(str(r["spdxElementId"])));
        EXPECT_TRUE(ids.count(str(r["relatedSpdxElement"])));
      }
    }
    inventory::Inventory inv;
    inv.codebases.push_back(cb);
    Json inventory_json(write_inventory(inv, InventoryFormat::Json));
    auto rows = parse_csv(write_inventory(inv, InventoryFormat::Csv));
    EXPECT_EQ(rows.size(), 1u + cb.components.size());
    for (const auto& r : rows) EXPECT_EQ(r.size(), 14u);
    std::string table = write_inventory(inv, InventoryFormat::Table);
    EXPECT_TRUE(std::none_of(table.begin(), table.end(), [](char c) {
      auto u = static_cast<unsigned char>(c);
      return (u < 0x20 && c != '\n') || u == 0x7f;
    })) << "control characters reach the terminal";
  }
}

// ---- inventory --------------------------------------------------------------------------

inventory::Inventory sample_inventory() {
  using testing::CodebaseBuilder;
  inventory::Inventory inv;
  auto shop = sample_codebase();
  shop.components[2].paths = {{0, {2}}, {0, {0, 2}}};  // shop > chalk, shop > @babel/core > chalk
  shop.components[2].paths_truncated = true;
  shop.components[2].path_count = 2;
  inv.codebases.push_back(shop);

  CodebaseBuilder admin("apps/admin", "package-json");
  admin.importer("admin", "1.0.0", ".")
      .component("lodash", "lodash", "4.9.0", Scope::Prod, true)
      .component("types", "@types/node", "20.11.0", Scope::Dev, false)
      .import_edge(0, "lodash");
  auto admin_cb = admin.finish();
  admin_cb.lockfile.clear();
  inv.codebases.push_back(admin_cb);

  CodebaseBuilder api("apps/api", "pnpm-9.0");
  api.importer("api", "2.0.0", ".")
      .component("chalk", "chalk", "4.1.2", Scope::Prod, true)
      .component("lodash", "lodash", "4.17.21", Scope::Prod, true)
      .component("leftpad", "left-pad", "1.3.0", Scope::Dev, true)
      .import_edge(0, "chalk")
      .import_edge(0, "lodash")
      .import_edge(0, "leftpad");
  inv.codebases.push_back(api.finish());

  inv.failures.push_back(make_error("broken/package-lock.json", 3, 7, "unexpected \x1b[31mtoken"));
  return inv;
}

TEST(Inventory, JsonTotalsAndMultipleVersions) {
  auto inv = sample_inventory();
  std::string text = write_inventory(inv, InventoryFormat::Json);
  EXPECT_EQ(text, write_inventory(sample_inventory(), InventoryFormat::Json));
  Json doc(text);
  auto t = doc.root["totals"];
  EXPECT_EQ(u64(t["codebases"]), 3u);
  EXPECT_EQ(u64(t["libraries"]), 13u);
  EXPECT_EQ(u64(t["names"]), 11u);
  EXPECT_EQ(u64(t["direct"]), 8u);
  EXPECT_EQ(u64(t["transitive"]), 5u);
  EXPECT_EQ(u64(t["dev_only"]), 2u);
  EXPECT_EQ(u64(t["non_registry"]), 2u);
  EXPECT_EQ(u64(t["warnings"]), 1u);
  EXPECT_EQ(u64(t["failures"]), 1u);

  auto shop = doc.root["codebases"].at(0);
  EXPECT_EQ(str(shop["id"]), ".");
  auto st = shop["totals"];
  EXPECT_EQ(u64(st["libraries"]), 11u);
  EXPECT_EQ(u64(st["names"]), 10u);
  EXPECT_EQ(u64(st["direct"]), 6u);
  EXPECT_EQ(u64(st["transitive"]), 5u);
  EXPECT_EQ(u64(st["dev_only"]), 2u);
  EXPECT_EQ(u64(st["non_registry"]), 2u);
  EXPECT_FALSE(flag(doc.root["codebases"].at(1)["resolved"]));

  auto mv = doc.root["multiple_versions"];
  ASSERT_EQ(count(mv), 2u);
  EXPECT_EQ(str(mv.at(0)["name"]), "chalk");
  EXPECT_EQ(str(mv.at(0)["versions"].at(0)["version"]), "4.1.2");
  EXPECT_EQ(count(mv.at(0)["versions"].at(0)["codebases"]), 2u);
  EXPECT_EQ(str(mv.at(0)["versions"].at(0)["codebases"].at(0)), ".");
  EXPECT_EQ(str(mv.at(0)["versions"].at(0)["codebases"].at(1)), "apps/api");
  EXPECT_EQ(str(mv.at(0)["versions"].at(1)["version"]), "5.3.0");
  EXPECT_EQ(str(mv.at(1)["name"]), "lodash");
  EXPECT_EQ(str(mv.at(1)["versions"].at(0)["version"]), "4.9.0");  // numeric order, not bytes
  EXPECT_EQ(str(mv.at(1)["versions"].at(1)["version"]), "4.17.21");

  // Per-component detail.
  auto comps = shop["components"];
  auto chalk = find_component(comps, "ref", "pkg:npm/chalk@4.1.2");
  EXPECT_EQ(str(chalk["scope"]), "prod");
  EXPECT_EQ(flag(chalk["direct"]), true);
  EXPECT_EQ(u64(chalk["path_count"]), 2u);
  EXPECT_EQ(count(chalk["paths"]), 2u);
  EXPECT_EQ(flag(chalk["paths_truncated"]), true);
  EXPECT_EQ(str(chalk["shortest_path"].at(0)), "@acme/shop@1.2.0");
  EXPECT_EQ(str(chalk["integrity"]), std::string(testing::kSha512Empty) + " " + testing::kSha1Empty);
  EXPECT_EQ(str(chalk["depends_on"].at(0)), "pkg:npm/tslib@2.6.2");
  simdjson::dom::element ignored;
  EXPECT_TRUE(find_component(comps, "ref", "pkg:npm/chalk@5.3.0")["paths"].get(ignored)) << "no paths listed";
  auto git = find_component(comps, "name", "my-git-dep");
  EXPECT_EQ(str(git["source"]), "git");
  EXPECT_EQ(flag(git["library"]), false);
  EXPECT_EQ(str(shop["warnings"].at(0)["message"]), "lockfile out of step with package.json");
  EXPECT_EQ(str(doc.root["failures"].at(0)["file"]), "broken/package-lock.json");
  EXPECT_EQ(u64(doc.root["failures"].at(0)["line"]), 3u);
}

TEST(Inventory, Table) {
  std::string text = write_inventory(sample_inventory(), InventoryFormat::Table);
  auto lines = lines_of(text);
  ASSERT_GE(lines.size(), 5u);
  EXPECT_EQ(lines[0].rfind("CODEBASE", 0), 0u);
  // One row per codebase and a totals row, right-aligned: all the same width.
  for (std::size_t i = 1; i <= 4; ++i) {
    EXPECT_EQ(display_width(lines[i]), display_width(lines[0])) << lines[i];
  }
  auto words = [](const std::string& s) {
    std::istringstream in(s);
    std::vector<std::string> out;
    for (std::string w; in >> w;) out.push_back(w);
    return out;
  };
  EXPECT_EQ(words(lines[1]), (std::vector<std::string>{".", "package-lock-v3", "11", "10", "6", "5", "2", "2", "1"}));
  EXPECT_EQ(words(lines[2]),
            (std::vector<std::string>{"apps/admin", "package-json", "(no", "lockfile)", "2", "2", "1", "1", "1", "0", "0"}));
  EXPECT_EQ(words(lines[4]), (std::vector<std::string>{"TOTAL", "3", "codebases", "13", "11", "8", "5", "2", "2", "1"}));
  EXPECT_NE(text.find("Multiple versions: 2 names\n  chalk\n"), std::string::npos) << text;
  EXPECT_NE(text.find("    4.1.2  ., apps/api\n    5.3.0  .\n"), std::string::npos) << text;
  EXPECT_NE(text.find("  lodash\n    4.9.0    apps/admin\n    4.17.21  apps/api\n"), std::string::npos) << text;
  EXPECT_NE(text.find("Failures: 1\n  broken/package-lock.json:3:7: unexpected \\x1b[31mtoken\n"), std::string::npos)
      << text;
  EXPECT_EQ(text.find('\x1b'), std::string::npos) << "no raw escape reaches the terminal";
}

TEST(Inventory, EmptyTable) {
  std::string text = write_inventory(inventory::Inventory{}, InventoryFormat::Table);
  EXPECT_NE(text.find("\nTOTAL     0 codebases          0      0"), std::string::npos) << text;
  EXPECT_NE(text.find("Multiple versions: 0 names"), std::string::npos) << text;
}

TEST(Inventory, CsvOneRowPerComponentRoundTrips) {
  auto inv = sample_inventory();
  std::string text = write_inventory(inv, InventoryFormat::Csv);
  auto rows = parse_csv(text);
  ASSERT_EQ(rows.size(), 1u + 13u + 2u + 3u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"codebase", "name", "version", "purl", "scope", "direct", "source",
                                               "aliases", "members", "path_count", "shortest_path", "resolved",
                                               "integrity", "license"}));
  for (const auto& r : rows) EXPECT_EQ(r.size(), rows[0].size());
  // The odd name comes back byte for byte (but the invalid byte, now U+FFFD).
  bool found = false;
  for (const auto& r : rows) {
    if (r[2] == "1.0.0-beta.1+build.5") {
      found = true;
      EXPECT_EQ(r[1], "we\"ird\\na\tme\x01-\xC3\xBC-\xE2\x80\xA8-\xEF\xBF\xBD");
      EXPECT_EQ(r[0], ".");
      EXPECT_EQ(r[13], "SEE LICENSE IN LICENSE.md");
    }
    if (r[1] == "left-pad" && r[0] == ".") {
      EXPECT_EQ(r[7], "lp");
      EXPECT_EQ(r[4], "prod");
      EXPECT_EQ(r[5], "true");
    }
  }
  EXPECT_TRUE(found);
  EXPECT_NE(text.find("\"we\"\"ird"), std::string::npos) << "quotes doubled inside a quoted field";
}

}  // namespace
}  // namespace vigil::report
