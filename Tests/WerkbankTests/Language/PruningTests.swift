import Foundation
import Testing
import WerkbankLanguage

/// Leaving out columns no later stage reads must never change a result: a
/// join's suffixed column keeps its name when the clashing left column is
/// unread, a dropped or renamed column is found, and random pipelines give
/// the same output with and without pruning. Expected values from DuckDB
/// (`cases` joined to `collectives` on operator = id, in left row order).
@Suite struct PruningTests {
    static let joined = "cases | join collectives on operator = id"
    static let names = [
        "Keilecollectief", "Placebased & Co", "Placebased & Co", "Placebased & Co", "Werkspoorkwartier",
        "Het Hof van Cartesius Coöperatie U.A.", "DuCoop",
    ]

    @Test func aSuffixedColumnKeepsItsNameWhenTheLeftOneIsUnread() {
        let h = Harness()
        #expect(h.csv("\(Self.joined) | select name_collectives") == "name_collectives\n" + Self.names.map { $0 + "\n" }.joined())
        #expect(h.csv("\(Self.joined) | derive n = name_collectives | select n") == "n\n" + Self.names.map { $0 + "\n" }.joined())
        #expect(
            h.csv("\(Self.joined) | derive u = upper(name_collectives) | sort u | select u")
                == "u\nDUCOOP\nHET HOF VAN CARTESIUS COÖPERATIE U.A.\nKEILECOLLECTIEF\nPLACEBASED & CO\nPLACEBASED & CO\nPLACEBASED & CO\nWERKSPOORKWARTIER\n"
        )
        #expect(
            h.csv("\(Self.joined) | sort name_collectives | select name_collectives")
                == "name_collectives\n" + Self.names.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }.map { $0 + "\n" }.joined())
        #expect(
            h.csv("\(Self.joined) | summarize n = count() by name_collectives")
                == "name_collectives,n\nDuCoop,1\nHet Hof van Cartesius Coöperatie U.A.,1\nKeilecollectief,1\nPlacebased & Co,3\nWerkspoorkwartier,1\n"
        )
        // Dropping the left column must not make the right one take its name.
        #expect(h.csv("\(Self.joined) | drop name | select name_collectives") == "name_collectives\n" + Self.names.map { $0 + "\n" }.joined())
        #expect(h.csv("\(Self.joined) | drop name | count") == "count\n7\n")
        #expect(h.csv("\(Self.joined) | where name_collectives == \"DuCoop\" | count") == "count\n1\n")
    }

    @Test func aLoadedFileKeepsTheClashingColumnToo() {
        let h = Harness()
        let path = FileManager.default.currentDirectoryPath + "/Library/cases.csv"
        #expect(
            h.csv("load \"\(path)\" | join collectives on operator = id | select name_collectives")
                == "name_collectives\n" + Self.names.map { $0 + "\n" }.joined())
    }

    @Test func dropAndRenameFindTheirColumnsWhenLaterStagesReadOthers() {
        let h = Harness()
        #expect(h.csv("cases | select id, name, city | drop name | select city | take 2") == "city\nRotterdam\nRotterdam\n")
        #expect(h.csv("cases | select name, founded | rename year = founded | select name | take 1") == "name\nKeilepand\n")
        // A swap: each new name is read from the other old column.
        #expect(h.csv("cases | select name, city | rename city = name, name = city | select city | take 1") == "city\nKeilepand\n")
    }

    /// Random pipelines over two generated tables with clashing column
    /// names: the output with pruning equals the output without.
    @Test func randomPipelinesGiveTheSameResultWithAndWithoutPruning() {
        var rng = SeededRandom(state: 1414)
        let pruned = Harness(), full = Harness()
        full.session.pruneColumns = false
        for name in ["t", "u"] {
            let table = GeneratedTable.make(name, rows: 40, rng: &rng)
            let csv = table.csv
            pruned.load(name, csv: csv)
            full.load(name, csv: csv)
        }
        for _ in 0..<60 {
            var pipeline = rng.pick(["t", "u"])
            for _ in 0..<rng.int(1...5) {
                let columns = header(full, pipeline)
                guard !columns.isEmpty else { break }
                pipeline += " | " + randomStage(columns, &rng)
            }
            let columns = header(full, pipeline)
            guard !columns.isEmpty else { continue }
            // The last stage reads only a few columns, so pruning has work to do.
            let read = (0..<rng.int(1...2)).map { _ in rng.pick(columns) }
            switch rng.int(0...3) {
            case 0: pipeline += " | select " + Array(Set(read)).sorted().joined(separator: ", ")
            case 1: pipeline += " | count by " + Array(Set(read)).sorted().joined(separator: ", ")
            case 2: pipeline += " | distinct " + Array(Set(read)).sorted().joined(separator: ", ")
            default: pipeline += " | count"
            }
            let a = pruned.run(pipeline), b = full.run(pipeline)
            #expect(a.stdout == b.stdout && a.stderr == b.stderr, "\(pipeline)\npruned:\n\(a.stdout)\(a.stderr)\nfull:\n\(b.stdout)\(b.stderr)")
        }
    }

    func header(_ h: Harness, _ pipeline: String) -> [String] {
        let out = h.run(pipeline + " | take 0")
        guard !out.failed, let line = out.stdout.split(separator: "\n").first else { return [] }
        return line.split(separator: ",").map(String.init).filter { !$0.contains("\"") && !$0.contains(" ") && !$0.contains("(") }
    }

    func randomStage(_ columns: [String], _ rng: inout SeededRandom) -> String {
        let c = rng.pick(columns)
        switch rng.int(0...11) {
        case 0: return "join \(rng.pick(["", "left "]))\(rng.pick(["t", "u"])) on k"
        case 1: return "join u on \(columns.contains("x") ? "x" : "k") = x"
        case 2: return "drop \(c)"
        case 3: return "rename \(c)_new = \(c)"
        case 4: return "derive \(rng.pick(columns + ["fresh"])) = k"
        case 5: return "sort \(c), k"
        case 6: return "where \(c) is not null"
        case 7: return "append \(rng.pick(["t", "u"]))"
        case 8: return "top 5 by \(c)"
        case 9: return "sample 10 seed=3"
        case 10: return "select \(Array(Set([c, rng.pick(columns), "k"].filter(columns.contains))).sorted().joined(separator: ", "))"
        default: return "take 25"
        }
    }
}
