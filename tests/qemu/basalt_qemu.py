"""Run Basalt under QEMU and read what it prints (standard library only).

The building blocks of every QEMU-driven test suite (tests/*/suite_*.py):

  run(...)        start QEMU with the console on a pipe, a hard time limit,
                  and stop conditions (the end-of-boot marker, a kernel
                  panic); returns a RunResult (output, exit status, timings)
  boot(...)       run() that raises QemuHang / KernelPanic / QemuError with
                  a readable report instead of returning a bad run
  parse_console() the boot log (docs/boot-console.md) as a BootLog: banner,
                  boot hart, paging, console, harts, memory ram / reserved /
                  free, devices, a rejection or a panic
  dumpdtb(...)    the device tree QEMU builds for a machine (-machine
                  X,dumpdtb=FILE), before any firmware touches it
  dtinfo(...)     the host tool's --json view of a DTB
  Tap             TAP output for a suite ("ok N - desc", diagnostics, plan)

Paths: the project root is two levels above this file; the build directory
is $BASALT_BUILD (default "build", relative to the root); the shared DTB
corpus is $BASALT_DTB_DIR (default tests/dtb, relative to the root).
$BASALT_QEMU_TIMEOUT overrides the default per-run time limit (seconds).
"""
import json
import os
import re
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from typing import List, Optional, Sequence, Tuple

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
QEMU = os.environ.get("BASALT_QEMU", "qemu-system-riscv64")
OPENSBI_DIR = "/usr/lib/riscv64-linux-gnu/opensbi/generic"
FW_JUMP = OPENSBI_DIR + "/fw_jump.bin"
FW_DYNAMIC = OPENSBI_DIR + "/fw_dynamic.bin"
END_MARKER = "Basalt: starting the root task"
PANIC_MARKER = "KERNEL PANIC"
# The kernel stopped but the firmware has no way to power off (no reset
# device, or a tree OpenSBI could not read): the runner stops QEMU.
HALT_MARKER = "Basalt: the firmware cannot power off; halted"
DEFAULT_TIMEOUT = float(os.environ.get("BASALT_QEMU_TIMEOUT", "60"))
PAGE = 4096


# ---------------------------------------------------------------- paths

def root_path(*parts: str) -> str:
    return os.path.join(ROOT, *parts)


def build_dir() -> str:
    """The build directory: $BASALT_BUILD (relative to the root) or build/."""
    return os.path.join(ROOT, os.environ.get("BASALT_BUILD", "build"))


def build_path(*parts: str) -> str:
    return os.path.join(build_dir(), *parts)


def kernel_image() -> str:
    return build_path("Image")


def dtinfo_tool() -> str:
    return build_path("host", "dtinfo")


def shared_dtb_dir() -> Optional[str]:
    """The shared DTB corpus, or None when it is not there."""
    d = os.path.normpath(os.path.join(
        ROOT, os.environ.get("BASALT_DTB_DIR", os.path.join("tests", "dtb"))))
    return d if os.path.isdir(d) else None


def version() -> str:
    """VERSION from the Makefile (what the banner must name)."""
    with open(root_path("Makefile")) as f:
        for line in f:
            m = re.match(r"\s*VERSION\s*:?=\s*(\S+)", line)
            if m:
                return m.group(1)
    raise RuntimeError("no VERSION in the Makefile")


# ---------------------------------------------------------------- errors

class QemuError(Exception):
    """A run that did not go as the caller required; .result has the run."""

    def __init__(self, message: str, result: "Optional[RunResult]" = None):
        super().__init__(message)
        self.result = result


class QemuHang(QemuError):
    pass


class KernelPanic(QemuError):
    pass


# ---------------------------------------------------------------- running

