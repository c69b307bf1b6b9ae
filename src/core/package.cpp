#include "core/package.h"

namespace vigil {

std::string_view to_string(Ecosystem e) {
  switch (e) {
    case Ecosystem::Npm:
      return "npm";
  }
  return "npm";
}

std::string_view to_string(SourceKind k) {
  switch (k) {
    case SourceKind::Registry: return "registry";
    case SourceKind::Git: return "git";
    case SourceKind::Tarball: return "tarball";
    case SourceKind::File: return "file";
    case SourceKind::Link: return "link";
    case SourceKind::Workspace: return "workspace";
  }
  return "registry";
}

std::string purl_encode(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '.' || c == '_' || c == '~';
    if (keep) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string npm_purl(std::string_view name_in, std::string_view version) {
  // The purl npm type: namespace and name are lowercased.
  std::string lowered(name_in);
  for (char& c : lowered) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  std::string_view name = lowered;
  std::string out = "pkg:npm/";
  if (!name.empty() && name[0] == '@') {
    auto slash = name.find('/');
    if (slash != std::string_view::npos) {
      out += purl_encode(name.substr(0, slash));
      out += '/';
      name = name.substr(slash + 1);
    }
  }
  out += purl_encode(name);
  if (!version.empty()) {
    out += '@';
    out += purl_encode(version);
  }
  return out;
}

std::string Package::purl() const { return npm_purl(name, version); }

}  // namespace vigil
