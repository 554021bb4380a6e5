import WerkbankEngine
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif
import Synchronization

/// A file opened for reading by a reader: the one place that decides what
/// may be read and reads it.
///
/// - A regular file is mapped into memory, guarded against another process
///   truncating it (which would raise SIGBUS; see `MappedFileGuard`), or
///   copied with `pread` while a progress bar follows the read. A page cut
///   off, a read that ends early, or a size or modification time that
///   differs after the read from when the file was opened is an error
///   ("the file changed while it was read"), never a partial table.
/// - A pipe (`/dev/stdin`, a FIFO) is read to its end, waiting in `poll` so
///   that Ctrl-C stops the wait; it can be read only once.
/// - A device (character or block) or a socket is refused before it is
///   opened: `/dev/zero` never ends, and opening a device can have effects.
public final class InputFile {
    public enum Kind: Equatable, Sendable {
        case regular
        case pipe
    }

    public let path: String
    public let kind: Kind
    /// The size when opened (0 for a pipe).
    public let size: Int
    private let fd: Int32
    private let modified: timespec

    /// Bytes read per `pread` call: between two calls the cancellation flag
    /// is checked and the progress advanced.
    static let chunk = 4 << 20

    /// Opens `path`, refusing what is not a regular file or a pipe.
    public init(path: String) throws(EngineError) {
        self.path = path
        var st = stat()
        // stat first: a device is refused without being opened.
        if stat(path, &st) != 0 { throw .io(path: path, message: ReadErrorText.errnoMessage()) }
        try Self.requireReadable(st, path: path)
        // O_NONBLOCK: opening a FIFO must not wait for a writer (that wait
        // could not be cancelled); the reads wait in `poll` instead.
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        if fd < 0 { throw .io(path: path, message: ReadErrorText.errnoMessage()) }
        // Again on what was opened: the path may have changed in between.
        if fstat(fd, &st) != 0 {
            let message = ReadErrorText.errnoMessage()
            close(fd)
            throw .io(path: path, message: message)
        }
        do throws(EngineError) {
            try Self.requireReadable(st, path: path)
        } catch {
            close(fd)
            throw error
        }
        self.fd = fd
        kind = (st.st_mode & S_IFMT) == S_IFIFO ? .pipe : .regular
        size = kind == .regular ? max(0, Int(st.st_size)) : 0
        modified = Self.modificationTime(st)
    }

    deinit { close(fd) }

    /// What a file of this mode is, for the error that refuses it; nil for
    /// a regular file or a pipe.
    static func refusal(_ mode: mode_t) -> (what: String, hint: String)? {
        switch mode & S_IFMT {
        case S_IFREG, S_IFIFO: nil
        case S_IFDIR: ("it is a folder, not a file", "give the path of a file in it")
        case S_IFCHR: ("it is a character device, not a file", "load reads regular files and pipes")
        case S_IFBLK: ("it is a block device, not a file", "load reads regular files and pipes")
        case S_IFSOCK: ("it is a socket, not a file", "load reads regular files and pipes")
        default: ("it is not a regular file", "load reads regular files and pipes")
        }
    }

    static func requireReadable(_ st: stat, path: String) throws(EngineError) {
        if let (what, hint) = refusal(st.st_mode) { throw .unreadable(path: path, message: what, hint: hint) }
    }

    static func modificationTime(_ st: stat) -> timespec {
        #if canImport(Darwin)
        st.st_mtimespec
        #else
        st.st_mtim
        #endif
    }

    /// The error for a file that changed while it was read.
    var changed: EngineError {
        .unreadable(
            path: path, message: "the file changed while it was read",
            hint: "load it again once the program writing it has finished")
    }

    /// Throws when the file's size or modification time differs from when it
    /// was opened (another process wrote to it or truncated it meanwhile).
    public func checkUnchanged() throws(EngineError) {
        guard kind == .regular else { return }
        var st = stat()
        if fstat(fd, &st) != 0 { throw .io(path: path, message: ReadErrorText.errnoMessage()) }
        let now = Self.modificationTime(st)
        if Int(st.st_size) != size || now.tv_sec != modified.tv_sec || now.tv_nsec != modified.tv_nsec { throw changed }
    }

    /// Up to `count` bytes from the start, without consuming anything: for
    /// recognising the file by its first bytes. Empty for a pipe, whose
    /// first bytes can only be read with the rest of it (`readAll`).
    public func leadingBytes(_ count: Int) throws(EngineError) -> [UInt8] {
        try bytes(at: 0, count: count)
    }

    /// Up to `count` bytes from `offset` of a regular file (empty for a
    /// pipe): a sample of a file too large to read whole (`CSVIngestSniff`).
    public func bytes(at offset: Int, count: Int) throws(EngineError) -> [UInt8] {
        guard kind == .regular, offset < size else { return [] }
        let wanted = min(count, size - offset)
        var failure: EngineError?
        let bytes = [UInt8](unsafeUninitializedCapacity: wanted) { out, initialized in
            initialized = 0
            guard let base = out.baseAddress else { return }
            while initialized < wanted {
                let got = pread(fd, base + initialized, wanted - initialized, off_t(offset + initialized))
                if got < 0 {
                    if errno == EINTR { continue }
                    failure = .io(path: path, message: ReadErrorText.errnoMessage())
                    return
                }
                if got == 0 { return }
                initialized += got
            }
        }
        if let failure { throw failure }
        return bytes
    }

