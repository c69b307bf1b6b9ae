// vigil report (internal): the SARIF 2.1.0 envelope every SARIF writer shares: one log with one
// run whose tool is vigil. A writer calls begin_sarif, writes its rules, calls begin_results,
// writes its results, and calls end_sarif.
#pragma once

#include <string>

#include "report/json_writer.h"

namespace vigil::report::detail {

// {"$schema", "version": "2.1.0", "runs": [{"tool": {"driver": {"name": "vigil",
// "semanticVersion" (when not empty), "rules": [  -- left open for the rules.
void begin_sarif(JsonWriter& w, const std::string& tool_version);
// Closes the rules and the tool; opens "results": [.
void begin_results(JsonWriter& w);
// Closes the results, the run and the log.
void end_sarif(JsonWriter& w);

}  // namespace vigil::report::detail
