/* Which backend drives which `compatible` (see uart_hw.h). */
#include "uart_hw.h"

#include "base/str.h"

static const struct {
	const char *compatible;
	const uart_hw_t *hw;
} table[] = {
	{ "ns16550a", &uart_hw_ns16550a },
	{ "sifive,uart0", &uart_hw_sifive },
};

const uart_hw_t *uart_hw_match(const fdt_t *fdt, int node)
{
	fdt_prop_t compat;
	const char *s;

	if (!fdt_get_prop(fdt, node, "compatible", &compat))
		return (void *)0;
	for (uint32_t i = 0; (s = fdt_prop_string_at(&compat, i)) != (void *)0; i++) {
		for (unsigned j = 0; j < sizeof(table) / sizeof(table[0]); j++) {
			if (str_eq(s, table[j].compatible))
				return table[j].hw;
		}
	}
	return (void *)0;
}
