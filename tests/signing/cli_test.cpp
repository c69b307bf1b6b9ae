// `vigil chart` and `vigil keys` run as a user runs them: exit codes (verify: 0 verified,
// 1 not verified, 2 error; package/sign: 0 or 2), one verdict per failure, passphrases from a file
// or the environment (never argv), expired and revoked keys made with GnuPG, GnuPG 2 exports used
// as keyrings, and `chart verify-repo` over an index.yaml.
#include <gtest/gtest.h>

#include <filesystem>

#include "signing/signing.h"
#include "support/test_support.h"

namespace fs = std::filesystem;
using vigil::testing::CommandResult;
using vigil::testing::read_text;
using vigil::testing::run_command;
using vigil::testing::shell_quote;
using vigil::testing::TempDir;
using vigil::testing::write_text;

namespace {

fs::path helm() { return vigil::testing::shared_dir() / "vectors" / "helm"; }
std::string q(const fs::path& p) { return shell_quote(p.string()); }
std::string hv(const char* f) { return q(helm() / f); }

// Runs vigil with `args` (already quoted), optional environment assignments first.
CommandResult run_vigil(const std::string& args, const std::string& env = "") {
  return run_command("env -u VIGIL_SIGNING_PASSPHRASE " + env + " " + shell_quote(VIGIL_BINARY) + " " + args);
}

#define NEED_HELM() \
  if (!fs::exists(helm())) GTEST_SKIP() << "shared vectors absent"

bool have_gpg() { return run_command("gpg --version").exit_code == 0; }

// A temporary GNUPGHOME.
struct GpgHome {
  TempDir dir;
  GpgHome() { fs::permissions(dir.path(), fs::perms::owner_all, fs::perm_options::replace); }
  CommandResult gpg(const std::string& args) const {
    return run_command("GNUPGHOME=" + q(dir.path()) + " gpg --batch --pinentry-mode loopback " + args);
  }
};

std::string sha256_file(const fs::path& p) { return vigil::signing::sha256_hex(read_text(p)); }

}  // namespace

