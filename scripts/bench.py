#!/usr/bin/env python3
"""Run Basalt's benchmarks under QEMU with -icount shift=0 (`make bench`).

  scripts/bench.py [--image IMAGE] [--iterations N] [--out DIR] [--smoke]

Boots the image (a release build, from `make bench`) on QEMU virt with
`bench[=N]` on the kernel command line; the root task prints one line per
row (user/root/bench*.c). Then boots it with `bootcost` at 128 MiB, 1 GiB,
4 GiB and 16 GiB of RAM for the boot rows. Prints the table (instructions:
minimum, median, maximum; seL4's figure for the same operation on the same
QEMU and the ratio), writes DIR/results.json and DIR/scaling.svg (gnuplot).

With --smoke (what `make test` uses): few iterations, and only checks that
every row produced a number; speed is not judged.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "qemu"))
import basalt_qemu as q  # noqa: E402

# seL4's counts for the same operations (release build, fast path on, QEMU
# 7.2 virt, -icount shift=0), and how far below them Basalt must be.
SEL4 = {
    "null-syscall": (120, 1.0),
    "ipc-call-0-same-space": (335, 0.8),
    "ipc-call-0-other-space": (335, 0.8),
    "ipc-reply-0-same-space": (373, 0.8),
    "ipc-reply-0-other-space": (373, 0.8),
    "ipc-call-10-same-space": (1062, 1.0),
    "ipc-call-10-other-space": (1062, 1.0),
    "signal-wake": (739, 1.0),
    "fault-deliver": (1161, 1.0),
    "fault-reply": (878, 1.0),
    "fault-rt": (2040, 0.8),
    "exc-deliver": (1161, 1.0),
    "exc-reply": (878, 1.0),
    "exc-rt": (2040, 0.8),
    "yield-other-space": (511, 1.0),
    "map-4k": (580, 1.0),
}
BOOT_SIZES = ("128M", "1G", "4G", "16G")
ROW = re.compile(r"^bench: (\S+) (?:min (\d+) median (\d+) max (\d+) n (\d+)|none n 0) (.*)$")
BOOT = re.compile(r"^boot: (\d+) instructions from kernel entry to the root task")
EXPECTED = [
    "null-syscall", "yield-other-space", "signal-wake",
    "ipc-rt-0-same-space", "ipc-call-0-same-space", "ipc-reply-0-same-space",
    "ipc-rt-4-same-space", "ipc-rt-10-same-space", "ipc-call-10-same-space", "ipc-cap-same-space",
    "ipc-rt-0-other-space", "ipc-call-0-other-space", "ipc-reply-0-other-space",
    "ipc-rt-4-other-space", "ipc-rt-10-other-space", "ipc-call-10-other-space",
    "ipc-cap-other-space", "map-4k", "unmap-4k", "map-unmap-4k", "map-2m",
    "fault-deliver", "fault-reply", "fault-rt", "exc-deliver", "exc-reply", "exc-rt",
    "retype-1", "revoke-1", "retype-16", "revoke-16", "retype-256", "revoke-256", "irq-latency",
]


def qemu(image, mem, append, marker, timeout):
    cmd = q.qemu_command(image, mem=mem, smp=1, append=append, extra=["-icount", "shift=0"])
    return q.run(cmd=cmd, end_marker=marker, exit_grace=1.0, timeout=timeout)


def run_rows(image, iterations, timeout):
    r = qemu(image, "1G", "bench=%d" % iterations, "bench: done", timeout)
    rows = {}
    for line in r.lines:
        m = ROW.match(line.strip())
        if m:
            rid, name = m.group(1), m.group(6)
            if m.group(2) is None:
                rows[rid] = {"name": name, "min": None, "median": None, "max": None, "n": 0}
            else:
                rows[rid] = {"name": name, "min": int(m.group(2)), "median": int(m.group(3)),
                             "max": int(m.group(4)), "n": int(m.group(5))}
    return rows, r


def run_boot(image, timeout):
    out = {}
    for mem in BOOT_SIZES:
        r = qemu(image, mem, "bootcost", "Basalt: starting the root task", timeout)
        for line in r.lines:
            m = BOOT.match(line.strip())
            if m:
                out[mem] = int(m.group(1))
    return out


def table(rows, boot):
    lines = ["%-26s %9s %9s %9s %7s %7s  %s" % ("operation", "min", "median", "max", "seL4",
                                               "ratio", "")]
    verdicts = []
    for rid in EXPECTED:
        row = rows.get(rid)
        if row is None or row["median"] is None:
            lines.append("%-26s %9s %9s %9s" % (rid, "-", "-", "-"))
            continue
        target = SEL4.get(rid)
        ratio = mark = ""
        if target:
            ratio = "%.2f" % (row["median"] / target[0])
            ok = row["median"] <= target[0] * target[1]
            mark = "ok" if ok else "ABOVE TARGET (%d)" % int(target[0] * target[1])
            verdicts.append(ok)
        lines.append("%-26s %9d %9d %9d %7s %7s  %s" % (
            rid, row["min"], row["median"], row["max"], target[0] if target else "", ratio, mark))
    for mem in BOOT_SIZES:
        if mem in boot:
            lines.append("%-26s %9d" % ("boot-%s" % mem, boot[mem]))
    if "128M" in boot and "16G" in boot:
        growth = boot["16G"] / boot["128M"] - 1
        ok = growth <= 0.10
        verdicts.append(ok)
        lines.append("boot 16 GiB vs 128 MiB: %+.2f%% %s" % (100 * growth, "ok" if ok else
                                                           "ABOVE TARGET (10%)"))
    return "\n".join(lines), verdicts


def chart(rows, boot, path):
    gnuplot = shutil.which("gnuplot")
    if gnuplot is None:
        return "gnuplot not found: no chart"
    series = {
        "retype, per frame": [(n, rows.get("retype-%d" % n, {}).get("median")) for n in (1, 16, 256)],
        "revoke, per frame": [(n, rows.get("revoke-%d" % n, {}).get("median")) for n in (1, 16, 256)],
        "IPC round trip (other space)": [(n, rows.get("ipc-rt-%d-other-space" % n, {}).get("median"))
                                         for n in (0, 4, 10)],
    }
    data = os.path.splitext(path)[0] + ".dat"
    with open(data, "w") as f:
        for title, pts in series.items():
            f.write("# %s\n" % title)
            for x, y in pts:
                if y is not None:
                    f.write("%d %d\n" % (x, y))
            f.write("\n\n")
        f.write("# boot\n")
        for mem, val in boot.items():
            f.write("%d %d\n" % ({"128M": 128, "1G": 1024, "4G": 4096, "16G": 16384}[mem], val))
    script = """set terminal svg size 1100,420 dynamic
