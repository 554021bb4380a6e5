import Foundation
import Synchronization
import Testing

/// Another process truncating a file while `load` reads it: every load
/// gives either the complete, correct table (the truncation came after the
/// read) or the error "the file changed while it was read", and the session
/// goes on. With memory-mapped reads this ended the process with SIGBUS.
///
/// The truncation is timed from the moment the file is open in this process
/// (seen in /proc/self/fd), after delays spread over the time a whole load
/// takes and crowded at the start, where the bytes are read.
@Suite(.serialized, .enabled(if: FileManager.default.fileExists(atPath: "/proc/self/fd"), "needs /proc/self/fd"))
struct TruncationTests {
    /// Truncates a file to half its size once this process has it open.
    final class Truncator: @unchecked Sendable {
        private let stopped = Atomic<Bool>(false)
        private let finished = DispatchSemaphore(value: 0)
        private let didTruncate = Atomic<Bool>(false)

        init(path: String, size: Int64, delay: Double) {
            Thread { [self] in
                defer { finished.signal() }
                while !stopped.load(ordering: .relaxed) {
                    if Self.isOpen(path) {
                        if delay > 0 { Thread.sleep(forTimeInterval: delay) }
                        if stopped.load(ordering: .relaxed) { return }
                        if truncate(path, off_t(size)) == 0 { didTruncate.store(true, ordering: .relaxed) }
                        return
                    }
                    usleep(50)
                }
            }.start()
        }

        /// Stops waiting (the load is over) and returns whether it truncated.
        func stop() -> Bool {
            stopped.store(true, ordering: .relaxed)
            finished.wait()
            return didTruncate.load(ordering: .relaxed)
        }

        static func isOpen(_ path: String) -> Bool {
            guard let dir = opendir("/proc/self/fd") else { return false }
            defer { closedir(dir) }
            var target = [CChar](repeating: 0, count: 4096)
            while let entry = readdir(dir) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                let n = readlink("/proc/self/fd/" + name, &target, target.count - 1)
                if n > 0, String(decoding: target[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self) == path { return true }
            }
            return false
        }
    }

    static func temporaryFolder() throws -> String {
        let dir = NSTemporaryDirectory() + "wb-truncate-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        // /proc/self/fd shows the real path.
        return URL(fileURLWithPath: dir).resolvingSymlinksInPath().path
    }

    /// Loads `name` (whose bytes are `contents`) `iterations` times, each
    /// time truncating it meanwhile, and checks every outcome.
    func truncateWhileLoading(_ name: String, contents: Data, rows: Int, iterations: Int) throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/" + name
        let h = Harness(baseDirectory: dir)
        let statement = "load \"\(name)\" | summarize n = count(), s = sum(a)"
        // Rows a = 0 … rows - 1: their sum is rows (rows - 1) / 2.
        let complete = "n,s\n\(rows),\(rows * (rows - 1) / 2)\n"
        try contents.write(to: URL(fileURLWithPath: path))
        let started = Date()
        #expect(h.csv(statement) == complete)
        let whole = Date().timeIntervalSince(started)
        var errors = 0, truncations = 0
        for k in 0..<iterations {
            try contents.write(to: URL(fileURLWithPath: path))
            let fraction = Double(k) / Double(iterations)
            let truncator = Truncator(path: path, size: Int64(contents.count / 2), delay: whole * fraction * fraction)
            let out = h.run(statement)
            if truncator.stop() { truncations += 1 }
            if out.failed {
                errors += 1
                #expect(out.stderr.contains("cannot read \(path): the file changed while it was read"), "\(name), try \(k): \(out.stderr)")
            } else {
                #expect(out.stdout == complete, "\(name), try \(k): a partial table")
            }
        }
        // The first tries truncate while the bytes are read: some must fail.
        #expect(truncations > 0 && errors > 0, "\(name): \(truncations) truncations, \(errors) errors")
        // The session goes on.
        try contents.write(to: URL(fileURLWithPath: path))
        #expect(h.csv(statement) == complete)
    }

    @Test func csv() throws {
        let rows = 1_000_000
        var text = "a,name,x\n"
        text.reserveCapacity(rows * 26)
        for i in 0..<rows { text += "\(i),name \(i % 977),\(i / 2).5\n" }
        try truncateWhileLoading("big.csv", contents: Data(text.utf8), rows: rows, iterations: 16)
    }

    @Test func json() throws {
        let rows = 250_000
        var text = "[\n"
        for i in 0..<rows { text += (i == 0 ? "" : ",\n") + "{\"a\": \(i), \"name\": \"name \(i % 977)\"}" }
        text += "\n]\n"
        try truncateWhileLoading("big.json", contents: Data(text.utf8), rows: rows, iterations: 8)
    }

    @Test func geojson() throws {
        let rows = 50_000
        var text = "{\"type\": \"FeatureCollection\", \"features\": [\n"
        for i in 0..<rows {
            text +=
                (i == 0 ? "" : ",\n")
                + "{\"type\": \"Feature\", \"properties\": {\"a\": \(i)}, \"geometry\": {\"type\": \"Point\", \"coordinates\": [\(4 + Double(i % 1000) / 1000), 52.1]}}"
        }
        text += "\n]}\n"
        try truncateWhileLoading("big.geojson", contents: Data(text.utf8), rows: rows, iterations: 8)
    }

    @Test func xlsx() throws {
        let rows = 60_000
        var xml = "<sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c></row>"
        for i in 0..<rows {
            let r = i + 2
            xml += "<row r=\"\(r)\"><c r=\"A\(r)\"><v>\(i)</v></c><c r=\"B\(r)\" t=\"s\"><v>\(2 + i % 50)</v></c></row>"
        }
        xml += "</sheetData>"
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let source = dir + "/source.xlsx"
        try XLSXFixture.write(
            source, sheets: [XLSXFixture.Sheet(name: "data", xml: xml)],
            shared: ["a", "name"] + (0..<50).map { "name \($0)" })
        let contents = try Data(contentsOf: URL(fileURLWithPath: source))
        try truncateWhileLoading("big.xlsx", contents: contents, rows: rows, iterations: 8)
    }
}
