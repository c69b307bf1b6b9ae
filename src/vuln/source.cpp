// vigil vuln: where records come from — a folder, a zip, a JSON file, a download.
#include <archive.h>
#include <archive_entry.h>
#include <curl/curl.h>
#include <fmt/format.h>
#include <simdjson.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <mutex>

#include "vuln/internal.h"

namespace vigil::vuln {

Source Source::from(std::string_view text) {
  Source s;
  s.location = std::string(text);
  auto starts = [&](std::string_view prefix) {
    if (text.size() < prefix.size()) return false;
    for (size_t i = 0; i < prefix.size(); ++i) {
      char c = text[i];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (c != prefix[i]) return false;
    }
    return true;
  };
  s.is_url = starts("http://") || starts("https://");
  return s;
}

namespace detail {

namespace {

constexpr uint64_t kRatioFloor = 1 << 20;  // below 1 MiB expanded, the ratio is not checked

bool ends_with_json(std::string_view name) {
  return name.size() >= 5 && name.substr(name.size() - 5) == ".json";
}

// Reads a whole file into a buffer with the parser's padding after it.
Status read_padded(const std::filesystem::path& path, const std::string& display, uint64_t max_bytes, std::string& buf,
                   size_t& len) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(display, fmt::format("cannot open ({})", std::strerror(errno)));
  in.seekg(0, std::ios::end);
  const auto size = static_cast<uint64_t>(in.tellg());
  in.seekg(0, std::ios::beg);
  if (size > max_bytes) {
    return make_error(display, fmt::format("the file is {} bytes, more than the limit of {} for one record file", size, max_bytes));
  }
  buf.resize(size + simdjson::SIMDJSON_PADDING);
  in.read(buf.data(), static_cast<std::streamsize>(size));
  if (static_cast<uint64_t>(in.gcount()) != size) return make_error(display, "cannot read the whole file");
  len = size;
  return {};
}

// A JSON file: one record, or an array of records.
Status read_json(const char* data, size_t len, size_t capacity, const std::string& display, const RecordSink& sink) {
  size_t i = 0;
  while (i < len && (data[i] == ' ' || data[i] == '\n' || data[i] == '\r' || data[i] == '\t')) ++i;
  if (i == len || data[i] != '[') return sink(data, len, capacity, display);
  simdjson::dom::parser outer;
  simdjson::dom::element doc;
  const bool padded = capacity >= len + simdjson::SIMDJSON_PADDING;
  auto err = outer.parse(reinterpret_cast<const uint8_t*>(data), len, !padded).get(doc);
  if (err != simdjson::SUCCESS) return sink(data, len, capacity, display);  // the record parser reports it
  simdjson::dom::array arr;
  if (doc.get_array().get(arr) != simdjson::SUCCESS) return sink(data, len, capacity, display);
  size_t n = 0;
  for (simdjson::dom::element e : arr) {
    std::string text = simdjson::to_string(e);
    const size_t text_len = text.size();
    text.resize(text_len + simdjson::SIMDJSON_PADDING);
    Status s = sink(text.data(), text_len, text.size(), fmt::format("{}[{}]", display, n++));
    if (!s) return s;
  }
  return {};
}

Status read_folder(const std::filesystem::path& dir, const std::string& display, const ArchiveLimits& limits,
                   const RecordSink& sink) {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  auto it = std::filesystem::recursive_directory_iterator(dir, std::filesystem::directory_options::skip_permission_denied, ec);
  for (; !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    std::error_code fec;
    if (it->is_regular_file(fec) && ends_with_json(it->path().filename().string())) {
      files.push_back(it->path());
      if (files.size() > limits.max_entries) {
        return make_error(display, fmt::format("more than {} JSON files (the limit)", limits.max_entries));
      }
    }
  }
  if (ec) return make_error(display, fmt::format("cannot list the folder ({})", ec.message()));
  std::sort(files.begin(), files.end());
  std::string buf;
  uint64_t total = 0;
  for (const auto& f : files) {
    std::string shown = display + "/" + std::filesystem::relative(f, dir, ec).generic_string();
    if (ec) shown = f.string();
    size_t len = 0;
    Status s = read_padded(f, shown, limits.max_entry_bytes, buf, len);
    if (!s) return s;
    total += len;
    if (total > limits.max_total_bytes) {
      return make_error(display, fmt::format("the records add up to more than {} bytes (the limit)", limits.max_total_bytes));
    }
    s = read_json(buf.data(), len, buf.size(), shown, sink);
    if (!s) return s;
  }
  return {};
}

struct ArchiveCloser {
  void operator()(archive* a) const { archive_read_free(a); }
};

Status read_zip(const std::filesystem::path& path, const std::string& display, const ArchiveLimits& limits,
                const RecordSink& sink) {
  std::error_code ec;
  const uint64_t file_size = std::filesystem::file_size(path, ec);
  if (ec) return make_error(display, fmt::format("cannot read ({})", ec.message()));
  std::unique_ptr<archive, ArchiveCloser> a(archive_read_new());
  archive_read_support_format_zip(a.get());
  if (archive_read_open_filename(a.get(), path.c_str(), 1 << 16) != ARCHIVE_OK) {
    return make_error(display, fmt::format("not a readable zip ({})", archive_error_string(a.get())));
  }
  auto zip_error = [&](const std::string& entry, const char* what) {
    const char* detail = archive_error_string(a.get());
    std::string where = entry.empty() ? display : display + ":" + entry;
    return make_error(where, fmt::format("{}: the zip is corrupt or truncated{}", what,
                                         detail != nullptr ? fmt::format(" ({})", detail) : std::string()));
  };
  uint64_t entries = 0, total = 0;
  std::string buf;
  archive_entry* entry = nullptr;
  for (;;) {
    int r = archive_read_next_header(a.get(), &entry);
    if (r == ARCHIVE_EOF) break;
    if (r != ARCHIVE_OK) return zip_error({}, "cannot read the next entry");
    if (++entries > limits.max_entries) {
      return make_error(display, fmt::format("more than {} entries (the limit): refusing a possible zip bomb", limits.max_entries));
    }
    const char* name_c = archive_entry_pathname(entry);
    const std::string name = name_c != nullptr ? name_c : "";
    if (archive_entry_filetype(entry) != AE_IFREG || !ends_with_json(name)) {
      archive_read_data_skip(a.get());
      continue;
    }
    const std::string origin = display + ":" + name;
    const int64_t start = archive_filter_bytes(a.get(), -1);
    size_t len = 0;
    buf.resize(std::min<uint64_t>(std::max<int64_t>(archive_entry_size(entry), 0), limits.max_entry_bytes) +
               simdjson::SIMDJSON_PADDING + 4096);
    for (;;) {
      if (buf.size() - len < 65536 + simdjson::SIMDJSON_PADDING) buf.resize(buf.size() * 2 + 65536);
      la_ssize_t n = archive_read_data(a.get(), buf.data() + len, buf.size() - len - simdjson::SIMDJSON_PADDING);
      if (n == 0) break;
      if (n < 0) return zip_error(name, "cannot read an entry");
      len += static_cast<size_t>(n);
      total += static_cast<uint64_t>(n);
      if (len > limits.max_entry_bytes) {
        return make_error(origin, fmt::format("expands to more than {} bytes (the limit for one entry): refusing a possible zip bomb",
                                              limits.max_entry_bytes));
      }
      if (total > limits.max_total_bytes) {
        return make_error(display, fmt::format("expands to more than {} bytes (the limit): refusing a possible zip bomb",
                                               limits.max_total_bytes));
      }
      const auto consumed = static_cast<uint64_t>(std::max<int64_t>(archive_filter_bytes(a.get(), -1) - start, 1));
      if (len > kRatioFloor && len / consumed > limits.max_ratio) {
        return make_error(origin, fmt::format("expands more than {} times its compressed size (the limit): refusing a possible zip bomb",
                                              limits.max_ratio));
      }
      if (total > kRatioFloor && total / std::max<uint64_t>(file_size, 1) > limits.max_ratio) {
        return make_error(display, fmt::format("expands more than {} times its size (the limit): refusing a possible zip bomb",
                                               limits.max_ratio));
      }
    }
    Status s = read_json(buf.data(), len, buf.size(), origin, sink);
    if (!s) return s;
  }
  return {};
}

// "PK\3\4" (a local file header) or "PK\5\6" (the end record of an empty zip).
bool looks_like_zip(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[4] = {};
  in.read(magic, 4);
  if (in.gcount() != 4) return false;
  return magic[0] == 'P' && magic[1] == 'K' && ((magic[2] == 3 && magic[3] == 4) || (magic[2] == 5 && magic[3] == 6));
}

}  // namespace

Status read_local(const std::filesystem::path& path, const std::string& display, const ArchiveLimits& limits,
                  const RecordSink& sink) {
  std::error_code ec;
  auto st = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(st)) return make_error(display, "no such file or folder");
  if (std::filesystem::is_directory(st)) return read_folder(path, display, limits, sink);
  if (!std::filesystem::is_regular_file(st)) return make_error(display, "not a file or a folder");
  if (looks_like_zip(path)) return read_zip(path, display, limits, sink);
  std::string buf;
  size_t len = 0;
  Status s = read_padded(path, display, limits.max_entry_bytes, buf, len);
  if (!s) return s;
  return read_json(buf.data(), len, buf.size(), display, sink);
}

