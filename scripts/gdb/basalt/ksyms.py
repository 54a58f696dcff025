"""The kernel's symbols, twice: at the link address and at the load address.

The ELF is linked at KERNEL_IMAGE_VBASE (0xffffffff80000000), but the first
instructions run with the MMU off at whatever physical address the firmware
loaded the image to (0x80200000 with OpenSBI fw_jump on QEMU virt; U-Boot
and other firmware choose their own). So the same ELF is loaded twice:

  symbol-file ELF                 every symbol at its link address
  add-symbol-file ELF -o OFFSET   every symbol again at link + OFFSET, where
                                  OFFSET = load address - KERNEL_IMAGE_VBASE
                                  (mod 2^64): the physical copy

`break boot_map_build` then gets two locations, one per copy: the physical
one is hit before paging, the virtual one after (a breakpoint on an
address that never executes costs nothing; QEMU keeps breakpoints by
address, not by writing ebreak into memory).

The load address comes from, in order:
  1. what the user says: basalt-attach PORT ADDR, basalt-symbols ADDR, or
     $BASALT_LOAD_ADDR;
  2. the running kernel: the physical address its page tables map
     KERNEL_IMAGE_VBASE to (any stop in S-mode with paging on);
  3. the image in RAM: QEMU's -kernel puts it there before the first
     instruction, so the first 2 MiB-aligned address from 0x80000000 whose
     bytes equal the ELF's first bytes is it (only RAM is read: see
     SCAN_BASE);
  4. 0x80200000 (RAM base + 2 MiB on QEMU virt), with a warning.
A stop hook does the same translation whenever the kernel is stopped with
paging on, and moves the physical copy if the guess was wrong (U-Boot's
booti, for instance, copies the image only after GDB attached).
"""
import os

import gdb

from . import kmem
from . import layout
from . import pagewalk

DEFAULT_LOAD_PA = 0x80200000
# Where to look for the image when the kernel has not told us yet: RAM from
# 0x80000000 (every QEMU RISC-V machine, the FU540/FU740 boards) in 2 MiB
# steps, up to the first unreadable address. Nothing else: reads outside
# RAM can reach device registers, where a read may have effects (a UART's
# receive buffer, a PLIC claim). Boards with RAM elsewhere give the address.
SCAN_BASE = 0x80000000
SCAN_SPAN = 256 << 20
MATCH_BYTES = 256


class _Loaded:
    """What is loaded in one GDB program space (one per inferior: QEMU
    shows each CPU cluster as a process, see cmd_attach.py)."""
    def __init__(self):
        self.elf = None           # the kernel ELF whose symbols are loaded
        self.mtime = None
        self.phys = None          # load address of the physical copy, if loaded


_spaces = {}


def _here() -> _Loaded:
    return _spaces.setdefault(gdb.current_progspace(), _Loaded())


def project_root() -> str:
    return os.environ.get("BASALT_ROOT") or os.getcwd()


def kernel_elf_path() -> str:
    """$BASALT_ELF, else $BASALT_BUILD/basalt.elf, else build/basalt.elf
    (relative paths from the project root)."""
    if os.environ.get("BASALT_ELF"):
        return os.path.join(project_root(), os.environ["BASALT_ELF"])
    return os.path.join(project_root(), os.environ.get("BASALT_BUILD") or "build", "basalt.elf")


def load_kernel(elf: str = None):
    """Load the kernel's symbols at the link address, unless that same file
    (unchanged) is already loaded. Returns (path, whether it was loaded now:
    GDB then dropped every other symbol file, the physical copy included)."""
    here = _here()
    elf = os.path.abspath(elf or kernel_elf_path())
    if not os.path.isfile(elf):
        raise gdb.GdbError("no kernel ELF at %s (run 'make kernel')" % elf)
    mtime = os.path.getmtime(elf)
    if elf == here.elf and mtime == here.mtime:
        return elf, False
    gdb.execute("symbol-file %s" % _quote(elf), to_string=True)
    here.elf, here.mtime, here.phys = elf, mtime, None
    return elf, True


