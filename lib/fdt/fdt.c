/*
 * FDT reader, part 1: opening a blob.
 *
 * Owns the trust boundary: fdt_peek_totalsize(), fdt_open() (header, block
 * layout, memory reservation block and one full walk of the structure
 * block), the token decoder every other walk reuses, the memory reservation
 * accessor and the status names. Once fdt_open() has said FDT_OK, the
 * invariants the rest of lib/fdt relies on hold: every block lies inside
 * totalsize, the structure block is a well-formed, balanced token stream
 * with one root and an END token, every name is NUL-terminated inside
 * its block, and every node but the root has a non-empty name without '/'
 * (so a node's path names it).
 */
#include "fdt/fdt.h"
#include "fdt/fdt_priv.h"

/* The ten header words, host order. */
typedef struct fdt_header {
	uint32_t magic;
	uint32_t totalsize;
	uint32_t off_struct;
	uint32_t off_strings;
	uint32_t off_rsvmap;
	uint32_t version;
	uint32_t last_comp;
	uint32_t boot_cpuid;
	uint32_t size_strings;
	uint32_t size_struct;   /* only meaningful from version 17 on */
} fdt_header_t;

/* Offsets become `int` node and property numbers: keep them positive. */
#define FDT_MAX_TOTALSIZE 0x7fffffffu

static void fdt_read_header(const uint8_t *b, fdt_header_t *h)
{
	h->magic = fdt_be32(b + 0);
	h->totalsize = fdt_be32(b + 4);
	h->off_struct = fdt_be32(b + 8);
	h->off_strings = fdt_be32(b + 12);
	h->off_rsvmap = fdt_be32(b + 16);
	h->version = fdt_be32(b + 20);
	h->last_comp = fdt_be32(b + 24);
	h->boot_cpuid = fdt_be32(b + 28);
	h->size_strings = fdt_be32(b + 32);
	h->size_struct = fdt_be32(b + 36);
}

static uint64_t fdt_align4(uint64_t x)
{
	return (x + 3) & ~(uint64_t)3;
}

uint32_t fdt_peek_totalsize(const void *buf, size_t bufsize)
{
	const uint8_t *b = buf;

	if (b == NULL || bufsize < FDT_HEADER_SIZE || fdt_be32(b) != FDT_MAGIC)
		return 0;
	return fdt_be32(b + 4);
}

/* ------------------------------------------------------------ tokens */

static fdt_tok_err_t fdt_decode_begin(const fdt_t *fdt, uint64_t off, fdt_token_t *t)
{
	const uint8_t *base = fdt_struct_base(fdt);
	uint64_t start = off + 4;
	uint64_t room = fdt->struct_size - start;
	size_t n = fdt_strnlen((const char *)base + start, (size_t)room);

	if (n == room)
		return FDT_TOK_NAME_UNTERMINATED;
	t->name = (const char *)base + start;
	t->next = fdt_align4(start + n + 1);
	return FDT_TOK_OK;
}

static fdt_tok_err_t fdt_decode_prop(const fdt_t *fdt, uint64_t off, fdt_token_t *t)
{
	const uint8_t *base = fdt_struct_base(fdt);
	const char *strs;
	uint32_t room;

	if (off + 12 > fdt->struct_size)
		return FDT_TOK_PROP_HEADER;
	t->len = fdt_be32(base + off + 4);
	t->nameoff = fdt_be32(base + off + 8);
	t->value_off = (uint32_t)(off + 12);
	if ((uint64_t)t->value_off + t->len > fdt->struct_size)
		return FDT_TOK_PROP_VALUE;
	if (t->nameoff >= fdt->strings_size)
		return FDT_TOK_NAMEOFF_RANGE;
	strs = (const char *)fdt->blob + fdt->strings_off + t->nameoff;
	room = fdt->strings_size - t->nameoff;
	if (fdt_strnlen(strs, room) == room)
		return FDT_TOK_NAMEOFF_UNTERM;
	t->name = strs;
	t->next = fdt_align4((uint64_t)t->value_off + t->len);
	return FDT_TOK_OK;
}

