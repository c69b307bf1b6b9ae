// Package documents from the npm registry: libcurl multi (bounded concurrency, HTTP/2 multiplexing
// where offered), retries with backoff, conditional requests, and the SQLite cache.
#include <curl/curl.h>
#include <simdjson.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <deque>
#include <memory>
#include <mutex>
#include <set>
#include <thread>

#include <fmt/format.h>

#include "registry/registry.h"
#include "semver/semver.h"

namespace vigil::registry {

namespace {

int64_t parse_iso_time(std::string_view s) {
  // "2016-06-06T11:10:15.366Z"
  int y, mo, d, h = 0, mi = 0, sec = 0;
  std::string t(s.substr(0, 19));
  if (std::sscanf(t.c_str(), "%d-%d-%dT%d:%d:%d", &y, &mo, &d, &h, &mi, &sec) < 3) return -1;
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = sec;
  return static_cast<int64_t>(timegm(&tm));
}

// ---- the cache ----

class Cache {
 public:
  struct Entry {
    std::string etag, last_modified, body;
    int64_t fetched_at = 0;
  };

  static Expected<std::unique_ptr<Cache>> open(const std::filesystem::path& file) {
    std::error_code ec;
    if (!file.parent_path().empty()) std::filesystem::create_directories(file.parent_path(), ec);
    sqlite3* raw = nullptr;
    int rc = sqlite3_open_v2(file.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr);
    std::unique_ptr<Cache> c(new Cache(raw));
    if (rc != SQLITE_OK) return make_error(file.string(), fmt::format("cannot open the registry cache: {}", sqlite3_errmsg(raw)));
    sqlite3_busy_timeout(raw, 10000);
    const char* schema =
        "CREATE TABLE IF NOT EXISTS documents(key TEXT PRIMARY KEY, etag TEXT NOT NULL, last_modified TEXT NOT NULL,"
        " fetched_at INTEGER NOT NULL, body BLOB NOT NULL);"
        "PRAGMA user_version = 1;";
    char* err = nullptr;
    if (sqlite3_exec(raw, schema, nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err ? err : "unknown error";
      sqlite3_free(err);
      return make_error(file.string(), fmt::format("not a usable registry cache: {}", msg));
    }
    return c;
  }
  ~Cache() { sqlite3_close(db_); }
  Cache(const Cache&) = delete;
  Cache& operator=(const Cache&) = delete;

  std::optional<Entry> get(const std::string& key) {
    std::lock_guard<std::mutex> lock(mu_);
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, "SELECT etag, last_modified, fetched_at, body FROM documents WHERE key = ?", -1, &st, nullptr) != SQLITE_OK) {
      return std::nullopt;
    }
    sqlite3_bind_text(st, 1, key.data(), static_cast<int>(key.size()), SQLITE_TRANSIENT);
    std::optional<Entry> e;
    if (sqlite3_step(st) == SQLITE_ROW) {
      e.emplace();
      e->etag = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
      e->last_modified = reinterpret_cast<const char*>(sqlite3_column_text(st, 1));
      e->fetched_at = sqlite3_column_int64(st, 2);
      const void* b = sqlite3_column_blob(st, 3);
      e->body.assign(static_cast<const char*>(b), static_cast<size_t>(sqlite3_column_bytes(st, 3)));
    }
    sqlite3_finalize(st);
    return e;
  }

  void put(const std::string& key, const Entry& e) {
    std::lock_guard<std::mutex> lock(mu_);
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, "INSERT OR REPLACE INTO documents(key, etag, last_modified, fetched_at, body) VALUES (?, ?, ?, ?, ?)", -1,
                           &st, nullptr) != SQLITE_OK) {
      return;
    }
    sqlite3_bind_text(st, 1, key.data(), static_cast<int>(key.size()), SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, e.etag.data(), static_cast<int>(e.etag.size()), SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, e.last_modified.data(), static_cast<int>(e.last_modified.size()), SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 4, e.fetched_at);
    sqlite3_bind_blob(st, 5, e.body.data(), static_cast<int>(e.body.size()), SQLITE_TRANSIENT);
    sqlite3_step(st);
    sqlite3_finalize(st);
  }

  void touch(const std::string& key, int64_t when) {
    std::lock_guard<std::mutex> lock(mu_);
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, "UPDATE documents SET fetched_at = ? WHERE key = ?", -1, &st, nullptr) != SQLITE_OK) return;
    sqlite3_bind_int64(st, 1, when);
    sqlite3_bind_text(st, 2, key.data(), static_cast<int>(key.size()), SQLITE_TRANSIENT);
    sqlite3_step(st);
    sqlite3_finalize(st);
  }

  void begin() { sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr); }
  void commit() { sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr); }

 private:
  explicit Cache(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  std::mutex mu_;
};

