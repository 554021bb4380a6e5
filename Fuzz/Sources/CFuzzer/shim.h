// libFuzzer's driver, from libclang_rt.fuzzer_no_main (linked by .ci/fuzz).
//
// The fuzzers are not built with `-sanitize=fuzzer`: that links libFuzzer's
// own `main` into every executable, the Library plugin's build tool too,
// which then fails to link. Instead everything is built with
// `-sanitize=address` and the coverage `-sanitize=fuzzer` would add, and
// each fuzzer's main.swift hands its arguments to this driver.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv,
                        int (*callback)(const uint8_t *data, size_t size));
