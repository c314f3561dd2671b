#!/usr/bin/env python3
"""Every view in every machine format, parsed back by a real parser and checked against TSV.

For each case (a fixture tree with hostile names: tab, newline, ESC, backslash, quotes,
commas, RLO, C1 CSI, invalid UTF-8), memwho writes TSV (the reference), CSV, JSON and
OpenMetrics. Each must parse with a real parser (Python's csv and json modules, promtool) and
hold exactly the same rows and values: none lost, split or merged.

    check_formats.py MEMWHO TESTS_DIR
"""
import csv
import io
import json
import re
import subprocess
import sys

MEMWHO, TESTS = sys.argv[1], sys.argv[2]
FIX = TESTS + "/fixtures/"

CASES = [
    ("processes, hostile", ["--proc-root", FIX + "proc-basic", "-p", "100,300,400,600,2",
                            "-o", "pid,user,name,command,vss,rss,pss,uss,pss_dirty"]),
    ("processes, not UTF-8", ["--proc-root", FIX + "proc-malformed",
                              "-o", "pid,name,program,command,rss,pss,uss"]),
    ("processes, real applications", ["--proc-root", FIX + "proc-apps"]),
    ("mappings, hostile paths", ["--proc-root", FIX + "proc-maps", "--maps", "-p", "800"]),
    ("mappings, two processes", ["--proc-root", FIX + "proc-maps", "--maps", "-p", "800,801",
                                 "-o", "pid,address,size,rss,pss,mode,offset,device,inode,"
                                 "vmflags,mapping"]),
    ("objects", ["--proc-root", FIX + "proc-maps", "--maps", "--by=file", "-p", "800,801,807"]),
    ("objects, top 3", ["--proc-root", FIX + "proc-maps", "--maps", "--by=file", "-p", "800,801",
                        "--top", "3"]),
    ("groups by name", ["--proc-root", FIX + "proc-apps", "--group=name"]),
    ("groups by user, min", ["--proc-root", FIX + "proc-apps", "--group=user", "--min", "15M"]),
    ("groups by cgroup v2", ["--proc-root", FIX + "proc-apps", "--group=cgroup", "--sys-root",
                             FIX + "sys-v2"]),
    ("groups by cgroup v1", ["--proc-root", FIX + "proc-cgroup-v1", "--group=cgroup",
                             "--sys-root", FIX + "sys-v1", "-o", "group,unit,processes,pss,uss,"
                             "cgroup_charge,cgroup_anon,cgroup_file,cgroup_shmem,cgroup_kernel"]),
    ("tree", ["--proc-root", FIX + "proc-apps", "--tree",
              "-o", "pid,ppid,depth,pss,uss,subtree_pss,subtree_uss,subtree_processes,tree"]),
    ("tree, a lower bound", ["--proc-root", FIX + "proc-errors", "--tree"]),
    ("diff", ["diff", FIX + "proc-diff-a", FIX + "proc-diff-b"]),
    ("diff by group", ["diff", FIX + "proc-diff-a", FIX + "proc-diff-b", "--group=user"]),
    ("diff by object", ["diff", FIX + "proc-diff-a", FIX + "proc-diff-b", "--maps", "--by=file",
                        "-n", "grower", "-n", "shrinker"]),
]

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)


def run(args, fmt):
    p = subprocess.run([MEMWHO] + args + ["--format=" + fmt], capture_output=True,
                       env={"LC_ALL": "C.UTF-8", "PATH": "/usr/bin:/bin"})
    if p.returncode not in (0, 3):
        failures.append(f"{fmt} {args}: exit {p.returncode}: {p.stderr.decode(errors='replace')}")
    return p.stdout


def unescape(field):
    """memwho's escapes (\\\\ \\t \\n \\r \\xHH) back to bytes."""
    out = bytearray()
    b = field.encode("utf-8", "surrogateescape")
    i = 0
    while i < len(b):
        if b[i:i + 1] == b"\\" and i + 1 < len(b):
            n = b[i + 1:i + 2]
            if n == b"x":
                out.append(int(b[i + 2:i + 4], 16))
                i += 4
                continue
            out += {b"\\": b"\\", b"t": b"\t", b"n": b"\n", b"r": b"\r"}[n]
            i += 2
            continue
        out.append(b[i])
        i += 1
    return bytes(out)


