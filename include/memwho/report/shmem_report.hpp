#pragma once
// The shared memory view (--shmem) as a report: one block, a row an object, totals of the sizes
// (objects are distinct: they add up), and a footer on what dies with the selection.
#include <span>
#include <vector>

#include "memwho/model/shmem_columns.hpp"
#include "memwho/report/report.hpp"
#include "memwho/report/row_limit.hpp"

namespace memwho {

/// `unseen`: processes memwho could not read; an object counted as dying assumes they hold
/// none of it, and the footer says so. `unread`: selected processes whose mappings could not be
/// read (their objects are missing from the list).
void report_shmem(const std::vector<ShmemObject>& objects, std::size_t kept,
                  const std::vector<const ShmemColumn*>& columns, ViewInfo view,
                  ReportWriter& writer, const RowLimit& limit, std::string_view key_title,
                  std::span<const int> unseen, std::size_t unread);

}  // namespace memwho
