// src/registry: npm's configuration, package documents, the client against a local registry
// (recorded documents on 127.0.0.1), the cache, and outdated libraries.
#include <gtest/gtest.h>

#include <ctime>

#include "registry/registry.h"
#include "support/http_server.h"
#include "support/test_support.h"

namespace vigil::registry {
namespace {

using vigil::testing::HttpServer;
using vigil::testing::read_text;
using vigil::testing::run_command;
using vigil::testing::shell_quote;
using vigil::testing::TempDir;
using vigil::testing::write_text;

const std::filesystem::path kData = std::filesystem::path(VIGIL_SOURCE_DIR) / "tests/data/registry";
const std::string kVigil = VIGIL_BINARY;

std::string doc(const std::string& file) { return read_text(kData / file); }

NpmConfigSources sources(const TempDir& t) {
  NpmConfigSources s;
  s.global_npmrc = t / "global/npmrc";
  s.user_npmrc = t / "home/.npmrc";
  s.project_npmrc = t / "project/.npmrc";
  s.builtin_registry = [] { return std::optional<std::string>("https://builtin.invalid/"); };
  return s;
}

TEST(NpmConfig, PrecedenceScopesAndExpansion) {
  TempDir t;
  write_text(t / "global/npmrc", "registry=https://global.invalid/\n@corp:registry=https://global-corp.invalid\n");
  write_text(t / "home/.npmrc", "; user\nregistry = \"https://user.invalid/npm\"\n//user.invalid/npm/:_authToken=${TOKEN}\n");
  write_text(t / "project/.npmrc", "# project\n@corp:registry=https://corp.invalid/r/\n");
  auto s = sources(t);
  s.env = {{"TOKEN", "s3cret"}};
  auto cfg = load_npm_config(s);
  ASSERT_TRUE(cfg) << cfg.error().to_string();
  EXPECT_EQ(cfg->registry, "https://user.invalid/npm/");
  EXPECT_EQ(cfg->registry_origin, (t / "home/.npmrc").string() + ":2");
  EXPECT_EQ(cfg->registry_for("@corp/lib"), "https://corp.invalid/r/");
  EXPECT_EQ(cfg->registry_for("@other/lib"), "https://user.invalid/npm/");
  EXPECT_EQ(cfg->registry_for("lodash"), "https://user.invalid/npm/");
  EXPECT_EQ(cfg->authorization_for("https://user.invalid/npm/lodash"), "Bearer s3cret");
  EXPECT_EQ(cfg->authorization_for("https://corp.invalid/r/@corp%2flib"), "");
  EXPECT_EQ(packument_url(*cfg, "@corp/lib"), "https://corp.invalid/r/@corp%2flib");

  // The environment beats every file; npm_config_ keys are case-insensitive.
  s.env.emplace_back("NPM_CONFIG_REGISTRY", "http://env.invalid");
  cfg = load_npm_config(s);
  ASSERT_TRUE(cfg);
  EXPECT_EQ(cfg->registry, "http://env.invalid/");
  EXPECT_EQ(cfg->registry_origin, "NPM_CONFIG_REGISTRY");
}

TEST(NpmConfig, BuiltinDefaultOnlyWhenNothingSetsOne) {
  TempDir t;
  auto s = sources(t);
  int asked = 0;
  s.builtin_registry = [&] {
    ++asked;
    return std::optional<std::string>("https://builtin.invalid");
  };
  auto cfg = load_npm_config(s);
  ASSERT_TRUE(cfg);
  EXPECT_EQ(asked, 1);
  EXPECT_EQ(cfg->registry, "https://builtin.invalid/");
  EXPECT_EQ(cfg->registry_origin, "npm config get registry");
  write_text(t / "project/.npmrc", "registry=http://127.0.0.1:9/\n");
  cfg = load_npm_config(s);
  ASSERT_TRUE(cfg);
  EXPECT_EQ(asked, 1);
  s.builtin_registry = [] { return std::optional<std::string>(); };
  std::filesystem::remove(t / "project/.npmrc");
  EXPECT_FALSE(load_npm_config(s));
}

TEST(NpmConfig, AuthLongestPrefixAndBasic) {
  TempDir t;
  write_text(t / "project/.npmrc",
             "registry=https://r.invalid/a/\n"
             "//r.invalid/:_authToken=short\n"
             "//r.invalid/a/:_authToken=long\n"
             "//basic.invalid/:username=bob\n"
             "//basic.invalid/:_password=cGFzcw==\n");  // "pass"
  auto cfg = load_npm_config(sources(t));
  ASSERT_TRUE(cfg) << cfg.error().to_string();
  EXPECT_EQ(cfg->authorization_for("https://r.invalid/a/pkg"), "Bearer long");
  EXPECT_EQ(cfg->authorization_for("https://r.invalid/b/pkg"), "Bearer short");
  EXPECT_EQ(cfg->authorization_for("https://basic.invalid/pkg"), "Basic Ym9iOnBhc3M=");  // bob:pass
  EXPECT_EQ(cfg->authorization_for("https://elsewhere.invalid/pkg"), "");
}

TEST(NpmConfig, BadFilesNameThePlace) {
  TempDir t;
  auto s = sources(t);
  write_text(t / "project/.npmrc", "registry=https://r.invalid/\n//r.invalid/:_authToken=${NOT_SET_ANYWHERE}\n");
  auto cfg = load_npm_config(s);
  ASSERT_FALSE(cfg);
  EXPECT_EQ(cfg.error().file, (t / "project/.npmrc").string());
  EXPECT_EQ(cfg.error().line, 2u);
  EXPECT_NE(cfg.error().message.find("NOT_SET_ANYWHERE"), std::string::npos);
  write_text(t / "project/.npmrc", "registry=https://r.invalid/\n//r.invalid/:_authToken=${NOT_SET_ANYWHERE?}\n");
  EXPECT_TRUE(load_npm_config(s));
  write_text(t / "project/.npmrc", "[broken\n");
  cfg = load_npm_config(s);
  ASSERT_FALSE(cfg);
  EXPECT_EQ(cfg.error().line, 1u);
  write_text(t / "project/.npmrc", "registry=file:///etc/\n");
  cfg = load_npm_config(s);
  ASSERT_FALSE(cfg);
  EXPECT_NE(cfg.error().message.find("not an http(s) URL"), std::string::npos);
}

TEST(Packument, RecordedDocuments) {
  auto p = parse_packument(doc("debug.json"), "debug.json");
  ASSERT_TRUE(p) << p.error().to_string();
  EXPECT_EQ(p->name, "debug");
  EXPECT_EQ(p->dist_tags.at("latest"), "4.4.3");
  ASSERT_GE(p->versions.size(), 70u);
  EXPECT_EQ(p->versions.back(), "4.4.3");  // semver order, not the document's
  for (size_t i = 1; i < p->versions.size(); ++i) EXPECT_NE(p->versions[i - 1], p->versions[i]);
  ASSERT_TRUE(p->published.count("4.4.3"));
  EXPECT_EQ(p->published.at("4.4.3"), 1757791739);  // 2025-09-13T19:28:59Z
  auto bad = parse_packument("{\"name\": \"x\", \"versions\": ", "x.json");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("malformed JSON"), std::string::npos);
  EXPECT_FALSE(parse_packument("[1, 2]", "x.json"));
  EXPECT_FALSE(parse_packument("{\"name\": \"x\"}", "x.json"));
}

NpmConfig local(const HttpServer& s) {
  NpmConfig cfg;
  cfg.registry = s.url("/");
  return cfg;
}

TEST(Fetch, DocumentsFailuresRetriesAndAuth) {
  HttpServer server;
  server.serve("/ms", {200, doc("ms.json"), "application/json"});
  server.serve("/@hapi%2fboom", {200, doc("@hapi%2fboom.json"), "application/json"});
  HttpServer::Response flaky{200, doc("is-number.json"), "application/json"};
  flaky.fail_times = 2;
  server.serve("/is-number", flaky);
  server.serve("/broken", {200, "{\"name\": \"broken\", \"versions\": {", "application/json"});
  NpmConfig cfg = local(server);
  cfg.settings["//127.0.0.1:" + std::to_string(server.port()) + "/:_authToken"] = "tok";
  FetchOptions o;
  o.backoff_ms = 1;
  auto r = fetch({"ms", "@hapi/boom", "is-number", "no-such-package", "broken", "ms"}, cfg, o);
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->stats.requested, 5u);
  EXPECT_EQ(r->documents.size(), 3u);
  EXPECT_EQ(r->documents.at("@hapi/boom").dist_tags.at("latest"), "10.0.1");
  EXPECT_EQ(r->documents.at("is-number").dist_tags.at("latest"), "7.0.0");
  EXPECT_EQ(r->stats.retries, 2u);
  EXPECT_EQ(r->failed.at("no-such-package"), "404: not in the registry");
  EXPECT_NE(r->failed.at("broken").find("malformed JSON"), std::string::npos);
  EXPECT_NE(server.last_request("/ms").find("Authorization: Bearer tok"), std::string::npos) << server.last_request("/ms");
  EXPECT_NE(server.last_request("/ms").find("application/vnd.npm.install-v1+json"), std::string::npos);

