/*
 * Board power-off devices that can report a failure status, used before the
 * generic SBI shutdown. Found by compatible in the device tree at boot.
 */
#ifndef BASALT_PLATFORM_POWEROFF_H
#define BASALT_PLATFORM_POWEROFF_H

#include <stdbool.h>
#include <stdint.h>

#include "fdt/fdt.h"

/* Remember the device (if the tree has one we drive) at `regs`, the
 * virtual address where its registers are mapped: see poweroff_find().
 * `regs` 0 forgets it (its mapping is about to go away). */
void platform_poweroff_register(const fdt_t *fdt, int node, uintptr_t regs);

/* The first enabled node we have a power-off driver for, or -1. */
int platform_poweroff_find(const fdt_t *fdt);

/* Power off now if a device was registered; returns if none was. */
void platform_poweroff(bool failure);

#endif
