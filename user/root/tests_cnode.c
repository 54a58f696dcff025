#include "test.h"

const test_suite_t suite_cnode = { 0, 0 };
