import Foundation
import Testing

/// The hostile-input corpus (Tests/Fixtures/hostile, see its README): every
/// input gets a result or a clear error, never a crash or a hang.
@Suite struct HostileInputTests {
    static let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/hostile").path

    /// File, whether loading it succeeds, and a piece of the output it must show.
    static let files: [(String, Bool, String)] = [
        ("empty.csv", false, "empty file"),
        ("header_only.csv", true, "0,3"),
        ("unterminated_quote.csv", false, "line 2"),
        ("quote_in_unquoted.csv", true, "ab\"\"c"),
        ("ragged_fewer.csv", false, "expected 3 fields, found 2"),
        ("ragged_more.csv", false, "expected 2 fields, found 3"),
        ("duplicate_and_empty_names.csv", true, "a,column_2,a_2,b,column_5"),
        ("nul_bytes.csv", true, "x\u{0}y"),
        ("invalid_utf8.csv", true, "café"),
        ("mixed_line_endings.csv", true, "3,2"),
        ("int_too_big.csv", true, "99999999999999999999"),
        ("impossible_date.csv", true, "2024-02-30"),
        ("bom_semicolon.csv", true, "1.5"),
        ("truncated.json", false, "line 1"),
        ("not_objects.json", false, "object"),
    ]

    func check(_ r: BinaryRunner.Result, _ label: String) {
        #expect(!r.signaled, "\(label) crashed: \(r.stderr)")
        #expect(!r.timedOut, "\(label) hung")
        #expect(r.status == 0 || r.status == 1, "\(label) exited \(r.status)")
    }

