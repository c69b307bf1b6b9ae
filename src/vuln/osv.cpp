// vigil vuln: the OSV record model, its JSON parser and the compact encodings the database keeps.
#include <fmt/format.h>
#include <simdjson.h>

#include <cstring>

#include "vuln/internal.h"

namespace vigil::vuln {

namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::element_type;
using simdjson::dom::object;

// Walks one record, remembering the first problem with the JSON path where it is.
class RecordReader {
 public:
  explicit RecordReader(const std::string& origin) : origin_(origin) {}

  bool failed() const { return !problem_.empty(); }
  Error error(const std::string& id) const {
    if (id.empty()) return make_error(origin_, problem_);
    return make_error(origin_, fmt::format("record {}: {}", id, problem_));
  }

  bool fail(const std::string& path, const std::string& what) {
    if (problem_.empty()) problem_ = path.empty() ? what : fmt::format("{}: {}", path, what);
    return false;
  }

  // An optional string: absent or null leaves `out` alone.
  bool string(element e, const std::string& path, std::string& out) {
    if (e.type() == element_type::NULL_VALUE) return true;
    std::string_view sv;
    if (e.get_string().get(sv) != simdjson::SUCCESS) return fail(path, "expected a string");
    out.assign(sv);
    return true;
  }

  bool strings(element e, const std::string& path, std::vector<std::string>& out) {
    if (e.type() == element_type::NULL_VALUE) return true;
    array arr;
    if (e.get_array().get(arr) != simdjson::SUCCESS) return fail(path, "expected an array of strings");
    size_t i = 0;
    for (element x : arr) {
      std::string s;
      if (!string(x, fmt::format("{}[{}]", path, i++), s)) return false;
      out.push_back(std::move(s));
    }
    return true;
  }

  bool severities(element e, const std::string& path, std::vector<SeverityScore>& out) {
    if (e.type() == element_type::NULL_VALUE) return true;
    array arr;
    if (e.get_array().get(arr) != simdjson::SUCCESS) return fail(path, "expected an array");
    size_t i = 0;
    for (element x : arr) {
      std::string p = fmt::format("{}[{}]", path, i++);
      object o;
      if (x.get_object().get(o) != simdjson::SUCCESS) return fail(p, "expected an object");
      SeverityScore s;
      for (auto field : o) {
        if (field.key == "type") {
          if (!string(field.value, p + ".type", s.type)) return false;
        } else if (field.key == "score") {
          if (!string(field.value, p + ".score", s.score)) return false;
        }
      }
      out.push_back(std::move(s));
    }
    return true;
  }

  bool raw_object(element e, const std::string& path, std::string& out) {
    if (e.type() == element_type::NULL_VALUE) return true;
    if (e.type() != element_type::OBJECT) return fail(path, "expected an object");
    out = simdjson::to_string(e);
    return true;
  }

  bool range(element e, const std::string& path, AffectedRange& out) {
    object o;
    if (e.get_object().get(o) != simdjson::SUCCESS) return fail(path, "expected an object");
    std::string type;
    bool have_events = false;
    for (auto field : o) {
      if (field.key == "type") {
        if (!string(field.value, path + ".type", type)) return false;
      } else if (field.key == "repo") {
        if (!string(field.value, path + ".repo", out.repo)) return false;
      } else if (field.key == "events") {
        have_events = true;
        array arr;
        if (field.value.get_array().get(arr) != simdjson::SUCCESS) return fail(path + ".events", "expected an array");
        size_t i = 0;
        for (element ev : arr) {
          std::string p = fmt::format("{}.events[{}]", path, i++);
          object eo;
          if (ev.get_object().get(eo) != simdjson::SUCCESS) return fail(p, "expected an object");
          bool found = false;
          for (auto f : eo) {
            EventKind kind;
            if (f.key == "introduced") {
              kind = EventKind::Introduced;
            } else if (f.key == "fixed") {
              kind = EventKind::Fixed;
            } else if (f.key == "last_affected") {
              kind = EventKind::LastAffected;
            } else if (f.key == "limit") {
              kind = EventKind::Limit;
            } else {
              continue;
            }
            if (found) return fail(p, "an event has one of introduced, fixed, last_affected or limit, not several");
            Event event{kind, {}};
            std::string_view sv;
            if (f.value.get_string().get(sv) != simdjson::SUCCESS) return fail(p + "." + std::string(f.key), "expected a string");
            event.version.assign(sv);
            out.events.push_back(std::move(event));
            found = true;
          }
          if (!found) return fail(p, "an event needs introduced, fixed, last_affected or limit");
        }
      }
    }
    if (type == "SEMVER") {
      out.type = RangeType::Semver;
    } else if (type == "ECOSYSTEM") {
      out.type = RangeType::Ecosystem;
    } else if (type == "GIT") {
      out.type = RangeType::Git;
    } else if (type.empty()) {
      return fail(path + ".type", "missing");
    } else {
      return fail(path + ".type", fmt::format("unknown range type \"{}\" (SEMVER, ECOSYSTEM or GIT)", type));
    }
    if (!have_events) return fail(path + ".events", "missing");
    return true;
  }

