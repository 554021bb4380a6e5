import Foundation
import Synchronization
import Testing
@testable import WerkbankEngine
@testable import WerkbankReaders

/// What `load` may read: regular files and pipes (read to their end); never
/// a device or a socket. Empty files, folders and unreadable files give a
/// clear error; a file that changes while it is read gives an error, never
/// a partial table.
@Suite struct InputFileTests {
    static func temporaryFolder() throws -> String {
        let dir = NSTemporaryDirectory() + "wb-input-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    func refusal(_ path: String) -> EngineError? {
        do {
            _ = try InputFile(path: path)
            return nil
        } catch {
            return error
        }
    }

    @Test func devicesAreRefusedWithoutBeingRead() throws {
        for device in ["/dev/zero", "/dev/null", "/dev/urandom"] where FileManager.default.fileExists(atPath: device) {
            let e = refusal(device)
            #expect(e?.message == "cannot read \(device): it is a character device, not a file", "\(String(describing: e))")
            #expect(e?.hint == "load reads regular files and pipes")
            // Through load: the error, with the caret under the path; no hang.
            let out = Harness().error("load \"\(device)\" | count")
            #expect(out.contains("error: cannot read \(device): it is a character device, not a file"), "\(out)")
            #expect(out.contains("  |      " + String(repeating: "^", count: device.count + 2) + "\n"), "\(out)")
            #expect(out.contains("hint: load reads regular files and pipes"), "\(out)")
        }
        // A block device, where the machine has one.
        let block = (try? FileManager.default.contentsOfDirectory(atPath: "/dev"))?.sorted().map { "/dev/" + $0 }.first { path in
            var st = stat()
            return lstat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFBLK
        }
        if let block {
            #expect(refusal(block)?.message == "cannot read \(block): it is a block device, not a file")
        }
    }

