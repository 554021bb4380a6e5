import Foundation
import Testing
import WerkbankEngine
import WerkbankLanguage
@testable import WerkbankNotebook

/// The Markdown format: front matter, fences, malformed files, the diff.
@Suite struct FormatNotebookTests {
    static let header = "---\nwerkbank: 1\n---\n"

    func error(_ text: String) -> NotebookError? {
        do {
            _ = try NotebookDocument.parse(text)
            return nil
        } catch {
            return error
        }
    }

    func error(bytes: [UInt8]) -> NotebookError? {
        do {
            _ = try NotebookDocument.parse(bytes: bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [
        ("# No front matter\n\n```werkbank\ncases\n```\n", 1, "starts with front matter"),
        ("", 1, "starts with front matter"),
        ("---\nwerkbank: 1\ntitle: x\n", 1, "never closed by a '---' line"),
        ("---\ntitle: x\n---\n", 1, "no 'werkbank: 1' line"),
        ("---\nwerkbank: one\n---\n", 2, "format version"),
        ("---\nwerkbank: 7\n---\n", 2, "newer werkbank"),
        ("---\nwerkbank: 1\njust words\n---\n", 3, "expected 'key: value'"),
        ("---\nwerkbank: 1\ntitle: \"open\n---\n", 3, "unclosed quote"),
        ("---\nwerkbank: 1\ndatasets:\n  - name: cases\n    sha256: 12ab\n---\n", 5, "64 hexadecimal digits"),
        ("---\nwerkbank: 1\ndatasets:\n  - name: cases\n---\n", 4, "has no 'sha256:'"),
        ("---\nwerkbank: 1\ndatasets: cases\n---\n", 3, "list of"),
        (header + "\nProse.\n\n```werkbank\ncases | count\n", 7, "werkbank cell opened here is never closed"),
        (header + "```werkbank\ncases\n```\n\n```output\nrows\n", 8, "output block opened here is never closed"),
        (header + "Prose\n\n```output\n1\n```\n", 6, "must come right after a werkbank cell"),
        (header + "```werkbank\ncases\n```\n\ntext\n\n```output\n1\n```\n", 10, "must come right after a werkbank cell"),
        (header + "```werkbank\ncases\n```\n```output\n1\n```\n```output\n2\n```\n", 10, "must come right after a werkbank cell"),
        (header + "~~~python\nprint(1)\n", 4, "code block opened here is never closed"),
    ])
    func malformedNotebooksNameTheLine(text: String, line: Int, message: String) throws {
        let e = try #require(error(text), "parsed: \(text)")
        #expect(e.line == line, "\(e)")
        #expect(e.message.contains(message), "\(e)")
    }

    @Test func binaryJunkIsRefused() throws {
        let nul = try #require(error(bytes: Array("---\nwerkbank: 1\n---\n\nabc".utf8) + [0, 1, 2, 0xFF]))
        #expect(nul.line == 5)
        #expect(nul.message.contains("binary"))
        let latin1 = try #require(error(bytes: Array("---\nwerkbank: 1\n---\nCaf".utf8) + [0xE9, 0x0A]))
        #expect(latin1.line == 4)
        #expect(latin1.message.contains("UTF-8"))
        let png = try #require(error(bytes: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D]))
        #expect(png.line == 1)
    }

    @Test func cliReportsMalformedNotebooksWithExitTwo() throws {
        let dir = NB.folder()
        NB.write(Self.header + "\n```werkbank\ncases | count\n", to: dir + "/open.md")
        let r = NB.cli(["run", dir + "/open.md", "--check"])
        #expect(r.code == 2)
        #expect(r.err == "werkbank: \(dir)/open.md:5: the werkbank cell opened here is never closed (no closing ``` line)\n")
        _ = FileManager.default.createFile(atPath: dir + "/junk.md", contents: Data([0x00, 0xFF, 0xFE, 0x41]))
        for command in [["run"], ["present"], ["export", "--html", dir + "/x.html"]] {
            let junk = NB.cli(command + [dir + "/junk.md"])
            #expect(junk.code == 2)
            #expect(junk.err.contains("junk.md:1: binary data"))
        }
        #expect(!NB.exists(dir + "/x.html"))
    }

    @Test func usageErrors() {
        let dir = NB.folder()
        NB.write(Self.header, to: dir + "/ok.md")
        let cases: [[String]] = [
            ["run"],
            ["run", dir + "/missing.md"],
            ["run", dir],
            ["run", dir + "/ok.md", "--frobnicate"],
            ["run", dir + "/ok.md", "--check", "--update"],
            ["run", dir + "/ok.md", "--until"],
            ["run", dir + "/ok.md", "--until", "0"],
            ["run", dir + "/ok.md", "--until", "x"],
            ["run", dir + "/ok.md", dir + "/ok.md"],
            ["export", dir + "/ok.md"],
            ["export", dir + "/ok.md", "--html"],
            ["present", dir + "/ok.md", "--check"],
            ["frob", dir + "/ok.md"],
        ]
        for args in cases {
            let r = NB.cli(args)
            #expect(r.code == 2, "\(args): \(r.err)")
            #expect(r.err.hasPrefix("werkbank: "), "\(args)")
        }
        #expect(NB.cli(["run", dir + "/missing.md"]).err.hasPrefix("werkbank: no notebook \"\(dir)/missing.md\""))
        #expect(NB.cli(["run", "--help"]).code == 0)
        // An empty notebook is fine.
        #expect(NB.cli(["run", dir + "/ok.md", "--check"]).code == 0)
    }

    /// Random bytes and random cuts of a good notebook: errors or documents, never a crash.
    @Test func noInputCrashesTheParser() throws {
        let good = Array(
            """
            ---
            werkbank: 1
            title: "x"
            datasets:
              - name: cases
                sha256: \(String(repeating: "ab", count: 32))
            ---

            # Title

            ```werkbank
            cases | count
            ```

            ```output
            1
            ```

            ````text
            ```werkbank
            ````

            """.utf8)
        var rng = SystemRandomNumberGenerator()
        for i in 0..<400 {
            var bytes = good
            switch i % 4 {
            case 0: bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &rng)))
            case 1:
                for _ in 0..<3 { bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng) }
            case 2:
                let alphabet = Array("-`~\n werkbank:output#\"'\\".utf8)
                for _ in 0..<5 { bytes.insert(alphabet.randomElement(using: &rng)!, at: Int.random(in: 0...bytes.count, using: &rng)) }
            default: bytes = (0..<Int.random(in: 0..<200, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            }
            if let doc = try? NotebookDocument.parse(bytes: bytes) {
                // A document that parses renders back to its own bytes.
                #expect(Array(doc.rendered().utf8) == bytes)
            }
        }
    }

