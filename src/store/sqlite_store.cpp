// The SQLite store: versioned schema, one transaction per baseline.
#include <sqlite3.h>

#include <cstdlib>

#include <fmt/format.h>

#include "store/internal.h"

namespace vigil::store {

namespace {

// Schema migrations: kMigrations[i] takes user_version i to i + 1.
const char* const kMigrations[] = {
    R"SQL(
CREATE TABLE baselines(
  id INTEGER PRIMARY KEY,
  label TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  tool_version TEXT NOT NULL);
CREATE TABLE codebases(
  baseline INTEGER NOT NULL REFERENCES baselines(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  PRIMARY KEY (baseline, name));
CREATE TABLE libraries(
  baseline INTEGER NOT NULL REFERENCES baselines(id) ON DELETE CASCADE,
  codebase TEXT NOT NULL, name TEXT NOT NULL, version TEXT NOT NULL,
  direct INTEGER NOT NULL, scope TEXT NOT NULL,
  license TEXT NOT NULL, license_verdict TEXT NOT NULL,
  latest TEXT NOT NULL, behind TEXT NOT NULL, outdated INTEGER NOT NULL, deprecated TEXT NOT NULL);
CREATE INDEX libraries_by_baseline ON libraries(baseline, codebase, name, version);
CREATE TABLE vulnerabilities(
  baseline INTEGER NOT NULL REFERENCES baselines(id) ON DELETE CASCADE,
  codebase TEXT NOT NULL, id TEXT NOT NULL, package TEXT NOT NULL, version TEXT NOT NULL,
  severity TEXT NOT NULL, score REAL, direct INTEGER NOT NULL, suppressed INTEGER NOT NULL,
  fixed_version TEXT NOT NULL, fix TEXT NOT NULL);
CREATE INDEX vulnerabilities_by_baseline ON vulnerabilities(baseline, codebase, id, package, version);
)SQL",
};
constexpr int kSchemaVersion = static_cast<int>(sizeof kMigrations / sizeof kMigrations[0]);

class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) { ok_ = sqlite3_prepare_v2(db, sql, -1, &st_, nullptr) == SQLITE_OK; }
  ~Stmt() { sqlite3_finalize(st_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  bool ok() const { return ok_; }
  Stmt& text(int i, const std::string& s) {
    sqlite3_bind_text(st_, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& integer(int i, int64_t v) {
    sqlite3_bind_int64(st_, i, v);
    return *this;
  }
  Stmt& real(int i, std::optional<double> v) {
    if (v) sqlite3_bind_double(st_, i, *v);
    else sqlite3_bind_null(st_, i);
    return *this;
  }
  int step() { return sqlite3_step(st_); }
  void reset() {
    sqlite3_reset(st_);
    sqlite3_clear_bindings(st_);
  }
  std::string col_text(int i) const {
    const unsigned char* t = sqlite3_column_text(st_, i);
    return t ? reinterpret_cast<const char*>(t) : "";
  }
  int64_t col_int(int i) const { return sqlite3_column_int64(st_, i); }
  std::optional<double> col_real(int i) const {
    if (sqlite3_column_type(st_, i) == SQLITE_NULL) return std::nullopt;
    return sqlite3_column_double(st_, i);
  }

 private:
  sqlite3_stmt* st_ = nullptr;
  bool ok_ = false;
};

class SqliteStore final : public Store {
 public:
  SqliteStore(sqlite3* db, std::string file) : db_(db), file_(std::move(file)) {}
  ~SqliteStore() override { sqlite3_close(db_); }
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  std::string describe() const override { return file_; }

  Status exec(const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
      std::string m = err ? err : sqlite3_errmsg(db_);
      sqlite3_free(err);
      return make_error(file_, m);
    }
    return {};
  }

  Status migrate() {
    if (auto st = exec("PRAGMA foreign_keys = ON"); !st) return st;
    Stmt v(db_, "PRAGMA user_version");
    if (!v.ok() || v.step() != SQLITE_ROW) return make_error(file_, fmt::format("not a vigil baseline store: {}", sqlite3_errmsg(db_)));
    int version = static_cast<int>(v.col_int(0));
    if (version > kSchemaVersion) {
      return make_error(file_, fmt::format("the store's schema is version {}, newer than this vigil knows ({}): upgrade vigil", version,
                                           kSchemaVersion));
    }
    if (version == kSchemaVersion) return {};
    if (auto st = exec("BEGIN IMMEDIATE"); !st) return st;
    for (int i = version; i < kSchemaVersion; ++i) {
      if (auto st = exec(kMigrations[i]); !st) {
        (void)exec("ROLLBACK");
        return make_error(file_, fmt::format("cannot migrate the store to schema {}: {}", i + 1, st.error().message));
      }
    }
    if (auto st = exec(fmt::format("PRAGMA user_version = {}", kSchemaVersion).c_str()); !st) {
      (void)exec("ROLLBACK");
      return st;
    }
    return exec("COMMIT");
  }

  Status write(const Baseline& b, bool replace) override {
    if (auto st = exec("BEGIN IMMEDIATE"); !st) return st;
    auto fail = [&](const std::string& what) -> Status {
      std::string m = fmt::format("{}: {}", what, sqlite3_errmsg(db_));
      (void)exec("ROLLBACK");
      return make_error(file_, m);
    };
    {
      Stmt find(db_, "SELECT id FROM baselines WHERE label = ?");
      find.text(1, b.label);
      if (find.step() == SQLITE_ROW) {
        if (!replace) {
          (void)exec("ROLLBACK");
          return make_error(file_, fmt::format("a baseline labeled \"{}\" is already stored (--replace overwrites it)", b.label));
        }
        Stmt del(db_, "DELETE FROM baselines WHERE id = ?");
        del.integer(1, find.col_int(0));
        if (del.step() != SQLITE_DONE) return fail("cannot replace the baseline");
      }
    }
    Stmt ins(db_, "INSERT INTO baselines(label, created_at, tool_version) VALUES (?, ?, ?)");
    ins.text(1, b.label).integer(2, b.created_at).text(3, b.tool_version);
    if (ins.step() != SQLITE_DONE) return fail("cannot write the baseline");
    int64_t id = sqlite3_last_insert_rowid(db_);
    Stmt cb(db_, "INSERT INTO codebases(baseline, name) VALUES (?, ?)");
    for (const auto& c : b.codebases) {
      cb.integer(1, id).text(2, c);
      if (cb.step() != SQLITE_DONE) return fail("cannot write a codebase");
      cb.reset();
    }
    Stmt lib(db_,
             "INSERT INTO libraries(baseline, codebase, name, version, direct, scope, license, license_verdict, latest, behind, outdated, "
             "deprecated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    for (const auto& l : b.libraries) {
      lib.integer(1, id).text(2, l.codebase).text(3, l.name).text(4, l.version).integer(5, l.direct).text(6, l.scope).text(7, l.license);
      lib.text(8, l.license_verdict).text(9, l.latest).text(10, l.behind).integer(11, l.outdated).text(12, l.deprecated);
      if (lib.step() != SQLITE_DONE) return fail("cannot write a library");
      lib.reset();
    }
    Stmt vul(db_,
             "INSERT INTO vulnerabilities(baseline, codebase, id, package, version, severity, score, direct, suppressed, fixed_version, fix) "
             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    for (const auto& v : b.vulnerabilities) {
      vul.integer(1, id).text(2, v.codebase).text(3, v.id).text(4, v.package).text(5, v.version).text(6, v.severity).real(7, v.score);
      vul.integer(8, v.direct).integer(9, v.suppressed).text(10, v.fixed_version).text(11, v.fix);
      if (vul.step() != SQLITE_DONE) return fail("cannot write a vulnerability");
      vul.reset();
    }
    if (auto st = exec("COMMIT"); !st) return fail("cannot commit the baseline");
    return {};
  }

  Expected<std::vector<BaselineInfo>> list() override {
    Stmt q(db_,
           "SELECT b.label, b.created_at,"
           " (SELECT COUNT(*) FROM codebases c WHERE c.baseline = b.id),"
           " (SELECT COUNT(*) FROM (SELECT DISTINCT name, version FROM libraries l WHERE l.baseline = b.id)),"
           " (SELECT COUNT(*) FROM vulnerabilities v WHERE v.baseline = b.id AND v.suppressed = 0)"
           " FROM baselines b ORDER BY b.created_at, b.label");
    if (!q.ok()) return make_error(file_, sqlite3_errmsg(db_));
    std::vector<BaselineInfo> out;
    int rc;
    while ((rc = q.step()) == SQLITE_ROW) {
      out.push_back({q.col_text(0), q.col_int(1), static_cast<size_t>(q.col_int(2)), static_cast<size_t>(q.col_int(3)),
                     static_cast<size_t>(q.col_int(4))});
    }
    if (rc != SQLITE_DONE) return make_error(file_, sqlite3_errmsg(db_));
    return out;
  }

  Expected<Baseline> read(const std::string& label) override {
    Baseline b;
    Stmt q(db_, "SELECT id, label, created_at, tool_version FROM baselines WHERE label = ?");
    q.text(1, label);
    if (q.step() != SQLITE_ROW) return make_error(file_, fmt::format("no baseline labeled \"{}\" (vigil baselines list shows them)", label));
    int64_t id = q.col_int(0);
    b.label = q.col_text(1);
    b.created_at = q.col_int(2);
    b.tool_version = q.col_text(3);
    Stmt c(db_, "SELECT name FROM codebases WHERE baseline = ? ORDER BY name");
    c.integer(1, id);
    while (c.step() == SQLITE_ROW) b.codebases.push_back(c.col_text(0));
    Stmt l(db_,
           "SELECT codebase, name, version, direct, scope, license, license_verdict, latest, behind, outdated, deprecated FROM libraries "
           "WHERE baseline = ? ORDER BY codebase, name, version");
    l.integer(1, id);
    while (l.step() == SQLITE_ROW) {
      LibraryRow r;
      r.codebase = l.col_text(0);
      r.name = l.col_text(1);
      r.version = l.col_text(2);
      r.direct = l.col_int(3) != 0;
      r.scope = l.col_text(4);
      r.license = l.col_text(5);
      r.license_verdict = l.col_text(6);
      r.latest = l.col_text(7);
      r.behind = l.col_text(8);
      r.outdated = l.col_int(9) != 0;
      r.deprecated = l.col_text(10);
      b.libraries.push_back(std::move(r));
    }
    Stmt v(db_,
           "SELECT codebase, id, package, version, severity, score, direct, suppressed, fixed_version, fix FROM vulnerabilities "
           "WHERE baseline = ? ORDER BY codebase, id, package, version");
    v.integer(1, id);
    while (v.step() == SQLITE_ROW) {
      VulnerabilityRow r;
      r.codebase = v.col_text(0);
      r.id = v.col_text(1);
      r.package = v.col_text(2);
      r.version = v.col_text(3);
      r.severity = v.col_text(4);
      r.score = v.col_real(5);
      r.direct = v.col_int(6) != 0;
      r.suppressed = v.col_int(7) != 0;
      r.fixed_version = v.col_text(8);
      r.fix = v.col_text(9);
      b.vulnerabilities.push_back(std::move(r));
    }
    return b;
  }

 private:
  sqlite3* db_;
  std::string file_;
};

}  // namespace

std::string default_store() {
  return cache_file("baselines.db").string();
}

Expected<std::unique_ptr<Store>> open_store(const std::string& target, int busy_timeout_ms) {
  std::string path = target;
  if (path.rfind("sqlite:", 0) == 0) path = path.substr(7);
  if (target.rfind("postgresql://", 0) == 0 || target.rfind("postgres://", 0) == 0) return open_postgresql(target);
  if (path.empty()) return make_error("", "no baseline store: name one with --db FILE");
  std::error_code ec;
  std::filesystem::path p(path);
  if (!p.parent_path().empty()) std::filesystem::create_directories(p.parent_path(), ec);
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  auto store = std::make_unique<SqliteStore>(raw, path);
  if (rc != SQLITE_OK) return make_error(path, fmt::format("cannot open the baseline store: {}", sqlite3_errmsg(raw)));
  sqlite3_busy_timeout(raw, busy_timeout_ms);
  if (auto st = store->migrate(); !st) return st.error();
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace vigil::store
