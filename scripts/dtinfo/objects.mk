dtinfo-srcs := scripts/dtinfo/dtinfo.c scripts/dtinfo/json.c