    @Test func documentRendersBackByteForByte() throws {
        let text = "\u{FEFF}---\nwerkbank: 1\n---\nA\n\n```werkbank\ncases\n```\n\n\n```output\nx\n```\nB"
        let doc = try NotebookDocument.parse(text)
        #expect(doc.rendered() == text)
        #expect(doc.cells[0].recordedOutput == "x\n")
        #expect(doc.cells[0].line == 6)
        #expect(doc.cells[0].outputLine == 11)
        #expect(doc.trailingProse == "B")
        // A new output replaces only the block.
        #expect(doc.rendered(outputs: [0: "y\nz\n"]) == "\u{FEFF}---\nwerkbank: 1\n---\nA\n\n```werkbank\ncases\n```\n\n\n```output\ny\nz\n```\nB")
        // No output: the block goes, with the blank lines before it.
        #expect(doc.rendered(outputs: [0: ""]) == "\u{FEFF}---\nwerkbank: 1\n---\nA\n\n```werkbank\ncases\n```\nB")
    }

    @Test func aRewriteOfACRLFNotebookAddsNoBlankLines() throws {
        let text = "---\r\nwerkbank: 1\r\n---\r\n\r\n```werkbank\r\ncases\r\n```\r\nB\r\n"
        let once = try NotebookDocument.parse(text).rendered(outputs: [0: "x\n"])
        #expect(once == "---\r\nwerkbank: 1\r\n---\r\n\r\n```werkbank\r\ncases\r\n```\r\n\r\n```output\r\nx\r\n```\r\nB\r\n")
        // Updating again changes nothing: the gap does not grow.
        #expect(try NotebookDocument.parse(once).rendered(outputs: [0: "x\n"]) == once)
    }

