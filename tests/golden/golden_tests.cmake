# Golden tests: memwho run on the fixture proc trees of tests/fixtures (see the README there for
# the numbers behind every value), stdout + stderr + exit code compared byte for byte with
# tests/golden/<name>. Regenerate with MEMWHO_UPDATE_GOLDEN=1 ctest -R golden, then read every
# changed file and check it by hand against the fixtures before committing it.
#
# add_golden_test(<golden file> <expected exit code> <memwho args...>); the working directory
# is tests/, so fixture trees are named relative to it.

set(basic --proc-root fixtures/proc-basic)

# The default table: every process with an address space (no kernel threads, no zombie),
# sorted by PSS, a TOTAL row and the legend; the hostile name's command escaped.
add_golden_test(basic-table.txt 0 ${basic})
# TSV for scripts: integer KiB, escaped text, with and without the header.
add_golden_test(basic-tsv.txt 0 ${basic} --format=tsv)
add_golden_test(basic-tsv-no-header.txt 0 ${basic} --format=tsv --no-header)
# Chosen columns and sort key.
add_golden_test(columns-sort-uss.txt 0 ${basic} -o pid,name,pss,uss --sort uss)
add_golden_test(sort-name-ascending.txt 0 ${basic} -o pid,name,rss --sort name)
add_golden_test(sort-pid-forced-descending.txt 0 ${basic} -o pid,name --sort -pid)
# -n matches comm or the command's first word: the unicorn master and its 3 workers (comm
# "ruby", cmdline "unicorn worker[N] ..."); "worker" is only in the second word: no match.
add_golden_test(name-unicorn.txt 0 ${basic} -n unicorn)
add_golden_test(name-worker-no-match.txt 1 ${basic} -n worker)
add_golden_test(name-or.txt 0 ${basic} -n alpha -n bigdb -o pid,name)
# -u by a uid without a passwd entry (shown as digits on every machine); AND with -n.
add_golden_test(user-4242.txt 0 ${basic} -u 4242)
add_golden_test(user-and-name.txt 0 ${basic} -u 4242 -n batch -o pid,user,name)
add_golden_test(user-unknown.txt 2 ${basic} -u memwho-no-such-user)
# -p: an existing pid, a kernel thread and a missing pid (message on stderr, exit 0).
add_golden_test(pid-mixed.txt 0 ${basic} -p 100,2,99999)
add_golden_test(pid-kthreads-zombie.txt 0 ${basic} -p 2,3,200
  -o pid,user,state,name,command,vss,rss,pss,uss)
add_golden_test(pid-missing-only.txt 1 ${basic} -p 99999)
add_golden_test(pid-invalid.txt 2 ${basic} -p 12x)
# Usage errors exit 2.
add_golden_test(bad-option.txt 2 ${basic} --bogus)
add_golden_test(unknown-column.txt 2 ${basic} -o pid,bogus)
add_golden_test(unknown-sort.txt 2 ${basic} --sort bogus)
add_golden_test(proc-root-missing.txt 2 --proc-root /nonexistent)
# The hostile name (tab, ESC, backslash, newline) and command (ESC, newline, RLO, CSI, a
# literal backslash-x41) in both formats.
add_golden_test(hostile-table.txt 0 ${basic} -p 300 -o pid,name,command)
add_golden_test(hostile-tsv.txt 0 ${basic} -p 300 --format=tsv -o pid,name,command)
# A kernel before 4.14 (no smaps_rollup: smaps summed) and before 6.0 (no Pss_Dirty: '-',
# not 0); in TSV an unknown value is an empty field. The table shows pid 100 beside it so that
# the TOTAL row sums known values only (a TOTAL over no known value at all is '-', tested in
# tests/unit/columns_test.cpp).
add_golden_test(old-kernel-table.txt 0 ${basic} -p 100,400
  -o pid,vss,rss,pss,uss,swap,pss_dirty,pss_anon,swap_pss)
add_golden_test(old-kernel-tsv.txt 0 ${basic} -p 400 --format=tsv
  -o pid,vss,rss,pss,uss,swap,pss_dirty,pss_anon,swap_pss)
# Every column of the huge process, as integers.
add_golden_test(huge-tsv.txt 0 ${basic} -p 500 --format=tsv
  -o pid,vss,rss,rss_anon,rss_file,pss,pss_anon,pss_file,uss,shared,swap,swap_pss,vm_swap)
