// vigil vuln: the SQLite store — schema and migrations, update (one transaction), status,
// load_for and advisory().
//
// Tables (schema 1):
//   advisories(rowid, id UNIQUE, modified, published, withdrawn, summary, rating, brief)
//     brief = the compact encoding of severity vectors, aliases and related (osv.cpp).
//   raw(advisory, json, size)     the record as minified JSON, zlib-compressed (size = its length);
//     a table of its own, so that the rows load_for reads stay small and close together.
//   aliases(alias, advisory)      every alias of every record, indexed by alias.
//   affected(advisory, idx, ecosystem, name, ranges)
//     one row per affected[] entry; ranges = the compact encoding of its ranges, versions,
//     severity and vulnerable_versions, so that load_for never parses JSON. Indexed by name.
//   meta(key, value)              source, last_update.
// PRAGMA user_version is the schema version; migrations run in order inside one transaction.
#include <fmt/format.h>
#include <simdjson.h>
#include <sqlite3.h>
#include <zlib.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <cstdlib>
#include <ctime>
#include <unordered_map>

#include "core/file.h"
#include "vuln/internal.h"

namespace vigil::vuln {

namespace {

constexpr int kSchemaVersion = 1;

const char* const kMigrations[] = {
    // 0 -> 1
    R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE advisories(
  rowid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  modified TEXT NOT NULL,
  published TEXT NOT NULL,
  withdrawn TEXT NOT NULL,
  summary TEXT NOT NULL,
  rating INTEGER NOT NULL,
  brief BLOB NOT NULL);
CREATE TABLE raw(advisory INTEGER PRIMARY KEY, json BLOB NOT NULL, size INTEGER NOT NULL);
CREATE TABLE aliases(alias TEXT NOT NULL, advisory INTEGER NOT NULL);
CREATE INDEX aliases_by_alias ON aliases(alias);
CREATE INDEX aliases_by_advisory ON aliases(advisory);
CREATE TABLE affected(
  advisory INTEGER NOT NULL,
  idx INTEGER NOT NULL,
  ecosystem TEXT NOT NULL,
  name TEXT NOT NULL,
  ranges BLOB NOT NULL,
  PRIMARY KEY(advisory, idx)) WITHOUT ROWID;
CREATE INDEX affected_by_name ON affected(name, ecosystem);
)sql",
};
static_assert(sizeof(kMigrations) / sizeof(kMigrations[0]) == kSchemaVersion);

// A prepared statement; finalized on destruction.
class Stmt {
 public:
  Stmt() = default;
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  ~Stmt() { sqlite3_finalize(s_); }

  bool prepare(sqlite3* db, const char* sql) {
    sqlite3_finalize(s_);
    s_ = nullptr;
    return sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s_, nullptr) == SQLITE_OK;
  }
  sqlite3_stmt* get() const { return s_; }
  void reset() {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
  }
  void bind(int i, std::string_view text) { sqlite3_bind_text(s_, i, text.data(), static_cast<int>(text.size()), SQLITE_STATIC); }
  void bind_blob(int i, std::string_view b) { sqlite3_bind_blob(s_, i, b.data(), static_cast<int>(b.size()), SQLITE_STATIC); }
  void bind(int i, int64_t v) { sqlite3_bind_int64(s_, i, v); }
  int step() { return sqlite3_step(s_); }
  std::string_view text(int col) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s_, col));
    return p != nullptr ? std::string_view(p, static_cast<size_t>(sqlite3_column_bytes(s_, col))) : std::string_view();
  }
  std::string_view blob(int col) const {
    const auto* p = static_cast<const char*>(sqlite3_column_blob(s_, col));
    return p != nullptr ? std::string_view(p, static_cast<size_t>(sqlite3_column_bytes(s_, col))) : std::string_view();
  }
  int64_t integer(int col) const { return sqlite3_column_int64(s_, col); }

 private:
  sqlite3_stmt* s_ = nullptr;
};

Error db_error(sqlite3* db, const std::filesystem::path& path, std::string_view what) {
  return make_error(path.string(), fmt::format("{}: {}", what, db != nullptr ? sqlite3_errmsg(db) : "out of memory"));
}

bool exec(sqlite3* db, const char* sql) { return sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK; }

