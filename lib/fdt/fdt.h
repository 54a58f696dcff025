/*
 * Bounds-checked reader for flattened device trees (FDT, DTB v16/v17).
 *
 * The kernel is freestanding and Debian ships no riscv64 libfdt, so Basalt
 * carries its own reader. It is shared by the kernel (at boot) and by host
 * tools (dtinfo, unit tests), where libfdt serves as the oracle.
 *
 * Trust model: the blob comes from firmware and may be malformed. fdt_open()
 * validates the header and walks the whole structure block once, checking
 * every token, name, property length and string offset against the declared
 * sizes, and that every node but the root has a name that is one path
 * component (not empty, no '/'). After a successful open, every accessor
 * below still checks its arguments (node and property offsets come from
 * callers) and never reads outside [blob, blob + totalsize).
 *
 * Nodes and properties are named by their byte offset inside the structure
 * block (like libfdt, but relative to off_dt_struct). A negative value means
 * "none". Nothing here allocates or keeps global state.
 */
#ifndef BASALT_LIB_FDT_H
#define BASALT_LIB_FDT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/diag.h"

/* Deepest node nesting accepted (root is depth 0). Deeper blobs are rejected. */
#define FDT_MAX_DEPTH 64

/* Why fdt_open() refused a blob. The diag message says it in words. */
typedef enum fdt_status {
	FDT_OK = 0,
	FDT_ERR_TRUNCATED,        /* buffer shorter than the header or than totalsize */
	FDT_ERR_BAD_MAGIC,        /* magic is not 0xd00dfeed */
	FDT_ERR_BAD_VERSION,      /* version < 16 or last_comp_version > 17 */
	FDT_ERR_BAD_LAYOUT,       /* a block offset/size lies outside totalsize, is misaligned or overlaps */
	FDT_ERR_BAD_RSVMAP,       /* memory reservation block not terminated inside the blob */
	FDT_ERR_BAD_STRUCTURE,    /* bad token, unterminated, empty or '/'-holding name, property past block end, unbalanced nodes */
	FDT_ERR_BAD_STRING,       /* property name offset outside the strings block or unterminated */
	FDT_ERR_TOO_DEEP,         /* nesting deeper than FDT_MAX_DEPTH */
} fdt_status_t;

/* An opened, validated blob. Plain data: copy it freely. */
typedef struct fdt {
	const uint8_t *blob;      /* start of the header; may be re-pointed with fdt_rebase() */
	uint32_t totalsize;
	uint32_t struct_off, struct_size;
	uint32_t strings_off, strings_size;
	uint32_t rsvmap_off;
	uint32_t version;
	uint32_t boot_cpuid;
	uint32_t memreserve_count;
} fdt_t;

/* A property value: `len` bytes at `data`, inside the blob. */
typedef struct fdt_prop {
	const uint8_t *data;
	uint32_t len;
} fdt_prop_t;

/* Read the 40-byte header's totalsize without validating anything else;
 * returns 0 when `bufsize` is too small or the magic is wrong. Lets a
 * caller map or copy exactly the blob before opening it. */
uint32_t fdt_peek_totalsize(const void *buf, size_t bufsize);

/*
 * Validate `buf` (at most `bufsize` readable bytes) and fill `out`.
 * On failure returns the reason and, when `diag` is not NULL, writes a
 * one-line message naming what is wrong (offsets and sizes included).
 */
fdt_status_t fdt_open(fdt_t *out, const void *buf, size_t bufsize, diag_t *diag);

/* The same validated blob now lives at `new_base` (e.g. after the kernel's
 * address space changed). Offsets stay valid. */
void fdt_rebase(fdt_t *fdt, const void *new_base);

/* ---- memory reservation block (/memreserve/) ---- */
bool fdt_memreserve(const fdt_t *fdt, uint32_t index, uint64_t *base, uint64_t *size);

/* ---- node navigation ---- */
int fdt_root(const fdt_t *fdt);                                /* always 0 for a valid blob (fdt_open requires it) */
int fdt_first_child(const fdt_t *fdt, int node);               /* -1 when none */
int fdt_next_sibling(const fdt_t *fdt, int node);              /* -1 when none */
int fdt_parent(const fdt_t *fdt, int node);                    /* -1 for the root; O(size) */