  bool affected(element e, const std::string& path, AffectedPackage& out) {
    object o;
    if (e.get_object().get(o) != simdjson::SUCCESS) return fail(path, "expected an object");
    for (auto field : o) {
      if (field.key == "package") {
        if (field.value.type() == element_type::NULL_VALUE) continue;
        object po;
        if (field.value.get_object().get(po) != simdjson::SUCCESS) return fail(path + ".package", "expected an object");
        for (auto pf : po) {
          if (pf.key == "ecosystem") {
            if (!string(pf.value, path + ".package.ecosystem", out.ecosystem)) return false;
          } else if (pf.key == "name") {
            if (!string(pf.value, path + ".package.name", out.name)) return false;
          } else if (pf.key == "purl") {
            if (!string(pf.value, path + ".package.purl", out.purl)) return false;
          }
        }
      } else if (field.key == "ranges") {
        if (field.value.type() == element_type::NULL_VALUE) continue;
        array arr;
        if (field.value.get_array().get(arr) != simdjson::SUCCESS) return fail(path + ".ranges", "expected an array");
        size_t i = 0;
        for (element r : arr) {
          AffectedRange range_out{RangeType::Semver, {}, {}};
          if (!range(r, fmt::format("{}.ranges[{}]", path, i++), range_out)) return false;
          out.ranges.push_back(std::move(range_out));
        }
      } else if (field.key == "versions") {
        if (!strings(field.value, path + ".versions", out.versions)) return false;
      } else if (field.key == "severity") {
        if (!severities(field.value, path + ".severity", out.severity)) return false;
      } else if (field.key == "database_specific") {
        if (!raw_object(field.value, path + ".database_specific", out.database_specific)) return false;
        object dso;
        if (field.value.get_object().get(dso) == simdjson::SUCCESS) {
          element vv;
          if (dso.at_key("vulnerable_versions").get(vv) == simdjson::SUCCESS) {
            if (!string(vv, path + ".database_specific.vulnerable_versions", out.npm_range)) return false;
          }
        }
      }
    }
    return true;
  }

 private:
  const std::string& origin_;
  std::string problem_;
};

// simdjson's parser is reused per thread: its buffers grow to the largest record once.
simdjson::dom::parser& thread_parser() {
  thread_local simdjson::dom::parser parser;
  return parser;
}

}  // namespace

