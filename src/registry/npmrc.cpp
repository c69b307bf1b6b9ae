// npm's configuration, read as npm reads it: .npmrc files (ini lines, ${VAR} expansion) and the
// npm_config_* environment, lowest precedence first; npm itself answers for its built-in default.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include <fmt/format.h>

#include "registry/registry.h"

namespace vigil::registry {

namespace {

std::string trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

std::string with_slash(std::string url) {
  if (!url.empty() && url.back() != '/') url += '/';
  return url;
}

const std::string* env_value(const std::vector<std::pair<std::string, std::string>>& env, std::string_view name) {
  for (const auto& [k, v] : env) {
    if (k == name) return &v;
  }
  return nullptr;
}

// ${VAR} and ${VAR?} (empty when unset), as npm's config does; "\${" stays literal.
Expected<std::string> expand(std::string_view text, const std::vector<std::pair<std::string, std::string>>& env,
                             const std::string& display, uint32_t line) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 2 < text.size() && text[i + 1] == '$' && text[i + 2] == '{') {
      out += "${";
      i += 2;
      continue;
    }
    if (text[i] == '$' && i + 1 < text.size() && text[i + 1] == '{') {
      size_t close = text.find('}', i + 2);
      if (close == std::string_view::npos) return make_error(display, line, 0, "an unclosed ${ in a value");
      std::string_view name = text.substr(i + 2, close - i - 2);
      bool optional = !name.empty() && name.back() == '?';
      if (optional) name.remove_suffix(1);
      const std::string* v = env_value(env, name);
      if (!v && !optional) return make_error(display, line, 0, fmt::format("${{{}}} is not set in the environment", name));
      if (v) out += *v;
      i = close;
      continue;
    }
    out += text[i];
  }
  return out;
}

// One .npmrc into `into` (key -> value, origin). An absent file is fine.
Status read_npmrc(const std::filesystem::path& file, const std::vector<std::pair<std::string, std::string>>& env,
                  std::map<std::string, std::pair<std::string, std::string>>& into) {
  std::error_code ec;
  if (file.empty() || !std::filesystem::is_regular_file(file, ec)) return {};
  auto text = read_file(file, 1 << 20, file.string());
  if (!text) return text.error();
  std::string section;
  uint32_t line_no = 0;
  size_t pos = 0;
  const std::string& t = *text;
  while (pos <= t.size()) {
    size_t nl = t.find('\n', pos);
    std::string_view raw(t.data() + pos, (nl == std::string::npos ? t.size() : nl) - pos);
    pos = nl == std::string::npos ? t.size() + 1 : nl + 1;
    ++line_no;
    std::string line = trim(raw);
    if (line.empty() || line[0] == ';' || line[0] == '#') continue;
    if (line.front() == '[') {
      if (line.back() != ']') return make_error(file.string(), line_no, 1, "a section header without ]");
      section = trim(std::string_view(line).substr(1, line.size() - 2));
      continue;
    }
    size_t eq = line.find('=');
    std::string key = trim(std::string_view(line).substr(0, eq));
    std::string value = eq == std::string::npos ? "true" : trim(std::string_view(line).substr(eq + 1));
    if (key.empty()) return make_error(file.string(), line_no, 1, "a line without a key");
    if (value.size() >= 2 && ((value.front() == '"' && value.back() == '"') || (value.front() == '\'' && value.back() == '\''))) {
      value = value.substr(1, value.size() - 2);
    }
    auto k = expand(key, env, file.string(), line_no);
    if (!k) return k.error();
    auto v = expand(value, env, file.string(), line_no);
    if (!v) return v.error();
    std::string full = section.empty() ? *k : section + "." + *k;
    if (full.size() > 2 && full.compare(full.size() - 2, 2, "[]") == 0) full.resize(full.size() - 2);
    into[full] = {*v, fmt::format("{}:{}", file.string(), line_no)};
  }
  return {};
}

std::string nerf_dart(std::string_view url) {
  size_t scheme = url.find("://");
  std::string_view rest = scheme == std::string_view::npos ? url : url.substr(scheme + 1);  // "//host/path"
  size_t q = rest.find_first_of("?#");
  if (q != std::string_view::npos) rest = rest.substr(0, q);
  return std::string(rest);
}

