#!/usr/bin/env python3
"""The system-call fuzzer (user/fuzz), short fixed-seed runs (TAP).

Boots build/Image with fuzz=CALLS:SEED under -icount shift=0
(tests/qemu/basalt_fuzz.py) and checks the report:

  - the run finished: QEMU exited by itself with status 0, no kernel panic,
    no hang, the verdict PASS;
  - calls made == calls requested; an audit after every batch, none failed;
    the victims were set up every batch without an error;
  - at least MIN_DISTINCT distinct error codes (a fuzzer that degenerates
    into one kind of failure fails here);
  - revoking the fuzzer's untyped gave back all memory, audit clean;
  - the worst interrupts-off stretch, under fuzzing and over a retype of
    many 2 MiB frames plus a revoke of the whole arena, stays below
    MAX_STRETCH instructions (preemption points bound it, not sizes);
  - no thread of the fuzzer's infrastructure was left without a fault
    handler (the kernel's "fault: ... no fault handler" line never names
    one);
  - the same seed twice gives the identical report (determinism);
  - the same seed with the fast paths off ("nofastpath") gives the same
    report but for the interrupts-off figures (the fast paths must leave
    exactly the state the general path would).

Configurations: virt Sv48 1 GiB (the seed twice, and once with
nofastpath), and Sv39 on 2 harts with another seed. $BASALT_FUZZ_CALLS
changes the number of calls.
"""
import os
import re
import sys
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import basalt_fuzz as bf  # noqa: E402
import basalt_qemu as q  # noqa: E402

CALLS = int(os.environ.get("BASALT_FUZZ_CALLS", "100000"))
TIMEOUT = float(os.environ.get("BASALT_FUZZ_TIMEOUT", "300"))
SEED = 0x5eedf00d
MIN_DISTINCT = 9        # of the 10 error codes; a healthy run sees all 10
# Measured: ~103,000 instructions (a retype zeroing 64 pages between two
# polls of a preemption point). Far below what one big operation would
# take without preemption (a 128 MiB revoke or a 2 MiB frame's zeroing
# alone exceeds it).
MAX_STRETCH = 200000
# The kernel's line for a thread stopped for want of a fault handler, for
# the fuzzer's threads whose handler random calls cannot reach (victim
# threads and workers 2 and 3, whose fault caps are among the victims, may
# lose theirs: that is fuzzing).
ORPHAN = re.compile(r"^fault: thread '(fuzz|fuzz-worker[01]|fuzz-handler)' ")


def configurations():
    dts = q.build_path("dts")
    return [
        ("virt sv48", SEED, dict(mem="1G", smp=1)),
        ("virt sv48 again", SEED, dict(mem="1G", smp=1)),
        ("virt sv39 smp2", 0x1234, dict(mem="1G", smp=2, dtb=os.path.join(dts, "qemu-virt-sv39.dtb"))),
        ("virt sv48 nofastpath", SEED, dict(mem="1G", smp=1, extra_append="nofastpath")),
    ]


def run(config):
    name, seed, kw = config
    res, rep = bf.run(CALLS, seed, TIMEOUT, **kw)
    return name, seed, res, rep


def check(tap, name, seed, res, rep):
    diag = res.report(30)
    finished = not res.hung and not res.panic and res.exited and res.returncode == 0 \
        and rep.verdict == "PASS"
    why = ("KERNEL PANIC\n" + res.panic_report(40)) if res.panic else diag
    tap.ok(finished, "%s: the run finished (no panic, no hang, exit 0, PASS)" % name, why)
    tap.ok(rep.seed == seed, "%s: the report names the seed 0x%x" % (name, seed),
           "seed in the report: %s" % rep.seed)
    tap.ok(rep.calls == CALLS, "%s: calls made == %d requested" % (name, CALLS),
           "calls made: %s" % rep.calls)
    batches = (CALLS + 9999) // 10000
    tap.ok(rep.audits == batches and rep.audit_failures == 0,
           "%s: an audit after each of %d batches, none failed" % (name, batches),
           "audits %s, failures %s" % (rep.audits, rep.audit_failures))
    tap.ok(rep.world_errors == 0, "%s: victims set up without error in every batch" % name,
           "world setup errors: %s" % rep.world_errors)
    tap.ok(rep.distinct is not None and rep.distinct >= MIN_DISTINCT,
           "%s: at least %d distinct error codes" % (name, MIN_DISTINCT),
           "distinct: %s; results: %s" % (rep.distinct, rep.results))
    tap.ok(rep.memory_back is True and rep.final_audit == 0,
           "%s: revoking the fuzzer's untyped returned all memory, audit clean" % name,
           "memory back: %s, audit: %s" % (rep.memory_back, rep.final_audit))
    tap.ok(rep.stretch is not None and 0 < rep.stretch < MAX_STRETCH,
           "%s: worst interrupts-off stretch under fuzzing < %d instructions" % (name, MAX_STRETCH),
           "stretch: %s (%s)" % (rep.stretch, rep.stretch_kind))
    tap.ok(rep.long_stretch is not None and rep.long_frames and 0 < rep.long_stretch < MAX_STRETCH,
           "%s: retype of many 2 MiB frames and revoke of the arena stay < %d instructions "
           "with interrupts off" % (name, MAX_STRETCH),
           "frames %s, stretch %s" % (rep.long_frames, rep.long_stretch))
    orphans = [line for line in res.lines if ORPHAN.match(line)]
    tap.ok(not orphans, "%s: no fuzzer thread left without a fault handler" % name,
           "\n".join(orphans[:5]))


def main():
    tap = q.Tap()
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = list(pool.map(run, configurations()))
    for name, seed, res, rep in runs:
        check(tap, name, seed, res, rep)
    a, b, slow = runs[0][3], runs[1][3], runs[3][3]
    same(tap, a.lines, b.lines, "the same seed twice gives the identical report")
    same(tap, [x for x in a.lines if "interrupts-off" not in x],
         [x for x in slow.lines if "interrupts-off" not in x],
         "the same seed with the fast paths off gives the same report "
         "(interrupts-off figures aside)")
    return tap.done()


def same(tap, a, b, desc):
    diff = [(x, y) for x, y in zip(a, b) if x != y]
    tap.ok(bool(a) and a == b, desc, "first difference: %s" % (diff[0],) if diff else
           "%d and %d report lines" % (len(a), len(b)))


if __name__ == "__main__":
    sys.exit(main())
