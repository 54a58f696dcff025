#!/usr/bin/env python3
"""Runs every Basalt test suite and sums up their TAP results (`make test`).

Suites:
  host/NAME        every executable in $BUILD/host/tests/ (cmocka unit tests,
                   run with CMOCKA_MESSAGE_OUTPUT=TAP)
  DIR/suite_X      every tests/DIR/suite_X.py, run with this same Python

Every suite runs from the project root and prints TAP on stdout: "ok N - desc",
"not ok N - desc", "# SKIP" / "# TODO" directives, '#' diagnostic lines, a
plan "1..N" (a "1..0 # SKIP why" plan skips the whole suite). Environment:
  BASALT_BUILD          the build directory (absolute)
  BASALT_DTB_DIR        tests/dtb, the shared DTB corpus (host suites are
                        skipped when it is missing)
  BASALT_EXTRA_DTB_DIR  QEMU dumpdtb blobs made first by
                        tests/host/fdt/dump-qemu-dtbs.sh OUTDIR, when that
                        script exists
A suite fails loudly when it crashes, times out (per suite: --timeout, or a
"# basalt-suite-timeout: N" line in a Python suite), exits non-zero without
reporting a failure, reports fewer tests than it planned, or prints no test.

The last line printed is exactly "N passed, N failed" (", N skipped" added
when something was skipped); the exit status is 1 iff anything failed.

  scripts/run_tests.py [--build DIR] [--only SUBSTR]... [-j N] [--timeout S] [--list]
"""
import argparse
import glob
import os
import re
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import List, Optional

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED_DTB_DIR = os.path.join("tests", "dtb")   # relative to ROOT
DUMP_SCRIPT = os.path.join("tests", "host", "fdt", "dump-qemu-dtbs.sh")
DEFAULT_TIMEOUT = 300.0
STDERR_TAIL = 40

RUNNING = set()          # suites' processes, killed on Ctrl-C
RUNNING_LOCK = threading.Lock()

RESULT_RE = re.compile(r"^(not ok|ok)\b(?:\s+(\d+))?\s*(?:-\s*)?(.*)$")
PLAN_RE = re.compile(r"^1\.\.(\d+)\s*(?:#\s*(.*))?$")
DIRECTIVE_RE = re.compile(r"(?<!\\)#\s*(SKIP|TODO)\S*\s*(.*)$", re.IGNORECASE)
ANSI_RE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


@dataclass
class Suite:
    name: str
    argv: List[str]
    timeout: float
    skip_reason: Optional[str] = None


@dataclass
class TestLine:
    ok: bool
    directive: Optional[str]        # "skip" / "todo" / None
    text: str                       # the result line as printed
    before: List[str] = field(default_factory=list)   # non-TAP output before it
    after: List[str] = field(default_factory=list)    # diagnostics after it

    @property
    def outcome(self) -> str:
        if self.directive == "skip" or (self.directive == "todo" and not self.ok):
            return "skip"
        return "pass" if self.ok else "fail"


@dataclass
class SuiteResult:
    suite: Suite
    passed: int = 0
    failed: int = 0
    skipped: int = 0
    elapsed: float = 0.0
    block: List[str] = field(default_factory=list)   # what to print for this suite


# ---------------------------------------------------------------- TAP

def parse_tap(text: str):
    """(test lines, planned count or None, whole-suite skip reason or None,
    bail-out message or None, lines after the last result)."""
    tests: List[TestLine] = []
    planned = None
    skip_all = None
    bail = None
    pending: List[str] = []
    for raw in text.splitlines():
        line = ANSI_RE.sub("", raw.rstrip("\r\n"))
        m = RESULT_RE.match(line)
        if m:
            d = DIRECTIVE_RE.search(m.group(3) or "")
            t = TestLine(ok=m.group(1) == "ok", directive=d.group(1).lower() if d else None,
                         text=line, before=[x for x in pending if not x.startswith("#")])
            tests.append(t)
            pending = []
            continue
        m = PLAN_RE.match(line)
        if m:
            planned = (planned or 0) + int(m.group(1))
            if int(m.group(1)) == 0 and m.group(2) and re.match(r"skip", m.group(2), re.I):
                skip_all = m.group(2)[4:].strip(" :") or "skipped"
            continue
        if line.startswith("Bail out!"):
            bail = line
        if tests and not pending_has_non_comment(pending) and line.startswith("#"):
            tests[-1].after.append(line)
        else:
            pending.append(line)
    return tests, planned, skip_all, bail, pending


def pending_has_non_comment(pending: List[str]) -> bool:
    return any(not x.startswith("#") for x in pending)


# ---------------------------------------------------------------- running

def signal_name(n: int) -> str:
    try:
        return signal.Signals(n).name
    except ValueError:
        return "signal %d" % n


