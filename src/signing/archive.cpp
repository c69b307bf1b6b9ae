// Chart archives: defensive tar+gzip reading, reproducible writing, sha256 (OpenSSL).
#include <archive.h>
#include <archive_entry.h>
#include <openssl/evp.h>
#include <zlib.h>

#include <fstream>
#include <sstream>

#include "signing/signing.h"

namespace vigil::signing {

const ArchiveEntry* ChartArchive::find(const std::string& path) const {
  for (const auto& e : entries) {
    if (e.path == path) return &e;
  }
  return nullptr;
}

std::string sha256_hex(const std::string& bytes) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(bytes.data(), bytes.size(), md, &len, EVP_sha256(), nullptr);
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned i = 0; i < len; ++i) {
    out += hex[md[i] >> 4];
    out += hex[md[i] & 15];
  }
  return out;
}

namespace {

struct ArchiveReader {
  archive* a = archive_read_new();
  ~ArchiveReader() { archive_read_free(a); }
};

bool bad_component(const std::string& p) {
  size_t start = 0;
  while (start <= p.size()) {
    size_t end = p.find('/', start);
    if (end == std::string::npos) end = p.size();
    std::string part = p.substr(start, end - start);
    if (part == "..") return true;
    start = end + 1;
  }
  return false;
}

}  // namespace

Expected<ChartArchive> read_chart_archive_bytes(const std::string& display, const std::string& bytes,
                                                const ArchiveLimits& limits) {
  {  // the whole gzip stream must be intact (CRC and length trailer), not just the tar entries
    z_stream z{};
    inflateInit2(&z, 16 + MAX_WBITS);
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
    z.avail_in = static_cast<uInt>(bytes.size());
    unsigned char sink[65536];
    int zr = Z_OK;
    uint64_t produced = 0;
    while (zr == Z_OK) {
      z.next_out = sink;
      z.avail_out = sizeof sink;
      zr = inflate(&z, Z_NO_FLUSH);
      produced += sizeof sink - z.avail_out;
      if (produced > limits.max_total_bytes + (1u << 20)) {
        inflateEnd(&z);
        return make_error(display, "archive expands to more than " + std::to_string(limits.max_total_bytes) + " bytes");
      }
      if (zr == Z_BUF_ERROR && z.avail_in == 0) break;
    }
    inflateEnd(&z);
    if (zr != Z_STREAM_END) return make_error(display, "truncated or corrupt gzip stream");
  }
  ArchiveReader r;
  archive_read_support_filter_gzip(r.a);
  archive_read_support_format_tar(r.a);
  archive_read_support_format_gnutar(r.a);
  if (archive_read_open_memory(r.a, bytes.data(), bytes.size()) != ARCHIVE_OK) {
    return make_error(display, std::string("not a gzip'd tar archive: ") + archive_error_string(r.a));
  }
  ChartArchive out;
  uint64_t total = 0;
  archive_entry* e = nullptr;
  for (;;) {
    int rc = archive_read_next_header(r.a, &e);
    if (rc == ARCHIVE_EOF) break;
    if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN) {
      const char* m = archive_error_string(r.a);
      return make_error(display, std::string("truncated or corrupt archive: ") + (m ? m : "unreadable header"));
    }
    const char* pn = archive_entry_pathname(e);
    std::string path = pn ? pn : "";
    if (path.empty()) return make_error(display, "archive entry with an empty name");
    if (path[0] == '/' || path.find('\\') != std::string::npos || (path.size() > 1 && path[1] == ':')) {
      return make_error(display, "entry '" + path + "' has an absolute path");
    }
    if (bad_component(path)) return make_error(display, "entry '" + path + "' contains '..'");
    if (archive_entry_hardlink(e) != nullptr) {
      return make_error(display, "entry '" + path + "' is a hard link (to '" + archive_entry_hardlink(e) + "'), refused");
    }
    auto type = archive_entry_filetype(e);
    if (type == AE_IFLNK) {
      return make_error(display, "entry '" + path + "' is a symbolic link (to '" + (archive_entry_symlink(e) ? archive_entry_symlink(e) : "") + "'), refused");
    }
    if (type == AE_IFDIR) continue;
    if (type != AE_IFREG) return make_error(display, "entry '" + path + "' is a device, FIFO or socket, refused");
    if (out.entries.size() + 1 > limits.max_entries) {
      return make_error(display, "more than " + std::to_string(limits.max_entries) + " entries");
    }
    std::string top = path.substr(0, path.find('/'));
    if (path.find('/') == std::string::npos) return make_error(display, "entry '" + path + "' is not inside the chart folder");
    if (out.chart_name.empty()) out.chart_name = top;
    else if (top != out.chart_name) return make_error(display, "entry '" + path + "' is outside the chart folder '" + out.chart_name + "/'");
    if (archive_entry_size_is_set(e) && static_cast<uint64_t>(archive_entry_size(e)) > limits.max_entry_bytes) {
      return make_error(display, "entry '" + path + "' is larger than " + std::to_string(limits.max_entry_bytes) + " bytes");
    }
    ArchiveEntry ent;
    ent.path = path;
    char buf[65536];
    for (;;) {
      la_ssize_t n = archive_read_data(r.a, buf, sizeof buf);
      if (n < 0) {
        const char* m = archive_error_string(r.a);
        return make_error(display, "truncated or corrupt archive at entry '" + path + "': " + (m ? m : "read error"));
      }
      if (n == 0) break;
      ent.data.append(buf, static_cast<size_t>(n));
      total += static_cast<uint64_t>(n);
      if (ent.data.size() > limits.max_entry_bytes) {
        return make_error(display, "entry '" + path + "' is larger than " + std::to_string(limits.max_entry_bytes) + " bytes");
      }
      if (total > limits.max_total_bytes) {
        return make_error(display, "archive expands to more than " + std::to_string(limits.max_total_bytes) + " bytes");
      }
    }
    if (archive_entry_size_is_set(e) && ent.data.size() != static_cast<uint64_t>(archive_entry_size(e))) {
      return make_error(display, "truncated archive: entry '" + path + "' is short");
    }
    out.entries.push_back(std::move(ent));
  }
  if (out.entries.empty()) return make_error(display, "archive holds no files");
  if (!out.find(out.chart_name + "/Chart.yaml")) {
    return make_error(display, "archive has no " + out.chart_name + "/Chart.yaml");
  }
  return out;
}