set output '%s'
set multiplot layout 1,3 title 'Basalt: instructions per operation (QEMU virt, -icount shift=0)'
set logscale x 2
set xlabel 'objects per retype / revoke'
set ylabel 'instructions per object'
plot '%s' index 0 with linespoints title 'retype', '' index 1 with linespoints title 'revoke'
unset logscale x
set xlabel 'message words'
set ylabel 'instructions'
plot '%s' index 2 with linespoints title 'Call + ReplyRecv'
set logscale x 2
set xlabel 'RAM (MiB)'
set ylabel 'boot instructions'
set yrange [0:*]
plot '%s' index 3 with linespoints title 'kernel entry to root task'
unset multiplot
""" % (path, data, data, data)
    p = subprocess.run([gnuplot], input=script.encode(), stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    return "chart: %s" % path if p.returncode == 0 else "gnuplot failed: %s" % p.stderr.decode()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--image", default=q.build_path("Image"))
    ap.add_argument("--iterations", type=int, default=1000)
    ap.add_argument("--out", default=q.build_path("bench"))
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--timeout", type=float, default=600)
    args = ap.parse_args()
    if args.smoke:
        args.iterations = min(args.iterations, 20)
    os.makedirs(args.out, exist_ok=True)
    rows, r = run_rows(args.image, args.iterations, args.timeout)
    boot = run_boot(args.image, args.timeout)
    if args.smoke:
        tap = q.Tap()
        for rid in EXPECTED:
            row = rows.get(rid)
            tap.ok(row is not None and (row["median"] is not None or rid == "irq-latency"),
                   "bench row %s produced a number" % rid, r.report(20))
        for mem in BOOT_SIZES:
            tap.ok(mem in boot, "bench: boot at %s produced a number" % mem)
        return tap.done()
    text, verdicts = table(rows, boot)
    print(text)
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump({"rows": rows, "boot": boot, "sel4": {k: v[0] for k, v in SEL4.items()},
                   "iterations": args.iterations}, f, indent=1)
    print("results: %s" % os.path.join(args.out, "results.json"))
    print(chart(rows, boot, os.path.join(args.out, "scaling.svg")))
    print("%d of %d targets met" % (sum(verdicts), len(verdicts)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
