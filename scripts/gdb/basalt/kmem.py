"""Reading the kernel through the GDB stub: registers, kernel variables,
virtual and physical memory. Every helper command builds on this module.

Virtual addresses are what the stub reads by default: QEMU translates them
through the stopped hart's satp, and reads physical memory directly while
translation is off (M-mode, or satp MODE Bare, as in early boot).

Physical addresses (page tables, the DTB) are read in the first way that
works now, or the one `set basalt-phys-access` names:
  direct  the address itself: right when translation is off, and through
          the bootstrap tables, which map the low 256 GiB to themselves;
  window  the kernel window (virtual = kernel_vm.window_base + physical,
          all RAM except no-map ranges), once the final tables are on;
  qemu    QEMU's stub switched to physical mode for the read
          (`maintenance packet Qqemu.PhyMemMode:1`): any address, but QEMU only.
`auto` (the default) picks direct or window from the hart's state and falls
back to qemu when that read fails.

Kernel variables: kvar("kernel_vm") is a gdb.Value of the variable at an
address readable now: its link address once the image is mapped there, its
physical copy (link address - KERNEL_IMAGE_VBASE + load address) while
translation is off. The load address is what ksyms found (load_pa below).
"""
import gdb

from . import layout

# Where the image sits in physical memory, once ksyms knows it (None before).
load_pa = None


class PhysAccess(gdb.Parameter):
    """How Basalt's helpers read physical memory: auto, direct, window or qemu.

auto (default): direct while translation is off or on the bootstrap tables,
the kernel window once the kernel's own tables are on, QEMU's physical mode
when that fails. See scripts/gdb/basalt/kmem.py."""
    set_doc = "Set how Basalt's helpers read physical memory."
    show_doc = "Show how Basalt's helpers read physical memory."

    def __init__(self):
        super().__init__("basalt-phys-access", gdb.COMMAND_DATA, gdb.PARAM_ENUM,
                         ["auto", "direct", "window", "qemu"])
        self.value = "auto"

    def get_set_string(self):
        return ""

    def get_show_string(self, svalue):
        return "Basalt reads physical memory: %s" % svalue


phys_access = PhysAccess()


# ---------------------------------------------------------------- registers

def reg(name: str) -> int:
    """A register of the selected hart as an unsigned 64-bit integer
    ("pc", "sp", "satp", ...; CSRs come from QEMU's target description)."""
    return int(gdb.parse_and_eval("$" + name)) & 0xffffffffffffffff


def priv() -> int:
    """The hart's privilege level (QEMU's virtual "priv" register: 0 U,
    1 S, 3 M); 1 when the stub does not offer it."""
    try:
        return reg("priv")
    except gdb.error:
        return 1


def translation_on() -> bool:
    """Whether the stub's virtual addresses go through satp right now."""
    return priv() != 3 and (reg("satp") >> 60) != 0


# ---------------------------------------------------------------- memory

def read_virt(addr: int, size: int) -> bytes:
    """`size` bytes at a virtual address (raises gdb.MemoryError)."""
    return gdb.selected_inferior().read_memory(addr, size).tobytes()


def read_u64(addr: int) -> int:
    return int.from_bytes(read_virt(addr, 8), "little")


def _qemu_physical(on: bool) -> None:
    """Switch QEMU's stub between physical and virtual memory accesses."""
    reply = gdb.execute("maintenance packet Qqemu.PhyMemMode:%d" % on, to_string=True)
    if on and '"OK"' not in reply:
        raise gdb.GdbError("the stub has no physical-memory mode (not QEMU?): %s" % reply.strip())


def _read_qemu_physical(pa: int, size: int) -> bytes:
    _qemu_physical(True)
    try:
        return read_virt(pa, size)
    finally:
        _qemu_physical(False)


def _window():
    """(window_base, window_limit) if the kernel's final tables are on."""
    vm = kvar("kernel_vm")
    if not bool(vm["active"]):
        return None
    return int(vm["window_base"]) & 0xffffffffffffffff, int(vm["window_limit"])