    @Test func aSocketIsRefused() throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/s.csv"
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        try #require(fd >= 0)
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, b) in path.utf8.prefix(raw.count - 1).enumerated() { raw[i] = b }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        try #require(bound == 0)
        #expect(refusal(path)?.message == "cannot read \(path): it is a socket, not a file")
        #expect(Harness(baseDirectory: dir).error("load \"s.csv\"").contains("it is a socket, not a file"))
    }

    /// A FIFO is read to its end: the writer comes after `load` started waiting.
    @Test func aFIFOIsReadToItsEnd() throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/pipe.csv"
        try #require(mkfifo(path, 0o600) == 0)
        // 100,000 rows: more than a pipe's buffer, so the reader must keep reading.
        let rows = 100_000
        let text = "n,name\n" + (0..<rows).map { "\($0),row \($0)\n" }.joined()
        let writer = Thread {
            Thread.sleep(forTimeInterval: 0.3)
            let fd = open(path, O_WRONLY)
            guard fd >= 0 else { return }
            var bytes = Array(text.utf8)[...]
            while !bytes.isEmpty {
                let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
                if n <= 0 { break }
                bytes = bytes.dropFirst(n)
            }
            close(fd)
        }
        writer.start()
        // Sum 0 + 1 + … + (rows - 1) = rows (rows - 1) / 2.
        let out = Harness(baseDirectory: dir).csv("load \"pipe.csv\" | summarize rows = count(), total = sum(n)")
        #expect(out == "rows,total\n\(rows),\(rows * (rows - 1) / 2)\n")
    }

    /// Waiting for a FIFO's writer is cancellable (Ctrl-C), within a poll interval.
    @Test func waitingForAPipeWriterIsCancellable() throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/nobody.csv"
        try #require(mkfifo(path, 0o600) == 0)
        let token = CancellationToken()
        let started = Date()
        let input = try InputFile(path: path)
        #expect(input.kind == .pipe)
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { token.cancel() }
        #expect(throws: EngineError.cancelled) { try input.readAll(cancel: token) }
        #expect(Date().timeIntervalSince(started) < 2)
    }

    /// A notebook pins the files a session read by their hash: only regular
    /// files (hashing a FIFO would wait for a writer, a device never ends).
    @Test func onlyRegularFilesArePinned() throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try #require(mkfifo(dir + "/fifo.csv", 0o600) == 0)
        #expect(SHA256.hexOfFile(dir + "/fifo.csv") == nil)
        #expect(SHA256.hexOfFile("/dev/zero") == nil)
        Self.put(dir + "/abc.csv", "abc")
        // sha256("abc"), FIPS 180-2 appendix B.1.
        #expect(SHA256.hexOfFile(dir + "/abc.csv") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        // One million "a", FIPS 180-2 appendix B.3; three times that spans
        // blocks of the file read, checked against coreutils' sha256sum.
        Self.put(dir + "/a.csv", String(repeating: "a", count: 1_000_000))
        #expect(SHA256.hexOfFile(dir + "/a.csv") == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        Self.put(dir + "/big.csv", String(repeating: "werkbank,", count: 350_000) + "end")
        let sha256sum = Process()
        sha256sum.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        sha256sum.arguments = [dir + "/big.csv"]
        let pipe = Pipe()
        sha256sum.standardOutput = pipe
        if (try? sha256sum.run()) != nil {
            let printed = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            sha256sum.waitUntilExit()
            #expect(SHA256.hexOfFile(dir + "/big.csv") == printed.split(separator: " ").first.map(String.init))
        }
    }

    /// `/dev/stdin` when it is a pipe: the data piped into the process.
    @Test func standardInputAsAPipe() throws {
        try #require(BinaryRunner.binary != nil)
        let r = try BinaryRunner.run(
            ["--format", "csv", "-c", "load \"/dev/stdin\" | summarize n = count(), s = sum(b)"],
            stdin: "a,b\nx,1\ny,2\nz,4\n")
        #expect(!r.signaled && !r.timedOut)
        #expect(r.stdout == "n,s\n3,7\n", "\(r.stderr)")
        // A pipe's first bytes are checked too, once it has been read.
        let pdf = try BinaryRunner.run(["-c", "load \"/dev/stdin\""], stdin: "%PDF-1.7\n%âãÏÓ\n1 0 obj\n")
        #expect(pdf.status == 1 && pdf.stderr.contains("cannot read /dev/stdin: it is a PDF document"), "\(pdf.stderr)")
    }

    /// An empty file, or one of only a UTF-8 byte order mark, is the error
    /// "empty file" in every format (a header-only CSV is a table of 0 rows).
    @Test func emptyFilesAreAnError() throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let h = Harness(baseDirectory: dir)
        for ext in ["csv", "tsv", "json", "jsonl", "geojson", "xlsx"] {
            _ = FileManager.default.createFile(atPath: "\(dir)/empty.\(ext)", contents: Data())
            _ = FileManager.default.createFile(atPath: "\(dir)/bom.\(ext)", contents: Data([0xEF, 0xBB, 0xBF]))
            let empty = h.error("load \"empty.\(ext)\"")
            #expect(empty.contains("error: cannot read \(dir)/empty.\(ext): empty file"), "\(empty)")
            #expect(empty.contains("hint: it holds no bytes; check that it was saved or downloaded completely"), "\(empty)")
            let bom = h.error("load \"bom.\(ext)\"")
            #expect(bom.contains("error: cannot read \(dir)/bom.\(ext): empty file"), "\(bom)")
            #expect(bom.contains("hint: it holds no bytes but a byte order mark;"), "\(bom)")
        }
        _ = FileManager.default.createFile(atPath: dir + "/header.csv", contents: Data("a,b\n".utf8))
        #expect(h.csv("load \"header.csv\" | count") == "count\n0\n")
    }

    @Test func aFolderIsNotAFile() throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(refusal(dir)?.message == "cannot read \(dir): it is a folder, not a file")
        #expect(Harness().error("load \"\(dir)\"").contains("is a folder, not a file"))
    }

    /// Root reads any file, so this runs only for other users.
    @Test(.enabled(if: geteuid() != 0, "root may read a file without permission"))
    func aFileWithoutPermission() throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = FileManager.default.createFile(atPath: dir + "/secret.csv", contents: Data("a\n1\n".utf8))
        try #require(chmod(dir + "/secret.csv", 0) == 0)
        let e = Harness(baseDirectory: dir).error("load \"secret.csv\"")
        #expect(e.contains("cannot read") && e.contains("permission denied"), "\(e)")
    }

    // MARK: A file that changes while it is read

    static func put(_ path: String, _ text: String) {
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
    }

    func contents(_ input: InputFile) throws(EngineError) -> Int {
        try input.withContents { $0.count }
    }

    @Test func aFileTruncatedAfterOpeningIsAnError() throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/t.csv"
        Self.put(path, "a,b\n" + String(repeating: "1,2\n", count: 10_000))
        let input = try InputFile(path: path)
        try #require(truncate(path, 1000) == 0)
        #expect(
            throws: EngineError.unreadable(
                path: path, message: "the file changed while it was read",
                hint: "load it again once the program writing it has finished")
        ) {
            try contents(input)
        }
    }

    /// Cut while mapped: the pages past the new end read as zeros instead
    /// of raising SIGBUS, and the read is an error.
    @Test func aMappedFileCutWhileReadReadsZerosThenFails() throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/cut.csv"
        Self.put(path, String(repeating: "x", count: 1 << 20))
        let input = try InputFile(path: path)
        var last: UInt8 = 1
        #expect(
            throws: EngineError.unreadable(
                path: path, message: "the file changed while it was read",
                hint: "load it again once the program writing it has finished")
        ) {
            try input.withContents { (bytes) throws(EngineError) -> Int in
                _ = truncate(path, 0)
                last = bytes[bytes.count - 1]
                return bytes.count
            }
        }
        #expect(last == 0)
        // The guard is ready for the next file.
        Self.put(path, "a\n1\n")
        #expect(try contents(InputFile(path: path)) == 4)
    }

    /// With a progress bar the file is copied in parallel pieces: every
    /// byte in place, the bar told the total; cut before the copy, an error.
    @Test func copyingWithProgress() throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/copy.bin"
        // 20 MB (five 4 MB chunks), byte i = i mod 251, so a misplaced piece shows.
        let size = 20 << 20
        try Data((0..<size).map { UInt8($0 % 251) }).write(to: URL(fileURLWithPath: path))
        // The pieces report from their threads, not necessarily in order.
        let seen = Mutex<Int>(0)
        let wrong = try InputFile(path: path).withContents(progress: { n in seen.withLock { $0 = max($0, n) } }) { bytes in
            var wrong = 0
            for i in 0..<bytes.count where bytes[i] != UInt8(i % 251) { wrong += 1 }
            return wrong + abs(bytes.count - size)
        }
        #expect(wrong == 0)
        #expect(seen.withLock { $0 } == size)
        let cut = try InputFile(path: path)
        try #require(truncate(path, off_t(size / 3)) == 0)
        #expect(throws: EngineError.self) { try cut.withContents(progress: { _ in }) { $0.count } }
    }

    @Test func aFileThatGrewOrWasRewrittenWhileReadIsAnError() throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/g.csv"
        Self.put(path, "a,b\n1,2\n")
        // Grown: appended to after it was opened.
        let grown = try InputFile(path: path)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("3,4\n".utf8))
        try handle.close()
        #expect(throws: EngineError.self) { try contents(grown) }
        // Rewritten in place at the same size: the modification time tells.
        let rewritten = try InputFile(path: path)
        let fd = open(path, O_WRONLY)
        try #require(fd >= 0)
        _ = "9".utf8CString.withUnsafeBufferPointer { pwrite(fd, $0.baseAddress, 1, 4) }
        var times = [timespec(tv_sec: 1_000_000_000, tv_nsec: 0), timespec(tv_sec: 1_000_000_000, tv_nsec: 0)]
        _ = futimens(fd, &times)
        close(fd)
        #expect(throws: EngineError.self) { try contents(rewritten) }
        // Unchanged: read whole.
        let unchanged = try InputFile(path: path)
        #expect(try contents(unchanged) == 12)
    }
}
