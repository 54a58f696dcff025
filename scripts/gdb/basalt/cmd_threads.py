"""basalt-threads: every thread the kernel knows, one line each."""
import gdb

from . import caps
from . import faults
from . import kobjects
from .command import BasaltCommand, NotReady


def _first_cap(view: kobjects.View, kind: str, obj: int) -> str:
    """Where the first cap to an object sits, for naming it: " (root[159])"."""
    s = view.first_cap(kind, obj)
    return " (%s)" % view.where(s.addr) if s is not None else ""


def waits_on(view: kobjects.View, t: kobjects.Thread) -> str:
    """What a blocked thread waits for, in words."""
    state = view.state(t)
    tcb = t.tcb
    obj = int(tcb["blocked_on"])
    if state in ("blocked on receive", "blocked on send"):
        s = "endpoint 0x%016x%s" % (obj, _first_cap(view, "endpoint", obj))
        if state == "blocked on send" and int(tcb["ipc_badge"]):
            s += " badge 0x%x" % int(tcb["ipc_badge"])
        return s
    if state == "blocked on notification":
        return "notification 0x%016x%s" % (obj, _first_cap(view, "notification", obj))
    if state == "blocked on reply":
        holders = [view.where(s.addr) for s in view.slots() if s.cap.type == "reply" and
                   s.cap.obj == t.pa and not s.cap.flags & caps.FLAG_MASTER]
        return "reply (cap in %s)" % ", ".join(holders) if holders else \
            "reply (no reply cap names it: nobody can answer)"
    return ""


def notes(view: kobjects.View, t: kobjects.Thread) -> str:
    tcb = t.tcb
    out = []
    w = waits_on(view, t)
    if w:
        out.append(w)
    out += ["current on hart %d" % h for h in t.current_on]
    if t.idle_of is not None:
        out.append("idle thread of hart %d" % t.idle_of)
    if int(tcb["queued"]):
        out.append("queued")
    if int(tcb["bound_ntfn"]):
        out.append("bound to notification 0x%x" % int(tcb["bound_ntfn"]))
    if int(tcb["fault_type"]):
        out.append("fault being handled: %s" % faults.type_name(int(tcb["fault_type"])))
    elif int(tcb["last_fault_type"]):
        words = [int(tcb["last_fault_words"][i]) for i in range(4)]
        out.append("last fault: " + faults.summary(int(tcb["last_fault_type"]), words,
                                                   int(tcb["last_fault_pc"])))
    if "cap" not in t.found and t.idle_of is None:
        out.append("no TCB cap: found on the %s" % ", ".join(t.found))
    return "; ".join(out)


class ThreadsCommand(BasaltCommand):
    """List every thread: name, TCB, state, priority, what it waits on.

Usage: basalt-threads
One line per thread: its index (other commands take it as THREAD), name
(BASALT_SYS_DEBUG_NAME_THREAD sets it: 'root', 'server', a test's id),
TCB (physical address, as caps and the kernel's log name it), state,
priority/mcp, the hart whose queues it is on, and notes: the endpoint or
notification it waits on (with the slot of the first cap to it, e.g.
root[159] = slot 159 of root's CSpace), the slot holding the reply cap a
caller waits for, current on a hart, queued, bound notification, last fault.

Threads are found from every TCB cap on the derivation list (cdt_root),
each hart's current and idle thread and ready queues (sched_harts), and the
wait queues of endpoints and notifications; in that order, idle threads
last. Works at any stop, in S-mode or U-mode; before the kernel has made
its objects it says so."""
    name = "basalt-threads"

    def run(self, args, from_tty):
        if args:
            raise gdb.GdbError("usage: basalt-threads")
        view = kobjects.View()
        threads = view.threads()
        if not threads:
            raise NotReady("no threads yet: no TCB cap exists and no hart runs the scheduler "
                           "(the root task is made by boot_root_task)")
        gdb.write("%3s  %-12s %-18s  %-24s %-8s %4s  %s\n"
                  % ("#", "name", "tcb", "state", "pri/mcp", "hart", "notes"))
        for t in threads:
            if not t.valid:
                gdb.write("%3d  %-12s 0x%016x  no TCB there (no TCB tag); found on the %s\n"
                          % (t.index, "?", t.pa, ", ".join(t.found)))
                continue
            tcb = t.tcb
            gdb.write(("%3d  %-12s 0x%016x  %-24s %-8s %4d  %s" % (
                t.index, t.name or "-", t.pa, view.state(t),
                "%d/%d" % (int(tcb["priority"]), int(tcb["mcp"])), int(tcb["hart"]),
                notes(view, t))).rstrip() + "\n")
        for p in view.problems:
            gdb.write("problem: %s\n" % p)