@dataclass
class RunResult:
    cmd: List[str]
    output: str                 # console output (stdout and stderr), \r removed
    returncode: Optional[int]   # QEMU's exit status; negative: killed by that signal
    elapsed: float
    timeout: float
    exited: bool                # QEMU stopped by itself
    hung: bool                  # the time limit passed before any stop condition
    marker_seen: bool           # the end marker was printed
    panic: bool                 # "KERNEL PANIC" was printed
    halted: bool = False        # the kernel said it halted (firmware cannot power off)

    @property
    def lines(self) -> List[str]:
        return self.output.splitlines()

    def tail(self, n: int = 25) -> str:
        return "\n".join(self.lines[-n:])

    def command_line(self) -> str:
        return " ".join(_shell_quote(a) for a in self.cmd)

    def status(self) -> str:
        """One line: how the run ended."""
        if self.hung:
            return "QEMU hung after %g s" % self.timeout
        if self.halted and not self.exited:
            return "the kernel halted (the firmware cannot power off); QEMU stopped by the runner"
        if not self.exited:
            return "QEMU did not exit by itself (killed %.1f s after start)" % self.elapsed
        return "QEMU exited with status %d after %.1f s" % (self.returncode, self.elapsed)

    def report(self, n: int = 25) -> str:
        """Status, command and the last `n` lines of output, for a diagnostic."""
        return "%s\ncommand: %s\nlast %d lines of output:\n%s" % (
            self.status(), self.command_line(), n, self.tail(n) or "(no output)")

    def panic_report(self, n: int = 60) -> str:
        """The output from the KERNEL PANIC line on (at most n lines)."""
        lines = self.lines
        for i, line in enumerate(lines):
            if PANIC_MARKER in line:
                return "\n".join(lines[i:i + n])
        return ""


def _shell_quote(s: str) -> str:
    return s if re.fullmatch(r"[\w@%+=:,./-]+", s) else "'" + s.replace("'", "'\\''") + "'"


def qemu_command(kernel: Optional[str] = None, machine: str = "virt", mem: str = "1G",
                 smp: int = 1, bios: Optional[str] = FW_JUMP, dtb: Optional[str] = None,
                 append: Optional[str] = None, extra: Sequence[str] = ()) -> List[str]:
    """The QEMU command line for a headless run (console on stdio)."""
    # Plain -nographic (serial and monitor on stdio) and no other defaults
    # changed, so the machine matches what dumpdtb() describes.
    cmd = [QEMU, "-machine", machine, "-m", str(mem), "-smp", str(smp), "-nographic"]
    if bios is not None:
        cmd += ["-bios", bios]
    if kernel is not None:
        cmd += ["-kernel", kernel]
    if dtb is not None:
        cmd += ["-dtb", dtb]
    if append is not None:
        cmd += ["-append", append]
    cmd += list(extra)
    return cmd


