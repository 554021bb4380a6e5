import WerkbankEngine
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Keeps a memory-mapped file that another process truncates from ending
/// the process. Touching a mapped page past the file's new end raises
/// SIGBUS; the handler installed here maps a page of zeros over the faulting
/// address (`mmap` is a plain system call, safe in a handler), marks the
/// mapping as damaged and returns, so the reader goes on over zeros and
/// `MappedFile` turns its result into an error afterwards.
///
/// Why not read into memory instead: measured end to end (`load` of the
/// benchmark CSV, release build), copying with `pread` cost 2–3% at 83 MB
/// and 13% wall / 27% CPU at 413 MB (zeroing and copying every page);
/// mapping costs neither.
///
/// The handler touches only a fixed table of atomics (base, end, damaged per
/// mapping), registered before and cleared after each use. A SIGBUS outside
/// every registered mapping is not ours: the previous disposition is put
/// back and the fault repeats into it (a crash report, as without us).
enum MappedFileGuard {
    /// Mappings guarded at the same time; beyond that a reader copies.
    static let slots = 64

    /// Per slot: base address (0 free, -1 being filled), end address, damaged flag.
    nonisolated(unsafe) static let table: UnsafeMutablePointer<Atomic<Int>> = {
        let p = UnsafeMutablePointer<Atomic<Int>>.allocate(capacity: slots * 3)
        for i in 0..<slots * 3 { (p + i).initialize(to: Atomic<Int>(0)) }
        return p
    }()

    nonisolated(unsafe) static let previous: UnsafeMutablePointer<sigaction> = {
        let p = UnsafeMutablePointer<sigaction>.allocate(capacity: 1)
        p.initialize(to: sigaction())
        return p
    }()

    static let pageSize: Int = max(4096, Int(sysconf(Int32(_SC_PAGESIZE))))

    /// Installs the handler once, after the table exists (the handler must
    /// not be the first to touch a lazily initialised global).
    static let installed: Bool = {
        _ = table
        _ = previous
        _ = pageSize
        var action = sigaction()
        #if os(Linux)
        action.__sigaction_handler.sa_sigaction = onSIGBUS
        #else
        action.__sigaction_u.__sa_sigaction = onSIGBUS
        #endif
        action.sa_flags = SA_SIGINFO
        sigemptyset(&action.sa_mask)
        return sigaction(SIGBUS, &action, previous) == 0
    }()

    /// Registers `base..<base + length`; nil when the handler is missing or
    /// every slot is taken.
    static func register(base: UnsafeRawPointer, length: Int) -> Int? {
        guard installed else { return nil }
        for slot in 0..<slots {
            let (exchanged, _) = table[slot * 3].compareExchange(expected: 0, desired: -1, ordering: .acquiring)
            guard exchanged else { continue }
            table[slot * 3 + 1].store(Int(bitPattern: base) + length, ordering: .relaxed)
            table[slot * 3 + 2].store(0, ordering: .relaxed)
            table[slot * 3].store(Int(bitPattern: base), ordering: .releasing)
            return slot
        }
        return nil
    }

    /// Whether a page of the mapping was replaced by zeros.
    static func damaged(_ slot: Int) -> Bool {
        table[slot * 3 + 2].load(ordering: .acquiring) != 0
    }

    /// Forgets the mapping; call before unmapping it.
    static func unregister(_ slot: Int) {
        table[slot * 3].store(0, ordering: .releasing)
    }

    /// The registered mapping (addresses) that holds `address`, if any.
    static func mapping(containing address: Int) -> Range<Int>? {
        for slot in 0..<slots {
            let base = table[slot * 3].load(ordering: .acquiring)
            guard base > 0, address >= base else { continue }
            let end = table[slot * 3 + 1].load(ordering: .relaxed)
            if address < end { return base..<end }
        }
        return nil
    }

    /// In the handler: maps zeros over the page of `address` when it lies
    /// in a registered mapping.
    static func replaceWithZeros(_ address: Int) -> Bool {
        for slot in 0..<slots {
            let base = table[slot * 3].load(ordering: .acquiring)
            guard base > 0, address >= base, address < table[slot * 3 + 1].load(ordering: .relaxed) else { continue }
            let page = address & ~(pageSize - 1)
            let zeros = mmap(
                UnsafeMutableRawPointer(bitPattern: page), pageSize, PROT_READ,
                MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0)
            if zeros == MAP_FAILED { return false }
            table[slot * 3 + 2].store(1, ordering: .releasing)
            return true
        }
        return false
    }
}

private func onSIGBUS(_ signal: Int32, _ info: UnsafeMutablePointer<siginfo_t>?, _ context: UnsafeMutableRawPointer?) {
    if let info {
        #if os(Linux)
        let address = Int(bitPattern: info.pointee._sifields._sigfault.si_addr)
        #else
        let address = Int(bitPattern: info.pointee.si_addr)
        #endif
        if MappedFileGuard.replaceWithZeros(address) { return }
    }
    // Not a guarded mapping: as if this handler were not there.
    sigaction(SIGBUS, MappedFileGuard.previous, nil)
}

/// A regular file mapped read-only and guarded by `MappedFileGuard`.
struct MappedFile {
    let bytes: UnsafeBufferPointer<UInt8>
    private let slot: Int

    /// Files up to this size are mapped with all their pages present.
    static let populatedBytes = 64 << 20

    /// nil when the file cannot be mapped or guarded (the caller copies).
    init?(fd: Int32, size: Int) {
        guard size > 0 else { return nil }
        #if os(Linux)
        // A small file is faulted in at once; a large one a window at a
        // time by the scans that read it (`MappedPages`), so that it is
        // never resident whole.
        let flags = size <= Self.populatedBytes ? MAP_PRIVATE | MAP_POPULATE : MAP_PRIVATE
        #else
        let flags = MAP_PRIVATE
        #endif
        guard let mapped = mmap(nil, size, PROT_READ, flags, fd, 0), mapped != MAP_FAILED else { return nil }
        guard let slot = MappedFileGuard.register(base: mapped, length: size) else {
            munmap(mapped, size)
            return nil
        }
        self.slot = slot
        bytes = UnsafeBufferPointer(start: mapped.assumingMemoryBound(to: UInt8.self), count: size)
    }

    /// Whether the file was cut while mapped: some bytes read were zeros, not the file's.
    var damaged: Bool { MappedFileGuard.damaged(slot) }

    func unmap() {
        MappedFileGuard.unregister(slot)
        munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress), bytes.count)
    }
}
