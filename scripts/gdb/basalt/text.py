"""Formatting shared by the helper commands: the same shapes as the kernel's
boot log (docs/boot-console.md), so GDB output and console output can be
compared line by line. Pure Python (no gdb import)."""

_UNITS = ((1 << 40, "TiB"), (1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB"))


def size(n: int) -> str:
    """A byte count as the kernel's printk_size() writes it: the largest
    unit that divides it exactly ("1 GiB", "216 KiB"), else "N B"."""
    for unit, name in _UNITS:
        if n >= unit and n % unit == 0:
            return "%d %s" % (n // unit, name)
    return "%d B" % n


def hex64(n: int) -> str:
    return "0x%016x" % (n & 0xffffffffffffffff)


def span(base: int, end: int) -> str:
    """A half-open range "[0x..., 0x...)" with 16 hex digits each."""
    return "[%s, %s)" % (hex64(base), hex64(end))