Expected<ChartArchive> read_chart_archive(const std::string& path, const ArchiveLimits& limits) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(path, "cannot open the chart archive");
  std::ostringstream ss;
  ss << in.rdbuf();
  return read_chart_archive_bytes(path, ss.str(), limits);
}

// Writes entries (already ordered) as a reproducible tar.gz: fixed owner/mode, mtime, no gzip name/time.
Expected<std::string> write_chart_tgz(const std::string& display, const std::vector<ArchiveEntry>& entries, int64_t mtime) {
  archive* a = archive_write_new();
  archive_write_set_format_pax_restricted(a);
  archive_write_add_filter_gzip(a);
  archive_write_set_filter_option(a, "gzip", "timestamp", nullptr);  // no timestamp
  std::string out;
  struct Sink {
    std::string* out;
  } sink{&out};
  auto wr = [](archive*, void* ctx, const void* data, size_t n) -> la_ssize_t {
    static_cast<Sink*>(ctx)->out->append(static_cast<const char*>(data), n);
    return static_cast<la_ssize_t>(n);
  };
  archive_write_set_bytes_in_last_block(a, 1);
  if (archive_write_open(a, &sink, nullptr, wr, nullptr) != ARCHIVE_OK) {
    std::string m = archive_error_string(a) ? archive_error_string(a) : "";
    archive_write_free(a);
    return make_error(display, "cannot write the archive: " + m);
  }
  for (const auto& ent : entries) {
    archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, ent.path.c_str());
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_entry_set_size(e, static_cast<la_int64_t>(ent.data.size()));
    archive_entry_set_mtime(e, mtime, 0);
    archive_entry_set_uid(e, 0);
    archive_entry_set_gid(e, 0);
    if (archive_write_header(a, e) != ARCHIVE_OK ||
        archive_write_data(a, ent.data.data(), ent.data.size()) != static_cast<la_ssize_t>(ent.data.size())) {
      std::string m = archive_error_string(a) ? archive_error_string(a) : "";
      archive_entry_free(e);
      archive_write_free(a);
      return make_error(display, "cannot write entry '" + ent.path + "': " + m);
    }
    archive_entry_free(e);
  }
  archive_write_close(a);
  archive_write_free(a);
  return out;
}

}  // namespace vigil::signing