// ---- download ----------------------------------------------------------------------------------

namespace {

struct Download {
  std::FILE* file = nullptr;
  uint64_t written = 0;
  uint64_t max_bytes = 0;
  bool too_big = false;
  bool write_failed = false;
};

size_t on_data(char* ptr, size_t size, size_t nmemb, void* user) {
  auto* d = static_cast<Download*>(user);
  const size_t n = size * nmemb;
  if (d->written + n > d->max_bytes) {
    d->too_big = true;
    return 0;
  }
  if (std::fwrite(ptr, 1, n, d->file) != n) {
    d->write_failed = true;
    return 0;
  }
  d->written += n;
  return n;
}

struct CurlCloser {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};

}  // namespace

Expected<std::filesystem::path> download(const std::string& url, const std::filesystem::path& dir, bool allow_http,
                                         uint64_t max_bytes) {
  const Source s = Source::from(url);
  const bool https = s.is_url && (url[4] == 's' || url[4] == 'S');
  if (!s.is_url) return make_error(url, "not an http(s) URL");
  if (!https && !allow_http) {
    return make_error(url, "plain http is refused (the records could be altered on the way); use https, or --allow-http");
  }
  static std::once_flag curl_init;
  std::call_once(curl_init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });

  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  std::string tmpl = (dir / ".vigil-download-XXXXXX").string();
  int fd = ::mkstemp(tmpl.data());
  if (fd < 0) return make_error(dir.string(), fmt::format("cannot create a temporary file for the download ({})", std::strerror(errno)));
  const std::filesystem::path tmp(tmpl);
  Download d;
  d.file = ::fdopen(fd, "wb");
  d.max_bytes = max_bytes;
  auto fail = [&](std::string message) -> Expected<std::filesystem::path> {
    if (d.file != nullptr) std::fclose(d.file);
    d.file = nullptr;
    std::filesystem::remove(tmp, ec);
    return make_error(url, std::move(message));
  };
  if (d.file == nullptr) {
    ::close(fd);
    return fail("cannot open the temporary file");
  }
  std::unique_ptr<CURL, CurlCloser> c(curl_easy_init());
  if (!c) return fail("cannot start the HTTP client");
  char errbuf[CURL_ERROR_SIZE] = {};
  const char* protocols = allow_http ? "http,https" : "https";
  curl_easy_setopt(c.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(c.get(), CURLOPT_PROTOCOLS_STR, protocols);
  curl_easy_setopt(c.get(), CURLOPT_REDIR_PROTOCOLS_STR, protocols);
  curl_easy_setopt(c.get(), CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(c.get(), CURLOPT_MAXREDIRS, 5L);
  curl_easy_setopt(c.get(), CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c.get(), CURLOPT_CONNECTTIMEOUT, 30L);
  curl_easy_setopt(c.get(), CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(c.get(), CURLOPT_LOW_SPEED_TIME, 60L);
  curl_easy_setopt(c.get(), CURLOPT_USERAGENT, "vigil");
  curl_easy_setopt(c.get(), CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(c.get(), CURLOPT_WRITEFUNCTION, on_data);
  curl_easy_setopt(c.get(), CURLOPT_WRITEDATA, &d);
  const CURLcode rc = curl_easy_perform(c.get());
  long status = 0;
  curl_easy_getinfo(c.get(), CURLINFO_RESPONSE_CODE, &status);
  if (rc != CURLE_OK) {
    if (d.too_big) return fail(fmt::format("the download is larger than {} bytes (the limit)", max_bytes));
    if (d.write_failed) return fail(fmt::format("cannot write the download to {}", dir.string()));
    if (rc == CURLE_PARTIAL_FILE) {
      return fail(fmt::format("the download was cut off after {} bytes ({}); the database is unchanged", d.written, errbuf));
    }
    return fail(fmt::format("download failed: {}", errbuf[0] != '\0' ? errbuf : curl_easy_strerror(rc)));
  }
  if (status != 200) return fail(fmt::format("the server answered HTTP {}; the database is unchanged", status));
  curl_off_t length = -1;
  curl_easy_getinfo(c.get(), CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length);
  if (length >= 0 && static_cast<uint64_t>(length) != d.written) {
    return fail(fmt::format("the download was cut off: {} of {} bytes arrived; the database is unchanged", d.written, length));
  }
  if (std::fflush(d.file) != 0 || std::fclose(d.file) != 0) {
    d.file = nullptr;
    return fail(fmt::format("cannot write the download to {}", dir.string()));
  }
  d.file = nullptr;
  return tmp;
}

}  // namespace detail

}  // namespace vigil::vuln
