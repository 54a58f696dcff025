"""basalt-vspace: a thread's address space, as mapped ranges."""
import os

import gdb

from . import elfsections
from . import kmem
from . import kobjects
from . import pagewalk
from . import text
from . import user_symbols
from .cmd_vm import _table_reader
from .command import BasaltCommand, parse_int

MODES = {3: "sv39", 4: "sv48", 5: "sv57"}


def find_vspace(view: kobjects.View, spec: str):
    """(root table pa, asid, whose, thread or None) for THREAD|ADDR."""
    try:
        t = view.find_thread(spec)
    except gdb.GdbError as e:
        t, why = None, e
    if t is not None:
        slot = view.tcb_slot(t, kobjects.TCB_SLOT_VTABLE)
        c = slot.cap
        if c.type != "page-table" or not c.mapped or c.bits != view.levels() - 1:
            raise gdb.GdbError("thread %s has no VSpace: its vtable slot holds %s" % (
                t.label(), "no cap" if c.type == "null" else "a %s cap that is not a VSpace "
                "root" % c.type))
        return c.obj, c.word32, "thread %s (tcb 0x%016x)" % (t.label(), t.pa), t
    try:
        pa = parse_int(spec, "vspace")
    except gdb.GdbError:
        raise why
    pa = pa if view.in_ram(pa) else view.pa(pa)
    for s in view.slots():
        c = s.cap
        if c.type == "page-table" and c.obj == pa and c.mapped and c.bits == view.levels() - 1:
            return pa, c.word32, "table 0x%x" % pa, None
    raise gdb.GdbError("%s is neither a thread nor a VSpace root (a top-level page table "
                       "some cap names)" % spec)


def _sections():
    """[(start, end, "root.elf .text")] from the loaded user programs."""
    out = []
    for path in user_symbols.loaded_files():
        try:
            for name, addr, size in elfsections.alloc_sections(path):
                out.append((addr, addr + size, "%s %s" % (os.path.basename(path), name)))
        except OSError:
            continue
    return out


def label(run: pagewalk.Run, sections, ipc_buffer) -> str:
    names = []
    if ipc_buffer is not None and run.va <= ipc_buffer < run.end:
        names.append("ipc buffer")
    for start, end, name in sections:
        if start < run.end and run.va < end:
            prog, sec = name.split(" ", 1)
            if names and names[-1].startswith(prog + " "):
                names[-1] += "+" + sec
            else:
                names.append(name)
    return ", ".join(names)


class VspaceCommand(BasaltCommand):
    """Show a thread's address space: mapped ranges, rights, page sizes.

Usage: basalt-vspace THREAD|ADDR
THREAD is a name, an index in basalt-threads or a TCB address; the VSpace
is the top-level page table its vtable slot's cap names. ADDR is such a
table's physical address. Walks the tables in the current paging mode
(vspace_config.levels) with basalt-vm's walker and prints the user half
(below the user top) in basalt-vm's columns: runs of pages contiguous in
virtual and physical memory with equal rights (R W X U G) and page size,
named by the user program sections they hold (from the ELFs GDB loaded,
e.g. "root.elf .text") and the thread's IPC buffer. The upper half is the
kernel's (copied into every VSpace): the last line says whether its
entries still equal the kernel's own table. Tables are read only inside
RAM; problems met in the walk are listed at the end."""
    name = "basalt-vspace"

    def run(self, args, from_tty):
        if len(args) != 1:
            raise gdb.GdbError("usage: basalt-vspace THREAD|ADDR")
        view = kobjects.View()
        root, asid, whose, thread = find_vspace(view, args[0])
        levels = view.levels()
        cfg = kmem.kvar("vspace_config")
        user_top = int(cfg["user_top"])
        read = _table_reader()
        leaves, problems = pagewalk.walk(read, root, levels)
        runs = pagewalk.merge([x for x in leaves if x.va < user_top])
        ipc = int(thread.tcb["ipc_buffer_vaddr"]) if thread is not None else None
        sections = _sections()
        gdb.write("VSpace of %s: root table %s, %s (%d levels), asid %d\n"
                  % (whose, text.hex64(root), MODES.get(levels, "?"), levels, asid))
        gdb.write("%-42s    %-18s  %-8s  %-6s  %-16s %s\n"
                  % ("virtual", "physical", "size", "rights", "pages", "what"))
        for r in runs:
            gdb.write(("%s -> %s  %-8s  %-6s  %-16s %s" % (
                text.span(r.va, r.end), text.hex64(r.pa), text.size(r.size), r.rights,
                "%s x %d" % (pagewalk.page_name(r.page_size), r.pages),
                label(r, sections, ipc))).rstrip() + "\n")
        gdb.write("%d runs, %d leaf entries below %s (user)\n" % (
            len(runs), sum(1 for x in leaves if x.va < user_top), text.hex64(user_top)))
        gdb.write(kernel_half(read, root, int(cfg["kernel_root_pa"])) + "\n")
        for p in problems:
            gdb.write("problem: %s\n" % p)


def kernel_half(read, root: int, kernel_root: int) -> str:
    """Whether the root's upper half equals the kernel's own table."""
    try:
        mine, kernels = read(root)[2048:], read(kernel_root)[2048:]
    except (gdb.error, gdb.MemoryError) as e:
        return "kernel half: cannot compare (%s)" % e
    differ = [i for i in range(256) if mine[8 * i:8 * i + 8] != kernels[8 * i:8 * i + 8]]
    if not differ:
        return "kernel half: entries 256..511 equal the kernel's own table (0x%x)" % kernel_root
    return "kernel half: %d of entries 256..511 differ from the kernel's table (first %d)" % (
        len(differ), 256 + differ[0])