    @Test func aVersionFromQuotesIsWrittenBackQuoted() throws {
        // Found by fuzz-notebook: a quoted version holding "\n---\n" was
        // written bare, ended the front matter early and opened a cell.
        let text = "---\nwerkbank: 1\nversion: \"x\\n---\\n```werkbank\"\n---\n\n```werkbank\ncases\n```\n"
        let doc = try NotebookDocument.parse(text)
        var fm = doc.frontMatter
        fm.datasets = [DatasetPin(kind: .table, name: "cases", sha256: String(repeating: "0", count: 64))]
        let again = try NotebookDocument.parse(doc.rendered(frontMatter: fm))
        #expect(again.frontMatter.version == "x\n---\n```werkbank")
        #expect(again.cells.map(\.code) == ["cases"])
        #expect(FrontMatter.versionScalar("0.1.0") == "0.1.0")
        #expect(FrontMatter.versionScalar("1.2.0-beta+7") == "1.2.0-beta+7")
        #expect(FrontMatter.versionScalar("a b") == "\"a b\"")
    }

    @Test func outputsWithFencesGetLongerFences() throws {
        let dir = NB.folder()
        let shell = try NB.Shell(folder: dir)
        shell.type("set format csv")
        shell.type("cases | select fence = \"```\", id | take 2")
        shell.type("cases | select fence = \"````\" | take 1")
        shell.type("notebook save \"fences.md\"")
        let text = NB.read(dir + "/fences.md")
        #expect(text.contains("````output\nfence,id\n```,keilepand\n```,keilewerf\n````\n"))
        #expect(text.contains("`````output\nfence\n````\n`````\n"))
        let doc = try NotebookDocument.parse(text)
        #expect(doc.cells[1].recordedOutput == "fence,id\n```,keilepand\n```,keilewerf\n")
        #expect(NB.cli(["run", dir + "/fences.md", "--check"]).code == 0)
        // A cell whose code holds a fence line.
        let block = NotebookDocument.compose(
            frontMatter: FrontMatter(title: nil, datasets: []),
            blocks: [.cell(code: "cases\n```\n| count", output: "")])
        #expect(block.contains("````werkbank\ncases\n```\n| count\n````\n"))
        #expect(try NotebookDocument.parse(block).cells[0].code == "cases\n```\n| count")
    }

    @Test func frontMatterRoundTrip() throws {
        let pins = [
            DatasetPin(kind: .table, name: "cases", sha256: String(repeating: "0", count: 64)),
            DatasetPin(kind: .file, name: "my data/\"odd\".csv", sha256: String(repeating: "f", count: 64)),
        ]
        let fm = FrontMatter(title: "A \"quoted\" title: with colon", datasets: pins)
        let text = fm.rendered(newline: "\n")
        #expect(text.contains("  - file: \"my data/\\\"odd\\\".csv\"\n"))
        let doc = try NotebookDocument.parse(text)
        #expect(doc.frontMatter.title == "A \"quoted\" title: with colon")
        #expect(doc.frontMatter.datasets == pins)
        #expect(doc.frontMatter.version == WerkbankVersion.current)
    }

