"""One capability as one line of text, shared by basalt-cnode and
basalt-untyped. Pure Python (no gdb import): what is known only from the
running kernel (a TCB's name and state, the paging mode's number of
levels) comes in as arguments.

  type          rights  object              size      details
  untyped               0x0000000080080000  512 KiB   ram, 180 KiB used
  endpoint      RWGP    0x00000000800b1fe0  32 B      badge 0x5
  frame         RW--    0x00000000802a4000  4 KiB     mapped at 0x0000000010000000, asid 1

Rights are R W G P (read, write, grant, grant-reply), '-' where missing,
for the types that carry rights (endpoint, notification, reply, frame).
"""
from typing import Callable, Optional

try:
    from . import caps, text
except ImportError:         # imported on its own by the host tests
    import caps
    import text

HEADER = "%-13s %-6s %-18s  %-9s %s" % ("type", "rights", "object", "size", "details")


def approx_size(n: int) -> str:
    """A byte count for people: exact in the largest unit that divides it
    ("216 KiB"), else about that much with the exact count in hex
    ("~64 MiB (0x4000020)")."""
    exact = text.size(n)
    if not exact.endswith(" B") or n < 1024:
        return exact
    for shift, unit in ((40, "TiB"), (30, "GiB"), (20, "MiB"), (10, "KiB")):
        if n >= 1 << shift:
            return "~%d %s (0x%x)" % (round(n / (1 << shift)), unit, n)
    return exact


def details(c: caps.Cap, levels: int,
            thread: Callable[[int], Optional[str]] = lambda pa: None) -> str:
    """The type-specific part. `thread(pa)` describes the TCB at pa
    ("'root', running") or returns None; `levels` is the paging mode's
    (a VSpace root's page-table cap has level levels - 1)."""
    t = c.type
    if t == "untyped":
        return "%s, %s used" % ("device" if c.device else "ram", approx_size(c.w1))
    if t in ("endpoint", "notification"):
        return "badge 0x%x" % c.badge if c.badge else "no badge"
    if t == "reply":
        who = thread(c.obj) or "tcb 0x%x" % c.obj
        return ("master reply cap of %s" if c.flags & caps.FLAG_MASTER else "reply to %s") % who
    if t == "cnode":
        return "radix %d (%d slots), guard 0x%x (%d bits)" % (c.bits, 1 << c.bits, c.w1, c.word32)
    if t == "tcb":
        return thread(c.obj) or "no TCB there"
    if t == "irq-handler":
        return "irq %d" % c.word32
    if t == "zombie":
        return "zombie of a %s, %d slots left" % ("tcb" if c.flags & caps.FLAG_ZOMBIE_TCB
                                                  else "cnode", c.word32)
    if t == "frame":
        where = "mapped at 0x%016x, asid %d" % (c.w1, c.word32) if c.mapped else "unmapped"
        return where + (", device" if c.device else "")
    if t == "page-table":
        if not c.mapped:
            return "unmapped"
        if c.bits == levels - 1:
            return "VSpace root, asid %d" % c.word32
        span = 1 << (12 + 9 * (c.bits + 1))
        return "level %d (%s pages), covers %s, asid %d" % (
            c.bits, text.size(1 << (12 + 9 * c.bits)), text.span(c.w1, c.w1 + span), c.word32)
    if t == "asid-pool":
        return "asids %d..%d" % (c.word32, c.word32 + 255)
    return ""


def line(c: caps.Cap, levels: int, thread=lambda pa: None) -> str:
    """Type, rights, object, size and details (HEADER's columns)."""
    r = caps.object_range(c)
    obj = text.hex64(r[0]) if r else ""
    size = text.size(r[1]) if r else ""
    rights = caps.rights(c.rights) if c.type in caps.HAS_RIGHTS else ""
    if c.type == "reply":
        obj = text.hex64(c.obj)
    return ("%-13s %-6s %-18s  %-9s %s" % (c.type, rights, obj, size,
                                           details(c, levels, thread))).rstrip()