std::string base64(std::string_view in) {
  static const char* k = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    uint32_t n = (uint32_t(uint8_t(in[i])) << 16) | (uint32_t(uint8_t(in[i + 1])) << 8) | uint8_t(in[i + 2]);
    out += k[(n >> 18) & 63];
    out += k[(n >> 12) & 63];
    out += k[(n >> 6) & 63];
    out += k[n & 63];
  }
  if (i + 1 == in.size()) {
    uint32_t n = uint32_t(uint8_t(in[i])) << 16;
    out += k[(n >> 18) & 63];
    out += k[(n >> 12) & 63];
    out += "==";
  } else if (i + 2 == in.size()) {
    uint32_t n = (uint32_t(uint8_t(in[i])) << 16) | (uint32_t(uint8_t(in[i + 1])) << 8);
    out += k[(n >> 18) & 63];
    out += k[(n >> 12) & 63];
    out += k[(n >> 6) & 63];
    out += '=';
  }
  return out;
}

std::optional<std::string> unbase64(std::string_view in) {
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    int v;
    if (c >= 'A' && c <= 'Z') v = c - 'A';
    else if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
    else if (c >= '0' && c <= '9') v = c - '0' + 52;
    else if (c == '+') v = 62;
    else if (c == '/') v = 63;
    else if (c == '=') break;
    else return std::nullopt;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xff);
    }
  }
  return out;
}

std::optional<std::string> ask_npm() {
  FILE* p = ::popen("npm config get registry 2>/dev/null", "r");
  if (!p) return std::nullopt;
  std::string out;
  char buf[512];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  int rc = ::pclose(p);
  out = trim(out);
  while (!out.empty() && (out.back() == '\n')) out.pop_back();
  if (rc != 0 || out.empty() || out == "undefined") return std::nullopt;
  return out;
}

}  // namespace

const std::string& NpmConfig::registry_for(std::string_view package) const {
  if (!package.empty() && package[0] == '@') {
    size_t slash = package.find('/');
    if (slash != std::string_view::npos) {
      auto it = scopes.find(std::string(package.substr(0, slash)));
      if (it != scopes.end()) return it->second;
    }
  }
  return registry;
}

std::string NpmConfig::authorization_for(std::string_view url) const {
  std::string nd = nerf_dart(url);
  std::string best_prefix;
  std::string best;
  for (const auto& [key, value] : settings) {
    if (key.rfind("//", 0) != 0) continue;
    size_t colon = key.rfind(':');
    if (colon == std::string::npos) continue;
    std::string prefix = key.substr(0, colon);
    std::string field = key.substr(colon + 1);
    if (nd.rfind(prefix, 0) != 0 || prefix.size() < best_prefix.size()) continue;
    std::string header;
    if (field == "_authToken") {
      header = "Bearer " + value;
    } else if (field == "_auth") {
      header = "Basic " + value;
    } else if (field == "username") {
      auto pw = settings.find(prefix + ":_password");
      if (pw == settings.end()) continue;
      auto decoded = unbase64(pw->second);
      if (!decoded) continue;
      header = "Basic " + base64(value + ":" + *decoded);
    } else {
      continue;
    }
    // At one prefix, a token beats _auth beats username/_password.
    if (prefix.size() == best_prefix.size() && !best.empty() && best.rfind("Bearer ", 0) == 0) continue;
    best_prefix = prefix;
    best = header;
  }
  if (best.empty()) {
    // npm's legacy unscoped _authToken / _auth apply to the default registry only.
    if (url.rfind(registry, 0) == 0) {
      if (auto it = settings.find("_authToken"); it != settings.end()) return "Bearer " + it->second;
      if (auto it = settings.find("_auth"); it != settings.end()) return "Basic " + it->second;
    }
  }
  return best;
}