    @Test func lineDiffIsMinimalAndUnified() {
        let a = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"]
        var b = a
        b[1] = "B"
        b.insert("new", at: 8)
        let edits = LineDiff.diff(a, b)
        #expect(edits.filter { if case .same = $0 { false } else { true } }.count == 3)
        #expect(
            LineDiff.unified(a, b, from: "recorded", to: "now") == """
                --- recorded
                +++ now
                @@ -1,10 +1,11 @@
                 a
                -b
                +B
                 c
                 d
                 e
                 f
                 g
                 h
                +new
                 i
                 j

                """)
        #expect(LineDiff.unified(a, a, from: "x", to: "y") == "")
        // Far-apart changes make separate hunks.
        let long = (1...30).map(String.init)
        var changed = long
        changed[0] = "one"
        changed[29] = "thirty"
        let u = LineDiff.unified(long, changed, from: "a", to: "b")
        #expect(u.contains("@@ -1,4 +1,4 @@\n-1\n+one\n 2\n 3\n 4\n"))
        #expect(u.contains("@@ -27,4 +27,4 @@\n 27\n 28\n 29\n-30\n+thirty\n"))
        // Against nothing.
        #expect(LineDiff.unified([], ["x"], from: "a", to: "b") == "--- a\n+++ b\n@@ -0,0 +1 @@\n+x\n")
        // Random pairs: applying the script gives b, and keeps a's order.
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let x = (0..<Int.random(in: 0..<12, using: &rng)).map { _ in String(Int.random(in: 0..<4, using: &rng)) }
            let y = (0..<Int.random(in: 0..<12, using: &rng)).map { _ in String(Int.random(in: 0..<4, using: &rng)) }
            let d = LineDiff.diff(x, y)
            #expect(
                d.compactMap { if case .removed = $0 { nil } else if case .same(let s) = $0 { s } else if case .added(let s) = $0 { s } else { nil } }
                    == y)
            #expect(
                d.compactMap { if case .added = $0 { nil } else if case .same(let s) = $0 { s } else if case .removed(let s) = $0 { s } else { nil } }
                    == x)
        }
    }

    @Test func outputComparisonIgnoresTrailingSpaceAndMatchesSkippedSaves() {
        #expect(OutputComparison.same(recorded: "a  \nb\n\n", now: NotebookOutput.CellOutput(text: "a\nb\n")))
        #expect(!OutputComparison.same(recorded: "a\n", now: NotebookOutput.CellOutput(text: " a\n")))
        // A replay that may not write knows what it would have written:
        // `take 7 | select name` is 7 rows × 1 column.
        let h = Harness(format: .table)
        h.session.allowWrite = false
        let outcomes = h.session.run("cases | take 7 | select name | save \"x.csv\"")
        #expect(outcomes.first?.events == [.skippedWrite(path: "x.csv", rows: 7, columns: 1)])
        let now = NotebookOutput.render(outcomes, source: "", settings: h.session.settings, baseDirectory: ".")
        #expect(now.writtenLines == ["saved 7 rows × 1 column to x.csv"])
        // The save's line comes first, then the table.
        #expect(now.text.hasPrefix("save skipped: not writing x.csv (replays write files only with --allow-write)\n"))
        let table = String(now.text.drop(while: { $0 != "\n" }).dropFirst())
        #expect(OutputComparison.same(recorded: "saved 7 rows × 1 column to x.csv\n" + table, now: now))
        #expect(OutputComparison.same(recorded: now.text, now: now))
        #expect(!OutputComparison.same(recorded: "saved 7 rows × 1 column to y.csv\n" + table, now: now))
        // A different shape is a different output.
        #expect(!OutputComparison.same(recorded: "saved 6 rows × 1 column to x.csv\n" + table, now: now))
        // --update keeps a recording that shows the save written.
        #expect(OutputComparison.merged(recorded: "saved 7 rows × 1 column to x.csv\n" + table, now: now) == now.asWritten)
        #expect(OutputComparison.merged(recorded: nil, now: now) == now.text)
    }

    /// The notebook names its own folder in a path error by value: the
    /// diagnostic knows it is about a path; other hints are left alone.
    @Test func aPathErrorNamesTheNotebooksFolder() {
        let h = Harness()
        let missing = h.session.run("load \"nope.csv\" as t")[0]
        #expect(missing.diagnostic?.hint == "paths are relative to the current folder")
        #expect(NotebookOutput.forNotebook(missing).diagnostic?.hint == "paths are relative to the notebook's folder")
        let unknown = h.session.run("cases | where nosuch > 1")[0]
        #expect(NotebookOutput.forNotebook(unknown).diagnostic == unknown.diagnostic)
    }

    @Test func recordedStatements() {
        let h = Harness()
        for s in [
            "cases", "let x = cases", "set rows 5", "set format csv", "load \"x.csv\" as x", "datasets", "describe cases",
            "explain cases", "cases | nosuch",
        ] {
            #expect(h.session.run(s).first?.kind.isRecorded == true, "\(s)")
        }
        for s in [
            "help", "help where", "note \"x\"", "notebook save \"a.md\"", "notebook clear", "exit", "QUIT", "set color never",
            "set timer on", "version", "notebook nosuch", "exit now",
        ] {
            #expect(h.session.run(s).first?.kind.isRecorded == false, "\(s)")
        }
    }
}