  // A registry that keeps failing: the library is unknown, the run goes on.
  HttpServer::Response down{200, doc("ms.json"), "application/json"};
  down.fail_times = 100;
  server.serve("/ms", down);
  o.retries = 1;
  r = fetch({"ms"}, cfg, o);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->failed.at("ms"), "HTTP 500");
}

TEST(Fetch, ATimeoutMakesTheLibraryUnknownAndTheRunGoesOn) {
  HttpServer server;
  HttpServer::Response slow{200, doc("ms.json"), "application/json"};
  slow.delay_ms = 3000;
  server.serve("/ms", slow);
  server.serve("/is-number", {200, doc("is-number.json"), "application/json"});
  FetchOptions o;
  o.timeout_seconds = 1;
  o.retries = 0;
  o.concurrency = 1;  // the one server answers one connection at a time: is-number waits behind ms
  auto r = fetch({"is-number", "ms"}, local(server), o);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->documents.count("is-number"));
  ASSERT_TRUE(r->failed.count("ms"));
  EXPECT_NE(r->failed.at("ms").find("timed out"), std::string::npos) << r->failed.at("ms");
}

TEST(Fetch, CacheTtlConditionalRequestsAndOffline) {
  TempDir t;
  HttpServer server;
  HttpServer::Response ms{200, doc("ms.json"), "application/json"};
  ms.etag = "\"v1\"";
  server.serve("/ms", ms);
  NpmConfig cfg = local(server);
  FetchOptions o;
  o.cache = t / "cache/registry.db";
  o.now = 1'000'000;
  auto r = fetch({"ms"}, cfg, o);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->stats.downloaded, 1u);
  size_t before = server.requests();
  // Within the TTL: from the cache, no request.
  o.now += 3600;
  r = fetch({"ms"}, cfg, o);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->stats.fresh_from_cache, 1u);
  EXPECT_EQ(server.requests(), before);
  // After it: a conditional request, answered 304.
  o.now += 2 * 24 * 3600;
  r = fetch({"ms"}, cfg, o);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->stats.not_modified, 1u);
  EXPECT_NE(server.last_request("/ms").find("If-None-Match: \"v1\""), std::string::npos);
  EXPECT_EQ(r->documents.at("ms").dist_tags.at("latest"), "2.1.3");
  // Registry down after the TTL: the stale copy, said to be stale.
  o.now += 2 * 24 * 3600;
  HttpServer::Response down = ms;
  down.fail_times = 100;
  server.serve("/ms", down);
  o.retries = 0;
  r = fetch({"ms"}, cfg, o);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->stats.stale_from_cache, 1u);
  // Offline: the cache whatever its age; what is not there is reported, not fatal.
  o.offline = true;
  o.now += 365 * 24 * 3600;
  before = server.requests();
  r = fetch({"ms", "debug"}, cfg, o);
  ASSERT_TRUE(r);
  EXPECT_EQ(server.requests(), before);
  EXPECT_TRUE(r->documents.count("ms"));
  EXPECT_EQ(r->failed.at("debug"), "not in the cache (--offline)");
  // A cache file that is not a database: an error naming it.
  write_text(t / "junk.db", std::string(4096, 'x'));
  o.cache = t / "junk.db";
  auto bad = fetch({"ms"}, cfg, o);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().file, (t / "junk.db").string());
}

