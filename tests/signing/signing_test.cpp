// Tests for src/signing: helm vectors, gpg interop, hostile archives, Mojaloop charts.
#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "signing/signing.h"
#include "support/test_support.h"

namespace fs = std::filesystem;
using namespace vigil::signing;
using vigil::testing::TempDir;
using vigil::testing::run_command;
using vigil::testing::shell_quote;
using vigil::testing::read_text;
using vigil::testing::write_text;

namespace {

fs::path helm() { return vigil::testing::shared_dir() / "vectors" / "helm"; }

#define NEED_HELM() \
  if (!fs::exists(helm())) GTEST_SKIP() << "shared vectors absent"

// A tar.gz built entry by entry with libarchive, to forge hostile archives.
struct Forge {
  archive* a = archive_write_new();
  std::string out;
  Forge() {
    archive_write_set_format_pax_restricted(a);
    archive_write_add_filter_gzip(a);
    archive_write_open(a, &out, nullptr, [](archive*, void* c, const void* d, size_t n) -> la_ssize_t {
      static_cast<std::string*>(c)->append(static_cast<const char*>(d), n);
      return static_cast<la_ssize_t>(n);
    }, nullptr);
  }
  void add(const std::string& path, const std::string& data, unsigned type = AE_IFREG, const char* link = nullptr, bool hard = false) {
    archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, path.c_str());
    archive_entry_set_filetype(e, type);
    archive_entry_set_perm(e, 0644);
    if (link && hard) archive_entry_set_hardlink(e, link);
    else if (link) archive_entry_set_symlink(e, link);
    archive_entry_set_size(e, type == AE_IFREG && !link ? static_cast<la_int64_t>(data.size()) : 0);
    archive_write_header(a, e);
    if (type == AE_IFREG && !link) archive_write_data(a, data.data(), data.size());
    archive_entry_free(e);
  }
  std::string done() {
    archive_write_close(a);
    archive_write_free(a);
    return out;
  }
};

const std::string kChart = "apiVersion: v2\nname: c\nversion: 1.0.0\n";

std::string refuse(Forge& f, ArchiveLimits lim = {}) {
  auto r = read_chart_archive_bytes("x.tgz", f.done(), lim);
  return r ? std::string("ACCEPTED") : r.error().to_string();
}

}  // namespace

TEST(SigningArchive, RefusesAbsolutePath) {
  Forge f; f.add("c/Chart.yaml", kChart); f.add("/etc/passwd", "x");
  EXPECT_NE(refuse(f).find("absolute path"), std::string::npos);
}
TEST(SigningArchive, RefusesDotDot) {
  Forge f; f.add("c/Chart.yaml", kChart); f.add("c/../../evil", "x");
  EXPECT_NE(refuse(f).find("'..'"), std::string::npos);
}
TEST(SigningArchive, RefusesSymlink) {
  Forge f; f.add("c/Chart.yaml", kChart); f.add("c/link", "", AE_IFLNK, "/etc/shadow");
  EXPECT_NE(refuse(f).find("symbolic link"), std::string::npos);
}
TEST(SigningArchive, RefusesHardlink) {
  Forge f; f.add("c/Chart.yaml", kChart); f.add("c/hl", "", AE_IFREG, "../../etc/shadow", true);
  std::string e = refuse(f);
  EXPECT_TRUE(e.find("hard link") != std::string::npos || e.find("'..'") != std::string::npos) << e;
}
TEST(SigningArchive, RefusesDevice) {
  Forge f; f.add("c/Chart.yaml", kChart); f.add("c/dev", "", AE_IFCHR);
  EXPECT_NE(refuse(f).find("device"), std::string::npos);
}
TEST(SigningArchive, RefusesOversizeEntryAndTotal) {
  { Forge f; f.add("c/Chart.yaml", kChart); f.add("c/big", std::string(5000, 'a'));
    ArchiveLimits l; l.max_entry_bytes = 1000;
    EXPECT_NE(refuse(f, l).find("larger than"), std::string::npos); }
  { Forge f; f.add("c/Chart.yaml", kChart); f.add("c/a", std::string(800, 'a')); f.add("c/b", std::string(800, 'a'));
    ArchiveLimits l; l.max_total_bytes = 1000;
    EXPECT_NE(refuse(f, l).find("expands to more"), std::string::npos); }
}
TEST(SigningArchive, RefusesTruncatedAndCorruptGzip) {
  NEED_HELM();
  std::string good = read_text(helm() / "hashtest-1.2.3.tgz");
  auto t = read_chart_archive_bytes("t.tgz", good.substr(0, good.size() / 2));
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.error().to_string().find("t.tgz"), std::string::npos);
  std::string bad = good;
  for (size_t i = bad.size() / 2; i < bad.size() / 2 + 20; ++i) bad[i] = static_cast<char>(bad[i] ^ 0x5a);
  EXPECT_FALSE(read_chart_archive_bytes("c.tgz", bad).ok());
  EXPECT_FALSE(read_chart_archive_bytes("n.tgz", "not gzip at all").ok());
}

