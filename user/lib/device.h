/*
 * Finding and reaching devices from user space: the board as the device
 * tree copy in the boot info describes it (the kernel's own parser, from
 * lib/), and frames for device registers cut out of device untyped.
 */
#ifndef LIBBASALT_DEVICE_H
#define LIBBASALT_DEVICE_H

#include "alloc.h"
#include "basalt/bootinfo.h"
#include "board/board.h"

/* The device tree copy the root task was given, opened and read into a
 * board description; NULL if it cannot be (the reason goes to why). */
const board_t *basalt_board(const basalt_bootinfo_t *bi, const fdt_t **fdt, diag_t *why);

/* The first enabled node compatible with `compat`, or -1. */
int basalt_find_compatible(const fdt_t *fdt, const char *compat);

/* A 4 KiB device frame for the page containing `pa`: the device untyped
 * that covers it (from the boot info's list) is split in halves until a
 * page remains; the pieces land in slots of `a`. The untyped must have no
 * children yet. */
basalt_error_t basalt_device_frame(basalt_alloc_t *a, const basalt_bootinfo_t *bi,
				   basalt_word_t pa, basalt_cptr_t *frame);

#endif
