// vigil yaml: YAML files (lockfiles, vigil.yaml, other tools' configuration) read into
// a small flat tree, safely. Shared by every module that reads YAML.
//
// read_yaml() runs libfyaml's event parser once over the text and records every scalar,
// mapping and sequence in document order. It refuses what a lockfile never holds and a hostile
// file uses: anchors and aliases (the "billion laughs"), more than one document, complex
// mapping keys, duplicate keys and nesting deeper than a small limit. libfyaml prints nothing:
// its diagnostics are collected into the returned Error, which names the file and the
// line:column of the problem. Line and column of every node come from libfyaml's own marks;
// nothing is recomputed from the text except on the error path.
//
// Scalars are string_views: into the parsed text where libfyaml hands out the bytes as they
// stand (most plain and quoted scalars), into the tree's own storage where it had to unescape
// or fold them. So the text passed to read_yaml() must outlive the tree; the tree may be moved.
// Thread-compatible: a tree is a plain value; read_yaml() may run on many threads at once.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/core.h"

namespace vigil::yaml {

// One node. Nodes are stored in document order, so the descendants of node i are
// i + 1 .. end - 1: its first child is i + 1 and the sibling after child c is nodes[c].end.
// A mapping's children alternate key, value, key, value (keys are always scalars).
struct YamlNode {
  enum class Kind : uint8_t { Scalar, Mapping, Sequence };
  Kind kind = Kind::Scalar;
  bool plain = true;    // scalars: written without quotes (only a plain scalar can be null)
  uint32_t line = 0;    // 1-based; a quoted scalar starts at its opening quote
  uint32_t column = 0;  // 1-based, in bytes
  uint32_t end = 0;     // one past the last descendant
  uint32_t size = 0;    // mappings: key/value pairs; sequences: items; scalars: 0
  std::string_view text;  // scalars: the value

  bool is_scalar() const { return kind == Kind::Scalar; }
  bool is_mapping() const { return kind == Kind::Mapping; }
  bool is_sequence() const { return kind == Kind::Sequence; }
  // A plain empty scalar, "~" or "null": what `key:` with nothing after it means.
  bool is_null() const { return kind == Kind::Scalar && plain && (text.empty() || text == "~" || text == "null"); }
};

class YamlTree {
 public:
  struct Pair {
    uint32_t key;
    uint32_t value;
  };

  // The key/value pairs of a mapping, in file order.
  class Pairs {
   public:
    class iterator {
     public:
      iterator(const YamlTree* t, uint32_t at) : t_(t), at_(at) {}
      Pair operator*() const { return {at_, at_ + 1}; }  // keys are scalars: the value follows
      iterator& operator++() {
        at_ = t_->nodes_[at_ + 1].end;
        return *this;
      }
      bool operator!=(const iterator& o) const { return at_ != o.at_; }

     private:
      const YamlTree* t_;
      uint32_t at_;
    };
    Pairs(const YamlTree* t, uint32_t begin, uint32_t end) : t_(t), begin_(begin), end_(end) {}
    iterator begin() const { return {t_, begin_}; }
    iterator end() const { return {t_, end_}; }

   private:
    const YamlTree* t_;
    uint32_t begin_, end_;
  };

  // The items of a sequence, in file order.
  class Items {
   public:
    class iterator {
     public:
      iterator(const YamlTree* t, uint32_t at) : t_(t), at_(at) {}
      uint32_t operator*() const { return at_; }
      iterator& operator++() {
        at_ = t_->nodes_[at_].end;
        return *this;
      }
      bool operator!=(const iterator& o) const { return at_ != o.at_; }

     private:
      const YamlTree* t_;
      uint32_t at_;
    };
    Items(const YamlTree* t, uint32_t begin, uint32_t end) : t_(t), begin_(begin), end_(end) {}
    iterator begin() const { return {t_, begin_}; }
    iterator end() const { return {t_, end_}; }

   private:
    const YamlTree* t_;
    uint32_t begin_, end_;
  };

  // No document at all (an empty file or only comments).
  bool empty() const { return nodes_.empty(); }
  // The document's top node; only when !empty().
  uint32_t root() const { return 0; }
  const YamlNode& operator[](uint32_t i) const { return nodes_[i]; }
  size_t size() const { return nodes_.size(); }

  // `m` must be a mapping (sequence for items()); anything else gives an empty range.
  Pairs pairs(uint32_t m) const {
    const YamlNode& n = nodes_[m];
    return n.is_mapping() ? Pairs(this, m + 1, n.end) : Pairs(this, n.end, n.end);
  }
  Items items(uint32_t s) const {
    const YamlNode& n = nodes_[s];
    return n.is_sequence() ? Items(this, s + 1, n.end) : Items(this, n.end, n.end);
  }
  // The value of `key` in mapping `m` (a linear search: for small mappings), or -1.
  int64_t find(uint32_t m, std::string_view key) const;

 private:
  friend class YamlBuilder;
  std::vector<YamlNode> nodes_;
  std::vector<std::unique_ptr<char[]>> owned_;  // scalars libfyaml had to rewrite
};

struct YamlLimits {
  uint32_t max_depth = 16;  // nesting of mappings and sequences
  // Accept flow collections whose lines are indented less than the block they sit in (a `]` in
  // column 1 closing `key: [`), as js-yaml does: config files written for JavaScript tools.
  bool sloppy_flow_indentation = false;
};

// Parses `text` (which must outlive the result). `display` names the file in errors.
Expected<YamlTree> read_yaml(const std::string& display, std::string_view text, YamlLimits limits = {});

// An Error at a node's place.
inline Error yaml_error_at(const std::string& display, const YamlNode& n, std::string message) {
  return make_error(display, n.line, n.column, std::move(message));
}

}  // namespace vigil::yaml
