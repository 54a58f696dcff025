"""basalt-symbols: (re)load every symbol Basalt's debugging needs."""
import gdb

from . import ksyms
from . import layout
from . import user_symbols
from .command import BasaltCommand, parse_int


def load_everything(load_pa=None) -> None:
    """Kernel at its link address, its physical copy, user programs; prints
    what was loaded and from where."""
    elf, reloaded = ksyms.load_kernel()
    if reloaded:
        user_symbols.forget()
    pa, how = ksyms.find_load_address(load_pa)
    ksyms.load_physical_copy(pa)
    gdb.write("basalt: kernel symbols from %s\n" % elf)
    gdb.write("basalt:   at 0x%x (link address, used once paging is on)\n" % layout.KERNEL_IMAGE_VBASE)
    gdb.write("basalt:   at 0x%x (physical load address, for early boot: %s)\n" % (pa, how))
    for line in user_symbols.load_all():
        gdb.write("basalt: %s\n" % line)


class SymbolsCommand(BasaltCommand):
    """Load the kernel's symbols at its link and load addresses, and user programs'.

Usage: basalt-symbols [LOAD_ADDRESS]
Loads build/basalt.elf ($BASALT_ELF) at its link address 0xffffffff80000000
and a second time at the physical address the firmware loaded the image to,
so that breakpoints by name work before the MMU is on as well as after it.
Without LOAD_ADDRESS it is found as docs/debugging.md explains: the
running kernel's page tables (where they map the image), else the image
found in RAM, else 0x80200000.
Then loads the user programs' ELFs (see basalt-user-symbols).
Run it again after rebuilding the kernel."""
    name = "basalt-symbols"

    def run(self, args, from_tty):
        if len(args) > 1:
            raise gdb.GdbError("usage: basalt-symbols [LOAD_ADDRESS]")
        load_everything(parse_int(args[0], "load address") if args else None)
