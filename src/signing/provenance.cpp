// Provenance files: clearsign (SHA512) and verify with librnp; keyrings; key generation and export.
#include <rnp/rnp.h>
#include <rnp/rnp_err.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "signing/signing.h"
#include "yaml/yaml.h"

namespace vigil::signing {

namespace fs = std::filesystem;

namespace {

// librnp's own diagnostics ("Warning! Wrong mpi bit count", ...) go nowhere: vigil prints only
// its own messages. The FFI log goes to /dev/null; RNP_LOG_CONSOLE=0 (unless the user set it)
// switches off the console log of librnp builds that honour it; the Debian 0.16.3 build logs to
// stderr regardless, hence QuietStderr below.
int devnull_fd() {
  static const int fd = [] {
    setenv("RNP_LOG_CONSOLE", "0", 0);
    return ::open("/dev/null", O_WRONLY | O_CLOEXEC);
  }();
  return fd;
}

// librnp 0.16 also prints some diagnostics straight to stderr whatever the switches say (e.g.
// "wrong lbits" for a tampered signature): while librnp works, fd 2 points at /dev/null. vigil's
// chart commands are single-threaded; nothing else writes to stderr meanwhile.
class QuietStderr {
 public:
  QuietStderr() {
    std::fflush(stderr);
    int null = devnull_fd();
    saved_ = null >= 0 ? ::dup(2) : -1;
    if (saved_ >= 0) ::dup2(null, 2);
  }
  ~QuietStderr() {
    if (saved_ < 0) return;
    std::fflush(stderr);
    ::dup2(saved_, 2);
    ::close(saved_);
  }
  QuietStderr(const QuietStderr&) = delete;
  QuietStderr& operator=(const QuietStderr&) = delete;

