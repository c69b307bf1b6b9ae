// vigil chart package|sign|verify|verify-repo: Helm chart archives and provenance files.
//
// Exit codes: package/sign: 0 written, 2 error (nothing written). verify (one or many charts):
// 0 all verified, 1 any not verified, 2 any error. verify-repo: 0 every listed chart verified,
// 1 any not verified (or missing, or its digest differs), 2 error (index or keyring unreadable).
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <vector>
#include <algorithm>

#include "cli/commands.h"
#include "cli/passphrase.h"
#include "yaml/yaml.h"

namespace vigil::cli {

namespace fs = std::filesystem;

namespace {

std::string default_keyring(const char* file) {
  const char* home = std::getenv("HOME");
  return (fs::path(home ? home : ".") / ".gnupg" / file).string();
}

int64_t source_date_epoch() {
  const char* s = std::getenv("SOURCE_DATE_EPOCH");
  if (!s || !*s) return 0;
  char* end = nullptr;
  long long v = std::strtoll(s, &end, 10);
  return (end && *end == 0 && v >= 0) ? v : 0;
}

std::string json_str(const std::string& s) {
  std::string o = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') o += std::string("\\") + c;
    else if (static_cast<unsigned char>(c) < 0x20) {
      char b[8];
      std::snprintf(b, sizeof b, "\\u%04x", c);
      o += b;
    } else o += c;
  }
  return o + "\"";
}

bool readable_passphrase_file(const std::string& file) {
  if (file.empty()) return true;
  std::ifstream in(file, std::ios::binary);
  if (in) return true;
  std::cerr << "vigil: " << file << ": cannot read the passphrase file\n";
  return false;
}

// Signs every chart with one key unlocked once; writes no .prov unless all charts signed.
int sign_all(const std::vector<std::string>& charts, const std::string& key, const std::string& keyring, const std::string& pass_file) {
  if (!readable_passphrase_file(pass_file)) return 2;
  signing::SignOptions so;
  so.key = key;
  so.keyring = keyring;
  so.passphrase = passphrase_source(pass_file);
  auto signer = signing::ChartSigner::open(so);
  if (!signer) {
    std::cerr << "vigil: " << signer.error().to_string() << "\n";
    return 2;
  }
  std::vector<std::string> provs;
  for (const auto& tgz : charts) {
    auto prov = signer->sign(tgz);
    if (!prov) {
      std::cerr << "vigil: " << prov.error().to_string() << "\n";
      return 2;
    }
    provs.push_back(std::move(*prov));
  }
  for (size_t i = 0; i < charts.size(); ++i) {
    if (!emit(charts[i] + ".prov", provs[i])) return 2;
    std::cout << "signed " << charts[i] << " -> " << charts[i] << ".prov\n";
  }
  return 0;
}

std::string pad(const std::string& s, size_t w) { return s.size() >= w ? s : s + std::string(w - s.size(), ' '); }

struct RepoRow {
  std::string chart, version, archive, verdict, detail, signer;
};

bool unsafe_relative(const std::string& p) {
  if (p.empty() || p[0] == '/') return true;
  size_t start = 0;
  while (start <= p.size()) {
    size_t end = p.find('/', start);
    if (end == std::string::npos) end = p.size();
    if (p.compare(start, end - start, "..") == 0 && end - start == 2) return true;
    start = end + 1;
  }
  return false;
}

// One index entry: the archive named by its first url, its sha256 against `digest`, its .prov.
RepoRow check_entry(const signing::ChartVerifier& verifier, const fs::path& dir, const signing::RepoEntry& e) {
  RepoRow row{e.name, e.version, "", "", "", ""};
  std::string url = e.urls.front();
  size_t scheme = url.find("://");
  std::string rel = url;
  if (scheme != std::string::npos) {
    size_t q = url.find_first_of("?#");
    rel = url.substr(0, q);
    rel = rel.substr(rel.rfind('/') + 1);  // a remote url: the archive sits beside index.yaml
  }
  row.archive = rel;
  if (unsafe_relative(rel)) {
    row.verdict = "error";
    row.detail = "url '" + url + "' leaves the repository folder";
    return row;
  }
  fs::path archive = dir / rel;
  if (!fs::is_regular_file(archive)) {
    row.verdict = "missing";
    row.detail = "no archive " + archive.string();
    return row;
  }
  std::ifstream in(archive, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  std::string bytes = ss.str();
  std::string sha = signing::sha256_hex(bytes);
  std::string want = e.digest;
  if (want.rfind("sha256:", 0) == 0) want = want.substr(7);
  if (want.empty()) {
    row.verdict = "digest-mismatch";
    row.detail = "the index gives no digest for " + rel;
    return row;
  }
  if (want != sha) {
    row.verdict = "digest-mismatch";
    row.detail = "sha256 of " + rel + " is " + sha + ", index.yaml says " + want;
    return row;
  }
  auto r = verifier.verify_bytes(archive.string(), bytes, archive.string() + ".prov");
  if (!r) {
    row.verdict = "error";
    row.detail = r.error().to_string();
    return row;
  }
  row.verdict = signing::verdict_name(r->verdict);
  row.detail = r->detail;
  row.signer = r->signer_fingerprint;
  if (r->verdict == signing::Verdict::Verified && (r->chart_name != e.name || r->chart_version != e.version)) {
    row.verdict = signing::verdict_name(signing::Verdict::MetadataMismatch);
    row.detail = "index.yaml lists " + e.name + " " + e.version + ", the archive holds " + r->chart_name + " " + r->chart_version;
  }
  return row;
}

}  // namespace

void add_chart(CLI::App& app, Context& ctx) {
  auto* chart = app.add_subcommand("chart", "Helm chart packaging and provenance (package, sign, verify, verify-repo)");
  chart->require_subcommand(1);

  struct PkgOpts {
    std::string dir, out = ".", key, keyring = default_keyring("secring.gpg"), pass_file;
    std::vector<std::string> charts;
    bool sign = false;
  };
  auto p = std::make_shared<PkgOpts>();
  auto* pkg = chart->add_subcommand("package", "package a chart folder as NAME-VERSION.tgz (mtimes from SOURCE_DATE_EPOCH)");
  pkg->add_option("DIR", p->dir, "chart folder")->required();
  pkg->add_option("-d,--destination", p->out, "output folder");
  pkg->add_flag("--sign", p->sign, "also write NAME-VERSION.tgz.prov");
  pkg->add_option("--key", p->key, "signing key: user id substring, key id or fingerprint");
  pkg->add_option("--keyring", p->keyring, "secret keyring (default ~/.gnupg/secring.gpg)");
  pkg->add_option("--passphrase-file", p->pass_file, "file whose first line is the passphrase (else $VIGIL_SIGNING_PASSPHRASE or a prompt)");
  pkg->callback([p, &ctx]() {
    if (p->sign && p->key.empty()) {
      std::cerr << "vigil: chart package --sign needs --key\n";
      ctx.exit_code = 2;
      return;
    }
    signing::PackageOptions po;
    po.out_dir = p->out;
    po.mtime = source_date_epoch();
    auto path = signing::package_chart(p->dir, po);
    if (!path) {
      std::cerr << "vigil: " << path.error().to_string() << "\n";
      ctx.exit_code = 2;
      return;
    }
    std::cout << "packaged " << *path << "\n";
    ctx.exit_code = p->sign ? sign_all({*path}, p->key, p->keyring, p->pass_file) : 0;
    if (ctx.exit_code != 0) {  // no archive without the .prov that was asked for
      std::error_code ec;
      fs::remove(*path, ec);
    }
  });

  auto s = std::make_shared<PkgOpts>();
  auto* sign = chart->add_subcommand("sign", "write CHART.tgz.prov for each chart, clearsigned with SHA512 (the key is unlocked once)");
  sign->add_option("CHART", s->charts, "chart archives")->required();
  sign->add_option("--key", s->key, "signing key: user id substring, key id or fingerprint")->required();
  sign->add_option("--keyring", s->keyring, "secret keyring (default ~/.gnupg/secring.gpg)");
  sign->add_option("--passphrase-file", s->pass_file, "file whose first line is the passphrase (else $VIGIL_SIGNING_PASSPHRASE or a prompt)");
  sign->callback([s, &ctx]() { ctx.exit_code = sign_all(s->charts, s->key, s->keyring, s->pass_file); });

  struct VerOpts {
    std::string target, keyring = default_keyring("pubring.gpg"), format = "table";
    std::vector<std::string> charts;
  };
  auto v = std::make_shared<VerOpts>();
  auto* ver = chart->add_subcommand("verify", "verify each CHART.tgz against CHART.tgz.prov and a keyring (read once)");
  ver->add_option("CHART", v->charts, "chart archives")->required();
  ver->add_option("--keyring", v->keyring, "public keyring (default ~/.gnupg/pubring.gpg); keys inside the chart are never used");
  ver->callback([v, &ctx]() {
    auto verifier = signing::ChartVerifier::open(v->keyring);
    if (!verifier) {
      std::cerr << "vigil: " << verifier.error().to_string() << "\n";
      ctx.exit_code = 2;
      return;
    }
    int code = 0;
    for (const auto& c : v->charts) {
      auto r = verifier->verify(c, c + ".prov");
      if (!r) {
        std::cerr << "vigil: " << r.error().to_string() << "\n";
        code = 2;
        continue;
      }
      std::cout << c << ": " << signing::verdict_name(r->verdict) << ": " << r->detail << "\n";
      if (r->verdict != signing::Verdict::Verified) code = std::max(code, 1);
    }
    ctx.exit_code = code;
  });

  auto vr = std::make_shared<VerOpts>();
  auto* repo = chart->add_subcommand("verify-repo", "verify every chart of a chart repository: index.yaml digests and .prov files");
  repo->add_option("TARGET", vr->target, "repository folder or its index.yaml")->required();
  repo->add_option("--keyring", vr->keyring, "public keyring (default ~/.gnupg/pubring.gpg)");
  repo->add_option("--format", vr->format, "table | json")->check(CLI::IsMember({"table", "json"}));
  repo->callback([vr, &ctx]() {
    fs::path target = vr->target, dir = target, index;
    if (fs::is_regular_file(target)) {
      index = target;
      dir = target.parent_path();
      if (dir.empty()) dir = ".";
    } else if (fs::is_directory(target)) {
      if (fs::is_regular_file(target / "index.yaml")) index = target / "index.yaml";
    } else {
      std::cerr << "vigil: " << vr->target << ": not a chart repository folder or index.yaml\n";
      ctx.exit_code = 2;
      return;
    }
    std::vector<signing::RepoEntry> entries;
    if (!index.empty()) {
      std::ifstream in(index, std::ios::binary);
      std::ostringstream ss;
      ss << in.rdbuf();
      if (!in) {
        std::cerr << "vigil: " << index.string() << ": cannot read the file\n";
        ctx.exit_code = 2;
        return;
      }
      std::string text = ss.str();
      auto idx = signing::read_repo_index(index.string(), text);
      if (!idx) {
        std::cerr << "vigil: " << idx.error().to_string() << "\n";
        ctx.exit_code = 2;
        return;
      }
      entries = std::move(*idx);
    } else {  // a folder without index.yaml: every .tgz in it, no digests to check
      std::vector<std::string> names;
      for (const auto& e : fs::directory_iterator(dir)) {
        if (e.is_regular_file() && e.path().extension() == ".tgz") names.push_back(e.path().filename().string());
      }
      std::sort(names.begin(), names.end());
      for (const auto& n : names) {
        signing::RepoEntry e;
        e.urls = {n};
        entries.push_back(e);
      }
    }
    auto verifier = signing::ChartVerifier::open(vr->keyring);
    if (!verifier) {
      std::cerr << "vigil: " << verifier.error().to_string() << "\n";
      ctx.exit_code = 2;
      return;
    }
    std::vector<RepoRow> rows;
    int code = 0;
    for (const auto& e : entries) {
      RepoRow row;
      if (index.empty()) {
        row.archive = e.urls.front();
        auto r = verifier->verify((dir / row.archive).string(), (dir / row.archive).string() + ".prov");
        if (!r) {
          row.verdict = "error";
          row.detail = r.error().to_string();
        } else {
          row.chart = r->chart_name;
          row.version = r->chart_version;
          row.verdict = signing::verdict_name(r->verdict);
          row.detail = r->detail;
          row.signer = r->signer_fingerprint;
        }
      } else {
        row = check_entry(*verifier, dir, e);
      }
      if (row.verdict != "verified") code = 1;
      rows.push_back(std::move(row));
    }
    if (vr->format == "json") {
      std::string json = "{\"repository\": " + json_str(index.empty() ? dir.string() : index.string()) + ", \"charts\": [";
      for (size_t i = 0; i < rows.size(); ++i) {
        const auto& r = rows[i];
        json += std::string(i ? "," : "") + "\n  {\"name\": " + json_str(r.chart) + ", \"version\": " + json_str(r.version) +
                ", \"archive\": " + json_str(r.archive) + ", \"verdict\": " + json_str(r.verdict) + ", \"signer\": " +
                json_str(r.signer) + ", \"detail\": " + json_str(r.detail) + "}";
      }
      size_t ok = static_cast<size_t>(std::count_if(rows.begin(), rows.end(), [](const RepoRow& r) { return r.verdict == "verified"; }));
      json += std::string(rows.empty() ? "" : "\n") + "], \"verified\": " + std::to_string(ok) + ", \"total\": " + std::to_string(rows.size()) + "}\n";
      std::cout << json;
    } else {
      size_t w1 = 5, w2 = 7, w3 = 7;
      for (const auto& r : rows) {
        w1 = std::max(w1, r.chart.size());
        w2 = std::max(w2, r.version.size());
        w3 = std::max(w3, r.verdict.size());
      }
      std::string out = pad("CHART", w1) + "  " + pad("VERSION", w2) + "  " + pad("VERDICT", w3) + "  DETAIL\n";
      for (const auto& r : rows) out += pad(r.chart, w1) + "  " + pad(r.version, w2) + "  " + pad(r.verdict, w3) + "  " + r.detail + "\n";
      std::cout << out;
    }
    ctx.exit_code = code;
  });
}

}  // namespace vigil::cli