    /// The whole content as an array: a pipe's bytes (read once, then
    /// handed to the readers that take bytes).
    public func readAll(cancel: CancellationToken = .never) throws(EngineError) -> [UInt8] {
        if kind == .pipe || size == 0 { return try readToEnd(cancel: cancel) }
        return try withContents(cancel: cancel) { Array($0) }
    }

    /// Calls `body` with the whole content. A regular file is mapped
    /// (`MappedFile`, guarded against truncation by `MappedFileGuard`); with
    /// a progress bar, or when it cannot be mapped, it is copied (`copy`).
    /// Either way a file that changed while it was read is an error: the
    /// guard saw a page cut off, or the size or modification time differs
    /// from when the file was opened. Such a change wins over an error the
    /// reader gave on the damaged bytes.
    public func withContents<R>(
        cancel: CancellationToken = .never, progress: (@Sendable (Int) -> Void)? = nil,
        _ body: (UnsafeBufferPointer<UInt8>) throws(EngineError) -> R
    ) throws(EngineError) -> R {
        if kind == .pipe || size == 0 {
            let bytes = try readToEnd(cancel: cancel)
            return try bytes.withUnsafeBufferPointer { (b) throws(EngineError) -> R in try body(b) }
        }
        guard progress == nil, let mapped = MappedFile(fd: fd, size: size) else {
            return try copy(cancel: cancel, progress: progress, body)
        }
        defer { mapped.unmap() }
        let result: R
        do {
            result = try body(mapped.bytes)
        } catch {
            if mapped.damaged { throw changed }
            try checkUnchanged()
            throw error
        }
        if mapped.damaged { throw changed }
        try checkUnchanged()
        return result
    }

    /// `withContents` by copying: `pread` in parallel pieces into an
    /// anonymous mapping with transparent huge pages asked for (the page
    /// faults of a fresh buffer of 4 KB pages cost more than the copy).
    /// `progress` is told the bytes read so far (from any thread);
    /// cancellation is checked between chunks.
    func copy<R>(
        cancel: CancellationToken, progress: (@Sendable (Int) -> Void)?,
        _ body: (UnsafeBufferPointer<UInt8>) throws(EngineError) -> R
    ) throws(EngineError) -> R {
        let size = self.size
        let hugePage = 2 << 20
        let length = size + hugePage
        guard let region = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), region != MAP_FAILED else {
            throw .io(path: path, message: ReadErrorText.errnoMessage())
        }
        defer { munmap(region, length) }
        // Aligned to a huge page, so that the whole buffer can use them.
        let start = (Int(bitPattern: region) + hugePage - 1) & ~(hugePage - 1)
        let base = UnsafeMutablePointer<UInt8>(bitPattern: start) ?? region.assumingMemoryBound(to: UInt8.self)
        #if os(Linux)
        _ = madvise(base, size, MADV_HUGEPAGE)
        #endif
        let done = Atomic<Int>(0)
        let pieces = max(1, min(Parallel.coreCount, size / Self.chunk))
        let failures = Parallel.parallelMap(pieces) { k -> EngineError? in
            let from = size / pieces * k, to = k == pieces - 1 ? size : size / pieces * (k + 1)
            return readRange(into: base, from: from, to: to, cancel: cancel) { n in
                let total = done.add(n, ordering: .relaxed).newValue
                progress?(total)
            }
        }
        if let failure = failures.lazy.compactMap({ $0 }).first { throw failure }
        try checkUnchanged()
        return try body(UnsafeBufferPointer(start: base, count: size))
    }

    /// Reads bytes `from..<to` of a regular file into `base + from`, a
    /// chunk at a time; an end before `to` means the file was truncated.
    private func readRange(
        into base: UnsafeMutablePointer<UInt8>, from: Int, to: Int, cancel: CancellationToken,
        advanced: (Int) -> Void
    ) -> EngineError? {
        var at = from
        while at < to {
            if cancel.isCancelled { return .cancelled }
            let got = pread(fd, base + at, min(Self.chunk, to - at), off_t(at))
            if got < 0 {
                if errno == EINTR { continue }
                return .io(path: path, message: ReadErrorText.errnoMessage())
            }
            if got == 0 { return changed }
            at += got
            advanced(got)
        }
        return nil
    }

    /// Reads until the end of the input, waiting for a pipe's writer in
    /// `poll` (a tenth of a second at a time, so Ctrl-C is seen). A pipe
    /// that gives more than the memory budget allows is stopped with an
    /// error, so `cat /dev/zero | werkbank` cannot exhaust the memory.
    func readToEnd(cancel: CancellationToken) throws(EngineError) -> [UInt8] {
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        let limit = MemoryBudget.available().map { Int(min($0 / 2, UInt64(Int.max))) } ?? Int.max
        while true {
            try cancel.check()
            if kind == .pipe {
                var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                let ready = poll(&p, 1, 100)
                if ready < 0, errno != EINTR { throw .io(path: path, message: ReadErrorText.errnoMessage()) }
                if ready <= 0 { continue }
            }
            let got = chunk.withUnsafeMutableBytes { raw in read(fd, raw.baseAddress, raw.count) }
            if got < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw .io(path: path, message: ReadErrorText.errnoMessage())
            }
            if got == 0 { break }
            buffer.append(contentsOf: chunk[0..<got])
            if buffer.count > limit {
                throw .unreadable(
                    path: path, message: "the input is larger than the \(MemoryBudget.megabytes(UInt64(limit))) of memory a read may use",
                    hint: "save it to a file and check its size")
            }
        }
        return buffer
    }
}
