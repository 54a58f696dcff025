#!/usr/bin/env python3
"""Basalt on a HiFive Unmatched as QEMU can show one (TAP).

QEMU's sifive_u machine has the FU540's layout, which the FU740 shares where
the kernel looks (UART0 0x10010000, PLIC, CLINT, RAM at 0x80000000). Given
the Unmatched's device tree (-dtb) and 16 GiB, Debian's OpenSBI (fw_jump)
reports "SiFive HiFive Unmatched A00", picks a boot hart among 1-4 and hands
the kernel that tree, as the board's firmware does. build/Image, the one
kernel image, is booted in every case.

  Linux DTB x3     (tests/dtb/linux-sifive-hifive-unmatched-a00.dtb): OpenSBI
                   names the board; a successful boot on OpenSBI's boot hart,
                   one of 1-4 (any, on each run); Sv39; console sifive,uart0
                   at 0x10010000 (/soc/serial@10010000); hart 0 no MMU and not
                   usable, 1-4 Sv39; 16 GiB of RAM; the memory map is the
                   tree's minus OpenSBI's reservation, the image, the DTB and
                   the page tables; devices equal dtinfo's; no boot-cost line
                   unless asked
  our DTB          (build/dts/hifive-unmatched-a00.dtb): the same, and the
                   timer is the CLINT (OpenSBI finds its timer there too)
  boot cost        -icount shift=0 and "bootcost": the kernel's instruction
                   count from the board read to the end of the boot, with the
                   Linux DTB at 16 GiB (twice: the count is deterministic)
                   and the same DTB cut to 1 GiB (fdtput): 16 GiB costs at
                   most 1% more than 1 GiB (the kernel maps RAM with 1 GiB
                   pages: 15 more entries). Mapping it with 2 MiB pages would
                   add 7680 entries, hundreds of thousands of instructions;
                   touching every page of it, billions.

A successful boot is board_common's: the in-QEMU test suite runs ("test" on
the command line) and ends "N passed, 0 failed". The Linux DTB has no CLINT
node, so OpenSBI runs without a timer device: `time` stands still and every
deadline fires at once. The kernel sees that (timer_advances()) and runs
without a tick ("tick: none"), and the few tests that need preemption say
SKIP; with our DTB OpenSBI has its timer and they run.

QEMU's sifive_u cannot power off: a run ends at the suite's summary (with
the Linux DTB OpenSBI tries its GPIO power-off, which QEMU does not wire, and
hangs; with ours OpenSBI has no power-off device and the kernel says it
halted).
"""
# basalt-suite-timeout: 1200
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import board_common as bc  # noqa: E402
from board_common import q  # noqa: E402

RUN_TIMEOUT = float(os.environ.get("BASALT_QEMU_TIMEOUT", "300"))
LINUX_NAME = "linux-sifive-hifive-unmatched-a00.dtb"
OURS = q.build_path("dts", "hifive-unmatched-a00.dtb")
GiB = 1 << 30
MAX_GROWTH = 0.01          # 16 GiB may cost at most 1% more than 1 GiB
COST_RE = re.compile(r"^boot: (\d+) instructions\b", re.MULTILINE)


def qemu_aborted(r):
    """QEMU itself died of SIGABRT: the host's emulator failing, not an
    outcome of the guest (which cannot make QEMU abort through any device
    that works as specified). QEMU 7.2's sifive_u with five harts and 16 GiB
    now and then stops in glibc's "corrupted size vs. prev_size", seen
    both during OpenSBI's start and just after the kernel set up the PLIC
    (the Linux tree says 69 sources, QEMU's FU540 model has 54)."""
    return r.returncode == -6


def boot(dtb, mem, append_words=(), icount=False):
    extra = ["-icount", "shift=0"] if icount else []
    append = bc.with_bootargs(append_words)
    for attempt in range(3):
        r = q.run(q.kernel_image(), machine="sifive_u", mem=mem, smp=5, dtb=dtb,
                  append=append or None, extra=extra, timeout=RUN_TIMEOUT,
                  end_marker=bc.stop_marker(), exit_grace=1.0)
        if not qemu_aborted(r):
            break
        print("# QEMU aborted (SIGABRT, attempt %d, kernel %s): run again" % (
            attempt + 1, "started" if "Basalt" in r.output else "not started"))
    return r, q.parse_console(r.output)


