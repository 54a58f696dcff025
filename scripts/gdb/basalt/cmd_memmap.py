"""basalt-memmap: the boot memory map the kernel keeps (boot.map in
kernel/boot/main.c), printed as the boot log prints it."""
import gdb

from . import fdt
from . import kmem
from . import text
from .command import BasaltCommand

# reserve_reason_t enumerators -> the words reserve_reason_name() prints.
REASONS = {
    "RESERVE_MEMRESERVE": "memreserve",
    "RESERVE_DT_NODE": "reserved-memory",
    "RESERVE_KERNEL_IMAGE": "kernel image",
    "RESERVE_DTB": "device tree",
    "RESERVE_PAGE_TABLES": "kernel page tables",
    "RESERVE_KERNEL_DATA": "kernel data",
    "RESERVE_DEVICE": "device",
}
# Reasons whose line names a device-tree node (the path follows the word).
NODE_REASONS = ("reserved-memory", "device")


def _regions(rlist, limit: int):
    count = int(rlist["count"])
    if count > limit:
        raise gdb.GdbError("a region list claims %d entries (at most %d): the map is not "
                           "set up yet, or memory is corrupt" % (count, limit))
    return [rlist["r"][i] for i in range(count)]


def _reason(value: gdb.Value) -> str:
    """The enumerator's name, from the type (so renumbering cannot break it)."""
    n = int(value)
    for field in value.type.strip_typedefs().fields():
        if field.enumval == n:
            return REASONS.get(field.name, field.name.lower())
    return "reason %d" % n


def _device_tree(boot: gdb.Value):
    """The DTB's bytes (read as physical memory), or None."""
    pa, size = int(boot["dtb_pa"]), int(boot["dtb_size"])
    if pa == 0 or not 40 <= size <= (1 << 24):
        return None
    try:
        return kmem.read_phys(pa, size)
    except (gdb.error, gdb.MemoryError):
        return None


def memmap_lines() -> list:
    """The map as the boot log's `memory:` lines (docs/boot-console.md)."""
    boot = kmem.kvar("boot")
    bootmap = boot["map"]
    limit = bootmap["ram"]["r"].type.strip_typedefs().range()[1] + 1
    ram, reserved, free = (_regions(bootmap[k], limit) for k in ("ram", "reserved", "free"))
    if not ram:
        return []
    blob = _device_tree(boot) if any(_reason(r["reason"]) in NODE_REASONS
                                     for r in reserved) else None
    lines = []

    def line(kind, r):
        base, size = int(r["base"]), int(r["size"])
        return "memory: %-8s %s %s" % (kind, text.span(base, base + size), text.size(size))

    for r in ram:
        lines.append(line("ram", r))
    for r in reserved:
        why = _reason(r["reason"])
        s = line("reserved", r) + " " + why
        if why in NODE_REASONS:
            path = fdt.node_path(blob, int(r["node"])) if blob else None
            s += " " + (path or "?")
            if why == "reserved-memory" and bool(r["no_map"]):
                s += " no-map"   # a device's reservation is always no-map: not said
        lines.append(s)
    for r in free:
        lines.append(line("free", r))
    total_ram = sum(int(r["size"]) for r in ram)
    total_free = sum(int(r["size"]) for r in free)
    lines.append("memory: total %s RAM, %s free" % (text.size(total_ram), text.size(total_free)))
    return lines


class MemmapCommand(BasaltCommand):
    """Print the kernel's boot memory map: RAM, reserved ranges and why, free RAM.

Usage: basalt-memmap
Reads the map the boot hart keeps (boot.map in kernel/boot/main.c: a
bootmap_t with ram, reserved and free region lists) and prints it in the
boot log's format (docs/boot-console.md), so it can be compared with the
console line by line. Reserved ranges from /reserved-memory, and device
registers the device tree put inside RAM, name their node, read from the
device tree in memory. Before derive_memory_map() has run the
map is empty. Works at any stop, with the MMU on or off."""
    name = "basalt-memmap"

    def run(self, args, from_tty):
        if args:
            raise gdb.GdbError("usage: basalt-memmap")
        lines = memmap_lines()
        if not lines:
            gdb.write("the boot memory map is empty: the kernel has not derived it yet "
                      "(kernel_main calls derive_memory_map)\n")
        for s in lines:
            gdb.write(s + "\n")