TEST(SigningVectors, VerifiesHelmProv) {
  NEED_HELM();
  auto v = verify_chart((helm() / "hashtest-1.2.3.tgz").string(), (helm() / "hashtest-1.2.3.tgz.prov").string(),
                        (helm() / "helm-test-key.pub").string());
  ASSERT_TRUE(v.ok()) << v.error().to_string();
  EXPECT_EQ(v->verdict, Verdict::Verified) << v->detail;
  EXPECT_EQ(v->signer_fingerprint, "5E615389B53CA37F0EE60BD3843BBF981FC18762");
  auto mixed = verify_chart((helm() / "hashtest-1.2.3.tgz").string(), (helm() / "hashtest-1.2.3.tgz.prov").string(),
                            (helm() / "helm-mixed-keyring.pub").string());
  ASSERT_TRUE(mixed.ok());
  EXPECT_EQ(mixed->verdict, Verdict::Verified);
  for (const char* wrong : {"derived-ed25519.pub", "derived-rsa3072.pub", "helm-password-key.secret"}) {
    auto w = verify_chart((helm() / "hashtest-1.2.3.tgz").string(), (helm() / "hashtest-1.2.3.tgz.prov").string(),
                          (helm() / wrong).string());
    ASSERT_TRUE(w.ok()) << wrong << ": " << w.error().to_string();
    EXPECT_EQ(w->verdict, Verdict::UnknownKey) << wrong;
  }
}

TEST(SigningVectors, DerivedV4Frames) {
  NEED_HELM();
  for (auto [prov, key] : {std::pair{"hashtest-1.2.3.tgz.v4frame-ed25519.prov", "derived-ed25519.pub"},
                           std::pair{"hashtest-1.2.3.tgz.v4frame-rsa3072.prov", "derived-rsa3072.pub"}}) {
    auto v = verify_chart((helm() / "hashtest-1.2.3.tgz").string(), (helm() / prov).string(), (helm() / key).string());
    ASSERT_TRUE(v.ok()) << prov << ": " << v.error().to_string();
    EXPECT_EQ(v->verdict, Verdict::Verified) << prov << ": " << v->detail;
  }
}

