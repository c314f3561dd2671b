#!/usr/bin/env python3
"""memwho benchmark: memwho against the kernel floor and against peer tools, on known scenes.

Each scene is a tree of "preforking server" processes built by memwho-scene
(tests/tools/scene.cpp) with known memory. For every row of ROWS that applies to a scene, the
runner times the row and its kernel floor (a plain `cat` of exactly the /proc files memwho
reads) back to back, repeatedly, and reports medians and paired ratios as Markdown.

See tests/bench/README.md for the method and how to read the output. Python 3 stdlib only.
"""

import argparse
import atexit
import datetime
import json
import os
import platform
import re
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field

# --------------------------------------------------------------------------------------------
# What is measured. Adding a row or a scene is one line.
# --------------------------------------------------------------------------------------------

# Every scene process: 32 MiB COW-shared with its group + 4 MiB private (workers) + 225 one-page
# mappings + libc/stack, i.e. about 37 MB resident and 250 VMAs. Groups are 1 master + 9
# workers, named mwb00, mwb01, ... so that `memwho -n` can pick exactly one group.
_SCENE_PROC = "--workers 9 --shared-mib 32 --private-mib 4 --maps 225 --name mwb --numbered"


@dataclass
class Scene:
    key: str
    title: str
    args: str  # memwho-scene arguments


SCENES = [
    Scene("p50", "50 scene processes (5 groups of 1 master + 9 workers)", "--groups 5 " + _SCENE_PROC),
    Scene("p300", "300 scene processes (30 groups)", "--groups 30 " + _SCENE_PROC),
    Scene("p1000", "1,000 scene processes (100 groups)", "--groups 100 " + _SCENE_PROC),
    Scene("maps20k", "one process with 20,000 mappings",
          "--groups 1 --workers 0 --shared-mib 16 --maps 20000 --name mwmaps"),
    Scene("frees2g", "10 processes holding 2 GiB (1 GiB copy-on-write shared + 9 x 100 MiB)",
          "--groups 1 --workers 9 --shared-mib 1024 --private-mib 100 --name mwfree"),
    Scene("watch1000", "1,000 scene processes watched at 1 Hz; the 10 of group 0 map and unmap "
          "1 MiB every second", "--groups 100 --churn-groups 1 " + _SCENE_PROC),
]

ALL = ("p50", "p300", "p1000")  # the whole-system scenes

# Floors: the /proc reads memwho does for the row, done by `cat` (see floor_argvs()).
#   all      status + cmdline of every PID, smaps_rollup of every user process; one cat
#   all-par  the same files split over one cat per CPU, run at once (wall = the slowest cat)
#   name     status + cmdline of every PID, smaps_rollup of the selected group only
#   maps     /proc/PID/smaps of the selected process
#   frames   the name floor's files, then the group's pagemaps over their mappings, in one
#            process (memwho-bench-floor-frames): what an exact "what stopping frees" must read
#            at least (it reads kpagecount and kpageflags of the frames too)


@dataclass
class Row:
    name: str
    scenes: tuple
    floor: str
    command: str  # shell words; {memwho}, {pid} (selected process), {group} (selected group name)

    @property
    def is_memwho(self):
        return self.command.startswith("{memwho}")


ROWS = [
    Row("memwho --jobs 1", ALL, "all", "{memwho} --jobs 1"),
    Row("memwho (parallel)", ALL, "all-par", "{memwho}"),
    Row("memwho -n {group}", ("p1000",), "name", "{memwho} -n {group}"),
    Row("memwho -n {group} --format=tsv", ("p1000",), "name", "{memwho} -n {group} --format=tsv"),
    Row("memwho -x -n {group}", ("frees2g",), "frames", "{memwho} -x -n {group}"),
    Row("memwho --format=tsv", ("p1000",), "all-par", "{memwho} --format=tsv"),
    Row("memwho --format=json", ("p1000",), "all-par", "{memwho} --format=json"),
    Row("memwho --group=name", ("p1000",), "all-par", "{memwho} --group=name"),
    Row("memwho --maps -p {pid}", ("maps20k",), "maps", "{memwho} --maps -p {pid}"),
    Row("ps -eo pid,rss,pss,uss,comm", ALL, "all", "ps -eo pid,rss,pss,uss,comm"),
    Row("smem", ALL, "all", "smem"),
    Row('smem -c "pid pss uss"', ALL, "all", "smem -c 'pid pss uss'"),
    Row("smemstat", ALL, "all", "smemstat"),
    Row("ps_mem", ALL, "all", "ps_mem"),
    Row("pmap -x {pid}", ("maps20k",), "maps", "pmap -x {pid}"),
    Row("pmap -X {pid}", ("maps20k",), "maps", "pmap -X {pid}"),
]

FLOOR_TITLES = {
    "all": "floor: cat status+cmdline+smaps_rollup",
    "all-par": "floor: same files, {n} cats at once",
    "name": "floor: cat status+cmdline (all) + smaps_rollup (group)",
    "maps": "floor: cat /proc/PID/smaps",
    "frames": "floor: the name floor + the group's pagemaps",
}

