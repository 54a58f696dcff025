"""Drive GDB against Basalt under QEMU, from a test (standard library only).

    with halted_qemu(append="paging=sv39") as vm:      # QEMU stopped at reset
        s = run_gdb(vm.port, [step("attach", "basalt-attach %d" % vm.port),
                              step("stop", "break kernel_main\ncontinue"),
                              step("leave", "detach")])
        s.ok("stop"), s.output("stop")                   # per-step results
        vm.wait_for(basalt_qemu.END_MARKER, 30)          # the boot goes on

halted_qemu() starts QEMU with -S and its GDB stub on port 0, so the kernel
(not the test) picks a free port: parallel runs can never collide, and
there is no window in which another process could take the port. The port
is then read from /proc: the listening TCP socket whose inode is one of
QEMU's file descriptors. Waiting for that socket is the synchronisation
(no sleeps); GDB is only started once QEMU listens.

run_gdb() runs gdb-multiarch in batch mode with Basalt's init file
(scripts/gdb/basalt.gdb) and tests/qemu/gdb_steps.py, which reports each
step as it finishes; a hang is cut off after `timeout` seconds and the
session says which step never finished.

run_session() does the whole round for a suite: QEMU halted, the steps,
the rest of the run, the console parsed (an Outcome); ran() and finished()
are the TAP checks every session needs ("did these steps succeed", "did
QEMU finish its run after the detach").
"""
import json
import os
import re
import subprocess
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Dict, List, Optional

import basalt_qemu as q

TIMEOUT = float(os.environ.get("BASALT_QEMU_TIMEOUT", "60"))

GDB = os.environ.get("BASALT_GDB", "gdb-multiarch")
STEPS_SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "gdb_steps.py")


def step(name: str, command: str, required: bool = False) -> dict:
    """One step: GDB commands (several separated by newlines run in order
    as one step), reported under `name`."""
    return {"name": name, "command": command, "required": required}


# ---------------------------------------------------------------- QEMU side

def _socket_inodes(pid: int) -> set:
    inodes = set()
    try:
        for fd in os.listdir("/proc/%d/fd" % pid):
            try:
                link = os.readlink("/proc/%d/fd/%s" % (pid, fd))
            except OSError:
                continue
            m = re.fullmatch(r"socket:\[(\d+)\]", link)
            if m:
                inodes.add(int(m.group(1)))
    except OSError:
        pass
    return inodes


def listening_ports(pid: int) -> List[int]:
    """TCP ports process `pid` listens on (from /proc/net/tcp and tcp6)."""
    inodes = _socket_inodes(pid)
    ports = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                rows = f.read().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            f = row.split()
            if len(f) > 9 and f[3] == "0A" and int(f[9]) in inodes:   # 0A: LISTEN
                ports.append(int(f[1].rsplit(":", 1)[1], 16))
    return sorted(set(ports))


class HaltedQemu(q.Qemu):
    port: int = 0


@contextmanager
def halted_qemu(machine: str = "virt", mem: str = "1G", smp: int = 1,
                bios: Optional[str] = q.FW_JUMP, dtb: Optional[str] = None,
                append: Optional[str] = None, extra=(), timeout: float = 30.0):
    """QEMU halted before the first instruction, its stub on a free port
    (vm.port). Raises QemuError if QEMU exits or never listens."""
    # noshell: the boot ends by itself (powers off after the demo) rather
    # than waiting at the shell's prompt.
    append = "noshell" if not append else append + " noshell"
    cmd = q.qemu_command(q.kernel_image(), machine, mem, smp, bios, dtb, append,
                         list(extra) + ["-S", "-gdb", "tcp:127.0.0.1:0"])
    vm = HaltedQemu(cmd)
    try:
        deadline = time.monotonic() + timeout
        while True:
            ports = listening_ports(vm.proc.pid)
            if ports:
                break
            if not vm.running() or time.monotonic() > deadline:
                raise q.QemuError("QEMU's GDB stub never listened (%s)\ncommand: %s\n%s" % (
                    "QEMU exited with status %s" % vm.proc.returncode if not vm.running()
                    else "waited %g s" % timeout, " ".join(cmd), vm.output[-2000:]))
            # Polling /proc is the wait: QEMU opens the socket during start-up.
            vm.wait(0.05)
        if len(ports) != 1:
            raise q.QemuError("QEMU listens on several ports %s: which one is the stub?" % ports)
        vm.port = ports[0]
        yield vm
    finally:
        vm.kill()


# ---------------------------------------------------------------- GDB side

@dataclass
class GdbSession:
    argv: List[str]
    steps: Dict[str, dict] = field(default_factory=dict)    # name -> {"ok", "output"}
    order: List[str] = field(default_factory=list)
    planned: List[str] = field(default_factory=list)
    done: bool = False              # the driver got to the end
    timed_out: bool = False
    returncode: Optional[int] = None
    stdout: str = ""                # what GDB printed outside the steps
    stderr: str = ""

    def ok(self, name: str) -> bool:
        return name in self.steps and self.steps[name]["ok"]

    def output(self, name: str) -> str:
        return self.steps.get(name, {}).get("output", "")

    def report(self, name: Optional[str] = None, n: int = 30) -> str:
        """Why a step is missing or failed, for a TAP diagnostic."""
        lines = []
        if name is not None and name not in self.steps:
            unfinished = [s for s in self.planned if s not in self.steps]
            if self.timed_out and unfinished:
                lines.append("GDB was killed after its time limit while running step '%s'"
                             % unfinished[0])
            else:
                lines.append("step '%s' did not run (GDB exited with %s after steps %s)"
                             % (name, self.returncode, self.order))
        elif name is not None:
            lines.append("step '%s' %s; its output:" % (name, "succeeded" if self.ok(name) else "failed"))
            lines.extend(self.output(name).splitlines()[-n:] or ["(none)"])
        if self.stderr.strip():
            lines.append("GDB stderr:")
            lines.extend(self.stderr.strip().splitlines()[-n:])
        return "\n".join(lines)


