/* The per-hart idle thread (idle.c, idle_loop in arch/riscv/idle.S). */
#ifndef BASALT_KERNEL_BOOT_IDLE_H
#define BASALT_KERNEL_BOOT_IDLE_H

#include "object/tcb.h"

tcb_t *idle_thread_init(unsigned hart);

#endif
