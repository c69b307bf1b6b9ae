#include "yaml/yaml.h"

#include <libfyaml.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <unordered_set>

namespace vigil::yaml {

int64_t YamlTree::find(uint32_t m, std::string_view key) const {
  for (Pair p : pairs(m)) {
    if (nodes_[p.key].text == key) return p.value;
  }
  return -1;
}

namespace {

struct FyDiagDeleter {
  void operator()(fy_diag* d) const { fy_diag_destroy(d); }
};
struct FyParserDeleter {
  void operator()(fy_parser* p) const { fy_parser_destroy(p); }
};

// Frees one event when the loop moves on.
struct EventGuard {
  fy_parser* parser;
  fy_event* event;
  EventGuard(fy_parser* p, fy_event* e) : parser(p), event(e) {}
  EventGuard(const EventGuard&) = delete;
  EventGuard& operator=(const EventGuard&) = delete;
  ~EventGuard() { fy_parser_event_free(parser, event); }
};

// Where libfyaml's messages would go if it printed any: nowhere (errors are collected).
void discard_diag_output(fy_diag*, void*, const char*, size_t) {}

// libfyaml scans a flow collection ahead to its end before it hands out the first event inside
// it, so "[[[[..." costs a second per megabyte before the depth cap can stop it. This pass
// finds such nesting first: it counts '[' and '{' outside quoted scalars and comments.
// (A bracket inside a plain scalar only makes it count more, never less.)
size_t deep_flow_offset(std::string_view text, size_t max_depth) {
  // The bytes that matter; the others are skipped by one table look-up each.
  static constexpr auto kSpecial = [] {
    std::array<bool, 256> t{};
    for (unsigned char c : std::string_view("[]{}\"'#")) t[c] = true;
    return t;
  }();
  const char* const begin = text.data();
  const char* const end = begin + text.size();
  size_t depth = 0;
  for (const char* p = begin; p < end; ++p) {
    const char c = *p;
    if (!kSpecial[static_cast<unsigned char>(c)]) continue;
    const char before = p == begin ? '\n' : p[-1];
    const bool after_space = before == ' ' || before == '\t' || before == '\n' || before == '\r';
    if (c == '"' || c == '\'') {
      if (!after_space && before != '[' && before != '{' && before != ',' && before != ':') continue;
      // Skip the quoted scalar: '' inside single quotes is a quote, \ escapes in double quotes.
      const char* q = p + 1;
      while (q < end) {
        q = static_cast<const char*>(std::memchr(q, c, static_cast<size_t>(end - q)));
        if (q == nullptr) return std::string_view::npos;  // unterminated: the parser says so
        if (c == '"') {
          size_t backslashes = 0;
          for (const char* b = q - 1; b > p && *b == '\\'; --b) ++backslashes;
          if (backslashes % 2 == 1) {
            ++q;
            continue;
          }
        } else if (q + 1 < end && q[1] == '\'') {
          q += 2;
          continue;
        }
        break;
      }
      if (q >= end) return std::string_view::npos;
      p = q;
    } else if (c == '#') {
      if (!after_space) continue;
      const void* nl = std::memchr(p, '\n', static_cast<size_t>(end - p));
      if (nl == nullptr) return std::string_view::npos;
      p = static_cast<const char*>(nl);
    } else if (c == '[' || c == '{') {
      if (++depth >= max_depth) return static_cast<size_t>(p - begin);
    } else if (depth > 0) {
      --depth;
    }
  }
  return std::string_view::npos;
}

}  // namespace

// Builds a YamlTree from the events of one parse.
class YamlBuilder {
 public:
  YamlBuilder(const std::string& display, std::string_view text, YamlLimits limits)
      : display_(display), text_(text), limits_(limits) {}
  Expected<YamlTree> run();

