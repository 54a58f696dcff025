"""basalt-cnode: the capabilities in a CNode, and in the CNodes it holds."""
import gdb

from . import capfmt
from . import caps
from . import kobjects
from . import text
from .command import BasaltCommand, parse_int

INDENT = "      "
DEFAULT_DEPTH = 1


def _parse(args):
    """(target or None, depth)."""
    target, depth = None, DEFAULT_DEPTH
    i = 0
    while i < len(args):
        a = args[i]
        if a in ("--depth", "-d") and i + 1 < len(args):
            if not args[i + 1].isdigit():
                raise gdb.GdbError("--depth wants a number, not '%s'" % args[i + 1])
            depth = int(args[i + 1])
            i += 2
        elif a.startswith("--depth="):
            depth = int(parse_int(a[len("--depth="):], "depth"))
            i += 1
        elif target is None and not a.startswith("-"):
            target = a
            i += 1
        else:
            raise gdb.GdbError("usage: basalt-cnode [CPTR|ADDR|THREAD] [--depth N]")
    return target, depth


def find_cnode(view: kobjects.View, target):
    """(cnode cap, how it was named) for the command's argument."""
    if target is None:
        root = view.root_thread()
        return view.tcb_slot(root, kobjects.TCB_SLOT_CTABLE).cap, "root's CSpace root"
    if not target[0].isdigit():
        try:
            t = view.find_thread(target)
        except gdb.GdbError as e:
            t, why = None, e
        if t is not None:
            c = view.tcb_slot(t, kobjects.TCB_SLOT_CTABLE).cap
            if c.type != "cnode":
                raise gdb.GdbError("thread %s has no CSpace root (its ctable slot holds %s)"
                                   % (t.label(), c.type))
            return c, "%s's CSpace root" % t.label()
        try:
            gdb.parse_and_eval(target)
        except gdb.error:
            raise why
    value = parse_int(target, "cnode")
    for addr in (value, view.pa(value)):
        for s in view.slots():
            if s.cap.type == "cnode" and s.cap.obj == addr:
                return s.cap, "given by address"
    root = view.root_thread()
    r = caps.resolve(view.tcb_slot(root, kobjects.TCB_SLOT_CTABLE).cap, value, caps.WORD_BITS,
                     view.cnode_slot)
    if r.slot is None:
        raise gdb.GdbError("0x%x is no cnode's address, and as a cptr in root's CSpace: %s"
                           % (value, r.error))
    if r.slot.cap.type != "cnode":
        raise gdb.GdbError("cptr %d in root's CSpace is %s, which holds %s, not a cnode cap"
                           % (value, view.where(r.slot.addr), "no cap" if r.slot.cap.type ==
                              "null" else "a cap of type " + r.slot.cap.type))
    return r.slot.cap, "cptr %d: %s" % (value, view.where(r.slot.addr))


def show(view: kobjects.View, cnode: caps.Cap, how: str, depth: int, indent: str,
         shown: set, levels: int) -> None:
    base, size = caps.object_range(cnode)
    shown.add(base)
    used = sorted((s for s in view.slots() if base <= s.addr < base + size),
                  key=lambda s: s.addr)
    gdb.write("%scnode %s (%s): radix %d (%d slots), guard 0x%x (%d bits), %d used\n" % (
        indent, text.hex64(base), how, cnode.bits, 1 << cnode.bits, cnode.w1, cnode.word32,
        len(used)))
    if not used:
        return
    gdb.write("%s%5s  %s\n" % (indent, "slot", capfmt.HEADER))
    for s in used:
        note = ""
        c = s.cap
        enter = False
        if c.type == "cnode":
            if c.obj == base:
                note = "  (this cnode)"
            elif c.obj in shown:
                note = "  (shown above)"
            elif depth == 0:
                note = "  (--depth to enter)"
            else:
                enter = True
        gdb.write("%s%5d  %s%s\n" % (indent, (s.addr - base) >> caps.SLOT_BITS,
                                     capfmt.line(c, levels, view.thread_text), note))
        if enter:
            show(view, c, "in " + view.where(s.addr), depth - 1,
                 indent + INDENT, shown, levels)


class CnodeCommand(BasaltCommand):
    """List the capabilities in a CNode, entering the CNodes it holds.

Usage: basalt-cnode [CPTR|ADDR|THREAD] [--depth N]
Which CNode: none given, the root task's CSpace root; THREAD (a name from
basalt-threads), that thread's CSpace root; ADDR, the CNode object at that
physical (or kernel virtual) address; CPTR, the cnode cap that capability
pointer names in the root task's CSpace (its guard makes cptrs slot
numbers: basalt-cnode 2 is the root CNode again).

One line per occupied slot: slot index, cap type, rights (R W G P: read,
write, grant, grant-reply), object address and size, and per type: untyped
ram/device and bytes used (the watermark); endpoint and notification
badge; cnode radix and guard; tcb name and state; frame mapping address and
ASID; page-table level, the range it covers, or "VSpace root"; IRQ number;
ASID range of a pool. CNode caps found in it are listed in turn, indented,
N levels deep (default 1; 0 lists only this CNode); a CNode already shown
is not entered again. Occupied slots come from the derivation list
(cdt_root), which holds every slot with a cap."""
    name = "basalt-cnode"

    def run(self, args, from_tty):
        target, depth = _parse(args)
        view = kobjects.View()
        cnode, how = find_cnode(view, target)
        show(view, cnode, how, depth, "", set(), view.levels())
        for p in view.problems:
            gdb.write("problem: %s\n" % p)
