#!/usr/bin/env python3
"""`make fuzz`: run the system-call fuzzer on QEMU virt and print its report.

  scripts/fuzz.py [--calls N] [--seed S|random] [--timeout SECONDS]

Boots build/Image (a debug build: the audit exists only there) with
fuzz=CALLS:SEED under -icount shift=0 and prints the fuzzer's report (the
seed, calls made, results by error code, faults, audits, the worst
interrupts-off stretch, whether revoking returned all memory). Exits 0 when
the run finished with PASS and no kernel panic, 1 otherwise. A seed
reproduces a run exactly: run again with the seed it printed.
"""
import argparse
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "qemu"))
import basalt_fuzz  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--calls", type=lambda s: int(s, 0), default=1000000)
    ap.add_argument("--seed", default="0x5eedf00d", help="a number, or 'random'")
    ap.add_argument("--timeout", type=float, default=1800)
    args = ap.parse_args()
    seed = random.getrandbits(48) if args.seed == "random" else int(args.seed, 0)
    print("fuzz: %d calls, seed 0x%x (reproduce: make fuzz FUZZ_CALLS=%d FUZZ_SEED=0x%x)"
          % (args.calls, seed, args.calls, seed), flush=True)
    res, rep = basalt_fuzz.run(args.calls, seed, args.timeout)
    for line in rep.lines:
        print(line)
    print("fuzz: %s" % res.status())
    if res.panic:
        print(res.panic_report())
    ok = not res.panic and not res.hung and rep.verdict == "PASS" and res.returncode == 0
    if not ok:
        print("fuzz: FAILED\n" + res.report(40))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
