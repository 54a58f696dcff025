/*
 * The oracle: libfdt, seen through functions named orc_* that take and
 * return only plain C types. The rest of the test includes lib/fdt's
 * fdt.h, whose names collide with libfdt.h, so only fdt_oracle.c ever
 * includes libfdt.h. Negative libfdt error codes are passed through.
 */
#ifndef BASALT_TEST_FDT_ORACLE_H
#define BASALT_TEST_FDT_ORACLE_H

#include <stddef.h>
#include <stdint.h>

typedef struct orc_header {
	uint32_t magic, totalsize, off_dt_struct, off_dt_strings, off_mem_rsvmap;
	uint32_t version, last_comp_version, boot_cpuid_phys;
	uint32_t size_dt_strings, size_dt_struct;
} orc_header_t;

void orc_header(const void *blob, orc_header_t *h);
int orc_check_full(const void *blob, size_t bufsize);
const char *orc_strerror(int err);

int orc_num_mem_rsv(const void *blob);
int orc_get_mem_rsv(const void *blob, int n, uint64_t *address, uint64_t *size);

int orc_next_node(const void *blob, int node, int *depth);
int orc_first_subnode(const void *blob, int node);
int orc_next_subnode(const void *blob, int node);
const char *orc_get_name(const void *blob, int node);
int orc_parent(const void *blob, int node);
int orc_depth(const void *blob, int node);
int orc_get_path(const void *blob, int node, char *buf, int buflen);
int orc_path_offset(const void *blob, const char *path);
int orc_path_offset_namelen(const void *blob, const char *path, int len);

int orc_first_prop(const void *blob, int node);
int orc_next_prop(const void *blob, int prop);
const void *orc_prop_by_offset(const void *blob, int prop, const char **name, int *len);
const void *orc_getprop(const void *blob, int node, const char *name, int *len);

int orc_address_cells(const void *blob, int node);
int orc_size_cells(const void *blob, int node);
uint32_t orc_get_phandle(const void *blob, int node);
int orc_node_by_phandle(const void *blob, uint32_t phandle);
int orc_node_check_compatible(const void *blob, int node, const char *compatible);
int orc_stringlist_count(const void *blob, int node, const char *prop);
const char *orc_stringlist_get(const void *blob, int node, const char *prop, int index);
int orc_stringlist_contains(const char *list, int len, const char *s);

#endif
