// The SBOMs vigil writes, checked against JSON schemas by ajv (tests/tools, installed with
// `npm ci --prefix tests/tools`):
//  - CycloneDX: the official 1.6 schema (with the SPDX license list and JSF schemas it refers
//    to) as @cyclonedx/cyclonedx-library ships it;
//  - SPDX: tests/tools/spdx-2.3-subset.schema.json, the spec's required fields, vocabularies
//    and formats (no npm package ships the official SPDX 2.3 schema), plus the
//    cross-references a schema cannot check, here in C++.
// Each schema is also shown to reject broken documents, so that a passing run means something.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>

#include "report/license_text.h"
#include "report/report.h"
#include "report/test_fixture.h"
#include "support/test_support.h"

namespace vigil::report {
namespace {

namespace fs = std::filesystem;
using testing::run_command;
using testing::shell_quote;

const fs::path kTools = fs::path(VIGIL_SOURCE_DIR) / "tests" / "tools";
const fs::path kAjv = kTools / "node_modules" / ".bin" / "ajv";
const fs::path kPlugin = kTools / "ajv-sbom.js";
const fs::path kCycloneDxSchema =
    kTools / "node_modules" / "@cyclonedx" / "cyclonedx-library" / "res" / "schema" / "bom-1.6.SNAPSHOT.schema.json";
const fs::path kSpdxSchema = kTools / "spdx-2.3-subset.schema.json";

// Why the validator cannot run, or empty.
std::string missing_tools() {
  static const std::string why = [] {
    for (const auto& p : {kAjv, kCycloneDxSchema, kTools / "node_modules" / "ajv-formats-draft2019"}) {
      if (!fs::exists(p)) {
        return "tests/tools/node_modules is not installed (missing " + p.string() +
               "); run `npm ci --prefix tests/tools` to validate SBOMs against their schemas";
      }
    }
    if (run_command("node --version").exit_code != 0) return std::string("node is not on PATH");
    return std::string();
  }();
  return why;
}

#define REQUIRE_VALIDATOR()                                  \
  do {                                                       \
    if (std::string why = missing_tools(); !why.empty()) {   \
      /* scripts/test (and so CI) installs the tools: there a  \
         missing validator is a failure, not a skip. */        \
      if (std::getenv("VIGIL_REQUIRE_TEST_TOOLS")) FAIL() << why; \
      GTEST_SKIP() << why;                                   \
    }                                                        \
  } while (0)

testing::CommandResult validate(const fs::path& schema, const std::string& document, const std::string& name) {
  testing::TempDir tmp;
  fs::path file = tmp / name;
  testing::write_text(file, document);
  return run_command("node " + shell_quote(kAjv.string()) +
                     " validate --spec=draft7 --strict=false --all-errors --errors=text -c " +
                     shell_quote(kPlugin.string()) + " -s " + shell_quote(schema.string()) + " -d " +
                     shell_quote(file.string()));
}

void expect_valid(const fs::path& schema, const std::string& document, const std::string& name) {
  auto r = validate(schema, document, name);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err << "\n--- document ---\n" << document;
}

void expect_invalid(const fs::path& schema, const std::string& document, const std::string& name) {
  auto r = validate(schema, document, name);
  EXPECT_EQ(r.exit_code, 1) << "expected the schema to reject " << name << "\n" << r.out << r.err;
  EXPECT_NE(r.err.find("invalid"), std::string::npos) << r.out << r.err;
}

// `doc` with the first occurrence of `from` replaced by `to` (which must occur).
std::string mutate(std::string doc, const std::string& from, const std::string& to) {
  auto at = doc.find(from);
  if (at == std::string::npos) throw std::runtime_error("mutation target not found: " + from);
  return doc.replace(at, from.size(), to);
}

// What SPDX requires and a schema cannot say: SPDXIDs unique, every relationship between
// elements of the document, the document describing something.
void expect_spdx_cross_references(const std::string& text) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(text);
  simdjson::dom::element doc;
  ASSERT_FALSE(parser.parse(padded).get(doc)) << "not JSON";
  simdjson::dom::array packages, relationships;
  ASSERT_FALSE(doc["packages"].get(packages));
  ASSERT_FALSE(doc["relationships"].get(relationships));
  std::set<std::string> ids = {"SPDXRef-DOCUMENT"};
  for (simdjson::dom::element p : packages) {
    std::string_view id;
    ASSERT_FALSE(p["SPDXID"].get(id));
    EXPECT_TRUE(ids.insert(std::string(id)).second) << "duplicate SPDXID " << id;
  }
  int describes = 0;
  for (simdjson::dom::element r : relationships) {
    std::string_view a, b, type;
    ASSERT_FALSE(r["spdxElementId"].get(a));
    ASSERT_FALSE(r["relatedSpdxElement"].get(b));
    ASSERT_FALSE(r["relationshipType"].get(type));
    EXPECT_TRUE(ids.count(std::string(a))) << a;
    EXPECT_TRUE(ids.count(std::string(b))) << b;
    if (a == "SPDXRef-DOCUMENT" && type == "DESCRIBES") ++describes;
  }
  EXPECT_EQ(describes, 1);
}

SbomOptions options(bool prod_only = false) {
  SbomOptions o;
  o.timestamp = 1700000000;
  o.tool_version = "0.1.0";
  o.prod_only = prod_only;
  return o;
}

TEST(SbomSchema, CycloneDxIsValid) {
  REQUIRE_VALIDATOR();
  auto cb = testing::sample_codebase();
  expect_valid(kCycloneDxSchema, write_cyclonedx(cb, options()), "sample.cdx.json");
  expect_valid(kCycloneDxSchema, write_cyclonedx(cb, options(true)), "sample-prod.cdx.json");
  inventory::Codebase empty;
  empty.id = ".";
  expect_valid(kCycloneDxSchema, write_cyclonedx(empty, options()), "empty.cdx.json");
}

TEST(SbomSchema, SpdxIsValid) {
  REQUIRE_VALIDATOR();
  auto cb = testing::sample_codebase();
  for (bool prod_only : {false, true}) {
    std::string doc = write_spdx(cb, options(prod_only));
    expect_valid(kSpdxSchema, doc, prod_only ? "sample-prod.spdx.json" : "sample.spdx.json");
    expect_spdx_cross_references(doc);
  }
  inventory::Codebase empty;
  empty.id = "apps/empty";
  std::string doc = write_spdx(empty, options());
  expect_valid(kSpdxSchema, doc, "empty.spdx.json");
  expect_spdx_cross_references(doc);
}

// Every license id vigil writes as a CycloneDX license.id must be on the SPDX license list
// that the CycloneDX schema enumerates.
TEST(SbomSchema, KnownLicenseIdsAreOnTheSpdxList) {
  REQUIRE_VALIDATOR();
  testing::CodebaseBuilder b(".");
  b.importer("licenses", "1.0.0", ".");
  int n = 0;
  for (auto id : known_license_ids()) {
    std::string key = "c" + std::to_string(n++);
    b.component(key, "pkg-" + key, "1.0.0", inventory::Scope::Prod, true, std::string(id));
    b.import_edge(0, key);
  }
  std::string doc = write_cyclonedx(b.finish(), options());
  ASSERT_EQ(doc.find("\"expression\""), std::string::npos) << "every known id is written as an id";
  expect_valid(kCycloneDxSchema, doc, "licenses.cdx.json");
}

// Random bytes in every field (what no lockfile holds) still give valid documents.
TEST(SbomSchema, ArbitraryBytesGiveValidDocuments) {
  REQUIRE_VALIDATOR();
  for (uint32_t seed : {7u, 8u}) {
    auto cb = testing::random_codebase(seed, 12);
    expect_valid(kCycloneDxSchema, write_cyclonedx(cb, options()), "random.cdx.json");
    std::string spdx = write_spdx(cb, options());
    expect_valid(kSpdxSchema, spdx, "random.spdx.json");
    expect_spdx_cross_references(spdx);
  }
}

TEST(SbomSchema, BrokenCycloneDxIsRejected) {
  REQUIRE_VALIDATOR();
  const std::string good = write_cyclonedx(testing::sample_codebase(), options());
  expect_invalid(kCycloneDxSchema, mutate(good, "\"scope\": \"excluded\"", "\"scope\": \"dev\""), "scope.cdx.json");
  expect_invalid(kCycloneDxSchema, mutate(good, "\"alg\": \"SHA-512\"", "\"alg\": \"SHA512\""), "alg.cdx.json");
  expect_invalid(kCycloneDxSchema, mutate(good, "\"content\": \"cf83e", "\"content\": \"zz83e"), "hash.cdx.json");
  expect_invalid(kCycloneDxSchema, mutate(good, "\"specVersion\": \"1.6\",", ""), "required.cdx.json");
  expect_invalid(kCycloneDxSchema, mutate(good, "\"serialNumber\": \"urn:uuid:", "\"serialNumber\": \"uuid:"),
                 "serial.cdx.json");
  // The formats are checked too (iri-reference from ajv-formats-draft2019).
  expect_invalid(kCycloneDxSchema, mutate(good, "\"url\": \"https://npm.example.com/", "\"url\": \"https://npm example/"),
                 "url.cdx.json");
  // A license id that is not on the SPDX list.
  expect_invalid(kCycloneDxSchema, mutate(good, "\"id\": \"MIT\"", "\"id\": \"MIT-Like\""), "license.cdx.json");
}

TEST(SbomSchema, BrokenSpdxIsRejected) {
  REQUIRE_VALIDATOR();
  const std::string good = write_spdx(testing::sample_codebase(), options());
  expect_invalid(kSpdxSchema, mutate(good, "\"relationshipType\": \"DEPENDS_ON\"", "\"relationshipType\": \"DEPENDS_UPON\""),
                 "rel.spdx.json");
  expect_invalid(kSpdxSchema, mutate(good, "\"downloadLocation\": \"NOASSERTION\",", ""), "download.spdx.json");
  expect_invalid(kSpdxSchema, mutate(good, "\"checksumValue\": \"cf83e", "\"checksumValue\": \"cf83"), "checksum.spdx.json");
  expect_invalid(kSpdxSchema, mutate(good, "\"SPDXID\": \"SPDXRef-Package-", "\"SPDXID\": \"SPDXRef-Package_"),
                 "id.spdx.json");
  expect_invalid(kSpdxSchema, mutate(good, "\"referenceCategory\": \"PACKAGE-MANAGER\"", "\"referenceCategory\": \"NPM\""),
                 "category.spdx.json");
  expect_invalid(kSpdxSchema, mutate(good, "\"spdxVersion\": \"SPDX-2.3\"", "\"spdxVersion\": \"SPDX-2.2\""),
                 "version.spdx.json");
  expect_invalid(kSpdxSchema, mutate(good, "\"filesAnalyzed\": false,", "\"filesAnalyzed\": false, \"packageVerificationCode\": {},"),
                 "verification.spdx.json");
}

}  // namespace
}  // namespace vigil::report
