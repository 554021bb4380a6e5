import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A program running on a pseudo-terminal, driven as a user would: keys in,
/// screen text out (escape sequences stripped for matching).
final class PseudoTerminal {
    let pid: pid_t
    let master: Int32
    private(set) var raw: [UInt8] = []
    /// Where `waitFor` starts looking; moved past each match.
    private var cursor = 0
    private var exitStatus: Int32?

    /// The werkbank binary built beside the test bundle (or `$WERKBANK_BINARY`).
    static var werkbankBinary: String? {
        if let p = ProcessInfo.processInfo.environment["WERKBANK_BINARY"], FileManager.default.isExecutableFile(atPath: p) { return p }
        var candidates: [String] = []
        let here = URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent()
        candidates.append(here.appendingPathComponent("werkbank").path)
        for b in Bundle.allBundles { candidates.append(b.bundleURL.deletingLastPathComponent().appendingPathComponent("werkbank").path) }
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(source.appendingPathComponent(".build-shell/debug/werkbank").path)
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    init?(_ executable: String, arguments: [String] = [], environment: [String: String], columns: UInt16 = 100, rows: UInt16 = 60) {
        // Everything the child needs is built before fork: after it, only exec.
        func cStrings(_ list: [String]) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> {
            let p = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: list.count + 1)
            for (i, s) in list.enumerated() { p[i] = strdup(s) }
            p[list.count] = nil
            return p
        }
        let argv = cStrings([executable] + arguments)
        let envp = cStrings(environment.map { "\($0.key)=\($0.value)" })
        let path = strdup(executable)
        defer {
            var i = 0
            while let s = argv[i] { free(s); i += 1 }
            i = 0
            while let s = envp[i] { free(s); i += 1 }
            argv.deallocate()
            envp.deallocate()
            free(path)
        }
        var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        var fd: Int32 = -1
        let child = forkpty(&fd, nil, nil, &size)
        if child == 0 {
            execve(path, argv, envp)
            _exit(127)
        }
        guard child > 0 else { return nil }
        pid = child
        master = fd
    }

    deinit {
        if exitStatus == nil {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        close(master)
    }

    func send(_ keys: String) {
        let bytes = Array(keys.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
            if n <= 0 { return }
            offset += n
        }
    }

    /// Reads what is there, waiting at most `timeout` seconds for something.
    @discardableResult
    func pump(timeout: Double) -> Bool {
        var fds = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        guard poll(&fds, 1, Int32(timeout * 1000)) > 0 else { return false }
        var buffer = [UInt8](repeating: 0, count: 65536)
        let n = read(master, &buffer, buffer.count)
        guard n > 0 else { return false }
        raw += buffer[..<n]
        return true
    }

    /// The screen text since `cursor`, without escape sequences and carriage returns.
    var screen: String { Self.strip(Array(raw[cursor...])) }
    var all: String { Self.strip(raw) }

    /// Waits until `marker` appears after the cursor; moves the cursor past it.
    @discardableResult
    func waitFor(_ marker: String, timeout: Double = 15) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let (plain, offsets) = Self.stripMapped(Array(raw[cursor...]))
            let needle = Array(marker.utf8)
            if let at = Self.find(needle, in: plain) {
                // Move the cursor in raw bytes to just after the match.
                cursor += offsets[at + needle.count - 1] + 1
                return true
            }
            let left = deadline.timeIntervalSinceNow
            if left <= 0 { return false }
            pump(timeout: min(left, 0.2))
        }
    }

    /// Waits for the process to end; its exit status, or nil on timeout.
    func waitExit(timeout: Double = 10) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            pump(timeout: 0.05)
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                exitStatus = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
                return exitStatus
            }
        }
        return nil
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count else { return needle.isEmpty ? 0 : nil }
        for i in 0...(haystack.count - needle.count) where haystack[i] == needle[0] {
            if haystack[i..<(i + needle.count)].elementsEqual(needle) { return i }
        }
        return nil
    }

    static func strip(_ bytes: [UInt8]) -> String {
        String(decoding: stripMapped(bytes).0, as: UTF8.self)
    }

    /// The bytes without escape sequences, and for each kept byte its offset in `bytes`.
    static func stripMapped(_ bytes: [UInt8]) -> ([UInt8], [Int]) {
        var out: [UInt8] = [], offsets: [Int] = []
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x1B, i + 1 < bytes.count {
                let next = bytes[i + 1]
                if next == UInt8(ascii: "[") {
                    i += 2
                    while i < bytes.count, !(0x40...0x7E).contains(bytes[i]) { i += 1 }
                    i += 1
                } else if next == UInt8(ascii: "]") {
                    i += 2
                    while i < bytes.count, bytes[i] != 0x07, bytes[i] != 0x1B { i += 1 }
                    i += 1
                } else {
                    i += 2
                }
                continue
            }
            if b != 0x0D && b != 0x07 {
                out.append(b)
                offsets.append(i)
            }
            i += 1
        }
        return (out, offsets)
    }
}
