#include "test.h"

const test_suite_t suite_ntfn = { 0, 0 };
