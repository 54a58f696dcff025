#include "test.h"

const test_suite_t suite_tcb = { 0, 0 };