SELECTED_GROUP = 42  # the group that `-n` selects in the 1,000-process scene

# The watch scene: memwho --interval 1 for WATCH_SECONDS, its CPU time over its wall time. Group
# 0's 10 processes change every second; `-n` watches a steady group, and the changing one.
WATCH_SECONDS = 60
WATCH_ROWS = [  # name, command ({group}: a group's name), group, target in % of one core
    ("memwho --interval 1", "{memwho} --interval 1", None, 10.0),
    ("memwho --interval 1 --reread-every 1", "{memwho} --interval 1 --reread-every 1", None, None),
    ("memwho --interval 1 -n {group}", "{memwho} --interval 1 -n {group}", SELECTED_GROUP, 1.0),
    ("memwho --interval 1 -n {group} (changing)", "{memwho} --interval 1 -n {group}", 0, None),
]
COMMAND_TIMEOUT_S = 600
PF_KTHREAD = 0x00200000

# --------------------------------------------------------------------------------------------
# Running commands
# --------------------------------------------------------------------------------------------

RUNNER = None  # path of memwho-bench-run (bench_run.cpp), set in main()
FRAMES_FLOOR = None  # path of memwho-bench-floor-frames (pagemap_floor.cpp), set in main()


def _on_terminate(signum, frame):
    # Turn SIGTERM/SIGHUP into an exception so that every `finally` (scene teardown) runs.
    raise SystemExit(128 + signum)


@dataclass
class Sample:
    wall_ms: float
    cpu_ms: float  # user + system of the commands and their reaped descendants
    maxrss_kib: int
    ok: bool


def run_at_once(argvs, stdout="/dev/null", stderr="/dev/null"):
    """Starts every argv at the same moment and waits for all of them, through the small C++
    helper memwho-bench-run: wall time runs from the first fork() to the last exit, CPU time
    and peak RSS come from wait4(). (Timing from Python would make every ru_maxrss at least
    the interpreter's RSS, see bench_run.cpp.)"""
    spec = [RUNNER, str(COMMAND_TIMEOUT_S), stdout, stderr, str(len(argvs))]
    for argv in argvs:
        spec += [str(len(argv))] + argv
    proc = subprocess.run(spec, capture_output=True, text=True)
    if proc.returncode == 124:
        raise RuntimeError(f"command ran longer than {COMMAND_TIMEOUT_S} s: {argvs[0][:4]}")
    if proc.returncode != 0:
        raise RuntimeError(f"memwho-bench-run failed ({proc.returncode}): {proc.stderr.strip()}")
    wall_ns, cpu_us, maxrss, worst = proc.stdout.split()
    return Sample(int(wall_ns) / 1e6, float(cpu_us) / 1e3, int(maxrss), int(worst) == 0)


# --------------------------------------------------------------------------------------------
# Scenes
# --------------------------------------------------------------------------------------------


class RunningScene:
    """A memwho-scene controller and the PIDs it reported. Always use it as a context manager:
    leaving the block (normally, by exception or by signal) tears the scene down."""

    def __init__(self, scene_bin, scene):
        self.scene = scene
        self.argv = [scene_bin] + shlex.split(scene.args) + ["--timeout", "300"]
        self.proc = None
        self.controller_pid = None
        self.procs = []  # (role, pid, group)
        self.build_s = 0.0

    def __enter__(self):
        start = time.monotonic()
        # stdin stays open for as long as the scene must live: closing it (or our death)
        # makes the controller kill and reap every scene process.
        self.proc = subprocess.Popen(self.argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True)
        try:
            for line in self.proc.stdout:
                line = line.rstrip("\n")
                if line == "ready":
                    break
                role, pid, group = line.split("\t")
                self.procs.append((role, int(pid), int(group)))
            else:
                raise RuntimeError(f"memwho-scene exited before it was ready: {self.argv}")
        except BaseException:
            self.teardown()
            raise
        self.build_s = time.monotonic() - start
        self.controller_pid = self.proc.pid
        return self

    def __exit__(self, *exc):
        self.teardown()
        return False

    def teardown(self):
        if self.proc is None:
            return
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        # The controller SIGKILLs and reaps everything it made; kill any survivor by PID
        # anyway (a survivor would be a bug in memwho-scene, reported by leftovers()).
        for _, pid, _ in self.procs:
            if _is_scene_process(pid):
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        self.proc.stdout.close()
        self.proc = None

    def leftovers(self):
        left = [pid for _, pid, _ in self.procs if _is_scene_process(pid)]
        if self.controller_pid and os.path.exists(f"/proc/{self.controller_pid}"):
            left.append(self.controller_pid)  # reaped by Popen.wait(), so it would be a reuse
        return left

    def group_pids(self, group):
        return [pid for _, pid, g in self.procs if g == group]

    def group_name(self, group):
        with open(f"/proc/{self.group_pids(group)[0]}/comm") as f:
            return f.read().strip()


