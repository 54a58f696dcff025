/*
 * The board/memmap host suite's entry point: builds the cmocka test array
 * at run time, fixed tests first, then one test per blob found in
 * $BASALT_DTB_DIR (default tests/dtb, relative to the work tree where
 * `make` runs) and $BASALT_EXTRA_DTB_DIR (optional; e.g. raw QEMU dumpdtb
 * output, whose buffer is larger than the blob's totalsize).
 */
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "board_test.h"

#define MAX_DTBS 512

static dtb_case_t cases[MAX_DTBS];
static size_t case_count;
static const char *dirs_searched[2];

/* "expected_verdict" of the facts file next to the blob, or NULL. A tiny
 * scan rather than a JSON parser: the value is one plain string. */
static char *read_verdict(const char *dtb_path)
{
	char json_path[1024], buf[65536], *key, *out;
	size_t n, len, i, o;
	FILE *f;

	len = strlen(dtb_path);
	if (len < 4 || len + 2 > sizeof(json_path))
		return NULL;
	snprintf(json_path, sizeof(json_path), "%.*s.json", (int)(len - 4), dtb_path);
	f = fopen(json_path, "r");
	if (f == NULL)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	key = strstr(buf, "\"expected_verdict\"");
	if (key == NULL)
		return NULL;
	key = strchr(key + 18, '"');
	if (key == NULL)
		return NULL;
	key++;
	out = malloc(strlen(key) + 1);
	if (out == NULL)
		return NULL;
	for (i = 0, o = 0; key[i] != '\0' && key[i] != '"'; i++) {
		if (key[i] == '\\' && key[i + 1] != '\0')
			i++;
		out[o++] = key[i];
	}
	out[o] = '\0';
	return out;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const dtb_case_t *)a)->path, ((const dtb_case_t *)b)->path);
}

static void scan_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t first = case_count;

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL && case_count < MAX_DTBS) {
		size_t len = strlen(e->d_name);
		char *path;

		if (len < 5 || strcmp(e->d_name + len - 4, ".dtb") != 0)
			continue;
		path = malloc(strlen(dir) + len + 2);
		if (path == NULL)
			break;
		sprintf(path, "%s/%s", dir, e->d_name);
		cases[case_count].path = path;
		cases[case_count].name = path + strlen(dir) + 1;
		cases[case_count].verdict = read_verdict(path);
		case_count++;
	}
	closedir(d);
	qsort(cases + first, case_count - first, sizeof(cases[0]), by_name);
}

/* An empty corpus must fail loudly, not pass with nothing checked. */
static void test_corpus_present(void **state)
{
	(void)state;
	if (case_count == 0)
		fail_msg("no .dtb files in %s (set BASALT_DTB_DIR)", dirs_searched[0]);
}

static struct CMUnitTest make_test(const char *name, CMUnitTestFunction fn, void *state)
{
	struct CMUnitTest t;

	memset(&t, 0, sizeof(t));
	t.name = name;
	t.test_func = fn;
	t.initial_state = state;
	return t;
}

static char *concat(const char *a, const char *b)
{
	char *s = malloc(strlen(a) + strlen(b) + 1);

	if (s != NULL)
		sprintf(s, "%s%s", a, b);
	return s;
}

int main(void)
{
	const char *dir = getenv("BASALT_DTB_DIR");
	const char *extra = getenv("BASALT_EXTRA_DTB_DIR");
	struct CMUnitTest *tests;
	size_t n = 0, i;
	int failed;

	dirs_searched[0] = dir != NULL && dir[0] != '\0' ? dir : "tests/dtb";
	scan_dir(dirs_searched[0]);
	if (extra != NULL && extra[0] != '\0') {
		dirs_searched[1] = extra;
		scan_dir(extra);
	}
	tests = calloc(memmap_test_count + board_synth_test_count + board_edges_test_count + 1 +
		       case_count, sizeof(*tests));
	if (tests == NULL)
		return 1;
	for (i = 0; i < memmap_test_count; i++)
		tests[n++] = memmap_tests[i];
	for (i = 0; i < board_synth_test_count; i++)
		tests[n++] = board_synth_tests[i];
	for (i = 0; i < board_edges_test_count; i++)
		tests[n++] = board_edges_tests[i];
	tests[n++] = make_test("corpus_present", test_corpus_present, NULL);
	for (i = 0; i < case_count; i++) {
		tests[n++] = make_test(concat("dtb: ", cases[i].name), test_corpus, &cases[i]);
	}
	failed = _cmocka_run_group_tests("board", tests, n, NULL, NULL);
	return failed == 0 ? 0 : 1;
}