// ---- transfers ----

struct Transfer {
  std::string name, url, key;
  unsigned attempt = 0;
  std::optional<Cache::Entry> cached;
  std::chrono::steady_clock::time_point not_before;
  // filled by curl
  std::string body, etag, last_modified;
  char errbuf[CURL_ERROR_SIZE] = {0};
  curl_slist* headers = nullptr;
  CURL* easy = nullptr;
};

size_t on_body(char* p, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  constexpr size_t kMax = size_t(256) << 20;  // no package document is near this
  if (t->body.size() + size * n > kMax) return 0;
  t->body.append(p, size * n);
  return size * n;
}

size_t on_header(char* p, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  std::string_view h(p, size * n);
  auto value = [&](std::string_view name) -> std::optional<std::string> {
    if (h.size() <= name.size() || !std::equal(name.begin(), name.end(), h.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
        })) {
      return std::nullopt;
    }
    std::string_view v = h.substr(name.size());
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
    while (!v.empty() && (v.back() == '\r' || v.back() == '\n' || v.back() == ' ')) v.remove_suffix(1);
    return std::string(v);
  };
  if (h.rfind("HTTP/", 0) == 0) {  // a new response (after a redirect): forget the last one's headers
    t->etag.clear();
    t->last_modified.clear();
  }
  if (auto v = value("etag:")) t->etag = *v;
  if (auto v = value("last-modified:")) t->last_modified = *v;
  return size * n;
}

void setup(Transfer& t, const NpmConfig& cfg, const FetchOptions& o) {
  t.body.clear();
  t.etag.clear();
  t.last_modified.clear();
  t.errbuf[0] = 0;
  t.easy = curl_easy_init();
  CURL* c = t.easy;
  curl_easy_setopt(c, CURLOPT_URL, t.url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, std::min(o.timeout_seconds, 30L));
  curl_easy_setopt(c, CURLOPT_TIMEOUT, o.timeout_seconds);
  curl_easy_setopt(c, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2TLS);
  curl_easy_setopt(c, CURLOPT_PIPEWAIT, 1L);
  curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");  // gzip, deflate, br as built
  curl_easy_setopt(c, CURLOPT_USERAGENT, "vigil");
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, t.errbuf);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &t);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &t);
  curl_easy_setopt(c, CURLOPT_PRIVATE, &t);
  if (t.headers) curl_slist_free_all(t.headers);
  t.headers = nullptr;
  t.headers = curl_slist_append(t.headers, o.full ? "Accept: application/json"
                                                  : "Accept: application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*");
  std::string auth = cfg.authorization_for(t.url);
  if (!auth.empty()) t.headers = curl_slist_append(t.headers, ("Authorization: " + auth).c_str());
  if (t.cached && !t.cached->etag.empty()) t.headers = curl_slist_append(t.headers, ("If-None-Match: " + t.cached->etag).c_str());
  if (t.cached && !t.cached->last_modified.empty()) {
    t.headers = curl_slist_append(t.headers, ("If-Modified-Since: " + t.cached->last_modified).c_str());
  }
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, t.headers);
}

}  // namespace