 private:
  // A mapping or sequence being read. Frames are reused (their key sets keep their memory).
  struct Frame {
    uint32_t node = 0;
    bool want_key = true;  // mappings: the next child is a key
    std::vector<std::string_view> few_keys;   // the keys so far, while there are few
    std::unordered_set<std::string_view> keys;  // then all of them
    void reset(uint32_t n) {
      node = n;
      want_key = true;
      few_keys.clear();
      keys.clear();
    }
    // False when `k` was there already.
    bool add_key(std::string_view k) {
      if (few_keys.size() < 12) {
        if (std::find(few_keys.begin(), few_keys.end(), k) != few_keys.end()) return false;
        few_keys.push_back(k);
        return true;
      }
      if (keys.empty()) keys.insert(few_keys.begin(), few_keys.end());
      return keys.insert(k).second;
    }
  };

  // An error at a libfyaml mark (0-based), moved `shift` columns.
  Error error_at(const fy_mark* m, std::string message, int shift = 0) const {
    if (m == nullptr) return make_error(display_, std::move(message));
    int column = std::max(m->column + 1 + shift, 1);
    return make_error(display_, static_cast<uint32_t>(m->line + 1), static_cast<uint32_t>(column), std::move(message));
  }
  Error libfyaml_error(fy_diag* diag) const;
  std::string_view keep(const char* s, size_t len);

