#!/usr/bin/env python3
"""Host tests of the GDB helpers' pure modules and the symbol-table
generator (TAP output, no QEMU, no GDB):

  pagewalk   hand-built Sv39/Sv48/Sv57 tables: every leaf found at the right
             (sign-extended) virtual address with its size and rights;
             runs merged only when contiguous in both spaces with equal
             rights and page size; translate() agrees with walk(); bad
             encodings and unreadable tables reported, not crashed on;
             satp decoding
  fdt        node_path() for every node offset of corpus DTBs equals the
             set of paths fdtget -l finds (dtc's own tool is the oracle)
  text       sizes in the kernel's printk_size() words
  layout     the constants equal kernel/arch/riscv/layout.h's
  gen_symtab function list from nm-like input: aliases, unsized labels,
             symbols outside .text
"""
import glob
import os
import re
import struct
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "qemu"))
sys.path.insert(0, os.path.join(ROOT, "scripts", "gdb", "basalt"))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import basalt_qemu as q  # noqa: E402
import fdt  # noqa: E402
import gen_symtab  # noqa: E402
import layout  # noqa: E402
import pagewalk as pw  # noqa: E402
import text  # noqa: E402

V, R, W, X, U, G, A, D = (1 << i for i in range(8))
SATP_MODE = {"sv39": 8, "sv48": 9, "sv57": 10}
LEVELS = {"sv39": 3, "sv48": 4, "sv57": 5}


