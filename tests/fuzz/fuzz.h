/*
 * fuzz.h - the entry point every fuzz target defines. Built with clang
 * -fsanitize=fuzzer it is libFuzzer's; built with replay.c and the normal
 * compiler it is called once per corpus file (make test).
 */
#ifndef MESHPLAN_FUZZ_H
#define MESHPLAN_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
