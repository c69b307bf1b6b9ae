// vigil vuln (internal): what the files of the module share and nothing else sees.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "vuln/vuln.h"

namespace vigil::vuln::detail {

// ---- osv.cpp ---------------------------------------------------------------------------------

// parse_advisory over a buffer; when `capacity` >= len + simdjson's padding the buffer is parsed
// in place. `minified`, when given, receives the record as compact JSON (what the database keeps).
Expected<Advisory> parse_record(const char* data, size_t len, size_t capacity, const std::string& origin,
                                std::string* minified);

// The compact encodings the database keeps next to the raw record, so that load_for never
// parses JSON: one affected entry (index, purl, ranges, versions, severity, npm range), and the
// parts of a record the matcher and the scan need (severity vectors, aliases, related).
std::string encode_affected(const AffectedPackage& a);
bool decode_affected(std::string_view blob, AffectedPackage& out);  // false on a damaged blob
std::string encode_brief(const Advisory& a);
bool decode_brief(std::string_view blob, Advisory& out);

// ---- match.cpp -------------------------------------------------------------------------------

// Warnings for the npm ranges of `a` that can never match (an event that is not a version).
void check_ranges(const Advisory& a, const std::string& origin, std::vector<Error>& warnings);

// ---- source.cpp ------------------------------------------------------------------------------

// Receives one record's text. The buffer holds at least `capacity` bytes (padding for the JSON
// parser). A non-ok Status stops the reading and becomes the update's error.
using RecordSink = std::function<Status(const char* data, size_t len, size_t capacity, const std::string& origin)>;

// Reads a local folder, zip or JSON file (decided by what it is and by its first bytes).
// `display` is how errors name it.
Status read_local(const std::filesystem::path& path, const std::string& display, const ArchiveLimits& limits,
                  const RecordSink& sink);

// Downloads `url` into a new file in `dir` (https only unless allow_http), checking the HTTP
// status and that the whole body arrived. The caller removes the file.
Expected<std::filesystem::path> download(const std::string& url, const std::filesystem::path& dir, bool allow_http,
                                         uint64_t max_bytes);

}  // namespace vigil::vuln::detail