// zlib's deflate, its state kept between records: initialising it costs more than compressing
// a 3 KB record.
class Compressor {
 public:
  Compressor() { ok_ = deflateInit(&z_, 1) == Z_OK; }
  ~Compressor() {
    if (ok_) deflateEnd(&z_);
  }
  Compressor(const Compressor&) = delete;
  Compressor& operator=(const Compressor&) = delete;

  // False when zlib fails (out of memory).
  bool compress(const std::string& in, std::string& out) {
    if (!ok_ || deflateReset(&z_) != Z_OK) return false;
    out.resize(deflateBound(&z_, static_cast<uLong>(in.size())));
    z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z_.avail_in = static_cast<uInt>(in.size());
    z_.next_out = reinterpret_cast<Bytef*>(out.data());
    z_.avail_out = static_cast<uInt>(out.size());
    if (deflate(&z_, Z_FINISH) != Z_STREAM_END) return false;
    out.resize(z_.total_out);
    return true;
  }

 private:
  z_stream z_{};
  bool ok_ = false;
};

bool decompress(std::string_view in, size_t size, std::string& out) {
  out.assign(size + simdjson::SIMDJSON_PADDING, '\0');
  uLongf got = static_cast<uLongf>(size);
  if (uncompress(reinterpret_cast<Bytef*>(out.data()), &got, reinterpret_cast<const Bytef*>(in.data()),
                 static_cast<uLong>(in.size())) != Z_OK ||
      got != size) {
    return false;
  }
  return true;
}

std::string meta_value(sqlite3* db, const char* key) {
  Stmt s;
  if (!s.prepare(db, "SELECT value FROM meta WHERE key = ?1")) return {};
  s.bind(1, std::string_view(key));
  if (s.step() == SQLITE_ROW) return std::string(s.text(0));
  return {};
}

}  // namespace

std::filesystem::path default_database_path() {
  return cache_file("vuln.db");
}

Database::Database(sqlite3* db, std::filesystem::path path, OpenMode mode) : db_(db), path_(std::move(path)), mode_(mode) {}

Database::Database(Database&& o) noexcept : db_(o.db_), path_(std::move(o.path_)), mode_(o.mode_) { o.db_ = nullptr; }

namespace {

// Closes a connection. A writer leaves the file in rollback-journal mode (WAL is used only while
// it writes): readers then open it without creating -wal and -shm files, also in a folder they
// cannot write to. When another connection still has it open the switch is refused; harmless.
void close_connection(sqlite3* db, OpenMode mode) {
  if (db != nullptr && mode == OpenMode::ReadWrite) {
    sqlite3_exec(db, "PRAGMA journal_mode=DELETE", nullptr, nullptr, nullptr);
  }
  sqlite3_close_v2(db);
}

}  // namespace

Database& Database::operator=(Database&& o) noexcept {
  if (this != &o) {
    close_connection(db_, mode_);
    db_ = o.db_;
    path_ = std::move(o.path_);
    mode_ = o.mode_;
    o.db_ = nullptr;
  }
  return *this;
}

Database::~Database() { close_connection(db_, mode_); }

