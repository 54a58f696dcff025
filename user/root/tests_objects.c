#include "test.h"

const test_suite_t suite_objects = { 0, 0 };
