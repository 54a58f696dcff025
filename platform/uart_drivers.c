/* Which UART driver serves which `compatible` (see uart.h). The node's own
 * compatible list is searched in order, most specific first, as the device
 * tree spec intends. */
#include <stddef.h>

#include "platform/uart.h"

static const struct {
	const char *compatible;
	const uart_driver_t *driver;
} uart_table[] = {
	{ "ns16550a", &uart_ns16550 },
	{ "ns16550", &uart_ns16550 },
	{ "sifive,uart0", &uart_sifive },
};

static bool str_equal(const char *a, const char *b)
{
	while (*a != '\0' && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

const uart_driver_t *uart_driver_match(const fdt_t *fdt, int node)
{
	fdt_prop_t compat;
	const char *s;

	if (!fdt_get_prop(fdt, node, "compatible", &compat))
		return NULL;
	for (uint32_t i = 0; (s = fdt_prop_string_at(&compat, i)) != NULL; i++) {
		for (size_t j = 0; j < sizeof(uart_table) / sizeof(uart_table[0]); j++) {
			if (str_equal(s, uart_table[j].compatible))
				return uart_table[j].driver;
		}
	}
	return NULL;
}