def read_phys(pa: int, size: int) -> bytes:
    """`size` bytes at a physical address (see the module comment)."""
    how = phys_access.value
    if how == "direct":
        return read_virt(pa, size)
    if how == "qemu":
        return _read_qemu_physical(pa, size)
    if how == "window":
        w = _window()
        if w is None:
            raise gdb.GdbError("the kernel window is not set up yet (kernel_vm.active is false)")
        return read_virt(w[0] + pa, size)
    try:
        if not translation_on():
            return read_virt(pa, size)
        w = _window()
        if w is not None and pa + size <= w[1]:
            return read_virt(w[0] + pa, size)
        if w is None and pa + size <= layout.BOOT_IDENTITY_LIMIT:
            return read_virt(pa, size)
    except gdb.MemoryError:
        pass
    return _read_qemu_physical(pa, size)


def ram_ranges():
    """The kernel's RAM ranges [(base, end)] (boot.map.ram), or None while
    the kernel does not know them yet. Helpers read physical memory only
    inside them once known: a corrupt pointer could lead to device
    registers, where a read can have effects."""
    try:
        ram = kvar("boot")["map"]["ram"]
        count = int(ram["count"])
        if not 0 < count <= ram["r"].type.strip_typedefs().range()[1] + 1:
            return None
        return [(int(ram["r"][i]["base"]), int(ram["r"][i]["base"]) + int(ram["r"][i]["size"]))
                for i in range(count)]
    except (gdb.error, gdb.MemoryError):
        return None


def in_ranges(ranges, pa: int, size: int) -> bool:
    """[pa, pa + size) lies inside one of `ranges` ([(base, end)])."""
    return any(b <= pa and pa + size <= e for b, e in ranges)


# ---------------------------------------------------------------- kernel symbols

def kernel_objfile():
    """The kernel ELF loaded at its link address (not the physical copy)."""
    for obj in gdb.objfiles():
        s = obj.lookup_global_symbol("_start")
        if s is not None and int(s.value().address) == layout.KERNEL_IMAGE_VBASE:
            return obj
    raise gdb.GdbError("no Basalt kernel symbols loaded (basalt-symbols loads them)")


def ksym(name: str):
    """The kernel's global or file-static symbol `name` (a gdb.Symbol)."""
    obj = kernel_objfile()
    s = obj.lookup_global_symbol(name) or obj.lookup_static_symbol(name)
    if s is None:
        raise gdb.GdbError("the kernel has no symbol '%s'" % name)
    return s


def ksym_addr(name: str) -> int:
    """A kernel symbol's link address (no memory is read)."""
    return int(ksym(name).value().address) & 0xffffffffffffffff


def readable_addr(link_addr: int) -> int:
    """Where the image byte linked at `link_addr` can be read right now."""
    if translation_on():
        return link_addr
    if load_pa is None:
        raise gdb.GdbError("translation is off and the kernel's load address is unknown "
                           "(basalt-symbols ADDRESS sets it)")
    return link_addr - layout.KERNEL_IMAGE_VBASE + load_pa


def kvar(name: str) -> gdb.Value:
    """A kernel variable as a gdb.Value at an address readable right now.

    Stopped in U-mode, the stub cannot read kernel pages (it reads with the
    hart's privilege): the variable is then fetched whole, at its physical
    address, in QEMU's physical mode."""
    s = ksym(name)
    link = int(s.value().address) & 0xffffffffffffffff
    if translation_on() and priv() == 0 and load_pa is not None:
        value = gdb.Value(link - layout.KERNEL_IMAGE_VBASE + load_pa).cast(
            s.type.pointer()).dereference()
        _qemu_physical(True)
        try:
            value.fetch_lazy()
        finally:
            _qemu_physical(False)
        return value
    return gdb.Value(readable_addr(link)).cast(s.type.pointer()).dereference()


class KernelAddress(gdb.Function):
    """$kaddr(POINTER): where the kernel object POINTER points to can be read now.

With the MMU off (early boot), names from other files than the current
function's, and from head.S, resolve to their link address, which the
stub cannot read then: `p *$kaddr(&kernel_vm)` reads the physical copy.
With paging on it returns POINTER unchanged. Keeps the pointer's type."""

    def __init__(self):
        super().__init__("kaddr")

    def invoke(self, pointer):
        addr = int(pointer) & 0xffffffffffffffff
        if layout.KERNEL_IMAGE_VBASE <= addr:
            addr = readable_addr(addr)
        t = pointer.type.strip_typedefs()
        if t.code in (gdb.TYPE_CODE_PTR, gdb.TYPE_CODE_FUNC):
            return gdb.Value(addr).cast(pointer.type if t.code == gdb.TYPE_CODE_PTR
                                        else pointer.type.pointer())
        return gdb.Value(addr).cast(gdb.lookup_type("char").pointer())


KernelAddress()
