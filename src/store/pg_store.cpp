// The PostgreSQL store (libpq): the same schema and answers as the SQLite one. Migrations and
// baseline writes take a transaction-scoped advisory lock, so several audits writing into one
// database at once are serialised where they must be; rows go in with COPY.
#include <libpq-fe.h>

#include <fmt/format.h>

#include "store/internal.h"

namespace vigil::store {

namespace {

constexpr int64_t kLockKey = 0x76696769;  // "vigi": the advisory lock of vigil's schema and writes

const char* const kMigrations[] = {
    R"SQL(
CREATE TABLE baselines(
  id BIGSERIAL PRIMARY KEY,
  label TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL,
  tool_version TEXT NOT NULL);
CREATE TABLE codebases(
  baseline BIGINT NOT NULL REFERENCES baselines(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  PRIMARY KEY (baseline, name));
CREATE TABLE libraries(
  baseline BIGINT NOT NULL REFERENCES baselines(id) ON DELETE CASCADE,
  codebase TEXT NOT NULL, name TEXT NOT NULL, version TEXT NOT NULL,
  direct BOOLEAN NOT NULL, scope TEXT NOT NULL,
  license TEXT NOT NULL, license_verdict TEXT NOT NULL,
  latest TEXT NOT NULL, behind TEXT NOT NULL, outdated BOOLEAN NOT NULL, deprecated TEXT NOT NULL);
CREATE INDEX libraries_by_baseline ON libraries(baseline);
CREATE TABLE vulnerabilities(
  baseline BIGINT NOT NULL REFERENCES baselines(id) ON DELETE CASCADE,
  codebase TEXT NOT NULL, id TEXT NOT NULL, package TEXT NOT NULL, version TEXT NOT NULL,
  severity TEXT NOT NULL, score DOUBLE PRECISION, direct BOOLEAN NOT NULL, suppressed BOOLEAN NOT NULL,
  fixed_version TEXT NOT NULL, fix TEXT NOT NULL);
CREATE INDEX vulnerabilities_by_baseline ON vulnerabilities(baseline);
)SQL",
};
constexpr int kSchemaVersion = static_cast<int>(sizeof kMigrations / sizeof kMigrations[0]);

struct ResultCloser {
  void operator()(PGresult* r) const { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultCloser>;

// COPY's text format: backslash escapes for the separators; NULL is \N.
void copy_field(std::string& out, std::string_view v) {
  for (char c : v) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      default: out += c;
    }
  }
}

class PgStore final : public Store {
 public:
  PgStore(PGconn* c, std::string where) : c_(c), where_(std::move(where)) {}
  ~PgStore() override { PQfinish(c_); }
  PgStore(const PgStore&) = delete;
  PgStore& operator=(const PgStore&) = delete;

  std::string describe() const override { return where_; }

  Error error(const std::string& what) const {
    std::string m = PQerrorMessage(c_);
    while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.pop_back();
    return make_error(where_, what.empty() ? m : what + ": " + m);
  }

  Status exec(const std::string& sql, const std::string& what = {}) {
    Result r(PQexec(c_, sql.c_str()));
    auto s = PQresultStatus(r.get());
    if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) return error(what);
    return {};
  }

  Result query(const std::string& sql, const std::vector<std::string>& params) {
    std::vector<const char*> p;
    for (const auto& s : params) p.push_back(s.c_str());
    return Result(PQexecParams(c_, sql.c_str(), static_cast<int>(p.size()), nullptr, p.data(), nullptr, nullptr, 0));
  }

  Status migrate() {
    if (auto st = exec("SET client_min_messages = warning"); !st) return st;
    if (auto st = exec("BEGIN"); !st) return st;
    auto fail = [&](const std::string& what) -> Status {
      Error e = error(what);
      (void)exec("ROLLBACK");
      return e;
    };
    if (!exec(fmt::format("SELECT pg_advisory_xact_lock({})", kLockKey))) return fail("cannot lock the store");
    if (!exec("CREATE TABLE IF NOT EXISTS vigil_schema(version INTEGER NOT NULL)")) return fail("not a usable baseline store");
    Result v(PQexec(c_, "SELECT version FROM vigil_schema"));
    if (PQresultStatus(v.get()) != PGRES_TUPLES_OK) return fail("not a usable baseline store");
    int version = PQntuples(v.get()) == 0 ? 0 : std::atoi(PQgetvalue(v.get(), 0, 0));
    if (version > kSchemaVersion) {
      (void)exec("ROLLBACK");
      return make_error(where_, fmt::format("the store's schema is version {}, newer than this vigil knows ({}): upgrade vigil", version,
                                            kSchemaVersion));
    }
    for (int i = version; i < kSchemaVersion; ++i) {
      if (!exec(kMigrations[i])) return fail(fmt::format("cannot migrate the store to schema {}", i + 1));
    }
    if (version != kSchemaVersion) {
      if (!exec("DELETE FROM vigil_schema") || !exec(fmt::format("INSERT INTO vigil_schema(version) VALUES ({})", kSchemaVersion))) {
        return fail("cannot record the schema version");
      }
    }
    return exec("COMMIT", "cannot commit the schema");
  }

