#include "memwho/aggregate/explain.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace memwho {
namespace {

// clang-format off
constexpr std::array<std::string_view, 19> kReasonCodes = {
    "stat_counter_lags",    "moment_stat_status",  "moment_statm_status",
    "moment_split",         "moment_smaps_rollup", "moment_status_rollup",
    "counters_per_thread",  "counters_per_cpu",    "counters_maybe_exact",
    "counters_kernel_unknown", "all_agree",        "hugetlb_outside_rss",
    "pfnmap_outside_rss",   "zero_page",           "pss_truncated",
    "swap_shmem",           "source_unreadable",   "no_address_space",
    "group_sums"};
// clang-format on

using Kib = std::optional<std::uint64_t>;

std::optional<std::int64_t> minus(const Kib& a, const Kib& b) {
  if (!a || !b) return std::nullopt;
  return static_cast<std::int64_t>(*a) - static_cast<std::int64_t>(*b);
}

/// "128 KiB below", "8 KiB above": a difference in words, after "X is".
std::string signed_kib(std::int64_t d) {
  if (d == 0) return "the same as";
  const std::uint64_t size = d < 0 ? static_cast<std::uint64_t>(-d) : static_cast<std::uint64_t>(d);
  return fmt::format("{} KiB {}", size, d < 0 ? "below" : "above");
}

std::string kernel_words(std::string_view kernel) {
  return kernel.empty() ? std::string("this kernel (its release is unknown)")
                        : fmt::format("kernel {}", kernel);
}

/// "12 µs apart", or nothing when the moments mean nothing (files on disk).
std::string apart(const ExplainInput& in, const TimedRead& a, const TimedRead& b) {
  if (!in.timed || !a.attempted || !b.attempted) return {};
  const std::uint64_t gap = a.done_us > b.done_us ? a.done_us - b.done_us : b.done_us - a.done_us;
  return fmt::format(" ({} µs apart)", gap);
}

class Builder {
 public:
  explicit Builder(const ExplainInput& in) : in_(in) {}

  void row(std::string_view kind, std::string item, Kib kib, std::string source,
           std::optional<std::int64_t> diff = std::nullopt, const TimedRead* read = nullptr) {
    ExplainRow r;
    r.kind = kind;
    r.item = std::move(item);
    r.kib = kib;
    r.diff_kib = diff;
    if (read != nullptr && read->attempted && in_.timed) r.read_us = read->done_us;
    r.source = std::move(source);
    out_.rows.push_back(std::move(r));
  }
  /// A row whose figure is a cell: exact, a lower bound, or unknown.
  void row_cell(std::string_view kind, std::string item, const Cell& cell, std::string source) {
    row(kind, std::move(item), std::nullopt, std::move(source));
    if (const auto* size = std::get_if<SizeKib>(&cell)) {
      out_.rows.back().kib = size->kib;
      out_.rows.back().at_least = size->at_least;
    }
  }
  /// A reason: a row with its code and amount, and its words for the footer.
  void reason(std::string_view code, std::optional<std::int64_t> amount, std::string between,
              std::string text) {
    ExplainRow r;
    r.kind = "reason";
    r.item = std::string(code);
    r.diff_kib = amount;
    r.source = std::move(between);
    out_.rows.push_back(std::move(r));
    out_.reasons.push_back({std::string(code), std::move(text)});
  }
  Explanation take() { return std::move(out_); }
  [[nodiscard]] const ExplainInput& in() const { return in_; }

