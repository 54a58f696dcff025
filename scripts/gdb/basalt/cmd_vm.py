"""basalt-vm: walk a page table and print what it maps, merged into runs."""
import gdb

from . import kmem
from . import layout
from . import pagewalk
from . import text
from .command import BasaltCommand, parse_int


def _regions():
    """[(start, end, name)]: the parts of the kernel's layout a run may fall
    in. Image sections come from the ELF's symbols; the window from the
    running kernel (absent before its tables are on)."""
    regions = []
    try:
        vm = kmem.kvar("kernel_vm")
        if bool(vm["active"]):
            base = int(vm["window_base"]) & 0xffffffffffffffff
            regions.append((base, base + int(vm["window_limit"]), "kernel window"))
    except (gdb.error, gdb.MemoryError):
        pass
    regions.append((layout.KERNEL_DEVICE_VBASE,
                    layout.KERNEL_DEVICE_VBASE + layout.KERNEL_DEVICE_VSIZE, "devices"))
    marks = [kmem.ksym_addr(n) for n in ("_start", "_etext", "_erodata", "_end")]
    for (start, end), name in zip(zip(marks, marks[1:]),
                                  ("image text", "image rodata", "image data+bss")):
        regions.append((start, end, name))
    regions.append((layout.KERNEL_IMAGE_VBASE, 1 << 64, "kernel image area"))
    return regions


IMAGE_PARTS = ("image text", "image rodata", "image data+bss", "kernel image area")


def _label(run: pagewalk.Run, regions) -> str:
    def at(va):
        for start, end, name in regions:
            if start <= va < end:
                return name
        if va < (1 << 63):
            # The bootstrap tables map low memory to itself.
            return "identity map" if run.va == run.pa else "user half"
        return ""

    first, last = at(run.va), at(run.end - 1)
    if first == last:
        return first
    if first in IMAGE_PARTS and last in IMAGE_PARTS:
        return "kernel image"      # e.g. the bootstrap tables' 2 MiB pages
    return "%s .. %s" % (first, last)


def _table_reader():
    """Reads a 4 KiB table, refusing addresses outside RAM once RAM is known:
    a corrupt entry could point at device registers, where reads have
    effects."""
    ram = kmem.ram_ranges()

    def read(pa: int) -> bytes:
        if ram is not None and not kmem.in_ranges(ram, pa, layout.PAGE_SIZE):
            raise gdb.GdbError("not in RAM, not read")
        return kmem.read_phys(pa, layout.PAGE_SIZE)
    return read


class VmCommand(BasaltCommand):
    """Print the mappings of a page table: virtual ranges, physical, rights, page sizes.

Usage: basalt-vm [SATP]
Walks the page table that SATP selects (default: the hart's satp register;
any expression works, e.g. kernel_vm.satp). The mode comes from satp's MODE
field: Sv39, Sv48 or Sv57 (3, 4 or 5 levels). Leaves that are contiguous in
virtual and physical memory, with the same rights and page size, are
merged into one line:

  [virtual start, end) -> physical start  size  rights  page size x count  what

Rights are R W X U G, '-' where missing (A/D are not shown). "what" names
the part of the kernel's layout: kernel window, devices, image text /
rodata / data+bss (kernel image when a page spans several), identity map
(the bootstrap tables) or user half. Tables are read as physical memory
(see `help set basalt-phys-access`), and only inside RAM once the kernel
knows its RAM; problems met in the walk (unreadable tables, misaligned
superpages, reserved encodings) are listed at the end."""
    name = "basalt-vm"
    completer = gdb.COMPLETE_EXPRESSION

    def run(self, args, from_tty):
        if len(args) > 1:
            raise gdb.GdbError("usage: basalt-vm [SATP]")
        satp = pagewalk.parse_satp(parse_int(args[0], "satp") if args else kmem.reg("satp"))
        if satp.mode == "bare":
            gdb.write("satp 0x%016x: Bare (no translation: virtual = physical)\n" % satp.value)
            return
        if satp.levels == 0:
            raise gdb.GdbError("satp 0x%016x: MODE %s is not Sv39, Sv48 or Sv57"
                               % (satp.value, satp.mode))
        leaves, problems = pagewalk.walk(_table_reader(), satp.root, satp.levels)
        runs = pagewalk.merge(leaves)
        regions = _regions()
        gdb.write("satp 0x%016x: %s (%d levels), ASID %d, root table at %s\n"
                  % (satp.value, satp.mode, satp.levels, satp.asid, text.hex64(satp.root)))
        gdb.write("%-42s    %-18s  %-8s  %-6s  %-16s %s\n"
                  % ("virtual", "physical", "size", "rights", "pages", "what"))
        for r in runs:
            gdb.write("%s -> %s  %-8s  %-6s  %-16s %s\n" % (
                text.span(r.va, r.end), text.hex64(r.pa), text.size(r.size), r.rights,
                "%s x %d" % (pagewalk.page_name(r.page_size), r.pages), _label(r, regions)))
        gdb.write("%d runs, %d leaf entries\n" % (len(runs), len(leaves)))
        for p in problems:
            gdb.write("problem: %s\n" % p)