/* The node after `node` in depth-first document order (its first child,
 * else its next sibling, else the next sibling of the nearest ancestor
 * that has one); -1 at the end. When `depth` is not NULL, *depth is
 * adjusted by the change in nesting (+1 into a child, 0 to a sibling,
 * negative back up), so a walk from fdt_root() with depth = 0 visits every
 * node with its depth. Named so as not to clash with libfdt's fdt_next_node. */
int fdt_walk_next(const fdt_t *fdt, int node, int *depth);
int fdt_depth(const fdt_t *fdt, int node);                     /* root = 0; -1 if not a node */
const char *fdt_node_name(const fdt_t *fdt, int node);         /* "name@unit"; "" for root; NULL if not a node */

/* Absolute path ("/soc/serial@10000000"), or an alias name when the path
 * does not start with '/' (resolved through /aliases; later components
 * resolve below it: "serial0/foo"). A unit-address-less component matches
 * the first node whose name before '@' is equal, as in libfdt. At most
 * `len` bytes of `path` are used (the string need not be NUL-terminated;
 * a NUL before `len` ends the path). Alias values must be absolute. */
int fdt_path_offset(const fdt_t *fdt, const char *path, size_t len);

/* Writes the node's absolute path into buf; false if it does not fit. */
bool fdt_get_path(const fdt_t *fdt, int node, char *buf, size_t bufsize);

/* Node whose "phandle" (or legacy "linux,phandle") equals `phandle`; -1 if none. */
int fdt_node_by_phandle(const fdt_t *fdt, uint32_t phandle);

/* ---- properties ---- */
bool fdt_get_prop(const fdt_t *fdt, int node, const char *name, fdt_prop_t *out);

/* Iterate a node's properties: first/next return a property offset or -1. */
int fdt_first_prop(const fdt_t *fdt, int node);
int fdt_next_prop(const fdt_t *fdt, int prop);
bool fdt_prop_at(const fdt_t *fdt, int prop, const char **name, fdt_prop_t *out);

/* ---- value helpers (all bounds-checked against the property length) ---- */

/* Big-endian 32-bit cell number `index`. */
bool fdt_prop_u32(const fdt_prop_t *prop, uint32_t index, uint32_t *out);

/* A number made of `cells` (0, 1 or 2) big-endian cells starting at cell
 * number `first_cell`. Zero cells read as 0. */
bool fdt_prop_cells(const fdt_prop_t *prop, uint32_t first_cell, uint32_t cells, uint64_t *out);

/* The property is one NUL-terminated string (the terminator inside len):
 * its only NUL is its last byte, so a string list is refused (use
 * fdt_prop_string_at(p, 0) for the first string of a list). */
bool fdt_prop_string(const fdt_prop_t *prop, const char **out);

/* The property is a string list containing `s` exactly. As in libfdt,
 * the complete strings before an unterminated tail still count. */
bool fdt_prop_has_string(const fdt_prop_t *prop, const char *s);

/* String number `index` of a string list; NULL past the end or if that
 * string (or one before it) is not terminated inside len. */
const char *fdt_prop_string_at(const fdt_prop_t *prop, uint32_t index);

/* Shorthands on nodes. */
bool fdt_node_is_compatible(const fdt_t *fdt, int node, const char *compatible);
/* The property exists and is exactly 4 bytes. */
bool fdt_node_u32(const fdt_t *fdt, int node, const char *name, uint32_t *out);

/* "status" absent, "okay" or "ok" (the DT spec's enabled values; the
 * first string of the value is compared). False when `node` is not a node. */
bool fdt_node_is_enabled(const fdt_t *fdt, int node);

/* #address-cells / #size-cells that *children* of `node` use (DT spec
 * defaults 2 and 1 when absent or not exactly 4 bytes). The value is
 * returned as found: callers range-check it (fdt_prop_cells takes 0..2). */
uint32_t fdt_address_cells(const fdt_t *fdt, int node);
uint32_t fdt_size_cells(const fdt_t *fdt, int node);

const char *fdt_status_name(fdt_status_t status);

#endif
