// vigil signing: Helm chart packaging and provenance (.prov) signing and verification.
//
// A chart archive (NAME-VERSION.tgz) is a gzip'd tar whose entries all sit under `NAME/`, with
// NAME/Chart.yaml first. read_chart_archive() reads one defensively: it refuses absolute paths,
// `..`, symlinks and hard links, device files/FIFOs, entries or totals over ArchiveLimits, and
// truncated or corrupt gzip/tar, with one Error naming the archive and the entry.
//
// A provenance file is an OpenPGP clearsigned (SHA512) document whose body is the chart's
// Chart.yaml metadata (canonical YAML: keys sorted, unknown and empty fields dropped), a line
// `...`, then `files:` mapping `NAME-VERSION.tgz: sha256:HEX`. librnp does the OpenPGP work;
// no gpg agent and no helm binary are needed, and gpg accepts what sign_chart() writes.
//
// Contracts: nothing here prints. Keys for verification come only from the keyring the caller
// names, never from the chart. Passphrases are handed in memory (PassphraseSource) and are never
// written anywhere. Same input and SOURCE_DATE_EPOCH give the same archive bytes.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"

namespace vigil::signing {

struct ArchiveLimits {
  uint64_t max_entry_bytes = 32ull << 20;   // one file
  uint64_t max_total_bytes = 256ull << 20;  // all files, uncompressed
  uint64_t max_entries = 20000;
};

struct ArchiveEntry {
  std::string path;  // as in the archive, e.g. "mychart/templates/deploy.yaml"
  std::string data;
};

struct ChartArchive {
  std::string chart_name;             // the top folder
  std::vector<ArchiveEntry> entries;  // archive order
  const ArchiveEntry* find(const std::string& path) const;
};

Expected<ChartArchive> read_chart_archive(const std::string& path, const ArchiveLimits& limits = {});
Expected<ChartArchive> read_chart_archive_bytes(const std::string& display, const std::string& bytes,
                                                const ArchiveLimits& limits = {});

// Chart.yaml, validated (apiVersion v1/v2, name, SemVer 2 version, dependencies).
struct ChartDependency {
  std::string name, version, repository, alias, condition;
};
struct ChartMetadata {
  std::string api_version, name, version;
  std::vector<ChartDependency> dependencies;
  std::string canonical_yaml;   // Chart.yaml as helm writes it into the archive (yaml.Marshal of chart.Metadata)
  std::string provenance_yaml;  // the .prov's first part: the same, with a v1 chart's dependencies kept
};
// Reads Chart.yaml as helm does (sigs.k8s.io/yaml into chart.Metadata: YAML 1.1 typing of plain
// scalars, unknown fields dropped, Validate()'s sanitizing) and serializes it as yaml.Marshal does
// (src/signing/chart_yaml.cpp). Errors name the file and line:column.
Expected<ChartMetadata> parse_chart_yaml(const std::string& display, const std::string& text);
// The same with a requirements.yaml (apiVersion v1 charts): its dependencies replace Chart.yaml's.
Expected<ChartMetadata> parse_chart_files(const std::string& display, const std::string& text, const std::string& req_display,
                                          const std::string* requirements);
bool is_semver2(const std::string& v);
// The .prov's second part, `files: {NAME: sha256:HEX}`, as yaml.Marshal writes it.
std::string provenance_files_yaml(const std::string& archive_name, const std::string& sha256);

// .helmignore: gitignore-like patterns (comments, `!` negation, trailing `/` for folders, `*`, `?`, `**`).
class HelmIgnore {
 public:
  static Expected<HelmIgnore> parse(const std::string& display, const std::string& text);
  // `rel` is relative to the chart folder, '/'-separated.
  bool ignored(const std::string& rel, bool is_dir) const;

