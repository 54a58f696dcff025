"""Capabilities as the kernel keeps them, for the helper commands: what the
fields of each type mean (kernel/object/cap.h), the object a cap names,
the derivation tree's parent rule (kernel/object/cdt.c) and capability
lookup (kernel/object/cspace.c). Pure Python (no gdb import): the host
tests check it on hand-made slots (tests/gdb/suite_gdb_units.py, which also
checks the constants against the C headers).

A Cap's `type` is the kernel's short name ("untyped", "page-table", ...,
as cap_type_name() spells it): the GDB layer turns the number into the name
through the kernel's own enum (cap_type_t), so a renumbering cannot mislead.

The derivation list (cdt.h) holds every slot with a cap in depth-first
order: a slot's descendants are the slots right after it for which it
stays their parent. parents() finds each slot's parent with one pass and a
stack of possible ancestors (as kernel/debug/audit.c does), which is the
same as cdt_parent()'s "nearest preceding slot that is its parent" on a
well-formed list.
"""
from dataclasses import dataclass
from typing import Callable, List, Optional, Tuple

# lib/basalt/objects.h and types.h (the host tests compare).
SLOT_BITS = 6
OBJECT_BITS = {"endpoint": 5, "notification": 6, "tcb": 11, "page-table": 12, "asid-pool": 12}
RIGHT_WRITE, RIGHT_READ, RIGHT_GRANT, RIGHT_GRANT_REPLY = 1, 2, 4, 8
WORD_BITS = 64

# kernel/object/cap.h: cap_t.flags and cte_t.mdb.
FLAG_DEVICE, FLAG_MAPPED, FLAG_MASTER, FLAG_ZOMBIE_TCB = 1, 2, 4, 8
CTE_REVOCABLE, CTE_FIRST_BADGED = 1, 2

# Tags at the start of objects (tcb.h, endpoint.h, notification.h).
TCB_TAG = 0x0042435442534142
ENDPOINT_TAG = 0x0000504542534142
NOTIFICATION_TAG = 0x4e544e4642534142

MAX_DEPTH = 256            # derivation deeper than this is reported, not followed

# The type names this module uses: cap_type_name()'s (cap.c), which is what
# enum_word() makes of cap_type_t's enumerators.
TYPES = ("null", "untyped", "endpoint", "notification", "reply", "cnode", "tcb", "irq-control",
         "irq-handler", "zombie", "frame", "page-table", "asid-control", "asid-pool")


def enum_word(enumerator: str, prefix: str, sep: str = "-") -> str:
    """An enumerator as the kernel's log words: CAP_PAGE_TABLE -> "page-table",
    THREAD_BLOCKED_ON_SEND (sep " ") -> "blocked on send"."""
    return enumerator[len(prefix):].lower().replace("_", sep)


@dataclass
class Cap:
    type: str
    rights: int = 0
    bits: int = 0
    flags: int = 0
    word32: int = 0
    obj: int = 0
    w1: int = 0
    w2: int = 0

    @property
    def badge(self) -> int:
        return self.w1

    @property
    def device(self) -> bool:
        return bool(self.flags & FLAG_DEVICE)

    @property
    def mapped(self) -> bool:
        return bool(self.flags & FLAG_MAPPED)


@dataclass
class Slot:
    """A cte_t: its physical address, its cap and its derivation bits."""
    addr: int
    cap: Cap
    mdb: int = 0

    @property
    def revocable(self) -> bool:
        return bool(self.mdb & CTE_REVOCABLE)


def object_range(c: Cap) -> Optional[Tuple[int, int]]:
    """(base, size) of the memory the cap names, None for caps that name
    none (null, control caps, IRQ handlers, replies): cap_object_range()."""
    if c.type in ("untyped", "zombie", "frame"):
        bits = c.bits
    elif c.type == "cnode":
        bits = c.bits + SLOT_BITS
    elif c.type in OBJECT_BITS:
        bits = OBJECT_BITS[c.type]
    else:
        return None
    return c.obj, 1 << bits


def _inside(outer: Tuple[int, int], inner: Tuple[int, int]) -> bool:
    (ob, osz), (ib, isz) = outer, inner
    return ib >= ob and isz <= osz and ib - ob <= osz - isz


def same_region(a: Cap, b: Cap) -> bool:
    """cap_same_region(): `b` names `a`'s object, or (untyped) lies in it."""
    t = a.type
    if t == "untyped":
        rb = object_range(b)
        return rb is not None and _inside(object_range(a), rb)
    if t in ("endpoint", "notification", "tcb", "page-table", "asid-pool", "reply"):
        return b.type == t and b.obj == a.obj
    if t == "cnode":
        return b.type == t and b.obj == a.obj and b.bits == a.bits
    if t == "frame":
        return b.type == t and b.obj == a.obj and b.bits == a.bits and a.device == b.device
    if t == "irq-control":
        return b.type in ("irq-control", "irq-handler")
    if t == "irq-handler":
        return b.type == t and b.word32 == a.word32
    if t == "asid-control":
        return b.type == t
    return False


