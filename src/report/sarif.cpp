#include "report/sarif.h"

namespace vigil::report::detail {

void begin_sarif(JsonWriter& w, const std::string& tool_version) {
  w.begin_object();
  w.field("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
  w.field("version", "2.1.0");
  w.key("runs");
  w.begin_array();
  w.begin_object();
  w.key("tool");
  w.begin_object();
  w.key("driver");
  w.begin_object();
  w.field("name", "vigil");
  if (!tool_version.empty()) w.field("semanticVersion", tool_version);
  w.key("rules");
  w.begin_array();
}

void begin_results(JsonWriter& w) {
  w.end_array();
  w.end_object();
  w.end_object();
  w.key("results");
  w.begin_array();
}

void end_sarif(JsonWriter& w) {
  w.end_array();
  w.end_object();
  w.end_array();
  w.end_object();
}

}  // namespace vigil::report::detail