fdt_tok_err_t fdt_tok_decode(const fdt_t *fdt, uint64_t off, fdt_token_t *t)
{
	if (fdt == NULL || fdt->blob == NULL || t == NULL || (off & 3) != 0)
		return FDT_TOK_BAD_ARGS;
	/* fdt_t is plain data a caller may have edited: re-check that the
	 * blocks lie inside totalsize instead of trusting them blindly. */
	if ((uint64_t)fdt->struct_off + fdt->struct_size > fdt->totalsize ||
	    (uint64_t)fdt->strings_off + fdt->strings_size > fdt->totalsize)
		return FDT_TOK_BAD_ARGS;
	if (off + 4 > fdt->struct_size)
		return FDT_TOK_PAST_END;

	t->tag = fdt_be32(fdt_struct_base(fdt) + off);
	t->off = (uint32_t)off;
	t->next = off + 4;
	t->name = NULL;
	t->len = 0;
	t->nameoff = 0;
	t->value_off = 0;
	switch (t->tag) {
	case FDT_TOKEN_BEGIN_NODE:
		return fdt_decode_begin(fdt, off, t);
	case FDT_TOKEN_PROP:
		return fdt_decode_prop(fdt, off, t);
	case FDT_TOKEN_END_NODE:
	case FDT_TOKEN_NOP:
	case FDT_TOKEN_END:
		return FDT_TOK_OK;
	default:
		return FDT_TOK_UNKNOWN;
	}
}

/* ------------------------------------------------------------ header */

static fdt_status_t fdt_check_header(const fdt_header_t *h, size_t bufsize, diag_t *diag)
{
	if (h->magic != FDT_MAGIC) {
		diag_set(diag, "bad magic 0x%08x (expected 0x%08x)", h->magic, FDT_MAGIC);
		return FDT_ERR_BAD_MAGIC;
	}
	if (h->version < 16 || h->last_comp > 17) {
		diag_set(diag, "unsupported FDT version %u (last compatible version %u); "
			 "need version >= 16 and last_comp_version <= 17",
			 h->version, h->last_comp);
		return FDT_ERR_BAD_VERSION;
	}
	if (h->totalsize > bufsize) {
		diag_set(diag, "blob truncated: header says %u bytes, only %zu available",
			 h->totalsize, bufsize);
		return FDT_ERR_TRUNCATED;
	}
	if (h->totalsize < FDT_HEADER_SIZE || h->totalsize > FDT_MAX_TOTALSIZE) {
		diag_set(diag, "bad layout: totalsize %u is not between the %u-byte header and 0x%x",
			 h->totalsize, FDT_HEADER_SIZE, FDT_MAX_TOTALSIZE);
		return FDT_ERR_BAD_LAYOUT;
	}
	return FDT_OK;
}

/* ------------------------------------------------------------ layout */

/* Is the block [off, off + size) between the header and totalsize? 64-bit
 * sums, so a size like 0xfffffff0 cannot wrap around. */
static fdt_status_t fdt_check_block(const char *what, uint32_t off, uint32_t size,
				    uint32_t totalsize, diag_t *diag)
{
	if (off < FDT_HEADER_SIZE) {
		diag_set(diag, "bad layout: %s block offset %u overlaps the %u-byte header",
			 what, off, FDT_HEADER_SIZE);
		return FDT_ERR_BAD_LAYOUT;
	}
	if (off > totalsize) {
		diag_set(diag, "bad layout: %s block offset %u lies outside the blob (totalsize %u)",
			 what, off, totalsize);
		return FDT_ERR_BAD_LAYOUT;
	}
	if ((uint64_t)off + size > totalsize) {
		diag_set(diag, "bad layout: %s block at offset %u, size %u (0x%x), extends past totalsize %u",
			 what, off, size, size, totalsize);
		return FDT_ERR_BAD_LAYOUT;
	}
	return FDT_OK;
}

static bool fdt_ranges_overlap(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return alen != 0 && blen != 0 && a < b + blen && b < a + alen;
}

/* Version 16 headers have no size_dt_struct: the block runs to the next
 * block that starts after it, or to totalsize. The walk finds its real end. */
static uint32_t fdt_v16_struct_size(const fdt_header_t *h)
{
	uint32_t end = h->totalsize;

	if (h->off_strings > h->off_struct && h->off_strings < end)
		end = h->off_strings;
	if (h->off_rsvmap > h->off_struct && h->off_rsvmap < end)
		end = h->off_rsvmap;
	return end - h->off_struct;
}