TEST(SigningVectors, TamperedAndMismatches) {
  NEED_HELM();
  TempDir t;
  fs::copy_file(helm() / "hashtest-1.2.3.tgz", t / "hashtest-1.2.3.tgz");
  fs::copy_file(helm() / "msgblock.yaml.tampered", t / "hashtest-1.2.3.tgz.prov");
  auto v = verify_chart((t / "hashtest-1.2.3.tgz").string(), (t / "hashtest-1.2.3.tgz.prov").string(), (helm() / "helm-test-key.pub").string());
  ASSERT_TRUE(v.ok()) << v.error().to_string();
  EXPECT_EQ(v->verdict, Verdict::BadSignature);
  // msgblock.yaml.asc is valid for the archive.
  auto asc = verify_chart((helm() / "hashtest-1.2.3.tgz").string(), (helm() / "msgblock.yaml.asc").string(), (helm() / "helm-test-key.pub").string());
  ASSERT_TRUE(asc.ok());
  EXPECT_EQ(asc->verdict, Verdict::Verified) << asc->detail;
  // Renamed archive: no files entry (a .prov for another chart).
  fs::copy_file(helm() / "hashtest-1.2.3.tgz", t / "other-1.2.3.tgz");
  auto ren = verify_chart((t / "other-1.2.3.tgz").string(), (helm() / "hashtest-1.2.3.tgz.prov").string(), (helm() / "helm-test-key.pub").string());
  ASSERT_TRUE(ren.ok());
  EXPECT_EQ(ren->verdict, Verdict::MetadataMismatch);
  // Another archive under the same name: hash mismatch.
  TempDir t2;
  PackageOptions po; po.out_dir = t2.path().string();
  auto pkg = package_chart((helm() / "hashtest").string(), po);
  ASSERT_TRUE(pkg.ok()) << pkg.error().to_string();
  auto hm = verify_chart(*pkg, (helm() / "hashtest-1.2.3.tgz.prov").string(), (helm() / "helm-test-key.pub").string());
  ASSERT_TRUE(hm.ok());
  EXPECT_EQ(hm->verdict, Verdict::HashMismatch);
  // No .prov.
  auto np = verify_chart(*pkg, *pkg + ".prov", (helm() / "helm-test-key.pub").string());
  ASSERT_TRUE(np.ok());
  EXPECT_EQ(np->verdict, Verdict::NoProvenance);
}

TEST(SigningVectors, MalformedArmor) {
  NEED_HELM();
  TempDir t;
  std::string prov = read_text(helm() / "hashtest-1.2.3.tgz.prov");
  prov.replace(prov.find("wsBc"), 4, "!!!!");
  write_text(t / "p.prov", prov);
  auto v = verify_chart((helm() / "hashtest-1.2.3.tgz").string(), (t / "p.prov").string(), (helm() / "helm-test-key.pub").string());
  EXPECT_TRUE(!v.ok() || v->verdict != Verdict::Verified);
  write_text(t / "k.asc", "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nnot base64 ***\n-----END PGP PUBLIC KEY BLOCK-----\n");
  auto k = verify_chart((helm() / "hashtest-1.2.3.tgz").string(), (helm() / "hashtest-1.2.3.tgz.prov").string(), (t / "k.asc").string());
  ASSERT_FALSE(k.ok());
  EXPECT_NE(k.error().to_string().find("k.asc"), std::string::npos);
}

TEST(SigningVectors, PackagedHashtestMatchesContents) {
  NEED_HELM();
  TempDir t;
  PackageOptions po; po.out_dir = t.path().string();
  auto pkg = package_chart((helm() / "hashtest").string(), po);
  ASSERT_TRUE(pkg.ok()) << pkg.error().to_string();
  EXPECT_EQ(fs::path(*pkg).filename(), "hashtest-1.2.3.tgz");
  auto mine = read_chart_archive(*pkg);
  auto theirs = read_chart_archive((helm() / "hashtest-1.2.3.tgz").string());
  ASSERT_TRUE(mine.ok() && theirs.ok());
  ASSERT_EQ(mine->entries.front().path, "hashtest/Chart.yaml");
  EXPECT_EQ(mine->entries.front().data, theirs->find("hashtest/Chart.yaml")->data);
  std::vector<std::string> a, b;
  for (auto& e : mine->entries) a.push_back(e.path);
  for (auto& e : theirs->entries) b.push_back(e.path);
  std::sort(a.begin(), a.end()); std::sort(b.begin(), b.end());
  EXPECT_EQ(a, b);  // .helmignore honoured: same file set
  // Reproducible.
  std::string first = read_text(*pkg);
  auto again = package_chart((helm() / "hashtest").string(), po);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(first, read_text(*again));
}