TEST(Ncurc, RejectListsAndTarget) {
  TempDir t;
  std::vector<Error> w;
  write_text(t / "a/.ncurc.yaml", "## comment\nreject: [\n  # why\n  \"get-port\",\n  'jest',\n  \"@mojaloop/*\",\n  \"/^eslint/\"\n]\n");
  auto a = load_ncurc(t / "a", "a/", w);
  ASSERT_TRUE(a) << a.error().to_string();
  ASSERT_TRUE(*a);
  EXPECT_TRUE((*a)->rejects("jest"));
  EXPECT_TRUE((*a)->rejects("@mojaloop/central-services-shared"));
  EXPECT_TRUE((*a)->rejects("eslint-plugin-import"));
  EXPECT_FALSE((*a)->rejects("jest-junit"));
  write_text(t / "b/.ncurc.json", "{\"reject\": [], \"target\": \"patch\"}");
  auto b = load_ncurc(t / "b", "b/", w);
  ASSERT_TRUE(b && *b);
  EXPECT_EQ((*b)->target, "patch");
  auto none = load_ncurc(t / "c", "c/", w);
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);
  write_text(t / "d/.ncurc.json", "{\"reject\": [\"/(/\"]}");
  auto d = load_ncurc(t / "d", "d/", w);
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().file, "d/.ncurc.json");
  write_text(t / "e/.ncurc.json", "{\"reject\": [\"x\",");
  auto e = load_ncurc(t / "e", "e/", w);
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().file, "e/.ncurc.json");
  EXPECT_GT(e.error().line, 0u);
}

