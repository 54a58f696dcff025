/*
 * Error codes returned by invocations (the label of the reply message),
 * numbered as in seL4, and where their details travel.
 *
 * A failed invocation changes nothing. Its reply carries the error code as
 * the message label and details in the message registers:
 *
 *   INVALID_ARGUMENT    MR0 = the number of the argument that is wrong
 *   INVALID_CAPABILITY  MR0 = the number of the capability argument
 *                       (0 = the invoked capability, 1.. = extra caps)
 *   RANGE_ERROR         MR0 = smallest allowed value, MR1 = largest
 *   FAILED_LOOKUP       MR0 = 1 if a source lookup failed, 0 otherwise;
 *                       MR1.. = the lookup failure (below)
 *   NOT_ENOUGH_MEMORY   MR0 = bytes available in the untyped
 *   others              no details
 *
 * Lookup failures (MR1 of FAILED_LOOKUP, also in capability faults):
 *   INVALID_ROOT        the root capability is not a CNode
 *   MISSING_CAPABILITY  MR2 = bits left unresolved (slot empty or the cap
 *                       found where a CNode was needed is not one)
 *   DEPTH_MISMATCH      MR2 = bits left, MR3 = bits the CNode needed
 *   GUARD_MISMATCH      MR2 = bits left, MR3 = guard found, MR4 = guard size
 *
 * IPC system calls (Send, Recv, ...) also report in register a6 whether
 * the kernel could carry them out (0, or one of these codes, e.g.
 * FAILED_LOOKUP for a bad capability pointer, INVALID_CAPABILITY when the
 * endpoint was deleted while the thread waited on it).
 */
#ifndef BASALT_ABI_ERRORS_H
#define BASALT_ABI_ERRORS_H

typedef enum basalt_error {
	BASALT_OK = 0,
	BASALT_INVALID_ARGUMENT = 1,
	BASALT_INVALID_CAPABILITY = 2,
	BASALT_ILLEGAL_OPERATION = 3,
	BASALT_RANGE_ERROR = 4,
	BASALT_ALIGNMENT_ERROR = 5,
	BASALT_FAILED_LOOKUP = 6,
	BASALT_TRUNCATED_MESSAGE = 7,
	BASALT_DELETE_FIRST = 8,
	BASALT_REVOKE_FIRST = 9,
	BASALT_NOT_ENOUGH_MEMORY = 10,
	BASALT_NUM_ERRORS
} basalt_error_t;

typedef enum basalt_lookup_failure {
	BASALT_LOOKUP_NONE = 0,
	BASALT_LOOKUP_INVALID_ROOT = 1,
	BASALT_LOOKUP_MISSING_CAPABILITY = 2,
	BASALT_LOOKUP_DEPTH_MISMATCH = 3,
	BASALT_LOOKUP_GUARD_MISMATCH = 4,
} basalt_lookup_failure_t;

#endif