  Status copy(const std::string& sql, const std::string& rows) {
    Result r(PQexec(c_, sql.c_str()));
    if (PQresultStatus(r.get()) != PGRES_COPY_IN) return error("cannot start COPY");
    if (PQputCopyData(c_, rows.data(), static_cast<int>(rows.size())) != 1 || PQputCopyEnd(c_, nullptr) != 1) return error("COPY failed");
    Result done(PQgetResult(c_));
    if (PQresultStatus(done.get()) != PGRES_COMMAND_OK) return error("COPY failed");
    while (PGresult* extra = PQgetResult(c_)) PQclear(extra);
    return {};
  }

  Status write(const Baseline& b, bool replace) override {
    if (auto st = exec("BEGIN"); !st) return st;
    auto fail = [&](const Status& st) -> Status {
      (void)exec("ROLLBACK");
      return st;
    };
    if (auto st = exec(fmt::format("SELECT pg_advisory_xact_lock({})", kLockKey), "cannot lock the store"); !st) return fail(st);
    Result found = query("SELECT id FROM baselines WHERE label = $1", {b.label});
    if (PQresultStatus(found.get()) != PGRES_TUPLES_OK) return fail(error("cannot read the store"));
    if (PQntuples(found.get()) > 0) {
      if (!replace) {
        return fail(make_error(where_, fmt::format("a baseline labeled \"{}\" is already stored (--replace overwrites it)", b.label)));
      }
      Result del = query("DELETE FROM baselines WHERE id = $1", {PQgetvalue(found.get(), 0, 0)});
      if (PQresultStatus(del.get()) != PGRES_COMMAND_OK) return fail(error("cannot replace the baseline"));
    }
    Result ins = query("INSERT INTO baselines(label, created_at, tool_version) VALUES ($1, $2, $3) RETURNING id",
                       {b.label, std::to_string(b.created_at), b.tool_version});
    if (PQresultStatus(ins.get()) != PGRES_TUPLES_OK) return fail(error("cannot write the baseline"));
    std::string id = PQgetvalue(ins.get(), 0, 0);
    std::string rows;
    for (const auto& c : b.codebases) {
      rows += id + "\t";
      copy_field(rows, c);
      rows += "\n";
    }
    if (auto st = copy("COPY codebases(baseline, name) FROM STDIN", rows); !st) return fail(st);
    rows.clear();
    auto f = [&](std::string_view v, bool last = false) {
      copy_field(rows, v);
      rows += last ? '\n' : '\t';
    };
    for (const auto& l : b.libraries) {
      f(id), f(l.codebase), f(l.name), f(l.version), f(l.direct ? "t" : "f"), f(l.scope), f(l.license), f(l.license_verdict), f(l.latest),
          f(l.behind), f(l.outdated ? "t" : "f"), f(l.deprecated, true);
    }
    if (auto st = copy("COPY libraries(baseline, codebase, name, version, direct, scope, license, license_verdict, latest, behind, outdated, "
                       "deprecated) FROM STDIN",
                       rows);
        !st) {
      return fail(st);
    }
    rows.clear();
    for (const auto& v : b.vulnerabilities) {
      f(id), f(v.codebase), f(v.id), f(v.package), f(v.version), f(v.severity);
      if (v.score) f(fmt::format("{}", *v.score));
      else rows += "\\N\t";
      f(v.direct ? "t" : "f"), f(v.suppressed ? "t" : "f"), f(v.fixed_version), f(v.fix, true);
    }
    if (auto st = copy("COPY vulnerabilities(baseline, codebase, id, package, version, severity, score, direct, suppressed, fixed_version, fix) "
                       "FROM STDIN",
                       rows);
        !st) {
      return fail(st);
    }
    if (auto st = exec("COMMIT", "cannot commit the baseline"); !st) return fail(st);
    return {};
  }

