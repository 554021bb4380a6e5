// memmem(3): in glibc, musl and Darwin's libc, but Swift's Glibc module does
// not show it (it is declared only under _GNU_SOURCE). Declared here so the
// CSV reader can look for a repeated header line without a loop per line.
#include <stddef.h>
void *memmem(const void *haystack, size_t haystacklen, const void *needle, size_t needlelen);
