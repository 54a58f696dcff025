/*
 * Replays fuzz inputs through one target, without libFuzzer, and prints TAP:
 * the fuzz suites of `make test` (build/host/tests/fuzz-NAME).
 *
 *   fuzz-NAME                 the saved corpus and every regression case
 *   fuzz-NAME FILE|DIR...     just these inputs (one test line each)
 *
 * Without arguments it reads, relative to the work tree (the test runner's
 * working directory), tests/fuzz/corpus/NAME/ (one test line for the whole
 * corpus: it must exist and every input must pass) and
 * tests/fuzz/regressions/NAME/ (one line per input: every input that ever
 * crashed, each with a note NAME.txt saying what it found; a case without
 * its note fails, so none is kept unexplained).
 *
 * Each input runs in a child process so that a crash (ASan report, UBSan
 * error, a FUZZ_CHECK abort) or a hang (FUZZ_REPLAY_TIMEOUT seconds, default
 * 10) fails that input alone and the others are still tried; the child's
 * report goes to stderr, which the runner shows for a failing suite.
 */
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fuzz.h"

#define MAX_INPUTS 4096
#define PATH_MAX_LEN 1024

typedef struct input_list {
	char *path[MAX_INPUTS];
	size_t count;
	bool overflow;
} input_list_t;

static unsigned test_number;

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds the regular files of `dir` (not the .txt notes), sorted; false when
 * the directory cannot be read. */
