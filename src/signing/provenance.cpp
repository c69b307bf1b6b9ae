// Provenance files: clearsign (SHA512) and verify with librnp; keyrings; key generation and export.
#include <rnp/rnp.h>
#include <rnp/rnp_err.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "signing/signing.h"
#include "yaml/yaml.h"

namespace vigil::signing {

namespace fs = std::filesystem;

namespace {

struct Ffi {
  rnp_ffi_t f = nullptr;
  Ffi() { rnp_ffi_create(&f, "GPG", "GPG"); }
  ~Ffi() { rnp_ffi_destroy(f); }
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
      rnp_load_keys(ffi.f, "GPG", in.i, flags | RNP_LOAD_SAVE_PUBLIC_KEYS) != RNP_SUCCESS) {
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
  std::string cy = ar->chart_name + "/Chart.yaml";
  auto meta = parse_chart_yaml(chart_path + ":" + cy, ar->find(cy)->data);
  if (!meta) return meta.error();
  std::string base = fs::path(chart_path).filename().string();
  return meta->canonical_yaml + "\n...\nfiles:\n  " + base + ": sha256:" + sha256_hex(*bytes) + "\n";
}

Expected<std::string> sign_chart(const std::string& chart_path, const SignOptions& opts) {
  auto body = provenance_body(chart_path);
  if (!body) return body.error();
  Ffi ffi;
  Status ls = load_keyring(ffi, opts.keyring, RNP_LOAD_SAVE_SECRET_KEYS);
  if (!ls) return ls.error();
  auto fpr = find_key_fpr(ffi, opts.keyring, opts.key);
  if (!fpr) return fpr.error();
  Key primary;
  rnp_locate_key(ffi.f, "fingerprint", fpr->c_str(), &primary.k);
  // The signing key: the primary if it can sign, else a signing subkey; it must have its secret.
  Key sub;
  rnp_key_handle_t signer = nullptr;
  bool can = false, secret = false;
  rnp_key_allows_usage(primary.k, "sign", &can);
  rnp_key_have_secret(primary.k, &secret);
  if (can && secret) signer = primary.k;
  if (!signer) {
    size_t n = 0;
    rnp_key_get_subkey_count(primary.k, &n);
    for (size_t i = 0; i < n && !signer; ++i) {
      rnp_key_handle_destroy(sub.k);
      sub.k = nullptr;
      rnp_key_get_subkey_at(primary.k, i, &sub.k);
      bool c2 = false, s2 = false;
      rnp_key_allows_usage(sub.k, "sign", &c2);
      rnp_key_have_secret(sub.k, &s2);
      if (c2 && s2) signer = sub.k;
    }
  }
  if (!signer) {
    return make_error(opts.keyring, "key " + *fpr + " has no secret key with signing capability in this keyring");
  }
  bool prot = false;
  rnp_key_is_protected(signer, &prot);
  if (prot) {
    std::optional<std::string> pw = opts.passphrase ? opts.passphrase() : std::nullopt;
    if (!pw) return make_error(opts.keyring, "key " + *fpr + " is protected and no passphrase was given");
    rnp_result_t r = rnp_key_unlock(signer, pw->c_str());
    std::fill(pw->begin(), pw->end(), '\0');
    if (r != RNP_SUCCESS) return make_error(opts.keyring, "wrong passphrase for key " + *fpr);
  }
  Input in;
  Output out;
  rnp_input_from_memory(&in.i, reinterpret_cast<const uint8_t*>(body->data()), body->size(), false);
  rnp_output_to_memory(&out.o, 0);
  rnp_op_sign_t op = nullptr;
  rnp_result_t r = rnp_op_sign_cleartext_create(&op, ffi.f, in.i, out.o);
  if (r == RNP_SUCCESS) r = rnp_op_sign_set_hash(op, "SHA512");
  if (r == RNP_SUCCESS && opts.creation_time) r = rnp_op_sign_set_creation_time(op, *opts.creation_time);
  if (r == RNP_SUCCESS) r = rnp_op_sign_add_signature(op, signer, nullptr);
  if (r == RNP_SUCCESS) r = rnp_op_sign_execute(op);
  rnp_op_sign_destroy(op);
  if (prot) rnp_key_lock(signer);
  if (r != RNP_SUCCESS) return make_error(chart_path, std::string("signing failed: ") + verdict_text(r));
  uint8_t* buf = nullptr;
  size_t len = 0;
  rnp_output_memory_get_buf(out.o, &buf, &len, false);
  return std::string(reinterpret_cast<char*>(buf), len);
}

Expected<Verification> verify_chart(const std::string& chart_path, const std::string& prov_path, const std::string& keyring) {
  Verification v;
  auto bytes = slurp(chart_path, "chart archive");
  if (!bytes) return bytes.error();
  auto ar = read_chart_archive_bytes(chart_path, *bytes);
  if (!ar) return ar.error();
  v.sha256 = sha256_hex(*bytes);
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
  Ffi ffi;
  Status ls = load_keyring(ffi, keyring, 0);
  if (!ls) return ls.error();
  Input in;
  Output out;
  rnp_input_from_memory(&in.i, reinterpret_cast<const uint8_t*>(prov->data()), prov->size(), false);
  rnp_output_to_memory(&out.o, 0);
  rnp_op_verify_t op = nullptr;
  rnp_op_verify_create(&op, ffi.f, in.i, out.o);
  rnp_result_t r = rnp_op_verify_execute(op);
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
  if (key.k) {
    Key primary;
    RnpString pf;
    rnp_key_get_primary_fprint(key.k, &pf.s);
    if (pf.s) rnp_locate_key(ffi.f, "fingerprint", pf.s, &primary.k);
    rnp_key_handle_t pk = primary.k ? primary.k : key.k;
    RnpString fpr, uid;
    rnp_key_get_fprint(pk, &fpr.s);
    rnp_key_get_primary_uid(pk, &uid.s);
    v.signer_fingerprint = fpr.str();
    v.signer_uid = uid.str();
    bool revoked = false, expired = false;
    rnp_key_is_revoked(key.k, &revoked);
    bool prevoked = false;
    rnp_key_is_revoked(pk, &prevoked);
    rnp_key_is_expired(key.k, &expired);
    if (revoked || prevoked) {
      v.verdict = Verdict::RevokedKey;
      v.detail = "the signing key " + v.signer_fingerprint + " is revoked";
      rnp_op_verify_destroy(op);
      return v;
    }
    if (expired) {
      v.verdict = Verdict::ExpiredKey;
      v.detail = "the signing key " + v.signer_fingerprint + " has expired";
      rnp_op_verify_destroy(op);
      return v;
    }
  }
  rnp_op_verify_destroy(op);
  if (st == RNP_ERROR_KEY_NOT_FOUND || (st == RNP_SUCCESS && !key.k)) {
    v.verdict = Verdict::UnknownKey;
    v.detail = "signed by a key that is not in the keyring " + keyring;
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
  std::string cy = ar->chart_name + "/Chart.yaml";
  auto meta = parse_chart_yaml(chart_path + ":" + cy, ar->find(cy)->data);
  if (!meta) return meta.error();
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

Expected<std::string> generate_key(const KeyGenOptions& opts) {
  if (opts.name.empty() || opts.email.empty()) return make_error("", "keys generate needs --name and --email");
  Ffi ffi;
  std::string uid = opts.name + " <" + opts.email + ">";
  std::optional<std::string> pw = opts.passphrase ? opts.passphrase() : std::nullopt;
  const char* p = (pw && !pw->empty()) ? pw->c_str() : nullptr;
  Key key;
  rnp_result_t r;
  if (opts.algo == "ed25519") {
    r = rnp_generate_key_ex(ffi.f, "EDDSA", "ECDH", 0, 0, nullptr, "Curve25519", uid.c_str(), p, &key.k);
  } else if (opts.algo == "rsa3072" || opts.algo == "rsa4096") {
    uint32_t bits = opts.algo == "rsa3072" ? 3072 : 4096;
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
  if (rnp_key_export(k.k, out.o, RNP_KEY_EXPORT_ARMORED | RNP_KEY_EXPORT_PUBLIC | RNP_KEY_EXPORT_SUBKEYS) != RNP_SUCCESS) {
    return make_error(keyring, "cannot export key " + *fpr);
  }
  uint8_t* buf = nullptr;
  size_t len = 0;
  rnp_output_memory_get_buf(out.o, &buf, &len, false);
  return std::string(reinterpret_cast<char*>(buf), len);
}

}  // namespace vigil::signing
