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

bool basalt_parse_u64(const char **s, basalt_word_t *out)
{
	const char *p = *s;
	unsigned base = 10;
	basalt_word_t v = 0;
	bool any = false;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	}
	for (;; p++) {
		unsigned d;

		if (*p >= '0' && *p <= '9')
			d = (unsigned)(*p - '0');
		else if (base == 16 && *p >= 'a' && *p <= 'f')
			d = (unsigned)(*p - 'a' + 10);
		else if (base == 16 && *p >= 'A' && *p <= 'F')
			d = (unsigned)(*p - 'A' + 10);
		else
			break;
		v = v * base + d;
		any = true;
	}
	if (any) {
		*out = v;
		*s = p;
	}
	return any;
}
