"""The allocated sections of an ELF64 file (name, address, size), read with
the standard library only: basalt-vspace names user mappings by the
program sections they hold. Pure Python (no gdb import)."""
import struct
from typing import List, Tuple

SHF_ALLOC = 0x2


def alloc_sections(path: str) -> List[Tuple[str, int, int]]:
    """[(name, address, size)] of every SHF_ALLOC section with a size, in
    address order; [] for a file that is not a little-endian ELF64."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        return []
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3a)
    if shoff == 0 or shentsize < 64 or shoff + shnum * shentsize > len(data):
        return []
    headers = [struct.unpack_from("<IIQQQQ", data, shoff + i * shentsize) for i in range(shnum)]
    strtab = headers[shstrndx][4] if shstrndx < shnum else 0
    out = []
    for name, _type, flags, addr, _offset, size in headers:
        if flags & SHF_ALLOC and size:
            end = data.find(b"\0", strtab + name)
            out.append((data[strtab + name:end].decode("latin-1"), addr, size))
    return sorted(out, key=lambda s: s[1])
