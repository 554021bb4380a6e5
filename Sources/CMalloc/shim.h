// glibc's allocator settings (mallopt), for AllocatorTuning in the werkbank executable.
#if defined(__linux__)
#include <malloc.h>
#endif