Expected<Packument> parse_packument(std::string_view json, const std::string& display) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(json);
  simdjson::dom::element root;
  if (auto err = parser.parse(padded).get(root)) {
    return make_error(display, fmt::format("not a package document: malformed JSON ({})", simdjson::error_message(err)));
  }
  simdjson::dom::object obj;
  if (root.get_object().get(obj)) return make_error(display, "not a package document: not a JSON object");
  Packument p;
  std::string_view name;
  if (!obj["name"].get_string().get(name)) p.name = std::string(name);
  simdjson::dom::object tags;
  if (!obj["dist-tags"].get_object().get(tags)) {
    for (auto [k, v] : tags) {
      std::string_view s;
      if (!v.get_string().get(s)) p.dist_tags.emplace(std::string(k), std::string(s));
    }
  }
  simdjson::dom::object versions;
  if (obj["versions"].get_object().get(versions)) return make_error(display, "not a package document: no \"versions\" object");
  std::vector<std::pair<semver::Version, std::string>> sorted;
  for (auto [k, v] : versions) {
    auto ver = semver::parse(k);
    if (!ver) continue;
    sorted.emplace_back(*ver, std::string(k));
    std::string_view dep;
    if (!v["deprecated"].get_string().get(dep) && !dep.empty()) p.deprecated.emplace(std::string(k), std::string(dep));
  }
  std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return semver::compare(a.first, b.first) < 0; });
  for (auto& [v, s] : sorted) p.versions.push_back(std::move(s));
  simdjson::dom::object time;
  if (!obj["time"].get_object().get(time)) {
    for (auto [k, v] : time) {
      std::string_view s;
      if (k == "created" || k == "modified" || v.get_string().get(s)) continue;
      int64_t t = parse_iso_time(s);
      if (t >= 0) p.published.emplace(std::string(k), t);
    }
  }
  return p;
}

std::filesystem::path default_cache_path() {
  return cache_file("registry.db");
}

std::string packument_url(const NpmConfig& cfg, std::string_view package) {
  std::string url = cfg.registry_for(package);
  for (char c : package) {
    if (c == '/') url += "%2f";
    else url += c;
  }
  return url;
}

Expected<FetchResult> fetch(const std::vector<std::string>& names_in, const NpmConfig& cfg, const FetchOptions& o) {
  static std::once_flag curl_init;
  std::call_once(curl_init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  std::set<std::string> names(names_in.begin(), names_in.end());
  FetchResult result;
  result.stats.requested = names.size();
  std::unique_ptr<Cache> cache;
  if (!o.cache.empty()) {
    auto c = Cache::open(o.cache);
    if (!c) return c.error();
    cache = std::move(*c);
  }
  const int64_t now = o.now ? o.now : static_cast<int64_t>(std::time(nullptr));
  auto accept_doc = [&](const std::string& name, const std::string& body, const std::string& display) -> bool {
    auto p = parse_packument(body, display);
    if (!p) {
      result.failed[name] = p.error().message;
      return false;
    }
    result.documents[name] = std::move(*p);
    return true;
  };

  std::deque<std::unique_ptr<Transfer>> waiting;
  for (const auto& name : names) {
    auto t = std::make_unique<Transfer>();
    t->name = name;
    t->url = packument_url(cfg, name);
    t->key = t->url + (o.full ? "#full" : "#abbreviated");
    if (cache) t->cached = cache->get(t->key);
    if (t->cached && (o.offline || now - t->cached->fetched_at < o.ttl_seconds)) {
      if (accept_doc(name, t->cached->body, t->url + " (cached)")) ++result.stats.fresh_from_cache;
      continue;
    }
    if (o.offline) {
      result.failed[name] = "not in the cache (--offline)";
      continue;
    }
    waiting.push_back(std::move(t));
  }

  const size_t to_download = waiting.size();
  size_t downloaded_or_failed = 0;
  CURLM* multi = curl_multi_init();
  curl_multi_setopt(multi, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
  curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, static_cast<long>(std::max(1u, o.concurrency)));
  std::vector<std::unique_ptr<Transfer>> active;
  std::vector<std::pair<std::string, Cache::Entry>> to_store;
  auto finish = [&](Transfer& t, CURLcode code, long status) {
    curl_multi_remove_handle(multi, t.easy);
    curl_easy_cleanup(t.easy);
    t.easy = nullptr;
    bool transient = code != CURLE_OK || status >= 500 || status == 429;
    if (transient && t.attempt < o.retries) {
      ++t.attempt;
      ++result.stats.retries;
      t.not_before = std::chrono::steady_clock::now() + std::chrono::milliseconds(int64_t(o.backoff_ms) << (t.attempt - 1));
      return true;  // again
    }
    if (code == CURLE_OK && status == 304 && t.cached) {
      if (accept_doc(t.name, t.cached->body, t.url + " (cached)")) ++result.stats.not_modified;
      if (cache) cache->touch(t.key, now);
    } else if (code == CURLE_OK && status == 200) {
      if (accept_doc(t.name, t.body, t.url)) {
        ++result.stats.downloaded;
        to_store.emplace_back(t.key, Cache::Entry{t.etag, t.last_modified, std::move(t.body), now});
      }
    } else if (t.cached) {
      // The registry cannot answer now: the last copy is better than nothing (and said to be stale).
      if (accept_doc(t.name, t.cached->body, t.url + " (cached)")) ++result.stats.stale_from_cache;
    } else if (code != CURLE_OK) {
      result.failed[t.name] = fmt::format("{}", t.errbuf[0] ? t.errbuf : curl_easy_strerror(code));
    } else if (status == 404) {
      result.failed[t.name] = "404: not in the registry";
    } else {
      result.failed[t.name] = fmt::format("HTTP {}", status);
    }
    return false;
  };

  while (!waiting.empty() || !active.empty()) {
    auto clock = std::chrono::steady_clock::now();
    for (auto it = waiting.begin(); it != waiting.end() && active.size() < std::max(1u, o.concurrency);) {
      if ((*it)->not_before > clock) {
        ++it;
        continue;
      }
      setup(**it, cfg, o);
      curl_multi_add_handle(multi, (*it)->easy);
      active.push_back(std::move(*it));
      it = waiting.erase(it);
    }
    int running = 0;
    curl_multi_perform(multi, &running);
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi, &left)) {
      if (msg->msg != CURLMSG_DONE) continue;
      Transfer* tp = nullptr;
      curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &tp);
      long status = 0;
      curl_easy_getinfo(msg->easy_handle, CURLINFO_RESPONSE_CODE, &status);
      CURLcode code = msg->data.result;
      auto it = std::find_if(active.begin(), active.end(), [&](const auto& p) { return p.get() == tp; });
      std::unique_ptr<Transfer> t = std::move(*it);
      active.erase(it);
      if (finish(*t, code, status)) {
        waiting.push_back(std::move(t));
      } else {
        if (t->headers) curl_slist_free_all(t->headers);
        if (o.progress) o.progress(++downloaded_or_failed, to_download);
      }
    }
    if (!active.empty()) {
      curl_multi_poll(multi, nullptr, 0, 100, nullptr);
    } else if (!waiting.empty()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  curl_multi_cleanup(multi);
  if (cache && !to_store.empty()) {
    cache->begin();
    for (const auto& [key, e] : to_store) cache->put(key, e);
    cache->commit();
  }
  result.stats.failed = result.failed.size();
  return result;
}

