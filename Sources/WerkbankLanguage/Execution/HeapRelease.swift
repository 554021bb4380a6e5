import CMalloc

/// Hands the heap's free pages back to the kernel once a file is read. The
/// readers' scratch (per-chunk buffers, a chunk's column pieces) comes from
/// glibc's heap, under the 32 MB mmap threshold `AllocatorTuning` sets, and
/// stays resident after it is freed: at 10M rows some 60 MB that every
/// later stage's peak would carry, while the big column vectors that follow
/// are mapped afresh and never reuse it.
enum HeapRelease {
    static func afterRead() {
        #if os(Linux) && canImport(Glibc)
        _ = malloc_trim(0)
        #endif
    }
}