TEST(Ncurc, TheCorpusFilesRead) {
  auto corpus = vigil::testing::shared_dir() / "corpus/mojaloop";
  if (!std::filesystem::exists(corpus)) GTEST_SKIP() << "shared corpus absent";
  size_t n = 0;
  for (auto it = std::filesystem::recursive_directory_iterator(corpus); it != std::filesystem::recursive_directory_iterator(); ++it) {
    if (it->is_directory() && (it->path().filename() == "node_modules" || it->path().filename() == ".git")) {
      it.disable_recursion_pending();
      continue;
    }
    if (it->path().filename().string().rfind(".ncurc", 0) != 0) continue;
    std::vector<Error> w;
    auto c = load_ncurc(it->path().parent_path(), it->path().parent_path().string() + "/", w);
    EXPECT_TRUE(c && *c) << it->path() << ": " << (c ? "" : c.error().to_string());
    ++n;
  }
  EXPECT_GT(n, 50u);
}

// A project: ms@2.0.0 (direct, ^2.0.0), debug@2.6.9 (direct, dev, ~2.6.0) -> ms@2.0.0, is-number@7.0.0 (direct).
void write_project(const std::filesystem::path& dir) {
  write_text(dir / "package.json", R"J({"name": "app", "version": "1.0.0",
    "dependencies": {"ms": "^2.0.0", "is-number": "7.0.0"}, "devDependencies": {"debug": "~2.6.0"}})J");
  write_text(dir / "package-lock.json", R"J({"name": "app", "version": "1.0.0", "lockfileVersion": 3, "requires": true,
  "packages": {
    "": {"name": "app", "version": "1.0.0", "dependencies": {"ms": "^2.0.0", "is-number": "7.0.0"}, "devDependencies": {"debug": "~2.6.0"}},
    "node_modules/ms": {"version": "2.0.0"},
    "node_modules/is-number": {"version": "7.0.0"},
    "node_modules/debug": {"version": "2.6.9", "dev": true, "dependencies": {"ms": "2.0.0"}}
  }})J");
}

