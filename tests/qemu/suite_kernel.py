#!/usr/bin/env python3
"""The in-QEMU test suite (user/root/test*.c), run by the root task (TAP).

Boots build/Image with `test` on the kernel command line in several
configurations and turns each in-QEMU result line into a TAP line:

  ok ID name                  -> ok
  not ok ID name: why         -> not ok (with why)
  N passed, N failed          -> must be the last result line, with counts
                                 equal to the lines seen; QEMU must exit by
                                 itself (0 when all passed)

A configuration that hangs, panics or stops early fails loudly with the
last lines of output. $BASALT_KERNEL_TESTS (a pattern) narrows the tests
run, as `test=PATTERN` does.

Configurations: QEMU virt in Sv48 (its default; 2 GiB of RAM, so a whole
1 GiB untyped is left for the 1 GiB frame test), in Sv39 (a device tree
that says riscv,sv39) and in Sv57 (one that says riscv,sv57); the IPC and
scheduling, fault and pager tests once more with the fast paths off ("nofastpath"),
since the slow path is the reference the fast path must agree with; the
VM tests in Sv39 with 2 GiB (paging=sv39: 1 GiB frames are root entries
there); and the ASID tests with 1, 2 and 0 hardware ASID bits (asid_bits=N:
rollovers on almost every switch, and a flush on every switch); and QEMU
sifive_u with five harts in Sv39, the FU540 layout the Unmatched shares
(it cannot power off: the run ends at the summary line).
"""
# basalt-suite-timeout: 1800
import os
import re
import sys
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import basalt_qemu as q  # noqa: E402

TIMEOUT = float(os.environ.get("BASALT_KERNEL_TEST_TIMEOUT", "900"))
PATTERN = os.environ.get("BASALT_KERNEL_TESTS", "")
RESULT = re.compile(r"^(ok|not ok) (\S+) ([^:]*?)(?:: (.*))?$")
SUMMARY = re.compile(r"^(\d+) passed, (\d+) failed(?:, (\d+) skipped)?$")
SKIP = " # SKIP "

# Tests whose effect includes console lines: when the test ran, each
# pattern must match exactly that many lines. A thread with no usable
# fault handler is suspended with one kernel log line (docs/vm.md); the
# pager prints one line per segmentation fault (user/lib/pager.h).
ORPHAN_LINE = (r"^fault: thread '%s' \(tcb 0x[0-9a-f]+\): page fault at pc 0x[0-9a-f]+ "
               r"\(cause 13, value 0x[0-9a-f]+\): no fault handler, suspended$")
SEGV_LINE = r"^pager: segmentation fault: client 0, pc 0x[0-9a-f]+%s$"
CONSOLE_LINES = {
    "FAULT0009": [("kernel: stopped thread", ORPHAN_LINE % "FAULT0009-orphan", 1)],
    "FAULT0010": [("kernel: stopped thread", ORPHAN_LINE % "FAULT0010-orphan", 1)],
    "PAGER0003": [
        ("pager: outside", SEGV_LINE % ", read at 0x[0-9a-f]+: outside any region", 2),
        ("pager: read-only", SEGV_LINE % ", write at 0x[0-9a-f]+: the region is read-only", 1),
        ("pager: no exec", SEGV_LINE % ", fetch at 0x[0-9a-f]+: the region is not executable", 1),
        ("pager: exception", SEGV_LINE % ": not a page fault", 1)],
}


