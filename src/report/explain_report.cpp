#include "memwho/report/explain_report.hpp"

#include <fmt/format.h>

#include "memwho/model/explain_columns.hpp"

namespace memwho {
namespace {

void block(const Explanation& e, BlockInfo info, ReportWriter& writer,
           const std::vector<const ExplainColumn*>& columns) {
  writer.begin_block(info);
  std::vector<Cell> cells(columns.size());
  std::string pid_text;
  for (const ExplainRow& r : e.rows) {
    for (std::size_t i = 0; i < columns.size(); ++i) cells[i] = columns[i]->value(r);
    pid_text = r.pid ? std::to_string(*r.pid) : std::string();
    const Label labels[] = {{"pid", pid_text}, {"kind", r.kind}, {"item", r.item}};
    writer.row(cells, r.pid ? std::span<const Label>(labels) : std::span(labels).subspan(1));
  }
  BlockEnd end;
  end.show_totals = false;  // the rows are different figures: no sum means anything
  for (const ExplainReason& reason : e.reasons) {
    end.notes.push_back(
        {NoteKind::footer, reason.code, fmt::format("{}: {}", reason.code, reason.text), info.pid});
  }
  writer.end_block(end);
}

}  // namespace

Note kernel_note(std::string_view kernel, RssCounting counting) {
  const std::string name =
      kernel.empty() ? "The kernel's release is unknown" : fmt::format("Kernel {}", kernel);
  std::string text;
  switch (counting) {
    case RssCounting::exact_status:
      text = fmt::format(
          "{}: status and statm RSS are exact (6.16 and later, commit "
          "82241a83cd15); stat field 24 still reads the per-CPU counters "
          "without their pending parts.",
          name);
      break;
    case RssCounting::maybe_exact:
      text = fmt::format(
          "{}: a 6.12 or 6.15 stable kernel; status and statm are exact only if "
          "it carries the backport of commit 82241a83cd15.",
          name);
      break;
    case RssCounting::per_cpu:
      text = fmt::format(
          "{}: stat, statm and status read per-CPU RSS counters without their "
          "pending parts (6.2 to 6.15); only the page-table walks of smaps and "
          "smaps_rollup are exact.",
          name);
      break;
    case RssCounting::per_thread:
      text = fmt::format(
          "{}: stat, statm and status read RSS counters each thread updates "
          "only every 64 page faults (before 6.2); only the page-table walks of "
          "smaps and smaps_rollup are exact.",
          name);
      break;
    case RssCounting::unknown:
      text = name + ": whether its RSS counters are exact cannot be said.";
      break;
  }
  return {NoteKind::footer, "kernel", std::move(text), std::nullopt};
}

void report_explain(std::span<const ExplainedProcess> processes,
                    const std::optional<Explanation>& group, std::string_view group_title,
                    ViewInfo view, ReportWriter& writer) {
  const std::vector<const ExplainColumn*> columns = default_explain_columns();
  view.name = "explain";
  view.row = "figure";
  view.columns = metas_of(columns);
  view.fixed_widths = true;  // KiB, side by side, as pmap prints them
  view.blocks_are_processes = true;
  view.block_rows = "figures";
  writer.begin(view);
  for (const ExplainedProcess& p : processes) {
    const ProcessRecord& r = *p.record;
    BlockInfo info;
    info.title = fmt::format("{}: {}", r.pid, r.command.empty() ? r.name : r.command);
    info.pid = r.pid;
    info.name = r.name;
    info.command = r.command;
    info.user = r.user;
    block(p.explanation, std::move(info), writer, columns);
  }
  if (group) {
    BlockInfo info;
    info.title = std::string(group_title);
    info.name = "group";
    block(*group, std::move(info), writer, columns);
  }
}

}  // namespace memwho
