#pragma once
// The columns of --explain: a row a figure (an RSS source, a difference and its reason, a size
// applied to the process or its group), so that every format carries the same figures and codes.
#include <span>
#include <vector>

#include "memwho/aggregate/explain.hpp"
#include "memwho/model/column.hpp"

namespace memwho {

using ExplainColumn = Column<ExplainRow>;

std::span<const ExplainColumn> explain_columns();
/// Every column, in table order: PID KIND ITEM KIB DIFF READ_US FROM.
std::vector<const ExplainColumn*> default_explain_columns();

}  // namespace memwho
