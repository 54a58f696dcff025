/*
 * Host unit test of lib/fdt: the entry point and the DTB corpus.
 *
 * Builds the cmocka test list at run time: the static tables (value
 * helpers, malformed and mutated blobs), then one test per DTB file found
 * in $BASALT_DTB_DIR (default tests/dtb, relative to the project root)
 * and in $BASALT_EXTRA_DTB_DIR (QEMU dumpdtb blobs, see dump-qemu-dtbs.sh),
 * each named after its file:
 *   accept FILE   everything but broken-*: opened, compared with libfdt,
 *                 every truncation tried
 *   reject FILE   broken-*: refused with the expected status and message
 *   corrupt FILE  the smallest accepted corpus blob: every byte/bit
 *                 corruption of its header and structure block
 *   offsets FILE  the same blob: garbage node and property offsets
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fdt_test.h"

typedef enum tf_kind { TF_ACCEPT, TF_REJECT, TF_CORRUPT, TF_OFFSETS } tf_kind_t;

typedef struct tf_case {
	char *path;
	char *file;
	char *label;
	tf_kind_t kind;
} tf_case_t;

/* What each known broken corpus blob must be refused with. Unknown
 * broken-* files (another corpus) must merely be refused. */
static const struct {
	const char *file;
	fdt_status_t status;
	const char *keyword;
} tf_known_broken[] = {
	{ "broken-bad-magic.dtb", FDT_ERR_BAD_MAGIC, "magic" },
	{ "broken-off-dt-struct-out-of-range.dtb", FDT_ERR_BAD_LAYOUT, "structure block offset" },
	{ "broken-size-dt-struct-overflow.dtb", FDT_ERR_BAD_LAYOUT, "structure block" },
	{ "broken-string-offset-out-of-range.dtb", FDT_ERR_BAD_STRING, "name offset" },
	{ "broken-truncated-half.dtb", FDT_ERR_TRUNCATED, "truncated" },
	{ "broken-version-1.dtb", FDT_ERR_BAD_VERSION, "version" },
};

static uint8_t *tf_load_case(const tf_case_t *c, size_t *size)
{
	uint8_t *buf = tf_load_file(c->path, size);

	if (buf == NULL)
		fail_msg("cannot read %s", c->path);
	return buf;
}

/* node_count from the facts file next to a corpus blob, or -1. */
static long tf_facts_node_count(const char *dtb_path)
{
	size_t n = strlen(dtb_path), size;
	char *json = malloc(n + 2);
	char *text, *hit;
	long count = -1;

	assert_non_null(json);
	memcpy(json, dtb_path, n - 4);
	strcpy(json + n - 4, ".json");
	text = (char *)tf_load_file(json, &size);
	free(json);
	if (text == NULL)
		return -1;
	text = realloc(text, size + 1);
	assert_non_null(text);
	text[size] = '\0';
	hit = strstr(text, "\"node_count\":");
	if (hit != NULL)
		count = strtol(hit + 13, NULL, 10);
	free(text);
	return count;
}

static void test_accept(void **state)
{
	const tf_case_t *c = *state;
	tf_stats_t st = { 0 };
	size_t size;
	uint8_t *buf = tf_load_case(c, &size), *exact;
	uint32_t total = fdt_peek_totalsize(buf, size);
	long facts_nodes = tf_facts_node_count(c->path);
	fdt_t f;

	st.unique_paths = true;
	tf_compare_with_oracle(buf, size, &st);
	assert_true(st.nodes > 0);
	assert_true(st.props > 0);
	assert_int_equal(st.paths, st.nodes);
	if (facts_nodes >= 0)
		assert_int_equal(st.nodes, facts_nodes);
	/* QEMU dumps its whole buffer: the blob alone must open the same */
	if (total < size) {
		exact = tf_dup(buf, total);
		assert_int_equal(fdt_open(&f, exact, total, NULL), FDT_OK);
		tf_exercise(&f);
		free(exact);
	}
	tf_check_truncations(buf, size);
	free(buf);
}

static void test_reject(void **state)
{
	const tf_case_t *c = *state;
	size_t size, i;
	uint8_t *buf = tf_load_case(c, &size);
	diag_t d = { { 0 } };
	char number[32];
	fdt_t f;
	fdt_status_t st = fdt_open(&f, buf, size, &d);

	if (st == FDT_OK)
		fail_msg("%s was accepted", c->file);
	assert_true(d.msg[0] != '\0');
	assert_null(f.blob);
	for (i = 0; i < sizeof(tf_known_broken) / sizeof(tf_known_broken[0]); i++) {
		if (strcmp(c->file, tf_known_broken[i].file) != 0)
			continue;
		if (st != tf_known_broken[i].status || strstr(d.msg, tf_known_broken[i].keyword) == NULL)
			fail_msg("%s: got %s \"%s\", want %s mentioning \"%s\"", c->file,
				 fdt_status_name(st), d.msg, fdt_status_name(tf_known_broken[i].status),
				 tf_known_broken[i].keyword);
	}
	/* a truncation message names the bytes that are there */
	if (st == FDT_ERR_TRUNCATED) {
		snprintf(number, sizeof(number), "%zu", size);
		assert_non_null(strstr(d.msg, number));
	}
	free(buf);
}

static void test_corrupt(void **state)
{
	const tf_case_t *c = *state;
	size_t size;
	uint8_t *buf = tf_load_case(c, &size);
	fdt_t f;

	assert_int_equal(fdt_open(&f, buf, size, NULL), FDT_OK);
	tf_check_corruptions(buf, f.totalsize, (size_t)f.struct_off + f.struct_size);
	free(buf);
}