add_golden_test(list-columns.txt 0 --list-columns)
# Other trees: no pid at all (exit 1); read errors; memwho's own pid.
add_golden_test(empty-tree.txt 1 --proc-root fixtures/proc-empty)
add_golden_test(errors-table.txt 0 --proc-root fixtures/proc-errors)
add_golden_test(errors-no-smaps.txt 0 --proc-root fixtures/proc-errors -o pid,name,rss
  --sort pid)
add_golden_test(self-excluded.txt 0 --proc-root fixtures/proc-self -o pid,name)
add_golden_test(self-by-pid.txt 0 --proc-root fixtures/proc-self -p 21 -o pid,name)

# The maps view (fixtures/proc-maps, see its README section): pid 800's smaps holds every kind
# of mapping name (spaces, an escaped newline and a tab, an ESC byte, " (deleted)",
# [anon:NAME], memfd, /dev/zero, hugetlbfs, THP, 16-digit [vsyscall]) and a VMA with every field,
# a ProtectionKey line and an unknown future key. 801 maps libc and [anon:jemalloc] too.
set(maps --proc-root fixtures/proc-maps --maps)
add_golden_test(maps-table.txt 0 ${maps} -p 800)
add_golden_test(maps-tsv.txt 0 ${maps} -p 800 --format=tsv)
add_golden_test(maps-extended-tsv.txt 0 ${maps} -p 800 --format=tsv
  -o address,size,rss,anonymous,file_rss,shared_clean,shared_dirty,private_clean,private_dirty,pss_dirty,referenced,locked,anon_huge_pages,kernel_page_size,mmu_page_size,shared_hugetlb,private_hugetlb,ksm,lazy_free,swap,swap_pss,offset,device,inode,mode,vmflags,mapping)
add_golden_test(maps-two-processes-tsv.txt 0 ${maps} -p 800,801 --format=tsv)
add_golden_test(maps-by-file.txt 0 ${maps} --by=file -p 800,801)
add_golden_test(maps-by-file-tsv.txt 0 ${maps} --by=file -p 800,801 --format=tsv)
add_golden_test(maps-by-file-sort-name.txt 0 ${maps} --by=file -p 800 --sort mapping)
# By file over one shown process of several selected: the table is named after the one shown
# (805), not after the first selected (802, a kernel thread with nothing to map).
add_golden_test(maps-by-file-one-shown.txt 0 ${maps} --by=file -p 802,805)
# A process that exits during the read (804: smaps cut short) is left out of the by-file sums,
# and the table says so; exit 3 (incomplete). Alone, nothing is shown: still exit 3.
add_golden_test(maps-by-file-cut-short.txt 3 ${maps} --by=file -p 804,805)
add_golden_test(maps-by-file-cut-short-only.txt 3 ${maps} --by=file -p 804)
add_golden_test(maps-cut-short-tsv.txt 3 ${maps} -p 804 --format=tsv)
# A smaps cut short (no VmFlags on its last record, as when the process exits mid-read), a
# kernel thread, a zombie and a missing pid: each named on stderr; 804's rows marked incomplete,
# no totals, exit 3.
add_golden_test(maps-gone-and-empty.txt 3 ${maps} -p 804,802,803,999)
add_golden_test(maps-kthread-only.txt 1 ${maps} -p 802)
add_golden_test(maps-list-columns.txt 0 --maps --list-columns)
add_golden_test(maps-no-selection.txt 2 ${maps})
add_golden_test(maps-sort-per-mapping.txt 2 ${maps} -p 800 --sort rss)
add_golden_test(maps-by-without-maps.txt 2 --proc-root fixtures/proc-maps --by=file -p 800)
add_golden_test(maps-unknown-column.txt 2 ${maps} -p 800 -o address,processes)

# No raw control byte, C1 control or bidi control may reach stdout, whatever the fixture holds.
function(add_clean_output_test name)
  add_test(NAME "golden: ${name}"
    COMMAND ${CMAKE_COMMAND}
      -DMEMWHO=$<TARGET_FILE:memwho>
      "-DARGS=${ARGN}"
      -DSCRATCH=${CMAKE_CURRENT_BINARY_DIR}/clean-output-${name}.out
      -P ${CMAKE_CURRENT_SOURCE_DIR}/golden/check_clean_output.cmake
    WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR})