FetchResult recorded() {
  FetchResult r;
  for (const auto& [name, file] : {std::pair<std::string, std::string>{"ms", "ms.json"}, {"debug", "debug.json"}, {"is-number", "is-number.json"}}) {
    r.documents[name] = *parse_packument(doc(file), file);
  }
  return r;
}

TEST(Outdated, CurrentWantedLatestAndBehind) {
  TempDir t;
  write_project(t / "app");
  std::vector<Error> failures;
  auto projects = inventory::discover({t / "app"}, failures);
  auto inv = inventory::scan_projects(projects, std::move(failures), {});
  ASSERT_EQ(inv.codebases.size(), 1u);
  FetchResult docs = recorded();
  docs.documents["debug"].deprecated["2.6.9"] = "please upgrade";  // the mirror the documents come from strips deprecations
  auto rep = outdated(inv, docs, {});
  ASSERT_EQ(rep.entries.size(), 3u);
  const auto& debug = rep.entries[0];
  EXPECT_EQ(debug.name, "debug");
  EXPECT_EQ(debug.declared, "~2.6.0");
  EXPECT_EQ(debug.wanted, "2.6.9");
  EXPECT_EQ(debug.latest, "4.4.3");
  EXPECT_EQ(debug.behind, Behind::Major);
  EXPECT_TRUE(debug.outdated);
  EXPECT_EQ(debug.deprecated, "please upgrade");
  ASSERT_TRUE(debug.libyear);
  // The recorded document's times: 2.6.9 2024-02-23T22:25:25, 4.4.3 2025-09-13T19:28:59.
  EXPECT_NEAR(*debug.libyear, (1757791739.0 - 1708727125.0) / (365.25 * 86400), 1e-9);
  const auto& isn = rep.entries[1];
  EXPECT_EQ(isn.behind, Behind::UpToDate);
  EXPECT_FALSE(isn.outdated);
  const auto& ms = rep.entries[2];
  EXPECT_EQ(ms.wanted, "2.1.3");
  EXPECT_EQ(ms.behind, Behind::Minor);
  EXPECT_EQ(rep.summary.libraries, 3u);
  EXPECT_EQ(rep.summary.outdated, 2u);
  EXPECT_EQ(rep.summary.up_to_date, 1u);
  EXPECT_EQ(rep.summary.deprecated, 1u);

  // Only majors count; an .ncurc holds debug back.
  OutdatedOptions o;
  o.threshold = Behind::Major;
  const std::string id = inv.codebases[0].id;
  o.ncurc[id].reject = {"debug"};
  rep = outdated(inv, docs, o);
  EXPECT_EQ(rep.summary.outdated, 0u);
  EXPECT_EQ(rep.summary.rejected, 1u);
  EXPECT_TRUE(rep.entries[0].rejected);
  // ncu's target: patch only looks at releases within the current minor.
  o = {};
  o.ncurc[id].target = "patch";
  rep = outdated(inv, docs, o);
  EXPECT_FALSE(rep.entries[2].outdated);  // ms 2.0.0 has no 2.0.x above it
  // As of a date: the newest stable release published by then (the recorded documents' times:
  // by 2024-03-01 debug had 2.6.9, 3.2.7 and 4.3.4), and wanted among those.
  o = {};
  o.as_of = 1709251200;  // 2024-03-01T00:00:00Z
  rep = outdated(inv, docs, o);
  EXPECT_EQ(rep.entries[0].latest, "4.3.4");
  EXPECT_EQ(rep.entries[0].behind, Behind::Major);
  EXPECT_EQ(rep.entries[2].latest, "2.1.3");
  o.as_of = 1000;  // before anything was published: nothing is known
  rep = outdated(inv, docs, o);
  EXPECT_TRUE(rep.entries[0].unknown);
  EXPECT_EQ(rep.summary.unknown, 3u);
  // Unknown when the registry failed.
  docs.documents.erase("ms");
  docs.failed["ms"] = "HTTP 500";
  rep = outdated(inv, docs, {});
  EXPECT_EQ(rep.entries[2].unknown.value_or(""), "HTTP 500");
  EXPECT_EQ(rep.summary.unknown, 1u);
}

