/*
 * The oracle's implementation: thin wrappers over libfdt (see
 * fdt_oracle.h). The #defines route every libfdt call to the oracle_*
 * names that test.mk gave libfdt.a's symbols; a call to a function missing
 * from this list fails to link instead of silently reaching lib/fdt.
 */
#define fdt_check_full                oracle_fdt_check_full
#define fdt_strerror                  oracle_fdt_strerror
#define fdt_num_mem_rsv               oracle_fdt_num_mem_rsv
#define fdt_get_mem_rsv               oracle_fdt_get_mem_rsv
#define fdt_next_node                 oracle_fdt_next_node
#define fdt_first_subnode             oracle_fdt_first_subnode
#define fdt_next_subnode              oracle_fdt_next_subnode
#define fdt_get_name                  oracle_fdt_get_name
#define fdt_parent_offset             oracle_fdt_parent_offset
#define fdt_node_depth                oracle_fdt_node_depth
#define fdt_get_path                  oracle_fdt_get_path
#define fdt_path_offset               oracle_fdt_path_offset
#define fdt_path_offset_namelen       oracle_fdt_path_offset_namelen
#define fdt_first_property_offset     oracle_fdt_first_property_offset
#define fdt_next_property_offset      oracle_fdt_next_property_offset
#define fdt_getprop_by_offset         oracle_fdt_getprop_by_offset
#define fdt_getprop                   oracle_fdt_getprop
#define fdt_address_cells             oracle_fdt_address_cells
#define fdt_size_cells                oracle_fdt_size_cells
#define fdt_get_phandle               oracle_fdt_get_phandle
#define fdt_node_offset_by_phandle    oracle_fdt_node_offset_by_phandle
#define fdt_node_check_compatible     oracle_fdt_node_check_compatible
#define fdt_stringlist_count          oracle_fdt_stringlist_count
#define fdt_stringlist_get            oracle_fdt_stringlist_get
#define fdt_stringlist_contains       oracle_fdt_stringlist_contains

#include <libfdt.h>

#include "fdt_oracle.h"

void orc_header(const void *blob, orc_header_t *h)
{
	h->magic = fdt_magic(blob);
	h->totalsize = fdt_totalsize(blob);
	h->off_dt_struct = fdt_off_dt_struct(blob);
	h->off_dt_strings = fdt_off_dt_strings(blob);
	h->off_mem_rsvmap = fdt_off_mem_rsvmap(blob);
	h->version = fdt_version(blob);
	h->last_comp_version = fdt_last_comp_version(blob);
	h->boot_cpuid_phys = fdt_boot_cpuid_phys(blob);
	h->size_dt_strings = fdt_size_dt_strings(blob);
	h->size_dt_struct = fdt_size_dt_struct(blob);
}

int orc_check_full(const void *blob, size_t bufsize) { return fdt_check_full(blob, bufsize); }
const char *orc_strerror(int err) { return fdt_strerror(err); }
int orc_num_mem_rsv(const void *blob) { return fdt_num_mem_rsv(blob); }

int orc_get_mem_rsv(const void *blob, int n, uint64_t *address, uint64_t *size)
{
	return fdt_get_mem_rsv(blob, n, address, size);
}

int orc_next_node(const void *blob, int node, int *depth) { return fdt_next_node(blob, node, depth); }
int orc_first_subnode(const void *blob, int node) { return fdt_first_subnode(blob, node); }
int orc_next_subnode(const void *blob, int node) { return fdt_next_subnode(blob, node); }
const char *orc_get_name(const void *blob, int node) { return fdt_get_name(blob, node, NULL); }
int orc_parent(const void *blob, int node) { return fdt_parent_offset(blob, node); }
int orc_depth(const void *blob, int node) { return fdt_node_depth(blob, node); }

int orc_get_path(const void *blob, int node, char *buf, int buflen)
{
	return fdt_get_path(blob, node, buf, buflen);
}

int orc_path_offset(const void *blob, const char *path) { return fdt_path_offset(blob, path); }

int orc_path_offset_namelen(const void *blob, const char *path, int len)
{
	return fdt_path_offset_namelen(blob, path, len);
}

int orc_first_prop(const void *blob, int node) { return fdt_first_property_offset(blob, node); }
int orc_next_prop(const void *blob, int prop) { return fdt_next_property_offset(blob, prop); }

const void *orc_prop_by_offset(const void *blob, int prop, const char **name, int *len)
{
	return fdt_getprop_by_offset(blob, prop, name, len);
}

const void *orc_getprop(const void *blob, int node, const char *name, int *len)
{
	return fdt_getprop(blob, node, name, len);
}

int orc_address_cells(const void *blob, int node) { return fdt_address_cells(blob, node); }
int orc_size_cells(const void *blob, int node) { return fdt_size_cells(blob, node); }
uint32_t orc_get_phandle(const void *blob, int node) { return fdt_get_phandle(blob, node); }
int orc_node_by_phandle(const void *blob, uint32_t ph) { return fdt_node_offset_by_phandle(blob, ph); }

int orc_node_check_compatible(const void *blob, int node, const char *compatible)
{
	return fdt_node_check_compatible(blob, node, compatible);
}

int orc_stringlist_count(const void *blob, int node, const char *prop)
{
	return fdt_stringlist_count(blob, node, prop);
}

const char *orc_stringlist_get(const void *blob, int node, const char *prop, int index)
{
	return fdt_stringlist_get(blob, node, prop, index, NULL);
}

int orc_stringlist_contains(const char *list, int len, const char *s)
{
	return fdt_stringlist_contains(list, len, s);
}