def _is_scene_process(pid):
    """True if `pid` still runs a scene process (and is not a reused PID)."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            cmdline = f.read()
    except OSError:
        return False
    return b" master\0" in cmdline or b" worker[" in cmdline


def pgrep_scenes():
    out = subprocess.run(["pgrep", "-f", "memwho-scene"], capture_output=True, text=True)
    return [int(p) for p in out.stdout.split()]


def rollup(pid):
    values = {}
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            if line.endswith(" kB\n"):
                key, rest = line.split(":", 1)
                values[key] = int(rest.split()[0])
    return values


def count_lines(path):
    with open(path, "rb") as f:
        return sum(1 for _ in f)


def cpu_ticks():
    """(total, busy) clock ticks of all CPUs since boot, from /proc/stat."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    total = sum(v[:8])  # guest time is already included in user/nice
    return total, total - v[3] - v[4]  # minus idle and iowait


class ForeignLoad:
    """Measures the CPU time that the rest of the machine used while we were timing: all busy
    CPU time minus our own (the runner and everything it waited for, from os.times()). On a
    small machine, someone else's build or fuzzer is enough to distort wall times and to take
    away the cores that parallel rows need, so the report shows it."""

    def __enter__(self):
        self.ticks = cpu_ticks()
        self.ours = self._ours()
        return self

    def __exit__(self, *exc):
        total1, busy1 = cpu_ticks()
        hz = os.sysconf("SC_CLK_TCK")
        busy_s = (busy1 - self.ticks[1]) / hz
        self.fraction = max(0.0, (busy_s - (self._ours() - self.ours)) /
                            max(1e-9, (total1 - self.ticks[0]) / hz))
        return False

    @staticmethod
    def _ours():
        t = os.times()
        return t.user + t.system + t.children_user + t.children_system


def describe_scene(rs):
    """One line of facts measured on the live scene: sizes, mappings, process count."""
    pids = rs.group_pids(0)
    probe = pids[1] if len(pids) > 1 else pids[0]  # a worker if there is one
    rss = rollup(probe)["Rss"] / 1024
    maps = count_lines(f"/proc/{probe}/maps")
    group_pss = sum(rollup(p)["Pss"] for p in pids) / 1024
    if len(pids) > 1:
        sizes = (f"one worker: RSS {rss:.1f} MiB, {maps:,} mappings; PSS of group 0 "
                 f"({len(pids)} processes): {group_pss:.1f} MiB")
    else:
        sizes = f"RSS {rss:.1f} MiB, PSS {group_pss:.1f} MiB, {maps:,} mappings"
    return (f"{plural(len(rs.procs), 'scene process')} built in {rs.build_s:.1f} s; {sizes}; "
            f"{plural(len(list_pids()), 'process')} on the system")


# --------------------------------------------------------------------------------------------
# Floors
# --------------------------------------------------------------------------------------------


def list_pids():
    return sorted(int(e.name) for e in os.scandir("/proc") if e.name.isdigit())