TEST(OutdatedCli, AgainstALocalRegistry) {
  TempDir t;
  write_project(t / "app");
  write_text(t / "app/.ncurc.json", "{\"reject\": [\"debug\"]}");
  HttpServer server;
  server.serve("/ms", {200, doc("ms.json"), "application/json"});
  server.serve("/debug", {200, doc("debug.json"), "application/json"});
  server.serve("/is-number", {200, doc("is-number.json"), "application/json"});
  std::string env = "HOME=" + shell_quote((t / "home").string()) + " npm_config_registry=" + shell_quote(server.url("/")) + " ";
  std::string cmd = env + kVigil + " outdated " + shell_quote((t / "app").string()) + " --cache " + shell_quote((t / "r.db").string());
  auto r = run_command(cmd);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("3 libraries: 1 up to date, 1 outdated (0 major, 1 minor, 0 patch), 1 held back by .ncurc"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("ms "), std::string::npos);
  EXPECT_NE(r.out.find("held back by .ncurc"), std::string::npos);
  auto f = run_command(cmd + " --fail --format json");
  EXPECT_EQ(f.exit_code, 1) << f.err;
  EXPECT_NE(f.out.find("\"wanted\": \"2.1.3\""), std::string::npos) << f.out;
  // Offline from the cache the first run wrote: same answer, no request.
  size_t before = server.requests();
  auto off = run_command(cmd + " --offline");
  EXPECT_EQ(off.exit_code, 0) << off.err;
  EXPECT_EQ(server.requests(), before);
  EXPECT_EQ(off.out, r.out);
  // Offline with an empty cache: unknown, counted, not fatal.
  auto empty = run_command(env + kVigil + " outdated " + shell_quote((t / "app").string()) + " --offline --cache " +
                           shell_quote((t / "empty.db").string()));
  EXPECT_EQ(empty.exit_code, 0) << empty.err;
  EXPECT_NE(empty.out.find("3 unknown"), std::string::npos) << empty.out;
  EXPECT_NE(empty.err.find("3 of 3 libraries could not be had"), std::string::npos) << empty.err;
  // A broken .ncurc: exit 2 naming the file, nothing on stdout.
  write_text(t / "app/.ncurc.json", "{\"reject\": [");
  auto bad = run_command(cmd);
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find(".ncurc.json:"), std::string::npos) << bad.err;
  EXPECT_TRUE(bad.out.empty());
}

// The one live test: the registry npm's own configuration names on this machine. It runs when that
// registry answers and is skipped (not failed) when it does not: no test depends on the network.
TEST(LiveRegistry, WhenItAnswers) {
  auto cfg = load_npm_config(default_sources(std::filesystem::current_path()));
  if (!cfg) GTEST_SKIP() << "no npm registry configured: " << cfg.error().to_string();
  FetchOptions o;
  o.timeout_seconds = 10;
  o.retries = 0;
  auto r = fetch({"ms"}, *cfg, o);
  ASSERT_TRUE(r);
  if (!r->documents.count("ms")) GTEST_SKIP() << "the registry did not answer: " << r->failed["ms"];
  const auto& ms = r->documents.at("ms");
  EXPECT_EQ(ms.name, "ms");
  ASSERT_TRUE(ms.dist_tags.count("latest"));
  EXPECT_NE(std::find(ms.versions.begin(), ms.versions.end(), "2.0.0"), ms.versions.end());
}

}  // namespace
}  // namespace vigil::registry
