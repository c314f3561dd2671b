#include "memwho/report/shmem_report.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <iterator>

#include "memwho/report/table_report.hpp"

namespace memwho {
namespace {

std::vector<Label> object_labels(const ShmemObject& o, std::string& scratch) {
  scratch = std::to_string(o.id.ino);
  return {{"kind", shmem_kind_name(o.kind)}, {"object", o.name}, {"inode", scratch}};
}

}  // namespace

void report_shmem(const std::vector<ShmemObject>& objects, std::size_t kept,
                  const std::vector<const ShmemColumn*>& columns, ViewInfo view,
                  ReportWriter& writer, const RowLimit& limit, std::string_view key_title,
                  std::span<const int> unseen, std::size_t unread) {
  view.name = "shmem";
  view.row = "shmem_object";
  view.columns = metas_of(columns);
  view.fixed_widths = false;
  view.blocks_are_processes = false;
  const RowWords<ShmemObject> words{"shared memory object", "shared memory objects",
                                    [](std::span<const ShmemObject> rows) {
                                      return fmt::format("{} shared memory {}", rows.size(),
                                                         rows.size() == 1 ? "object" : "objects");
                                    }};
  std::vector<Note> extra;
  if (objects.empty() && unread == 0) {
    extra.push_back({NoteKind::footer, "shmem_none",
                     "The selected processes map or hold no shared memory object (SysV, "
                     "/dev/shm, memfd, anonymous shared).",
                     std::nullopt});
  }
  if (unread > 0) {
    extra.push_back({NoteKind::footer, "shmem_partial",
                     fmt::format("The mappings of {} of the selected processes could not be read "
                                 "(not root, or refused): their shared memory objects are not "
                                 "listed.",
                                 unread),
                     std::nullopt});
  }
  const auto shown = std::span<const ShmemObject>(objects).first(kept);
  const bool any = !shown.empty();
  if (any) {
    Note n{NoteKind::footer, "shmem_dies", {}, std::nullopt};
    n.text =
        "WHOLE is all of an object's pages, resident or swapped, mapped now or by no one (those "
        "are in no process's PSS). DIES yes: it has no name left (memfd, anonymous shared; a "
        "SysV segment once removed; a /dev/shm file once unlinked) and no process outside the "
        "selection maps it or holds it open, so stopping the selection frees WHOLE.";
    const auto assumed = std::count_if(shown.begin(), shown.end(), [](const ShmemObject& o) {
      return o.dies == true && !o.holders_known;
    });
    if (assumed > 0 && !unseen.empty()) {
      fmt::format_to(std::back_inserter(n.text),
                     " {} of them {} only if {} {}, which memwho could not read, {} none of "
                     "the objects.",
                     assumed, assumed == 1 ? "dies" : "die",
                     unseen.size() == 1 ? "process" : "processes",
                     fmt::join(unseen.first(std::min<std::size_t>(unseen.size(), 5)), ", "),
                     unseen.size() == 1 ? "holds" : "hold");
    }
    extra.push_back(std::move(n));
  }
  report_table(objects, kept, columns, view, writer, object_labels, words, limit, key_title,
               std::move(extra));
}

}  // namespace memwho
