/*
 * /chosen: the console named by stdout-path, the boot arguments, and the
 * paging mode they may ask for.
 *
 * stdout-path is "PATH-or-ALIAS[:options]"; the options (baud rate, ...) are
 * firmware's business and are cut off. A missing /chosen or a name that
 * resolves to nothing is not an error: the kernel falls back to the SBI
 * console, and `unresolved` tells it to say why. The console's registers
 * are filled in after the walk (board_devices.c), from the device list.
 */
#include "board/board_internal.h"
#include "base/str.h"

static void board_console_props(const fdt_t *fdt, board_console_t *con)
{
	fdt_prop_t prop;
	uint64_t hz;

	if (!fdt_node_u32(fdt, con->node, "reg-shift", &con->reg_shift))
		con->reg_shift = 0;
	if (!fdt_node_u32(fdt, con->node, "reg-io-width", &con->reg_io_width))
		con->reg_io_width = 1;
	con->clock_hz = 0;
	if (fdt_get_prop(fdt, con->node, "clock-frequency", &prop) &&
	    (prop.len == 4 || prop.len == 8) &&
	    fdt_prop_cells(&prop, 0, prop.len / 4, &hz) && hz <= UINT32_MAX)
		con->clock_hz = (uint32_t)hz;
}

void board_read_chosen(const fdt_t *fdt, board_t *board)
{
	board_console_t *con = &board->console;
	fdt_prop_t prop;
	const char *path;
	uint32_t len;
	const char *colon;

	board->chosen = fdt_path_offset(fdt, "/chosen", 7);
	if (board->chosen < 0)
		return;
	if (!fdt_get_prop(fdt, board->chosen, "stdout-path", &prop) &&
	    !fdt_get_prop(fdt, board->chosen, "linux,stdout-path", &prop))
		return;
	/* Named but unusable from here on: a console was asked for. */
	con->unresolved = true;
	if (!fdt_prop_string(&prop, &path))
		return;
	len = (uint32_t)str_len(path);
	colon = str_chr_n(path, len, ':');
	if (colon != NULL)
		len = (uint32_t)(colon - path);
	if (len == 0)
		return;
	con->node = fdt_path_offset(fdt, path, len);
	if (con->node < 0) {
		con->node = -1;
		return;
	}
	con->unresolved = false;
	board_console_props(fdt, con);
}

/* The `len` bytes at `s` hold words separated by spaces or tabs. */
static bool board_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/* Does the word [w, w+wlen) say "key" or "key=..."? */
static bool board_word_is_key(const char *w, uint32_t wlen, const char *key, uint32_t klen)
{
	if (wlen < klen || !mem_eq(w, key, klen))
		return false;
	return wlen == klen || w[klen] == '=';
}

bool board_bootarg(const fdt_t *fdt, const board_t *board, const char *key,
		   const char **value, uint32_t *len)
{
	fdt_prop_t prop;
	const char *args;
	uint32_t n, i, klen = (uint32_t)str_len(key);
	bool found = false;

	if (board->chosen < 0 || !fdt_get_prop(fdt, board->chosen, "bootargs", &prop) ||
	    !fdt_prop_string(&prop, &args) || klen == 0)
		return false;
	n = (uint32_t)str_len(args);
	/* Every word is checked: a later "key=" overrides an earlier one, as
	 * when a boot loader appends to the built-in command line. */
	for (i = 0; i < n;) {
		uint32_t start, wlen;

		while (i < n && board_is_space(args[i]))
			i++;
		start = i;
		while (i < n && !board_is_space(args[i]))
			i++;
		wlen = i - start;
		if (wlen == 0 || !board_word_is_key(args + start, wlen, key, klen))
			continue;
		found = true;
		*value = args + start + (wlen > klen ? klen + 1 : klen);
		*len = wlen > klen ? wlen - klen - 1 : 0;
	}
	return found;
}

paging_mode_t board_paging_mode(const fdt_t *fdt, const board_t *board)
{
	const char *value;
	uint32_t len;
	paging_mode_t asked;

	if (!board_bootarg(fdt, board, "paging", &value, &len))
		return board->best_mmu;
	asked = paging_mode_parse(value, len);
	/* Lower only: a mode some usable hart lacks would not boot there. */
	if (asked != PAGING_NONE && asked < board->best_mmu)
		return asked;
	return board->best_mmu;
}