Expected<FetchResult> fetch_inventory(const inventory::Inventory& inv, bool all, const FetchOptions& options) {
  std::map<std::string, std::pair<NpmConfig, std::set<std::string>>> groups;  // configuration -> names
  for (const auto& cb : inv.codebases) {
    auto cfg = load_npm_config(default_sources(cb.dir));
    if (!cfg) return cfg.error();
    std::string key = cfg->registry;
    for (const auto& [k, v] : cfg->settings) key += "\n" + k + "=" + v;
    auto& g = groups.try_emplace(key, *cfg, std::set<std::string>()).first->second;
    for (const auto& c : cb.components) {
      if (c.library() && (c.direct || all)) g.second.insert(c.pkg.name);
    }
  }
  FetchResult merged;
  for (const auto& [key, g] : groups) {
    auto r = fetch(std::vector<std::string>(g.second.begin(), g.second.end()), g.first, options);
    if (!r) return r.error();
    for (auto& [n, d] : r->documents) merged.documents.insert_or_assign(n, std::move(d));
    for (auto& [n, why] : r->failed) merged.failed.emplace(n, why);
    merged.stats.requested += r->stats.requested;
    merged.stats.fresh_from_cache += r->stats.fresh_from_cache;
    merged.stats.not_modified += r->stats.not_modified;
    merged.stats.downloaded += r->stats.downloaded;
    merged.stats.stale_from_cache += r->stats.stale_from_cache;
    merged.stats.retries += r->stats.retries;
  }
  merged.stats.failed = merged.failed.size();
  return merged;
}

}  // namespace vigil::registry
