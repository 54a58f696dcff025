"""The kernel's fixed virtual layout, as kernel/arch/riscv/layout.h defines it.

Only the constants that cannot be read from the ELF's symbols live here
(tests/gdb/suite_gdb_units.py checks them against layout.h). Everything that
depends on the board or the paging mode is read from the running kernel
(kernel_vm: mode, window base and limit).
"""

KERNEL_IMAGE_VBASE = 0xffffffff80000000    # the image's link address
KERNEL_DEVICE_VBASE = 0xffffffff00000000   # devices the kernel maps for itself
KERNEL_DEVICE_VSIZE = 0x80000000
KERNEL_LOAD_ALIGN = 0x200000               # load addresses are multiples of this
PAGE_SIZE = 4096

# Physical addresses the bootstrap tables (boot_map.c) map to themselves.
BOOT_IDENTITY_LIMIT = 256 << 30