  const std::string& display_;
  std::string_view text_;
  YamlLimits limits_;
  YamlTree tree_;
  char* block_ = nullptr;  // the arena block being filled
  size_t block_left_ = 0;
};

Error YamlBuilder::libfyaml_error(fy_diag* diag) const {
  void* iter = nullptr;
  while (fy_diag_error* e = fy_diag_errors_iterate(diag, &iter)) {
    if (e->type < FYET_ERROR) continue;
    std::string msg = e->msg != nullptr ? e->msg : "syntax error";
    return make_error(display_, e->line > 0 ? static_cast<uint32_t>(e->line) : 0,
                      e->column > 0 ? static_cast<uint32_t>(e->column) : 0, "YAML syntax error: " + msg);
  }
  return make_error(display_, "YAML syntax error");
}

// Copies a scalar libfyaml built for us into the tree's arena.
std::string_view YamlBuilder::keep(const char* s, size_t len) {
  constexpr size_t kBlock = 16 * 1024;
  if (len == 0) return {};
  if (len > block_left_) {
    const size_t size = std::max(kBlock, len);
    tree_.owned_.push_back(std::make_unique<char[]>(size));
    block_ = tree_.owned_.back().get();
    block_left_ = size;
  }
  std::memcpy(block_, s, len);
  std::string_view out(block_, len);
  block_ += len;
  block_left_ -= len;
  return out;
}

Expected<YamlTree> YamlBuilder::run() {
  if (size_t deep = deep_flow_offset(text_, limits_.max_depth); deep != std::string_view::npos) {
    TextPosition p = position_of(text_, deep);
    return make_error(display_, p.line, p.column, "nested too deeply");
  }
  fy_diag_cfg dcfg;
  fy_diag_cfg_default(&dcfg);
  dcfg.fp = nullptr;
  dcfg.output_fn = discard_diag_output;
  dcfg.user = nullptr;
  dcfg.level = FYET_ERROR;
  dcfg.colorize = false;
  std::unique_ptr<fy_diag, FyDiagDeleter> diag(fy_diag_create(&dcfg));
  if (!diag) return make_error(display_, "cannot set up the YAML parser");
  fy_diag_set_collect_errors(diag.get(), true);

  fy_parse_cfg cfg{};
  cfg.flags = static_cast<fy_parse_cfg_flags>(FYPCF_QUIET | FYPCF_DEFAULT_VERSION_1_2 | FYPCF_JSON_NONE |
                                              (limits_.sloppy_flow_indentation ? FYPCF_SLOPPY_FLOW_INDENTATION : 0));
  cfg.diag = diag.get();
  std::unique_ptr<fy_parser, FyParserDeleter> parser(fy_parser_create(&cfg));
  if (!parser || fy_parser_set_string(parser.get(), text_.data(), text_.size()) != 0) {
    return make_error(display_, "cannot set up the YAML parser");
  }

  std::vector<YamlNode>& nodes = tree_.nodes_;
  nodes.reserve(text_.size() / 16 + 16);  // lockfiles hold about one node per 14 bytes
  std::vector<Frame> frames(limits_.max_depth + 1);
  size_t depth = 0;
  int documents = 0;
  bool done = false;
  const uintptr_t text_begin = reinterpret_cast<uintptr_t>(text_.data());
  const uintptr_t text_end = text_begin + text_.size();
  while (!done) {
    fy_event* ev = fy_parser_parse(parser.get());
    if (ev == nullptr) {
      if (fy_parser_get_stream_error(parser.get())) return libfyaml_error(diag.get());
      break;
    }
    EventGuard guard{parser.get(), ev};
    const fy_mark* mark = fy_event_start_mark(ev);
    switch (ev->type) {
      case FYET_STREAM_END:
        done = true;
        continue;
      case FYET_DOCUMENT_START:
        if (++documents > 1) return error_at(mark, "more than one YAML document");
        continue;
      case FYET_ALIAS:  // marked after its '*'
        return error_at(mark, "YAML aliases are not allowed here", -1);
      case FYET_MAPPING_END:
      case FYET_SEQUENCE_END:
        if (depth > 0) {
          nodes[frames[depth - 1].node].end = static_cast<uint32_t>(nodes.size());
          --depth;
        }
        continue;
      case FYET_SCALAR:
      case FYET_MAPPING_START:
      case FYET_SEQUENCE_START:
        break;
      default:
        continue;
    }
    if (fy_token* anchor = fy_event_get_anchor_token(ev); anchor != nullptr) {  // marked after its '&'
      return error_at(fy_token_start_mark(anchor), "YAML anchors are not allowed here", -1);
    }
    YamlNode n;
    if (mark != nullptr) {
      n.line = static_cast<uint32_t>(mark->line + 1);
      n.column = static_cast<uint32_t>(mark->column + 1);
    }
    n.kind = ev->type == FYET_SCALAR ? YamlNode::Kind::Scalar
             : ev->type == FYET_MAPPING_START ? YamlNode::Kind::Mapping
                                             : YamlNode::Kind::Sequence;
    if (ev->type == FYET_SCALAR) {
      size_t len = 0;
      const char* t = fy_token_get_text(ev->scalar.value, &len);
      if (t != nullptr) {
        // Bytes libfyaml left where they were stay there; what it built is copied out.
        const uintptr_t at = reinterpret_cast<uintptr_t>(t);
        n.text = (at >= text_begin && at + len <= text_end) ? std::string_view(t, len) : keep(t, len);
      }
      // libfyaml marks a quoted scalar at its first character inside the quotes.
      fy_scalar_style style = fy_token_scalar_style(ev->scalar.value);
      n.plain = style == FYSS_PLAIN || style == FYSS_ANY;
      if ((style == FYSS_SINGLE_QUOTED || style == FYSS_DOUBLE_QUOTED) && n.column > 1) --n.column;
    }
    const uint32_t index = static_cast<uint32_t>(nodes.size());
    if (depth == 0) {
      if (!nodes.empty()) return error_at(mark, "more than one YAML document");
    } else {
      Frame& parent = frames[depth - 1];
      YamlNode& pn = nodes[parent.node];
      if (pn.kind == YamlNode::Kind::Mapping) {
        if (parent.want_key) {
          if (n.kind != YamlNode::Kind::Scalar) return error_at(mark, "complex mapping keys are not allowed here");
          if (!parent.add_key(n.text)) {
            return make_error(display_, n.line, n.column, "duplicate key \"" + std::string(n.text) + "\"");
          }
          ++pn.size;
        }
        parent.want_key = !parent.want_key;
      } else {
        ++pn.size;
      }
    }
    const bool opens = n.kind != YamlNode::Kind::Scalar;
    n.end = index + 1;
    nodes.push_back(n);
    if (opens) {
      if (depth >= limits_.max_depth) return error_at(mark, "nested too deeply");
      frames[depth++].reset(index);
    }
  }
  return std::move(tree_);
}

Expected<YamlTree> read_yaml(const std::string& display, std::string_view text, YamlLimits limits) {
  YamlBuilder b(display, text, limits);
  return b.run();
}

}  // namespace vigil::yaml