NpmConfigSources default_sources(const std::filesystem::path& project_dir) {
  NpmConfigSources s;
  for (char** e = environ; e && *e; ++e) {
    std::string_view kv(*e);
    size_t eq = kv.find('=');
    if (eq == std::string_view::npos) continue;
    s.env.emplace_back(std::string(kv.substr(0, eq)), std::string(kv.substr(eq + 1)));
  }
  auto get = [&](std::string_view k) -> std::string {
    for (const auto& [name, v] : s.env) {
      if (name.size() == k.size() && std::equal(name.begin(), name.end(), k.begin(), [](char a, char b) {
            return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
          })) {
        return v;
      }
    }
    return {};
  };
  if (!project_dir.empty()) s.project_npmrc = project_dir / ".npmrc";
  std::string user = get("npm_config_userconfig");
  std::string home = get("HOME");
  s.user_npmrc = !user.empty() ? std::filesystem::path(user) : !home.empty() ? std::filesystem::path(home) / ".npmrc" : std::filesystem::path();
  std::string global = get("npm_config_globalconfig");
  if (!global.empty()) {
    s.global_npmrc = global;
  } else {
    std::string prefix = get("npm_config_prefix");
    if (prefix.empty()) {
      // npm's default prefix: the folder above the one node lives in.
      std::error_code ec;
      for (const char* dir : {"/usr/local/bin/node", "/usr/bin/node"}) {
        if (std::filesystem::exists(dir, ec)) {
          prefix = std::filesystem::weakly_canonical(dir, ec).parent_path().parent_path().string();
          break;
        }
      }
    }
    if (!prefix.empty()) s.global_npmrc = std::filesystem::path(prefix) / "etc" / "npmrc";
  }
  // npm's built-in default costs an npm start (~0.4 s): remember the answer next to the registry
  // cache, keyed by the npm executable found on PATH and its modification time (an upgraded or
  // different npm asks again).
  std::string xdg = get("XDG_CACHE_HOME");
  std::filesystem::path memo = !xdg.empty() && xdg[0] == '/' ? std::filesystem::path(xdg) / "vigil" / "npm-default-registry"
                               : !home.empty()              ? std::filesystem::path(home) / ".cache" / "vigil" / "npm-default-registry"
                                                            : std::filesystem::path();
  std::string npm_id;
  {
    std::string path_var = get("PATH");
    size_t start = 0;
    while (start <= path_var.size() && npm_id.empty()) {
      size_t colon = path_var.find(':', start);
      std::string dir = path_var.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
      std::error_code ec;
      std::filesystem::path npm = std::filesystem::path(dir.empty() ? "." : dir) / "npm";
      if (std::filesystem::exists(npm, ec)) {
        auto real = std::filesystem::canonical(npm, ec);
        auto mtime = std::filesystem::last_write_time(real, ec);
        if (!ec) npm_id = fmt::format("{} {}", real.string(), mtime.time_since_epoch().count());
      }
      if (colon == std::string::npos) break;
      start = colon + 1;
    }
  }
  s.builtin_registry = [memo, npm_id]() -> std::optional<std::string> {
    if (!memo.empty() && !npm_id.empty()) {
      auto text = read_file(memo, 4096, memo.string());
      if (text) {
        size_t nl = text->find('\n');
        if (nl != std::string::npos && text->substr(0, nl) == npm_id) {
          std::string r = trim(text->substr(nl + 1));
          if (!r.empty()) return r;
        }
      }
    }
    auto r = ask_npm();
    if (r && !memo.empty() && !npm_id.empty()) {
      std::error_code ec;
      std::filesystem::create_directories(memo.parent_path(), ec);
      (void)write_file_atomic(memo, npm_id + "\n" + *r + "\n");
    }
    return r;
  };
  return s;
}

Expected<NpmConfig> load_npm_config(const NpmConfigSources& sources) {
  std::map<std::string, std::pair<std::string, std::string>> merged;  // key -> (value, origin)
  for (const auto& f : {sources.global_npmrc, sources.user_npmrc, sources.project_npmrc}) {
    auto st = read_npmrc(f, sources.env, merged);
    if (!st) return st.error();
  }
  // npm_config_foo_bar=1 is foo-bar (a leading _ stays: npm_config__authToken is _authToken).
  for (const auto& [name, value] : sources.env) {
    if (name.size() <= 11) continue;
    std::string lower;
    for (char c : name.substr(0, 11)) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower != "npm_config_") continue;
    std::string key = name.substr(11);
    if (key.rfind("//", 0) != 0) {
      for (size_t i = 1; i < key.size(); ++i) {
        if (key[i] == '_') key[i] = '-';
      }
      for (auto& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    merged[key] = {value, name};
  }
  NpmConfig cfg;
  for (const auto& [k, v] : merged) cfg.settings[k] = v.first;
  if (auto it = merged.find("registry"); it != merged.end() && !it->second.first.empty()) {
    cfg.registry = with_slash(it->second.first);
    cfg.registry_origin = it->second.second;
  } else if (sources.builtin_registry) {
    if (auto r = sources.builtin_registry()) {
      cfg.registry = with_slash(*r);
      cfg.registry_origin = "npm config get registry";
    }
  }
  if (cfg.registry.empty()) {
    return make_error("", "no npm registry is configured and `npm config get registry` gave none: set registry in .npmrc or npm_config_registry");
  }
  if (cfg.registry.rfind("http://", 0) != 0 && cfg.registry.rfind("https://", 0) != 0) {
    auto it = merged.find("registry");
    return make_error(it == merged.end() ? std::string() : it->second.second,
                      fmt::format("the registry \"{}\" is not an http(s) URL", cfg.registry));
  }
  for (const auto& [k, v] : merged) {
    if (k.size() > 9 && k[0] == '@' && k.compare(k.size() - 9, 9, ":registry") == 0) cfg.scopes[k.substr(0, k.size() - 9)] = with_slash(v.first);
  }
  return cfg;
}

}  // namespace vigil::registry