namespace detail {

Expected<Advisory> parse_record(const char* data, size_t len, size_t capacity, const std::string& origin,
                                std::string* minified) {
  simdjson::dom::parser& parser = thread_parser();
  element doc;
  const bool padded = capacity >= len + simdjson::SIMDJSON_PADDING;
  auto err = parser.parse(reinterpret_cast<const uint8_t*>(data), len, !padded).get(doc);
  if (err != simdjson::SUCCESS) {
    if (err == simdjson::UTF8_ERROR) return make_error(origin, "not valid UTF-8");
    if (err == simdjson::CAPACITY) return make_error(origin, "the record is too large");
    return make_error(origin, fmt::format("not valid JSON ({})", simdjson::error_message(err)));
  }
  object root;
  if (doc.get_object().get(root) != simdjson::SUCCESS) return make_error(origin, "an OSV record is a JSON object");

  Advisory a;
  RecordReader r(origin);
  // The id first, so that every later problem can name it.
  {
    element id;
    if (root.at_key("id").get(id) == simdjson::SUCCESS) {
      std::string_view sv;
      if (id.get_string().get(sv) != simdjson::SUCCESS) return make_error(origin, "\"id\" is not a string");
      a.id.assign(sv);
    }
    if (a.id.empty()) return make_error(origin, "the record has no \"id\"");
  }
  for (auto field : root) {
    const std::string_view key = field.key;
    const std::string k(key);
    bool ok = true;
    if (key == "modified") {
      ok = r.string(field.value, k, a.modified);
    } else if (key == "published") {
      ok = r.string(field.value, k, a.published);
    } else if (key == "withdrawn") {
      ok = r.string(field.value, k, a.withdrawn);
    } else if (key == "schema_version") {
      ok = r.string(field.value, k, a.schema_version);
    } else if (key == "summary") {
      ok = r.string(field.value, k, a.summary);
    } else if (key == "details") {
      ok = r.string(field.value, k, a.details);
    } else if (key == "aliases") {
      ok = r.strings(field.value, k, a.aliases);
    } else if (key == "related") {
      ok = r.strings(field.value, k, a.related);
    } else if (key == "severity") {
      ok = r.severities(field.value, k, a.severity);
    } else if (key == "database_specific") {
      ok = r.raw_object(field.value, k, a.database_specific);
      object dso;
      if (ok && field.value.get_object().get(dso) == simdjson::SUCCESS) {
        element sev;
        std::string_view sv;
        if (dso.at_key("severity").get(sev) == simdjson::SUCCESS && sev.get_string().get(sv) == simdjson::SUCCESS) {
          a.rating = parse_severity(sv).value_or(Severity::Unknown);
        }
      }
    } else if (key == "references") {
      if (field.value.type() == element_type::NULL_VALUE) continue;
      array arr;
      if (field.value.get_array().get(arr) != simdjson::SUCCESS) {
        ok = r.fail(k, "expected an array");
      } else {
        size_t i = 0;
        for (element x : arr) {
          std::string p = fmt::format("references[{}]", i++);
          object o;
          if (x.get_object().get(o) != simdjson::SUCCESS) {
            ok = r.fail(p, "expected an object");
            break;
          }
          Reference ref;
          for (auto f : o) {
            if (f.key == "type") {
              ok = ok && r.string(f.value, p + ".type", ref.type);
            } else if (f.key == "url") {
              ok = ok && r.string(f.value, p + ".url", ref.url);
            }
          }
          if (!ok) break;
          a.references.push_back(std::move(ref));
        }
      }
    } else if (key == "affected") {
      if (field.value.type() == element_type::NULL_VALUE) continue;
      array arr;
      if (field.value.get_array().get(arr) != simdjson::SUCCESS) {
        ok = r.fail(k, "expected an array");
      } else {
        uint32_t i = 0;
        for (element x : arr) {
          AffectedPackage p;
          p.index = i;
          ok = r.affected(x, fmt::format("affected[{}]", i), p);
          if (!ok) break;
          a.affected.push_back(std::move(p));
          ++i;
        }
      }
    }
    if (!ok) return r.error(a.id);
  }
  if (a.modified.empty()) return make_error(origin, fmt::format("record {}: \"modified\" is missing", a.id));
  if (minified != nullptr) {
    minified->resize(len);
    size_t out_len = 0;
    if (simdjson::minify(data, len, minified->data(), out_len) != simdjson::SUCCESS) {
      minified->assign(data, len);
    } else {
      minified->resize(out_len);
    }
  }
  return a;
}

// ---- compact encodings -------------------------------------------------------------------------

namespace {

class Writer {
 public:
  void num(uint64_t v) {
    while (v >= 0x80) {
      out_.push_back(static_cast<char>((v & 0x7f) | 0x80));
      v >>= 7;
    }
    out_.push_back(static_cast<char>(v));
  }
  void str(std::string_view s) {
    num(s.size());
    out_.append(s);
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool ok() const { return ok_; }
  bool done() const { return pos_ == in_.size(); }
  uint64_t num() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= in_.size()) {
        ok_ = false;
        return 0;
      }
      auto b = static_cast<uint8_t>(in_[pos_++]);
      v |= static_cast<uint64_t>(b & 0x7f) << shift;
      if ((b & 0x80) == 0) return v;
    }
    ok_ = false;
    return 0;
  }
  // A count of items each at least one byte long: never more than the bytes left.
  uint64_t count() {
    uint64_t n = num();
    if (n > in_.size() - pos_) {
      ok_ = false;
      return 0;
    }
    return n;
  }
  std::string str() {
    uint64_t n = num();
    if (!ok_ || n > in_.size() - pos_) {
      ok_ = false;
      return {};
    }
    std::string s(in_.substr(pos_, n));
    pos_ += n;
    return s;
  }