def same_object(a: Cap, b: Cap) -> bool:
    """cap_same_object(): another cap to the same object (untyped never)."""
    if "untyped" in (a.type, b.type) or (a.type == "irq-control" and b.type == "irq-handler"):
        return False
    if "zombie" in (a.type, b.type):
        return a.type == b.type and a.obj == b.obj
    return same_region(a, b)


def is_parent_of(a: Slot, b: Slot) -> bool:
    """cdt_is_parent_of(a, b), for `b` somewhere after `a` on the list."""
    if not a.revocable or not same_region(a.cap, b.cap):
        return False
    if a.cap.type in ("endpoint", "notification") and a.cap.badge != 0:
        return b.cap.badge == a.cap.badge and not b.mdb & CTE_FIRST_BADGED
    return True


def parents(slots: List[Slot]) -> Tuple[List[Optional[int]], List[str]]:
    """For the derivation list `slots` (in list order): each slot's parent
    as an index into `slots` (None for a root), and problems found."""
    out: List[Optional[int]] = []
    problems: List[str] = []
    stack: List[int] = []
    for i, s in enumerate(slots):
        while stack and not is_parent_of(slots[stack[-1]], s):
            stack.pop()
        out.append(stack[-1] if stack else None)
        if s.revocable:
            if len(stack) == MAX_DEPTH:
                problems.append("derivation deeper than %d at slot 0x%x: not followed"
                                % (MAX_DEPTH, s.addr))
            else:
                stack.append(i)
    return out, problems


def children(parent_of: List[Optional[int]]) -> List[List[int]]:
    """The inverse of parents(): each slot's direct children, in list order."""
    kids: List[List[int]] = [[] for _ in parent_of]
    for i, p in enumerate(parent_of):
        if p is not None:
            kids[p].append(i)
    return kids


def descendants(kids: List[List[int]], i: int) -> int:
    """How many slots derive from slot i (all generations)."""
    n, todo = 0, list(kids[i])
    while todo:
        j = todo.pop()
        n += 1
        todo.extend(kids[j])
    return n


# ---------------------------------------------------------------- lookup

@dataclass
class Lookup:
    slot: Optional[Slot]
    bits_left: int = 0
    error: str = ""


def resolve(root: Cap, cptr: int, depth: int,
            read_slot: Callable[[Cap, int], Slot], max_levels: int = 64) -> Lookup:
    """cspace_resolve(): the slot `cptr` names in the CSpace under `root`
    (the CNode cap), using `depth` bits. read_slot(cnode_cap, index) reads
    a slot of that CNode."""
    node = root
    n = min(depth, WORD_BITS)
    if node.type != "cnode":
        return Lookup(None, n, "the CSpace root is a %s cap, not a cnode" % node.type)
    for _ in range(max_levels):
        radix, guard_bits = node.bits, node.word32
        level = radix + guard_bits
        if guard_bits > n:
            return Lookup(None, n, "guard mismatch: %d guard bits, %d bits left" % (guard_bits, n))
        guard = 0 if guard_bits == 0 else (cptr >> (n - guard_bits)) & ((1 << guard_bits) - 1)
        if guard != node.w1:
            return Lookup(None, n, "guard mismatch: cptr has 0x%x where the cnode at 0x%x wants "
                          "0x%x (%d bits)" % (guard, node.obj, node.w1, guard_bits))
        if level > n:
            return Lookup(None, n, "depth mismatch: %d bits left, the cnode at 0x%x takes %d"
                          % (n, node.obj, level))
        slot = read_slot(node, (cptr >> (n - level)) & ((1 << radix) - 1))
        n -= level
        if n == 0 or slot.cap.type != "cnode":
            return Lookup(slot, n)
        node = slot.cap
    return Lookup(None, n, "more than %d levels" % max_levels)


# ---------------------------------------------------------------- text

def rights(r: int) -> str:
    """"RWGP" with '-' for a missing right (P: grant reply)."""
    return "".join(ch if r & bit else "-" for bit, ch in ((RIGHT_READ, "R"), (RIGHT_WRITE, "W"),
                                                          (RIGHT_GRANT, "G"),
                                                          (RIGHT_GRANT_REPLY, "P")))


HAS_RIGHTS = ("endpoint", "notification", "reply", "frame")