class Qemu:
    """A running QEMU with its console (stdout + stderr) captured, for tests
    that talk to it while it runs (U-Boot prompts, GDB sessions):

        with Qemu(qemu_command(...), stdin=True) as vm:
            vm.wait_for(r"=> $", timeout=30)        # regex over the output
            vm.send("booti ...\n")
            vm.wait(timeout=30)                      # until QEMU exits

    wait_for() returns the match, or None when the time runs out or QEMU
    exits first; nothing here raises for the guest's behaviour. Leaving the
    `with` block kills QEMU if it still runs. QEMU stays in the caller's
    process group, so whoever kills a test suite's group (run_tests.py on a
    suite timeout) takes its QEMUs along.
    """
    MAX_KEEP = 16 << 20   # output kept: a guest flooding the console is cut

    def __init__(self, cmd: List[str], stdin: bool = False):
        self.cmd = list(cmd)
        self.start = time.monotonic()
        self._buf = bytearray()
        self._dropped = 0
        self._cond = threading.Condition()
        self._eof = False
        self.proc = subprocess.Popen(self.cmd, stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            data = self.proc.stdout.read1(65536)
            with self._cond:
                if not data:
                    self._eof = True
                    self._cond.notify_all()
                    return
                self._buf += data
                if len(self._buf) > self.MAX_KEEP:
                    cut = len(self._buf) - self.MAX_KEEP // 2
                    del self._buf[:cut]
                    self._dropped += cut
                self._cond.notify_all()

    @property
    def output(self) -> str:
        """Everything printed so far (\r removed)."""
        with self._cond:
            data = bytes(self._buf)
            dropped = self._dropped
        text = data.decode("utf-8", "replace").replace("\r\n", "\n").replace("\r", "")
        if dropped:
            text = "[... %d bytes of output dropped ...]\n" % dropped + text
        return text

    def at_eof(self) -> bool:
        """QEMU closed its console (it is exiting or has exited)."""
        with self._cond:
            return self._eof

    def elapsed(self) -> float:
        return time.monotonic() - self.start

    def running(self) -> bool:
        return self.proc.poll() is None

    def wait_for(self, pattern, timeout: float, start: int = 0):
        """The first match of `pattern` (a regex string or compiled regex,
        re.MULTILINE) in the output at or after character `start`, waiting
        up to `timeout` seconds; None if it does not come (QEMU exited or
        the time ran out)."""
        rx = re.compile(pattern, re.MULTILINE) if isinstance(pattern, str) else pattern
        deadline = time.monotonic() + timeout
        while True:
            m = rx.search(self.output, start)
            if m:
                return m
            with self._cond:
                if self._eof:
                    m = rx.search(self.output, start)
                    return m
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self._cond.wait(min(left, 0.5))

    def send(self, text: str) -> None:
        """Type `text` on the console (needs stdin=True)."""
        self.proc.stdin.write(text.encode())
        self.proc.stdin.flush()

    def wait(self, timeout: float) -> Optional[int]:
        """QEMU's exit status, or None if it still runs after `timeout` s."""
        try:
            return self.proc.wait(timeout=max(0.0, timeout))
        except subprocess.TimeoutExpired:
            return None

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self._reader.join(5)
        for f in (self.proc.stdin, self.proc.stdout):
            if f:
                try:
                    f.close()
                except OSError:
                    pass

    def __enter__(self) -> "Qemu":
        return self

    def __exit__(self, *exc) -> None:
        self.kill()


def run(kernel: Optional[str] = None, machine: str = "virt", mem: str = "1G", smp: int = 1,
        bios: Optional[str] = FW_JUMP, dtb: Optional[str] = None, append: Optional[str] = None,
        extra: Sequence[str] = (), timeout: Optional[float] = None,
        end_marker: Optional[str] = END_MARKER, exit_grace: float = 10.0,
        panic_grace: float = 10.0, cmd: Optional[List[str]] = None) -> RunResult:
    """Run QEMU until it exits, or until a stop condition:

    - `end_marker` printed: QEMU gets `exit_grace` seconds to exit by itself,
      then it is killed (RunResult.exited tells which);
    - "KERNEL PANIC" printed: `panic_grace` seconds for the report and the exit;
    - the kernel says it halted because the firmware cannot power off:
      QEMU is stopped at once;
    - `timeout` seconds in all (default $BASALT_QEMU_TIMEOUT or 60): killed,
      RunResult.hung is set unless a marker had been seen.

    `cmd` replaces the generated command line (all other QEMU options are
    then ignored). Never raises for the guest's behaviour; see boot().
    """
    if timeout is None:
        timeout = DEFAULT_TIMEOUT
    if cmd is None:
        cmd = qemu_command(kernel, machine, mem, smp, bios, dtb, append, extra)
    markers = [re.escape(PANIC_MARKER), re.escape(HALT_MARKER)] + \
        ([re.escape(end_marker)] if end_marker else [])
    stop = re.compile("|".join(markers))
    with Qemu(cmd) as vm:
        deadline = vm.start + timeout
        m = vm.wait_for(stop, deadline - time.monotonic())
        if m is not None and m.group(0) != HALT_MARKER:
            # A marker: a grace period for the exit (and a panic's report).
            # After the end marker, a panic restarts the grace period and a
            # halt ends the wait (nothing more will come).
            grace = panic_grace if m.group(0) == PANIC_MARKER else exit_grace
            left = min(deadline, time.monotonic() + grace) - time.monotonic()
            if m.group(0) != PANIC_MARKER:
                later = re.compile(re.escape(PANIC_MARKER) + "|" + re.escape(HALT_MARKER))
                p = vm.wait_for(later, left, m.end())
                if p is not None and p.group(0) == PANIC_MARKER:
                    left = min(deadline, time.monotonic() + panic_grace) - time.monotonic()
                elif p is not None:
                    left = 0
            vm.wait(left)
        # The console closes a moment before QEMU's exit status exists: an
        # exit must not be mistaken for a hang.
        vm.wait(2.0 if vm.at_eof() else 0)
        exited = not vm.running()
        vm.kill()
        elapsed = vm.elapsed()
        text = vm.output
        returncode = vm.proc.returncode
    marker_seen = end_marker is not None and end_marker in text
    panic = PANIC_MARKER in text
    halted = HALT_MARKER in text
    hung = not exited and not marker_seen and not panic and not halted
    return RunResult(cmd=cmd, output=text, returncode=returncode, elapsed=elapsed,
                     timeout=timeout, exited=exited, hung=hung, marker_seen=marker_seen,
                     panic=panic, halted=halted)


def boot(kernel: Optional[str] = None, allow_panic: bool = False, **kwargs) -> RunResult:
    """run() for a boot that must not hang or (unless allowed) panic.

    Raises QemuHang ("QEMU hung after N s" + the last output lines) or
    KernelPanic (with the panic report); otherwise returns the RunResult.
    """
    if kernel is None:
        kernel = kernel_image()
    r = run(kernel, **kwargs)
    if r.hung:
        raise QemuHang(r.report(), r)
    if r.panic and not allow_panic:
        raise KernelPanic("KERNEL PANIC during boot (%s):\n%s" % (r.status(), r.panic_report()), r)
    return r


# ---------------------------------------------------------------- device trees

def dumpdtb(machine: str = "virt", mem: str = "1G", smp: int = 1, extra: Sequence[str] = (),
            out: Optional[str] = None, trim: bool = True) -> str:
    """Write the DTB QEMU builds for this machine (-machine X,dumpdtb=F) and
    return its path (a new temporary file unless `out` is given). QEMU
    writes its whole fdt buffer; `trim` cuts the file to the header's
    totalsize, like the blobs in the shared corpus."""
    if out is None:
        fd, out = tempfile.mkstemp(prefix="basalt-", suffix=".dtb")
        os.close(fd)
    cmd = [QEMU, "-nographic", "-machine", "%s,dumpdtb=%s" % (machine, out),
           "-m", str(mem), "-smp", str(smp)] + list(extra)
    p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=60)
    if p.returncode != 0 or not os.path.isfile(out) or os.path.getsize(out) < 40:
        raise QemuError("dumpdtb failed (status %d): %s\n%s" % (
            p.returncode, " ".join(cmd), p.stdout.decode("utf-8", "replace")))
    if trim:
        with open(out, "rb") as f:
            blob = f.read()
        if blob[:4] == b"\xd0\x0d\xfe\xed":
            total = int.from_bytes(blob[4:8], "big")
            if 40 <= total < len(blob):
                with open(out, "wb") as f:
                    f.write(blob[:total])
    return out


