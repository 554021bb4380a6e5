import Foundation
import Testing
import WerkbankRender

/// Runs generated pipelines in werkbank and the same queries as SQL in the
/// sqlite3 program, and compares the results (floats to 1e-9 relative).
@Suite(.serialized) struct DifferentialTests {
    static let queryCount = 240

    static let sqlite: String? = ["/usr/bin/sqlite3", "/usr/local/bin/sqlite3"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Tables and queries, made once from a fixed seed.
    struct Fixture {
        var t: GeneratedTable
        var u: GeneratedTable
        var queries: [QueryGenerator.Query]
        var dir: String
    }

    static let fixture: Fixture = {
        var rng = SeededRandom(state: 20_241_123)
        let t = GeneratedTable.make("t", rows: 120, rng: &rng)
        let u = GeneratedTable.make("u", rows: 25, rng: &rng, keyRange: 2...9)
        var gen = QueryGenerator(rng: SeededRandom(state: 7))
        let queries = (0..<queryCount).map { _ in gen.next() }
        let dir = NSTemporaryDirectory() + "wb-diff-\(getpid())"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: dir + "/t.csv", contents: Data(t.csv.utf8))
        _ = FileManager.default.createFile(atPath: dir + "/u.csv", contents: Data(u.csv.utf8))
        _ = FileManager.default.createFile(atPath: dir + "/db.sql", contents: Data((t.sql + u.sql).utf8))
        return Fixture(t: t, u: u, queries: queries, dir: dir)
    }()

    @Test(arguments: 0..<queryCount)
    func agreesWithSQLite(_ index: Int) throws {
        let sqlite = try #require(Self.sqlite, "sqlite3 is not installed (.ci/deps installs it)")
        let f = Self.fixture
        let q = f.queries[index]
        let h = Harness(format: .csv, baseDirectory: f.dir)
        h.run("load \"t.csv\" as t; load \"u.csv\" as u")
        let ours = h.csv(q.pipeline)
        let theirs = try runSQLite(sqlite, db: f.dir + "/db.sql", query: q.sql)
        let a = parseCSV(ours), b = parseCSV(theirs)
        #expect(a.count == b.count, "rows differ for \(q.pipeline)\nwerkbank:\n\(ours)\nsqlite:\n\(theirs)")
        guard a.count == b.count else { return }
        for (i, (ra, rb)) in zip(a, b).enumerated().dropFirst() {
            #expect(ra.count == rb.count, "columns differ in row \(i) for \(q.pipeline)")
            for (x, y) in zip(ra, rb) where !same(x, y) {
                Issue.record("row \(i): werkbank \(x) vs sqlite \(y) for \(q.pipeline)\n| \(q.sql)\nwerkbank:\n\(ours)\nsqlite:\n\(theirs)")
                return
            }
        }
    }

    func runSQLite(_ sqlite: String, db: String, query: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: sqlite)
        p.arguments = ["-csv", "-header", ":memory:"]
        let input = Pipe(), output = Pipe()
        p.standardInput = input
        p.standardOutput = output
        try p.run()
        let script = (try String(contentsOfFile: db, encoding: .utf8)) + query + ";\n"
        input.fileHandleForWriting.write(Data(script.utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// Equal as text, or as numbers within 1e-9 relative; empty is null on both sides.
    func same(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        guard let x = Double(a), let y = Double(b) else { return false }
        return abs(x - y) <= 1e-9 * max(1, abs(x), abs(y))
    }

    /// A small RFC 4180 parser for comparing outputs.
    func parseCSV(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = ""
        var quoted = false, i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            if quoted {
                if c == "\"" {
                    let n = text.index(after: i)
                    if n < text.endIndex, text[n] == "\"" { field.append("\""); i = n } else { quoted = false }
                } else {
                    field.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                row.append(field); field = ""
            } else if c == "\n" || c == "\r\n" {
                row.append(field); rows.append(row); row = []; field = ""
            } else if c != "\r" {
                field.append(c)
            }
            i = text.index(after: i)
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }
}