def check_board_boot(tap, name, r, log, dt, timer=None):
    ok, why = bc.boot_succeeded(r.output)
    tap.ok(ok and not r.hung, "%s: boots to a successful end" % name, why + "\n" + r.report())
    if not ok:
        tap.ok(False, "%s: board, hart, paging, console, RAM, map, devices" % name,
               "no complete boot (see above)")
        return None
    errs = []
    if not re.search(r"Platform Name\s*:\s*SiFive HiFive Unmatched A00", r.output):
        errs.append("OpenSBI did not report 'SiFive HiFive Unmatched A00'")
    m = re.search(r"Boot HART ID\s*:\s*(\d+)", r.output)
    if log.boot_hart not in (1, 2, 3, 4):
        errs.append("booted on hart %s, not one of 1-4" % log.boot_hart)
    if m is None or int(m.group(1)) != log.boot_hart:
        errs.append("OpenSBI's boot hart %s, the kernel's %s" % (m and m.group(1), log.boot_hart))
    if log.paging != "sv39":
        errs.append("paging %s, expected sv39" % log.paging)
    want_con = {"compatible": "sifive,uart0", "base": 0x10010000, "path": "/soc/serial@10010000"}
    if log.console != want_con:
        errs.append("console %s, expected %s" % (log.console, want_con))
    harts = {h.id: (h.mmu, h.state) for h in log.harts}
    if harts.get(0, ("?", "?"))[0] != "none" or harts.get(0)[1] not in ("unusable", "disabled"):
        errs.append("hart 0: %s, expected no MMU, not usable" % (harts.get(0),))
    for i in range(1, 5):
        want = ("sv39", "boot" if i == log.boot_hart else "parked")
        if harts.get(i) != want:
            errs.append("hart %d: %s, expected %s" % (i, harts.get(i), want))
    if log.ram != [(0x80000000, 0x80000000 + 16 * GiB)]:
        errs.append("RAM %s, expected 16 GiB at 0x80000000" % list(map(q.fmt_range, log.ram)))
    if timer and not (log.timer or "").startswith(timer):
        errs.append("timer %r, expected %s" % (log.timer, timer))
    if COST_RE.search(r.output):
        errs.append("a boot-cost line although nobody asked for one")
    tap.ok(not errs, "%s: OpenSBI names the board; boot hart one of 1-4, sv39, sifive,uart0 "
           "at 0x10010000, hart 0 unusable, 16 GiB" % name, "\n".join(errs))
    errs = bc.map_errors(log, dt, extra_reserved_ok=(bc.OPENSBI_RESV_PREFIX,))
    errs += bc.device_errors(log, dt)
    tap.ok(not errs, "%s: memory map and devices agree with dtinfo's view of the tree" % name,
           "\n".join(errs))
    return log.boot_hart


def cost(r):
    m = COST_RE.search(r.output)
    return int(m.group(1)) if m else None


def check_cost(tap, runs):
    (r16, l16), (r16b, _), (r1, l1) = runs
    c16, c16b, c1 = cost(r16), cost(r16b), cost(r1)
    tap.ok(None not in (c16, c16b, c1), "boot cost: 'boot: N instructions' printed when asked",
           "\n\n".join(r.report(15) for r in (r16, r16b, r1)))
    if None in (c16, c16b, c1):
        tap.ok(False, "boot cost: deterministic and independent of RAM", "no counts")
        return
    tap.diag("boot cost: 16 GiB %d, %d; 1 GiB %d instructions" % (c16, c16b, c1))
    tap.ok(c16 == c16b, "boot cost: deterministic under -icount (same count twice)",
           "16 GiB runs: %d and %d" % (c16, c16b))
    rams = (l1.ram, l16.ram)
    tap.ok(rams == ([(0x80000000, 0x80000000 + GiB)], [(0x80000000, 0x80000000 + 16 * GiB)]),
           "boot cost: the runs really had 1 GiB and 16 GiB", "RAM: %s" % (rams,))
    growth = (c16 - c1) / c1
    tap.ok(growth <= MAX_GROWTH, "boot cost: 16 GiB costs at most %.0f%% more than 1 GiB"
           % (100 * MAX_GROWTH), "16 GiB: %d, 1 GiB: %d instructions (%+.3f%%)" % (
               c16, c1, 100 * growth))


def main():
    tap = q.Tap()
    d = q.shared_dtb_dir()
    linux = os.path.join(d, LINUX_NAME) if d else None
    if not linux or not os.path.isfile(linux):
        print("1..0 # SKIP the DTB corpus (%s) is not there" % LINUX_NAME)
        return 0
    for path in (q.kernel_image(), OURS):
        if not os.path.isfile(path):
            tap.ok(False, "%s exists" % path, "run 'make all'")
            return tap.done()
    tmp = tempfile.mkdtemp(prefix="basalt-unmatched-")
    try:
        # The same board with 1 GiB: only the memory node's size differs.
        small = os.path.join(tmp, "unmatched-1g.dtb")
        shutil.copyfile(linux, small)
        subprocess.run(["fdtput", "-t", "x", small, "/memory@80000000", "reg",
                        "0", "0x80000000", "0", "0x40000000"], check=True, timeout=30)
        linux_dt, ours_dt = q.dtinfo_json(linux), q.dtinfo_json(OURS)
        with ThreadPoolExecutor(2) as pool:
            plain = [pool.submit(boot, linux, "16G") for _ in range(3)]
            mine = pool.submit(boot, OURS, "16G")
            costs = [pool.submit(boot, linux, "16G", ["bootcost"], True),
                     pool.submit(boot, linux, "16G", ["bootcost"], True),
                     pool.submit(boot, small, "1G", ["bootcost"], True)]
            harts = [check_board_boot(tap, "Linux DTB run %d" % (i + 1), *f.result(), linux_dt)
                     for i, f in enumerate(plain)]
            tap.diag("boot harts over the three runs: %s" % harts)
            check_board_boot(tap, "our DTB", *mine.result(), ours_dt, timer="sifive,fu740-c000-clint at 0x0000000002000000")
            check_cost(tap, [f.result() for f in costs])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
