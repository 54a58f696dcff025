"""basalt-user-symbols: load user programs' ELFs at their link addresses."""
import gdb

from . import user_symbols
from .command import BasaltCommand


class UserSymbolsCommand(BasaltCommand):
    """Load user programs' symbols (build/user/*.elf, $BASALT_USER_ELFS, arguments).

Usage: basalt-user-symbols [ELF...]
Adds each ELF with add-symbol-file at the addresses it was linked for:
every build/user/*.elf, the files in $BASALT_USER_ELFS (separated by
spaces or colons), then the ELFs given here. A file that changed since it
was loaded is reloaded. Nothing to load is not an error.
The hook lives in scripts/gdb/basalt/user_symbols.py."""
    name = "basalt-user-symbols"
    completer = gdb.COMPLETE_FILENAME

    def run(self, args, from_tty):
        for line in user_symbols.load_all(args):
            gdb.write("basalt: %s\n" % line)
