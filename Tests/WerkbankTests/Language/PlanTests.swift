import Foundation
import Testing
import WerkbankLanguage

/// The plan of a pipeline, built once: `explain` shows it for every help
/// example without running a stage or writing a file, its columns read come
/// from the pipeline's text (hand computed), and a bind error on a file read
/// in part names the file's real columns.
@Suite struct PlanTests {
    static let examples = HelpExampleTests.stageExamples.map(\.1.code) + HelpExampleTests.functionExamples.map(\.1.code)

    /// `explain` works on every pipeline of the help examples, and its last
    /// `out:` line names the columns and types of the table the pipeline
    /// gives when it runs.
    @Test(arguments: examples)
    func explainEveryHelpExample(_ code: String) throws {
        let h = Harness()
        let out = h.run("explain " + code)
        #expect(!out.failed, "\(out.stderr)")
        let last = try #require(out.stdout.split(separator: "\n").last(where: { $0.hasPrefix("   out: ") }).map { $0.dropFirst(8) })
        let run = try #require(Harness().session.run(code).last?.result)
        guard case .success(.table(let table, _)) = run else { Issue.record("\(code) gave no table"); return }
        // The examples' column names hold no ", ".
        #expect(last == table.fields.map { "\($0.name) \($0.type.rawValue)" }.joined(separator: ", ")[...], "\(code)")
    }

    /// Hand computed: `where` reads founded and `select` name; nothing else
    /// of `cases` is read, and the filter is the first stage.
    @Test func explainNamesTheColumnsReadAndTheFilter() {
        let out = Harness().csv("explain cases | where founded >= 2017 | select name")
        let lines = out.split(separator: "\n").map(String.init)
        #expect(lines.contains("source: table cases (20 columns); reads name, founded"))
        #expect(lines.contains("1. where founded >= 2017"))
        #expect(lines.contains("   filter: keeps the rows where the condition holds, here, on the rows of the source"))
        #expect(lines.contains("   reads: founded"))
        #expect(lines.contains("   carried on: name"))
        #expect(lines.contains("   out: name string"))
        #expect(lines.last == "writes no file")
    }

    @Test func explainWritesNoFile() {
        let path = NSTemporaryDirectory() + "wb-explain-\(UUID().uuidString).csv"
        let out = Harness().csv("explain cases | select name | save \"\(path)\"")
        #expect(out.contains("   writes \(path)\n"))
        #expect(out.hasSuffix("a run would write \(path)\n"))
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    /// `explain` checks names and types as a run does.
    @Test func explainReportsBindErrors() {
        let err = Harness().error("explain cases | where nosuch > 1")
        #expect(err.contains("unknown column \"nosuch\""))
    }

    /// The reader reads only the columns the pipeline names; the error
    /// still knows the others (a did-you-mean to an unread one, or all four
    /// in the file's order).
    @Test func aBindErrorOnAPartlyReadFileNamesEveryColumn() {
        let path = NSTemporaryDirectory() + "wb-plan-\(UUID().uuidString).csv"
        _ = FileManager.default.createFile(atPath: path, contents: Data("alpha,beta,gamma,delta\n1,2,x,4\n".utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let near = Harness().error("load \"\(path)\" | where alpha > 1 | select beta, gama")
        #expect(near.contains("unknown column \"gama\""))
        #expect(near.contains("did you mean \"gamma\"?"), "\(near)")
        let far = Harness().error("load \"\(path)\" | where alpha > 1 | select beta, zzz")
        #expect(far.contains("alpha, beta, gamma, delta"), "\(far)")
    }

    /// `where` before a stage that reads no column counts without gathering,
    /// and gathers only the carried columns otherwise; the answers are
    /// DuckDB's over Library/cases.csv (nulls never pass a condition).
    @Test func whereBeforeCountCountsTheMatchingRows() {
        let h = Harness()
        #expect(h.csv("cases | where founded >= 2017 | count") == "count\n3\n")
        #expect(h.csv("cases | where floor_area_m2 > 1000 | count") == "count\n2\n")
        #expect(h.csv("cases | where city in [\"Utrecht\", \"Rotterdam\"] | count") == "count\n6\n")
        #expect(h.csv("cases | where floor_area_m2 is null | count") == "count\n5\n")
        #expect(h.csv("cases | where founded >= 2017 | where city == \"Utrecht\" | select name") == "name\nHof van Cartesius\n")
    }

    /// Completion's schema before the cursor comes from the planner: bound,
    /// never run, stopping at the first stage that does not bind, and not
    /// counted as a use of the table.
    @Test func completionReadsThePlanner() {
        let h = Harness()
        let names = { (prefix: String) in h.session.schemaBeforeStage(prefix)?.map { "\($0.name) \($0.type.rawValue)" } }
        #expect(names("cases | select name, founded | derive next = founded + 1") == ["name string", "founded int", "next int"])
        #expect(names("explain cases | select name") == ["name string"])
        #expect(names("cases | select name | where nosuch > 1") == ["name string"])
        #expect(names("nosuch | select name") == nil)
        #expect(h.session.tablesUsed.isEmpty)
    }
}