def run_suite(suite: Suite, env: dict) -> SuiteResult:
    res = SuiteResult(suite)
    out = res.block
    if suite.skip_reason:
        res.skipped = 1
        out.append("ok 1 - %s # SKIP %s" % (suite.name, suite.skip_reason))
        return res
    start = time.monotonic()
    timed_out = False
    try:
        proc = subprocess.Popen(suite.argv, cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                start_new_session=True)
    except OSError as e:
        res.failed = 1
        out.append("not ok - %s: could not start: %s" % (suite.name, e))
        return res
    with RUNNING_LOCK:
        RUNNING.add(proc)
    try:
        stdout, stderr = proc.communicate(timeout=suite.timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        kill_group(proc)
        stdout, stderr = proc.communicate()
    finally:
        with RUNNING_LOCK:
            RUNNING.discard(proc)
    res.elapsed = time.monotonic() - start
    rc = proc.returncode
    stdout = stdout.decode("utf-8", "replace")
    stderr = ANSI_RE.sub("", stderr.decode("utf-8", "replace"))

    tests, planned, skip_all, bail, trailing = parse_tap(stdout)
    for t in tests:
        o = t.outcome
        if o == "pass":
            res.passed += 1
            out.append(t.text)
        elif o == "skip":
            res.skipped += 1
            out.append(t.text)
        else:
            res.failed += 1
            out.extend("    " + x for x in t.before[-20:])
            out.append(t.text)
            out.extend(t.after)

    problems = []
    progress = ""
    if planned is not None and len(tests) != planned and not skip_all:
        progress = " after %d of %d planned tests" % (len(tests), planned)
    if timed_out:
        problems.append("timed out after %g s and was killed%s" % (suite.timeout, progress))
    elif rc < 0:
        problems.append("crashed: killed by %s%s" % (signal_name(-rc), progress))
    else:
        if rc != 0 and res.failed == 0:
            problems.append("exited with status %d without reporting a failed test" % rc)
        if progress:
            problems.append("planned %d tests but reported %d" % (planned, len(tests)))
    if bail:
        problems.append(bail)
    if not tests and not skip_all and not problems:
        problems.append("reported no test results (no 'ok'/'not ok' lines on stdout)")
    if skip_all and not tests and not problems:
        res.skipped += 1
        out.append("ok - %s # SKIP %s" % (suite.name, skip_all))
    for p in problems:
        res.failed += 1
        out.append("not ok - %s: %s" % (suite.name, p))
    if res.failed:
        tail = [x for x in trailing if x.strip()][-20:]
        if tail and (problems or not tests):
            out.append("    last lines on stdout:")
            out.extend("    | " + x for x in tail)
        err = [x for x in stderr.splitlines() if x.strip()]
        if err:
            out.append("    stderr (last %d of %d lines):" % (min(STDERR_TAIL, len(err)), len(err)))
            out.extend("    | " + x for x in err[-STDERR_TAIL:])
    return res


def kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        proc.kill()


def suite_timeout(path: str, default: float) -> float:
    try:
        with open(path, errors="replace") as f:
            for _, line in zip(range(80), f):
                m = re.match(r"\s*#\s*basalt-suite-timeout:\s*(\d+(?:\.\d+)?)", line)
                if m:
                    return max(float(m.group(1)), default)
    except OSError:
        pass
    return default


def discover(build: str, timeout: float, dtb_dir_ok: bool, dtb_dir: str) -> List[Suite]:
    suites = []
    # Python suites first: they boot QEMU and take longest.
    for path in sorted(glob.glob(os.path.join(ROOT, "tests", "*", "suite_*.py"))):
        rel = os.path.relpath(path, os.path.join(ROOT, "tests"))
        name = os.path.splitext(rel)[0]
        suites.append(Suite(name, [sys.executable, path], suite_timeout(path, timeout)))
    host = os.path.join(build, "host", "tests")
    if os.path.isdir(host):
        for f in sorted(os.listdir(host)):
            path = os.path.join(host, f)
            if os.path.isfile(path) and os.access(path, os.X_OK):
                s = Suite("host/" + f, [path], timeout)
                if not dtb_dir_ok:
                    s.skip_reason = "the shared DTB corpus %s is not there" % dtb_dir
                suites.append(s)
    return suites


def make_extra_dtbs(build: str, env: dict) -> SuiteResult:
    """Run tests/host/fdt/dump-qemu-dtbs.sh OUTDIR; a pseudo-suite result."""
    res = SuiteResult(Suite("setup/dump-qemu-dtbs", [], 120.0))
    outdir = os.path.join(build, "host", "qemu-dtbs")
    os.makedirs(outdir, exist_ok=True)
    script = os.path.join(ROOT, DUMP_SCRIPT)
    argv = [script, outdir] if os.access(script, os.X_OK) else ["sh", script, outdir]
    start = time.monotonic()
    try:
        p = subprocess.run(argv, cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=120)
        ok, why, text = p.returncode == 0, "exited with status %d" % p.returncode, p.stdout
    except subprocess.TimeoutExpired as e:
        ok, why, text = False, "timed out after 120 s", e.stdout or b""
    except OSError as e:
        ok, why, text = False, str(e), b""
    res.elapsed = time.monotonic() - start
    if ok:
        res.passed = 1
        res.block.append("ok 1 - %s %s" % (DUMP_SCRIPT, outdir))
        env["BASALT_EXTRA_DTB_DIR"] = outdir
    else:
        res.failed = 1
        res.block.append("not ok 1 - %s %s: %s" % (DUMP_SCRIPT, outdir, why))
        lines = text.decode("utf-8", "replace").splitlines()
        res.block.extend("    | " + x for x in lines[-STDERR_TAIL:])
    return res


def summary(p: int, f: int, s: int) -> str:
    return "%d passed, %d failed" % (p, f) + (", %d skipped" % s if s else "")


def main() -> int:
    ap = argparse.ArgumentParser(description="Run Basalt's test suites (TAP) and sum them up.")
    ap.add_argument("--build", default=os.environ.get("BUILD") or "build",
                    help="build directory (default: $BUILD or build)")
    ap.add_argument("--only", action="append", default=[], metavar="SUBSTR",
                    help="run only suites whose name contains SUBSTR (repeatable)")
    ap.add_argument("-j", "--jobs", type=int, default=2, help="suites run in parallel (default 2)")
    ap.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                    help="per-suite time limit in seconds (default %g)" % DEFAULT_TIMEOUT)
    ap.add_argument("--list", action="store_true", help="list the suites and exit")
    args = ap.parse_args()

    build = os.path.normpath(os.path.join(ROOT, args.build))
    env = dict(os.environ)
    env.update(CMOCKA_MESSAGE_OUTPUT="TAP", BASALT_BUILD=build, PYTHONUNBUFFERED="1",
               PYTHONDONTWRITEBYTECODE="1")
    env.pop("BASALT_EXTRA_DTB_DIR", None)
    dtb_dir = env.get("BASALT_DTB_DIR") or SHARED_DTB_DIR
    dtb_dir_ok = os.path.isdir(os.path.join(ROOT, dtb_dir))
    if dtb_dir_ok:
        env["BASALT_DTB_DIR"] = dtb_dir
    else:
        env.pop("BASALT_DTB_DIR", None)

    suites = discover(build, args.timeout, dtb_dir_ok, dtb_dir)
    if args.only:
        suites = [s for s in suites if any(o in s.name for o in args.only)]
    if args.list:
        for s in suites:
            print(s.name + ("  (skipped: %s)" % s.skip_reason if s.skip_reason else ""))
        return 0

    shown = os.path.relpath(build, ROOT)
    print("run_tests: %d suite(s), %d at a time, build directory %s" % (
        len(suites), max(1, args.jobs), build if shown.startswith("..") else shown), flush=True)
    if not dtb_dir_ok:
        print("run_tests: %s not found: host suites are skipped" % dtb_dir, flush=True)
    if not suites:
        print("run_tests: no suite matches%s" % (
            " --only " + " --only ".join(args.only) if args.only else ""), flush=True)

    results: List[SuiteResult] = []
    lock = threading.Lock()
    start = time.monotonic()

    def show(res: SuiteResult) -> None:
        with lock:
            counts = summary(res.passed, res.failed, res.skipped)
            lines = ["", "==> %s" % res.suite.name] + res.block + [
                "<== %s: %s (%.1f s)" % (res.suite.name, counts, res.elapsed)]
            print("\n".join(lines), flush=True)
            results.append(res)

    runnable = [s for s in suites if not s.skip_reason]
    if os.path.isfile(os.path.join(ROOT, DUMP_SCRIPT)) and any(
            s.name.startswith("host/") for s in runnable):
        show(make_extra_dtbs(build, env))

    pool = ThreadPoolExecutor(max_workers=max(1, args.jobs))
    try:
        futures = [pool.submit(run_suite, s, dict(env)) for s in suites]
        for f in as_completed(futures):
            show(f.result())
    except KeyboardInterrupt:
        for f in futures:
            f.cancel()
        with RUNNING_LOCK:
            for proc in list(RUNNING):
                kill_group(proc)
        print("\nrun_tests: interrupted", flush=True)
        return 130
    finally:
        pool.shutdown(wait=True)

    passed = sum(r.passed for r in results)
    failed = sum(r.failed for r in results)
    skipped = sum(r.skipped for r in results)
    print("\n==== summary (%.1f s)" % (time.monotonic() - start))
    width = max([len(r.suite.name) for r in results] + [10])
    for r in sorted(results, key=lambda r: r.suite.name):
        print("  %-*s  %s%s" % (width, r.suite.name, summary(r.passed, r.failed, r.skipped),
                                "   <-- FAILED" if r.failed else ""))
    if not results:
        failed += 1
        print("not ok - no test suite ran")
    print(summary(passed, failed, skipped), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
