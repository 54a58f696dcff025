/* Counting outcomes and printing the fuzzer's report (its format is what
 * tests/qemu/suite_fuzz.py parses; docs/robustness.md shows it). */
#include "fuzz.h"

#include "irqoff.h"
#include "print.h"

static const char *const error_names[BASALT_NUM_ERRORS] = {
	[BASALT_OK] = "OK",
	[BASALT_INVALID_ARGUMENT] = "INVALID_ARGUMENT",
	[BASALT_INVALID_CAPABILITY] = "INVALID_CAPABILITY",
	[BASALT_ILLEGAL_OPERATION] = "ILLEGAL_OPERATION",
	[BASALT_RANGE_ERROR] = "RANGE_ERROR",
	[BASALT_ALIGNMENT_ERROR] = "ALIGNMENT_ERROR",
	[BASALT_FAILED_LOOKUP] = "FAILED_LOOKUP",
	[BASALT_TRUNCATED_MESSAGE] = "TRUNCATED_MESSAGE",
	[BASALT_DELETE_FIRST] = "DELETE_FIRST",
	[BASALT_REVOKE_FIRST] = "REVOKE_FIRST",
	[BASALT_NOT_ENOUGH_MEMORY] = "NOT_ENOUGH_MEMORY",
};

void stats_result(fuzz_stats_t *s, basalt_word_t code)
{
	if (code < BASALT_NUM_ERRORS)
		s->result[code]++;
	else
		s->other++;
}

void stats_add(fuzz_stats_t *sum, const fuzz_stats_t *s)
{
	sum->calls += s->calls;
	for (unsigned e = 0; e < BASALT_NUM_ERRORS; e++)
		sum->result[e] += s->result[e];
	sum->other += s->other;
	sum->accesses += s->accesses;
	sum->faults_vm += s->faults_vm;
	sum->faults_exception += s->faults_exception;
	sum->faults_syscall += s->faults_syscall;
	sum->handler_maps += s->handler_maps;
	sum->handler_drops += s->handler_drops;
	sum->restarts += s->restarts;
}

unsigned report_distinct_errors(const fuzz_stats_t *s)
{
	unsigned n = 0;

	for (unsigned e = 1; e < BASALT_NUM_ERRORS; e++)
		n += s->result[e] != 0;
	return n;
}

void report_print(const fuzz_t *f)
{
	fuzz_stats_t sum = { 0 };
	basalt_word_t kind, worst = basalt_debug_irqoff(0, &kind);
	char what[48];

	for (unsigned i = 0; i < FUZZ_WORKERS; i++)
		stats_add(&sum, &f->workers[i].stats);
	printf("fuzz: calls %llu (system calls %llu, memory accesses %llu) in %llu batches\n",
	       (unsigned long long)sum.calls, (unsigned long long)(sum.calls - sum.accesses),
	       (unsigned long long)sum.accesses, (unsigned long long)f->batches);
	for (unsigned e = 0; e < BASALT_NUM_ERRORS; e++)
		printf("fuzz: result %-18s %llu\n", error_names[e], (unsigned long long)sum.result[e]);
	printf("fuzz: result %-18s %llu\n", "IPC_MESSAGE", (unsigned long long)sum.other);
	printf("fuzz: distinct error codes %u\n", report_distinct_errors(&sum));
	printf("fuzz: faults: %llu page faults (%llu windows mapped, %llu dropped), "
	       "%llu exceptions, %llu unknown system calls; %llu stuck workers restarted\n",
	       (unsigned long long)f->handler_stats.faults_vm,
	       (unsigned long long)f->handler_stats.handler_maps,
	       (unsigned long long)f->handler_stats.handler_drops,
	       (unsigned long long)f->handler_stats.faults_exception,
	       (unsigned long long)f->handler_stats.faults_syscall,
	       (unsigned long long)sum.restarts);
	printf("fuzz: audits %llu, audit failures %llu, world setup errors %llu\n",
	       (unsigned long long)f->audits, (unsigned long long)f->audit_failures,
	       (unsigned long long)f->world_errors);
	basalt_irqoff_describe(kind, what, sizeof(what));
	printf("fuzz: worst interrupts-off stretch %llu instructions (%s)\n",
	       (unsigned long long)worst, what);
}
