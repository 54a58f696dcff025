#include "test.h"

const test_suite_t suite_errors = { 0, 0 };
