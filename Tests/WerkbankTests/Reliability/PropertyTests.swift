import Foundation
import Testing
import WerkbankEngine
import WerkbankRender

/// Properties that must hold for any table: checked on many random tables
/// (GeneratedTable, fixed seeds so that a failure reproduces).
@Suite struct PropertyTests {
    static let seeds: [UInt64] = Array(1...60)

    func harness(_ seed: UInt64, rows: Int? = nil) -> (Harness, GeneratedTable, GeneratedTable) {
        var rng = SeededRandom(state: seed)
        let n = rows ?? rng.int(0...80)
        let t = GeneratedTable.make("t", rows: n, rng: &rng)
        let u = GeneratedTable.make("u", rows: rng.int(0...20), rng: &rng, keyRange: 2...8)
        let h = Harness()
        // Empty tables have no rows to infer types from: give the types.
        let types = "types=\"k:int,g:string,x:int,y:float,s:string,d:date\""
        for g in [t, u] {
            let path = NSTemporaryDirectory() + "wb-prop-\(UUID().uuidString).csv"
            _ = FileManager.default.createFile(atPath: path, contents: Data(g.csv.utf8))
            h.run("load \"\(path)\" \(types) as \(g.name)")
            try? FileManager.default.removeItem(atPath: path)
        }
        return (h, t, u)
    }

    func lines(_ s: String) -> [String] { s.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init) }

    @Test(arguments: seeds)
    func sortIsAStablePermutation(_ seed: UInt64) {
        let (h, t, _) = harness(seed)
        let columns = ["x", "y", "s", "d"]
        let c = Int(seed) % columns.count
        let col = columns[c], desc = seed % 3 == 0
        let got = lines(h.csv("t | select k, \(col) | sort \(col)\(desc ? " desc" : "")")).dropFirst()
        // The reference: Swift's sort on (key, input position), nulls last.
        let rows = t.rows.enumerated().map { (i, r) in (i, r[0] ?? "", r[c + 2]) }
        func less(_ a: String, _ b: String) -> Bool {
            if col == "y" { return (Double(a) ?? 0) < (Double(b) ?? 0) }
            if col == "x" { return (Int(a) ?? 0) < (Int(b) ?? 0) }
            return a.utf8.lexicographicallyPrecedes(b.utf8)
        }
        let expected = rows.sorted { a, b in
            switch (a.2, b.2) {
            case (nil, nil): return a.0 < b.0
            case (nil, _): return false
            case (_, nil): return true
            case (let x?, let y?):
                if less(x, y) { return !desc }
                if less(y, x) { return desc }
                return a.0 < b.0
            }
        }
        // Compare keys as numbers where they are numbers (12.50 prints as 12.5).
        func norm(_ s: String) -> String { col == "y" ? (Double(s).map { String($0) } ?? s) : s }
        let expectedLines = expected.map { "\($0.1),\(norm($0.2 ?? ""))" }
        let gotLines = got.map { line -> String in
            let parts = line.split(separator: ",", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            return parts[0] + "," + norm(parts.count > 1 ? parts[1] : "")
        }
        #expect(gotLines == expectedLines, "seed \(seed) sort \(col)\(desc ? " desc" : "")")
    }

    @Test(arguments: seeds)
    func groupTotalsEqualTheTotal(_ seed: UInt64) {
        let (h, t, _) = harness(seed)
        let key = seed % 2 == 0 ? "g" : "k"
        let total = lines(h.csv("t | summarize s = sum(x), n = count(), c = count(x)")).last
        let regrouped = lines(h.csv("t | summarize s = sum(x), n = count(), c = count(x) by \(key) | summarize s = sum(s), n = sum(n), c = sum(c)"))
            .last
        // With no rows there are no groups, and sums of no values are null.
        #expect(regrouped == (t.rows.isEmpty ? ",," : total), "seed \(seed)")
    }

    @Test(arguments: seeds)
    func whereAndWhereNotAndNullsPartitionTheRows(_ seed: UInt64) {
        let (h, t, _) = harness(seed)
        let predicates = ["x > 10", "s == \"Zuid\" or y < 0", "d >= \"2010-06-01\"", "contains(s, \"o\") and x % 2 == 0"]
        let p = predicates[Int(seed) % predicates.count]
        func count(_ s: String) -> Int { Int(lines(h.csv(s)).last ?? "") ?? -1 }
        let yes = count("t | where \(p) | count")
        let no = count("t | where not (\(p)) | count")
        let unknown = count("t | where (\(p)) is null | count")
        #expect(yes + no + unknown == t.rows.count, "seed \(seed): \(yes) + \(no) + \(unknown) ≠ \(t.rows.count)")
    }

    @Test(arguments: seeds)
    func joinCountsMatchANestedLoopJoin(_ seed: UInt64) {
        let (h, t, u) = harness(seed)
        var inner = 0, left = 0, anti = 0
        for a in t.rows {
            let matches = u.rows.filter { b in a[0] != nil && a[0] == b[0] }.count
            inner += matches
            left += max(matches, 1)
            if matches == 0 { anti += 1 }
        }
        func count(_ s: String) -> Int { Int(lines(h.csv(s)).last ?? "") ?? -1 }
        #expect(count("t | join u on k | count") == inner, "seed \(seed)")
        #expect(count("t | join left u on k | count") == left, "seed \(seed)")
        #expect(count("t | join anti u on k | count") == anti, "seed \(seed)")
    }

    @Test(arguments: seeds)
    func csvWriteThenReadGivesTheSameTable(_ seed: UInt64) throws {
        let (h, _, _) = harness(seed, rows: 30)
        let dir = NSTemporaryDirectory() + "wb-rt-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        h.session.baseDirectory = dir
        let original = h.csv("t | derive ratio = y / 3, flag = x > 0 | save \"out.csv\"")
        let again = h.csv("load \"out.csv\" types=\"k:int,g:string,x:int,y:float,s:string,d:date,ratio:float,flag:bool\"")
        #expect(again == original, "seed \(seed)")
    }
}
