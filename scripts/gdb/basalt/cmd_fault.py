"""basalt-fault: the last fault a thread took."""
import gdb

from . import faults
from . import kobjects
from .command import BasaltCommand


def code_at(pc: int) -> str:
    """ "faulter at user/root/demo.c:74" from the loaded symbols, or ""."""
    try:
        block = gdb.block_for_pc(pc)
        sal = gdb.find_pc_line(pc)
    except (gdb.error, RuntimeError):
        return ""
    while block is not None and block.function is None:
        block = block.superblock
    name = block.function.name if block is not None else None
    where = "%s:%d" % (sal.symtab.filename, sal.line) if sal.symtab is not None else ""
    return " ".join(x for x in (name, "at " + where if where else "") if x)


class FaultCommand(BasaltCommand):
    """Show the last fault of a thread: type, pc, address, cause, access.

Usage: basalt-fault THREAD
THREAD is a name, an index in basalt-threads, or a TCB address. Prints the
fault the kernel recorded last for it (tcb_t's last_fault_type,
last_fault_words and last_fault_pc, kept after the fault is handled): the
type by name; the pc, with the function and line when symbols are loaded;
for a VM fault the address, scause by name and the access (read, write,
execute); for a user exception scause and stval. Also says whether a fault
is being delivered now (the thread waits for its fault handler) and the
thread's state: a thread without a fault handler is suspended (inactive)."""
    name = "basalt-fault"

    def run(self, args, from_tty):
        if len(args) != 1:
            raise gdb.GdbError("usage: basalt-fault THREAD")
        view = kobjects.View()
        t = view.find_thread(args[0])
        tcb = t.tcb
        gdb.write("thread %s (tcb 0x%016x), %s\n" % (t.label(), t.pa, view.state(t)))
        kind = int(tcb["last_fault_type"])
        if kind == faults.NONE:
            gdb.write("no fault recorded: the thread has not faulted\n")
            return
        words = [int(tcb["last_fault_words"][i]) & kobjects.MASK for i in range(4)]
        pc = int(tcb["last_fault_pc"]) & kobjects.MASK
        for line in faults.describe(kind, words, pc):
            code = code_at(pc) if line.startswith("pc:") else ""
            gdb.write("  %s%s\n" % (line, "  (%s)" % code if code else ""))
        now = int(tcb["fault_type"])
        if now != faults.NONE:
            gdb.write("being delivered: a %s, waiting for the fault handler's reply\n"
                      % faults.type_name(now))
        else:
            gdb.write("not being delivered now%s\n" % (
                " (inactive: a thread without a usable fault handler is suspended when it faults)"
                if view.state(t) == "inactive" else ""))
