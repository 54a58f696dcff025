#!/usr/bin/env python3
"""`make debug` and `make gdb` as a person types them (TAP output).

`make debug GDB_PORT=0` starts QEMU halted with its stub on a port the OS
picks (found through QEMU's -pidfile and /proc, so parallel runs never
collide); its printed instructions must name the port, the make command
and the gdb command. `make gdb GDB_PORT=<that port>` with a batch
GDB_ARGS then attaches, stops at kernel_main and prints dtb_pa, which must
be what the console says; after `detach` the boot completes and QEMU exits
with status 0.
"""
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "qemu"))
import basalt_gdb as g  # noqa: E402
import basalt_qemu as q  # noqa: E402

TIMEOUT = float(os.environ.get("BASALT_QEMU_TIMEOUT", "60"))


class Outcome:
    def __init__(self):
        self.error = None
        self.console = ""
        self.log = None
        self.gdb_output = ""
        self.gdb_status = None
        self.end_seen = False
        self.exit_status = None


def make_session() -> Outcome:
    """`make debug GDB_PORT=0` (the OS picks the port; found via QEMU's
    pid file), then `make gdb GDB_PORT=<it>` with a batch GDB_ARGS."""
    o = Outcome()
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    tmp = tempfile.mkdtemp(prefix="basalt-gdb-make-")
    pidfile = os.path.join(tmp, "qemu.pid")
    build = os.path.relpath(q.build_dir(), q.ROOT)
    debug = ["make", "--no-print-directory", "debug", "GDB_PORT=0", "BUILD=" + build,
             "RUN_ARGS=-pidfile %s -append noshell" % pidfile]
    vm = q.Qemu(debug)
    try:
        m = vm.wait_for(r"GDB stub on 127\.0\.0\.1:0\.", TIMEOUT)
        port = None
        while m is not None and vm.running():
            if os.path.exists(pidfile):
                try:
                    ports = g.listening_ports(int(open(pidfile).read().strip() or 0))
                except ValueError:
                    ports = []
                if ports:
                    port = ports[0]
                    break
            vm.wait(0.05)
        if port is None:
            o.console = vm.output
            o.error = "make debug did not start a listening QEMU:\n" + o.console[-3000:]
            return o
        gdb_args = "-nx -batch -ex 'break kernel_main' -ex continue " \
                   "-ex 'printf \"dtb_pa=%#lx\\n\", dtb_pa' -ex 'delete' -ex detach"
        p = subprocess.run(["make", "--no-print-directory", "gdb", "GDB_PORT=%d" % port,
                            "BUILD=" + build, "GDB_ARGS=" + gdb_args], cwd=q.ROOT, env=env,
                           stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, universal_newlines=True, timeout=TIMEOUT)
        o.gdb_output = p.stdout
        o.gdb_status = p.returncode
        o.end_seen = vm.wait_for(re.escape(q.END_MARKER), TIMEOUT) is not None
        o.exit_status = vm.wait(TIMEOUT)
        o.console = vm.output
        o.log = q.parse_console(o.console)
    except (subprocess.TimeoutExpired, OSError) as e:
        o.error = "make gdb: %s" % e
    finally:
        if vm.running():
            stop_qemu(pidfile)      # make would leave its QEMU behind
        vm.kill()
        if os.path.exists(pidfile):
            os.unlink(pidfile)
        os.rmdir(tmp)
    return o


def stop_qemu(pidfile: str) -> None:
    """Kill the QEMU that wrote `pidfile`, after checking the pid is still
    that QEMU (its command line names the pid file)."""
    try:
        pid = int(open(pidfile).read().strip())
        with open("/proc/%d/cmdline" % pid, "rb") as f:
            if pidfile.encode() in f.read():
                os.kill(pid, 9)
    except (ValueError, OSError):
        pass


def main() -> int:
    tap = q.Tap()
    if not os.path.isfile(q.build_path("basalt.elf")):
        tap.ok(False, "%s exists" % q.build_path("basalt.elf"), "run 'make kernel'")
        return tap.done()
    o = make_session()
    text = o.console
    tap.ok("make gdb GDB_PORT=0" in text and "basalt-attach 127.0.0.1:0" in text and
           "-x scripts/gdb/basalt.gdb" in text,
           "make debug prints how to attach: make gdb with the port, and the gdb command",
           o.error or text[:1500])
    m = re.search(r"^dtb_pa=(0x[0-9a-f]+)$", o.gdb_output, re.M)
    ok = (not o.error and o.gdb_status == 0 and m is not None and o.log is not None and
          int(m.group(1), 16) == o.log.dtb_addr and
          re.search(r"Breakpoint 1(\.\d+)?, kernel_main", o.gdb_output) is not None)
    tap.ok(ok, "make gdb attaches, stops at kernel_main and reads dtb_pa as the console "
           "prints it", o.error or "status %s, console dtb %s\n%s" % (
               o.gdb_status, o.log and o.log.dtb_addr, o.gdb_output[-2500:]))
    tap.ok(not o.error and o.end_seen and o.exit_status == 0 and not (o.log and o.log.panic),
           "after detach the boot completes and QEMU exits with status 0",
           o.error or "exit status %s, end marker %s\n%s" % (
               o.exit_status, o.end_seen, "\n".join(text.splitlines()[-15:])))
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