endfunction()
add_clean_output_test(clean-table ${basic} -p 300 -o pid,user,name,command,pss)
add_clean_output_test(clean-tsv ${basic} -p 300 --format=tsv -o pid,user,name,command,pss)
add_clean_output_test(clean-maps-table --proc-root fixtures/proc-maps --maps -p 800)
add_clean_output_test(clean-maps-tsv --proc-root fixtures/proc-maps --maps -p 800 --format=tsv)

# Real applications as Debian runs them (fixtures/proc-apps): selection like pgrep, titles,
# and terminal widths with CJK, emoji and combining characters.
set(apps --proc-root fixtures/proc-apps)
# -n postgres: the server processes (comm postgres), never psql, which Debian starts as
# /usr/lib/postgresql/15/bin/psql: only the program's name counts, not its directory.
add_golden_test(apps-name-postgres.txt 0 ${apps} -n postgres -o pid,name,command)
add_golden_test(apps-name-lib.txt 1 ${apps} -n lib)
add_golden_test(apps-name-bin-tsv.txt 1 ${apps} -n bin --format=tsv -o pid,command)
# -f matches anywhere in the command line; -x matches whole names or command lines.
add_golden_test(apps-full-checkpointer.txt 0 ${apps} -f checkpointer -o pid,command)
add_golden_test(apps-full-pool.txt 0 ${apps} -f "pool www" -o pid,command)
add_golden_test(apps-full-worker1.txt 0 ${basic} -f "worker[1]" -o pid,command)
add_golden_test(apps-exact-php-fpm.txt 0 ${apps} -x -n php-fpm -o pid,name,command)
add_golden_test(apps-exact-php.txt 1 ${apps} -x -n php -o pid,name,command)
add_golden_test(apps-login-shell.txt 0 ${apps} -x -n bash -o pid,command)
add_golden_test(apps-name-and-full.txt 0 ${apps} -n postgres -f writer -o pid,command)
# An empty name or text would match everything: a usage error. (CMake drops an empty "" argument,
# so the tests pass --name= and --full=.)
add_golden_test(apps-empty-name.txt 2 ${apps} --name=)
add_golden_test(apps-empty-full.txt 2 ${apps} --full=)
# No match, in every view and format: one stderr line naming the selection, exit 1; TSV keeps
# its header.
add_golden_test(nomatch-table.txt 1 ${apps} -n nosuch)
add_golden_test(nomatch-tsv.txt 1 ${apps} -n nosuch -f "a b" -u 0 --format=tsv)
add_golden_test(nomatch-maps.txt 1 ${apps} --maps -n nosuch)
add_golden_test(nomatch-maps-tsv.txt 1 ${apps} --maps -n nosuch --format=tsv)
add_golden_test(nomatch-by-file.txt 1 ${apps} --maps --by=file -x -n nosuch)
# Terminal widths: at 80 columns sizes turn compact and COMMAND is cut with a marker; at 40
# each process is a block of lines; a non-UTF-8 locale marks cuts with '+'; every line fits.
add_golden_test_env(apps-columns-120.txt 0 "COLUMNS=120" ${apps})
add_golden_test_env(apps-columns-80.txt 0 "COLUMNS=80" ${apps})
add_golden_test_env(apps-columns-40.txt 0 "COLUMNS=40" ${apps})
add_golden_test_env(apps-columns-80-c-locale.txt 0 "COLUMNS=80;LC_ALL=C" ${apps} -p 1000,1050)
add_golden_test_env(apps-columns-wide-flag.txt 0 "COLUMNS=40" ${apps} -p 1000 --wide)
# A wide name column keeps the columns after it aligned (cells, not bytes or code points).
add_golden_test(apps-cjk-name-aligned.txt 0 ${apps} -p 1050,1040,1031 -o pid,name,pss,command)
# A cut never splits a character: at 22 cells the cut lands inside 数据库, a wide character that
# would stick out one cell is left out whole (the line is 21 cells); at 13 on the emoji.
add_golden_test_env(apps-cut-wide-character.txt 0 "COLUMNS=22" ${apps} -p 1050 -o pid,pss,command)
add_golden_test_env(apps-cut-emoji.txt 0 "COLUMNS=13" ${apps} -p 1050 -o pid,pss,command)
# Totals: only columns that add up; SHARED and RSS_SHMEM are named as left out.
add_golden_test(totals-shared-left-out.txt 0 ${basic} -n unicorn -o pid,uss,shared,rss_shmem)
add_golden_test(totals-no-summable.txt 0 ${basic} -n unicorn -o pid,rss,swap)
# The maps view's PSS total is smaps_rollup's exact figure, with the rows' truncated sum in a
# note (805); without a rollup (806, a kernel before 4.14) the note gives the possible shortfall.
add_golden_test(maps-pss-exact-total.txt 0 ${maps} -p 805,806)
add_golden_test(maps-pss-exact-by-file.txt 0 ${maps} --by=file -p 805)