 private:
  int saved_ = -1;
};

struct Ffi {
  rnp_ffi_t f = nullptr;
  Ffi() {
    int fd = devnull_fd();
    rnp_ffi_create(&f, "GPG", "GPG");
    int own = fd >= 0 ? ::dup(fd) : -1;  // librnp fclose()s the stream it is given
    if (own >= 0 && rnp_ffi_set_log_fd(f, own) != RNP_SUCCESS) ::close(own);
  }
  ~Ffi() { rnp_ffi_destroy(f); }
  Ffi(const Ffi&) = delete;
  Ffi& operator=(const Ffi&) = delete;
};
struct Input {
  rnp_input_t i = nullptr;
  ~Input() { rnp_input_destroy(i); }
};
struct Output {
  rnp_output_t o = nullptr;
  ~Output() { rnp_output_destroy(o); }
};
struct Key {
  rnp_key_handle_t k = nullptr;
  ~Key() { rnp_key_handle_destroy(k); }
};
struct RnpString {
  char* s = nullptr;
  ~RnpString() { rnp_buffer_destroy(s); }
  std::string str() const { return s ? s : ""; }
};

Expected<std::string> slurp(const std::string& p, const char* what) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return make_error(p, std::string("cannot read the ") + what);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Status load_keyring(Ffi& ffi, const std::string& path, uint32_t flags) {
  auto bytes = slurp(path, "keyring");
  if (!bytes) return bytes.error();
  Input in;
  if (rnp_input_from_memory(&in.i, reinterpret_cast<const uint8_t*>(bytes->data()), bytes->size(), true) != RNP_SUCCESS ||
      [&] { QuietStderr q; return rnp_load_keys(ffi.f, "GPG", in.i, flags | RNP_LOAD_SAVE_PUBLIC_KEYS); }() != RNP_SUCCESS) {
    return make_error(path, "not an OpenPGP keyring (binary or armored) or malformed armor");
  }
  size_t n = 0;
  rnp_get_public_key_count(ffi.f, &n);
  if (n == 0) return make_error(path, "the keyring holds no keys");
  return {};
}

// Finds a primary key by user id substring, key id or fingerprint.
Expected<std::string> find_key_fpr(Ffi& ffi, const std::string& keyring, const std::string& query) {
  std::vector<std::string> found;
  rnp_identifier_iterator_t it = nullptr;
  rnp_identifier_iterator_create(ffi.f, &it, "fingerprint");
  const char* id = nullptr;
  while (rnp_identifier_iterator_next(it, &id) == RNP_SUCCESS && id) {
    Key k;
    if (rnp_locate_key(ffi.f, "fingerprint", id, &k.k) != RNP_SUCCESS || !k.k) continue;
    bool primary = false;
    rnp_key_is_primary(k.k, &primary);
    if (!primary) continue;
    std::string fpr = id;
    RnpString kid;
    rnp_key_get_keyid(k.k, &kid.s);
    bool match = query.empty();
    auto upper = [](std::string s) {
      for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      return s;
    };
    std::string q = upper(query);
    if (!match && q.size() >= 8 && (fpr.find(q) != std::string::npos)) match = true;
    size_t nu = 0;
    rnp_key_get_uid_count(k.k, &nu);
    for (size_t u = 0; u < nu && !match; ++u) {
      RnpString uid;
      if (rnp_key_get_uid_at(k.k, u, &uid.s) == RNP_SUCCESS && uid.str().find(query) != std::string::npos) match = true;
    }
    if (match) found.push_back(fpr);
  }
  rnp_identifier_iterator_destroy(it);
  if (found.empty()) return make_error(keyring, "no key matching '" + query + "' in the keyring");
  if (found.size() > 1 && !query.empty()) return make_error(keyring, "more than one key matches '" + query + "'; give a fingerprint");
  return found.front();
}

std::string verdict_text(rnp_result_t r) { return rnp_result_to_string(r); }

}  // namespace

const char* verdict_name(Verdict v) {
  switch (v) {
    case Verdict::Verified: return "verified";
    case Verdict::NoProvenance: return "no-provenance";
    case Verdict::BadSignature: return "bad-signature";
    case Verdict::UnknownKey: return "unknown-key";
    case Verdict::ExpiredKey: return "expired-key";
    case Verdict::RevokedKey: return "revoked-key";
    case Verdict::HashMismatch: return "hash-mismatch";
    case Verdict::MetadataMismatch: return "metadata-mismatch";
    case Verdict::Malformed: return "malformed";
  }
  return "malformed";
}

Expected<std::string> provenance_body(const std::string& chart_path) {
  auto bytes = slurp(chart_path, "chart archive");
  if (!bytes) return bytes.error();
  auto ar = read_chart_archive_bytes(chart_path, *bytes);
  if (!ar) return ar.error();
  std::string cy = ar->chart_name + "/Chart.yaml", rq = ar->chart_name + "/requirements.yaml";
  const ArchiveEntry* req = ar->find(rq);
  auto meta = parse_chart_files(chart_path + ":" + cy, ar->find(cy)->data, chart_path + ":" + rq, req ? &req->data : nullptr);
  if (!meta) return meta.error();
  std::string base = fs::path(chart_path).filename().string();
  // helm: yaml.Marshal(metadata) + "\n...\n" + yaml.Marshal(files map)
  return meta->provenance_yaml + "\n...\n" + provenance_files_yaml(base, sha256_hex(*bytes));
}

struct ChartSigner::Impl {
  Ffi ffi;
  Key primary, sub;
  rnp_key_handle_t signer = nullptr;
  bool locked_again = false;
  std::string keyring, fpr;
  std::optional<uint32_t> creation_time;
  ~Impl() {
    if (signer && locked_again) rnp_key_lock(signer);
  }
};

ChartSigner::ChartSigner(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ChartSigner::ChartSigner(ChartSigner&&) noexcept = default;
ChartSigner& ChartSigner::operator=(ChartSigner&&) noexcept = default;
ChartSigner::~ChartSigner() = default;

Expected<ChartSigner> ChartSigner::open(const SignOptions& opts) {
  auto impl = std::make_unique<Impl>();
  impl->keyring = opts.keyring;
  impl->creation_time = opts.creation_time;
  Ffi& ffi = impl->ffi;
  Status ls = load_keyring(ffi, opts.keyring, RNP_LOAD_SAVE_SECRET_KEYS);
  if (!ls) return ls.error();
  auto fpr = find_key_fpr(ffi, opts.keyring, opts.key);
  if (!fpr) return fpr.error();
  impl->fpr = *fpr;
  rnp_locate_key(ffi.f, "fingerprint", fpr->c_str(), &impl->primary.k);
  // The signing key: the primary if it can sign, else a signing subkey; it must have its secret.
  bool can = false, secret = false;
  rnp_key_allows_usage(impl->primary.k, "sign", &can);
  rnp_key_have_secret(impl->primary.k, &secret);
  if (can && secret) impl->signer = impl->primary.k;
  if (!impl->signer) {
    size_t n = 0;
    rnp_key_get_subkey_count(impl->primary.k, &n);
    for (size_t i = 0; i < n && !impl->signer; ++i) {
      rnp_key_handle_destroy(impl->sub.k);
      impl->sub.k = nullptr;
      rnp_key_get_subkey_at(impl->primary.k, i, &impl->sub.k);
      bool c2 = false, s2 = false;
      rnp_key_allows_usage(impl->sub.k, "sign", &c2);
      rnp_key_have_secret(impl->sub.k, &s2);
      if (c2 && s2) impl->signer = impl->sub.k;
    }
  }
  if (!impl->signer) {
    return make_error(opts.keyring, "key " + *fpr + " has no secret key with signing capability in this keyring");
  }
  bool revoked = false, expired = false;
  rnp_key_is_revoked(impl->primary.k, &revoked);
  if (!revoked) rnp_key_is_revoked(impl->signer, &revoked);
  rnp_key_is_expired(impl->signer, &expired);
  if (revoked) return make_error(opts.keyring, "key " + *fpr + " is revoked; it cannot sign");
  if (expired) return make_error(opts.keyring, "key " + *fpr + " has expired; it cannot sign");
  bool prot = false;
  rnp_key_is_protected(impl->signer, &prot);
  if (prot) {
    // Unlocked once for every chart this signer signs; the passphrase is wiped at once.
    std::optional<std::string> pw = opts.passphrase ? opts.passphrase() : std::nullopt;
    if (!pw) return make_error(opts.keyring, "key " + *fpr + " is protected and no passphrase was given");
    rnp_result_t r = [&] { QuietStderr q; return rnp_key_unlock(impl->signer, pw->c_str()); }();
    std::fill(pw->begin(), pw->end(), '\0');
    if (r != RNP_SUCCESS) return make_error(opts.keyring, "wrong passphrase for key " + *fpr);
    impl->locked_again = true;
  }
  return ChartSigner(std::move(impl));
}

Expected<std::string> ChartSigner::sign(const std::string& chart_path) const {
  auto body = provenance_body(chart_path);
  if (!body) return body.error();
  Input in;
  Output out;
  rnp_input_from_memory(&in.i, reinterpret_cast<const uint8_t*>(body->data()), body->size(), false);
  rnp_output_to_memory(&out.o, 0);
  rnp_op_sign_t op = nullptr;
  rnp_result_t r = rnp_op_sign_cleartext_create(&op, impl_->ffi.f, in.i, out.o);
  if (r == RNP_SUCCESS) r = rnp_op_sign_set_hash(op, "SHA512");
  if (r == RNP_SUCCESS && impl_->creation_time) r = rnp_op_sign_set_creation_time(op, *impl_->creation_time);
  if (r == RNP_SUCCESS) r = rnp_op_sign_add_signature(op, impl_->signer, nullptr);
  if (r == RNP_SUCCESS) {
    QuietStderr q;
    r = rnp_op_sign_execute(op);
  }
  rnp_op_sign_destroy(op);
  if (r != RNP_SUCCESS) return make_error(chart_path, std::string("signing failed: ") + verdict_text(r));
  uint8_t* buf = nullptr;
  size_t len = 0;
  rnp_output_memory_get_buf(out.o, &buf, &len, false);
  return std::string(reinterpret_cast<char*>(buf), len);
}

Expected<std::string> sign_chart(const std::string& chart_path, const SignOptions& opts) {
  auto signer = ChartSigner::open(opts);
  if (!signer) return signer.error();
  return signer->sign(chart_path);
}

struct ChartVerifier::Impl {
  Ffi ffi;
  std::string keyring;
};

ChartVerifier::ChartVerifier(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ChartVerifier::ChartVerifier(ChartVerifier&&) noexcept = default;
ChartVerifier& ChartVerifier::operator=(ChartVerifier&&) noexcept = default;
ChartVerifier::~ChartVerifier() = default;

Expected<ChartVerifier> ChartVerifier::open(const std::string& keyring) {
  auto impl = std::make_unique<Impl>();
  impl->keyring = keyring;
  Status ls = load_keyring(impl->ffi, keyring, 0);
  if (!ls) return ls.error();
  return ChartVerifier(std::move(impl));
}

Expected<Verification> verify_chart(const std::string& chart_path, const std::string& prov_path, const std::string& keyring) {
  auto verifier = ChartVerifier::open(keyring);
  if (!verifier) return verifier.error();
  return verifier->verify(chart_path, prov_path);
}

Expected<Verification> ChartVerifier::verify(const std::string& chart_path, const std::string& prov_path) const {
  auto bytes = slurp(chart_path, "chart archive");
  if (!bytes) return bytes.error();
  return verify_bytes(chart_path, *bytes, prov_path);
}

Expected<Verification> ChartVerifier::verify_bytes(const std::string& chart_path, const std::string& bytes,
                                                   const std::string& prov_path) const {
  QuietStderr quiet;  // nothing here prints; librnp would
  Verification v;
  const std::string& keyring = impl_->keyring;
  rnp_ffi_t ffi = impl_->ffi.f;
  auto ar = read_chart_archive_bytes(chart_path, bytes);
  if (!ar) return ar.error();
  v.sha256 = sha256_hex(bytes);
  std::string cy = ar->chart_name + "/Chart.yaml";
  auto meta = parse_chart_yaml(chart_path + ":" + cy, ar->find(cy)->data);
  if (!meta) return meta.error();
  v.chart_name = meta->name;
  v.chart_version = meta->version;
  if (!fs::exists(prov_path)) {
    v.verdict = Verdict::NoProvenance;
    v.detail = "no provenance file " + prov_path;
    return v;
  }
  auto prov = slurp(prov_path, "provenance file");
  if (!prov) return prov.error();
  if (prov->rfind("-----BEGIN PGP SIGNED MESSAGE-----", 0) != 0) {
    return make_error(prov_path, 1, 1, "not a clearsigned document (no BEGIN PGP SIGNED MESSAGE line)");
  }
  // helm 3.21+ writes no final newline and unpadded base64; librnp needs the newline.
  if (prov->back() != '\n') *prov += '\n';
  Input in;
  Output out;
  rnp_input_from_memory(&in.i, reinterpret_cast<const uint8_t*>(prov->data()), prov->size(), false);
  rnp_output_to_memory(&out.o, 0);
  rnp_op_verify_t op = nullptr;
  rnp_op_verify_create(&op, ffi, in.i, out.o);
  rnp_result_t r = [&] { QuietStderr q; return rnp_op_verify_execute(op); }();
  size_t nsig = 0;
  rnp_op_verify_get_signature_count(op, &nsig);
  if (nsig == 0) {
    rnp_op_verify_destroy(op);
    return make_error(prov_path, std::string("malformed provenance file: ") + verdict_text(r));
  }
  rnp_op_verify_signature_t sig = nullptr;
  rnp_op_verify_get_signature_at(op, 0, &sig);
  rnp_result_t st = rnp_op_verify_signature_get_status(sig);
  Key key;
  rnp_op_verify_signature_get_key(sig, &key.k);
  rnp_op_verify_destroy(op);
  if (st == RNP_ERROR_KEY_NOT_FOUND || !key.k) {
    v.verdict = Verdict::UnknownKey;
    v.detail = "signed by a key that is not in the keyring " + keyring;
    return v;
  }
  Key primary;
  RnpString pf;
  rnp_key_get_primary_fprint(key.k, &pf.s);
  if (pf.s) rnp_locate_key(ffi, "fingerprint", pf.s, &primary.k);
  rnp_key_handle_t pk = primary.k ? primary.k : key.k;
  RnpString fpr, uid;
  rnp_key_get_fprint(pk, &fpr.s);
  rnp_key_get_primary_uid(pk, &uid.s);
  v.signer_fingerprint = fpr.str();
  v.signer_uid = uid.str();
  // A revoked or expired key: its own verdict, whatever librnp made of the signature.
  bool revoked = false, prevoked = false, expired = false, pexpired = false;
  rnp_key_is_revoked(key.k, &revoked);
  rnp_key_is_revoked(pk, &prevoked);
  rnp_key_is_expired(key.k, &expired);
  rnp_key_is_expired(pk, &pexpired);
  if (revoked || prevoked) {
    v.verdict = Verdict::RevokedKey;
    v.detail = "the signing key " + v.signer_fingerprint + " is revoked";
    return v;
  }
  if (expired || pexpired) {
    v.verdict = Verdict::ExpiredKey;
    v.detail = "the signing key " + v.signer_fingerprint + " has expired";
    return v;
  }
  if (st == RNP_ERROR_SIGNATURE_EXPIRED) {
    v.verdict = Verdict::ExpiredKey;
    v.detail = "the signature has expired";
    return v;
  }
  if (st != RNP_SUCCESS || r != RNP_SUCCESS) {
    v.verdict = Verdict::BadSignature;
    v.detail = std::string("bad signature: ") + verdict_text(st != RNP_SUCCESS ? st : r);
    return v;
  }
  // Only the signed bytes count from here on.
  uint8_t* buf = nullptr;
  size_t len = 0;
  rnp_output_memory_get_buf(out.o, &buf, &len, false);
  std::string body(reinterpret_cast<char*>(buf), len);
  size_t sep = body.find("\n...\n");
  if (sep == std::string::npos) {
    v.verdict = Verdict::Malformed;
    v.detail = "the signed body has no '...' separator";
    return v;
  }
  std::string meta_text = body.substr(0, sep + 1);
  std::string files_text = body.substr(sep + 5);
  auto files = yaml::read_yaml(prov_path, files_text);
  std::string base = fs::path(chart_path).filename().string();
  std::string want;
  if (files && !files->empty() && (*files)[0].is_mapping()) {
    int64_t f = files->find(0, "files");
    if (f >= 0) {
      int64_t e = files->find(static_cast<uint32_t>(f), base);
      if (e >= 0 && (*files)[static_cast<uint32_t>(e)].is_scalar()) want = std::string((*files)[static_cast<uint32_t>(e)].text);
    }
  }
  if (want.empty()) {
    v.verdict = Verdict::MetadataMismatch;
    v.detail = "the provenance file has no files entry for " + base + " (a .prov for another chart?)";
    return v;
  }
  if (want != "sha256:" + v.sha256) {
    v.verdict = Verdict::HashMismatch;
    v.detail = "sha256 of " + base + " is " + v.sha256 + ", the provenance file says " + want;
    return v;
  }
  auto signed_meta = yaml::read_yaml(prov_path, meta_text);
  std::string sname, sver;
  if (signed_meta && !signed_meta->empty() && (*signed_meta)[0].is_mapping()) {
    int64_t n = signed_meta->find(0, "name"), vv = signed_meta->find(0, "version");
    if (n >= 0) sname = std::string((*signed_meta)[static_cast<uint32_t>(n)].text);
    if (vv >= 0) sver = std::string((*signed_meta)[static_cast<uint32_t>(vv)].text);
  }
  if (sname != meta->name || sver != meta->version) {
    v.verdict = Verdict::MetadataMismatch;
    v.detail = "signed metadata is " + sname + " " + sver + ", the archive holds " + meta->name + " " + meta->version;
    return v;
  }
  v.verdict = Verdict::Verified;
  v.detail = "signed by " + v.signer_uid + " (" + v.signer_fingerprint + ")";
  return v;
}

Expected<std::vector<RepoEntry>> read_repo_index(const std::string& display, const std::string& text) {
  yaml::YamlLimits lim;
  auto t = yaml::read_yaml(display, text, lim);
  if (!t) return t.error();
  if (t->empty() || !(*t)[0].is_mapping()) return make_error(display, "not a chart repository index (no mapping)");
  int64_t entries = t->find(0, "entries");
  if (entries < 0) return make_error(display, "not a chart repository index (no entries:)");
  const auto& en = (*t)[static_cast<uint32_t>(entries)];
  std::vector<RepoEntry> out;
  if (en.is_null()) return out;
  if (!en.is_mapping()) return yaml::yaml_error_at(display, en, "entries must map chart names to lists of versions");
  for (auto p : t->pairs(static_cast<uint32_t>(entries))) {
    std::string name((*t)[p.key].text);
    const auto& list = (*t)[p.value];
    if (!list.is_sequence()) return yaml::yaml_error_at(display, list, "entries." + name + " must be a list of chart versions");
    for (uint32_t item : t->items(p.value)) {
      const auto& n = (*t)[item];
      if (!n.is_mapping()) return yaml::yaml_error_at(display, n, "an entry of " + name + " must be a mapping");
      RepoEntry e;
      e.name = name;
      e.line = n.line;
      auto scalar = [&](const char* k) -> std::string {
        int64_t i = t->find(item, k);
        return (i >= 0 && (*t)[static_cast<uint32_t>(i)].is_scalar() && !(*t)[static_cast<uint32_t>(i)].is_null())
                   ? std::string((*t)[static_cast<uint32_t>(i)].text) : std::string();
      };
      e.version = scalar("version");
      e.digest = scalar("digest");
      if (!scalar("name").empty() && scalar("name") != name) {
        return yaml::yaml_error_at(display, n, "entry named '" + scalar("name") + "' listed under " + name);
      }
      if (e.version.empty()) return yaml::yaml_error_at(display, n, "an entry of " + name + " has no version");
      int64_t urls = t->find(item, "urls");
      if (urls >= 0 && (*t)[static_cast<uint32_t>(urls)].is_sequence()) {
        for (uint32_t u : t->items(static_cast<uint32_t>(urls))) {
          if ((*t)[u].is_scalar()) e.urls.emplace_back((*t)[u].text);
        }
      }
      if (e.urls.empty()) return yaml::yaml_error_at(display, n, name + " " + e.version + " lists no urls");
      out.push_back(std::move(e));
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const RepoEntry& a, const RepoEntry& b) { return a.name < b.name; });
  return out;
}

Expected<std::string> generate_key(const KeyGenOptions& opts) {
  if (opts.name.empty() || opts.email.empty()) return make_error("", "keys generate needs --name and --email");
  Ffi ffi;
  std::string uid = opts.name + " <" + opts.email + ">";
  std::optional<std::string> pw = opts.passphrase ? opts.passphrase() : std::nullopt;
  const char* p = (pw && !pw->empty()) ? pw->c_str() : nullptr;
  Key key;
  rnp_result_t r;
  if (opts.algo == "ed25519") {
    QuietStderr q;
    r = rnp_generate_key_ex(ffi.f, "EDDSA", "ECDH", 0, 0, nullptr, "Curve25519", uid.c_str(), p, &key.k);
  } else if (opts.algo == "rsa3072" || opts.algo == "rsa4096") {
    uint32_t bits = opts.algo == "rsa3072" ? 3072 : 4096;
    QuietStderr q;
    r = rnp_generate_key_ex(ffi.f, "RSA", "RSA", bits, bits, nullptr, nullptr, uid.c_str(), p, &key.k);
  } else {
    return make_error("", "unknown --algo '" + opts.algo + "' (ed25519, rsa3072, rsa4096)");
  }
  if (pw) std::fill(pw->begin(), pw->end(), '\0');
  if (r != RNP_SUCCESS) return make_error("", std::string("key generation failed: ") + rnp_result_to_string(r));
  std::error_code ec;
  fs::create_directories(opts.out_dir, ec);
  for (auto [file, flags] : {std::pair{"secring.gpg", RNP_LOAD_SAVE_SECRET_KEYS}, std::pair{"pubring.gpg", RNP_LOAD_SAVE_PUBLIC_KEYS}}) {
    std::string path = (fs::path(opts.out_dir) / file).string();
    Output out;
    if (rnp_output_to_path(&out.o, path.c_str()) != RNP_SUCCESS || rnp_save_keys(ffi.f, "GPG", out.o, flags) != RNP_SUCCESS) {
      return make_error(path, "cannot write the keyring");
    }
    if (std::string(file) == "secring.gpg") fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write, ec);
  }
  RnpString fpr;
  rnp_key_get_fprint(key.k, &fpr.s);
  auto armored = export_public_key((fs::path(opts.out_dir) / "pubring.gpg").string(), fpr.str());
  if (!armored) return armored.error();
  std::ofstream(fs::path(opts.out_dir) / "public.asc", std::ios::binary) << *armored;
  return fpr.str();
}

Expected<std::string> export_public_key(const std::string& keyring, const std::string& query) {
  Ffi ffi;
  Status ls = load_keyring(ffi, keyring, 0);
  if (!ls) return ls.error();
  auto fpr = find_key_fpr(ffi, keyring, query);
  if (!fpr) return fpr.error();
  Key k;
  rnp_locate_key(ffi.f, "fingerprint", fpr->c_str(), &k.k);
  Output out;
  rnp_output_to_memory(&out.o, 0);
  QuietStderr q;
  if (rnp_key_export(k.k, out.o, RNP_KEY_EXPORT_ARMORED | RNP_KEY_EXPORT_PUBLIC | RNP_KEY_EXPORT_SUBKEYS) != RNP_SUCCESS) {
    return make_error(keyring, "cannot export key " + *fpr);
  }
  uint8_t* buf = nullptr;
  size_t len = 0;
  rnp_output_memory_get_buf(out.o, &buf, &len, false);
  return std::string(reinterpret_cast<char*>(buf), len);
}

}  // namespace vigil::signing
