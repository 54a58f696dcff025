"""Running the system-call fuzzer (user/fuzz) under QEMU and reading its report.

Shared by `make fuzz` (scripts/fuzz.py) and the test suite
(tests/qemu/suite_fuzz.py). The kernel command line `fuzz=CALLS:SEED` makes
the root task run the fuzzer and power off; QEMU runs with -icount shift=0
so that instret counts instructions (the interrupts-off figures) and the
whole run, timer included, is reproducible. The report's lines all start
with "fuzz: " (user/fuzz/report.c, user/root/fuzz.c).
"""
import re
from dataclasses import dataclass, field
from typing import Dict, List, Optional

import basalt_qemu as q

ICOUNT = ["-icount", "shift=0"]
ERROR_NAMES = ["OK", "INVALID_ARGUMENT", "INVALID_CAPABILITY", "ILLEGAL_OPERATION",
               "RANGE_ERROR", "ALIGNMENT_ERROR", "FAILED_LOOKUP", "TRUNCATED_MESSAGE",
               "DELETE_FIRST", "REVOKE_FIRST", "NOT_ENOUGH_MEMORY"]


@dataclass
class FuzzReport:
    lines: List[str] = field(default_factory=list)   # every "fuzz: " line, in order
    seed: Optional[int] = None
    calls: Optional[int] = None
    results: Dict[str, int] = field(default_factory=dict)
    distinct: Optional[int] = None
    audits: Optional[int] = None
    audit_failures: Optional[int] = None
    world_errors: Optional[int] = None
    stretch: Optional[int] = None            # worst interrupts-off stretch under fuzzing
    stretch_kind: str = ""
    long_stretch: Optional[int] = None       # ... over the big retype and revoke
    long_frames: Optional[int] = None
    memory_back: Optional[bool] = None
    final_audit: Optional[int] = None
    verdict: Optional[str] = None            # PASS or FAIL


def _int(s: str) -> int:
    return int(s, 0)


def parse(text: str) -> FuzzReport:
    r = FuzzReport()
    for raw in text.splitlines():
        line = raw.strip()
        if not line.startswith("fuzz: "):
            continue
        r.lines.append(line)
        m = re.match(r"fuzz: seed (0x[0-9a-f]+), (\d+) calls", line)
        if m:
            r.seed = _int(m.group(1))
        m = re.match(r"fuzz: calls (\d+) ", line)
        if m:
            r.calls = int(m.group(1))
        m = re.match(r"fuzz: result (\w+) +(\d+)$", line)
        if m:
            r.results[m.group(1)] = int(m.group(2))
        m = re.match(r"fuzz: distinct error codes (\d+)$", line)
        if m:
            r.distinct = int(m.group(1))
        m = re.match(r"fuzz: audits (\d+), audit failures (\d+), world setup errors (\d+)$", line)
        if m:
            r.audits, r.audit_failures, r.world_errors = (int(x) for x in m.groups())
        m = re.match(r"fuzz: worst interrupts-off stretch (\d+) instructions \((.*)\)$", line)
        if m:
            r.stretch, r.stretch_kind = int(m.group(1)), m.group(2)
        m = re.match(r"fuzz: revoke (returned|did NOT return) all memory .*audit after revoke: "
                     r"(\d+) failures$", line)
        if m:
            r.memory_back, r.final_audit = m.group(1) == "returned", int(m.group(2))
        m = re.match(r"fuzz: retype of (\d+) 2 MiB frames .* stretch (\d+) instructions", line)
        if m:
            r.long_frames, r.long_stretch = int(m.group(1)), int(m.group(2))
        m = re.match(r"fuzz: (PASS|FAIL)$", line)
        if m:
            r.verdict = m.group(1)
    return r


def run(calls: int, seed: int, timeout: float, mem: str = "1G", smp: int = 1,
        dtb: Optional[str] = None, extra_append: str = ""):
    """Boot with fuzz=CALLS:SEED; (RunResult, FuzzReport)."""
    append = "fuzz=%d:0x%x" % (calls, seed) + (" " + extra_append if extra_append else "")
    res = q.run(q.kernel_image(), mem=mem, smp=smp, dtb=dtb, append=append, extra=ICOUNT,
                timeout=timeout, end_marker=None)
    return res, parse(res.output)