static fdt_status_t fdt_check_layout(const fdt_header_t *h, fdt_t *f, diag_t *diag)
{
	fdt_status_t st;

	f->struct_off = h->off_struct;
	st = fdt_check_block("structure", h->off_struct, 0, h->totalsize, diag);
	if (st != FDT_OK)
		return st;
	f->struct_size = h->version >= 17 ? h->size_struct : fdt_v16_struct_size(h);
	st = fdt_check_block("structure", h->off_struct, f->struct_size, h->totalsize, diag);
	if (st != FDT_OK)
		return st;
	if ((h->off_struct & 3) != 0) {
		diag_set(diag, "bad layout: structure block offset %u is not 4-byte aligned",
			 h->off_struct);
		return FDT_ERR_BAD_LAYOUT;
	}

	f->strings_off = h->off_strings;
	f->strings_size = h->size_strings;
	st = fdt_check_block("strings", h->off_strings, h->size_strings, h->totalsize, diag);
	if (st != FDT_OK)
		return st;
	if (fdt_ranges_overlap(f->struct_off, f->struct_size, f->strings_off, f->strings_size)) {
		diag_set(diag, "bad layout: structure block [%u, +%u) and strings block [%u, +%u) overlap",
			 f->struct_off, f->struct_size, f->strings_off, f->strings_size);
		return FDT_ERR_BAD_LAYOUT;
	}
	return FDT_OK;
}

/* ------------------------------------------------------------ rsvmap */

static fdt_status_t fdt_check_rsvmap(const uint8_t *b, const fdt_header_t *h, fdt_t *f,
				     diag_t *diag)
{
	uint64_t off = h->off_rsvmap;
	uint64_t len;
	uint32_t count = 0;

	if (off < FDT_HEADER_SIZE || off > h->totalsize || (off & 7) != 0) {
		diag_set(diag, "bad layout: memory reservation block offset %u is not an 8-byte "
			 "aligned offset between the header and totalsize %u",
			 h->off_rsvmap, h->totalsize);
		return FDT_ERR_BAD_LAYOUT;
	}
	for (;;) {
		if (off + FDT_RSV_ENTRY > h->totalsize) {
			diag_set(diag, "memory reservation block at offset %u has no (0, 0) terminator "
				 "before totalsize %u (%u entries read)",
				 h->off_rsvmap, h->totalsize, count);
			return FDT_ERR_BAD_RSVMAP;
		}
		if (fdt_be64(b + off) == 0 && fdt_be64(b + off + 8) == 0)
			break;
		off += FDT_RSV_ENTRY;
		count++;
	}

	/* The terminator must come before the block runs into another one. */
	len = off + FDT_RSV_ENTRY - h->off_rsvmap;
	if (fdt_ranges_overlap(h->off_rsvmap, len, f->struct_off, f->struct_size) ||
	    fdt_ranges_overlap(h->off_rsvmap, len, f->strings_off, f->strings_size)) {
		diag_set(diag, "memory reservation block at offset %u (%u entries + terminator) runs "
			 "into the structure block at %u or the strings block at %u",
			 h->off_rsvmap, count, f->struct_off, f->strings_off);
		return FDT_ERR_BAD_RSVMAP;
	}
	f->rsvmap_off = h->off_rsvmap;
	f->memreserve_count = count;
	return FDT_OK;
}

bool fdt_memreserve(const fdt_t *fdt, uint32_t index, uint64_t *base, uint64_t *size)
{
	uint64_t off;

	if (fdt == NULL || fdt->blob == NULL || index >= fdt->memreserve_count)
		return false;
	off = (uint64_t)fdt->rsvmap_off + (uint64_t)index * FDT_RSV_ENTRY;
	if (off + FDT_RSV_ENTRY > fdt->totalsize)
		return false;
	if (base != NULL)
		*base = fdt_be64(fdt->blob + off);
	if (size != NULL)
		*size = fdt_be64(fdt->blob + off + 8);
	return true;
}

/* ------------------------------------------------------------ structure */

/* Turns a decoder failure met during the validation walk into a status and
 * a message naming the offset and the limit that was crossed. */
