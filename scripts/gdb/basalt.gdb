# Basalt's GDB init file. `make gdb` runs
#   gdb-multiarch -x scripts/gdb/basalt.gdb -ex 'basalt-attach 127.0.0.1:PORT'
# from the project root (or with $BASALT_ROOT pointing at it).
#
# It sets GDB up for a bare-metal RV64 kernel, loads the Python helpers in
# scripts/gdb/basalt/ and the kernel's symbols (build/basalt.elf, or
# $BASALT_BUILD/basalt.elf, or $BASALT_ELF). basalt-attach then connects to
# QEMU and adds the symbols for early boot and for user programs;
# basalt-help lists every helper. docs/debugging.md is the manual.

set confirm off
set pagination off
set architecture riscv:rv64
# The stub is QEMU's: no shared libraries or threads library to look for.
set auto-solib-add off
# Print unsigned 64-bit addresses in full, pointers with symbols.
set print symbol on

python
import os, sys
_basalt_dir = os.path.join(os.environ.get("BASALT_ROOT") or os.getcwd(), "scripts", "gdb")
if _basalt_dir not in sys.path:
    sys.path.insert(0, _basalt_dir)
import basalt
basalt.setup()
end