def configurations():
    dts = q.build_path("dts")
    return [
        ("virt sv48", dict(mem="2G", smp=1)),
        ("virt sv39", dict(mem="1G", smp=2, dtb=os.path.join(dts, "qemu-virt-sv39.dtb"))),
        ("virt sv57", dict(mem="1G", smp=2, dtb=os.path.join(dts, "qemu-virt-sv57.dtb"))),
        # The IPC, scheduling, fault and pager tests again with the fast paths off: the
        # slow path is the reference the fast path must agree with.
        ("virt sv48 nofastpath", dict(mem="1G", smp=1), "nofastpath", "IPC"),
        ("virt sv48 nofastpath", dict(mem="1G", smp=1), "nofastpath", "SCHED"),
        ("virt sv48 nofastpath", dict(mem="1G", smp=1), "nofastpath", "FAULT"),
        ("virt sv48 nofastpath", dict(mem="1G", smp=1), "nofastpath", "PAGER"),
        # The sv39 device tree's 1 GiB of RAM leaves no spare 1 GiB block.
        ("virt sv39 2G", dict(mem="2G", smp=1), "paging=sv39", "VM0"),
        # Few hardware ASIDs: rollovers all the time; none: flush on switch.
        ("virt sv48 asid_bits=1", dict(mem="1G", smp=1), "asid_bits=1", "ASID"),
        ("virt sv48 asid_bits=2", dict(mem="1G", smp=1), "asid_bits=2", "ASID"),
        ("virt sv48 asid_bits=0", dict(mem="1G", smp=1), "asid_bits=0", "ASID"),
        # The FU540 layout as on the Unmatched: five harts, the E51 hart 0
        # without an MMU, the SiFive UART, and Sv39 as on the U74 cores.
        # QEMU's sifive_u cannot power off: the run ends at the summary.
        ("sifive_u smp5 sv39", dict(machine="sifive_u", mem="1G", smp=5), "paging=sv39", ""),
    ]


# Machines without a power-off device: QEMU is stopped after the summary.
NO_POWER_OFF = ("sifive_u",)


def run(config):
    name, args = config[0], config[1]
    extra = config[2] if len(config) > 2 else ""
    pattern = PATTERN or (config[3] if len(config) > 3 else "")
    append = ("test=%s" % pattern if pattern else "test") + (" " + extra if extra else "")
    if args.get("machine") in NO_POWER_OFF:
        r = q.run(q.kernel_image(), append=append, timeout=TIMEOUT, end_marker=" passed, ",
                  exit_grace=1.0, **args)
    else:
        r = q.run(q.kernel_image(), append=append, timeout=TIMEOUT, end_marker=None, **args)
    return name, r


def report(tap, name, r, must_exit=True):
    results, summary = [], None
    for line in r.lines:
        m = SUMMARY.match(line.strip())
        if m:
            summary = (int(m.group(1)), int(m.group(2)), int(m.group(3) or 0))
            continue
        m = RESULT.match(line.strip())
        if m and summary is None:
            results.append((m.group(1) == "ok", m.group(2), m.group(3), m.group(4)))
    skipped = 0
    for ok, tid, tname, why in results:
        if ok and SKIP in tname and why is None:
            tname, reason = tname.split(SKIP, 1)
            tap.skip("%s: %s %s" % (name, tid, tname), reason)
            skipped += 1
            continue
        tap.ok(ok, "%s: %s %s" % (name, tid, tname), why)
        for what, pattern, want in CONSOLE_LINES.get(tid, []):
            n = sum(1 for line in r.lines if re.match(pattern, line.strip()))
            tap.ok(n == want, "%s: %s: console has %d line(s) %s" % (name, tid, want, what),
                   "%d lines match %s" % (n, pattern))
    passed = sum(1 for x in results if x[0]) - skipped
    failed = len(results) - passed - skipped
    errs = []
    if r.panic:
        errs.append("KERNEL PANIC\n" + r.panic_report(40))
    if summary is None:
        errs.append("no 'N passed, N failed' line: the suite did not finish")
    elif summary != (passed, failed, skipped):
        errs.append("summary says %d passed, %d failed, %d skipped; %d ok, %d not ok and "
                    "%d skipped lines" % (summary + (passed, failed, skipped)))
    if not results:
        errs.append("no test ran")
    if must_exit and not r.exited:
        errs.append("QEMU did not exit by itself")
    elif must_exit and r.returncode != (0 if failed == 0 else 1):
        errs.append("QEMU exit status %s with %d failures" % (r.returncode, failed))
    tap.ok(not errs, "%s: the suite ran to its summary and QEMU exited accordingly" % name,
           "\n".join(errs) + "\n" + r.report(30))


def main():
    tap = q.Tap()
    configs = configurations()
    with ThreadPoolExecutor(max_workers=2) as pool:
        for config, (name, r) in zip(configs, pool.map(run, configs)):
            report(tap, name, r, must_exit=config[1].get("machine") not in NO_POWER_OFF)
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