static fdt_status_t fdt_tok_failure(const fdt_t *f, const fdt_token_t *t, uint64_t off,
				    fdt_tok_err_t err, diag_t *diag)
{
	unsigned int o = (unsigned int)off;

	switch (err) {
	case FDT_TOK_PAST_END:
		diag_set(diag, "bad structure: no END token before the end of the structure block "
			 "(size %u) at offset 0x%x", f->struct_size, o);
		return FDT_ERR_BAD_STRUCTURE;
	case FDT_TOK_UNKNOWN:
		diag_set(diag, "bad structure: unknown token 0x%08x at struct offset 0x%x",
			 t->tag, o);
		return FDT_ERR_BAD_STRUCTURE;
	case FDT_TOK_NAME_UNTERMINATED:
		diag_set(diag, "bad structure: node name at struct offset 0x%x is not NUL-terminated "
			 "inside the structure block (size %u)", o, f->struct_size);
		return FDT_ERR_BAD_STRUCTURE;
	case FDT_TOK_PROP_HEADER:
		diag_set(diag, "bad structure: property header at struct offset 0x%x runs past the "
			 "structure block end (size %u)", o, f->struct_size);
		return FDT_ERR_BAD_STRUCTURE;
	case FDT_TOK_PROP_VALUE:
		diag_set(diag, "bad structure: property at struct offset 0x%x has a %u-byte value "
			 "running past the structure block end (size %u)", o, t->len, f->struct_size);
		return FDT_ERR_BAD_STRUCTURE;
	case FDT_TOK_NAMEOFF_RANGE:
		diag_set(diag, "bad string: property at struct offset 0x%x has name offset 0x%x "
			 "outside the strings block (size %u)", o, t->nameoff, f->strings_size);
		return FDT_ERR_BAD_STRING;
	case FDT_TOK_NAMEOFF_UNTERM:
		diag_set(diag, "bad string: property at struct offset 0x%x has a name at strings "
			 "offset 0x%x not NUL-terminated inside the strings block (size %u)",
			 o, t->nameoff, f->strings_size);
		return FDT_ERR_BAD_STRING;
	default:
		diag_set(diag, "bad structure: cannot decode token at struct offset 0x%x", o);
		return FDT_ERR_BAD_STRUCTURE;
	}
}

/* State of the validation walk. `open` counts the nodes begun and not yet
 * ended; `had_child` says the innermost open node already has a subnode,
 * after which the DT spec allows no more properties in it. */
typedef struct fdt_walk_state {
	uint32_t open;
	bool root_seen;
	bool had_child;
} fdt_walk_state_t;

/* A non-empty name without '/' (the decoder found its terminator). */
static bool fdt_name_is_component(const char *name)
{
	size_t i;

	for (i = 0; name[i] != '\0'; i++)
		if (name[i] == '/')
			return false;
	return i > 0;
}

static fdt_status_t fdt_check_begin(fdt_walk_state_t *w, const fdt_token_t *t, diag_t *diag)
{
	if (w->open == 0 && t->name[0] != '\0') {
		diag_set(diag, "bad structure: root node at struct offset 0x%x has a non-empty name",
			 t->off);
		return FDT_ERR_BAD_STRUCTURE;
	}
	/* Every other node needs a name that is one path component: an empty
	 * name would give it its parent's path ("/" for a child of the root)
	 * and a '/' in it would read as two components, so fdt_get_path()
	 * would name another node, or none, and a stdout-path could never
	 * reach it. The DT spec forbids both (node names are 1 to 31
	 * characters, no '/'); libfdt does not check, and no real blob has
	 * them. The character set and length are not enforced: harmless. */
	if (w->open > 0 && !fdt_name_is_component(t->name)) {
		diag_set(diag, "bad structure: node at struct offset 0x%x has %s", t->off,
			 t->name[0] == '\0' ? "an empty name" : "a '/' in its name");
		return FDT_ERR_BAD_STRUCTURE;
	}
	if (w->open > FDT_MAX_DEPTH) {
		diag_set(diag, "node at struct offset 0x%x is too deep: depth %u exceeds the limit %u",
			 t->off, w->open, (unsigned int)FDT_MAX_DEPTH);
		return FDT_ERR_TOO_DEEP;
	}
	w->root_seen = true;
	w->open++;
	w->had_child = false;
	return FDT_OK;
}

static fdt_status_t fdt_check_token(fdt_walk_state_t *w, const fdt_token_t *t, diag_t *diag)
{
	/* Once the root has ended only END may follow (not even a NOP: libfdt
	 * and dtc refuse that too). */
	if (w->root_seen && w->open == 0) {
		if (t->tag == FDT_TOKEN_BEGIN_NODE)
			diag_set(diag, "bad structure: second root node at struct offset 0x%x", t->off);
		else
			diag_set(diag, "bad structure: token 0x%x at struct offset 0x%x after the root "
				 "node ended (expected END)", t->tag, t->off);
		return FDT_ERR_BAD_STRUCTURE;
	}
	switch (t->tag) {
	case FDT_TOKEN_BEGIN_NODE:
		return fdt_check_begin(w, t, diag);
	case FDT_TOKEN_END_NODE:
		/* open > 0: before the root nothing comes, after it only END */
		w->open--;
		w->had_child = true;   /* back in the parent, which had this child */
		return FDT_OK;
	case FDT_TOKEN_PROP:
		/* open > 0 here: offset 0 is the root's BEGIN_NODE */
		if (w->had_child) {
			diag_set(diag, "bad structure: property at struct offset 0x%x comes after a "
				 "subnode", t->off);
			return FDT_ERR_BAD_STRUCTURE;
		}
		return FDT_OK;
	default:   /* NOP; END is handled by the caller */
		return FDT_OK;
	}
}