# Malformed files (fixtures/proc-malformed): every one '-' with a message naming the file, no
# number read off a prefix ("0x10 kB", "12abc kB", "12 MB"), no value added twice, no sum that
# overflowed, no row lost, no "0100" read as pid 100.
set(malformed --proc-root fixtures/proc-malformed)
add_golden_test(malformed-table.txt 0 ${malformed})
add_golden_test(malformed-tsv.txt 0 ${malformed} --format=tsv -o pid,name,vss,rss,pss,uss)
add_golden_test(malformed-by-pid.txt 0 ${malformed} -p 11,14,15 -o pid,name,vss,rss,pss,uss)
add_golden_test(malformed-overflow.txt 0 ${malformed} -p 16,17,18 -o pid,rss,uss,private_dirty)
# Lookalike names: an invisible U+200B is escaped; in a non-UTF-8 locale every byte >= 0x80 is
# (c3 9b would reach a Latin-1 terminal as CSI), and the cut marker is '+'.
add_golden_test(malformed-lookalike.txt 0 ${malformed} -p 19 -o pid,name,command)
add_golden_test_env(malformed-lookalike-c-locale.txt 0 "LC_ALL=C" ${malformed} -p 19
  -o pid,name,command)
add_golden_test_env(hostile-table-c-locale.txt 0 "LC_ALL=C" ${basic} -p 300 -o pid,name,command)
# The same library path in two containers is two files: by file, two rows.
add_golden_test(maps-by-file-same-path.txt 0 ${maps} --by=file -p 800,807 --sort mapping
  -o rss,pss,processes,mapping)

# Every view in every format, with the hostile names (tab, newline, ESC, backslash, RLO, C1 CSI,
# invalid UTF-8, quotes and commas): tests/formats/check_formats.py also parses each back with a
# real parser (Python's csv and json, promtool).
foreach(format csv json openmetrics)
  add_golden_test(formats-processes-${format}.txt 0 ${basic} -p 100,300,400,600,2 --format=${format}
    -o pid,user,name,command,vss,rss,pss,uss,pss_dirty)
  add_golden_test(formats-malformed-${format}.txt 0 ${malformed} -p 11,14,19,20 --format=${format}
    -o pid,name,command,rss,pss)
  add_golden_test(formats-mappings-${format}.txt 0 ${maps} -p 800 --format=${format})
  add_golden_test(formats-two-processes-${format}.txt 3 ${maps} -p 804,805 --format=${format})
  add_golden_test(formats-objects-${format}.txt 0 ${maps} --by=file -p 800,801 --format=${format})
  add_golden_test(formats-nomatch-${format}.txt 1 ${apps} -n nosuch --format=${format})
endforeach()
add_golden_test(formats-tsv-bytes.txt 0 ${basic} -n unicorn --format=tsv --units=bytes
  -o pid,rss,pss)
add_golden_test(formats-csv-bytes.txt 0 ${maps} --by=file -p 805 --format=csv --units=bytes)
add_golden_test(formats-bad-format.txt 2 ${basic} --format=xml)
add_golden_test(formats-bad-units.txt 2 ${basic} --units=mb)