 private:
  struct Rule {
    std::string glob;
    bool negate = false, dir_only = false, anchored = false;
  };
  std::vector<Rule> rules_;
};

struct PackageOptions {
  std::string out_dir = ".";
  int64_t mtime = 0;  // SOURCE_DATE_EPOCH; the caller decides
};
// Packages chart folder `dir` (and charts/ subfolders, file:// dependencies under charts/ or
// beside it) into OUT_DIR/NAME-VERSION.tgz; returns its path.
Expected<std::string> package_chart(const std::string& dir, const PackageOptions& opts);

std::string sha256_hex(const std::string& bytes);

// Where a passphrase comes from (environment, a file, a prompt): asked only when a key needs it.
using PassphraseSource = std::function<std::optional<std::string>()>;

struct SignOptions {
  std::string key;      // a substring of a user id, a key id or fingerprint
  std::string keyring;  // secret keyring: binary (GnuPG legacy) or armored
  PassphraseSource passphrase;
  std::optional<uint32_t> creation_time;  // for reproducible tests
};
// Returns the .prov text for `chart_path` (the caller writes it to CHART.tgz.prov).
Expected<std::string> sign_chart(const std::string& chart_path, const SignOptions& opts);

// Signs many charts with one key: the keyring is read, the key found and unlocked once (the
// passphrase is asked at most once and not kept); the key is locked again when the signer dies.
class ChartSigner {
 public:
  static Expected<ChartSigner> open(const SignOptions& opts);
  Expected<std::string> sign(const std::string& chart_path) const;
  ChartSigner(ChartSigner&&) noexcept;
  ChartSigner& operator=(ChartSigner&&) noexcept;
  ~ChartSigner();

 private:
  struct Impl;
  explicit ChartSigner(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};
// The clearsigned body for an archive.
Expected<std::string> provenance_body(const std::string& chart_path);

enum class Verdict { Verified, NoProvenance, BadSignature, UnknownKey, ExpiredKey, RevokedKey, HashMismatch, MetadataMismatch, Malformed };
const char* verdict_name(Verdict v);

struct Verification {
  Verdict verdict = Verdict::Malformed;
  std::string detail;  // one sentence
  std::string signer_uid, signer_fingerprint;
  std::string sha256;
  std::string chart_name, chart_version;  // from the archive's Chart.yaml
};
// Errors (unreadable keyring, archive refused) are Errors; a verdict is a value.
Expected<Verification> verify_chart(const std::string& chart_path, const std::string& prov_path,
                                    const std::string& keyring);

// Verifies many charts against one keyring, read once.
class ChartVerifier {
 public:
  static Expected<ChartVerifier> open(const std::string& keyring);
  Expected<Verification> verify(const std::string& chart_path, const std::string& prov_path) const;
  // The same for an archive already in memory (`bytes` are the file's contents).
  Expected<Verification> verify_bytes(const std::string& chart_path, const std::string& bytes, const std::string& prov_path) const;
  ChartVerifier(ChartVerifier&&) noexcept;
  ChartVerifier& operator=(ChartVerifier&&) noexcept;
  ~ChartVerifier();

 private:
  struct Impl;
  explicit ChartVerifier(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// A chart repository's index.yaml: entries NAME -> [{version, urls, digest}].
struct RepoEntry {
  std::string name, version, digest;
  std::vector<std::string> urls;
  uint32_t line = 0;
};
Expected<std::vector<RepoEntry>> read_repo_index(const std::string& display, const std::string& text);

struct KeyGenOptions {
  std::string name, email, algo = "ed25519", out_dir;
  PassphraseSource passphrase;  // empty result = unprotected key
};
// Writes OUT/secring.gpg, OUT/pubring.gpg (binary, what helm reads) and OUT/public.asc; returns fingerprint.
Expected<std::string> generate_key(const KeyGenOptions& opts);
// Armored public key(s) matching `key` (all when empty) from `keyring`.
Expected<std::string> export_public_key(const std::string& keyring, const std::string& key);

}  // namespace vigil::signing