 private:
  const ExplainInput& in_;
  Explanation out_;
};

/// Why a source gives no figure, in a few words.
std::string unread_words(const TimedRead& t) {
  if (!t.attempted) return "not read";
  if (t.read.ok()) return "not what the kernel prints";
  return describe(t.read);
}

struct RssFigures {
  Kib stat, statm, status, split, smaps, rollup;
  Kib reference;
  std::string_view reference_name;
};

void rss_sources(Builder& b, const RssSources& s, const ProcessRecord& rec, Kib page_kib,
                 RssFigures& f) {
  const bool no_mm = rec.identity_known && !rec.has_mm;
  // No pages is 0 KiB whatever the page size.
  if (s.stat && (page_kib || s.stat->rss_pages == 0)) {
    f.stat = s.stat->rss_pages * page_kib.value_or(0);
  }
  if (s.statm && (page_kib || s.statm->resident == 0)) {
    f.statm = s.statm->resident * page_kib.value_or(0);
  }
  if (s.status) {
    f.status = s.status->vm_rss;
    if (s.status->rss_anon && s.status->rss_file && s.status->rss_shmem) {
      f.split = *s.status->rss_anon + *s.status->rss_file + *s.status->rss_shmem;
    }
    if (no_mm) f.status = f.split = 0;
  }
  if (s.smaps) f.smaps = no_mm ? 0 : s.smaps->sum.value_or_zero(SmapsKey::rss);
  if (s.rollup) f.rollup = s.rollup->get(SmapsKey::rss);
  if (no_mm && !s.rollup) f.rollup = 0;
  if (f.rollup) {
    f.reference = f.rollup;
    f.reference_name = "smaps_rollup";
  } else if (f.smaps) {
    f.reference = f.smaps;
    f.reference_name = "smaps";
  } else {
    f.reference = f.status;
    f.reference_name = "status";
  }
  const auto diff = [&](const Kib& v) { return minus(v, f.reference); };
  const std::string page =
      page_kib ? fmt::format("{} KiB", *page_kib) : std::string("the page size (unknown)");
  b.row("rss", "stat", f.stat,
        s.stat ? fmt::format("stat field 24: {} pages x {}", s.stat->rss_pages, page)
               : "stat field 24: " + unread_words(s.stat_read),
        diff(f.stat), &s.stat_read);
  b.row("rss", "statm", f.statm,
        s.statm ? fmt::format("statm field 2 (resident): {} pages x {}; top's RES",
                              s.statm->resident, page)
                : "statm field 2: " + unread_words(s.statm_read),
        diff(f.statm), &s.statm_read);
  b.row("rss", "status", f.status,
        s.status ? std::string("status VmRSS; ps's RSS (procps-ng 4)")
                 : "status VmRSS: " + unread_words(s.status_read),
        diff(f.status), &s.status_read);
  std::string split = "status RssAnon + RssFile + RssShmem";
  if (s.status && s.status->rss_anon && s.status->rss_file && s.status->rss_shmem) {
    split = fmt::format("status RssAnon {} + RssFile {} + RssShmem {}", *s.status->rss_anon,
                        *s.status->rss_file, *s.status->rss_shmem);
  }
  b.row("rss", "status_split", f.split, split, diff(f.split), &s.status_read);
  b.row("rss", "smaps", f.smaps,
        s.smaps
            ? fmt::format("sum of Rss over {} smaps mappings; the pmap -x total", s.smaps->mappings)
            : "smaps: " + unread_words(s.smaps_read),
        diff(f.smaps), &s.smaps_read);
  b.row("rss", "smaps_rollup", f.rollup,
        s.rollup ? std::string("smaps_rollup Rss: one walk of the page tables")
                 : "smaps_rollup: " + unread_words(s.rollup_read),
        diff(f.rollup), &s.rollup_read);
}

/// The counters (stat, statm, status) against each other and against the page-table walk.
void counter_reasons(Builder& b, const RssSources& s, const RssFigures& f) {
  const ExplainInput& in = b.in();
  const std::string kernel = kernel_words(in.kernel);
  const bool exact = in.counting == RssCounting::exact_status;
  if (const auto d = minus(f.stat, f.status); d && *d != 0) {
    if (exact) {
      b.reason("stat_counter_lags", d, "stat - status",
               fmt::format("stat field 24 is {} status VmRSS. On {}, status and statm add "
                           "up the per-CPU parts of the RSS counters (exact since 6.16, commit "
                           "82241a83cd15); stat still reads the counters without them, so it "
                           "lags by up to one per-CPU batch (max(32, 2 x CPUs) pages) on each "
                           "CPU. Tools that read stat (ps of procps 3.x, many agents) show "
                           "that lagging figure.",
                           signed_kib(*d), kernel));
    } else {
      b.reason("moment_stat_status", d, "stat - status",
               fmt::format("stat field 24 is {} status VmRSS. On {} both read the same "
                           "counters: the difference is memory that changed between the two "
                           "reads{}.",
                           signed_kib(*d), kernel, apart(in, s.stat_read, s.status_read)));
    }
  }
  if (const auto d = minus(f.statm, f.status); d && *d != 0) {
    b.reason("moment_statm_status", d, "statm - status",
             fmt::format("statm resident is {} status VmRSS. Both print the same counters "
                         "the same way: the difference is memory that changed between the two "
                         "reads{}.",
                         signed_kib(*d), apart(in, s.statm_read, s.status_read)));
  }
  if (const auto d = minus(f.split, f.status); d && *d != 0) {
    b.reason("moment_split", d, "split - VmRSS",
             fmt::format("RssAnon + RssFile + RssShmem is {} VmRSS in the same read of "
                         "status: the kernel reads each counter on its own while the process "
                         "runs.",
                         signed_kib(*d)));
  }
  if (const auto d = minus(f.smaps, f.rollup); d && *d != 0) {
    b.reason("moment_smaps_rollup", d, "smaps - smaps_rollup",
             fmt::format("The sum of smaps Rss is {} smaps_rollup Rss. Both count whole "
                         "pages found in the page tables, without rounding: the difference is "
                         "memory that changed while they were read. smaps comes 4 KiB of text "
                         "at a time, the kernel letting go of the process's lock between "
                         "pieces, so it is no snapshot{}.",
                         signed_kib(*d), apart(in, s.smaps_read, s.rollup_read)));
  }
  const Kib walk = f.rollup ? f.rollup : f.smaps;
  const TimedRead& walk_read = f.rollup ? s.rollup_read : s.smaps_read;
  const auto d = minus(f.status, walk);
  if (d && *d != 0) {
    const std::string lead = fmt::format("status VmRSS is {} the page-table walk of {}.",
                                         signed_kib(*d), f.rollup ? "smaps_rollup" : "smaps");
    switch (in.counting) {
      case RssCounting::exact_status:
        b.reason("moment_status_rollup", d, "status - walk",
                 fmt::format("{} On {} status is exact: the difference is memory that changed "
                             "between the two reads{}.",
                             lead, kernel, apart(in, s.status_read, walk_read)));
        break;
      case RssCounting::per_cpu:
        b.reason("counters_per_cpu", d, "status - walk",
                 fmt::format("{} On {} (6.2 to 6.15) the RSS counters are per CPU, and stat, "
                             "statm and status read them without the CPUs' pending parts: each "
                             "of RssAnon, RssFile and RssShmem can be short or over by up to "
                             "max(32, 2 x CPUs) pages per CPU. The walk counts the pages "
                             "themselves; memory that changed between the reads adds to it.",
                             lead, kernel));
        break;
      case RssCounting::per_thread:
        b.reason("counters_per_thread", d, "status - walk",
                 fmt::format("{} On {} (before 6.2) each thread keeps its own changes to the RSS "
                             "counters and adds them to the process's only every 64 page "
                             "faults: each counter can be off by up to 64 pages per thread. The "
                             "walk counts the pages themselves; memory that changed between the "
                             "reads adds to it.",
                             lead, kernel));
        break;
      case RssCounting::maybe_exact:
        b.reason("counters_maybe_exact", d, "status - walk",
                 fmt::format("{} {} is a 6.12 or 6.15 stable kernel: status is exact only if "
                             "this release carries the backport of commit 82241a83cd15 "
                             "(6.12.117 does; memwho cannot tell from the release). Without it "
                             "the counters are read without their per-CPU pending parts. "
                             "Either that lag or memory that changed between the reads is the "
                             "difference.",
                             lead, kernel));
        break;
      case RssCounting::unknown:
        b.reason("counters_kernel_unknown", d, "status - walk",
                 fmt::format("{} The kernel's release is unknown, so whether its counters are "
                             "exact (6.16 and later) or batched (per thread before 6.2, per CPU "
                             "after) cannot be said.",
                             lead));
        break;
    }
  }
  // Agreement is worth saying too: it is what a user checking ps against pmap hopes to see.
  const Kib all[] = {f.stat, f.statm, f.status, f.split, f.smaps, f.rollup};
  std::size_t known = 0;
  bool same = true;
  for (const Kib& k : all) {
    if (!k) continue;
    ++known;
    same = same && *k == *f.reference;
  }
  if (known >= 2 && same) {
    b.reason("all_agree", 0, "all sources",
             exact ? fmt::format("Every figure agrees: on {} status and statm are exact, and "
                                 "nothing changed between the reads.",
                                 kernel)
                   : fmt::format("Every figure agrees now. On {} the counters behind stat, statm "
                                 "and status are batched and can lag the page tables while the "
                                 "process allocates or frees.",
                                 kernel));
  }
}

/// What no RSS counts, and what the smaps files count differently.
void outside_reasons(Builder& b, const RssSources& s, Kib page_kib) {
  const ExplainInput& in = b.in();
  Kib hugetlb;
  if (s.status && s.status->hugetlb) hugetlb = s.status->hugetlb;
  if (!hugetlb && s.rollup) {
    hugetlb = s.rollup->value_or_zero(SmapsKey::shared_hugetlb) +
              s.rollup->value_or_zero(SmapsKey::private_hugetlb);
  }
  if (hugetlb && *hugetlb > 0) {
    b.reason("hugetlb_outside_rss", static_cast<std::int64_t>(*hugetlb), "hugetlb pages",
             fmt::format("{} KiB of hugetlbfs pages are mapped (status HugetlbPages, smaps "
                         "Shared_Hugetlb + Private_Hugetlb) and in none of the figures above: "
                         "the kernel keeps them out of every RSS and PSS. They come from the "
                         "huge page pool, reserved at boot or by nr_hugepages.",
                         *hugetlb));
  }
  if (s.smaps && s.smaps->pfnmap_mappings > 0) {
    b.reason("pfnmap_outside_rss", static_cast<std::int64_t>(s.smaps->pfnmap_kib), "pf/io mappings",
             fmt::format("{} mapping{} of device or kernel pages (VmFlags pf or io, such as "
                         "[vvar], a GPU or /dev/mem) span {} KiB; such pages belong to no "
                         "process and are in no RSS.",
                         s.smaps->pfnmap_mappings, s.smaps->pfnmap_mappings == 1 ? "" : "s",
                         s.smaps->pfnmap_kib));
  }
  if (in.mapcounts && in.mapcounts->zero_pages > 0 && page_kib) {
    const std::uint64_t kib = in.mapcounts->zero_pages * *page_kib;
    b.reason("zero_page", static_cast<std::int64_t>(kib), "zero page",
             fmt::format("{} pages it has read but never written map the kernel's one shared "
                         "zero page ({} KiB of address space): no RSS counts them, and they "
                         "cost no memory.",
                         in.mapcounts->zero_pages, kib));
  }
  if (s.smaps && s.rollup) {
    const Kib sum = s.smaps->sum.get(SmapsKey::pss), exact = s.rollup->get(SmapsKey::pss);
    if (const auto d = minus(exact, sum)) {
      const std::size_t n = s.smaps->mappings;
      std::string text = fmt::format(
          "smaps prints each mapping's PSS truncated to a whole KiB, losing under 1 KiB on each "
          "of its {} mappings; smaps_rollup adds the exact shares and truncates once. Here the "
          "sum of smaps Pss is {} the rollup's Pss.",
          n, signed_kib(-*d));
      if (*d < 0 || static_cast<std::uint64_t>(*d) >= n + 1) {
        text += " That is more than truncation can lose: memory changed between the reads.";
      }
      b.reason("pss_truncated", d, "rollup - smaps Pss", std::move(text));
    }
  }
  if (s.rollup && s.status && s.status->vm_swap) {
    if (const auto d = minus(s.rollup->get(SmapsKey::swap), s.status->vm_swap); d && *d != 0) {
      b.reason("swap_shmem", d, "Swap - VmSwap",
               fmt::format("smaps_rollup Swap is {} status VmSwap: smaps counts the "
                           "swapped-out pages of the shared memory it maps too, VmSwap only "
                           "its anonymous pages in swap.",
                           signed_kib(*d)));
    }
  }
}

void unreadable_reasons(Builder& b, const RssSources& s, const ProcessRecord& rec) {
  if (rec.identity_known && !rec.has_mm) {
    b.reason("no_address_space", 0, "no memory",
             "A kernel thread or a zombie has no address space: every figure is 0, and "
             "smaps_rollup cannot be opened.");
    return;
  }
  std::vector<std::string> refused;
  for (const auto& [name, read] :
       {std::pair{"smaps_rollup", &s.rollup_read}, std::pair{"smaps", &s.smaps_read}}) {
    if (read->attempted && !read->read.ok()) {
      refused.push_back(fmt::format("{} ({})", name, describe(read->read)));
    }
  }
  if (refused.empty()) return;
  std::string list = refused[0];
  for (std::size_t i = 1; i < refused.size(); ++i) list += " and " + refused[i];
  b.reason("source_unreadable", std::nullopt, "not read",
           fmt::format("{} could not be read: the figures from the page tables are unknown, and "
                       "so is how far the counters are from them. smaps and smaps_rollup need "
                       "the right to trace the process (the same user, or root), and some "
                       "systems refuse even root.",
                       list));
}

void sizes(Builder& b, const RssSources& s, const ProcessRecord& rec, const RssFigures& f) {
  const ExplainInput& in = b.in();
  const Kib vss = s.status ? s.status->vm_size : rec.vm_size;
  b.row("size", "vss", rec.identity_known && !rec.has_mm ? Kib{0} : vss,
        "status VmSize: address space reserved (VSS)");
  const std::uint64_t hugetlb = s.status ? s.status->hugetlb.value_or(0) : 0;
  Kib not_resident;
  if (vss && f.reference) {
    const std::uint64_t used = *f.reference + hugetlb;
    if (*vss >= used) not_resident = *vss - used;
  }
  b.row("size", "not_resident", not_resident,
        "VSS - RSS - hugetlb: reserved, never touched or swapped out");
  if (s.smaps) {
    std::size_t n = 0;
    for (const ReservedMapping& m : s.smaps->largest) {
      // Numbered: a row's item names one series in OpenMetrics.
      b.row("size", fmt::format("reserved_{}", ++n), m.not_resident_kib,
            fmt::format("{}: {} KiB mapped, this much not resident", m.name, m.size_kib));
    }
  }
  const Kib pss = rec.smaps_size(SmapsKey::pss), uss = rec.uss();
  b.row("size", "pss", pss, "smaps_rollup Pss: its share of every page it maps");
  b.row("size", "uss", uss, "Private_Clean + Private_Dirty: pages no other mapping maps");
  Kib share;
  if (pss && uss && *pss >= *uss) share = *pss - *uss;
  b.row("size", "shared_share", share, "PSS - USS: its share of the pages it shares");
  if (in.frees != nullptr) {
    b.row_cell("size", "exit_frees", in.frees->frees_cell(),
               in.frees->from_frames
                   ? "page frames: its own anonymous pages, swap, objects that die with it"
                   : "at least (without page frames): its private anonymous pages, dying objects");
  }
  const auto& m = in.mapcounts;
  const char* needs = m ? "" : "; unknown without page frames (root, a live /proc)";
  b.row("size", "mapped_once", m ? Kib{m->once_kib} : std::nullopt,
        fmt::format("frames only it maps, once{}", needs));
  b.row("size", "mapped_twice", m ? Kib{m->twice_kib} : std::nullopt,
        fmt::format("frames mapped twice in all: by it and one other mapping{}", needs));
  b.row("size", "mapped_3_to_10", m ? Kib{m->few_kib} : std::nullopt,
        fmt::format("frames mapped 3 to 10 times in all{}", needs));
  b.row("size", "mapped_more", m ? Kib{m->many_kib} : std::nullopt,
        fmt::format("frames mapped more than 10 times in all{}", needs));
  b.row("size", "swap", rec.smaps_size(SmapsKey::swap),
        "smaps_rollup Swap: its pages in swap, shared memory's too");
  b.row("size", "swap_pss", rec.smaps_size(SmapsKey::swap_pss),
        "smaps_rollup SwapPss: its share of them (no shared memory)");
  b.row("size", "vm_swap", rec.status_size(rec.vm_swap), "status VmSwap: anonymous swap only");
  b.row("size", "shmem", rec.status_size(rec.rss_shmem),
        "status RssShmem: shared memory resident in its mappings");
  std::size_t n = 0;
  for (const ShmemObject& o : in.objects) {
    if (!std::binary_search(o.holders.begin(), o.holders.end(), rec.pid)) continue;
    b.row("size", fmt::format("shmem_object_{}", ++n), o.whole_kib,
          fmt::format("{}: the whole object, held by {} process{}", o.name, o.holders.size(),
                      o.holders.size() == 1 ? "" : "es"));
  }
}

}  // namespace

