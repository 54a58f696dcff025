/*
 * The "fdt" target's checks on property values and lookups
 * (fuzz_fdt_values.c), called by fuzz_fdt.c for every property it walks.
 */
#ifndef BASALT_TESTS_FUZZ_FDT_H
#define BASALT_TESTS_FUZZ_FDT_H

#include "fdt/fdt.h"

/* Every value helper on `value`, in the blob and as an exact heap copy,
 * against a direct decoding of its bytes. */
void fuzz_fdt_check_value(const fdt_t *fdt, const fdt_prop_t *value);

/* The value used as a path (not NUL-terminated, exact length) and as a
 * phandle: whatever is found is a node, and carries that phandle. O(size). */
void fuzz_fdt_check_lookups(const fdt_t *fdt, const fdt_prop_t *value);

/* Each /aliases entry resolves to what its value resolves to as a path. */
void fuzz_fdt_check_aliases(const fdt_t *fdt);

#endif
