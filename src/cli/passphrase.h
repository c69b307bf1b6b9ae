// vigil cli (internal): where a signing passphrase comes from, never argv: a
// --passphrase-file (first line), else the environment variable VIGIL_SIGNING_PASSPHRASE, else a
// prompt on the terminal (no echo); none of them when stdin is not a terminal.
#pragma once

#include <string>

#include "signing/signing.h"

namespace vigil::cli {
signing::PassphraseSource passphrase_source(const std::string& file);
}  // namespace vigil::cli
