import CMalloc

/// glibc's allocator gives every block over its threshold (128 KB, rising
/// to 32 MB as blocks are freed) fresh pages from the kernel and returns
/// them on free, so each query over a million rows page-faults and zeroes
/// its column arrays anew: half the time of an in-memory join. Keeping big
/// blocks in the heap (and up to 256 MB of freed memory for the next
/// statement) lets them be reused; peak memory stays the same.
enum AllocatorTuning {
    static func apply() {
        #if os(Linux)
        _ = mallopt(M_MMAP_THRESHOLD, 32 << 20)
        _ = mallopt(M_TRIM_THRESHOLD, 256 << 20)
        #endif
    }
}