static bool list_dir(const char *dir, input_list_t *list)
{
	size_t first = list->count;
	struct dirent *e;
	DIR *d = opendir(dir);

	if (d == NULL)
		return false;
	while ((e = readdir(d)) != NULL) {
		char path[PATH_MAX_LEN];
		struct stat st;

		if (e->d_name[0] == '.' || ends_with(e->d_name, ".txt") ||
		    ends_with(e->d_name, ".md"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		if (list->count == MAX_INPUTS) {
			list->overflow = true;
			break;
		}
		list->path[list->count++] = strdup(path);
	}
	closedir(d);
	qsort(list->path + first, list->count - first, sizeof(list->path[0]), by_name);
	return true;
}

static void free_list(input_list_t *list)
{
	size_t i;

	for (i = 0; i < list->count; i++)
		free(list->path[i]);
	list->count = 0;
}

static uint8_t *read_all(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t cap = 0, len = 0, n;

	if (f == NULL)
		return NULL;
	do {
		if (len == cap) {
			uint8_t *bigger = realloc(buf, cap == 0 ? 4096 : cap * 2);

			if (bigger == NULL) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = bigger;
			cap = cap == 0 ? 4096 : cap * 2;
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
	} while (n > 0);
	fclose(f);
	*size = len;
	return buf;
}

/* Runs one input in a child. Returns NULL when it passed, else why not
 * (a static string or `why`). */
static const char *run_one(const char *path, char *why, size_t whylen)
{
	const char *t = getenv("FUZZ_REPLAY_TIMEOUT");
	unsigned timeout = t != NULL && atoi(t) > 0 ? (unsigned)atoi(t) : 10;
	int status;
	pid_t pid;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0)
		return "fork failed";
	if (pid == 0) {
		size_t size = 0;
		uint8_t *data = read_all(path, &size);
		uint8_t *exact;

		if (data == NULL) {
			fprintf(stderr, "replay: cannot read %s\n", path);
			_exit(3);
		}
		/* An exactly-sized copy: the targets rely on overreads of the
		 * input being caught, as libFuzzer's own buffer would be. */
		exact = fuzz_dup(data, size);
		free(data);
		alarm(timeout);
		LLVMFuzzerTestOneInput(exact, size);
		free(exact);
		exit(0);   /* exit, not _exit: LeakSanitizer checks at exit */
	}
	if (waitpid(pid, &status, 0) != pid)
		return "waitpid failed";
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return NULL;
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM)
		snprintf(why, whylen, "hung: still running after %u s", timeout);
	else if (WIFSIGNALED(status))
		snprintf(why, whylen, "crashed: signal %d (%s)", WTERMSIG(status),
			 strsignal(WTERMSIG(status)));
	else
		snprintf(why, whylen, "failed: exit status %d (a sanitizer report is on stderr)",
			 WEXITSTATUS(status));
	return why;
}

static void diag_repro(const char *self, const char *path, const char *why)
{
	printf("#   %s: %s\n", path, why);
	printf("#   reproduce: %s %s   (or build/fuzz/fuzz-%s %s under libFuzzer)\n",
	       self, path, fuzz_target_name, path);
}

/* One test line for a set of inputs that must all pass. */
static bool replay_set(const char *self, const char *what, const input_list_t *list)
{
	char why[128];
	size_t i, failed = 0;
	const char *r;

	for (i = 0; i < list->count; i++) {
		r = run_one(list->path[i], why, sizeof(why));
		if (r == NULL)
			continue;
		if (failed++ == 0)
			printf("not ok %u - %s: %zu inputs of %s replay cleanly\n", ++test_number,
			       fuzz_target_name, list->count, what);
		diag_repro(self, list->path[i], r);
	}
	if (failed == 0)
		printf("ok %u - %s: %zu inputs of %s replay cleanly\n", ++test_number,
		       fuzz_target_name, list->count, what);
	return failed == 0;
}

/* The first line of the note `path`.txt, or NULL when there is none. */
static char *read_note(const char *path, char *buf, size_t len)
{
	char note[PATH_MAX_LEN];
	FILE *f;

	snprintf(note, sizeof(note), "%s.txt", path);
	f = fopen(note, "r");
	if (f == NULL)
		return NULL;
	if (fgets(buf, (int)len, f) == NULL)
		buf[0] = '\0';
	fclose(f);
	buf[strcspn(buf, "\r\n")] = '\0';
	return buf[0] != '\0' ? buf : NULL;
}

static bool replay_regression(const char *self, const char *path)
{
	char why[128], note[160];
	const char *r = run_one(path, why, sizeof(why));
	const char *n = read_note(path, note, sizeof(note));

	printf("%s %u - %s: regression %s replays cleanly (%s)\n",
	       r == NULL && n != NULL ? "ok" : "not ok", ++test_number, fuzz_target_name,
	       path, n != NULL ? n : "no note");
	if (r != NULL)
		diag_repro(self, path, r);
	if (n == NULL)
		printf("#   %s.txt is missing or empty: say what this input found\n", path);
	return r == NULL && n != NULL;
}

static bool replay_defaults(const char *self)
{
	char corpus[PATH_MAX_LEN], regress[PATH_MAX_LEN];
	input_list_t list = { .count = 0 };
	bool ok = true;
	size_t i;

	snprintf(corpus, sizeof(corpus), "tests/fuzz/corpus/%s", fuzz_target_name);
	snprintf(regress, sizeof(regress), "tests/fuzz/regressions/%s", fuzz_target_name);
	if (!list_dir(corpus, &list) || list.count == 0 || list.overflow) {
		printf("not ok %u - %s: the saved corpus %s exists and has inputs\n",
		       ++test_number, fuzz_target_name, corpus);
		printf("#   run from the top of the work tree; refresh it with make fuzz-corpus\n");
		ok = false;
	} else {
		ok = replay_set(self, corpus, &list);
	}
	free_list(&list);
	if (list_dir(regress, &list)) {
		for (i = 0; i < list.count; i++)
			ok &= replay_regression(self, list.path[i]);
	}
	free_list(&list);
	return ok;
}

int main(int argc, char **argv)
{
	input_list_t list = { .count = 0 };
	bool ok = true;
	int i;

	if (argc < 2) {
		ok = replay_defaults(argv[0]);
	} else {
		for (i = 1; i < argc; i++) {
			struct stat st;

			if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
				list_dir(argv[i], &list);
				ok &= replay_set(argv[0], argv[i], &list);
				free_list(&list);
			} else {
				list.path[0] = argv[i];
				list.count = 1;
				ok &= replay_set(argv[0], argv[i], &list);
				list.count = 0;
			}
		}
	}
	printf("1..%u\n", test_number);
	return ok ? 0 : 1;
}