Expected<Database> Database::open(const std::filesystem::path& path, OpenMode mode) {
  std::error_code ec;
  if (mode == OpenMode::ReadWrite && path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
  if (mode == OpenMode::ReadOnly && !std::filesystem::exists(path, ec)) {
    return make_error(path.string(), "no vulnerability database here; fill it with `vigil db update --from PATH|URL`");
  }
  sqlite3* raw = nullptr;
  const int flags = mode == OpenMode::ReadWrite ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  Database db(raw, path, mode);
  if (rc != SQLITE_OK) return db_error(raw, path, "cannot open the database");
  sqlite3_busy_timeout(raw, 10000);
  exec(raw, "PRAGMA mmap_size = 1073741824");  // reads without a read() per page; a hint, may be refused
  sqlite3_extended_result_codes(raw, 1);
  Stmt v;
  if (!v.prepare(raw, "PRAGMA user_version") || v.step() != SQLITE_ROW) {
    return db_error(raw, path, "not a vulnerability database (cannot read its schema version)");
  }
  const int version = static_cast<int>(v.integer(0));
  v.reset();
  if (version > kSchemaVersion) {
    return make_error(path.string(), fmt::format("the database has schema {}, newer than this vigil's {}; update vigil",
                                                 version, kSchemaVersion));
  }
  if (mode == OpenMode::ReadOnly) {
    if (version < kSchemaVersion) {
      return make_error(path.string(), fmt::format("the database has schema {}; run `vigil db update` to migrate it to {}",
                                                   version, kSchemaVersion));
    }
    return db;
  }
  if (!exec(raw, "PRAGMA journal_mode=WAL") || !exec(raw, "PRAGMA synchronous=NORMAL")) {
    return db_error(raw, path, "cannot configure the database");
  }
  if (version < kSchemaVersion) {
    if (!exec(raw, "BEGIN IMMEDIATE")) return db_error(raw, path, "cannot start the schema migration");
    for (int i = version; i < kSchemaVersion; ++i) {
      if (!exec(raw, kMigrations[i])) {
        Error e = db_error(raw, path, fmt::format("cannot migrate the schema to {}", i + 1));
        exec(raw, "ROLLBACK");
        return e;
      }
    }
    if (!exec(raw, fmt::format("PRAGMA user_version = {}", kSchemaVersion).c_str()) || !exec(raw, "COMMIT")) {
      Error e = db_error(raw, path, "cannot finish the schema migration");
      exec(raw, "ROLLBACK");
      return e;
    }
  }
  return db;
}

// ---- update ------------------------------------------------------------------------------------
//
// Two threads: a reader (inflate, parse, validate, minify, compress, encode: everything that does
// not touch SQLite) hands batches of ready rows to the calling thread, which writes them in one
// transaction. On two cores the zip and zlib work then overlaps SQLite's.

namespace {

struct Known {
  int64_t rowid;
  std::string modified;
};

// One record as the reader hands it over.
struct Prepared {
  bool valid = false;
  bool unchanged = false;  // same `modified` as stored before this update
  bool withdrawn = false;
  Error error;             // !valid
  std::string id, modified, published, withdrawn_at, summary, brief, raw;
  int64_t rating = 0;
  int64_t raw_size = 0;
  std::vector<std::string> aliases;
  struct Row {
    int64_t idx;
    std::string ecosystem, name, ranges;
  };
  std::vector<Row> affected;
  std::vector<Error> warnings;
};

// A bounded queue of batches between the reader and the writer.
class Pipe {
 public:
  // Blocks while full; false when the writer has stopped.
  bool push(std::vector<Prepared> batch) {
    std::unique_lock<std::mutex> lock(mu_);
    room_.wait(lock, [&] { return queue_.size() < kDepth || stopped_; });
    if (stopped_) return false;
    queue_.push_back(std::move(batch));
    ready_.notify_one();
    return true;
  }
  // The reader is done; `status` is how it ended.
  void close(Status status) {
    std::lock_guard<std::mutex> lock(mu_);
    closed_ = true;
    status_ = std::move(status);
    ready_.notify_one();
  }
  // The writer gives up: the reader stops at its next push.
  void stop() {
    std::lock_guard<std::mutex> lock(mu_);
    stopped_ = true;
    room_.notify_all();
  }
  // The next batch, or false when the reader closed and everything was taken.
  bool pop(std::vector<Prepared>& out) {
    std::unique_lock<std::mutex> lock(mu_);
    ready_.wait(lock, [&] { return !queue_.empty() || closed_; });
    if (queue_.empty()) return false;
    out = std::move(queue_.front());
    queue_.pop_front();
    room_.notify_one();
    return true;
  }
  const Status& status() const { return status_; }  // after pop() returned false

 private:
  static constexpr size_t kDepth = 8;
  std::mutex mu_;
  std::condition_variable ready_, room_;
  std::deque<std::vector<Prepared>> queue_;
  bool closed_ = false, stopped_ = false;
  Status status_;
};

// The reader's side: turns record text into Prepared rows.
class Preparer {
 public:
  explicit Preparer(const std::unordered_map<std::string, Known>& before) : before_(before) {}

  Prepared prepare(const char* data, size_t len, size_t capacity, const std::string& origin) {
    Prepared p;
    auto parsed = detail::parse_record(data, len, capacity, origin, &minified_);
    if (!parsed) {
      p.error = parsed.error();
      return p;
    }
    Advisory& a = *parsed;
    p.valid = true;
    p.withdrawn = !a.withdrawn.empty();
    auto it = before_.find(a.id);
    p.unchanged = it != before_.end() && it->second.modified == a.modified;
    if (!p.unchanged) detail::check_ranges(a, origin, p.warnings);
    p.id = std::move(a.id);
    p.modified = std::move(a.modified);
    if (p.unchanged) return p;
    if (!compressor_.compress(minified_, p.raw)) {
      p.valid = false;
      p.error = make_error(origin, "cannot compress the record (out of memory)");
      return p;
    }
    p.raw_size = static_cast<int64_t>(minified_.size());
    p.brief = detail::encode_brief(a);
    p.published = std::move(a.published);
    p.withdrawn_at = std::move(a.withdrawn);
    p.summary = std::move(a.summary);
    p.rating = static_cast<int64_t>(a.rating);
    p.aliases = std::move(a.aliases);
    for (const auto& e : a.affected) p.affected.push_back({static_cast<int64_t>(e.index), e.ecosystem, e.name, detail::encode_affected(e)});
    return p;
  }

 private:
  const std::unordered_map<std::string, Known>& before_;
  Compressor compressor_;
  std::string minified_;
};

// The writer's side: the statements of one update.
struct Writer {
  explicit Writer(sqlite3* d) : db(d) {}
  sqlite3* db;
  Stmt insert_advisory, update_advisory, put_raw, delete_aliases, delete_affected, insert_alias, insert_affected;

  bool prepare() {
    return insert_advisory.prepare(db,
                                   "INSERT INTO advisories(id, modified, published, withdrawn, summary, rating, brief) "
                                   "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)") &&
           update_advisory.prepare(db,
                                   "UPDATE advisories SET modified = ?2, published = ?3, withdrawn = ?4, summary = ?5, rating = ?6, "
                                   "brief = ?7 WHERE rowid = ?1") &&
           put_raw.prepare(db, "INSERT OR REPLACE INTO raw(advisory, json, size) VALUES(?1, ?2, ?3)") &&
           delete_aliases.prepare(db, "DELETE FROM aliases WHERE advisory = ?1") &&
           delete_affected.prepare(db, "DELETE FROM affected WHERE advisory = ?1") &&
           insert_alias.prepare(db, "INSERT INTO aliases(alias, advisory) VALUES(?1, ?2)") &&
           insert_affected.prepare(db, "INSERT OR REPLACE INTO affected(advisory, idx, ecosystem, name, ranges) VALUES(?1, ?2, ?3, ?4, ?5)");
  }

  static bool load_known(sqlite3* db, std::unordered_map<std::string, Known>& out) {
    Stmt s;
    if (!s.prepare(db, "SELECT id, rowid, modified FROM advisories")) return false;
    int rc;
    while ((rc = s.step()) == SQLITE_ROW) out.emplace(std::string(s.text(0)), Known{s.integer(1), std::string(s.text(2))});
    return rc == SQLITE_DONE;
  }

  // Writes one record over `existing` (a rowid), or as a new one when 0; returns its rowid or 0.
  int64_t put(const Prepared& p, int64_t existing) {
    Stmt& s = existing != 0 ? update_advisory : insert_advisory;
    s.reset();
    // ?1 is the id (INSERT) or the rowid (UPDATE); the other columns follow in the same order.
    if (existing != 0) {
      s.bind(1, existing);
    } else {
      s.bind(1, p.id);
    }
    s.bind(2, p.modified);
    s.bind(3, p.published);
    s.bind(4, p.withdrawn_at);
    s.bind(5, p.summary);
    s.bind(6, p.rating);
    s.bind_blob(7, p.brief);
    if (s.step() != SQLITE_DONE) return 0;
    const int64_t rowid = existing != 0 ? existing : sqlite3_last_insert_rowid(db);
    put_raw.reset();
    put_raw.bind(1, rowid);
    put_raw.bind_blob(2, p.raw);
    put_raw.bind(3, p.raw_size);
    if (put_raw.step() != SQLITE_DONE) return 0;
    if (existing != 0) {
      delete_aliases.reset();
      delete_aliases.bind(1, existing);
      delete_affected.reset();
      delete_affected.bind(1, existing);
      if (delete_aliases.step() != SQLITE_DONE || delete_affected.step() != SQLITE_DONE) return 0;
    }
    for (const auto& al : p.aliases) {
      insert_alias.reset();
      insert_alias.bind(1, al);
      insert_alias.bind(2, rowid);
      if (insert_alias.step() != SQLITE_DONE) return 0;
    }
    for (const auto& row : p.affected) {
      insert_affected.reset();
      insert_affected.bind(1, rowid);
      insert_affected.bind(2, row.idx);
      insert_affected.bind(3, row.ecosystem);
      insert_affected.bind(4, row.name);
      insert_affected.bind_blob(5, row.ranges);
      if (insert_affected.step() != SQLITE_DONE) return 0;
    }
    return rowid;
  }
};

}  // namespace

Expected<UpdateReport> Database::update(const Source& source, const UpdateOptions& options) {
  if (db_ == nullptr) return make_error(path_.string(), "the database is closed");
  if (mode_ != OpenMode::ReadWrite) return make_error(path_.string(), "the database was opened read-only");

  // A URL is downloaded first, next to the database, so that a failed download changes nothing.
  std::filesystem::path local;
  const std::string display = source.location;
  struct Remove {
    std::filesystem::path p;
    ~Remove() {
      std::error_code ec;
      if (!p.empty()) std::filesystem::remove(p, ec);
    }
  } downloaded;
  std::string recorded;
  if (source.is_url) {
    const uint64_t max_download = std::max<uint64_t>(options.limits.max_total_bytes, options.limits.max_entry_bytes);
    auto got = detail::download(source.location, path_.has_parent_path() ? path_.parent_path() : std::filesystem::path("."),
                                options.allow_http, max_download);
    if (!got) return got.error();
    local = *got;
    downloaded.p = local;
    recorded = source.location;
  } else {
    local = source.location;
    std::error_code ec;
    auto abs = std::filesystem::absolute(local, ec);
    recorded = ec ? source.location : abs.lexically_normal().string();
  }

  if (!exec(db_, "BEGIN IMMEDIATE")) return db_error(db_, path_, "cannot start the update");
  struct Rollback {
    sqlite3* db;
    bool done = false;
    ~Rollback() {
      if (!done) exec(db, "ROLLBACK");
    }
  } rollback{db_};

  std::unordered_map<std::string, Known> before;  // read-only once the reader runs
  Writer w(db_);
  if (!w.prepare() || !Writer::load_known(db_, before)) return db_error(db_, path_, "cannot read the database");

  Pipe pipe;
  std::thread reader([&] {
    Preparer prep(before);
    constexpr size_t kBatch = 256;
    std::vector<Prepared> batch;
    auto sink = [&](const char* data, size_t len, size_t capacity, const std::string& origin) -> Status {
      batch.push_back(prep.prepare(data, len, capacity, origin));
      if (batch.size() >= kBatch) {
        if (!pipe.push(std::move(batch))) return make_error(display, "stopped");
        batch.clear();
      }
      return {};
    };
    Status s = detail::read_local(local, display, options.limits, sink);
    if (s && !batch.empty() && !pipe.push(std::move(batch))) s = make_error(display, "stopped");
    pipe.close(std::move(s));
  });

  UpdateReport report;
  std::unordered_map<std::string, Known> written;  // ids written by this update
  std::optional<Error> failure;
  std::vector<Prepared> batch;
  while (!failure && pipe.pop(batch)) {
    for (Prepared& p : batch) {
      ++report.read;
      if (!p.valid) {
        ++report.skipped_invalid;
        report.warnings.push_back(std::move(p.error));
      } else {
        if (p.withdrawn) ++report.withdrawn;
        auto wit = written.find(p.id);
        const Known* known = nullptr;
        if (wit != written.end()) {
          known = &wit->second;
        } else if (auto bit = before.find(p.id); bit != before.end()) {
          known = &bit->second;
        }
        if (p.unchanged || (known != nullptr && known->modified == p.modified)) {
          ++report.unchanged;
        } else {
          for (auto& e : p.warnings) report.warnings.push_back(std::move(e));
          const int64_t existing = known != nullptr ? known->rowid : 0;
          const int64_t rowid = w.put(p, existing);
          if (rowid == 0) {
            failure = db_error(db_, path_, fmt::format("cannot store {}", p.id));
            break;
          }
          ++(existing != 0 ? report.updated : report.inserted);
          written[p.id] = Known{rowid, p.modified};
        }
      }
      if (options.progress && !options.progress(report)) {
        failure = make_error(display, "the update was cancelled; the database is unchanged");
        break;
      }
    }
  }
  pipe.stop();
  while (pipe.pop(batch)) {
  }
  reader.join();
  if (failure) return *failure;
  if (!pipe.status()) {
    Error e = pipe.status().error();
    e.message += "; the database is unchanged";
    return e;
  }

  const int64_t now = options.now != 0 ? options.now : static_cast<int64_t>(std::time(nullptr));
  Stmt meta;
  if (!meta.prepare(db_, "INSERT OR REPLACE INTO meta(key, value) VALUES(?1, ?2)")) return db_error(db_, path_, "cannot record the update");
  const std::string now_text = std::to_string(now);
  for (auto [k, v] : {std::pair<std::string_view, std::string_view>{"source", recorded}, {"last_update", now_text}}) {
    meta.reset();
    meta.bind(1, k);
    meta.bind(2, v);
    if (meta.step() != SQLITE_DONE) return db_error(db_, path_, "cannot record the update");
  }
  if (!exec(db_, "COMMIT")) return db_error(db_, path_, "cannot commit the update");
  rollback.done = true;
  return report;
}

// ---- reading -----------------------------------------------------------------------------------

Expected<DatabaseStatus> Database::status() const {
  if (db_ == nullptr) return make_error(path_.string(), "the database is closed");
  DatabaseStatus st;
  Stmt s;
  if (!s.prepare(db_, "SELECT count(*), count(NULLIF(withdrawn, '')), coalesce(max(modified), '') FROM advisories") ||
      s.step() != SQLITE_ROW) {
    return db_error(db_, path_, "cannot read the database");
  }
  st.records = static_cast<uint64_t>(s.integer(0));
  st.withdrawn = static_cast<uint64_t>(s.integer(1));
  st.newest_modified = std::string(s.text(2));
  Stmt p;
  if (!p.prepare(db_, "SELECT count(*) FROM (SELECT DISTINCT name, ecosystem FROM affected)") || p.step() != SQLITE_ROW) {
    return db_error(db_, path_, "cannot read the database");
  }
  st.packages = static_cast<uint64_t>(p.integer(0));
  st.source = meta_value(db_, "source");
  st.last_update = std::strtoll(meta_value(db_, "last_update").c_str(), nullptr, 10);
  Stmt v;
  if (v.prepare(db_, "PRAGMA user_version") && v.step() == SQLITE_ROW) st.schema_version = static_cast<int>(v.integer(0));
  return st;
}

Expected<AdvisoryIndex> Database::load_for(const std::vector<std::string>& package_names) const {
  if (db_ == nullptr) return make_error(path_.string(), "the database is closed");
  constexpr size_t kBatch = 500;
  std::vector<std::string_view> names(package_names.begin(), package_names.end());
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());

  std::vector<Advisory> advisories;
  std::unordered_map<int64_t, size_t> slot;  // advisory rowid -> advisories[]
  advisories.reserve(names.size() * 2);
  slot.reserve(names.size() * 2);
  Stmt s;
  size_t prepared_for = 0;
  for (size_t at = 0; at < names.size(); at += kBatch) {
    const size_t n = std::min(kBatch, names.size() - at);
    if (n != prepared_for) {
      std::string sql =
          "SELECT f.advisory, f.name, f.ranges, a.id, a.modified, a.published, a.summary, a.rating, a.brief "
          "FROM affected f JOIN advisories a ON a.rowid = f.advisory "
          "WHERE f.ecosystem = 'npm' AND a.withdrawn = '' AND f.name IN (";
      for (size_t i = 0; i < n; ++i) sql += i == 0 ? "?" : ",?";
      sql += ")";
      if (!s.prepare(db_, sql.c_str())) return db_error(db_, path_, "cannot read the database");
      prepared_for = n;
    }
    s.reset();
    for (size_t i = 0; i < n; ++i) s.bind(static_cast<int>(i + 1), names[at + i]);
    int rc;
    while ((rc = s.step()) == SQLITE_ROW) {
      const int64_t rowid = s.integer(0);
      auto [it, fresh] = slot.emplace(rowid, advisories.size());
      if (fresh) {
        Advisory a;
        a.id = s.text(3);
        a.modified = s.text(4);
        a.published = s.text(5);
        a.summary = s.text(6);
        const int64_t rating = s.integer(7);
        a.rating = rating >= 0 && rating <= static_cast<int64_t>(Severity::Critical) ? static_cast<Severity>(rating) : Severity::Unknown;
        if (!detail::decode_brief(s.blob(8), a)) return make_error(path_.string(), fmt::format("record {} is damaged", a.id));
        advisories.push_back(std::move(a));
      }
      Advisory& a = advisories[it->second];
      AffectedPackage p;
      p.ecosystem = "npm";
      p.name = s.text(1);
      if (!detail::decode_affected(s.blob(2), p)) return make_error(path_.string(), fmt::format("record {} is damaged", a.id));
      a.affected.push_back(std::move(p));
    }
    if (rc != SQLITE_DONE) return db_error(db_, path_, "cannot read the database");
  }
  for (auto& a : advisories) {
    std::sort(a.affected.begin(), a.affected.end(),
              [](const AffectedPackage& x, const AffectedPackage& y) { return x.index < y.index; });
  }
  return AdvisoryIndex::build(std::move(advisories));
}

