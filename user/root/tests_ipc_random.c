#include "test.h"

const test_suite_t suite_ipc_random = { 0, 0 };
