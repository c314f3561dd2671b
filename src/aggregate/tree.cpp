#include "memwho/aggregate/tree.hpp"

#include <unordered_map>

namespace memwho {
namespace {

/// Adds a known part to a sum that is unknown only while no part is known.
void add_known(std::optional<std::uint64_t>& sum, const std::optional<std::uint64_t>& part) {
  if (part) sum = sum.value_or(0) + *part;
}

struct Forest {
  std::vector<std::vector<std::size_t>> children;
  std::vector<std::size_t> roots;
};

/// Links each record to its shown parent; records whose parent is not shown (or itself) are
/// roots. Records that only reach each other (a cycle) are linked as found and fixed up by the
/// walk, which visits each record once.
Forest link(const std::vector<ProcessRecord>& records) {
  Forest f;
  f.children.resize(records.size());
  std::unordered_map<int, std::size_t> index;
  for (std::size_t i = 0; i < records.size(); ++i) index.emplace(records[i].pid, i);
  for (std::size_t i = 0; i < records.size(); ++i) {
    std::optional<std::size_t> parent;
    if (const auto& ppid = records[i].ppid) {
      const auto it = index.find(*ppid);
      if (it != index.end() && it->second != i) parent = it->second;
    }
    if (parent) {
      f.children[*parent].push_back(i);
    } else {
      f.roots.push_back(i);
    }
  }
  return f;
}

/// Indentation is drawn for this many levels; deeper ones say their depth instead (a crafted
/// chain of thousands of processes must not cost the square of its length).
constexpr int kDrawnLevels = 16;

/// Depth-first order of the forest with each record's depth and drawing, without recursion (a
/// crafted tree can be one long chain).
struct Walk {
  const Forest& forest;
  std::vector<char> seen;
  std::vector<std::size_t> order;
  std::vector<int> depth;
  std::vector<std::string> prefix;

  void from(std::size_t root) {
    // Each frame: a node, its unseen children, the next child to enter, and whether a later
    // sibling follows the node itself (so the drawing continues a "|" past its subtree).
    struct Frame {
      std::size_t node;
      std::vector<std::size_t> kids;
      std::size_t next = 0;
    };
    std::vector<Frame> stack;
    std::vector<bool> more;  // more[level]: the ancestor at that level has later siblings
    auto enter = [&](std::size_t node, int d) {
      seen[node] = 1;
      order.push_back(node);
      depth[node] = d;
      std::string p;
      // As tree(1) draws in ASCII: "|-- " for a child with later siblings, "`-- " for the
      // last, and "|   " down the levels whose ancestor has later siblings. (No backslash, as
      // in ps f: the escaper would double it.)
      for (int level = 1; level < d && level <= kDrawnLevels; ++level) {
        p += more[static_cast<std::size_t>(level)] ? "|   " : "    ";
      }
      if (d > kDrawnLevels) p += "(" + std::to_string(d) + ") ";
      if (d > 0) p += more[static_cast<std::size_t>(d)] ? "|-- " : "`-- ";
      prefix[node] = std::move(p);
      Frame f{node, {}, 0};
      for (std::size_t k : forest.children[node]) {
        if (!seen[k]) f.kids.push_back(k);
      }
      stack.push_back(std::move(f));
    };
    more.assign(1, false);
    enter(root, 0);
    while (!stack.empty()) {
      Frame& top = stack.back();
      // Skip children a cycle has entered meanwhile.
      while (top.next < top.kids.size() && seen[top.kids[top.next]]) ++top.next;
      if (top.next == top.kids.size()) {
        stack.pop_back();
        continue;
      }
      const std::size_t child = top.kids[top.next++];
      const std::size_t level = stack.size();  // the child's depth
      if (more.size() <= level) more.resize(level + 1, false);
      more[level] = top.next < top.kids.size();
      enter(child, static_cast<int>(level));
    }
  }
};

}  // namespace

std::size_t subtree_end(const std::vector<ProcessRecord>& records, std::size_t i) {
  const int depth = records[i].tree ? records[i].tree->depth : 0;
  std::size_t j = i + 1;
  while (j < records.size() && records[j].tree && records[j].tree->depth > depth) ++j;
  return j;
}

void arrange_tree(std::vector<ProcessRecord>& records, const ProcessSortKey& sort) {
  // 1. The subtree sums, children before parents (they do not depend on the order shown).
  {
    const Forest f = link(records);
    for (auto& r : records) {
      ProcessRecord::TreePosition t;
      t.pss = r.smaps_size(SmapsKey::pss);
      t.uss = r.uss();
      t.partial = !t.pss || !t.uss;
      r.tree = std::move(t);
    }
    std::vector<char> seen(records.size(), 0);
    std::vector<std::size_t> post;
    // Iterative post-order over the forest, then over whatever a cycle kept from the roots.
    auto walk = [&](std::size_t root) {
      std::vector<std::pair<std::size_t, std::size_t>> stack{{root, 0}};
      seen[root] = 1;
      while (!stack.empty()) {
        auto& [node, next] = stack.back();
        if (next < f.children[node].size()) {
          const std::size_t child = f.children[node][next++];
          if (!seen[child]) {
            seen[child] = 1;
            stack.emplace_back(child, 0);
          }
        } else {
          post.push_back(node);
          stack.pop_back();
        }
      }
    };
    for (std::size_t r : f.roots) walk(r);
    for (std::size_t i = 0; i < records.size(); ++i) {
      if (!seen[i]) walk(i);
    }
    std::vector<char> counted(records.size(), 0);
    for (std::size_t node : post) {
      counted[node] = 1;
      for (std::size_t child : f.children[node]) {
        if (!counted[child]) continue;  // a cycle's back edge
        auto& t = *records[node].tree;
        const auto& c = *records[child].tree;
        t.processes += c.processes;
        t.partial |= c.partial;
        add_known(t.pss, c.pss);
        add_known(t.uss, c.uss);
      }
    }
  }
  // 2. Siblings in the sort key's order (which may be the subtree sums), then depth first.
  sort_records(records, sort);
  const Forest f = link(records);
  Walk w{f,
         std::vector<char>(records.size(), 0),
         {},
         std::vector<int>(records.size(), 0),
         std::vector<std::string>(records.size())};
  for (std::size_t r : f.roots) {
    if (!w.seen[r]) w.from(r);
  }
  for (std::size_t i = 0; i < records.size(); ++i) {
    if (!w.seen[i]) w.from(i);  // a cycle: cut it here
  }
  std::vector<ProcessRecord> ordered;
  ordered.reserve(records.size());
  for (std::size_t i : w.order) {
    ProcessRecord& r = records[i];
    r.tree->depth = w.depth[i];
    r.tree->drawn = w.prefix[i] + (r.command.empty() ? r.name : r.command);
    ordered.push_back(std::move(r));
  }
  records = std::move(ordered);
}

}  // namespace memwho
