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

Configurations: QEMU virt in Sv48 (its default), in Sv39 (a device tree
that says riscv,sv39) and in Sv57 (one that says riscv,sv57); and the IPC
and scheduling tests once more with the IPC fast path off ("nofastpath"),
since the slow path is the reference the fast path must agree with.
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
SUMMARY = re.compile(r"^(\d+) passed, (\d+) failed$")


def configurations():
    dts = q.build_path("dts")
    return [
        ("virt sv48", dict(mem="1G", smp=1)),
        ("virt sv39", dict(mem="1G", smp=2, dtb=os.path.join(dts, "qemu-virt-sv39.dtb"))),
        ("virt sv57", dict(mem="1G", smp=2, dtb=os.path.join(dts, "qemu-virt-sv57.dtb"))),
        # The IPC and scheduling tests again with the fast path off: the
        # slow path is the reference the fast path must agree with.
        ("virt sv48 nofastpath", dict(mem="1G", smp=1), "nofastpath", "IPC"),
        ("virt sv48 nofastpath", dict(mem="1G", smp=1), "nofastpath", "SCHED"),
    ]


def run(config):
    name, args = config[0], config[1]
    extra = config[2] if len(config) > 2 else ""
    pattern = PATTERN or (config[3] if len(config) > 3 else "")
    append = ("test=%s" % pattern if pattern else "test") + (" " + extra if extra else "")
    r = q.run(q.kernel_image(), append=append, timeout=TIMEOUT, end_marker=None, **args)
    return name, r


def report(tap, name, r):
    results, summary = [], None
    for line in r.lines:
        m = SUMMARY.match(line.strip())
        if m:
            summary = (int(m.group(1)), int(m.group(2)))
            continue
        m = RESULT.match(line.strip())
        if m and summary is None:
            results.append((m.group(1) == "ok", m.group(2), m.group(3), m.group(4)))
    for ok, tid, tname, why in results:
        tap.ok(ok, "%s: %s %s" % (name, tid, tname), why)
    passed = sum(1 for x in results if x[0])
    failed = len(results) - passed
    errs = []
    if r.panic:
        errs.append("KERNEL PANIC\n" + r.panic_report(40))
    if summary is None:
        errs.append("no 'N passed, N failed' line: the suite did not finish")
    elif summary != (passed, failed):
        errs.append("summary says %d passed, %d failed; %d ok and %d not ok lines" % (
            summary[0], summary[1], passed, failed))
    if not results:
        errs.append("no test ran")
    if not r.exited:
        errs.append("QEMU did not exit by itself")
    elif r.returncode != (0 if failed == 0 else 1):
        errs.append("QEMU exit status %s with %d failures" % (r.returncode, failed))
    tap.ok(not errs, "%s: the suite ran to its summary and QEMU exited accordingly" % name,
           "\n".join(errs) + "\n" + r.report(30))


def main():
    tap = q.Tap()
    configs = configurations()
    with ThreadPoolExecutor(max_workers=2) as pool:
        for name, r in pool.map(run, configs):
            report(tap, name, r)
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
