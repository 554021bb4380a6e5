import Foundation
import Testing
import WerkbankEngine
import WerkbankLanguage
@testable import WerkbankNotebook

/// Record in the shell, save, replay, check, tamper, update.
@Suite struct ReplayNotebookTests {
    /// A recorded and saved notebook in a fresh folder; returns (folder, path).
    func recorded() throws -> (String, String) {
        let dir = NB.folder()
        let shell = try NB.Shell(folder: dir)
        shell.type("note \"# Founding years\\n\\nWhen did the cases start?\"")
        shell.type("cases | count")
        shell.type("help")
        shell.type("set timer on")
        shell.type("let recent = cases | where founded >= 2017")
        shell.type("note \"Only the recent ones:\"")
        shell.type("recent | select id, founded | sort id")
        shell.type("cases | where foundd > 2015")
        // A failed statement is recorded only when asked: as an expected error.
        shell.type("notebook keep")
        let saved = shell.type("notebook save \"founding.md\"")
        #expect(saved.contains("saved notebook founding.md"), "\(saved)")
        return (dir, dir + "/founding.md")
    }

    @Test func roundTripChecksClean() throws {
        let (_, path) = try recorded()
        let text = NB.read(path)
        // Front matter with format, version, title and the pinned table.
        #expect(
            text.hasPrefix(
                "---\nwerkbank: 1\nversion: \(WerkbankVersion.current)\ntitle: \"Founding years\"\ndatasets:\n  - name: cases\n    sha256: "))
        // Statements that are not cells are not recorded.
        #expect(!text.contains("notebook save"))
        #expect(!text.contains("```werkbank\nhelp"))
        #expect(!text.contains("set timer"))
        #expect(!text.contains("time:"))
        #expect(text.contains("```werkbank\ncases | count\n```\n\n```output\n"))
        #expect(text.contains("# Founding years\n\nWhen did the cases start?\n"))
        // The kept error is recorded as the user saw it, in an expect-error cell.
        #expect(text.contains("```werkbank expect-error\ncases | where foundd > 2015\n```"))
        #expect(text.contains("error: unknown column \"foundd\""))
        #expect(text.contains("hint: did you mean \"founded\"?"))
        let doc = try NotebookDocument.parse(text)
        #expect(doc.cells.count == 4)
        #expect(doc.frontMatter.datasets.map(\.name) == ["cases"])

        let check = NB.cli(["run", path, "--check"])
        #expect(check.code == 0, "\(check.out)\(check.err)")
        #expect(check.out.contains("checked 4 cells of \(path): all match"))

