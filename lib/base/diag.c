/* diag_t: see diag.h. */
#include <stdarg.h>

#include "base/diag.h"
#include "fmt/fmt.h"

void diag_set(diag_t *d, const char *format, ...)
{
	va_list ap;

	if (d == NULL)
		return;
	va_start(ap, format);
	fmt_vsnprintf(d->msg, sizeof(d->msg), format, ap);
	va_end(ap);
}