def dtinfo(dtb: str, tool: Optional[str] = None,
           extra_args: Sequence[str] = ()) -> Tuple[int, Optional[dict], str]:
    """Run `dtinfo --json [extra_args] DTB`: (exit status, parsed JSON or None, stderr)."""
    tool = tool or dtinfo_tool()
    if not os.path.isfile(tool):
        raise QemuError("%s is missing: run 'make dtinfo'" % tool)
    p = subprocess.run([tool, "--json"] + list(extra_args) + [dtb], stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    data = None
    if p.returncode == 0:
        try:
            data = json.loads(p.stdout.decode("utf-8"))
        except ValueError as e:
            raise QemuError("dtinfo --json %s printed invalid JSON: %s" % (dtb, e))
    return p.returncode, data, p.stderr.decode("utf-8", "replace").strip()


def dtb_with_reservations(dtb: str, regions: Sequence[Tuple[str, int, int]]) -> str:
    """A copy of `dtb` (a new temporary file) with /reserved-memory children
    added, as firmware adds them: regions are (node path, base, size), the
    root using 2 address and 2 size cells. dtc merges the extra root block
    into the tree."""
    src = subprocess.run(["dtc", "-q", "-I", "dtb", "-O", "dts", dtb], stdin=subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60, check=True)
    text = src.stdout.decode()
    extra = ["/ {", "\treserved-memory {", "\t\t#address-cells = <2>;", "\t\t#size-cells = <2>;",
             "\t\tranges;"]
    for path, base, size in regions:
        name = path.rsplit("/", 1)[-1]
        extra.append("\t\t%s { reg = <0x%x 0x%x 0x%x 0x%x>; };" % (
            name, base >> 32, base & 0xffffffff, size >> 32, size & 0xffffffff))
    extra += ["\t};", "};"]
    fd, out = tempfile.mkstemp(prefix="basalt-", suffix=".dtb")
    os.close(fd)
    subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", out, "-"],
                   input=(text + "\n" + "\n".join(extra) + "\n").encode(),
                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60, check=True)
    return out


