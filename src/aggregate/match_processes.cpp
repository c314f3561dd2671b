#include "memwho/aggregate/match_processes.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>

namespace memwho {
namespace {

/// The state of a matching: which process of each side is still unpaired.
struct Pairing {
  std::span<const ProcessKey> a, b;
  std::vector<std::optional<std::size_t>> a_to_b;  // by index of a
  std::vector<bool> b_taken;
  std::vector<ProcessMatch> pairs;

  void pair(std::size_t i, std::size_t j, MatchedBy by) {
    a_to_b[i] = j;
    b_taken[j] = true;
    pairs.push_back({i, j, by});
  }
};

void pair_by_pid(Pairing& p) {
  std::unordered_map<int, std::size_t> b_by_pid;
  for (std::size_t j = 0; j < p.b.size(); ++j) b_by_pid.emplace(p.b[j].pid, j);
  for (std::size_t i = 0; i < p.a.size(); ++i) {
    const auto it = b_by_pid.find(p.a[i].pid);
    if (it == b_by_pid.end() || p.b_taken[it->second]) continue;
    const ProcessKey& x = p.a[i];
    const ProcessKey& y = p.b[it->second];
    // Without a start time on both sides, only the same program under the same pid is taken
    // to be the same process.
    const bool same = x.start_time && y.start_time ? *x.start_time == *y.start_time
                                                   : x.name == y.name && x.command == y.command;
    if (same) p.pair(i, it->second, MatchedBy::pid);
  }
}

/// Earlier start first (unknown last), then lower pid: the oldest of A pairs with B's oldest.
bool started_before(const ProcessKey& x, const ProcessKey& y) {
  if (x.start_time != y.start_time) {
    if (!x.start_time || !y.start_time) return x.start_time.has_value();
    return *x.start_time < *y.start_time;
  }
  return x.pid < y.pid;
}

/// Pairs the unpaired processes whose `field` is equal, in start-time order.
void pair_by(Pairing& p, std::string_view ProcessKey::*field, MatchedBy by) {
  // An ordered map keeps the result independent of hashing.
  std::map<std::string_view, std::pair<std::vector<std::size_t>, std::vector<std::size_t>>> groups;
  for (std::size_t i = 0; i < p.a.size(); ++i) {
    if (!p.a_to_b[i]) groups[p.a[i].*field].first.push_back(i);
  }
  for (std::size_t j = 0; j < p.b.size(); ++j) {
    if (p.b_taken[j]) continue;
    const auto it = groups.find(p.b[j].*field);
    if (it != groups.end()) it->second.second.push_back(j);
  }
  for (auto& [key, sides] : groups) {
    auto& [as, bs] = sides;
    std::sort(as.begin(), as.end(),
              [&](std::size_t x, std::size_t y) { return started_before(p.a[x], p.a[y]); });
    std::sort(bs.begin(), bs.end(),
              [&](std::size_t x, std::size_t y) { return started_before(p.b[x], p.b[y]); });
    for (std::size_t k = 0; k < as.size() && k < bs.size(); ++k) p.pair(as[k], bs[k], by);
  }
}

}  // namespace

MatchRule choose_match_rule(MatchChoice choice, std::string_view boot_a, std::string_view boot_b) {
  switch (choice) {
    case MatchChoice::pid:
      return MatchRule::pid;
    case MatchChoice::cmdline:
      return MatchRule::cmdline;
    case MatchChoice::automatic:
      break;
  }
  if (boot_a.empty() || boot_b.empty()) return MatchRule::pid_then_cmdline;
  return boot_a == boot_b ? MatchRule::pid : MatchRule::cmdline;
}

std::vector<ProcessMatch> match_processes(std::span<const ProcessKey> a,
                                          std::span<const ProcessKey> b, MatchRule rule) {
  Pairing p{a,
            b,
            std::vector<std::optional<std::size_t>>(a.size()),
            std::vector<bool>(b.size(), false),
            {}};
  if (rule != MatchRule::cmdline) pair_by_pid(p);
  if (rule != MatchRule::pid) {
    pair_by(p, &ProcessKey::command, MatchedBy::cmdline);
    pair_by(p, &ProcessKey::name, MatchedBy::name);
  }
  std::vector<ProcessMatch> out = std::move(p.pairs);
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!p.a_to_b[i]) out.push_back({i, std::nullopt, std::nullopt});
  }
  for (std::size_t j = 0; j < b.size(); ++j) {
    if (!p.b_taken[j]) out.push_back({std::nullopt, j, std::nullopt});
  }
  return out;
}

}  // namespace memwho
