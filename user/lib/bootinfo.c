/* Boot info accessors (see bootinfo.h). */
#include "bootinfo.h"

static const basalt_bootinfo_t *info;

void basalt_bootinfo_set(const basalt_bootinfo_t *bi)
{
	info = bi;
}

const basalt_bootinfo_t *basalt_bootinfo(void)
{
	return info;
}

bool basalt_bootarg(const char *key, char *buf, unsigned size)
{
	const char *s = info->h.cmdline;

	while (*s != '\0') {
		const char *w = s, *k = key;

		while (*s != '\0' && *s != ' ')
			s++;
		while (*k != '\0' && w < s && *w == *k) {
			w++;
			k++;
		}
		if (*k == '\0' && (w == s || *w == '=')) {
			unsigned n = 0;

			if (w < s)
				w++;
			while (w < s && n + 1 < size)
				buf[n++] = *w++;
			if (size > 0)
				buf[n] = '\0';
			return true;
		}
		while (*s == ' ')
			s++;
	}
	return false;
}
