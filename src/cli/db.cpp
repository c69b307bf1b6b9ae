// vigil db update|status: fill the offline vulnerability database and say how fresh it is.
#include <fmt/format.h>

#include <chrono>
#include <ctime>
#include <iostream>
#include <iterator>

#include "cli/commands.h"
#include "core/core.h"
#include "report/json_writer.h"
#include "vuln/vuln.h"

namespace vigil::cli {

namespace {

struct DbArgs {
  std::string from;
  std::string db;
  bool allow_http = false;
  int max_age_days = 7;
  bool json = false;
};

// "2026-11-25T10:00:00Z"
std::string utc_iso(int64_t epoch) {
  std::time_t t = static_cast<std::time_t>(epoch);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::filesystem::path database_path(const std::string& flag) {
  if (!flag.empty()) return flag;
  return vuln::default_database_path();
}

int run_update(const DbArgs& args) {
  const std::filesystem::path path = database_path(args.db);
  if (path.empty()) {
    std::cerr << "vigil: no vulnerability database: set --db (HOME is not set)\n";
    return 2;
  }
  auto db = vuln::Database::open(path, vuln::OpenMode::ReadWrite);
  if (!db) {
    std::cerr << "error: " << db.error().to_string() << "\n";
    return 2;
  }
  std::string from = args.from;
  if (from.empty()) {
    auto st = db->status();
    if (!st) {
      std::cerr << "error: " << st.error().to_string() << "\n";
      return 2;
    }
    if (st->source.empty()) {
      std::cerr << "error: " << path.string() << ": no source recorded yet; name one with --from PATH|URL\n";
      return 2;
    }
    from = st->source;
  }
  vuln::UpdateOptions options;
  options.allow_http = args.allow_http;
  const auto start = std::chrono::steady_clock::now();
  auto report = db->update(vuln::Source::from(from), options);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!report) {
    std::cerr << "error: " << report.error().to_string() << "\n";
    return 2;
  }
  constexpr size_t kShown = 100;
  for (size_t i = 0; i < report->warnings.size() && i < kShown; ++i) {
    std::cerr << "warning: " << report->warnings[i].to_string() << "\n";
  }
  if (report->warnings.size() > kShown) {
    std::cerr << "warning: ... and " << report->warnings.size() - kShown << " more\n";
  }
  std::cout << fmt::format("{}: read {}, inserted {}, updated {}, unchanged {}, skipped {}, withdrawn {} ({:.1f} s)\n", from,
                           report->read, report->inserted, report->updated, report->unchanged, report->skipped_invalid,
                           report->withdrawn, seconds);
  return 0;
}

int run_status(const DbArgs& args) {
  const std::filesystem::path path = database_path(args.db);
  if (path.empty()) {
    std::cerr << "vigil: no vulnerability database: set --db (HOME is not set)\n";
    return 2;
  }
  auto db = vuln::Database::open(path, vuln::OpenMode::ReadOnly);
  if (!db) {
    std::cerr << "error: " << db.error().to_string() << "\n";
    return 2;
  }
  auto st = db->status();
  if (!st) {
    std::cerr << "error: " << st.error().to_string() << "\n";
    return 2;
  }
  const int64_t now = static_cast<int64_t>(std::time(nullptr));
  const int64_t age_days = st->last_update == 0 ? -1 : (now - st->last_update) / 86400;
  const bool stale = st->last_update == 0 || age_days > args.max_age_days;
  if (args.json) {
    report::JsonWriter w;
    w.begin_object();
    w.field("database", path.string());
    w.field("schema_version", st->schema_version);
    w.field("records", st->records);
    w.field("withdrawn", st->withdrawn);
    w.field("packages", st->packages);
    w.field("newest_modified", st->newest_modified);
    w.field("source", st->source);
    w.key("last_update");
    if (st->last_update == 0) {
      w.null();
    } else {
      w.value(utc_iso(st->last_update));
    }
    w.key("age_days");
    if (age_days < 0) {
      w.null();
    } else {
      w.value(age_days);
    }
    w.field("max_age_days", args.max_age_days);
    w.field("stale", stale);
    w.end_object();
    std::cout << w.finish();
  } else {
    std::cout << fmt::format("database:        {}\n", path.string());
    std::cout << fmt::format("records:         {} ({} withdrawn)\n", st->records, st->withdrawn);
    std::cout << fmt::format("packages:        {}\n", st->packages);
    std::cout << fmt::format("newest modified: {}\n", st->newest_modified.empty() ? "-" : st->newest_modified);
    std::cout << fmt::format("source:          {}\n", st->source.empty() ? "-" : st->source);
    std::cout << fmt::format("last update:     {}\n", st->last_update == 0 ? std::string("never") : utc_iso(st->last_update));
  }
  if (st->last_update == 0) {
    std::cerr << "warning: " << path.string() << ": the database has never been updated; run `vigil db update --from PATH|URL`\n";
  } else if (stale) {
    std::cerr << "warning: " << path.string() << ": the vulnerability data is " << age_days << " days old (more than "
              << args.max_age_days << "); run `vigil db update`\n";
  }
  return stale ? 1 : 0;
}

// `vigil db match FILE`: the advisories of every "name@version" line of FILE ("-" = stdin), one
// line per match: "name@version PRIMARY-ID alias,alias fixed:1.2.3,2.0.0". --timing reports how
// long loading and matching took (on stderr).
int run_match(const DbArgs& args, const std::string& file, bool timing) {
  const std::filesystem::path path = database_path(args.db);
  auto db = vuln::Database::open(path, vuln::OpenMode::ReadOnly);
  if (!db) {
    std::cerr << "error: " << db.error().to_string() << "\n";
    return 2;
  }
  std::string text;
  if (file == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    auto t = read_file(file, kDefaultMaxFileBytes);
    if (!t) {
      std::cerr << "error: " << t.error().to_string() << "\n";
      return 2;
    }
    text = std::move(*t);
  }
  std::vector<std::pair<std::string, std::string>> queries;
  std::vector<std::string> names;
  size_t start = 0;
  uint32_t line_no = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    start = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const size_t at = line.rfind('@');
    if (at == std::string::npos || at == 0) {
      std::cerr << "error: " << make_error(file, line_no, 1, "expected name@version").to_string() << "\n";
      return 2;
    }
    queries.emplace_back(line.substr(0, at), line.substr(at + 1));
    names.push_back(queries.back().first);
  }
  const auto t0 = std::chrono::steady_clock::now();
  auto index = db->load_for(names);
  const auto t1 = std::chrono::steady_clock::now();
  if (!index) {
    std::cerr << "error: " << index.error().to_string() << "\n";
    return 2;
  }
  std::string out;
  size_t found = 0;
  for (const auto& [name, version] : queries) {
    for (const auto& m : index->match(name, version)) {
      ++found;
      out += name + "@" + version + " " + m.ids.front();
      std::string aliases, fixed;
      for (size_t i = 1; i < m.ids.size(); ++i) aliases += (aliases.empty() ? "" : ",") + m.ids[i];
      for (const auto& f : m.fixed) fixed += (fixed.empty() ? "" : ",") + f;
      out += " " + (aliases.empty() ? std::string("-") : aliases) + " fixed:" + (fixed.empty() ? std::string("-") : fixed) + "\n";
    }
  }
  const auto t2 = std::chrono::steady_clock::now();
  std::cout << out;
  if (timing) {
    std::cerr << fmt::format("load_for: {} names, {} advisories, {:.3f} s; match: {} queries, {} matches, {:.3f} s\n", names.size(),
                             index->size(), std::chrono::duration<double>(t1 - t0).count(), queries.size(), found,
                             std::chrono::duration<double>(t2 - t1).count());
  }
  return 0;
}

}  // namespace

