#!/usr/bin/env python3
"""Where the instructions of one operation go: a per-function histogram
from a QEMU instruction trace.

  qemu-system-riscv64 ... -icount shift=0 -singlestep -d exec,nochain -D trace.log
  scripts/perf/trace_hist.py trace.log START_PC END_PC [--nth K] ELF...

Counts the instructions executed after the K-th (default: the last full)
execution of START_PC up to END_PC, and attributes each to the function of
the given ELF files (kernel and user) that contains it; --listing also
prints the instructions themselves, in the order they ran. With -singlestep
every trace line is one instruction. Used to tune the fast paths
(docs/performance.md).
"""
import argparse
import bisect
import collections
import re
import subprocess


def symbols(elfs):
    out = []
    for elf in elfs:
        text = subprocess.run(["riscv64-unknown-elf-nm", "-n", elf], capture_output=True,
                              text=True, check=True).stdout
        for line in text.splitlines():
            parts = line.split()
            if len(parts) == 3 and parts[1] in "tTwW":
                out.append((int(parts[0], 16), parts[2]))
    out.sort()
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("trace")
    ap.add_argument("start", type=lambda s: int(s, 16))
    ap.add_argument("end", type=lambda s: int(s, 16))
    ap.add_argument("elfs", nargs="+")
    ap.add_argument("--nth", type=int, default=-1, help="which occurrence (default: last)")
    ap.add_argument("--listing", action="store_true",
                    help="also print every instruction of the run, disassembled")
    args = ap.parse_args()
    syms = symbols(args.elfs)
    addrs = [a for a, _ in syms]
    rx = re.compile(r"/([0-9a-f]{16})/")
    runs, cur = [], None
    with open(args.trace) as f:
        for line in f:
            m = rx.search(line)
            if not m:
                continue
            pc = int(m.group(1), 16)
            if pc == args.start:
                cur = []
                continue
            if cur is not None:
                cur.append(pc)
                if pc == args.end:
                    runs.append(cur)
                    cur = None
    if not runs:
        print("no complete run from 0x%x to 0x%x" % (args.start, args.end))
        return 1
    pcs = runs[args.nth]
    print("%d instructions (run %d of %d)" % (len(pcs), args.nth % len(runs) + 1, len(runs)))
    hist = collections.Counter()
    for pc in pcs:
        i = bisect.bisect_right(addrs, pc) - 1
        hist[syms[i][1] if i >= 0 else "?"] += 1
    for fn, n in hist.most_common():
        print("%6d  %s" % (n, fn))
    if args.listing:
        print_listing(pcs, syms, addrs, args.elfs)
    return 0


def print_listing(pcs, syms, addrs, elfs):
    """Each executed instruction, in order, as objdump shows it."""
    text = {}
    for elf in elfs:
        dump = subprocess.run(["riscv64-unknown-elf-objdump", "-d", "--no-show-raw-insn", elf],
                              capture_output=True, text=True, check=True).stdout
        for line in dump.splitlines():
            m = re.match(r"^\s*([0-9a-f]+):\s+(.*)$", line)
            if m:
                text[int(m.group(1), 16)] = m.group(2)
    for pc in pcs:
        i = bisect.bisect_right(addrs, pc) - 1
        print("%16x  %-28s %s" % (pc, syms[i][1] if i >= 0 else "?", text.get(pc, "?")))


if __name__ == "__main__":
    raise SystemExit(main())