  Expected<std::vector<BaselineInfo>> list() override {
    Result r(PQexec(c_,
                    "SELECT b.label, b.created_at,"
                    " (SELECT COUNT(*) FROM codebases c WHERE c.baseline = b.id),"
                    " (SELECT COUNT(*) FROM (SELECT DISTINCT name, version FROM libraries l WHERE l.baseline = b.id) d),"
                    " (SELECT COUNT(*) FROM vulnerabilities v WHERE v.baseline = b.id AND NOT v.suppressed)"
                    " FROM baselines b ORDER BY b.created_at, b.label COLLATE \"C\""));
    if (PQresultStatus(r.get()) != PGRES_TUPLES_OK) return error("cannot list the baselines");
    std::vector<BaselineInfo> out;
    for (int i = 0; i < PQntuples(r.get()); ++i) {
      out.push_back({PQgetvalue(r.get(), i, 0), std::atoll(PQgetvalue(r.get(), i, 1)), static_cast<size_t>(std::atoll(PQgetvalue(r.get(), i, 2))),
                     static_cast<size_t>(std::atoll(PQgetvalue(r.get(), i, 3))), static_cast<size_t>(std::atoll(PQgetvalue(r.get(), i, 4)))});
    }
    return out;
  }

  Expected<Baseline> read(const std::string& label) override {
    Result q = query("SELECT id, label, created_at, tool_version FROM baselines WHERE label = $1", {label});
    if (PQresultStatus(q.get()) != PGRES_TUPLES_OK) return error("cannot read the store");
    if (PQntuples(q.get()) == 0) return make_error(where_, fmt::format("no baseline labeled \"{}\" (vigil baselines list shows them)", label));
    Baseline b;
    std::string id = PQgetvalue(q.get(), 0, 0);
    b.label = PQgetvalue(q.get(), 0, 1);
    b.created_at = std::atoll(PQgetvalue(q.get(), 0, 2));
    b.tool_version = PQgetvalue(q.get(), 0, 3);
    // COLLATE "C": byte order, as SQLite sorts, so both stores give the same bytes.
    Result c = query("SELECT name FROM codebases WHERE baseline = $1 ORDER BY name COLLATE \"C\"", {id});
    if (PQresultStatus(c.get()) != PGRES_TUPLES_OK) return error("cannot read the codebases");
    for (int i = 0; i < PQntuples(c.get()); ++i) b.codebases.push_back(PQgetvalue(c.get(), i, 0));
    Result l = query(
        "SELECT codebase, name, version, direct, scope, license, license_verdict, latest, behind, outdated, deprecated FROM libraries "
        "WHERE baseline = $1 ORDER BY codebase COLLATE \"C\", name COLLATE \"C\", version COLLATE \"C\"",
        {id});
    if (PQresultStatus(l.get()) != PGRES_TUPLES_OK) return error("cannot read the libraries");
    for (int i = 0; i < PQntuples(l.get()); ++i) {
      auto g = [&](int col) { return std::string(PQgetvalue(l.get(), i, col)); };
      b.libraries.push_back({g(0), g(1), g(2), g(3) == "t", g(4), g(5), g(6), g(7), g(8), g(9) == "t", g(10)});
    }
    Result v = query(
        "SELECT codebase, id, package, version, severity, score, direct, suppressed, fixed_version, fix FROM vulnerabilities "
        "WHERE baseline = $1 ORDER BY codebase COLLATE \"C\", id COLLATE \"C\", package COLLATE \"C\", version COLLATE \"C\"",
        {id});
    if (PQresultStatus(v.get()) != PGRES_TUPLES_OK) return error("cannot read the vulnerabilities");
    for (int i = 0; i < PQntuples(v.get()); ++i) {
      auto g = [&](int col) { return std::string(PQgetvalue(v.get(), i, col)); };
      VulnerabilityRow r{g(0), g(1), g(2), g(3), g(4), std::nullopt, g(6) == "t", g(7) == "t", g(8), g(9)};
      if (!PQgetisnull(v.get(), i, 5)) r.score = std::strtod(PQgetvalue(v.get(), i, 5), nullptr);
      b.vulnerabilities.push_back(std::move(r));
    }
    return b;
  }

 private:
  PGconn* c_;
  std::string where_;
};

// The URL without its password, for messages.
std::string redact(const std::string& url) {
  size_t scheme = url.find("://");
  size_t at = url.find('@');
  if (scheme == std::string::npos || at == std::string::npos || at < scheme) return url;
  size_t colon = url.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon) + ":***" + url.substr(at);
}

}  // namespace

Expected<std::unique_ptr<Store>> open_postgresql(const std::string& url) {
  std::string where = redact(url);
  PGconn* c = PQconnectdb(url.c_str());
  auto store = std::make_unique<PgStore>(c, where);
  if (PQstatus(c) != CONNECTION_OK) return store->error("cannot connect to the baseline store");
  if (auto st = store->migrate(); !st) return st.error();
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace vigil::store