def load_physical_copy(load_pa: int) -> None:
    """(Re)load the physical copy of the kernel's symbols for `load_pa`."""
    here = _here()
    if here.elf is None:
        load_kernel()
    if load_pa % layout.KERNEL_LOAD_ALIGN:
        raise gdb.GdbError("0x%x is not 2 MiB aligned: the kernel cannot run there" % load_pa)
    kmem.load_pa = load_pa
    if here.phys == load_pa:
        return
    if here.phys is not None:
        gdb.execute("remove-symbol-file -a 0x%x" % here.phys, to_string=True)
    offset = (load_pa - layout.KERNEL_IMAGE_VBASE) & 0xffffffffffffffff
    gdb.execute("add-symbol-file %s -o 0x%x" % (_quote(here.elf), offset), to_string=True)
    here.phys = load_pa


def _image_head(elf: str) -> bytes:
    """The first bytes of the ELF's first loadable segment (the Image header
    and entry code): what the image in RAM starts with."""
    with open(elf, "rb") as f:
        data = f.read()
    if data[:4] != b"\x7fELF" or data[4] != 2:
        raise gdb.GdbError("%s is not a 64-bit ELF" % elf)
    phoff = int.from_bytes(data[32:40], "little")
    phentsize = int.from_bytes(data[54:56], "little")
    phnum = int.from_bytes(data[56:58], "little")
    for i in range(phnum):
        ph = data[phoff + i * phentsize: phoff + (i + 1) * phentsize]
        if int.from_bytes(ph[0:4], "little") == 1:          # PT_LOAD
            offset = int.from_bytes(ph[8:16], "little")
            return data[offset:offset + MATCH_BYTES]
    raise gdb.GdbError("%s has no loadable segment" % elf)


def _from_kernel():
    """Where the running kernel's page tables put the image: the physical
    address KERNEL_IMAGE_VBASE translates to through satp (every kernel
    table, bootstrap or final, maps it). None while translation is off."""
    try:
        if not kmem.translation_on() or kmem.priv() != 1:
            return None
        satp = pagewalk.parse_satp(kmem.reg("satp"))
        if satp.levels == 0:
            return None
        return pagewalk.translate(lambda pa: int.from_bytes(kmem.read_phys(pa, 8), "little"),
                                  satp.root, satp.levels, layout.KERNEL_IMAGE_VBASE)
    except (gdb.error, gdb.MemoryError):
        return None


def _scan_ram():
    """The first 2 MiB-aligned address holding the image's first bytes.
    Only meaningful while translation is off (virtual = physical)."""
    if kmem.translation_on():
        return None
    head = _image_head(_here().elf)
    for pa in range(SCAN_BASE, SCAN_BASE + SCAN_SPAN, layout.KERNEL_LOAD_ALIGN):
        try:
            if kmem.read_virt(pa, len(head)) == head:
                return pa
        except gdb.MemoryError:
            return None           # the end of RAM
    return None


def find_load_address(explicit=None):
    """(address, how it was found) in the order the module comment gives."""
    if explicit is not None:
        return explicit, "given"
    if os.environ.get("BASALT_LOAD_ADDR"):
        return int(os.environ["BASALT_LOAD_ADDR"], 0), "$BASALT_LOAD_ADDR"
    pa = _from_kernel()
    if pa is not None:
        return pa, "where the kernel's page tables map the image"
    pa = _scan_ram()
    if pa is not None:
        return pa, "found the image in RAM"
    return DEFAULT_LOAD_PA, "default: not found in RAM, check with 'basalt-symbols'"


def _on_stop(event) -> None:
    """Correct the physical copy once the kernel's tables show where it runs.
    (GDB may warn that a breakpoint location moved: the symbols changed
    while it reports the stop. Posting the reload for later would avoid
    that, but then a script's next command would still see the old copy.)"""
    if _here().phys is None:
        return
    pa = _from_kernel()
    if pa is not None and pa != _here().phys and pa % layout.KERNEL_LOAD_ALIGN == 0:
        load_physical_copy(pa)
        gdb.write("basalt: the kernel runs from 0x%x: physical symbols moved there\n" % pa)


def install_stop_hook() -> None:
    gdb.events.stop.connect(_on_stop)


def _quote(path: str) -> str:
    return '"%s"' % path.replace("\\", "\\\\").replace('"', '\\"')
