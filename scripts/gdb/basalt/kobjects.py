"""The kernel's objects through the stub: slots, capabilities, TCBs,
endpoints and notifications, read for one helper command at a time.

A View is one look at the stopped kernel. Kernel objects are named by
physical address (capabilities hold physical addresses; kernel pointers
such as tcb_t * or cte_t.next are virtual, and kmem_layout converts them:
window addresses for RAM, the image's own addresses for its statics such
as the idle threads and cdt_root). Every read goes through read(): it
refuses anything outside the kernel's RAM (boot.map.ram), so a corrupt
pointer can never make GDB touch device registers, and it fetches whole
4 KiB pages through kmem.read_phys() once per command (slots of one CNode
share a page; stopped in U-mode each page costs one trip through QEMU's
physical mode).

Structures are decoded through the kernel's DWARF types (cte_t, tcb_t,
endpoint_t, notification_t) and enum names (cap_type_t, thread_state_t),
never through fixed offsets. Every walk is bounded: the derivation list by
a visited set and RAM's capacity in slots, queues by a visited set.

Threads are found, most completely, from the TCB caps on the derivation
list, and also from each hart's current and idle thread, its ready
queues, and the wait queues of every endpoint and notification a cap
names; see threads().
"""
from dataclasses import dataclass, field
from typing import Dict, List, Optional

import bisect
import functools

import gdb

from . import caps
from . import kmem
from . import layout
from .command import NotReady

MASK = (1 << 64) - 1
TCB_SLOT_NAMES = ("ctable", "vtable", "ipc-buffer", "reply", "caller")
TCB_SLOT_CTABLE, TCB_SLOT_VTABLE = 0, 1
MAX_QUEUE = 1 << 16          # longest wait or ready queue followed


class Unreadable(gdb.GdbError):
    """An address outside RAM, or a read the stub refused (one clean error
    line if a command does not handle it)."""


def ktype(name: str) -> gdb.Type:
    """A type of the kernel's (not a user program's of the same name)."""
    obj = kmem.kernel_objfile()
    for lookup in (obj.lookup_static_symbol, obj.lookup_global_symbol):
        s = lookup(name, gdb.SYMBOL_VAR_DOMAIN)
        if s is not None and s.addr_class == gdb.SYMBOL_LOC_TYPEDEF:
            return s.type
    s = obj.lookup_static_symbol(name, gdb.SYMBOL_STRUCT_DOMAIN)
    if s is not None:
        return s.type
    raise gdb.GdbError("the kernel's debug information has no type '%s'" % name)


def enum_names(typename: str, prefix: str) -> Dict[int, str]:
    """value -> short name for a kernel enum: CAP_PAGE_TABLE -> "page-table"
    (prefix "CAP_", "-" for "_"), THREAD_BLOCKED_ON_SEND -> "blocked on send"."""
    out = {}
    sep = " " if prefix == "THREAD_" else "-"
    for f in ktype(typename).strip_typedefs().fields():
        if f.name.startswith(prefix) and not f.name.endswith("NUM_TYPES"):
            out[int(f.enumval)] = caps.enum_word(f.name, prefix, sep)
    return out


def field_offset(t: gdb.Type, name: str) -> int:
    for f in t.strip_typedefs().fields():
        if f.name == name:
            return f.bitpos // 8
    raise gdb.GdbError("the kernel's %s has no field '%s'" % (t, name))


def cstring(v: gdb.Value) -> str:
    raw = bytes(int(v[i]) & 0xff for i in range(v.type.strip_typedefs().sizeof))
    return raw.split(b"\0", 1)[0].decode("latin-1")


@dataclass
class Thread:
    pa: int
    tcb: Optional[gdb.Value]          # None: no TCB tag there
    found: List[str] = field(default_factory=list)   # how: "cap", "current", "idle", ...
    current_on: List[int] = field(default_factory=list)
    idle_of: Optional[int] = None
    index: int = 0

    @property
    def valid(self) -> bool:
        return self.tcb is not None

    @functools.cached_property
    def name(self) -> str:
        return cstring(self.tcb["name"]) if self.valid else ""

    def label(self) -> str:
        """The name, or the address for an unnamed thread."""
        return self.name or "tcb 0x%x" % self.pa