std::span<const std::string_view> explain_reason_codes() {
  return kReasonCodes;
}

Explanation explain_process(const ExplainInput& in) {
  Builder b(in);
  const RssSources& s = *in.sources;
  const ProcessRecord& rec = *in.record;
  Kib page_kib = in.page_kib_fallback;
  if (s.smaps && s.smaps->page_kib) page_kib = s.smaps->page_kib;
  RssFigures f;
  rss_sources(b, s, rec, page_kib, f);
  unreadable_reasons(b, s, rec);
  if (!(rec.identity_known && !rec.has_mm)) {
    counter_reasons(b, s, f);
    outside_reasons(b, s, page_kib);
  }
  sizes(b, s, rec, f);
  return b.take();
}

Explanation explain_group(std::span<const ProcessRecord> records, const FreesRow& all) {
  ExplainInput none;
  Builder b(none);
  const auto sum = [&](auto value) -> Kib {
    std::uint64_t total = 0;
    for (const ProcessRecord& r : records) {
      const Kib v = value(r);
      if (!v) return std::nullopt;
      total += *v;
    }
    return total;
  };
  b.row("group", "rss_sum", sum([](const ProcessRecord& r) { return r.status_size(r.vm_rss); }),
        "sum of status VmRSS: a page counts once for each process mapping it");
  b.row("group", "pss_sum", sum([](const ProcessRecord& r) { return r.smaps_size(SmapsKey::pss); }),
        "sum of Pss: the group's share of what it maps");
  b.row("group", "uss_sum", sum([](const ProcessRecord& r) { return r.uss(); }),
        "sum of USS: misses what members share only with each other");
  b.row_cell("group", "group_unique", all.group_unique_cell(),
             all.from_frames ? "page frames only the group maps: anonymous, shmem and page cache"
                             : "at least the sum of USS (without page frames)");
  b.row_cell("group", "group_frees", all.frees_cell(),
             all.from_frames
                 ? "what stopping the group frees: its anonymous pages, swap, dying objects"
                 : "at least (without page frames)");
  b.row("group", "shared_outside", all.from_frames ? all.shared_outside : std::nullopt,
        "resident frames processes outside the group map too");
  b.reason("group_sums", std::nullopt, "sums",
           "Across the group the sum of RSS counts a shared page once for every member that "
           "maps it; the sum of PSS divides it among all its mappers; the sum of USS leaves out "
           "the pages members share only with each other (copy-on-write after fork), which "
           "die with the group: group_unique counts each of those once.");
  return b.take();
}

}  // namespace memwho