# Whole applications (issue 10). Groups by program: rewritten titles fall under their
# application (postgres: 4 processes; nginx 3; php-fpm 2); psql is its own program.
set(v2 --sys-root fixtures/sys-v2)
set(v1 --proc-root fixtures/proc-cgroup-v1 --sys-root fixtures/sys-v1)
add_golden_test(groups-name.txt 0 ${apps} --group=name)
add_golden_test(groups-user.txt 0 ${apps} --group=user)
# By cgroup, v2: each cgroup's charge beside its processes' PSS, the gap explained; a container
# scope shown by its id; a cgroup gone from /sys (the docker one) has an unknown charge.
add_golden_test(groups-cgroup-v2.txt 0 ${apps} --group=cgroup ${v2})
# v1 (the memory controller's line wins over "0::"): a path with ".." is never followed, an
# unreadable cgroup file groups under "-" with a message.
add_golden_test(groups-cgroup-v1.txt 0 ${v1} --group=cgroup)
add_golden_test(groups-cgroup-no-sys.txt 0 ${apps} --group=cgroup --sys-root /nonexistent)
# Sorting by a charge column not shown still reads the charge (largest charge first).
add_golden_test(groups-sort-by-charge.txt 0 ${apps} --group=cgroup ${v2} -o group,pss
  --sort cgroup_charge)
add_golden_test(groups-cgroup-columns.txt 0 ${apps} --group=cgroup ${v2}
  -o group,processes,pss,cgroup_charge,cgroup_shmem,cgroup_sock --sort cgroup_charge)
# A group with an unreadable member: its sums are lower bounds, marked ">=".
add_golden_test(groups-bound.txt 0 --proc-root fixtures/proc-errors --group=user)
add_golden_test(groups-list-columns.txt 0 --group=cgroup --list-columns)
add_golden_test(groups-cgroup-column-by-name.txt 2 ${apps} --group=name -o group,cgroup_charge)
# The tree: parents above children, each subtree's PSS and USS; roots and siblings by subtree
# PSS; with an unreadable process the subtree sums are lower bounds.
add_golden_test(tree.txt 0 ${apps} --tree)
add_golden_test(tree-bound.txt 0 --proc-root fixtures/proc-errors --tree)
add_golden_test(tree-list-columns.txt 0 --tree --list-columns)
# --descendants pulls in children whatever their names (bash's psql).
add_golden_test(tree-descendants.txt 0 ${apps} -x -n bash --descendants --tree)
add_golden_test(descendants-flat.txt 0 ${apps} -p 1020 --descendants -o pid,ppid,pss,command)
# --top and --min in every view, with a footer for what they left out.
add_golden_test(top-processes.txt 0 ${apps} --top 3)
add_golden_test(min-processes.txt 0 ${apps} --min 12M -o pid,pss,uss,command)
add_golden_test(top-groups.txt 0 ${apps} --group=name --top 2)
add_golden_test(min-groups-uss.txt 0 ${apps} --group=name --sort uss --min 10M)
add_golden_test(top-tree.txt 0 ${apps} --tree --top 2)
add_golden_test(min-mappings.txt 0 ${maps} -p 800 --min 8)
add_golden_test(top-objects.txt 0 ${maps} --by=file -p 800,801 --top 2)
add_golden_test(top-zero.txt 2 ${apps} --top 0)
add_golden_test(min-not-a-size.txt 2 ${apps} --min 12Q)
add_golden_test(min-text-sort.txt 2 ${apps} --min 1M --sort command)
add_golden_test(top-mappings.txt 2 ${maps} -p 800 --top 3)
add_golden_test(views-conflict.txt 2 ${apps} --tree --group=name)
foreach(format tsv csv json openmetrics)
  add_golden_test(formats-groups-${format}.txt 0 ${apps} --group=cgroup ${v2} --format=${format})
  add_golden_test(formats-tree-${format}.txt 0 ${apps} --tree --format=${format}
    -o pid,ppid,depth,pss,uss,subtree_pss,subtree_uss,subtree_processes,tree)
  add_golden_test(formats-top-${format}.txt 0 ${apps} --group=name --top 2 --format=${format})
  add_golden_test(formats-bound-${format}.txt 0 --proc-root fixtures/proc-errors --group=user
    --format=${format})
endforeach()
# --descendants in the maps views too: 800 and its worker 801 (803, its zombie child, has no
# memory to map and is not pulled in).
add_golden_test(maps-descendants-by-file.txt 0 ${maps} --by=file -p 800 --descendants
  -o pss,processes,mapping)

