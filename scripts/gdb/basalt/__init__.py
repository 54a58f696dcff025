"""Basalt's GDB helpers (loaded by scripts/gdb/basalt.gdb).

Modules: kmem (registers, virtual/physical memory, kernel variables), ksyms
(kernel symbols at link and load address), user_symbols (the user-program
hook), command (the helper base class), and one cmd_*.py per command, all
imported here. Pure modules without gdb (pagewalk, fdt, text, layout) are
also tested on the host (tests/gdb/suite_gdb_units.py). docs/debugging.md
says how to add a command.
"""
import glob
import importlib
import os

from . import ksyms


def _load_commands() -> None:
    here = os.path.dirname(os.path.abspath(__file__))
    for path in sorted(glob.glob(os.path.join(here, "cmd_*.py"))):
        module = importlib.import_module("." + os.path.basename(path)[:-3], __name__)
        for obj in vars(module).values():
            if isinstance(obj, type) and obj.__module__ == module.__name__ and \
                    getattr(obj, "name", None):
                obj()


def setup() -> None:
    """Register the commands, load the kernel's symbols at the link
    address (when the ELF exists) and watch stops for the load address."""
    _load_commands()
    ksyms.install_stop_hook()
    try:
        elf, _ = ksyms.load_kernel()
        print("basalt: kernel symbols from %s; basalt-help lists the helpers" % elf)
    except Exception as e:       # no ELF yet: the commands still work later
        print("basalt: %s" % e)