def is_kernel_thread(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            stat = f.read()
    except OSError:
        return False
    fields = stat[stat.rindex(")") + 2:].split()
    return int(fields[6]) & PF_KTHREAD != 0  # field 9 of stat, "flags"


def floor_argvs(kind, cat, ncpu, sel_pid, sel_group_pids):
    """The `cat` command lines that read what memwho reads for a row, listed now."""
    if kind == "maps":
        return [[cat, f"/proc/{sel_pid}/smaps"]]
    pids = list_pids()
    rollup_of = set(sel_group_pids) if kind in ("name", "frames") else None
    per_pid = []
    for pid in pids:
        files = [f"/proc/{pid}/status", f"/proc/{pid}/cmdline"]
        if rollup_of is None:
            if not is_kernel_thread(pid):  # kernel threads have no smaps_rollup (ESRCH)
                files.append(f"/proc/{pid}/smaps_rollup")
        elif pid in rollup_of:
            files.append(f"/proc/{pid}/smaps_rollup")
        per_pid.append(files)
    if kind == "frames":
        return [[FRAMES_FLOOR] + [f for files in per_pid for f in files] + ["--"] +
                [str(p) for p in sel_group_pids]]
    if kind != "all-par":
        return [[cat] + [f for files in per_pid for f in files]]
    # Deal the PIDs round-robin, so every cat gets a similar mix of cheap and costly processes.
    parts = [[cat] for _ in range(ncpu)]
    for i, files in enumerate(per_pid):
        parts[i % ncpu].extend(files)
    return parts


# --------------------------------------------------------------------------------------------
# Measurement
# --------------------------------------------------------------------------------------------


@dataclass
class Result:
    row: Row
    argv: list = None
    note: str = ""  # why the row was skipped or failed
    out_lines: int = 0
    samples: list = field(default_factory=list)  # Sample per repetition
    floor_samples: list = field(default_factory=list)  # paired floor Sample per repetition


def median(values):
    return statistics.median(values) if values else float("nan")


def measure_scene(rs, rows, ctx, reps, log):
    scene = rs.scene
    sel_pid = rs.procs[0][1]
    group = SELECTED_GROUP if SELECTED_GROUP < 1 + max(g for _, _, g in rs.procs) else 0
    sel_group_pids = rs.group_pids(group)
    values = {"memwho": ctx.memwho or "memwho", "pid": str(sel_pid), "group": rs.group_name(group)}

    floor_files = {}  # floor kind -> number of files its cats read (last listing)
    used = " ".join(r.command for r in rows if scene.key in r.scenes)
    selection = []
    if "{pid}" in used:
        selection.append(f"`{{pid}}` = {sel_pid} ({rs.procs[0][0]} of group 0)")
    if "{group}" in used:
        selection.append(f"`{{group}}` = {values['group']} ({plural(len(sel_group_pids), 'process')})")
    results = []
    for row in rows:
        if scene.key not in row.scenes:
            continue
        res = Result(row)
        res.argv = shlex.split(row.command.format(**values))
        if row.is_memwho and ctx.memwho is None:
            res.note = f"skipped: memwho binary not found ({ctx.memwho_hint})"
        elif not os.path.isabs(res.argv[0]):
            found = shutil.which(res.argv[0])
            if found is None:
                res.note = f"skipped: {res.argv[0]} not installed"
            else:
                res.argv[0] = found
        results.append(res)

    def floor_cmd(kind):
        argvs = floor_argvs(kind, ctx.cat, ctx.ncpu, sel_pid, sel_group_pids)
        floor_files[kind] = sum(len(a) - 1 for a in argvs)
        return argvs

    # Warm-up, once per row and floor: fills dentry/inode caches and checks that the row works
    # (exit status 0 and some output). A row that fails or times out is reported, not timed.
    out_path = os.path.join(ctx.tmpdir, "row.out")
    err_path = os.path.join(ctx.tmpdir, "row.err")
    for res in results:
        if res.note:
            continue
        try:
            run_at_once(floor_cmd(res.row.floor))
            sample = run_at_once([res.argv], stdout=out_path, stderr=err_path)
        except RuntimeError as e:
            res.note = f"failed: {e}"
            continue
        res.out_lines = count_lines(out_path)
        if not sample.ok or res.out_lines == 0:
            with open(err_path, errors="replace") as f:
                first = f.readline().strip()
            res.note = (f"failed: exit status not 0 or no output ({res.out_lines} lines); "
                        f"stderr: {first[:120]}")

    # Timed repetitions. Each row is paired with a fresh run of its floor, the two in ABBA
    # order (floor first on even repetitions, row first on odd ones) so that neither always
    # profits from the other's warm caches; the ratio of a pair compares the same moment.
    active = [r for r in results if not r.note]
    with ForeignLoad() as load:
        time_rows(active, reps, floor_cmd, scene, log)
    return results, floor_files, selection, load.fraction


def time_rows(active, reps, floor_cmd, scene, log):
    for rep in range(reps):
        log(f"  {scene.key}: repetition {rep + 1}/{reps}")
        for res in list(active):
            floor = floor_cmd(res.row.floor)
            try:
                if rep % 2 == 0:
                    fs = run_at_once(floor)
                    rs_ = run_at_once([res.argv])
                else:
                    rs_ = run_at_once([res.argv])
                    fs = run_at_once(floor)
            except RuntimeError as e:
                res.note = f"failed in repetition {rep + 1}: {e}"
                res.samples.clear()
                res.floor_samples.clear()
                active.remove(res)
                continue
            res.samples.append(rs_)
            res.floor_samples.append(fs)


# --------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------


def plural(n, noun):
    suffix = "" if n == 1 else ("es" if noun.endswith("s") else "s")
    return f"{n:,} {noun}{suffix}"


def fmt_ms(ms):
    if ms != ms:  # NaN
        return "–"
    if ms < 10:
        return f"{ms:.2f}"
    if ms < 100:
        return f"{ms:.1f}"
    return f"{ms:,.0f}"


def fmt_ratio(r):
    if r != r:
        return "–"
    if r < 10:
        return f"{r:.2f}×"
    return f"{r:.1f}×"


def paired_ratio(a, b, attr):
    """Median over repetitions of a[i].attr / b[i].attr: both taken in the same round."""
    ratios = [getattr(x, attr) / getattr(y, attr)
              for x, y in zip(a, b) if getattr(y, attr) > 0]
    return median(ratios)


def scene_markdown(scene, facts, selection, results, floor_files, ncpu):
    intro = f"`memwho-scene {scene.args}`: {facts}."
    if selection:
        intro += " In commands, " + " and ".join(selection) + "."
    out = [f"### {scene.title}", "", intro, ""]
    out.append("| Row | Wall ms | CPU ms | Max RSS MiB | Floor wall ms | Wall ÷ floor "
               "| CPU ÷ floor |")
    out.append("|---|--:|--:|--:|--:|--:|--:|")
    # Floors first, one line per kind used in this scene (all its paired runs pooled).
    kinds = []
    for res in results:
        if res.samples and res.row.floor not in kinds:
            kinds.append(res.row.floor)
    for kind in kinds:
        pooled = [s for r in results if r.row.floor == kind for s in r.floor_samples]
        title = FLOOR_TITLES[kind].format(n=ncpu) + f" ({plural(floor_files.get(kind, 0), 'file')})"
        out.append(f"| *{title}* | {fmt_ms(median([s.wall_ms for s in pooled]))} "
                   f"| {fmt_ms(median([s.cpu_ms for s in pooled]))} "
                   f"| {max(s.maxrss_kib for s in pooled) / 1024:.1f} | | | |")
    for res in results:
        name = res.row.name
        if res.note:
            out.append(f"| {name} | {res.note} | | | | | |")
            continue
        s, f = res.samples, res.floor_samples
        out.append(f"| {name} | {fmt_ms(median([x.wall_ms for x in s]))} "
                   f"| {fmt_ms(median([x.cpu_ms for x in s]))} "
                   f"| {max(x.maxrss_kib for x in s) / 1024:.1f} "
                   f"| {fmt_ms(median([x.wall_ms for x in f]))} "
                   f"| {fmt_ratio(paired_ratio(s, f, 'wall_ms'))} "
                   f"| {fmt_ratio(paired_ratio(s, f, 'cpu_ms'))} |")

    mine = [r for r in results if r.row.is_memwho and r.samples]
    peers = [r for r in results if not r.row.is_memwho and r.samples]
    if mine and peers:
        out += ["", "memwho ÷ peer, wall time (CPU time in parentheses); below 1× memwho is "
                "faster:", ""]
        out.append("| memwho row | " + " | ".join(p.row.name for p in peers) + " |")
        out.append("|---|" + "--:|" * len(peers))
        for m in mine:
            cells = [f"{fmt_ratio(paired_ratio(m.samples, p.samples, 'wall_ms'))} "
                     f"({fmt_ratio(paired_ratio(m.samples, p.samples, 'cpu_ms'))})"
                     for p in peers]
            out.append(f"| {m.row.name} | " + " | ".join(cells) + " |")
    out.append("")
    return out


def read_first(path, default=""):
    try:
        with open(path) as f:
            return f.read().strip()
    except OSError:
        return default


def meminfo(key):
    for line in read_first("/proc/meminfo").splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0


def tool_version(argv):
    try:
        out = subprocess.run(argv, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return None
    text = (out.stdout or out.stderr).strip().splitlines()
    return text[0] if text else None


def machine_markdown(ctx, reps):
    cpu = "unknown CPU"
    for line in read_first("/proc/cpuinfo").splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    thp = re.search(r"\[(\w+)\]", read_first("/sys/kernel/mm/transparent_hugepage/enabled"))
    versions = []
    if ctx.memwho:
        versions.append(f"memwho: `{tool_version([ctx.memwho, '--version']) or '?'}` "
                        f"({ctx.memwho}, build type {ctx.build_type or '?'})")
    else:
        versions.append(f"memwho: **not found** ({ctx.memwho_hint}); its rows are skipped")
    versions.append(f"ps: `{tool_version(['ps', '--version']) or 'not installed'}`")
    for pkg in ("smem", "smemstat"):
        version = None
        if shutil.which(pkg) and shutil.which("dpkg-query"):
            version = tool_version(["dpkg-query", "-W", "-f", "${Version}", pkg])
        versions.append(f"{pkg}: `{version or ('installed' if shutil.which(pkg) else 'absent')}`")
    versions.append(f"ps_mem: `{'installed' if shutil.which('ps_mem') else 'absent (skipped)'}`")
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return [
        "## memwho benchmark",
        "",
        f"- Run: {now}; {reps} timed repetitions per row (medians), one warm-up run; "
        "page cache not dropped; each row paired with its own floor run (ABBA order).",
        f"- Machine: {ctx.ncpu} CPUs ({cpu}), Linux {platform.release()}, "
        f"{meminfo('MemTotal') / 1048576:.1f} GiB RAM, swap {meminfo('SwapTotal') / 1048576:.1f} "
        f"GiB, THP `{thp.group(1) if thp else '?'}`, vm.max_map_count "
        f"{read_first('/proc/sys/vm/max_map_count', '?')}, "
        f"{'virtual machine' if ' hypervisor' in read_first('/proc/cpuinfo') else 'bare metal'}.",
        "- Tools: " + "; ".join(versions) + ".",
        "- Wall = start of the command(s) to the last exit; CPU = user+sys of the command and "
        "its descendants (wait4); Max RSS = ru_maxrss. Ratios are medians of per-repetition "
        "ratios.",
        "",
    ]


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------


@dataclass
class Context:
    memwho: str
    memwho_hint: str
    build_type: str
    cat: str
    ncpu: int
    tmpdir: str


def find_binary(explicit, build_dir, names):
    if explicit:
        return os.path.abspath(explicit) if os.access(explicit, os.X_OK) else None
    for name in names:
        path = os.path.join(build_dir, name)
        if os.access(path, os.X_OK):
            return path
    return None


def find_result(results, name):
    return next((r for r in results if r.row.name == name and r.samples), None)


def targets_markdown(by_scene):
    """The targets of the performance issue, checked against this run.

    Where a target is a multiple of a peer, the multiple any program could reach on this machine
    is bounded by the floor: peer time / floor time. That bound is printed beside it, so a
    target that no reader of /proc could meet here is told apart from one memwho misses.
    """
    out = ["## Targets", "",
           "Checked against the run below; ratios are medians of per-repetition ratios. "
           "*Floor bound* is the best any program could do here, given the kernel's cost: for "
           "a peer multiple, peer time ÷ floor time (the parallel floor for the parallel row).",
           "", "| Target | Scene | Measured | Floor bound | Met |", "|---|---|--:|--:|:-:|"]

    def add(target, scene, measured, bound, ok):
        mark = "–" if ok is None else ("yes" if ok else "**no**")
        out.append(f"| {target} | {scene} | {measured} | {bound} | {mark} |")

    for key in ("p300", "p1000"):
        res = by_scene.get(key)
        if not res:
            continue
        j1 = find_result(res, "memwho --jobs 1")
        par = find_result(res, "memwho (parallel)")
        if j1:
            r = paired_ratio(j1.samples, j1.floor_samples, "wall_ms")
            add("`memwho --jobs 1` ≤ 1.20× floor", key, fmt_ratio(r), "1.00×", r <= 1.2)
        if j1 and par:
            r = paired_ratio(par.samples, j1.floor_samples, "wall_ms")
            bound = paired_ratio(par.floor_samples, j1.floor_samples, "wall_ms")
            add("`memwho` (parallel) ≤ 0.55× the single-threaded floor", key, fmt_ratio(r),
                fmt_ratio(bound), r <= 0.55)
        for peer, need in (("ps_mem", 1.8), ("smemstat", 4.5), ("smem", 13.0)):
            p = find_result(res, peer)
            if not par:
                continue
            if not p:
                add(f"`memwho` ≥ {need:g}× faster than {peer}", key, "not installed", "", None)
                continue
            speedup = 1 / paired_ratio(par.samples, p.samples, "wall_ms")
            bound = 1 / paired_ratio(par.floor_samples, p.samples, "wall_ms")
            add(f"`memwho` ≥ {need:g}× faster than {peer}", key, f"{speedup:.1f}×",
                f"{bound:.1f}×", speedup >= need)
        if key == "p1000":
            for row in (j1, par):
                if row:
                    rss = max(x.maxrss_kib for x in row.samples) / 1024
                    add(f"peak RSS of `{row.row.name}` ≤ 6 MiB", key, f"{rss:.1f} MiB", "", rss <= 6)
            tsv = find_result(res, "memwho --format=tsv")
            js = find_result(res, "memwho --format=json")
            if tsv and js:
                r = paired_ratio(js.samples, tsv.samples, "wall_ms")
                add("`memwho --format=json` ≤ 1.10× `--format=tsv`", key, fmt_ratio(r), "", r <= 1.1)
            grouped = find_result(res, "memwho --group=name")
            if grouped and par:
                r = paired_ratio(grouped.samples, par.samples, "wall_ms")
                add("`memwho --group=name` ≤ 1.05× the plain table", key, fmt_ratio(r), "",
                    r <= 1.05)
            n = find_result(res, "memwho -n {group} --format=tsv")
            if n:
                r = paired_ratio(n.samples, n.floor_samples, "wall_ms")
                add("`memwho -n --format=tsv` (10 of 1,000) ≤ 1.20× its floor: status+cmdline of "
                    "all, smaps_rollup of the 10", key, fmt_ratio(r), "1.00×", r <= 1.2)
            n = find_result(res, "memwho -n {group}")
            if n:
                # The table also says what stopping the 10 frees: their pagemaps and their
                # frames' kpagecount and kpageflags, read beyond the floor's files.
                r = paired_ratio(n.samples, n.floor_samples, "wall_ms")
                add("`memwho -n` (10 of 1,000, with what stopping them frees) ≤ 3.0× the same "
                    "floor", key, fmt_ratio(r), "", r <= 3.0)
    for w in by_scene.get("watch1000", []):
        if w.target_pct is not None:
            add(f"`{w.name}` (of 1,000; 10 change each second) ≤ {w.target_pct:g}% of one core",
                "watch1000", f"{w.pct:.2f}%", "", w.pct <= w.target_pct)
    res = by_scene.get("frees2g")
    f = find_result(res, "memwho -x -n {group}") if res else None
    if f:
        wall = median([x.wall_ms for x in f.samples])
        r = paired_ratio(f.samples, f.floor_samples, "wall_ms")
        add("`memwho -x -n` on 10 processes holding 2 GiB (exact: what stopping them frees) "
            "≤ 2.0× its floor (status+cmdline of all, smaps_rollup and pagemaps of the 10)",
            "frees2g", f"{fmt_ratio(r)} ({fmt_ms(wall)})", "1.00×", r <= 2.0)
    res = by_scene.get("maps20k")
    m = find_result(res, "memwho --maps -p {pid}") if res else None
    if m:
        r = paired_ratio(m.samples, m.floor_samples, "wall_ms")
        add("`memwho --maps` ≤ 1.20× `cat smaps`", "maps20k", fmt_ratio(r), "1.00×", r <= 1.2)
        for peer, need in (("pmap -x {pid}", 2.0), ("pmap -X {pid}", 5.0)):
            p = find_result(res, peer)
            if not p:
                continue
            speedup = 1 / paired_ratio(m.samples, p.samples, "wall_ms")
            bound = 1 / paired_ratio(m.floor_samples, p.samples, "wall_ms")
            add(f"`memwho --maps` ≥ {need:g}× faster than `{peer.split(' {')[0]}`", "maps20k",
                f"{speedup:.1f}×", f"{bound:.1f}×", speedup >= need)
    out.append("")
    return out


@dataclass
class WatchResult:
    name: str
    argv: list
    wall_s: float
    cpu_s: float
    samples: int
    target_pct: object  # the bound in % of one core, or None

    @property
    def pct(self):
        return 100.0 * self.cpu_s / self.wall_s if self.wall_s > 0 else float("nan")


def run_watch_rows(rs, ctx, log):
    count = WATCH_SECONDS + 1
    results = []
    for name, command, group_number, target in WATCH_ROWS:
        group = rs.group_name(group_number) if group_number is not None else ""
        argv = shlex.split(command.format(memwho=ctx.memwho, group=group)) + [
            "--count", str(count), "--format=tsv"]
        log(f"  watch: {' '.join(argv)}")
        before = os.times()
        start = time.monotonic()
        out = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             timeout=COMMAND_TIMEOUT_S).stdout
        wall = time.monotonic() - start
        after = os.times()
        cpu = (after.children_user - before.children_user) + \
              (after.children_system - before.children_system)
        samples = len({line.split(b"\t", 1)[0] for line in out.split(b"\n\n", 1)[0].splitlines()[1:]})
        results.append(WatchResult(name.format(group=group), argv, wall, cpu, samples, target))
    return results


def watch_markdown(scene, facts, results):
    out = [f"### {scene.title}", "", facts, "",
           f"Each row: the command below with `--count {WATCH_SECONDS + 1} --format=tsv` "
           f"(the first sample at once, then one a second), run once; CPU is memwho's user + "
           f"system time (its scan threads included) over its wall time.", "",
           "| Command | Samples | Wall (s) | CPU (s) | CPU / wall |", "|---|--:|--:|--:|--:|"]
    for r in results:
        out.append(f"| `{r.name}` | {r.samples} | {r.wall_s:.1f} | {r.cpu_s:.2f} | "
                   f"{r.pct:.2f}% |")
    out.append("")
    return out


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(os.path.dirname(here))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build-dir", default=os.path.join(repo, "build"),
                    help="where to look for memwho and memwho-scene (default: <repo>/build)")
    ap.add_argument("--memwho", help="memwho binary (default: BUILD_DIR/memwho)")
    ap.add_argument("--scene", help="memwho-scene binary (default: found in BUILD_DIR)")
    ap.add_argument("--runner", help="memwho-bench-run binary (default: found in BUILD_DIR)")
    ap.add_argument("--reps", type=int, default=7, help="timed repetitions per row (default 7)")
    ap.add_argument("--quick", action="store_true", help="3 repetitions")
    ap.add_argument("--scenes", default=",".join(s.key for s in SCENES),
                    help="comma-separated scenes to run (default: all)")
    ap.add_argument("--rows", default="", help="only rows whose name matches this regex")
    ap.add_argument("--output", help="also write the Markdown report to this file")
    ap.add_argument("--json", help="write every raw sample to this JSON file")
    ap.add_argument("--doc", help="write the whole performance document (intro from "
                    "tests/bench/performance-intro.md, targets, report) to this file, "
                    "e.g. docs/performance.md")
    args = ap.parse_args()
    reps = 3 if args.quick else args.reps

    build_dir = os.path.abspath(args.build_dir)
    scene_bin = find_binary(args.scene, build_dir,
                            ["memwho-scene", "tests/tools/memwho-scene", "tools/memwho-scene"])
    if scene_bin is None:
        sys.exit(f"memwho-bench: memwho-scene not found in {build_dir} (build it, or --scene)")
    global RUNNER
    RUNNER = find_binary(args.runner, build_dir, ["memwho-bench-run", "tests/bench/memwho-bench-run",
                                                   "bench/memwho-bench-run"])
    if RUNNER is None:
        sys.exit(f"memwho-bench: memwho-bench-run not found in {build_dir} (build it, or --runner)")
    global FRAMES_FLOOR
    FRAMES_FLOOR = find_binary(None, build_dir, ["memwho-bench-floor-frames",
                                                 "tests/bench/memwho-bench-floor-frames",
                                                 "bench/memwho-bench-floor-frames"])
    if FRAMES_FLOOR is None:
        sys.exit(f"memwho-bench: memwho-bench-floor-frames not found in {build_dir} (build it)")
    memwho = find_binary(args.memwho, build_dir, ["memwho"])
    build_type = None
    cache = os.path.join(build_dir, "CMakeCache.txt")
    m = re.search(r"^CMAKE_BUILD_TYPE:\w+=(.*)$", read_first(cache), re.M)
    if m:
        build_type = m.group(1) or "(none)"
    tmpdir = tempfile.mkdtemp(prefix="memwho-bench.")  # warm-up outputs; removed at exit
    atexit.register(shutil.rmtree, tmpdir, True)
    ctx = Context(memwho, args.memwho or os.path.join(build_dir, "memwho"), build_type,
                  shutil.which("cat"), len(os.sched_getaffinity(0)), tmpdir)

    wanted = set(args.scenes.split(","))
    unknown = wanted - {s.key for s in SCENES}
    if unknown:
        sys.exit(f"memwho-bench: unknown scene(s) {sorted(unknown)}; known: "
                 f"{[s.key for s in SCENES]}")
    rows = [r for r in ROWS if re.search(args.rows, r.name)]

    def log(msg):
        print(msg, file=sys.stderr, flush=True)

    signal.signal(signal.SIGTERM, _on_terminate)
    signal.signal(signal.SIGHUP, _on_terminate)

    report = machine_markdown(ctx, reps)
    raw = {"reps": reps, "scenes": {}}
    by_scene = {}
    leaked = []
    # Scenes that were already running (someone else's tests) are not ours to judge or kill.
    foreign = set(pgrep_scenes())
    try:
        for scene in SCENES:
            if scene.key not in wanted:
                continue
            log(f"scene {scene.key}: building ({scene.args})")
            with RunningScene(scene_bin, scene) as rs:
                facts = describe_scene(rs)
                log(f"  {facts}")
                if scene.key == "watch1000":
                    watch = run_watch_rows(rs, ctx, log)
                else:
                    results, floor_files, selection, load = measure_scene(rs, rows, ctx, reps,
                                                                          log)
            leaked += rs.leftovers()
            if scene.key == "watch1000":
                by_scene[scene.key] = watch
                report += watch_markdown(scene, facts, watch)
                raw["scenes"][scene.key] = {"args": scene.args, "facts": facts,
                                            "watch": [vars(w) for w in watch]}
                continue
            facts += f"; other CPU load while timing: {load:.0%} of {ctx.ncpu} CPUs"
            if load > 0.1:
                facts += " (**busy machine: timings are disturbed**)"
            report += scene_markdown(scene, facts, selection, results, floor_files, ctx.ncpu)
            by_scene[scene.key] = results
            raw["scenes"][scene.key] = {
                "args": scene.args,
                "facts": facts,
                "foreign_cpu_load": load,
                "rows": [{"name": r.row.name, "argv": r.argv, "floor": r.row.floor,
                          "note": r.note, "out_lines": r.out_lines,
                          "samples": [vars(s) for s in r.samples],
                          "floor_samples": [vars(s) for s in r.floor_samples]}
                         for r in results],
            }
    finally:
        # Nothing may outlive the benchmark: check the PIDs we were given, and look for any
        # memwho-scene controller that was not there when we started.
        others = set(pgrep_scenes()) - foreign
        if leaked or others:
            log(f"memwho-bench: ERROR: scene processes left behind: {sorted(set(leaked) | others)}")
            leaked = leaked or sorted(others)
        else:
            log("memwho-bench: teardown check passed: no scene process left")
        if foreign:
            log(f"memwho-bench: note: memwho-scene processes not started by this run were "
                f"running meanwhile (PIDs {sorted(foreign)}); they add noise to the timings")

    text = "\n".join(targets_markdown(by_scene) + report)
    print(text)
    if args.output:
        with open(args.output, "w") as f:
            f.write(text + "\n")
    if args.doc:
        with open(os.path.join(here, "performance-intro.md")) as f:
            intro = f.read()
        with open(args.doc, "w") as f:
            f.write(intro.rstrip("\n") + "\n\n" + text + "\n")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(raw, f, indent=1)
    return 1 if leaked else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # the scenes were torn down on the way out
        sys.exit(130)
