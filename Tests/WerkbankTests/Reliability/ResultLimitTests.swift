import Foundation
import Testing
import WerkbankEngine
import WerkbankLanguage

/// A result that cannot fit — more rows than a table holds, or more bytes
/// than the memory budget — is refused with its size and a hint before it is
/// built; the process and the session survive, and `join … | count` counts
/// the matches without building them.
@Suite struct ResultLimitTests {
    /// 300,000 rows, k = row % 500: a self-join on k has 500 × 600² =
    /// 180,000,000 rows.
    static func bigFile() throws -> String {
        let dir = NSTemporaryDirectory() + "wb-limit-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        var text = "id,k,v\n"
        for i in 0..<300_000 { text += "\(i),\(i % 500),\(Double(i % 1000) / 8)\n" }
        try text.write(toFile: dir + "/big.csv", atomically: false, encoding: .utf8)
        return dir
    }

    @Test func aManyToManySelfJoinIsRefusedUnderAnAddressSpaceLimitAndTheSessionGoesOn() throws {
        try #require(BinaryRunner.binary != nil)
        let dir = try Self.bigFile()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let statements = """
            load "big.csv" as t
            t | join t on k
            t | join t on k | count
            t | count
            """
        let r = try BinaryRunner.run([], stdin: statements, cwd: dir, timeout: 300, addressSpaceKB: 6_000_000)
        #expect(!r.signaled && !r.timedOut, "status \(r.status), stderr: \(r.stderr)")
        #expect(r.status == 1, "a failed statement exits 1: \(r.stderr)")
        #expect(r.stderr.contains("the join would have 180,000,000 rows, about"), "\(r.stderr)")
        #expect(r.stderr.contains("GB of memory: more than the"), "\(r.stderr)")
        #expect(r.stderr.contains("hint:") && r.stderr.contains("| count"), "\(r.stderr)")
        // Counted from the hash table, then the session still answers.
        #expect(r.stdout.contains("│ 180,000,000 │"), "\(r.stdout)")
        #expect(r.stdout.contains("│ 300,000 │"), "\(r.stdout)")
    }

    @Test func appendAndSampleBeyondTheBudgetAreRefused() throws {
        try #require(BinaryRunner.binary != nil)
        let dir = try Self.bigFile()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // 20 MB, of which 15 MB for a result: the file (about 4.5 MB, 9 MB to
        // read) loads; 600,000 appended rows of 32 bytes (19.2 MB) do not fit,
        // nor do 300,000 sampled rows with their bookkeeping (28.8 MB).
        let r = try BinaryRunner.run(
            ["--format", "csv"], stdin: "load \"big.csv\" as t\nt | append t | count\nt | sample 300000 | count\nt | sample 10 | count\n",
            cwd: dir, timeout: 120, environment: ["WERKBANK_MEMORY_LIMIT": "20000000"])
        #expect(!r.signaled, "\(r.stderr)")
        #expect(r.stderr.contains("appending t would have 600,000 rows"), "\(r.stderr)")
        #expect(r.stderr.contains("the sample would have 300,000 rows"), "\(r.stderr)")
        #expect(r.stdout.hasSuffix("count\n10\n"), "\(r.stdout)")
    }

    @Test func aJoinBeyondTheRowLimitIsRefusedEvenWhenCounted() {
        let h = Harness()
        // 50,000 rows on one key: 2,500,000,000 row pairs, more than 2^31 - 1.
        let n = 50_000
        h.session.catalog.set("one", Table([("k", Column(.int([Int64](repeating: 1, count: n))))]), origin: .binding)
        for statement in ["one | join one on k", "one | join one on k | count"] {
            let e = h.error(statement)
            #expect(e.contains("the join would have 2,500,000,000 rows") && e.contains("more than a table can hold (2,147,483,647 rows)"), "\(e)")
            #expect(e.contains("hint: join on more keys"), "\(e)")
        }
        #expect(h.csv("cases | count") == "count\n7\n")
    }

    @Test func theSizeOfAJoinComesFromTheHashTable() throws {
        // Left keys 1, 1, 2, null, 3; right keys 1, 2, 2, 2, null (hand counted).
        let left = [Column(.int([1, 1, 2, 0, 3]), validity: Validity([true, true, true, false, true]))]
        let right = [Column(.int([1, 2, 2, 2, 0]), validity: Validity([true, true, true, true, false]))]
        let index = try JoinIndex(left: left, right: right, cancel: .never)
        #expect(try index.resultRows(.inner, cancel: .never) == 1 + 1 + 3)
        #expect(try index.resultRows(.left, cancel: .never) == 1 + 1 + 3 + 1 + 1)
        #expect(try index.resultRows(.anti, cancel: .never) == 2)
        #expect(try index.leftRows(.left, rows: 7, cancel: .never) == [0, 1, 2, 2, 2, 3, 4])
        #expect(try index.rightRows(.left, rows: 7, cancel: .never) == [0, 0, 1, 2, 3, -1, -1])
        #expect(index.rowBoundWithoutCounting == nil, "key 2 repeats on the right")
    }

    @Test func aLookupJoinIsSizedByItsLeftRowsAndTrimmed() throws {
        // Right keys unique: at most one row per left row. Left 5, 7, 5, 6 on
        // right 5, 6: the inner join has rows 0, 2, 3 (hand computed).
        let index = try JoinIndex(left: [Column(.int([5, 7, 5, 6]))], right: [Column(.int([5, 6]))], cancel: .never)
        #expect(index.rowBoundWithoutCounting == 4)
        #expect(try index.leftRows(.inner, rows: 4, cancel: .never) == [0, 2, 3])
        #expect(try index.rightRows(.inner, rows: 4, cancel: .never) == [0, 0, 1])
        // Every left row once, in order: no left row numbers are written.
        #expect(try index.leftRows(.left, rows: 4, cancel: .never) == nil)
        #expect(try index.rightRows(.left, rows: 4, cancel: .never) == [0, -1, 0, 1])
        // The identity broken after two rows (7 has no match): the rows before are written too.
        let late = try JoinIndex(left: [Column(.int([5, 6, 7, 5]))], right: [Column(.int([5, 6]))], cancel: .never)
        #expect(try late.leftRows(.inner, rows: 4, cancel: .never) == [0, 1, 3])
        #expect(try late.rightRows(.inner, rows: 4, cancel: .never) == [0, 1, 0])
        #expect(try late.leftRows(.anti, rows: 1, cancel: .never) == [2])
    }
}
