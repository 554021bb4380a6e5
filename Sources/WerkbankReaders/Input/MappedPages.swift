#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// Keeps a mapped file from being resident all at once: a scan hands the
/// pages it has read back (`release`), so the file's pages stay in the page
/// cache but not in the process (peak memory: the pieces in flight, not the
/// file). The CSV scanner releases behind itself every 64k records; the
/// whole-file checks before it (UTF-8, the chunk plan) read windows that
/// they fault in at once (`populate`) and release after.
///
/// Both act only on a range inside a mapping that `MappedFileGuard` has
/// registered: a read-only private mapping of a file, whose released pages
/// are read again from the file if touched again. On any other buffer (a
/// copy, a pipe's bytes, a test's array) they do nothing, since dropping
/// anonymous pages would lose their contents.
enum MappedPages {
    /// Bytes a whole-file check reads before it releases them: small enough
    /// that the pieces in flight on all cores stay a few tens of MB, large
    /// enough that the system calls cost nothing next to the scan.
    static let window = 8 << 20

    /// Faults in the pages of `range` at once (one system call instead of a
    /// page fault per 64 KB); a hint: failure is ignored.
    static func populate(_ p: UnsafePointer<UInt8>, _ range: Range<Int>) {
        #if os(Linux)
        guard let (start, length) = pages(p, range, inner: false) else { return }
        _ = madvise(start, length, 22)  // MADV_POPULATE_READ (Linux 5.14); older kernels refuse it
        #endif
    }

    /// Drops the pages that lie wholly inside `range` from the process (the
    /// pages at its ends may hold a neighbouring piece's bytes).
    static func release(_ p: UnsafePointer<UInt8>, _ range: Range<Int>) {
        guard let (start, length) = pages(p, range, inner: true) else { return }
        _ = madvise(start, length, MADV_DONTNEED)
    }

    /// The page-aligned span of `range` (inner: the pages wholly inside;
    /// else: every page it touches), when it lies in a guarded mapping.
    private static func pages(_ p: UnsafePointer<UInt8>, _ range: Range<Int>, inner: Bool) -> (UnsafeMutableRawPointer, Int)? {
        guard !range.isEmpty else { return nil }
        let lower = Int(bitPattern: p) + range.lowerBound, upper = Int(bitPattern: p) + range.upperBound
        guard let mapping = MappedFileGuard.mapping(containing: lower), upper <= mapping.upperBound else { return nil }
        let mask = MappedFileGuard.pageSize - 1
        let start = inner ? (lower + mask) & ~mask : lower & ~mask
        let end = inner ? upper & ~mask : min((upper + mask) & ~mask, (mapping.upperBound + mask) & ~mask)
        guard end > start, let address = UnsafeMutableRawPointer(bitPattern: start) else { return nil }
        return (address, end - start)
    }
}