class View:
    """One look at the kernel's objects, for one command (see the module
    comment). Raises NotReady while the kernel does not know its RAM."""

    def __init__(self):
        self.ram = kmem.ram_ranges()
        if self.ram is None:
            raise NotReady("the kernel has not set up its memory yet (boot.map is empty: "
                           "kernel_main has not run derive_memory_map), so no kernel objects exist")
        lay = kmem.kvar("kmem_layout")
        self.window_offset = int(lay["window_offset"]) & MASK
        self.image_start = int(lay["image_start"]) & MASK
        self.image_offset = int(lay["image_offset"]) & MASK
        self.cte_t = ktype("cte_t")
        self.tcb_t = ktype("tcb_t")
        self.cap_names = enum_names("cap_type_t", "CAP_")
        self.state_names = enum_names("thread_state_t", "THREAD_")
        self.slots_offset = field_offset(self.tcb_t, "slots")
        self._pages: Dict[int, bytes] = {}
        self._slots = None
        self._threads = None
        self._cnodes = None
        self._cnode_names = None
        self._owners = None
        self._owner_starts = None
        self._first = None
        self._by_pa = None
        self.problems: List[str] = []

    # ------------------------------------------------------------ memory

    def pa(self, kva: int) -> int:
        """A kernel virtual address (a pointer in a kernel structure) as
        physical: virt_to_phys()."""
        kva &= MASK
        return (kva - (self.image_offset if kva >= self.image_start else self.window_offset)) & MASK

    def in_ram(self, pa: int, size: int = 1) -> bool:
        return kmem.in_ranges(self.ram, pa, size)

    def read(self, pa: int, size: int) -> bytes:
        if size <= 0 or not self.in_ram(pa, size):
            raise Unreadable("0x%x is not in RAM" % pa)
        out = b""
        page = pa & ~(layout.PAGE_SIZE - 1)
        while page < pa + size:
            data = self._pages.get(page)
            if data is None:
                try:
                    data = kmem.read_phys(page, layout.PAGE_SIZE)
                except (gdb.error, gdb.MemoryError, gdb.GdbError) as e:
                    raise Unreadable("cannot read 0x%x: %s" % (page, e))
                self._pages[page] = data
            lo = max(pa, page) - page
            hi = min(pa + size, page + layout.PAGE_SIZE) - page
            out += data[lo:hi]
            page += layout.PAGE_SIZE
        return out

    def value(self, pa: int, typ: gdb.Type) -> gdb.Value:
        return gdb.Value(self.read(pa, typ.sizeof), typ)

    # ------------------------------------------------------------ caps

    def cap(self, v: gdb.Value) -> caps.Cap:
        n = int(v["type"])
        return caps.Cap(self.cap_names.get(n, "type %d" % n), int(v["rights"]), int(v["bits"]),
                        int(v["flags"]), int(v["word32"]), int(v["obj"]) & MASK,
                        int(v["w1"]) & MASK, int(v["w2"]) & MASK)

    def slot(self, pa: int) -> caps.Slot:
        v = self.value(pa, self.cte_t)
        return caps.Slot(pa, self.cap(v["cap"]), int(v["mdb"]))

    def slots(self) -> List[caps.Slot]:
        """Every slot on the derivation list, in list order (see cdt.h:
        every slot holding a cap is on it). Problems go to self.problems."""
        if self._slots is not None:
            return self._slots
        self._slots = []
        limit = sum(e - b for b, e in self.ram) // self.cte_t.sizeof + 1024
        seen = set()
        prev = kmem.ksym_addr("cdt_root")
        kva = int(kmem.kvar("cdt_root")["next"]) & MASK
        while kva != 0:
            pa = self.pa(kva)
            if pa in seen or len(self._slots) >= limit:
                self.problems.append("the derivation list loops (at slot 0x%x) or is longer "
                                     "than RAM can hold: stopped" % pa)
                break
            seen.add(pa)
            try:
                v = self.value(pa, self.cte_t)
            except Unreadable as e:
                self.problems.append("the derivation list leads to slot 0x%x: %s; stopped"
                                     % (pa, e))
                break
            if self.pa(int(v["prev"])) != self.pa(prev):
                self.problems.append("slot 0x%x: prev does not point back to 0x%x"
                                     % (pa, self.pa(prev)))
            s = caps.Slot(pa, self.cap(v["cap"]), int(v["mdb"]))
            if s.cap.type == "null":
                self.problems.append("slot 0x%x on the derivation list is empty" % pa)
            self._slots.append(s)
            prev, kva = kva, int(v["next"]) & MASK
        return self._slots

    def cnodes(self) -> Dict[int, int]:
        """CNode objects the caps name: base -> radix."""
        if self._cnodes is None:
            self._cnodes = {}
            for s in self.slots():
                if s.cap.type == "cnode":
                    self._cnodes.setdefault(s.cap.obj, s.cap.bits)
        return self._cnodes

    def cnode_slot(self, cnode: caps.Cap, index: int) -> caps.Slot:
        return self.slot(cnode.obj + (index << caps.SLOT_BITS))

    def where(self, slot_pa: int) -> str:
        """Where a slot is, for people: "root[137]" (slot 137 of the CNode
        that is thread root's CSpace root), "cnode 0x...[5]", "tcb
        server.vtable" (a TCB's own slot), else its address."""
        if self._owners is None:
            owners = [(t.pa + self.slots_offset, len(TCB_SLOT_NAMES) * self.cte_t.sizeof,
                       "tcb", t) for t in self.threads() if t.valid]
            owners += [(base, 1 << (radix + caps.SLOT_BITS), "cnode", base)
                       for base, radix in self.cnodes().items()]
            self._owners = sorted(owners, key=lambda o: o[0])
            self._owner_starts = [o[0] for o in self._owners]
        i = bisect.bisect_right(self._owner_starts, slot_pa) - 1
        if i >= 0:
            start, size, kind, what = self._owners[i]
            if slot_pa < start + size:
                index = (slot_pa - start) // self.cte_t.sizeof
                if kind == "tcb":
                    return "tcb %s.%s" % (what.name or "0x%x" % what.pa, TCB_SLOT_NAMES[index])
                return "%s[%d]" % (self.cnode_label(what), index)
        return "slot 0x%x" % slot_pa

    def first_cap(self, kind: str, obj: int) -> Optional[caps.Slot]:
        """The first slot on the list with a cap of type `kind` to `obj`."""
        if self._first is None:
            self._first = {}
            for s in self.slots():
                self._first.setdefault((s.cap.type, s.cap.obj), s)
        return self._first.get((kind, obj))

    def cnode_label(self, base: int) -> str:
        """A thread's name for the CNode that is its CSpace root, else
        "cnode 0x..."."""
        if self._cnode_names is None:
            self._cnode_names = {}
            for t in reversed(self.threads()):      # the first thread's name wins
                c = self.tcb_slot(t, TCB_SLOT_CTABLE).cap if t.valid else None
                if c is not None and c.type == "cnode" and t.name:
                    self._cnode_names[c.obj] = t.name
        return self._cnode_names.get(base, "cnode 0x%x" % base)

    def levels(self) -> int:
        """Page-table levels of user VSpaces (vspace_config), 0 before set."""
        return int(kmem.kvar("vspace_config")["levels"])

    # ------------------------------------------------------------ threads

    def thread_text(self, pa: int) -> Optional[str]:
        """The TCB at pa for a cap line: "root, running" (None: no TCB)."""
        if self._by_pa is None:
            self._by_pa = {t.pa: t for t in self.threads()}
        t = self._by_pa.get(pa)
        if t is not None and t.valid:
            return "%s, %s" % (t.name or "unnamed", self.state(t))
        tcb = self.tcb(pa)
        if tcb is None:
            return None
        return "%s, %s" % (Thread(pa, tcb).name or "unnamed", self.state(Thread(pa, tcb)))

    def tcb(self, pa: int) -> Optional[gdb.Value]:
        """The TCB at `pa`, or None when no TCB (tag) is there."""
        try:
            v = self.value(pa, self.tcb_t)
        except Unreadable:
            return None
        return v if int(v["tag"]) & MASK == caps.TCB_TAG else None

    def tcb_slot(self, t: Thread, i: int) -> caps.Slot:
        pa = t.pa + self.slots_offset + i * self.cte_t.sizeof
        return caps.Slot(pa, self.cap(t.tcb["slots"][i]["cap"]), int(t.tcb["slots"][i]["mdb"]))

    def state(self, t: Thread) -> str:
        n = int(t.tcb["state"])
        return self.state_names.get(n, "state %d" % n)

    def harts(self):
        """[(index, sched_hart_t value)] for harts the scheduler runs on."""
        sh = kmem.kvar("sched_harts")
        out = []
        for i in range(int(sh.type.strip_typedefs().range()[1]) + 1):
            if int(sh[i]["idle"]) != 0 or int(sh[i]["current"]) != 0:
                out.append((i, sh[i]))
        return out

    def threads(self) -> List[Thread]:
        """Every thread found (see the module comment), in a fixed order:
        TCB caps in derivation-list order, then threads only the
        scheduler or a wait queue knows, then the idle threads."""
        if self._threads is not None:
            return self._threads
        found: Dict[int, Thread] = {}
        order: List[int] = []

        def add(pa: int, how: str) -> Thread:
            if pa not in found:
                found[pa] = Thread(pa, self.tcb(pa))
                order.append(pa)
            if how not in found[pa].found:
                found[pa].found.append(how)
            return found[pa]

        for s in self.slots():
            if s.cap.type == "tcb":
                add(s.cap.obj, "cap")
        idle = []
        for i, h in self.harts():
            if int(h["current"]) != 0:
                add(self.pa(int(h["current"])), "current").current_on.append(i)
            if int(h["idle"]) != 0:
                idle.append((i, self.pa(int(h["idle"]))))
            heads = h["head"]
            for p in range(int(heads.type.strip_typedefs().range()[1]) + 1):
                self._queue(int(heads[p]), "sched_next", "ready queue", add)
        types = {"endpoint": ktype("endpoint_t"), "notification": ktype("notification_t")}
        objects = {(s.cap.type, s.cap.obj) for s in self.slots() if s.cap.type in types}
        for kind, obj in sorted(objects, key=lambda x: x[1]):
            try:
                q = self.value(obj, types[kind])
            except Unreadable:
                continue
            self._queue(int(q["head"]), "ep_next", kind + " queue", add)
        for i, pa in idle:
            add(pa, "idle").idle_of = i
        # Idle threads last, whatever else found them first.
        idle_pas = [pa for _, pa in idle]
        order = [pa for pa in order if pa not in idle_pas] + [pa for pa in order if pa in idle_pas]
        self._threads = [found[pa] for pa in order]
        for n, t in enumerate(self._threads):
            t.index = n
        return self._threads

    def _queue(self, head: int, link: str, how: str, add) -> None:
        kva, seen = head & MASK, set()
        while kva != 0 and len(seen) < MAX_QUEUE:
            pa = self.pa(kva)
            if pa in seen:
                self.problems.append("the %s through 0x%x loops" % (how, pa))
                return
            seen.add(pa)
            t = add(pa, how)
            if not t.valid:
                self.problems.append("the %s holds 0x%x, which is not a TCB" % (how, pa))
                return
            kva = int(t.tcb[link]) & MASK

    def root_thread(self) -> Thread:
        """The root task's thread (root_task.c's root_thread)."""
        kva = int(kmem.kvar("root_thread")) & MASK
        if kva == 0:
            raise NotReady("the root task does not exist yet (boot_root_task has not run)")
        pa = self.pa(kva)
        for t in self.threads():
            if t.pa == pa:
                return t
        t = Thread(pa, self.tcb(pa), ["root_thread"])
        if not t.valid:
            raise gdb.GdbError("root_thread points to 0x%x, which holds no TCB" % pa)
        return t

    def find_thread(self, spec: str) -> Thread:
        """A thread by name, by index in basalt-threads, or by TCB address
        (physical, or the kernel's virtual address of it)."""
        ts = self.threads()
        if not ts:
            raise NotReady("no threads yet: no TCB cap exists and no hart runs the scheduler "
                           "(the root task is made by boot_root_task)")
        named = [t for t in ts if t.valid and t.name == spec]
        if len(named) == 1:
            return named[0]
        if len(named) > 1:
            raise gdb.GdbError("%d threads are named '%s' (indices %s): give the index or the "
                               "TCB address" % (len(named), spec,
                                                ", ".join(str(t.index) for t in named)))
        if spec.isdigit() and int(spec) < len(ts):
            return ts[int(spec)]
        try:
            addr = int(gdb.parse_and_eval(spec)) & MASK
        except gdb.error:
            raise gdb.GdbError("no thread named '%s' (basalt-threads lists them)" % spec)
        for pa in (addr, self.pa(addr)):
            for t in ts:
                if t.pa == pa:
                    return t
        for pa in (addr, self.pa(addr)):
            tcb = self.tcb(pa) if self.in_ram(pa) else None
            if tcb is not None:
                return Thread(pa, tcb, ["address"], index=-1)
        raise gdb.GdbError("no thread '%s': not a name, an index below %d, or the address of "
                           "a TCB" % (spec, len(ts)))
