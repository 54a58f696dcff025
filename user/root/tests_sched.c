#include "test.h"

const test_suite_t suite_sched = { 0, 0 };