static void test_offsets(void **state)
{
	const tf_case_t *c = *state;
	size_t size;
	uint8_t *buf = tf_load_case(c, &size);
	fdt_t f;

	assert_int_equal(fdt_open(&f, buf, size, NULL), FDT_OK);
	tf_check_garbage_offsets(&f);
	free(buf);
}

static void test_corpus_found(void **state)
{
	const char *dir = *state;

	/* running without the corpus would quietly test far less */
	fail_msg("no .dtb files in %s (set BASALT_DTB_DIR to the DTB corpus)", dir);
}

/* ------------------------------------------------------------ test list */

typedef struct tf_list {
	struct CMUnitTest *tests;
	size_t count, cap;
	tf_case_t **cases;
	size_t ncases;
} tf_list_t;

static void tf_add_test(tf_list_t *l, const char *name, CMUnitTestFunction fn, void *state)
{
	if (l->count == l->cap) {
		l->cap = l->cap * 2 + 16;
		l->tests = realloc(l->tests, l->cap * sizeof(*l->tests));
		if (l->tests == NULL)
			abort();
	}
	memset(&l->tests[l->count], 0, sizeof(l->tests[0]));
	l->tests[l->count].name = name;
	l->tests[l->count].test_func = fn;
	l->tests[l->count].initial_state = state;
	l->count++;
}

static void tf_add_case(tf_list_t *l, const char *dir, const char *file, tf_kind_t kind)
{
	static const char *const verbs[] = { "accept", "reject", "corrupt", "offsets" };
	static const CMUnitTestFunction fns[] = { test_accept, test_reject, test_corrupt, test_offsets };
	tf_case_t *c = calloc(1, sizeof(*c));
	size_t n;

	if (c == NULL)
		abort();
	n = strlen(dir) + strlen(file) + 2;
	c->path = malloc(n);
	c->file = strdup(file);
	c->label = malloc(strlen(file) + 16);
	if (c->path == NULL || c->file == NULL || c->label == NULL)
		abort();
	snprintf(c->path, n, "%s/%s", dir, file);
	sprintf(c->label, "%s %s", verbs[kind], file);
	c->kind = kind;
	l->cases = realloc(l->cases, (l->ncases + 1) * sizeof(*l->cases));
	if (l->cases == NULL)
		abort();
	l->cases[l->ncases++] = c;
	tf_add_test(l, c->label, fns[kind], c);
}

static int tf_cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.dtb names in `dir`, sorted; NULL-terminated. */
static char **tf_list_dtbs(const char *dir, size_t *count)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, len;

	if (d != NULL) {
		while ((e = readdir(d)) != NULL) {
			len = strlen(e->d_name);
			if (len <= 4 || strcmp(e->d_name + len - 4, ".dtb") != 0)
				continue;
			names = realloc(names, (n + 2) * sizeof(*names));
			if (names == NULL || (names[n] = strdup(e->d_name)) == NULL)
				abort();
			n++;
		}
		closedir(d);
	}
	if (n > 0)
		qsort(names, n, sizeof(*names), tf_cmp_names);
	*count = n;
	return names;
}

static size_t tf_file_size(const char *dir, const char *file)
{
	char path[4096];
	size_t size = 0;
	uint8_t *buf;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	buf = tf_load_file(path, &size);
	free(buf);
	return buf != NULL ? size : 0;
}

static void tf_add_corpus(tf_list_t *l, const char *dir)
{
	size_t n, i, best_size = 0, size;
	char **names = tf_list_dtbs(dir, &n);
	const char *smallest = NULL;

	if (n == 0) {
		tf_add_test(l, "corpus present", test_corpus_found, (void *)dir);
		return;
	}
	for (i = 0; i < n; i++) {
		bool broken = strncmp(names[i], "broken-", 7) == 0;

		tf_add_case(l, dir, names[i], broken ? TF_REJECT : TF_ACCEPT);
		size = tf_file_size(dir, names[i]);
		if (!broken && size > 0 && (smallest == NULL || size < best_size)) {
			smallest = names[i];
			best_size = size;
		}
	}
	if (smallest != NULL) {
		tf_add_case(l, dir, smallest, TF_CORRUPT);
		tf_add_case(l, dir, smallest, TF_OFFSETS);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

static void tf_add_extra(tf_list_t *l, const char *dir)
{
	size_t n, i;
	char **names = tf_list_dtbs(dir, &n);

	for (i = 0; i < n; i++) {
		tf_add_case(l, dir, names[i], TF_ACCEPT);
		free(names[i]);
	}
	free(names);
}

int main(void)
{
	const char *dir = getenv("BASALT_DTB_DIR");
	const char *extra = getenv("BASALT_EXTRA_DTB_DIR");
	tf_list_t l = { 0 };
	size_t i;
	int failed;

	if (dir == NULL || dir[0] == '\0')
		dir = "tests/dtb";
	for (i = 0; i < tf_value_test_count; i++)
		tf_add_test(&l, tf_value_tests[i].name, tf_value_tests[i].test_func, NULL);
	for (i = 0; i < tf_mutate_test_count; i++)
		tf_add_test(&l, tf_mutate_tests[i].name, tf_mutate_tests[i].test_func, NULL);
	tf_add_corpus(&l, dir);
	if (extra != NULL && extra[0] != '\0')
		tf_add_extra(&l, extra);

	failed = _cmocka_run_group_tests("fdt", l.tests, l.count, NULL, NULL);

	for (i = 0; i < l.ncases; i++) {
		free(l.cases[i]->path);
		free(l.cases[i]->file);
		free(l.cases[i]->label);
		free(l.cases[i]);
	}
	free(l.cases);
	free(l.tests);
	return failed;
}
