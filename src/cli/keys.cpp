// vigil keys generate|export: OpenPGP keys for chart signing.
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <fstream>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/passphrase.h"

namespace vigil::cli {

signing::PassphraseSource passphrase_source(const std::string& file) {
  return [file]() -> std::optional<std::string> {
    if (!file.empty()) {
      std::ifstream in(file, std::ios::binary);
      if (!in) return std::nullopt;
      std::string line;
      std::getline(in, line);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      return line;
    }
    if (const char* env = std::getenv("VIGIL_SIGNING_PASSPHRASE")) return std::string(env);
    if (!isatty(STDIN_FILENO)) return std::nullopt;
    std::cerr << "Passphrase: " << std::flush;
    termios old{};
    tcgetattr(STDIN_FILENO, &old);
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    std::string line;
    std::getline(std::cin, line);
    tcsetattr(STDIN_FILENO, TCSANOW, &old);
    std::cerr << "\n";
    return line;
  };
}

void add_keys(CLI::App& app, Context& ctx) {
  auto* keys = app.add_subcommand("keys", "OpenPGP keys for chart signing (generate, export)");
  keys->require_subcommand(1);

  struct GenOpts {
    signing::KeyGenOptions k;
    std::string pass_file;
    bool no_passphrase = false;
  };
  auto g = std::make_shared<GenOpts>();
  auto* gen = keys->add_subcommand("generate", "generate a signing key: OUT/secring.gpg, OUT/pubring.gpg, OUT/public.asc");
  gen->add_option("--name", g->k.name, "user id name")->required();
  gen->add_option("--email", g->k.email, "user id email")->required();
  gen->add_option("--algo", g->k.algo, "ed25519 | rsa3072 | rsa4096")->check(CLI::IsMember({"ed25519", "rsa3072", "rsa4096"}));
  gen->add_option("--out", g->k.out_dir, "output folder")->required();
  gen->add_option("--passphrase-file", g->pass_file, "file whose first line is the passphrase (else $VIGIL_SIGNING_PASSPHRASE or a prompt)");
  gen->add_flag("--no-passphrase", g->no_passphrase, "leave the secret key unprotected");
  gen->callback([g, &ctx]() {
    if (!g->no_passphrase) {
      // Asked for once, here: a key the user wanted protected is never written unprotected.
      std::optional<std::string> pw = passphrase_source(g->pass_file)();
      if (!pw || pw->empty()) {
        std::cerr << "vigil: keys generate: no passphrase (" << (g->pass_file.empty() ? "" : "cannot read " + g->pass_file + "; ")
                  << "use --passphrase-file, $VIGIL_SIGNING_PASSPHRASE, a terminal, or --no-passphrase)\n";
        ctx.exit_code = 2;
        return;
      }
      auto shared = std::make_shared<std::string>(std::move(*pw));
      g->k.passphrase = [shared]() -> std::optional<std::string> { return *shared; };
      auto fpr = signing::generate_key(g->k);
      std::fill(shared->begin(), shared->end(), '\0');
      g->k.passphrase = nullptr;
      if (!fpr) {
        std::cerr << "vigil: " << fpr.error().to_string() << "\n";
        ctx.exit_code = 2;
        return;
      }
      std::cout << *fpr << "\n";
      ctx.exit_code = 0;
      return;
    }
    auto fpr = signing::generate_key(g->k);
    if (!fpr) {
      std::cerr << "vigil: " << fpr.error().to_string() << "\n";
      ctx.exit_code = 2;
      return;
    }
    std::cout << *fpr << "\n";
    ctx.exit_code = 0;
  });

  struct ExpOpts {
    std::string keyring, key, out;
  };
  auto e = std::make_shared<ExpOpts>();
  auto* exp = keys->add_subcommand("export", "print the armored public key for adopters");
  exp->add_option("--keyring", e->keyring, "keyring (binary or armored)")->required();
  exp->add_option("--key", e->key, "user id substring, key id or fingerprint");
  exp->add_option("-o,--output", e->out, "write here instead of stdout");
  exp->callback([e, &ctx]() {
    auto text = signing::export_public_key(e->keyring, e->key);
    if (!text) {
      std::cerr << "vigil: " << text.error().to_string() << "\n";
      ctx.exit_code = 2;
      return;
    }
    ctx.exit_code = emit(e->out, *text) ? 0 : 2;
  });
}

}  // namespace vigil::cli
