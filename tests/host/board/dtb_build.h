/*
 * A tiny flattened-device-tree writer for synthetic test boards.
 *
 * The shared corpus has no board with non-identity `ranges`, PCI buses,
 * dynamic reservations or full tables, so the tests build such blobs here,
 * node by node, in the DTB v17 format (header, memory reservation block,
 * structure block, strings block). It checks nothing: it is only as good
 * as the calls made to it, and lib/fdt validates the result on open.
 */
#ifndef BASALT_TEST_DTB_BUILD_H
#define BASALT_TEST_DTB_BUILD_H

#include <stddef.h>
#include <stdint.h>

#define TDTB_STRUCT_MAX  (128 * 1024)
#define TDTB_STRINGS_MAX 4096
#define TDTB_RSV_MAX     128

typedef struct tdtb {
	uint8_t st[TDTB_STRUCT_MAX];
	uint32_t st_len;
	char strs[TDTB_STRINGS_MAX];
	uint32_t strs_len;
	uint64_t rsv[TDTB_RSV_MAX][2];
	uint32_t rsv_count;
	uint32_t boot_cpuid;
	uint8_t blob[40 + 16 * (TDTB_RSV_MAX + 1) + TDTB_STRUCT_MAX + TDTB_STRINGS_MAX];
} tdtb_t;

/* Starts a blob; the root node is opened (close it before tdtb_finish). */
void tdtb_init(tdtb_t *t);
void tdtb_memreserve(tdtb_t *t, uint64_t base, uint64_t size);
void tdtb_begin(tdtb_t *t, const char *name);
void tdtb_end(tdtb_t *t);
void tdtb_prop(tdtb_t *t, const char *name, const void *data, uint32_t len);
void tdtb_prop_empty(tdtb_t *t, const char *name);
void tdtb_prop_str(tdtb_t *t, const char *name, const char *s);
/* `n` 32-bit cells (unsigned arguments). */
void tdtb_prop_cells(tdtb_t *t, const char *name, unsigned n, ...);
/* Closes the root and lays the blob out; returns it and its size. */
const void *tdtb_finish(tdtb_t *t, size_t *size);

#endif
