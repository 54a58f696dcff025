"""basalt-untyped: the untyped tree, from the derivation list."""
import gdb

from . import capfmt
from . import caps
from . import kobjects
from . import text
from .command import BasaltCommand, NotReady

INDENT = "  "
SLOT_WIDTH = 22


def _line(view, s: caps.Slot, depth: int, levels: int, extra: str = "") -> str:
    where = INDENT * depth + view.where(s.addr)
    return "%-*s %s%s\n" % (SLOT_WIDTH, where, capfmt.line(s.cap, levels, view.thread_text), extra)


def show(view, slots, kids, i: int, depth: int, levels: int, out: list) -> None:
    """Slot i (an untyped) and, beneath it, its children by address:
    objects (with how many caps derive from each) and untyped, recursively."""
    out.append(_line(view, slots[i], depth, levels))
    for j in sorted(kids[i], key=lambda j: (caps.object_range(slots[j].cap) or (0, 0))[0]):
        if slots[j].cap.type == "untyped":
            show(view, slots, kids, j, depth + 1, levels, out)
        else:
            n = caps.descendants(kids, j)
            out.append(_line(view, slots[j], depth + 1, levels,
                             "  (+%d derived cap%s)" % (n, "s" if n > 1 else "") if n else ""))


class UntypedCommand(BasaltCommand):
    """Show the untyped tree: every untyped cap, its use, and what was made from it.

Usage: basalt-untyped
Each untyped cap: the slot holding it (root[137] = slot 137 of root's
CSpace root; see basalt-threads), base address, size, ram or device, and
the bytes used (its watermark). Beneath it, indented, its children by
address: objects retyped from it (with their details, as basalt-cnode
prints them, and how many caps derive from each: copies, badged copies)
and smaller untyped, in turn with their children.

The top level are the untyped caps with no parent: the boot's untyped list
(the boot log's "untyped:" lines; the summary line has the boot log's
shape too). Parents come from the derivation list (cdt_root) as the kernel
computes them: the parent of a cap is the nearest slot before it on the
list that cdt_is_parent_of() accepts (kernel/object/cdt.c)."""
    name = "basalt-untyped"

    def run(self, args, from_tty):
        if args:
            raise gdb.GdbError("usage: basalt-untyped")
        view = kobjects.View()
        slots = view.slots()
        if not slots:
            raise NotReady("no capabilities yet: the derivation list is empty "
                           "(boot_root_task makes the boot caps)")
        parent, problems = caps.parents(slots)
        kids = caps.children(parent)
        levels = view.levels()
        out = ["%-*s %s\n" % (SLOT_WIDTH, "slot", capfmt.HEADER)]
        top = [i for i, s in enumerate(slots) if parent[i] is None and s.cap.type == "untyped"]
        for i in top:
            show(view, slots, kids, i, 0, levels, out)
        gdb.write("".join(out))
        ram = sum(1 << slots[i].cap.bits for i in top if not slots[i].cap.device)
        dev = sum(1 << slots[i].cap.bits for i in top if slots[i].cap.device)
        below = sum(caps.descendants(kids, i) for i in top)
        others = sum(1 for i, s in enumerate(slots) if parent[i] is None and
                     s.cap.type != "untyped")
        gdb.write("untyped: %d caps, %s RAM, %s device\n" % (len(top), text.size(ram),
                                                              text.size(dev)))
        gdb.write("%d caps derive from them; %d caps are roots outside any untyped "
                  "(the root task's boot objects, control caps)\n" % (below, others))
        for p in problems + view.problems:
            gdb.write("problem: %s\n" % p)