def dtinfo_json(dtb: str, tool: Optional[str] = None) -> dict:
    """dtinfo's JSON for a DTB it accepts; raises QemuError otherwise."""
    rc, data, err = dtinfo(dtb, tool)
    if rc != 0 or data is None:
        raise QemuError("dtinfo --json %s exited %d: %s" % (dtb, rc, err))
    return data


# ---------------------------------------------------------------- the boot log

@dataclass
class Hart:
    id: int
    mmu: str        # sv39 / sv48 / sv57 / none
    state: str      # boot / parked / disabled / unusable


@dataclass
class Reserved:
    base: int
    end: int
    reason: str               # the whole reason text
    kind: str                 # memreserve / reserved-memory / kernel image / device tree /
                              # kernel page tables / kernel data / device / ? (unknown)
    path: Optional[str] = None   # reserved-memory, device: the node's path
    no_map: bool = False


@dataclass
class Device:
    base: int
    end: int
    compatible: str
    path: str


@dataclass
class BootLog:
    lines: List[str] = field(default_factory=list)
    banner: Optional[str] = None
    version: Optional[str] = None
    arch: Optional[str] = None
    build: Optional[str] = None           # "debug" / "release"
    boot_hart: Optional[int] = None
    dtb_addr: Optional[int] = None
    dtb_size: Optional[int] = None
    image_addr: Optional[int] = None
    image_size: Optional[int] = None
    board: Optional[str] = None
    paging: Optional[str] = None          # sv39 / sv48 / sv57
    paging_levels: Optional[int] = None
    kernel_window: Optional[int] = None
    console: Optional[dict] = None        # {compatible, base, path} or {"raw": text}
    timebase: Optional[int] = None
    intc: Optional[str] = None
    timer: Optional[str] = None
    harts: List[Hart] = field(default_factory=list)
    ram: List[Tuple[int, int]] = field(default_factory=list)       # [base, end)
    reserved: List[Reserved] = field(default_factory=list)
    free: List[Tuple[int, int]] = field(default_factory=list)
    devices: List[Device] = field(default_factory=list)
    untyped: List[Tuple[int, int, bool]] = field(default_factory=list)  # (base, size_bits, device)
    untyped_summary: Optional[str] = None
    rejected: Optional[str] = None        # "device tree rejected: R" / "board unusable: R"
    panic: bool = False
    complete: bool = False
    malformed: List[str] = field(default_factory=list)  # contract-prefixed lines that did not parse