Expected<std::optional<Advisory>> Database::advisory(const std::string& id) const {
  if (db_ == nullptr) return make_error(path_.string(), "the database is closed");
  Stmt s;
  if (!s.prepare(db_, "SELECT a.id, r.json, r.size FROM advisories a JOIN raw r ON r.advisory = a.rowid WHERE a.id = ?1")) return db_error(db_, path_, "cannot read the database");
  s.bind(1, std::string_view(id));
  int rc = s.step();
  if (rc == SQLITE_DONE) {
    // An alias: the best-named record carrying it.
    if (!s.prepare(db_,
                   "SELECT a.id, r.json, r.size FROM aliases l JOIN advisories a ON a.rowid = l.advisory "
                   "JOIN raw r ON r.advisory = a.rowid WHERE l.alias = ?1")) {
      return db_error(db_, path_, "cannot read the database");
    }
    s.bind(1, std::string_view(id));
    std::string best_id, best_raw;
    int64_t best_size = 0;
    while ((rc = s.step()) == SQLITE_ROW) {
      std::string cand(s.text(0));
      if (best_id.empty() || id_before(cand, best_id)) {
        best_id = cand;
        best_raw = std::string(s.blob(1));
        best_size = s.integer(2);
      }
    }
    if (rc != SQLITE_DONE) return db_error(db_, path_, "cannot read the database");
    if (best_id.empty()) return std::optional<Advisory>();
    std::string json;
    if (!decompress(best_raw, static_cast<size_t>(best_size), json)) {
      return make_error(path_.string(), fmt::format("record {} is damaged", best_id));
    }
    auto a = detail::parse_record(json.data(), static_cast<size_t>(best_size), json.size(), path_.string() + ":" + best_id, nullptr);
    if (!a) return a.error();
    return std::optional<Advisory>(std::move(*a));
  }
  if (rc != SQLITE_ROW) return db_error(db_, path_, "cannot read the database");
  std::string json;
  const auto size = static_cast<size_t>(s.integer(2));
  if (!decompress(s.blob(1), size, json)) return make_error(path_.string(), fmt::format("record {} is damaged", id));
  auto a = detail::parse_record(json.data(), size, json.size(), path_.string() + ":" + id, nullptr);
  if (!a) return a.error();
  return std::optional<Advisory>(std::move(*a));
}

Expected<std::vector<std::string>> Database::advisories_for(const std::string& package) const {
  if (db_ == nullptr) return make_error(path_.string(), "the database is closed");
  Stmt s;
  if (!s.prepare(db_,
                 "SELECT DISTINCT a.id FROM affected f JOIN advisories a ON a.rowid = f.advisory "
                 "WHERE f.ecosystem = 'npm' AND f.name = ?1 ORDER BY a.id")) {
    return db_error(db_, path_, "cannot read the database");
  }
  s.bind(1, std::string_view(package));
  std::vector<std::string> out;
  int rc;
  while ((rc = s.step()) == SQLITE_ROW) out.emplace_back(s.text(0));
  if (rc != SQLITE_DONE) return db_error(db_, path_, "cannot read the database");
  return out;
}

}  // namespace vigil::vuln