void add_db(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<DbArgs>();
  CLI::App* db = app.add_subcommand("db", "The offline vulnerability database (OSV records)");
  db->require_subcommand(1);

  CLI::App* update = db->add_subcommand("update", "Read OSV records (a folder, a zip, a JSON file or a URL) into the database");
  update->add_option("--from", args->from, "Folder, .zip, .json or https URL (default: the last source used)");
  update->add_option("--db", args->db, "The database file (default: ~/.cache/vigil/vuln.db)");
  update->add_flag("--allow-http", args->allow_http, "Accept a plain http:// URL");
  update->callback([args, &ctx] { ctx.exit_code = run_update(*args); });

  CLI::App* status = db->add_subcommand("status", "How many records the database holds and how old they are");
  status->add_option("--db", args->db, "The database file (default: ~/.cache/vigil/vuln.db)");
  status->add_option("--max-age-days", args->max_age_days, "Warn (and exit 1) when the last update is older than this (default 7)")
      ->check(CLI::NonNegativeNumber);
  status->add_flag("--json", args->json, "Print JSON");
  status->callback([args, &ctx] { ctx.exit_code = run_status(*args); });

  auto file = std::make_shared<std::string>();
  auto timing = std::make_shared<bool>(false);
  CLI::App* match = db->add_subcommand("match", "The advisories of each name@version line of a file (- = standard input)");
  match->add_option("file", *file, "Lines of name@version")->required();
  match->add_option("--db", args->db, "The database file (default: ~/.cache/vigil/vuln.db)");
  match->add_flag("--timing", *timing, "Report on stderr how long loading and matching took");
  match->callback([args, file, timing, &ctx] { ctx.exit_code = run_match(*args, *file, *timing); });
}

}  // namespace vigil::cli
