#pragma once
// The columns of the shared memory view (--shmem): one row a shared memory object the selected
// processes map or hold open (SysV, /dev/shm, memfd, anonymous MAP_SHARED), with its whole size
// and whether it dies with them.
#include <span>
#include <vector>

#include "memwho/aggregate/frees.hpp"
#include "memwho/model/column.hpp"

namespace memwho {

using ShmemColumn = Column<ShmemObject>;
using ShmemSortKey = SortKey<ShmemObject>;

std::span<const ShmemColumn> shmem_columns();
const ShmemColumn* find_shmem_column(std::string_view key);
/// KIND SIZE WHOLE MAPPED HOLDERS DIES OBJECT.
std::vector<const ShmemColumn*> default_shmem_columns();
/// Sorts objects by the key; unknown values last, ties by inode.
void sort_objects(std::vector<ShmemObject>& objects, const ShmemSortKey& key);

}  // namespace memwho