/* Walks the whole structure block once; on success *end is the offset just
 * past the END token. */
static fdt_status_t fdt_check_structure(const fdt_t *f, uint64_t *end, diag_t *diag)
{
	fdt_walk_state_t w = { 0, false, false };
	fdt_token_t t;
	uint64_t off = 0;
	fdt_tok_err_t err;
	fdt_status_t st;

	for (;;) {
		err = fdt_tok_decode(f, off, &t);
		if (err != FDT_TOK_OK)
			return fdt_tok_failure(f, &t, off, err, diag);
		/* Node 0 is the root, as libfdt and fdt_root() assume. */
		if (off == 0 && t.tag != FDT_TOKEN_BEGIN_NODE) {
			diag_set(diag, "bad structure: the structure block starts with token 0x%x, "
				 "not the root node's BEGIN_NODE", t.tag);
			return FDT_ERR_BAD_STRUCTURE;
		}
		if (t.tag == FDT_TOKEN_END)
			break;
		st = fdt_check_token(&w, &t, diag);
		if (st != FDT_OK)
			return st;
		off = t.next;
	}
	if (w.open != 0 || !w.root_seen) {
		diag_set(diag, "bad structure: END token at struct offset 0x%x with %u node(s) still "
			 "open%s", t.off, w.open, w.root_seen ? "" : " and no root node");
		return FDT_ERR_BAD_STRUCTURE;
	}
	*end = t.next;
	return FDT_OK;
}

/* ------------------------------------------------------------ open */

static fdt_status_t fdt_validate(fdt_t *f, const uint8_t *b, size_t bufsize, diag_t *diag)
{
	fdt_header_t h;
	fdt_status_t st;
	uint64_t end;

	if (b == NULL || bufsize < FDT_HEADER_SIZE) {
		diag_set(diag, "blob truncated: %zu bytes available, the FDT header alone needs %u",
			 b == NULL ? (size_t)0 : bufsize, FDT_HEADER_SIZE);
		return FDT_ERR_TRUNCATED;
	}
	fdt_read_header(b, &h);
	st = fdt_check_header(&h, bufsize, diag);
	if (st == FDT_OK)
		st = fdt_check_layout(&h, f, diag);
	if (st == FDT_OK)
		st = fdt_check_rsvmap(b, &h, f, diag);
	if (st != FDT_OK)
		return st;

	f->blob = b;
	f->totalsize = h.totalsize;
	f->version = h.version;
	f->boot_cpuid = h.boot_cpuid;
	st = fdt_check_structure(f, &end, diag);
	if (st != FDT_OK)
		return st;
	/* A v16 block was only bounded by its neighbours; now it is known. */
	if (h.version < 17)
		f->struct_size = (uint32_t)end;
	return FDT_OK;
}

static void fdt_clear(fdt_t *f)
{
	f->blob = NULL;
	f->totalsize = 0;
	f->struct_off = 0;
	f->struct_size = 0;
	f->strings_off = 0;
	f->strings_size = 0;
	f->rsvmap_off = 0;
	f->version = 0;
	f->boot_cpuid = 0;
	f->memreserve_count = 0;
}

fdt_status_t fdt_open(fdt_t *out, const void *buf, size_t bufsize, diag_t *diag)
{
	fdt_t f;
	fdt_status_t st;

	fdt_clear(&f);
	st = fdt_validate(&f, buf, bufsize, diag);
	if (st != FDT_OK)
		fdt_clear(&f);   /* a refused blob leaves nothing usable behind */
	if (out != NULL)
		*out = f;
	return st;
}

void fdt_rebase(fdt_t *fdt, const void *new_base)
{
	if (fdt != NULL)
		fdt->blob = new_base;
}

const char *fdt_status_name(fdt_status_t status)
{
	switch (status) {
	case FDT_OK:                return "ok";
	case FDT_ERR_TRUNCATED:     return "truncated";
	case FDT_ERR_BAD_MAGIC:     return "bad magic";
	case FDT_ERR_BAD_VERSION:   return "bad version";
	case FDT_ERR_BAD_LAYOUT:    return "bad layout";
	case FDT_ERR_BAD_RSVMAP:    return "bad memory reservation block";
	case FDT_ERR_BAD_STRUCTURE: return "bad structure";
	case FDT_ERR_BAD_STRING:    return "bad string";
	case FDT_ERR_TOO_DEEP:      return "too deep";
	}
	return "unknown";
}