        // A plain run prints the outputs; the expected error is no failure.
        let run = NB.cli(["run", path])
        #expect(run.code == 0, "\(run.err)")
        #expect(run.out.contains("> cases | count"))
        #expect(run.out.contains("error: unknown column \"foundd\""))
    }

    @Test func replayIsDeterministicAtAnyWidth() throws {
        let (_, path) = try recorded()
        let narrow = NB.cli(["run", path, "--check"], factory: NB.factory(width: 30, color: true))
        #expect(narrow.code == 0, "\(narrow.out)")
        let a = NB.cli(["run", path]).out
        let b = NB.cli(["run", path], factory: NB.factory(width: 250)).out
        #expect(a == b)
        #expect(!a.contains("\u{1B}"))
        #expect(!a.contains(NSTemporaryDirectory()))
    }

    @Test func tamperedOutputIsNamedAndUpdateRestoresIt() throws {
        let (_, path) = try recorded()
        let original = NB.read(path)
        let tampered = original.replacingOccurrences(of: "│     7 │", with: "│     8 │")
        #expect(tampered != original)
        NB.write(tampered, to: path)
        let cellLine = try #require(NB.line(of: "```werkbank", in: original))

        let check = NB.cli(["run", path, "--check"])
        #expect(check.code == 1)
        #expect(check.out.contains("cell 1 (line \(cellLine)) differs from its recorded output:"), "\(check.out)")
        #expect(check.out.contains("--- recorded (line \(cellLine + 4))\n+++ now\n"))
        #expect(check.out.contains("-│     8 │\n+│     7 │\n"))
        #expect(check.out.contains("3 match, 1 differs"))
        #expect(!check.out.contains("changed since this notebook was recorded"))

        let update = NB.cli(["run", path, "--update"])
        #expect(update.code == 0, "\(update.err)")
        #expect(update.out.contains("cell 1 (line \(cellLine)): output updated"))
        #expect(update.out.contains("-│     8 │\n+│     7 │\n"))
        // Byte for byte what the shell saved: prose, code and front matter untouched.
        #expect(NB.read(path) == original)
        #expect(NB.cli(["run", path, "--check"]).code == 0)
        // Nothing more to do.
        #expect(NB.cli(["run", path, "--update"]).out.contains("is up to date"))
    }

    @Test func updateKeepsHandWrittenProseByteForByte() throws {
        let dir = NB.folder()
        let path = dir + "/hand.md"
        // CRLF line ends, odd spacing, a prose code block with a werkbank-looking
        // line inside, trailing whitespace, a tilde fence, an indented fence.
        let prose1 =
            "# Hand  written\r\n\r\nA paragraph   with trailing spaces   \r\n\r\n````markdown\r\n```werkbank\r\nnot a cell\r\n```\r\n````\r\n\r\n"
        let prose2 = "\r\n* a list\r\n  * nested\r\n\r\n~~~\r\nplain block\r\n~~~\r\n\r\n"
        let text =
            "---\r\nwerkbank: 1\r\n# a comment\r\ntitle: 'It''s mine'\r\ncustom: kept\r\n---\r\n" + prose1
            + "```werkbank\r\ncases | count\r\n```\r\n" + prose2
            + "```werkbank\r\ncases | select id | take 2\r\n```\r\n\r\n```output\r\nstale\r\n```\r\n\r\nThe end.\r\n"
        NB.write(text, to: path)
        let update = NB.cli(["run", path, "--update"])
        #expect(update.code == 0, "\(update.err)")
        let after = NB.read(path)
        #expect(after.contains(prose1))
        #expect(after.contains(prose2))
        #expect(after.hasSuffix("\r\n\r\nThe end.\r\n"))
        #expect(after.contains("custom: kept\r\n"))
        #expect(after.contains("title: 'It''s mine'\r\n"))
        #expect(after.contains("# a comment\r\n"))
        #expect(!after.contains("stale"))
        #expect(!after.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        let doc = try NotebookDocument.parse(after)
        #expect(doc.frontMatter.title == "It's mine")
        #expect(doc.cells.count == 2)
        #expect(doc.cells[0].recordedOutput?.contains("│     7 │") == true)
        #expect(NB.cli(["run", path, "--check"]).code == 0)
    }

    @Test func untilStopsAfterTheCell() throws {
        let (_, path) = try recorded()
        let run = NB.cli(["run", path, "--until", "1"])
        #expect(run.code == 0)
        #expect(run.out.contains("cell 1"))
        #expect(!run.out.contains("cell 2"))
        let check = NB.cli(["run", path, "--check", "--until=2"])
        #expect(check.code == 0)
        #expect(check.out.contains("checked 2 cells"))
    }

    @Test func checkGoesOnAfterAMismatch() throws {
        let (_, path) = try recorded()
        var text = NB.read(path)
        text = text.replacingOccurrences(of: "│     7 │", with: "│     8 │")
        text = text.replacingOccurrences(of: "hint: did you mean \"founded\"?", with: "hint: something else")
        NB.write(text, to: path)
        let check = NB.cli(["run", path, "--check"])
        #expect(check.code == 1)
        #expect(check.out.contains("cell 1 ("))
        #expect(check.out.contains("cell 4 ("))
        #expect(check.out.contains("2 match, 2 differ"))
    }

    @Test func aChangedLoadedFileIsNamedBeforeTheDiffs() throws {
        let dir = NB.folder()
        NB.write("name;value\na;1,5\nb;2\n", to: dir + "/data.csv")
        let shell = try NB.Shell(folder: dir)
        shell.type("load \"data.csv\" as d")
        shell.type("d | summarize total = sum(value)")
        shell.type("notebook save \"sum.md\"")
        let path = dir + "/sum.md"
        let text = NB.read(path)
        #expect(text.contains("  - file: \"data.csv\"\n    sha256: "))
        #expect(!text.contains(dir))  // no absolute paths
        #expect(NB.cli(["run", path, "--check"]).code == 0)

        NB.write("name;value\na;1,5\nb;3\n", to: dir + "/data.csv")
        let check = NB.cli(["run", path, "--check"])
        #expect(check.code == 1)
        // Said on stderr, before any cell ran; the diff follows on stdout.
        #expect(check.err.hasPrefix("werkbank: file data.csv changed since this notebook was recorded (sha256 "), "\(check.err)")
        #expect(check.out.contains("differs from its recorded output"))
        #expect(check.out.contains("-│   3.5 │\n+│   4.5 │") || check.out.contains("-│ 3.5 │"), "\(check.out)")
        // The recorded and the current hash, shortened.
        let pin = try NotebookDocument.parse(text).frontMatter.datasets[0]
        #expect(check.err.contains(DatasetPin.short(pin.sha256) + " → "))

        // --update pins the new hash.
        #expect(NB.cli(["run", path, "--update"]).code == 0)
        #expect(try NotebookDocument.parse(NB.read(path)).frontMatter.datasets[0].sha256 != pin.sha256)
        #expect(NB.cli(["run", path, "--check"]).code == 0)
    }

    @Test func aChangedLibraryTableIsNamed() throws {
        let library = NB.libraryCopy()
        let dir = NB.folder()
        let shell = try NB.Shell(folder: dir, library: library)
        shell.type("cases | where founded is not null | summarize first = min(founded), last = max(founded)")
        shell.type("notebook save \"years.md\"")
        let path = dir + "/years.md"
        #expect(NB.cli(["run", path, "--check"], library: library).code == 0)

        // One number in the Library's CSV: the first founding year.
        let csvPath = library + "/cases.csv"
        let csv = NB.read(csvPath)
        let earliest = try #require(csv.range(of: ",2012,"))
        NB.write(csv.replacingCharacters(in: earliest, with: ",2011,"), to: csvPath)
        let check = NB.cli(["run", path, "--check"], library: library)
        #expect(check.code == 1)
        #expect(check.err.hasPrefix("werkbank: cases changed since this notebook was recorded (sha256 "), "\(check.err)")
        #expect(check.out.contains("2012"))
        #expect(check.out.contains("2011"))
    }

    @Test func aReplayWritesNothingWithoutAllowWrite() throws {
        let dir = NB.folder()
        let shell = try NB.Shell(folder: dir)
        let shown = shell.type("cases | select id | save \"ids.csv\"")
        #expect(shown.contains("saved 7 rows × 1 column to ids.csv"))
        shell.type("notebook save \"save.md\"")
        let path = dir + "/save.md"
        try FileManager.default.removeItem(atPath: dir + "/ids.csv")

        let run = NB.cli(["run", path])
        #expect(run.code == 0)
        #expect(run.out.contains("save skipped: not writing ids.csv"))
        #expect(!NB.exists(dir + "/ids.csv"))
        // The skipped save still matches the recorded one.
        let check = NB.cli(["run", path, "--check"])
        #expect(check.code == 0, "\(check.out)")
        #expect(!NB.exists(dir + "/ids.csv"))
        // --update keeps the recorded save line.
        #expect(NB.cli(["run", path, "--update"]).code == 0)
        #expect(NB.read(path).contains("saved 7 rows × 1 column to ids.csv"))
        #expect(!NB.exists(dir + "/ids.csv"))
        // With --allow-write, the file is written beside the notebook.
        let allowed = NB.cli(["run", path, "--allow-write"])
        #expect(allowed.code == 0)
        #expect(NB.exists(dir + "/ids.csv"))
    }

    @Test func relativePathsResolveAgainstTheNotebooksFolder() throws {
        let dir = NB.folder()
        NB.write("a,b\n1,2\n3,4\n", to: dir + "/small.csv")
        NB.write(
            """
            ---
            werkbank: 1
            ---

            ```werkbank
            load "small.csv" | summarize s = sum(b)
            ```

            ```werkbank
            load "missing.csv" as m
            ```

            """, to: dir + "/rel.md")
        let update = NB.cli(["run", dir + "/rel.md", "--update"])
        #expect(update.code == 0)
        let text = NB.read(dir + "/rel.md")
        #expect(text.contains("│ 6 │"))
        #expect(text.contains("error: no file \"missing.csv\""))
        #expect(text.contains("hint: paths are relative to the notebook's folder"))
        #expect(!text.contains(dir))
        #expect(text.contains("  - file: \"small.csv\""))
    }
}