TEST(SigningCli, VerifyExitCodeForEachVerdict) {
  NEED_HELM();
  TempDir t;
  fs::create_directories(t / "ok");
  fs::copy_file(helm() / "hashtest-1.2.3.tgz", t / "ok" / "hashtest-1.2.3.tgz");
  auto s = run_vigil("chart sign " + q(t / "ok" / "hashtest-1.2.3.tgz") + " --key helm-test --keyring " + hv("helm-test-key.secret"));
  ASSERT_EQ(s.exit_code, 0) << s.err;
  EXPECT_TRUE(s.err.empty()) << s.err;
  std::string pub = " --keyring " + hv("helm-test-key.pub");

  auto ok = run_vigil("chart verify " + q(t / "ok" / "hashtest-1.2.3.tgz") + pub);
  EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err;
  EXPECT_NE(ok.out.find(": verified: signed by Helm Testing"), std::string::npos) << ok.out;
  EXPECT_TRUE(ok.err.empty()) << ok.err;

  // helm's own .prov verifies too.
  auto helm_prov = run_vigil("chart verify " + hv("hashtest-1.2.3.tgz") + pub);
  EXPECT_EQ(helm_prov.exit_code, 0) << helm_prov.out << helm_prov.err;

  struct Case {
    const char* dir;
    const char* prov;  // copied as hashtest-1.2.3.tgz.prov (nullptr: none)
    bool repackaged;   // another archive under the same name
    const char* keyring;
    const char* verdict;
  };
  for (Case c : {Case{"none", nullptr, false, "helm-test-key.pub", "no-provenance"},
                 Case{"tampered", "msgblock.yaml.tampered", false, "helm-test-key.pub", "bad-signature"},
                 Case{"unknown", "hashtest-1.2.3.tgz.prov", false, "derived-rsa3072.pub", "unknown-key"},
                 Case{"hash", "hashtest-1.2.3.tgz.prov", true, "helm-test-key.pub", "hash-mismatch"}}) {
    fs::create_directories(t / c.dir);
    fs::path tgz = t / c.dir / "hashtest-1.2.3.tgz";
    if (c.repackaged) {
      auto p = run_vigil("chart package " + hv("hashtest") + " -d " + q(t / c.dir));
      ASSERT_EQ(p.exit_code, 0) << p.err;
    } else {
      fs::copy_file(helm() / "hashtest-1.2.3.tgz", tgz);
    }
    if (c.prov) fs::copy_file(helm() / c.prov, t / c.dir / "hashtest-1.2.3.tgz.prov");
    auto r = run_vigil("chart verify " + q(tgz) + " --keyring " + hv(c.keyring));
    EXPECT_EQ(r.exit_code, 1) << c.dir << ": " << r.out << r.err;
    EXPECT_NE(r.out.find(std::string(": ") + c.verdict + ": "), std::string::npos) << c.dir << ": " << r.out;
    EXPECT_TRUE(r.err.empty()) << c.dir << ": librnp noise on stderr: " << r.err;
  }
  // A .prov for another chart: the archive renamed has no files entry.
  fs::create_directories(t / "other");
  fs::copy_file(helm() / "hashtest-1.2.3.tgz", t / "other" / "other-1.2.3.tgz");
  fs::copy_file(helm() / "hashtest-1.2.3.tgz.prov", t / "other" / "other-1.2.3.tgz.prov");
  auto other = run_vigil("chart verify " + q(t / "other" / "other-1.2.3.tgz") + pub);
  EXPECT_EQ(other.exit_code, 1);
  EXPECT_NE(other.out.find(": metadata-mismatch: "), std::string::npos) << other.out;

  // Several charts, one keyring read once: 1 when any is not verified, 0 when all are.
  auto two = run_vigil("chart verify " + q(t / "ok" / "hashtest-1.2.3.tgz") + " " + q(t / "none" / "hashtest-1.2.3.tgz") + pub);
  EXPECT_EQ(two.exit_code, 1);
  auto both = run_vigil("chart verify " + q(t / "ok" / "hashtest-1.2.3.tgz") + " " + hv("hashtest-1.2.3.tgz") + pub);
  EXPECT_EQ(both.exit_code, 0) << both.out << both.err;

  // Errors: 2, a message naming the file, nothing on stdout.
  write_text(t / "bad" / "hashtest-1.2.3.tgz.prov", "files: {}\n");
  fs::copy_file(helm() / "hashtest-1.2.3.tgz", t / "bad" / "hashtest-1.2.3.tgz");
  write_text(t / "corrupt" / "c-1.0.0.tgz", "not a gzip stream");
  for (auto [args, needle] : {std::pair{"chart verify " + q(t / "ok" / "hashtest-1.2.3.tgz") + " --keyring " + q(t / "nope.pub"), std::string("nope.pub")},
                              std::pair{"chart verify " + q(t / "missing-1.0.0.tgz") + pub, std::string("missing-1.0.0.tgz")},
                              std::pair{"chart verify " + q(t / "corrupt" / "c-1.0.0.tgz") + pub, std::string("c-1.0.0.tgz")},
                              std::pair{"chart verify " + q(t / "bad" / "hashtest-1.2.3.tgz") + pub, std::string("hashtest-1.2.3.tgz.prov:1:1")}}) {
    auto r = run_vigil(args);
    EXPECT_EQ(r.exit_code, 2) << args << "\n" << r.out << r.err;
    EXPECT_NE(r.err.find(needle), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
  }
}

TEST(SigningCli, PackageAndSignErrors) {
  NEED_HELM();
  TempDir t;
  auto r = run_vigil("chart package " + q(t / "no-such-chart") + " -d " + q(t / "out"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no-such-chart"), std::string::npos) << r.err;
  write_text(t / "badchart" / "Chart.yaml", "apiVersion: v2\nname: bad\nversion: not-semver\n");
  r = run_vigil("chart package " + q(t / "badchart") + " -d " + q(t / "out"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("Chart.yaml"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(t / "out")) << "partial output";
  r = run_vigil("chart package " + hv("hashtest") + " -d " + q(t / "out") + " --sign");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--key"), std::string::npos) << r.err;
  r = run_vigil("chart package " + hv("hashtest") + " -d " + q(t / "out") + " --sign --key nobody --keyring " + hv("helm-test-key.secret"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_FALSE(fs::exists(t / "out" / "hashtest-1.2.3.tgz")) << "archive left without its .prov";

  // package --sign: archive and .prov; the .prov verifies and gpg-style layout holds.
  r = run_vigil("chart package " + hv("hashtest") + " -d " + q(t / "out") + " --sign --key helm-test --keyring " + hv("helm-test-key.secret"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_TRUE(fs::exists(t / "out" / "hashtest-1.2.3.tgz.prov"));
  EXPECT_EQ(run_vigil("chart verify " + q(t / "out" / "hashtest-1.2.3.tgz") + " --keyring " + hv("helm-test-key.pub")).exit_code, 0);

  fs::copy_file(helm() / "hashtest-1.2.3.tgz", t / "hashtest-1.2.3.tgz");
  for (auto [args, needle] : {std::pair{std::string(" --key nobody --keyring ") + hv("helm-test-key.secret"), std::string("no key matching 'nobody'")},
                              std::pair{std::string(" --key helm-test --keyring ") + hv("helm-test-key.pub"), std::string("signing capability")},
                              std::pair{std::string(" --key helm-test --keyring ") + q(t / "nope.gpg"), std::string("nope.gpg")}}) {
    r = run_vigil("chart sign " + q(t / "hashtest-1.2.3.tgz") + args);
    EXPECT_EQ(r.exit_code, 2) << args;
    EXPECT_NE(r.err.find(needle), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(t / "hashtest-1.2.3.tgz.prov"));
  }
  // Several charts, one of them unreadable: nothing is written.
  r = run_vigil("chart sign " + q(t / "hashtest-1.2.3.tgz") + " " + q(t / "missing-1.0.0.tgz") + " --key helm-test --keyring " + hv("helm-test-key.secret"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("missing-1.0.0.tgz"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(t / "hashtest-1.2.3.tgz.prov")) << "partial output";
}

TEST(SigningCli, PassphraseFromEnvOrFileNeverArgv) {
  NEED_HELM();
  TempDir t;
  fs::copy_file(helm() / "hashtest-1.2.3.tgz", t / "hashtest-1.2.3.tgz");
  std::string tgz = q(t / "hashtest-1.2.3.tgz");
  std::string key = " --key 'password key' --keyring " + hv("helm-password-key.secret");
  std::string verify = "chart verify " + tgz + " --keyring " + hv("helm-password-key.secret");
  // No passphrase at all (stdin is not a terminal): an error, no prompt, no .prov.
  auto r = run_vigil("chart sign " + tgz + key);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no passphrase"), std::string::npos) << r.err;
  // Wrong passphrase from the environment.
  r = run_vigil("chart sign " + tgz + key, "VIGIL_SIGNING_PASSPHRASE=secrets_and_lies");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("wrong passphrase"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("secrets_and_lies"), std::string::npos) << "passphrase echoed: " << r.err;
  EXPECT_FALSE(fs::exists(t / "hashtest-1.2.3.tgz.prov"));
  // Right passphrase from the environment.
  r = run_vigil("chart sign " + tgz + key, "VIGIL_SIGNING_PASSPHRASE=secret");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(run_vigil(verify).exit_code, 0);
  fs::remove(t / "hashtest-1.2.3.tgz.prov");
  // From a file (first line); the file wins over the environment.
  write_text(t / "pass.txt", "secret\n");
  r = run_vigil("chart sign " + tgz + key + " --passphrase-file " + q(t / "pass.txt"), "VIGIL_SIGNING_PASSPHRASE=wrong");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(run_vigil(verify).exit_code, 0);
  write_text(t / "wrong.txt", "secrets_and_lies\n");
  r = run_vigil("chart sign " + tgz + key + " --passphrase-file " + q(t / "wrong.txt"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("wrong passphrase"), std::string::npos) << r.err;
  r = run_vigil("chart sign " + tgz + key + " --passphrase-file " + q(t / "absent.txt"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("absent.txt"), std::string::npos) << r.err;
  // There is no option that takes a passphrase on the command line.
  r = run_vigil("chart sign " + tgz + key + " --passphrase secret");
  EXPECT_NE(r.exit_code, 0);
}

TEST(SigningCli, ExpiredAndRevokedKeysMadeWithGpg) {
  NEED_HELM();
  if (!have_gpg()) GTEST_SKIP() << "no gpg";
  GpgHome g;
  TempDir t;
  // A key that expired in 2020 (created with a faked clock, valid one day) and a revoked one.
  ASSERT_EQ(g.gpg("--faked-system-time 20200101T000000 --passphrase '' --quick-gen-key 'Expired Key <expired@example.invalid>' ed25519 sign 1d").exit_code, 0);
  ASSERT_EQ(g.gpg("--passphrase '' --quick-gen-key 'Revoked Key <revoked@example.invalid>' ed25519 sign 0").exit_code, 0);
  ASSERT_EQ(g.gpg("--passphrase '' --quick-gen-key 'Good Key <good@example.invalid>' ed25519 sign 0").exit_code, 0);
  // Sign each chart's message block with gpg (the expired key while it was still valid).
  for (const char* who : {"expired", "revoked", "good"}) {
    std::string name = std::string(who) + "-1.2.3.tgz";
    fs::copy_file(helm() / "hashtest-1.2.3.tgz", t / name);
    write_text(t / (std::string(who) + ".body"), "apiVersion: v1\ndescription: Test chart versioning\nname: hashtest\nversion: 1.2.3\n\n...\nfiles:\n  " +
                                                    name + ": sha256:" + sha256_file(t / name) + "\n");
    std::string when = std::string(who) == "expired" ? "--faked-system-time 20200101T060000 " : "";
    auto s = g.gpg(when + "--passphrase '' --digest-algo SHA512 -u " + who + "@example.invalid --clearsign -o " + q(t / (name + ".prov")) + " " +
                   q(t / (std::string(who) + ".body")));
    ASSERT_EQ(s.exit_code, 0) << s.err;
  }
  auto fpr = g.gpg("--with-colons --list-keys revoked@example.invalid");
  size_t at = fpr.out.find("\nfpr:");
  ASSERT_NE(at, std::string::npos);
  std::string line = fpr.out.substr(at + 1, fpr.out.find('\n', at + 1) - at - 1);  // fpr:::::::::FPR:
  std::string fp;
  for (size_t i = 0, field = 1; i < line.size(); ++i) {
    if (line[i] == ':') ++field;
    else if (field == 10) fp += line[i];
  }
  ASSERT_EQ(fp.size(), 40u) << line;
  std::string rev = read_text(g.dir / "openpgp-revocs.d" / (fp + ".rev"));
  ASSERT_NE(rev.find(":-----BEGIN"), std::string::npos);
  rev.replace(rev.find(":-----BEGIN"), 1, "");
  write_text(t / "rev.asc", rev);
  ASSERT_EQ(g.gpg("--import " + q(t / "rev.asc")).exit_code, 0);
  ASSERT_EQ(g.gpg("--export -o " + q(t / "pub.gpg")).exit_code, 0);

  auto r = run_vigil("chart verify " + q(t / "expired-1.2.3.tgz") + " --keyring " + q(t / "pub.gpg"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find(": expired-key: "), std::string::npos) << r.out << r.err;
  r = run_vigil("chart verify " + q(t / "revoked-1.2.3.tgz") + " --keyring " + q(t / "pub.gpg"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find(": revoked-key: "), std::string::npos) << r.out << r.err;
  r = run_vigil("chart verify " + q(t / "good-1.2.3.tgz") + " --keyring " + q(t / "pub.gpg"));
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  // Signed metadata naming another chart while the files entry and hash match: metadata mismatch.
  std::string body = read_text(t / "good.body");
  body.replace(body.find("name: hashtest"), 14, "name: imposter");
  write_text(t / "meta.body", body);
  ASSERT_EQ(g.gpg("--yes --passphrase '' --digest-algo SHA512 -u good@example.invalid --clearsign -o " + q(t / "good-1.2.3.tgz.prov") + " " + q(t / "meta.body")).exit_code, 0);
  r = run_vigil("chart verify " + q(t / "good-1.2.3.tgz") + " --keyring " + q(t / "pub.gpg"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find(": metadata-mismatch: signed metadata is imposter 1.2.3"), std::string::npos) << r.out;
  // vigil refuses to sign with a revoked or an expired key.
  ASSERT_EQ(g.gpg("--passphrase '' --export-secret-keys -o " + q(t / "sec.gpg")).exit_code, 0);
  for (const char* who : {"revoked@example.invalid", "expired@example.invalid"}) {
    r = run_vigil("chart sign " + q(t / "good-1.2.3.tgz") + " --key " + who + " --keyring " + q(t / "sec.gpg"));
    EXPECT_EQ(r.exit_code, 2) << who;
    EXPECT_TRUE(r.err.find("revoked") != std::string::npos || r.err.find("expired") != std::string::npos) << r.err;
  }
}

TEST(SigningCli, GnuPG2ExportsAsKeyrings) {
  NEED_HELM();
  if (!have_gpg()) GTEST_SKIP() << "no gpg";
  GpgHome g;
  TempDir t;
  ASSERT_EQ(g.gpg("--passphrase 'gpg pass' --quick-gen-key 'GnuPG Two <two@example.invalid>' rsa3072 sign 0").exit_code, 0);
  ASSERT_EQ(g.gpg("--export -o " + q(t / "pub.gpg")).exit_code, 0);
  ASSERT_EQ(g.gpg("--armor --export -o " + q(t / "pub.asc")).exit_code, 0);
  ASSERT_EQ(g.gpg("--passphrase 'gpg pass' --export-secret-keys -o " + q(t / "sec.gpg")).exit_code, 0);
  ASSERT_EQ(g.gpg("--passphrase 'gpg pass' --armor --export-secret-keys -o " + q(t / "sec.asc")).exit_code, 0);
  fs::copy_file(helm() / "hashtest-1.2.3.tgz", t / "hashtest-1.2.3.tgz");
  std::string tgz = q(t / "hashtest-1.2.3.tgz");
  for (const char* sec : {"sec.gpg", "sec.asc"}) {
    fs::remove(t / "hashtest-1.2.3.tgz.prov");
    // GnuPG 2 protects exported secret keys with its own S2K: the passphrase unlocks them.
    auto r = run_vigil("chart sign " + tgz + " --key two@example.invalid --keyring " + q(t / sec), "VIGIL_SIGNING_PASSPHRASE='wrong'");
    EXPECT_EQ(r.exit_code, 2) << sec;
    r = run_vigil("chart sign " + tgz + " --key two@example.invalid --keyring " + q(t / sec), "VIGIL_SIGNING_PASSPHRASE='gpg pass'");
    ASSERT_EQ(r.exit_code, 0) << sec << ": " << r.err;
    for (const char* pub : {"pub.gpg", "pub.asc", "sec.gpg"}) {
      auto v = run_vigil("chart verify " + tgz + " --keyring " + q(t / pub));
      EXPECT_EQ(v.exit_code, 0) << sec << " / " << pub << ": " << v.out << v.err;
    }
    auto gv = g.gpg("--verify " + q(t / "hashtest-1.2.3.tgz.prov"));
    EXPECT_EQ(gv.exit_code, 0) << gv.err;
  }
  // keys export reads a GnuPG 2 keyring and prints an armored public key gpg imports.
  auto e = run_vigil("keys export --keyring " + q(t / "pub.gpg") + " --key two@example.invalid");
  ASSERT_EQ(e.exit_code, 0) << e.err;
  EXPECT_EQ(e.out.rfind("-----BEGIN PGP PUBLIC KEY BLOCK-----", 0), 0u);
}

TEST(SigningCli, KeysGenerateRsa) {
  NEED_HELM();
  TempDir t;
  fs::copy_file(helm() / "hashtest-1.2.3.tgz", t / "hashtest-1.2.3.tgz");
  std::string tgz = q(t / "hashtest-1.2.3.tgz");
  write_text(t / "pass.txt", "k3y pass\n");
  for (const char* algo : {"rsa3072", "rsa4096"}) {
    fs::path out = t / algo;
    bool protect = std::string(algo) == "rsa3072";
    std::string pass = protect ? " --passphrase-file " + q(t / "pass.txt") : "";
    auto g = run_vigil(std::string("keys generate --name 'Vigil ") + algo + "' --email " + algo + "@example.invalid --algo " + algo + " --out " + q(out) +
                   (protect ? pass : std::string(" --no-passphrase")));
    ASSERT_EQ(g.exit_code, 0) << g.err;
    EXPECT_EQ(g.out.size(), 41u) << g.out;  // the fingerprint
    for (const char* f : {"secring.gpg", "pubring.gpg", "public.asc"}) EXPECT_TRUE(fs::exists(out / f)) << f;
    EXPECT_EQ(read_text(out / "secring.gpg").find("k3y pass"), std::string::npos);
    auto s = run_vigil("chart sign " + tgz + " --key " + algo + "@example.invalid --keyring " + q(out / "secring.gpg") + pass);
    ASSERT_EQ(s.exit_code, 0) << algo << ": " << s.err;
    auto v = run_vigil("chart verify " + tgz + " --keyring " + q(out / "public.asc"));
    EXPECT_EQ(v.exit_code, 0) << algo << ": " << v.out << v.err;
    if (have_gpg()) {
      GpgHome gh;
      ASSERT_EQ(gh.gpg("--import " + q(out / "public.asc")).exit_code, 0);
      auto gv = gh.gpg("--verify " + q(t / "hashtest-1.2.3.tgz.prov"));
      EXPECT_EQ(gv.exit_code, 0) << algo << ": " << gv.err;
      EXPECT_NE(gv.err.find(std::string("Vigil ") + algo), std::string::npos) << gv.err;
    }
    fs::remove(t / "hashtest-1.2.3.tgz.prov");
  }
  // Neither a passphrase nor --no-passphrase (stdin is not a terminal): no key is written.
  auto none = run_vigil("keys generate --name X --email x@example.invalid --out " + q(t / "none"));
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_NE(none.err.find("no passphrase"), std::string::npos) << none.err;
  EXPECT_FALSE(fs::exists(t / "none"));
  none = run_vigil("keys generate --name X --email x@example.invalid --out " + q(t / "none") + " --passphrase-file " + q(t / "absent"));
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_NE(none.err.find("absent"), std::string::npos) << none.err;
  EXPECT_FALSE(fs::exists(t / "none"));
  auto bad = run_vigil("keys generate --name X --email x@example.invalid --algo dsa1024 --no-passphrase --out " + q(t / "dsa"));
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_FALSE(fs::exists(t / "dsa"));
}

TEST(SigningCli, VerifyRepoIndex) {
  NEED_HELM();
  fs::path corpus = vigil::testing::shared_dir() / "corpus" / "helm-charts";
  if (!fs::exists(corpus)) GTEST_SKIP() << "corpus absent";
  TempDir t;
  fs::path repo = t / "repo";
  std::string sec = " --key helm-test --keyring " + hv("helm-test-key.secret");
  for (const char* c : {"common", "chart-admin", "chart-service"}) {
    auto p = run_vigil("chart package " + q(corpus / c) + " -d " + q(repo));
    ASSERT_EQ(p.exit_code, 0) << c << ": " << p.err;
  }
  auto s = run_vigil("chart sign " + q(repo / "common-3.1.5.tgz") + " " + q(repo / "account-lookup-service-admin-13.0.0.tgz") + sec);
  ASSERT_EQ(s.exit_code, 0) << s.err;
  auto entry = [&](const std::string& name, const std::string& version, const std::string& url, const std::string& digest) {
    return "  " + name + ":\n  - apiVersion: v2\n    created: \"2026-12-05T00:00:00Z\"\n    digest: " + digest + "\n    name: " + name +
           "\n    urls:\n    - " + url + "\n    version: " + version + "\n";
  };
  std::string good = "apiVersion: v1\nentries:\n" +
                     entry("common", "3.1.5", "https://charts.example.invalid/common-3.1.5.tgz", sha256_file(repo / "common-3.1.5.tgz")) +
                     entry("account-lookup-service-admin", "13.0.0", "account-lookup-service-admin-13.0.0.tgz",
                           sha256_file(repo / "account-lookup-service-admin-13.0.0.tgz")) +
                     "generated: \"2026-12-05T00:00:00Z\"\n";
  write_text(repo / "index.yaml", good);
  std::string pub = " --keyring " + hv("helm-test-key.pub");
  auto r = run_vigil("chart verify-repo " + q(repo) + pub);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.out.rfind("CHART", 0), 0u) << r.out;
  size_t line = r.out.find("\ncommon ");
  ASSERT_NE(line, std::string::npos) << r.out;
  std::string row = r.out.substr(line + 1, r.out.find('\n', line + 1) - line - 1);
  EXPECT_NE(row.find(" 3.1.5 "), std::string::npos) << row;
  EXPECT_NE(row.find(" verified "), std::string::npos) << row;

  // Unsigned chart, wrong digest, missing archive, a url leaving the folder.
  std::string bad = "apiVersion: v1\nentries:\n" +
                    entry("common", "3.1.5", "common-3.1.5.tgz", std::string(64, '0')) +
                    entry("account-lookup-service", "13.0.0", "account-lookup-service-13.0.0.tgz", sha256_file(repo / "account-lookup-service-13.0.0.tgz")) +
                    entry("ghost", "1.0.0", "ghost-1.0.0.tgz", std::string(64, '1')) +
                    entry("escape", "1.0.0", "../escape-1.0.0.tgz", std::string(64, '2')) +
                    entry("account-lookup-service-admin", "13.0.0", "account-lookup-service-admin-13.0.0.tgz",
                          sha256_file(repo / "account-lookup-service-admin-13.0.0.tgz"));
  write_text(repo / "index.yaml", bad);
  r = run_vigil("chart verify-repo " + q(repo / "index.yaml") + pub + " --format json");
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  for (const char* want : {"{\"name\": \"common\", \"version\": \"3.1.5\", \"archive\": \"common-3.1.5.tgz\", \"verdict\": \"digest-mismatch\"",
                           "\"name\": \"account-lookup-service\", \"version\": \"13.0.0\", \"archive\": \"account-lookup-service-13.0.0.tgz\", \"verdict\": \"no-provenance\"",
                           "\"name\": \"ghost\", \"version\": \"1.0.0\", \"archive\": \"ghost-1.0.0.tgz\", \"verdict\": \"missing\"",
                           "\"name\": \"escape\", \"version\": \"1.0.0\", \"archive\": \"../escape-1.0.0.tgz\", \"verdict\": \"error\"",
                           "\"verdict\": \"verified\", \"signer\": \"5E615389B53CA37F0EE60BD3843BBF981FC18762\"",
                           "\"verified\": 1, \"total\": 5}"}) {
    EXPECT_NE(r.out.find(want), std::string::npos) << want << "\n" << r.out;
  }
  // Malformed index: an error naming the place, exit 2, no table.
  write_text(repo / "index.yaml", "apiVersion: v1\nentries:\n  common: {version: 1}\n");
  r = run_vigil("chart verify-repo " + q(repo) + pub);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("index.yaml:3:"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
  r = run_vigil("chart verify-repo " + q(t / "nowhere") + pub);
  EXPECT_EQ(r.exit_code, 2);
}