    @Test(arguments: files.map(\.0))
    func hostileFile(_ name: String) throws {
        try #require(BinaryRunner.binary != nil, "build the werkbank binary first")
        let (_, ok, needle) = try #require(Self.files.first { $0.0 == name })
        // Load it, then show its shape and rows, so both reading and printing are exercised.
        let script = "load \"\(name)\" as h\nh | describe | select column\nh\ndatasets | where name == \"h\" | select rows, columns\n"
        let r = try BinaryRunner.run(["--format", "csv"], stdin: script, cwd: Self.dir)
        check(r, name)
        #expect((r.status == 0) == ok, "\(name): \(r.stderr)")
        #expect((r.stdout + r.stderr).contains(needle), "\(name) should show \(needle):\n\(r.stdout)\n\(r.stderr)")
        if !ok { #expect(r.stderr.contains("error: "), "\(name): the error names what went wrong") }
    }

    @Test func hugeSingleLineAndManyColumns() throws {
        try #require(BinaryRunner.binary != nil)
        let dir = NSTemporaryDirectory() + "wb-hostile-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let longLine = "a,b\n1," + String(repeating: "x", count: 10_000_000) + "\n"
        _ = FileManager.default.createFile(atPath: dir + "/long.csv", contents: Data(longLine.utf8))
        let header = (1...5000).map { "c\($0)" }.joined(separator: ",")
        let row = (1...5000).map { String($0) }.joined(separator: ",")
        _ = FileManager.default.createFile(atPath: dir + "/wide.csv", contents: Data((header + "\n" + row + "\n" + row + "\n").utf8))
        let r = try BinaryRunner.run(
            ["--format", "csv", "-c", "load \"long.csv\" | select n = length(b); load \"wide.csv\" | summarize s = sum(c5000)"], cwd: dir, timeout: 30
        )
        check(r, "huge inputs")
        #expect(r.stdout == "n\n10000000\ns\n10000\n", "\(r.stderr)")
    }

    /// Statements, and a piece of the error each must give.
    static let statements: [(String, String)] = [
        ("cases | where (founded > 1", "expected ')'"),
        ("cases | where name == \"open", "unterminated string"),
        ("cases | select [1, 2", "expected"),
        ("cases | where " + String(repeating: "(", count: 10_000) + "founded" + String(repeating: ")", count: 10_000) + " > 1", "nested too deeply"),
        ("cases | where " + String(repeating: "not ", count: 10_000) + "true", "nested too deeply"),
        ("cases | where " + String(repeating: "-", count: 10_000) + "1 > 0", "nested too deeply"),
        ("nope | nada | niente", "unknown"),
        ("cases | nada", "unknown stage"),
        ("cases | select nada(1)", "unknown function"),
        ("cases | summarize s = sum(founded * 9223372036854775807)", "integer overflow"),
        ("cases | select founded / 0 | take 1", "founded / 0"),
        ("cases | summarize percentile(founded, 2)", "from 0 to 1"),
        ("cases | take -1", "≥ 0"),
        ("cases | sample 1000 | count", "count"),
        ("@@@ ### $$$", "unexpected character"),
        ("let = 3", "expected"),
        ("set", "set needs an option"),
        ("cases |", "expected a stage"),
        ("| cases", "expected"),
        ("cases | sort", "sort needs a column"),
        ("load \"/nonexistent/file.csv\"", "no file"),
    ]

    @Test(arguments: statements.indices)
    func hostileStatement(_ index: Int) throws {
        try #require(BinaryRunner.binary != nil)
        let (statement, needle) = Self.statements[index]
        let r = try BinaryRunner.run(["--format", "csv", "-c", statement])
        check(r, String(statement.prefix(60)))
        #expect((r.stdout + r.stderr).contains(needle), "\(statement.prefix(80)): \(r.stdout) \(r.stderr)")
    }

    @Test func aMegabyteStatement() throws {
        try #require(BinaryRunner.binary != nil)
        let statement = "cases | where " + Array(repeating: "founded > 1", count: 90_000).joined(separator: " and ") + " | count"
        #expect(statement.utf8.count > 1_000_000)
        let r = try BinaryRunner.run(["--format", "csv"], stdin: statement, timeout: 30)
        check(r, "1 MB statement")
        #expect(r.stderr.contains("expression too long (more than 2000 operators)"))
    }

    /// Found by fuzz-notebook: `run --update` on a front matter with `datasets:`
    /// above `version:` overwrote a pin with the version, and the notebook no
    /// longer read. A key given twice would leave one of them stale: refused.
    @Test func notebookFrontMatterRewrites() throws {
        try #require(BinaryRunner.binary != nil)
        let dir = NSTemporaryDirectory() + "wb-hostile-nb-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let notebook = dir + "/datasets_before_version.md"
        try FileManager.default.copyItem(atPath: Self.dir + "/datasets_before_version.md", toPath: notebook)
        let update = try BinaryRunner.run(["run", notebook, "--update"])
        check(update, "run --update")
        #expect(update.status == 0, "\(update.stderr)")
        let text = try String(contentsOfFile: notebook, encoding: .utf8)
        #expect(text.contains("title: \"The dataset list above the version\"\ndatasets:\n  - name: cases\n    sha256: "), "\(text)")
        #expect(text.contains("\nversion: ") && !text.contains("0.0.9"), "\(text)")
        let again = try BinaryRunner.run(["run", notebook, "--check"])
        check(again, "run --check")
        #expect(again.status == 0, "\(again.stderr)\n\(text)")

        // An unreadable notebook exits 2, like a missing one.
        let twice = try BinaryRunner.run(["run", Self.dir + "/front_matter_key_twice.md"])
        #expect(!twice.signaled && !twice.timedOut && twice.status == 2, "\(twice.stderr)")
        #expect(twice.stderr.contains(":6: 'datasets:' appears twice in the front matter (first on line 3)"), "\(twice.stderr)")

        // A bare carriage return in a front matter line would not survive a rewrite (found by fuzz-notebook).
        let control = try BinaryRunner.run(["run", Self.dir + "/front_matter_control_character.md"])
        #expect(!control.signaled && !control.timedOut && control.status == 2, "\(control.stderr)")
        #expect(control.stderr.contains(":3: a control character (U+000D) in the front matter"), "\(control.stderr)")
    }

    @Test func usageErrorsExitTwo() throws {
        try #require(BinaryRunner.binary != nil)
        #expect(try BinaryRunner.run(["--bogus"]).status == 2)
        #expect(try BinaryRunner.run(["--format", "xml", "-c", "cases"]).status == 2)
        #expect(try BinaryRunner.run(["-c"]).status == 2)
        let ok = try BinaryRunner.run(["-c", "cases | count", "--format", "csv"])
        #expect(ok.status == 0 && ok.stdout == "count\n7\n")
    }
}
