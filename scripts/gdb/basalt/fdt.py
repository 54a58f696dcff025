"""Just enough of a flattened device tree reader to turn a node offset (what
the kernel stores, e.g. in a reserved range's .node) into the node's path,
the way lib/fdt's fdt_get_path() does. Pure Python over the blob's bytes.

Layout: a 40-byte big-endian header (magic 0xd00dfeed, totalsize,
off_dt_struct, ...), then the structure block: 4-byte tokens BEGIN_NODE (1,
followed by the NUL-terminated name, padded to 4), END_NODE (2), PROP (3,
followed by length, name offset and the value padded to 4), NOP (4), END
(9). A node offset counts from the start of the structure block.
"""
import struct
from typing import Optional

FDT_MAGIC = 0xd00dfeed
BEGIN_NODE, END_NODE, PROP, NOP, END = 1, 2, 3, 4, 9


def totalsize(header: bytes) -> Optional[int]:
    """The blob's size from its first 8 bytes, or None without the magic."""
    if len(header) < 8:
        return None
    magic, size = struct.unpack_from(">II", header, 0)
    return size if magic == FDT_MAGIC else None


def node_path(blob: bytes, node: int) -> Optional[str]:
    """The path of the node whose BEGIN_NODE token is at `node` (an offset
    into the structure block), or None if no node starts there."""
    if totalsize(blob) is None or len(blob) < 40:
        return None
    # Header words: off_dt_struct at byte 8, size_dt_struct at byte 36 (v17).
    off_struct = struct.unpack_from(">I", blob, 8)[0]
    size_struct = struct.unpack_from(">I", blob, 36)[0]
    version = struct.unpack_from(">I", blob, 20)[0]
    end = min(len(blob), off_struct + size_struct) if version >= 17 else len(blob)
    pos = off_struct
    names = []
    while pos + 4 <= end:
        token = struct.unpack_from(">I", blob, pos)[0]
        here = pos - off_struct
        pos += 4
        if token == BEGIN_NODE:
            nul = blob.find(b"\0", pos, end)
            if nul < 0:
                return None
            names.append(blob[pos:nul].decode("utf-8", "replace"))
            pos = (nul + 1 + 3) & ~3
            if here == node:
                return "/" + "/".join(names[1:])
        elif token == END_NODE:
            if not names:
                return None
            names.pop()
        elif token == PROP:
            if pos + 8 > end:
                return None
            length = struct.unpack_from(">I", blob, pos)[0]
            pos = (pos + 8 + length + 3) & ~3
        elif token == NOP:
            continue
        else:
            return None
    return None