HEX = r"0x[0-9a-fA-F]+"
_RE = {
    "banner": re.compile(r"^Basalt (\S+) \(([^,]+), (\w+) build\)\s*$"),
    "boot_hart": re.compile(r"^boot: hart (\d+), device tree at (%s) \((\d+) bytes\)" % HEX),
    "image": re.compile(r"^boot: kernel image at (%s), (%s) bytes" % (HEX, HEX)),
    "rejected": re.compile(r"^boot: ((?:device tree rejected|board unusable): .*)$"),
    "board": re.compile(r"^board: (.*)$"),
    "paging": re.compile(r"^paging: (sv\d+) \((\d+) levels\)(?:, kernel window at (%s))?" % HEX),
    "console": re.compile(r"^console: (\S+) at (%s) \((\S+)\)\s*$" % HEX),
    "console_any": re.compile(r"^console: (.*)$"),
    "timebase": re.compile(r"^timebase: (\d+) Hz"),
    "intc": re.compile(r"^intc: (.*)$"),
    "timer": re.compile(r"^timer: (.*)$"),
    "hart": re.compile(r"^hart: (\d+) (sv39|sv48|sv57|none) (boot|parked|disabled|unusable)\s*$"),
    "memory": re.compile(r"^memory: (ram|reserved|free)\s+\[(%s), (%s)\) (\d+ \S+)(?: (.*))?$"
                         % (HEX, HEX)),
    "device": re.compile(r"^device: \[(%s), (%s)\) (\S+) (\S+)\s*$" % (HEX, HEX)),
    "untyped": re.compile(r"^untyped: (%s) +(\d+) (ram|device)\s*$" % HEX),
    "untyped_summary": re.compile(r"^untyped: (\d+) caps, .*$"),
}
RESERVE_KINDS = ("memreserve", "kernel image", "device tree", "kernel page tables", "kernel data")
_UNITS = {"bytes": 1, "B": 1, "KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30, "TiB": 1 << 40}


def _reserve_reason(text: str) -> Tuple[str, Optional[str], bool]:
    text = (text or "").strip()
    if text.startswith("reserved-memory "):
        rest = text[len("reserved-memory "):].split()
        path = rest[0] if rest else None
        return "reserved-memory", path, "no-map" in rest[1:]
    if text.startswith("device ") and len(text.split()) == 2:
        return "device", text.split()[1], True
    if text in RESERVE_KINDS:
        return text, None, False
    return "?", None, False


def size_matches(text: str, size: int) -> bool:
    """A human size ("216 KiB", "1 GiB", "6 KiB" for 6446 bytes) agrees with
    `size` bytes: within one unit of it."""
    m = re.fullmatch(r"(\d+) (\S+)", text.strip())
    if not m or m.group(2) not in _UNITS:
        return False
    unit = _UNITS[m.group(2)]
    return abs(int(m.group(1)) * unit - size) < unit


def parse_console(text: str) -> BootLog:
    """Read a boot log (docs/boot-console.md) into a BootLog. Lines that
    carry a contract prefix but do not have its shape go to .malformed."""
    log = BootLog()
    for raw in text.replace("\r", "").splitlines():
        line = raw.rstrip()
        log.lines.append(line)
        if PANIC_MARKER in line:
            log.panic = True
        if line.strip() == END_MARKER:
            log.complete = True
            continue
        m = _RE["banner"].match(line)
        if m and log.banner is None:
            log.banner, log.version, log.arch, log.build = line, m.group(1), m.group(2), m.group(3)
            continue
        m = _RE["boot_hart"].match(line)
        if m:
            log.boot_hart = int(m.group(1))
            log.dtb_addr, log.dtb_size = int(m.group(2), 16), int(m.group(3))
            continue
        m = _RE["image"].match(line)
        if m:
            log.image_addr, log.image_size = int(m.group(1), 16), int(m.group(2), 16)
            continue
        m = _RE["rejected"].match(line)
        if m:
            log.rejected = m.group(1)
            continue
        m = _RE["board"].match(line)
        if m:
            log.board = m.group(1)
            continue
        m = _RE["paging"].match(line)
        if m:
            log.paging, log.paging_levels = m.group(1), int(m.group(2))
            log.kernel_window = int(m.group(3), 16) if m.group(3) else None
            continue
        m = _RE["console"].match(line)
        if m:
            log.console = {"compatible": m.group(1), "base": int(m.group(2), 16),
                           "path": m.group(3)}
            continue
        m = _RE["console_any"].match(line)
        if m:
            log.console = {"raw": m.group(1)}
            continue
        m = _RE["timebase"].match(line)
        if m:
            log.timebase = int(m.group(1))
            continue
        m = _RE["intc"].match(line)
        if m:
            log.intc = m.group(1)
            continue
        m = _RE["timer"].match(line)
        if m:
            log.timer = m.group(1)
            continue
        m = _RE["hart"].match(line)
        if m:
            log.harts.append(Hart(int(m.group(1)), m.group(2), m.group(3)))
            continue
        m = _RE["memory"].match(line)
        if m:
            kind, base, end = m.group(1), int(m.group(2), 16), int(m.group(3), 16)
            if end < base or not size_matches(m.group(4), end - base):
                log.malformed.append(line)
            if kind == "ram":
                log.ram.append((base, end))
            elif kind == "free":
                log.free.append((base, end))
            else:
                rkind, path, no_map = _reserve_reason(m.group(5))
                if rkind == "?":
                    log.malformed.append(line)
                log.reserved.append(Reserved(base, end, (m.group(5) or "").strip(), rkind,
                                             path, no_map))
            continue
        m = _RE["device"].match(line)
        if m:
            log.devices.append(Device(int(m.group(1), 16), int(m.group(2), 16),
                                      m.group(3), m.group(4)))
            continue
        m = _RE["untyped"].match(line)
        if m:
            log.untyped.append((int(m.group(1), 16), int(m.group(2)), m.group(3) == "device"))
            continue
        m = _RE["untyped_summary"].match(line)
        if m:
            log.untyped_summary = line
            continue
        # Lines the contract fixes but that did not parse above. Other lines
        # with these prefixes ("boot: ...", "memory: total ...") may be added
        # by later issues and are not checked.
        if re.match(r"^(memory: +(ram|reserved|free)\b|hart:|device:|paging:|timebase:|untyped:)",
                    line):
            log.malformed.append(line)
    return log


# ---------------------------------------------------------------- range arithmetic

Range = Tuple[int, int]


def subtract(ranges: Sequence[Range], holes: Sequence[Range]) -> List[Range]:
    """[base, end) ranges minus the holes, sorted."""
    out = []
    for base, end in sorted(ranges):
        pieces = [(base, end)]
        for hb, he in holes:
            nxt = []
            for pb, pe in pieces:
                if he <= pb or hb >= pe:
                    nxt.append((pb, pe))
                    continue
                if pb < hb:
                    nxt.append((pb, hb))
                if he < pe:
                    nxt.append((he, pe))
            pieces = nxt
        out.extend(pieces)
    return sorted(out)


def page_align_inward(ranges: Sequence[Range], page: int = PAGE) -> List[Range]:
    """Each range shrunk to whole pages; empty ones dropped."""
    out = []
    for base, end in ranges:
        b = (base + page - 1) // page * page
        e = end // page * page
        if e > b:
            out.append((b, e))
    return out


def expected_free(ram: Sequence[Range], reserved: Sequence[Range]) -> List[Range]:
    """RAM minus every reserved range, page aligned: what `memory: free` must say."""
    return page_align_inward(subtract(ram, reserved))


def fmt_range(r: Range) -> str:
    return "[0x%016x, 0x%016x)" % (r[0], r[1])


# ---------------------------------------------------------------- TAP

class Tap:
    """TAP producer: ok()/skip() print one line each at once (flushed), with
    '#' diagnostic lines after a failure; done() prints the plan and
    returns the exit status (1 if anything failed)."""

    def __init__(self, out=None):
        import sys
        self.out = out or sys.stdout
        self.count = 0
        self.failed = 0

    def _print(self, text: str) -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def diag(self, text: str) -> None:
        for line in str(text).splitlines() or [""]:
            self._print("#   " + line if line else "#")

    def ok(self, cond: bool, desc: str, diag: Optional[str] = None) -> bool:
        self.count += 1
        desc = desc.replace("#", "\\#").replace("\n", " ")
        self._print("%s %d - %s" % ("ok" if cond else "not ok", self.count, desc))
        if not cond:
            self.failed += 1
            if diag:
                self.diag(diag)
        return bool(cond)

    def skip(self, desc: str, reason: str) -> None:
        self.count += 1
        self._print("ok %d - %s # SKIP %s" % (self.count, desc.replace("#", "\\#"), reason))

    def done(self) -> int:
        self._print("1..%d" % self.count)
        return 1 if self.failed else 0
