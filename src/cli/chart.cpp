// vigil chart package|sign|verify|verify-repo: Helm chart archives and provenance files.
//
// Exit codes: package/sign: 0 written, 2 error. verify: 0 verified, 1 not verified, 2 error.
// verify-repo: 0 every chart verified, 1 any not verified, 2 error.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

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

int sign_one(const std::string& tgz, const std::string& key, const std::string& keyring, const std::string& pass_file) {
  signing::SignOptions so;
  so.key = key;
  so.keyring = keyring;
  so.passphrase = passphrase_source(pass_file);
  auto prov = signing::sign_chart(tgz, so);
  if (!prov) {
    std::cerr << "vigil: " << prov.error().to_string() << "\n";
    return 2;
  }
  if (!emit(tgz + ".prov", *prov)) return 2;
  std::cout << "signed " << tgz << " -> " << tgz << ".prov\n";
  return 0;
}

}  // namespace

void add_chart(CLI::App& app, Context& ctx) {
  auto* chart = app.add_subcommand("chart", "Helm chart packaging and provenance (package, sign, verify, verify-repo)");
  chart->require_subcommand(1);

  struct PkgOpts {
    std::string dir, out = ".", key, keyring = default_keyring("secring.gpg"), pass_file;
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
    ctx.exit_code = p->sign ? sign_one(*path, p->key, p->keyring, p->pass_file) : 0;
  });

  auto s = std::make_shared<PkgOpts>();
  auto* sign = chart->add_subcommand("sign", "write CHART.tgz.prov, clearsigned with SHA512");
  sign->add_option("CHART", s->dir, "chart archive")->required();
  sign->add_option("--key", s->key, "signing key: user id substring, key id or fingerprint")->required();
  sign->add_option("--keyring", s->keyring, "secret keyring (default ~/.gnupg/secring.gpg)");
  sign->add_option("--passphrase-file", s->pass_file, "file whose first line is the passphrase (else $VIGIL_SIGNING_PASSPHRASE or a prompt)");
  sign->callback([s, &ctx]() { ctx.exit_code = sign_one(s->dir, s->key, s->keyring, s->pass_file); });

  struct VerOpts {
    std::string target, keyring = default_keyring("pubring.gpg"), format = "table";
  };
  auto v = std::make_shared<VerOpts>();
  auto* ver = chart->add_subcommand("verify", "verify CHART.tgz against CHART.tgz.prov and a keyring");
  ver->add_option("CHART", v->target, "chart archive")->required();
  ver->add_option("--keyring", v->keyring, "public keyring (default ~/.gnupg/pubring.gpg); keys inside the chart are never used");
  ver->callback([v, &ctx]() {
    auto r = signing::verify_chart(v->target, v->target + ".prov", v->keyring);
    if (!r) {
      std::cerr << "vigil: " << r.error().to_string() << "\n";
      ctx.exit_code = 2;
      return;
    }
    std::cout << v->target << ": " << signing::verdict_name(r->verdict) << ": " << r->detail << "\n";
    ctx.exit_code = r->verdict == signing::Verdict::Verified ? 0 : 1;
  });

  auto vr = std::make_shared<VerOpts>();
  auto* repo = chart->add_subcommand("verify-repo", "verify every chart of a chart repository (folder or index.yaml)");
  repo->add_option("TARGET", vr->target, "repository folder or its index.yaml")->required();
  repo->add_option("--keyring", vr->keyring, "public keyring (default ~/.gnupg/pubring.gpg)");
  repo->add_option("--format", vr->format, "table | json")->check(CLI::IsMember({"table", "json"}));
  repo->callback([vr, &ctx]() {
    fs::path dir = vr->target;
    if (fs::is_regular_file(dir)) dir = dir.parent_path();
    if (!fs::is_directory(dir)) {
      std::cerr << "vigil: " << vr->target << ": not a chart repository folder or index.yaml\n";
      ctx.exit_code = 2;
      return;
    }
    std::vector<std::string> charts;
    for (const auto& e : fs::directory_iterator(dir)) {
      if (e.is_regular_file() && e.path().extension() == ".tgz") charts.push_back(e.path().string());
    }
    std::sort(charts.begin(), charts.end());
    std::string table, json = "[";
    int code = 0;
    for (size_t i = 0; i < charts.size(); ++i) {
      std::string name = fs::path(charts[i]).filename().string();
      std::string verdict, detail;
      auto r = signing::verify_chart(charts[i], charts[i] + ".prov", vr->keyring);
      if (!r) {
        verdict = "error";
        detail = r.error().to_string();
        code = std::max(code, 1);
      } else {
        verdict = signing::verdict_name(r->verdict);
        detail = r->detail;
        if (r->verdict != signing::Verdict::Verified) code = std::max(code, 1);
      }
      table += name + "\t" + verdict + "\t" + detail + "\n";
      json += std::string(i ? "," : "") + "\n  {\"chart\": " + json_str(name) + ", \"verdict\": " + json_str(verdict) +
              ", \"detail\": " + json_str(detail) + "}";
    }
    json += charts.empty() ? "]\n" : "\n]\n";
    std::cout << (vr->format == "json" ? json : "CHART\tVERDICT\tDETAIL\n" + table);
    ctx.exit_code = code;
  });
}

}  // namespace vigil::cli
