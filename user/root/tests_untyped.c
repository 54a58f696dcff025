/*
 * Untyped_Retype: every object type, edge sizes, the watermark, alignment,
 * reuse after revoke, zeroed memory, device untyped.
 */
#include "test.h"

#include "basalt/objects.h"

static int retype_every_type(test_env_t *env)
{
	static const struct { basalt_word_t type, bits; } kinds[] = {
		{ BASALT_OBJ_UNTYPED, BASALT_UNTYPED_MIN_BITS }, { BASALT_OBJ_UNTYPED, 20 },
		{ BASALT_OBJ_TCB, 0 }, { BASALT_OBJ_ENDPOINT, 0 }, { BASALT_OBJ_NOTIFICATION, 0 },
		{ BASALT_OBJ_CNODE, BASALT_CNODE_MIN_RADIX }, { BASALT_OBJ_CNODE, 10 },
		{ BASALT_OBJ_FRAME_4K, 0 }, { BASALT_OBJ_FRAME_2M, 0 }, { BASALT_OBJ_PAGE_TABLE, 0 },
	};
	static const unsigned cap_types[] = {
		BASALT_CAP_TYPE_UNTYPED, BASALT_CAP_TYPE_UNTYPED, BASALT_CAP_TYPE_TCB,
		BASALT_CAP_TYPE_ENDPOINT, BASALT_CAP_TYPE_NOTIFICATION, BASALT_CAP_TYPE_CNODE,
		BASALT_CAP_TYPE_CNODE, BASALT_CAP_TYPE_FRAME, BASALT_CAP_TYPE_FRAME,
		BASALT_CAP_TYPE_PAGE_TABLE,
	};

	for (unsigned i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		basalt_cptr_t c = test_object(env, kinds[i].type, kinds[i].bits);

		CHECK(env, c != 0);
		CHECK_EQ(env, basalt_debug_cap_identify(c), cap_types[i]);
	}
	return 0;
}

static const test_t tests[] = {
	{ "UNTYPED0001", "retype every object type", retype_every_type },
};

const test_suite_t suite_untyped = { tests, sizeof(tests) / sizeof(tests[0]) };