namespace {
bool have_gpg() { return run_command("gpg --version").exit_code == 0; }
}

TEST(SigningGpg, GpgAcceptsVigilSignatures) {
  NEED_HELM();
  if (!have_gpg()) GTEST_SKIP() << "no gpg";
  TempDir t, home;
  fs::permissions(home.path(), fs::perms::owner_all, fs::perm_options::replace);
  fs::copy_file(helm() / "hashtest-1.2.3.tgz", t / "hashtest-1.2.3.tgz");
  std::string gh = "GNUPGHOME=" + shell_quote(home.path().string()) + " ";
  ASSERT_EQ(run_command(gh + "gpg --batch --import " + shell_quote((helm() / "helm-test-key.pub").string())).exit_code, 0);
  ASSERT_EQ(run_command(gh + "gpg --batch --import " + shell_quote((helm() / "helm-password-key.secret").string())).exit_code, 0);
  struct Case { const char* keyring; const char* key; const char* pass; };
  for (Case c : {Case{"helm-test-key.secret", "helm-test", nullptr}, Case{"helm-password-key.secret", "password key", "secret"}}) {
    SignOptions so;
    so.keyring = (helm() / c.keyring).string();
    so.key = c.key;
    std::string pw = c.pass ? c.pass : "";
    so.passphrase = [pw]() -> std::optional<std::string> { return pw; };
    auto prov = sign_chart((t / "hashtest-1.2.3.tgz").string(), so);
    ASSERT_TRUE(prov.ok()) << prov.error().to_string();
    EXPECT_NE(prov->find("Hash: SHA512"), std::string::npos);
    EXPECT_NE(prov->find("...\nfiles:\n  hashtest-1.2.3.tgz: sha256:c6841b3a895f1444a6738b5d04564a57e860ce42f8519c3be807fb6d9bee7888\n"), std::string::npos);
    write_text(t / "hashtest-1.2.3.tgz.prov", *prov);
    auto r = run_command(gh + "gpg --batch --verify " + shell_quote((t / "hashtest-1.2.3.tgz.prov").string()));
    EXPECT_EQ(r.exit_code, 0) << c.keyring << ": " << r.err;
    EXPECT_NE(r.err.find("Good signature"), std::string::npos) << r.err;
    if (std::string(c.keyring) == "helm-test-key.secret") {
      auto v = verify_chart((t / "hashtest-1.2.3.tgz").string(), (t / "hashtest-1.2.3.tgz.prov").string(), (helm() / "helm-test-key.pub").string());
      ASSERT_TRUE(v.ok());
      EXPECT_EQ(v->verdict, Verdict::Verified) << v->detail;
    }
  }
}

TEST(SigningKeys, WrongPassphraseFails) {
  NEED_HELM();
  SignOptions so;
  so.keyring = (helm() / "helm-password-key.secret").string();
  so.key = "password key";
  so.passphrase = []() -> std::optional<std::string> { return std::string("secrets_and_lies"); };
  auto prov = sign_chart((helm() / "hashtest-1.2.3.tgz").string(), so);
  ASSERT_FALSE(prov.ok());
  EXPECT_NE(prov.error().to_string().find("wrong passphrase"), std::string::npos);
}

TEST(SigningKeys, KeyWithoutSigningCapability) {
  NEED_HELM();
  // A public keyring has no secret: no signing capability here.
  SignOptions so;
  so.keyring = (helm() / "helm-test-key.pub").string();
  so.key = "helm-test";
  auto prov = sign_chart((helm() / "hashtest-1.2.3.tgz").string(), so);
  ASSERT_FALSE(prov.ok());
  EXPECT_NE(prov.error().to_string().find("signing capability"), std::string::npos);
}

