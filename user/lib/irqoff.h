/*
 * Reading the kernel's interrupts-off figure (debug builds;
 * basalt_debug_irqoff() in sys.h, kernel/debug/irqoff.h).
 */
#ifndef LIBBASALT_IRQOFF_H
#define LIBBASALT_IRQOFF_H

#include "sys.h"

/* The kind word of a stretch in words: "system call 1, label 1",
 * "exception 2", "interrupt 5". */
void basalt_irqoff_describe(basalt_word_t kind, char *buf, unsigned size);

#endif
