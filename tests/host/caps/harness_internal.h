/* Between the harness's own files (not for tests). */
#ifndef CAPS_HARNESS_INTERNAL_H
#define CAPS_HARNESS_INTERNAL_H

#include "harness.h"

/* Which object a cap names, as the registry keys it: the address, the
 * object's type (a zombie counts as its CNode or TCB) and its size where
 * objects of one type can nest or differ (untyped, CNode radix, frames). */
typedef struct obj_key {
	uint64_t obj;
	uint8_t type;
	uint8_t bits;
} obj_key_t;

bool h_key_of(const cap_t *c, obj_key_t *k);
void h_registry_reset(void);
void h_registry_reconcile(void);
void h_ram_fill_garbage(void);
void h_snapshot_reset(void);

#endif
