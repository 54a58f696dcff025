"""basalt-attach: connect to QEMU's GDB stub and load every symbol.

QEMU shows each CPU cluster as a separate process to GDB. QEMU virt has one
(all harts are threads of process 1); sifive_u has two: the E51 monitor
hart alone in process 1, the four U54s (where the kernel runs) in process
2. GDB's plain `target remote` sees only the first process, so
basalt-attach connects with `target extended-remote`, asks the stub for
every process (qfThreadInfo), attaches each one in its own inferior, loads
the symbols into each inferior's program space and sets schedule-multiple,
so that `continue` runs every hart and a breakpoint stops whichever hart
reaches it. basalt-detach lets all of them go.
"""
import os
import re

import gdb

from .cmd_symbols import load_everything
from .command import BasaltCommand, parse_int

CONNECT_TIMEOUT = int(os.environ.get("BASALT_GDB_CONNECT_TIMEOUT", "30"))
NO_EXEC_WARNING = re.compile(r"warning: No executable has been specified.*?command\.\n", re.S)


MAX_CLUSTERS = 8


def _quiet(command: str) -> str:
    """Run a command without GDB's notifications ([New inferior 2],
    [Switching to ...]), which bypass to_string; returns its output."""
    return gdb.execute("with suppress-cli-notifications on -- " + command, to_string=True)


def _select(inferior_num: int) -> None:
    _quiet("inferior %d" % inferior_num)


def attach_other_processes() -> list:
    """Attach the stub's processes 2, 3, ... (QEMU numbers its CPU clusters
    from 1 and lists only attached ones, so asking is by trying), each in an
    inferior of its own; returns the inferior numbers, the current first."""
    first = gdb.selected_inferior()
    numbers = [first.num]
    for pid in range(first.pid + 1, first.pid + MAX_CLUSTERS):
        out = _quiet("add-inferior")
        num = int(re.search(r"Added inferior (\d+)", out).group(1))
        _select(num)
        try:
            said = _quiet("attach %d" % pid)
        except gdb.error:
            _select(first.num)
            _quiet("remove-inferiors %d" % num)
            break
        gdb.write(NO_EXEC_WARNING.sub("", said))
        numbers.append(num)
    _select(first.num)
    return numbers


class AttachCommand(BasaltCommand):
    """Connect to a Basalt QEMU's GDB stub and load all symbols.

Usage: basalt-attach [HOST:]PORT [LOAD_ADDRESS]
Connects with `target extended-remote` (HOST defaults to 127.0.0.1). GDB
retries a refused connection for $BASALT_GDB_CONNECT_TIMEOUT seconds
(default 30), so this may be started before QEMU listens. Every CPU
cluster QEMU shows as a process gets an inferior (sifive_u: E51 in 1,
U54s in 2), and schedule-multiple is on, so `continue` runs all harts.
Then does what basalt-symbols does in each inferior: kernel symbols at the
link address and at the physical load address (LOAD_ADDRESS, or found),
and user programs' symbols. Leave with basalt-detach (or `detach` on a
single-cluster machine such as virt): the boot then goes on.
`make debug` starts QEMU halted; `make gdb` runs this for you."""
    name = "basalt-attach"

    def run(self, args, from_tty):
        if not 1 <= len(args) <= 2:
            raise gdb.GdbError("usage: basalt-attach [HOST:]PORT [LOAD_ADDRESS]")
        where = args[0] if ":" in args[0] else "127.0.0.1:" + args[0]
        load_pa = parse_int(args[1], "load address") if len(args) > 1 else None
        gdb.execute("set tcp auto-retry on")
        gdb.execute("set tcp connect-timeout %d" % CONNECT_TIMEOUT)
        try:
            said = gdb.execute("target extended-remote %s" % where, from_tty, to_string=True)
        except gdb.error as e:
            raise gdb.GdbError("cannot reach a GDB stub at %s within %d s (%s); "
                               "is 'make debug' running with that GDB_PORT?"
                               % (where, CONNECT_TIMEOUT, e))
        # GDB warns that no executable file was given: on purpose, memory
        # comes from the target and symbols from symbol-file (ksyms.py).
        gdb.write(NO_EXEC_WARNING.sub("", said))
        gdb.execute("set schedule-multiple on")
        inferiors = attach_other_processes()
        for n in inferiors:
            _select(n)
            if len(inferiors) > 1:
                gdb.write("basalt: inferior %d (%s)\n" % (n, _threads_name()))
            load_everything(load_pa)
        _select(inferiors[0])


def _threads_name() -> str:
    """The CPU model of the selected inferior's first thread, from QEMU."""
    threads = gdb.selected_inferior().threads()
    if not threads:
        return "no threads"
    t = min(threads, key=lambda t: t.num)
    return "%d harts: %s" % (len(threads), (t.details or "?").split(" harts")[0])


class DetachCommand(BasaltCommand):
    """Detach from every hart and let the kernel run on.

Usage: basalt-detach
Detaches all inferiors basalt-attach made (one per CPU cluster); QEMU
resumes once none is attached. Same as `detach` on a single-cluster machine."""
    name = "basalt-detach"

    def run(self, args, from_tty):
        live = [i.num for i in gdb.inferiors() if i.pid != 0]
        if not live:
            raise gdb.GdbError("not attached")
        gdb.execute("detach inferiors %s" % " ".join(str(n) for n in live), from_tty)