TEST(SigningKeys, GenerateExportSignVerify) {
  NEED_HELM();
  TempDir t;
  KeyGenOptions g; g.name = "Vigil Test"; g.email = "vigil@example.invalid"; g.out_dir = (t / "k").string();
  auto fpr = generate_key(g);
  ASSERT_TRUE(fpr.ok()) << (fpr.ok() ? "" : fpr.error().to_string());
  auto armored = export_public_key((t / "k" / "pubring.gpg").string(), "");
  ASSERT_TRUE(armored.ok());
  EXPECT_EQ(armored->rfind("-----BEGIN PGP PUBLIC KEY BLOCK-----", 0), 0u);
  fs::copy_file(helm() / "hashtest-1.2.3.tgz", t / "hashtest-1.2.3.tgz");
  SignOptions so; so.keyring = (t / "k" / "secring.gpg").string(); so.key = "Vigil Test";
  auto prov = sign_chart((t / "hashtest-1.2.3.tgz").string(), so);
  ASSERT_TRUE(prov.ok()) << prov.error().to_string();
  write_text(t / "hashtest-1.2.3.tgz.prov", *prov);
  auto v = verify_chart((t / "hashtest-1.2.3.tgz").string(), (t / "hashtest-1.2.3.tgz.prov").string(), (t / "k" / "public.asc").string());
  ASSERT_TRUE(v.ok()) << v.error().to_string();
  EXPECT_EQ(v->verdict, Verdict::Verified) << v->detail;
  // Tampered message body: bad signature.
  std::string bad = *prov;
  bad.replace(bad.find("version: 1.2.3"), 14, "version: 1.2.4");
  write_text(t / "hashtest-1.2.3.tgz.prov", bad);
  auto tv = verify_chart((t / "hashtest-1.2.3.tgz").string(), (t / "hashtest-1.2.3.tgz.prov").string(), (t / "k" / "public.asc").string());
  ASSERT_TRUE(tv.ok());
  EXPECT_EQ(tv->verdict, Verdict::BadSignature);
}

TEST(SigningCorpus, MojaloopChartsPackageSignVerify) {
  fs::path corpus = vigil::testing::shared_dir() / "corpus" / "helm-charts";
  if (!fs::exists(corpus) || !fs::exists(helm())) GTEST_SKIP() << "corpus absent";
  TempDir t;
  int n = 0;
  for (const char* c : {"account-lookup-service", "admin-api-svc", "chart-admin", "chart-service", "common", "finance-portal",
                        "fspiop-transfer-api-svc", "mojaloop", "reporting-hub-bop-api-svc"}) {
    PackageOptions po; po.out_dir = t.path().string();
    auto pkg = package_chart((corpus / c).string(), po);
    ASSERT_TRUE(pkg.ok()) << c << ": " << pkg.error().to_string();
    SignOptions so; so.keyring = (helm() / "helm-test-key.secret").string(); so.key = "helm-test";
    auto prov = sign_chart(*pkg, so);
    ASSERT_TRUE(prov.ok()) << c << ": " << prov.error().to_string();
    write_text(*pkg + ".prov", *prov);
    auto v = verify_chart(*pkg, *pkg + ".prov", (helm() / "helm-test-key.pub").string());
    ASSERT_TRUE(v.ok()) << c;
    EXPECT_EQ(v->verdict, Verdict::Verified) << c << ": " << v->detail;
    ++n;
  }
  EXPECT_EQ(n, 9);
  auto umbrella = read_chart_archive((t / "mojaloop-14.0.0.tgz").string());
  ASSERT_TRUE(umbrella.ok());
  bool has_dep = false;
  for (auto& e : umbrella->entries) has_dep |= e.path.rfind("mojaloop/charts/common-", 0) == 0;
  EXPECT_TRUE(has_dep) << "file:// dependency not vendored";
}