def tsv_rows(data):
    lines = data.decode("utf-8", "surrogateescape").split("\n")
    check(lines[-1] == "", "TSV ends with a newline")
    lines = lines[:-1]
    header = lines[0].split("\t")
    rows = [line.split("\t") for line in lines[1:]]
    for r in rows:
        check(len(r) == len(header), f"TSV row has {len(r)} fields, header {len(header)}: {r}")
    return header, rows


for name, args in CASES:
    header, rows = tsv_rows(run(args, "tsv"))
    check(len(rows) > 0, f"{name}: no rows")

    # CSV: the same fields, through Python's csv module (RFC 4180 quoting).
    text = run(args, "csv").decode("utf-8", "surrogateescape")
    parsed = list(csv.reader(io.StringIO(text, newline="")))
    check(parsed[0] == header, f"{name}: CSV header {parsed[0]} != {header}")
    check(parsed[1:] == rows, f"{name}: CSV rows differ from TSV")

    # JSON: one document; rows (or each process's mappings), sizes in bytes, null unknown.
    doc = json.loads(run(args, "json"))
    check([c["key"] for c in doc["columns"]] == header, f"{name}: JSON columns")
    if "processes" in doc:
        jrows = [m for p in doc["processes"] for m in p["mappings"]]
    else:
        jrows = doc["rows"]
    check(len(jrows) == len(rows), f"{name}: JSON has {len(jrows)} rows, TSV {len(rows)}")
    kinds = {c["key"]: c["kind"] for c in doc["columns"]}
    sums = {c["key"]: c["sums"] for c in doc["columns"]}
    for jr, tr in zip(jrows, rows):
        for key, field in zip(header, tr):
            value = jr.get(key)
            if field == "":
                check(value is None, f"{name}: {key} should be null, is {value!r}")
            elif kinds[key] in ("size", "size_change"):  # a change is signed: "+1024", "-512"
                check(value == int(field) * 1024, f"{name}: {key} {value} != {field} KiB")
            elif kinds[key] == "number":
                check(value == int(field), f"{name}: {key} {value} != {field}")
            else:
                raw = unescape(field)
                if key + "_escaped" in jr:
                    check(unescape(jr[key + "_escaped"]) == raw, f"{name}: {key}_escaped")
                    check(b"\xef\xbf\xbd" in value.encode(), f"{name}: {key} has U+FFFD")
                else:
                    check(value.encode("utf-8") == raw, f"{name}: {key} {value!r} != {raw!r}")

    # OpenMetrics: promtool accepts it; one sample a row and size column with a known value,
    # every series unique.
    om = run(args, "openmetrics")
    p = subprocess.run(["promtool", "check", "metrics"], input=om, capture_output=True)
    check(p.returncode == 0, f"{name}: promtool: {p.stdout.decode()}{p.stderr.decode()}")
    check(om.endswith(b"# EOF\n"), f"{name}: OpenMetrics ends with # EOF")
    samples = [line for line in om.decode().split("\n") if line and not line.startswith("#")]
    series = [s.rsplit(" ", 1)[0] for s in samples]
    check(len(series) == len(set(series)), f"{name}: duplicate series")
    # Gauges: every size, and the counts that add up (a group's processes); not ids.
    metric = {k: kinds[k] in ("size", "size_change") or (kinds[k] == "number" and sums[k])
              for k in header}
    known = sum(1 for r in rows for key, f in zip(header, r) if metric[key] and f != "")
    check(len(samples) == known, f"{name}: {len(samples)} samples, {known} known values")
    for s in samples:
        check(re.fullmatch(r'memwho_[a-z]+_[a-z_]+(_bytes)?\{.*\} -?[0-9]+', s) is not None,
              f"{name}: sample {s!r}")

if failures:
    print("\n".join(failures))
    sys.exit(1)
print(f"{len(CASES)} cases: CSV, JSON and OpenMetrics agree with TSV")