# What stopping frees, offline (fixtures/proc-frames: a unicorn master and two workers with
# their page frames, kpagecount/kpageflags and a SysV segment; see its README): exact figures,
# the sharing view, the shared memory view, per-group columns, and every format.
set(frames --proc-root fixtures/proc-frames)
add_golden_test(frames-table.txt 0 ${frames} -n unicorn)
add_golden_test(frames-sharing.txt 0 ${frames} --sharing -n unicorn)
add_golden_test(frames-shmem.txt 0 ${frames} --shmem -n unicorn)
add_golden_test(frames-groups.txt 0 ${frames} --group=name -o group,processes,pss,uss,group_unique,group_unique_anon,group_unique_shmem,group_unique_file,shared_outside,shmem_objects,frees)
add_golden_test(frames-tsv.txt 0 ${frames} -n unicorn --format=tsv -o pid,frees,group_unique,group_unique_anon,private,shared_group,shared_outside,cow_parent,cow_shared,cow_percent)
add_golden_test(frames-json.txt 0 ${frames} -n unicorn --format=json -o pid,pss,uss,frees)
add_golden_test(frames-openmetrics.txt 0 ${frames} -n unicorn --format=openmetrics -o pid,frees,group_unique)
add_golden_test(frames-shmem-list-columns.txt 0 --shmem --list-columns)
add_golden_test(frames-sharing-needs-selection.txt 2 --sharing)

# memwho diff A B on two trees with known differences (fixtures/proc-diff-a and -b; their
# README section derives every change). Neither tree has a boot id, so by default processes
# pair by pid and start time, the rest by command line: grower +10 MiB, shrinker -8 MiB, app
# paired across pids 500 -> 700, pid 400 reused (cron gone, backup new), oldjob gone, newd new.
set(diff diff fixtures/proc-diff-a fixtures/proc-diff-b)
add_golden_test(diff-table.txt 0 ${diff})
foreach(format tsv csv json openmetrics)
  add_golden_test(diff-${format}.txt 0 ${diff} --format=${format})
endforeach()
# The rules one at a time: one boot (app is a restart: gone and new), different boots (pid
# 400's two programs stay apart; every pair is by command line).
add_golden_test(diff-match-pid.txt 0 ${diff} --match=pid -o pid_before,pid_after,match,pss_change,command)
add_golden_test(diff-match-cmdline.txt 0 ${diff} --match=cmdline
  -o pid_before,pid_after,match,pss_change,command)
# Per group (user), per mapped object, and the shared options: selection, --sort, --top, units.
add_golden_test(diff-group-user.txt 0 ${diff} --group=user)
add_golden_test(diff-group-name-tsv.txt 0 ${diff} --group=name --format=tsv)
add_golden_test(diff-by-file.txt 0 ${diff} --maps --by=file -n grower -n shrinker)
add_golden_test(diff-by-file-json.txt 0 ${diff} --maps --by=file -n grower -n shrinker
  --format=json)
add_golden_test(diff-select-top.txt 0 ${diff} -u 4242 --sort -uss_change --top 2)
add_golden_test(diff-bytes-csv.txt 0 ${diff} -p 100,200 --format=csv --units=bytes
  -o pid,pss_change,swap_change --no-header)
# Bad input: a missing tree, a view that does not go with diff, one tree only.
add_golden_test(diff-missing-tree.txt 2 diff fixtures/proc-diff-a /nonexistent)
add_golden_test(diff-maps-per-mapping.txt 2 ${diff} --maps -p 100)
add_golden_test(diff-one-tree.txt 2 diff fixtures/proc-diff-a)
add_golden_test(diff-list-columns.txt 0 diff --list-columns)

# --explain (issue 13): every RSS source side by side, the reasons they differ on each kernel
# (tests/fixtures/README.md, "proc-explain-6.1 and proc-explain-6.18"), the group as a whole.
add_golden_test(explain-6.1.txt 0 --proc-root fixtures/proc-explain-6.1 --explain -p 100 -p 200)
add_golden_test(explain-6.18.txt 0 --proc-root fixtures/proc-explain-6.18 --explain -n busy -n hugeshm)
add_golden_test(explain-kthread.txt 0 --proc-root fixtures/proc-explain-6.18 --explain -p 300)
add_golden_test(explain-json.txt 0 --proc-root fixtures/proc-explain-6.18 --explain -p 100 --format=json)
add_golden_test(explain-tsv.txt 0 --proc-root fixtures/proc-explain-6.1 --explain -p 100 --format=tsv)
add_golden_test(explain-needs-selection.txt 2 --proc-root fixtures/proc-explain-6.18 --explain)
add_golden_test(explain-list-columns.txt 0 --explain --list-columns)