class Memory:
    """Physical memory of page tables: 4 KiB tables allocated on demand."""

    def __init__(self):
        self.tables = {}
        self.next = 0x80000000

    def new_table(self) -> int:
        pa = self.next
        self.next += 4096
        self.tables[pa] = [0] * 512
        return pa

    def read(self, pa: int) -> bytes:
        if pa not in self.tables:
            raise IOError("no table at 0x%x" % pa)
        return struct.pack("<512Q", *self.tables[pa])

    def read_pte(self, pa: int) -> int:
        return self.tables[pa & ~0xfff][(pa & 0xfff) // 8]

    def map(self, root: int, levels: int, va: int, pa: int, size: int, flags: int) -> None:
        """One leaf of `size` (4 KiB, 2 MiB, 1 GiB, ...) at va -> pa."""
        leaf_level = {1 << (12 + 9 * n): n for n in range(levels)}[size]
        table = root
        for level in range(levels - 1, leaf_level, -1):
            index = (va >> (12 + 9 * level)) & 0x1ff
            pte = self.tables[table][index]
            if not pte & V:
                nxt = self.new_table()
                self.tables[table][index] = ((nxt >> 12) << 10) | V
                table = nxt
            else:
                table = ((pte >> 10) & pw.PPN_MASK) << 12
        index = (va >> (12 + 9 * leaf_level)) & 0x1ff
        self.tables[table][index] = ((pa >> 12) << 10) | flags | V | A | D


def check_mode(tap: q.Tap, mode: str) -> None:
    levels = LEVELS[mode]
    mem = Memory()
    root = mem.new_table()
    top = 12 + 9 * levels
    upper = ((1 << 64) - 1) ^ ((1 << (top - 1)) - 1)     # lowest upper-half address
    big = 1 << (12 + 9 * (levels - 2))                    # second-largest page
    want = [  # (va, pa, size, flags), in virtual-address order
        (0x10000, 0x90000000, 4096, R | X | U),
        (0x11000, 0x90001000, 4096, R | X | U),            # merges with the one above
        (0x12000, 0x90003000, 4096, R | X | U),            # physical gap: new run
        (0x13000, 0x90004000, 4096, R | W | U),            # other rights: new run
        (0x200000, 0x80200000, 0x200000, R | W | G),
        (upper, 4 * big, big, R | W | G),
        (upper + big, 5 * big, big, R | W | G),            # merges
        ((1 << 64) - 0x80000000, 0x80200000, 4096, R | X | G),
    ]
    for va, pa, size, flags in want:
        mem.map(root, levels, va, pa, size, flags)
    leaves, problems = pw.walk(mem.read, root, levels)
    got = [(l.va, l.pa, l.size, l.flags & 0x3f) for l in leaves]
    exp = [(va, pa, size, flags | V) for va, pa, size, flags in want]
    tap.ok(got == exp and not problems,
           "pagewalk %s: every leaf at its sign-extended address, size and rights" % mode,
           "expected %s\ngot      %s\nproblems %s" % (
               [(hex(a), hex(b), c, d) for a, b, c, d in exp],
               [(hex(a), hex(b), c, d) for a, b, c, d in got], problems))

    runs = pw.merge(leaves)
    shape = [(r.va, r.size, r.rights, r.page_size, r.pages) for r in runs]
    exp_runs = [(0x10000, 0x2000, "R-XU-", 4096, 2), (0x12000, 0x1000, "R-XU-", 4096, 1),
                (0x13000, 0x1000, "RW-U-", 4096, 1), (0x200000, 0x200000, "RW--G", 0x200000, 1),
                (upper, 2 * big, "RW--G", big, 2), ((1 << 64) - 0x80000000, 4096, "R-X-G", 4096, 1)]
    tap.ok(shape == exp_runs, "pagewalk %s: runs merge only contiguous leaves with equal "
           "rights and page size" % mode, "expected %s\ngot      %s" % (exp_runs, shape))

    probes = [(0x10123, 0x90000123), (0x13fff, 0x90004fff), (0x3fffff, 0x803fffff),
              (upper + big + 5, 5 * big + 5), ((1 << 64) - 0x80000000 + 8, 0x80200008),
              (0x14000, None), (upper - 4096 if levels > 3 else 0x400000, None)]
    bad = [(hex(va), pa, pw.translate(mem.read_pte, root, levels, va)) for va, pa in probes
           if pw.translate(mem.read_pte, root, levels, va) != pa]
    tap.ok(not bad, "pagewalk %s: translate() follows one path to the same answers" % mode,
           "wrong: %s" % bad)

    satp = pw.parse_satp((SATP_MODE[mode] << 60) | (0x1234 << 44) | (root >> 12))
    tap.ok((satp.mode, satp.levels, satp.asid, satp.root) == (mode, levels, 0x1234, root),
           "pagewalk %s: satp MODE, ASID and root decoded" % mode, str(satp))


def check_problems(tap: q.Tap) -> None:
    mem = Memory()
    root = mem.new_table()
    mem.map(root, 3, 0x0, 0x1000, 4096, W)                      # W without R
    mem.map(root, 3, 0x40000000, 0x80200000, 1 << 30, R)        # misaligned 1 GiB page
    mem.tables[root][3] = ((0xdead000 >> 12) << 10) | V          # table nobody has
    leaves, problems = pw.walk(mem.read, root, 3)
    text_ = "\n".join(problems)
    ok = ("write without read" in text_ and "misaligned" in text_ and
          "cannot read the table at 0xdead000" in text_ and len(leaves) == 2)
    tap.ok(ok, "pagewalk: reserved W-without-R, misaligned superpages and unreadable tables "
           "are reported, the walk goes on", text_)
    # A table that points to itself at every level ends at the last level.
    loop = Memory()
    r = loop.new_table()
    loop.tables[r][0] = ((r >> 12) << 10) | V
    _, problems = pw.walk(loop.read, r, 3)
    tap.ok(any("last-level entry points to a table" in p for p in problems),
           "pagewalk: a table pointer at the last level is reported", str(problems))


def fdtget_paths(dtb: str):
    paths, todo = ["/"], ["/"]
    while todo:
        node = todo.pop()
        out = subprocess.run(["fdtget", "-l", dtb, node], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, universal_newlines=True)
        if out.returncode != 0:
            return None
        for child in out.stdout.split():
            p = node.rstrip("/") + "/" + child
            paths.append(p)
            todo.append(p)
    return sorted(paths)


def check_fdt(tap: q.Tap) -> None:
    corpus = q.shared_dtb_dir()
    blobs = sorted(glob.glob(os.path.join(corpus, "qemu-*.dtb")) +
                   glob.glob(os.path.join(corpus, "linux-*.dtb"))) if corpus else []
    if not blobs:
        tap.skip("fdt: node paths equal fdtget's", "no DTB corpus")
        return
    errs = []
    for dtb in blobs:
        blob = open(dtb, "rb").read()
        want = fdtget_paths(dtb)
        if want is None:
            errs.append("%s: fdtget failed" % dtb)
            continue
        got = sorted(p for p in (fdt.node_path(blob, off) for off in range(0, len(blob), 4)) if p)
        if got != want:
            errs.append("%s: only in fdtget %s, only here %s" % (
                os.path.basename(dtb), sorted(set(want) - set(got))[:5],
                sorted(set(got) - set(want))[:5]))
    tap.ok(not errs, "fdt: node_path() over every offset gives exactly fdtget's paths "
           "(%d corpus DTBs)" % len(blobs), "\n".join(errs))
    tap.ok(fdt.node_path(b"\0" * 64, 0) is None and fdt.node_path(open(blobs[0], "rb").read(), 2)
           is None, "fdt: no magic, or an offset inside a token, gives None")


def check_text(tap: q.Tap) -> None:
    cases = [(0, "0 B"), (1, "1 B"), (4096, "4 KiB"), (5278, "5278 B"), (1536 << 10, "1536 KiB"),
             (1 << 30, "1 GiB"), (3 << 40, "3 TiB"), ((1 << 30) + 4096, "1048580 KiB")]
    bad = [(n, text.size(n), s) for n, s in cases if text.size(n) != s]
    tap.ok(not bad, "text: sizes in printk_size()'s words", str(bad))
    tap.ok(text.span(0x80000000, 0xc0000000) == "[0x0000000080000000, 0x00000000c0000000)",
           "text: ranges as the boot log writes them")


def check_layout(tap: q.Tap) -> None:
    with open(os.path.join(ROOT, "kernel", "arch", "riscv", "layout.h")) as f:
        defs = dict(re.findall(r"#define\s+(\w+)\s+(0x[0-9a-fA-F]+)\s*$", f.read(), re.M))
    names = ("KERNEL_IMAGE_VBASE", "KERNEL_DEVICE_VBASE", "KERNEL_DEVICE_VSIZE",
             "KERNEL_LOAD_ALIGN")
    bad = [(n, defs.get(n), hex(getattr(layout, n))) for n in names
           if n not in defs or int(defs[n], 16) != getattr(layout, n)]
    tap.ok(not bad, "layout: scripts/gdb/basalt/layout.py agrees with layout.h", str(bad))
    tap.ok(gen_symtab.IMAGE_BASE == layout.KERNEL_IMAGE_VBASE,
           "layout: gen_symtab.py's image base is KERNEL_IMAGE_VBASE")


def check_gen_symtab(tap: q.Tap) -> None:
    base = 0xffffffff80000000
    syms = [(base, None, "T", "_start"), (base + 0x40, None, "t", "entry"),
            (base + 0x100, 0x20, "T", "alpha"), (base + 0x100, 0x20, "t", "alpha_alias"),
            (base + 0x120, 0x10, "t", "beta"), (base + 0x200, None, "R", "_etext"),
            (base + 0x300, 8, "D", "data"), (base + 0x140, 0x40, "W", "weak")]
    got = gen_symtab.functions(sorted(syms))
    want = [(base, 0x40, "_start"), (base + 0x40, 0xc0, "entry"), (base + 0x100, 0x20, "alpha"),
            (base + 0x120, 0x10, "beta"), (base + 0x140, 0x40, "weak")]
    tap.ok(got == want, "gen_symtab: one name per address (global, sized first), unsized "
           "labels reach the next symbol, nothing outside [_start, _etext)",
           "got %s" % [(hex(a), hex(s), n) for a, s, n in got])
    src = gen_symtab.render(want)
    tap.ok('"alpha\\0"' in src and "{ 0x00000100, 0x20, 13 }" in src and
           "count = 5" in src, "gen_symtab: the C table has offsets, sizes and name offsets",
           src)


def main() -> int:
    tap = q.Tap()
    for mode in ("sv39", "sv48", "sv57"):
        check_mode(tap, mode)
    check_problems(tap)
    check_fdt(tap)
    check_text(tap)
    check_layout(tap)
    check_gen_symtab(tap)
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
