// vigil report: the quarterly audit dashboard of stored baselines (vigil audit --label).
#include <iostream>

#include "cli/commands.h"
#include "report/report.h"
#include "store/store.h"

namespace vigil::cli {

namespace {

struct ReportArgs {
  std::string db;
  std::string labels;
  std::string format = "html";
  std::string output;
  std::string title = "Open-source audit";
};

}  // namespace

void add_report(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<ReportArgs>();
  CLI::App* cmd = app.add_subcommand("report", "The audit dashboard of stored baselines: trends of libraries, vulnerabilities and license risk");
  cmd->add_option("--db", args->db, "The baseline store: a SQLite file or a postgresql:// URL (default: ~/.cache/vigil/baselines.db)");
  cmd->add_option("--labels", args->labels, "Comma-separated baselines, in the order to show (default: every one, oldest first)");
  cmd->add_option("-f,--format", args->format, "html, md or json")->check(CLI::IsMember({"html", "md", "json"}));
  cmd->add_option("-o,--output", args->output, "Write to this file instead of standard output");
  cmd->add_option("--title", args->title, "The report's title");
  cmd->callback([args, &ctx] {
    ctx.exit_code = 2;
    auto st = store::open_store(args->db.empty() ? store::default_store() : args->db);
    if (!st) {
      std::cerr << "error: " << st.error().to_string() << "\n";
      return;
    }
    std::vector<std::string> labels;
    if (args->labels.empty()) {
      auto l = (*st)->list();
      if (!l) {
        std::cerr << "error: " << l.error().to_string() << "\n";
        return;
      }
      for (const auto& i : *l) labels.push_back(i.label);
    } else {
      size_t start = 0;
      while (start <= args->labels.size()) {
        size_t comma = args->labels.find(',', start);
        std::string item = args->labels.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        if (!item.empty()) labels.push_back(item);
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
    }
    if (labels.empty()) {
      std::cerr << "error: " << (*st)->describe() << ": no baselines stored (vigil audit --label stores one)\n";
      return;
    }
    std::vector<store::Baseline> baselines;
    for (const auto& l : labels) {
      auto b = (*st)->read(l);
      if (!b) {
        std::cerr << "error: " << b.error().to_string() << "\n";
        return;
      }
      baselines.push_back(std::move(*b));
    }
    report::Dashboard d = report::build_dashboard(baselines);
    auto f = args->format == "md" ? report::DashboardFormat::Markdown : args->format == "json" ? report::DashboardFormat::Json : report::DashboardFormat::Html;
    if (!emit(args->output, report::write_dashboard(d, f, args->title))) return;
    ctx.exit_code = 0;
  });
}

}  // namespace vigil::cli
