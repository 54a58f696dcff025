/*
 * Boot cost: how many instructions the boot takes, on request
 * ("bootcost" on the command line). See bootcost.c.
 */
#ifndef BASALT_KERNEL_BOOTCOST_H
#define BASALT_KERNEL_BOOTCOST_H

#include "boot/boot.h"

/* Starts counting if the command line says "bootcost". Call once the board
 * has been read (the command line is known), before the memory map. */
void boot_cost_begin(const boot_state_t *boot);

/* Prints "boot: N instructions ..." if counting was started. */
void boot_cost_report(void);

/* The whole boot, from the kernel's first instruction to the switch to the
 * root task (call last). */
void boot_cost_report_total(void);

#endif
