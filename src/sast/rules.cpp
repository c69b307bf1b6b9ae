// The rule catalogue of vigil sast (ids are fixed: tests and users' suppressions name them).
#include "sast/sast.h"

namespace vigil::sast {

std::string_view severity_name(Severity s) {
  switch (s) {
    case Severity::Low: return "low";
    case Severity::Medium: return "medium";
    case Severity::High: return "high";
    case Severity::Critical: return "critical";
  }
  return "low";
}

bool parse_severity(std::string_view text, Severity& out) {
  if (text == "low") out = Severity::Low;
  else if (text == "medium" || text == "moderate") out = Severity::Medium;
  else if (text == "high") out = Severity::High;
  else if (text == "critical") out = Severity::Critical;
  else return false;
  return true;
}

const std::vector<Rule>& rules() {
  static const std::vector<Rule> all = {
      {"sql-injection", "SQL injection", "CWE-89", "A03:2021-Injection", Severity::Critical, 9.8,
       "Request data reaches a raw SQL query (knex.raw, sequelize.query, mysql/pg query) through string concatenation or a template.",
       "Use bindings/placeholders (knex.raw('... ?', [v]), query('... $1', [v])) or the query builder; never build SQL text from input."},
      {"nosql-injection", "NoSQL injection", "CWE-943", "A03:2021-Injection", Severity::High, 8.1,
       "Request data is used as a MongoDB/Mongoose query object or in a $where clause, so an attacker can send operators ({\"$ne\": null}).",
       "Cast values to the expected type (String(v)), use mongo-sanitize, and never pass $where code built from input."},
      {"command-injection", "OS command injection", "CWE-78", "A03:2021-Injection", Severity::Critical, 9.8,
       "Request data reaches a shell command (exec, execSync, spawn with shell: true).",
       "Use execFile/spawn without a shell and pass arguments as an array; validate against an allow-list."},
      {"code-injection", "Code injection", "CWE-94", "A03:2021-Injection", Severity::Critical, 9.8,
       "Request data is evaluated as code (eval, Function, vm.run*, setTimeout/setInterval with a string).",
       "Never evaluate input; use JSON.parse for data and a lookup table for dispatch."},
      {"path-traversal", "Path traversal", "CWE-22", "A01:2021-Broken Access Control", Severity::High, 7.5,
       "Request data is used as a file system path (fs.*, res.sendFile, res.download) without confinement.",
       "Resolve the path against a base folder and check it stays inside (path.resolve + startsWith), or use path.basename."},
      {"xss", "Cross-site scripting", "CWE-79", "A03:2021-Injection", Severity::High, 7.1,
       "Request data is written into an HTML response or the DOM without escaping.",
       "Escape output (escape-html, he.encode), use a template engine with auto-escaping, or send JSON."},
      {"ssrf", "Server-side request forgery", "CWE-918", "A10:2021-Server-Side Request Forgery", Severity::High, 8.6,
       "Request data decides the URL of an outgoing request (http, https, axios, fetch, request, got).",
       "Allow-list hosts and schemes; never let input choose the whole URL."},
      {"open-redirect", "Open redirect", "CWE-601", "A01:2021-Broken Access Control", Severity::Medium, 6.1,
       "Request data decides the target of a redirect.",
       "Redirect only to relative paths or allow-listed hosts."},
      {"prototype-pollution", "Prototype pollution", "CWE-1321", "A08:2021-Software and Data Integrity Failures", Severity::High, 7.3,
       "Keys chosen by the request are used to write into objects (obj[a][b] = v, deep merge), which can reach Object.prototype.",
       "Reject __proto__, constructor and prototype keys, use Map or Object.create(null), and a merge that skips them."},
      {"redos", "Regular expression denial of service", "CWE-1333", "A06:2021-Vulnerable and Outdated Components", Severity::Medium, 5.3,
       "A regular expression is built from input, or has nested quantifiers that backtrack catastrophically.",
       "Escape input used in patterns (escape-string-regexp) and rewrite nested quantifiers; consider RE2."},
      {"insecure-randomness", "Insecure randomness", "CWE-338", "A02:2021-Cryptographic Failures", Severity::Medium, 5.3,
       "Math.random() produces a token, id, secret or password; it is predictable.",
       "Use crypto.randomBytes, crypto.randomUUID or crypto.randomInt."},
      {"weak-crypto", "Weak cryptography", "CWE-327", "A02:2021-Cryptographic Failures", Severity::Medium, 5.9,
       "A broken hash or cipher (md5, sha1, des, rc4, ECB mode, createCipher without IV) is used.",
       "Use sha256 or better for hashes, aes-256-gcm with createCipheriv and a random IV for encryption."},
      {"hardcoded-secret", "Hard-coded secret", "CWE-798", "A07:2021-Identification and Authentication Failures", Severity::High, 7.5,
       "A credential, key or token is written in the source.",
       "Load secrets from the environment or a secret store, and rotate the exposed one."},
      {"jwt-misuse", "JWT misuse", "CWE-347", "A02:2021-Cryptographic Failures", Severity::High, 7.4,
       "A JSON Web Token is verified without pinning algorithms, accepts 'none', or is decoded without verification.",
       "Call jwt.verify with {algorithms: ['RS256']} (or the one you use) and never trust jwt.decode output."},
      {"tls-verification-disabled", "TLS certificate verification disabled", "CWE-295", "A07:2021-Identification and Authentication Failures", Severity::High, 7.4,
       "Certificate checks are turned off (rejectUnauthorized: false, NODE_TLS_REJECT_UNAUTHORIZED=0).",
       "Keep verification on; add the private CA with the ca option instead."},
      {"insecure-cookie", "Insecure cookie", "CWE-614", "A05:2021-Security Misconfiguration", Severity::Medium, 4.3,
       "A cookie is set without Secure or HttpOnly, or with them explicitly off.",
       "Set secure: true, httpOnly: true and sameSite on session and auth cookies."},
      {"cors-misconfiguration", "Permissive CORS with credentials", "CWE-942", "A05:2021-Security Misconfiguration", Severity::Medium, 6.5,
       "Any origin (wildcard or reflected) is allowed together with credentials.",
       "Allow-list origins; never combine a wildcard or reflected origin with credentials."},
      {"unsafe-deserialization", "Unsafe deserialization", "CWE-502", "A08:2021-Software and Data Integrity Failures", Severity::Critical, 9.0,
       "Data is deserialised with a loader that can run code (node-serialize unserialize, js-yaml unsafe loads).",
       "Use JSON.parse, or yaml.load with the default safe schema (js-yaml 4)."},
      {"log-injection", "Log injection", "CWE-117", "A09:2021-Security Logging and Monitoring Failures", Severity::Low, 3.7,
       "Request data is written to a log unescaped, so an attacker can forge log lines.",
       "Strip CR/LF (value.replace(/[\\r\\n]/g, '')) or log structured fields."},
      {"cleartext-logging", "Clear-text logging of secrets", "CWE-312", "A09:2021-Security Logging and Monitoring Failures", Severity::Medium, 5.5,
       "A password, token or key is written to a log.",
       "Log an identifier or a redacted value instead of the secret."},
      {"timing-unsafe-comparison", "Timing-unsafe comparison of secrets", "CWE-208", "A02:2021-Cryptographic Failures", Severity::Medium, 5.3,
       "A secret (token, signature, password hash) is compared with == or ===, which leaks its value through timing.",
       "Compare with crypto.timingSafeEqual on equal-length buffers."},
      {"zip-slip", "Zip slip (archive path traversal)", "CWE-22", "A01:2021-Broken Access Control", Severity::High, 7.5,
       "An archive entry's name is used as an output path, so ../ entries write outside the target folder.",
       "Resolve each entry against the target folder and skip entries that leave it."},
  };
  return all;
}

const Rule* find_rule(std::string_view id) {
  for (const auto& r : rules()) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

}  // namespace vigil::sast