def gdb_argv(extra: List[str] = ()) -> List[str]:
    """gdb-multiarch with Basalt's init file, as `make gdb` runs it, but batch."""
    return [GDB, "-nx", "-q", "-batch", "-x", q.root_path("scripts", "gdb", "basalt.gdb")] + \
        list(extra)


def gdb_env() -> dict:
    env = dict(os.environ)
    env["BASALT_ROOT"] = q.ROOT
    env["BASALT_BUILD"] = q.build_dir()
    env.pop("BASALT_LOAD_ADDR", None)
    env.pop("BASALT_USER_ELFS", None)
    return env


def run_gdb(steps: List[dict], timeout: float = 60.0, env: Optional[dict] = None) -> GdbSession:
    """Run the steps in one GDB batch session; never raises for GDB's or the
    kernel's behaviour (a hang is killed after `timeout` s)."""
    fd, path = tempfile.mkstemp(prefix="basalt-gdb-", suffix=".json")
    with os.fdopen(fd, "w") as f:
        json.dump(steps, f)
    env = dict(env or gdb_env())
    env["BASALT_GDB_STEPS"] = path
    s = GdbSession(gdb_argv(["-x", STEPS_SCRIPT]), planned=[x["name"] for x in steps])
    try:
        proc = subprocess.Popen(s.argv, cwd=q.ROOT, env=env, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                universal_newlines=True)
        err = []
        reader = threading.Thread(target=lambda: err.append(proc.stderr.read()), daemon=True)
        reader.start()
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        other = []
        try:
            for line in proc.stdout:
                if line.startswith("@@step "):
                    r = json.loads(line[len("@@step "):])
                    s.steps[r["name"]] = r
                    s.order.append(r["name"])
                elif line.strip() == "@@done":
                    s.done = True
                else:
                    other.append(line)
            proc.wait()
        finally:
            s.timed_out = not timer.is_alive() and not s.done
            timer.cancel()
        reader.join(5)
        s.returncode = proc.returncode
        s.stdout = "".join(other)
        s.stderr = "".join(err)
    finally:
        os.unlink(path)
    return s


# ---------------------------------------------------------------- sessions

@dataclass
class Outcome:
    name: str
    gdb: Optional[GdbSession] = None
    log: Optional[q.BootLog] = None
    qemu_output: str = ""
    exit_status: Optional[int] = None
    end_seen: bool = False
    error: Optional[str] = None       # the session could not be run at all
    extra: dict = field(default_factory=dict)

    def finish_report(self) -> str:
        return "QEMU exit status %s, end marker %s\nlast lines of the console:\n%s" % (
            self.exit_status, "seen" if self.end_seen else "not seen",
            "\n".join(self.qemu_output.splitlines()[-15:]))


def attach(port: int, load: str = "") -> dict:
    return step("attach", ("basalt-attach 127.0.0.1:%d %s" % (port, load)).strip(), True)


def run_session(name: str, steps, must_exit: bool = True, gdb_env: Optional[dict] = None,
                timeout: float = TIMEOUT, **qemu) -> Outcome:
    """QEMU halted, the GDB steps (`steps(port)` makes them), then the rest
    of the run; the console parsed. Never raises for QEMU's or GDB's
    behaviour: Outcome.error says why a session could not run."""
    o = Outcome(name)
    t0 = time.monotonic()
    try:
        with halted_qemu(timeout=timeout, **qemu) as vm:
            o.gdb = run_gdb(steps(vm.port), timeout=timeout, env=gdb_env)
            m = vm.wait_for(re.escape(q.END_MARKER), 0 if not vm.running() else timeout)
            o.end_seen = m is not None
            if must_exit:
                o.exit_status = vm.wait(timeout if o.end_seen else 0)
            o.qemu_output = vm.output
    except (q.QemuError, OSError) as e:
        o.error = str(e)
        return o
    o.log = q.parse_console(o.qemu_output)
    o.extra["seconds"] = time.monotonic() - t0
    return o


def ran(tap: q.Tap, o: Outcome, names: List[str], desc: str) -> bool:
    """For a check that needs these steps: fails it (with the reason) if the
    session did not run or one of them did not succeed."""
    if o.error:
        tap.ok(False, desc, o.error)
        return False
    for n in names:
        if not o.gdb.ok(n):
            tap.ok(False, desc, o.gdb.report(n))
            return False
    if o.log is None:
        tap.ok(False, desc, "no console log")
        return False
    return True


def finished(tap: q.Tap, o: Outcome, label: str, must_exit: bool = True) -> None:
    """After the detach the run completed (and QEMU exited with 0)."""
    if must_exit:
        desc = "%s: after detach the boot completes and QEMU exits with status 0" % label
        ok = o.end_seen and o.exit_status == 0 and not (o.log and o.log.panic)
    else:
        desc = "%s: after detach the boot completes (no power-off device here)" % label
        ok = o.end_seen and not (o.log and o.log.panic)
    if o.error:
        tap.ok(False, desc, o.error)
    else:
        tap.ok(ok, desc, o.finish_report())