 private:
  std::string_view in_;
  size_t pos_ = 0;
  bool ok_ = true;
};

constexpr uint64_t kEncoding = 1;

void put_severity(Writer& w, const std::vector<SeverityScore>& s) {
  w.num(s.size());
  for (const auto& x : s) {
    w.str(x.type);
    w.str(x.score);
  }
}

void get_severity(Reader& r, std::vector<SeverityScore>& out) {
  uint64_t n = r.count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    SeverityScore s;
    s.type = r.str();
    s.score = r.str();
    out.push_back(std::move(s));
  }
}

void put_strings(Writer& w, const std::vector<std::string>& v) {
  w.num(v.size());
  for (const auto& s : v) w.str(s);
}

void get_strings(Reader& r, std::vector<std::string>& out) {
  uint64_t n = r.count();
  for (uint64_t i = 0; i < n && r.ok(); ++i) out.push_back(r.str());
}

}  // namespace

std::string encode_affected(const AffectedPackage& a) {
  Writer w;
  w.num(kEncoding);
  w.num(a.index);
  w.str(a.purl);
  w.num(a.ranges.size());
  for (const auto& range : a.ranges) {
    w.num(static_cast<uint64_t>(range.type));
    w.str(range.repo);
    w.num(range.events.size());
    for (const auto& e : range.events) {
      w.num(static_cast<uint64_t>(e.kind));
      w.str(e.version);
    }
  }
  put_strings(w, a.versions);
  put_severity(w, a.severity);
  w.str(a.npm_range);
  return w.take();
}

bool decode_affected(std::string_view blob, AffectedPackage& out) {
  Reader r(blob);
  if (r.num() != kEncoding) return false;
  out.index = static_cast<uint32_t>(r.num());
  out.purl = r.str();
  uint64_t nr = r.count();
  for (uint64_t i = 0; i < nr && r.ok(); ++i) {
    AffectedRange range{RangeType::Semver, {}, {}};
    uint64_t type = r.num();
    if (type > static_cast<uint64_t>(RangeType::Git)) return false;
    range.type = static_cast<RangeType>(type);
    range.repo = r.str();
    uint64_t ne = r.count();
    for (uint64_t j = 0; j < ne && r.ok(); ++j) {
      uint64_t kind = r.num();
      if (kind > static_cast<uint64_t>(EventKind::Limit)) return false;
      range.events.push_back(Event{static_cast<EventKind>(kind), r.str()});
    }
    out.ranges.push_back(std::move(range));
  }
  get_strings(r, out.versions);
  get_severity(r, out.severity);
  out.npm_range = r.str();
  return r.ok() && r.done();
}

std::string encode_brief(const Advisory& a) {
  Writer w;
  w.num(kEncoding);
  put_severity(w, a.severity);
  put_strings(w, a.aliases);
  put_strings(w, a.related);
  return w.take();
}

bool decode_brief(std::string_view blob, Advisory& out) {
  Reader r(blob);
  if (r.num() != kEncoding) return false;
  get_severity(r, out.severity);
  get_strings(r, out.aliases);
  get_strings(r, out.related);
  return r.ok() && r.done();
}

}  // namespace detail

Expected<Advisory> parse_advisory(std::string_view json, const std::string& origin) {
  return detail::parse_record(json.data(), json.size(), json.size(), origin, nullptr);
}

int id_class(std::string_view id) {
  if (id.rfind("GHSA-", 0) == 0) return 0;
  if (id.rfind("CVE-", 0) == 0) return 2;
  return 1;
}

bool id_before(std::string_view a, std::string_view b) {
  int ca = id_class(a), cb = id_class(b);
  if (ca != cb) return ca < cb;
  return a < b;
}

}  // namespace vigil::vuln
