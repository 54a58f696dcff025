/*
 * The root task's view of its boot info (basalt/bootinfo.h), kept by
 * basalt_start so any code can ask for it.
 */
#ifndef LIBBASALT_BOOTINFO_H
#define LIBBASALT_BOOTINFO_H

#include "basalt/bootinfo.h"

void basalt_bootinfo_set(const basalt_bootinfo_t *bi);
const basalt_bootinfo_t *basalt_bootinfo(void);

/* The value of "key=value" (or "" for a bare "key") in the kernel command
 * line, copied into buf; false if absent. */
bool basalt_bootarg(const char *key, char *buf, unsigned size);

/* A number at *s, decimal or 0x-prefixed hexadecimal, into *out; *s moves
 * past it. False (nothing read) when there is no digit. */
bool basalt_parse_u64(const char **s, basalt_word_t *out);

#endif
