// vigil cli (internal): where a signing passphrase comes from, never argv: the environment
// variable VIGIL_SIGNING_PASSPHRASE, a --passphrase-file, or a prompt on the terminal.
#pragma once

#include <string>

#include "signing/signing.h"

namespace vigil::cli {
signing::PassphraseSource passphrase_source(const std::string& file);
}  // namespace vigil::cli
