import Foundation
import Testing
import WerkbankEngine
import WerkbankLanguage
@testable import WerkbankNotebook

/// Issue 16: a notebook records only what happened, loses nothing, and a
/// replay never reports a state that did not happen.
@Suite struct TrustNotebookTests {
    // MARK: Recording

    @Test func failedStatementsAreNotRecordedUnlessKept() throws {
        let shell = try NB.Shell(folder: NB.folder())
        shell.type("cases | count")
        shell.type("cases | where nope > 1")
        shell.type("cases | cnt")
        #expect(shell.recorder.cellCount == 1)
        // Of an input with a failing statement, the statements that ran are kept.
        shell.type("let a = cases | take 2; a | where nope > 1")
        #expect(shell.recorder.blocks.last == .cell(code: "let a = cases | take 2", output: "a: 2 rows × 20 columns\n"))
        #expect(shell.type("notebook keep").contains("kept the failed statement as an expect-error cell"))
        guard case .cell(let code, let output, let markers)? = shell.recorder.blocks.last else {
            Issue.record("no cell")
            return
        }
        #expect(code == "a | where nope > 1")
        #expect(output.contains("error: unknown column \"nope\""))
        #expect(markers == [.expectError])
        // Keeping twice, or without a failure, is an error.
        #expect(shell.type("notebook keep").contains("no failed statement to keep"))
    }

    @Test func aCancelledStatementIsNeverRecorded() throws {
        let shell = try NB.Shell(folder: NB.folder())
        shell.session.cancel.cancel()
        // Session.run resets the token per input; cancel from inside: a
        // statement that sees the flag set before its first stage.
        let outcomes = [
            Outcome(
                statement: "cases | count", kind: .pipeline, result: .failure(Diagnostic("cancelled", at: nil)),
                settings: shell.session.settings)
        ]
        shell.session.cancel.cancel()
        shell.recorder.record("cases | count", outcomes: outcomes, session: shell.session)
        #expect(shell.recorder.cellCount == 0)
        #expect(shell.type("notebook keep").contains("no failed statement to keep"))
    }

    @Test func showDropAndUndo() throws {
        let shell = try NB.Shell(folder: NB.folder())
        shell.type("cases | count")
        shell.type("note \"Why the count matters.\"")
        shell.type("collectives | count")
        let shown = shell.type("notebook show")
        #expect(shown.contains("│ 1 │ cell │ cases | count          │ 1 row × 1 column │"), "\(shown)")
        #expect(shown.contains("│ 2 │ note │ Why the count matters."))
        #expect(shell.recorder.cellCount == 2)
        #expect(shell.type("notebook drop 2").contains("dropped note \"Why the count matters.\" (2 left)"))
        #expect(shell.type("notebook drop 9").contains("there is no cell or note 9: the notebook has 2"))
        #expect(shell.type("notebook undo").contains("dropped the last cell \"collectives | count\" (1 left)"))
        #expect(
            shell.recorder.blocks == [
                .cell(
                    code: "cases | count",
                    output: shell.recorder.blocks.first.map { block in
                        if case .cell(_, let o, _) = block { return o } else { return "" }
                    } ?? "")
            ])
        shell.type("notebook undo")
        #expect(shell.type("notebook undo").contains("nothing to undo"))
        // notebook statements themselves are never cells.
        #expect(shell.recorder.cellCount == 0)
    }

    // MARK: The journal

    @Test func theJournalFollowsEveryChangeAndIsGoneWhenSaved() throws {
        let dir = NB.folder(), journals = NB.folder()
        let session = try NB.factory()()
        session.baseDirectory = dir
        let recorder = NotebookRecorder(session: session, journalled: true, journalFolder: journals)
        let path = try #require(recorder.journalPath)
        #expect(!NB.exists(path))
        for input in ["cases | count", "note \"A note.\""] {
            recorder.record(input, outcomes: session.run(input), session: session)
        }
        let journal = NB.read(path)
        #expect(journal.contains("```werkbank\ncases | count\n```"), "\(journal)")
        #expect(journal.contains("A note."))
        #expect(try NotebookDocument.parse(journal).frontMatter.sessionFolder == NotebookPaths.absolute(dir))
        // Leaving with unsaved work says where it is; the journal stays.
        let message = try #require(recorder.leaving())
        #expect(message.contains("kept in \(path)") && message.contains("notebook recover"))
        #expect(NB.exists(path))
        // Saved: leaving removes it.
        _ = session.run("notebook save \"x.md\"")
        #expect(recorder.leaving() == nil)
        #expect(!NB.exists(path))
    }

    @Test func recoverBringsBackADeadSessionsCellsAndTables() throws {
        let journals = NB.folder()
        let dataDir = NB.folder()
        NB.write("k,v\n1,a\n2,b\n", to: dataDir + "/t.csv")
        // The first session records, then "dies": its journal stays, under a
        // process id that is no longer running.
        do {
            let session = try NB.factory()()
            session.baseDirectory = dataDir
            let recorder = NotebookRecorder(session: session, journalled: true, journalFolder: journals)
            for input in ["load \"t.csv\" as t", "note \"Two rows.\"", "let two = t | where k <= 2", "two | count"] {
                recorder.record(input, outcomes: session.run(input), session: session)
            }
            let dead = Process()
            dead.executableURL = URL(fileURLWithPath: "/bin/true")
            try dead.run()
            dead.waitUntilExit()
            let from = try #require(recorder.journalPath)
            try FileManager.default.moveItem(atPath: from, toPath: journals + "/session-\(dead.processIdentifier)-1.md")
        }
        // The next session, in another folder: the paths follow.
        let elsewhere = NB.folder()
        let session = try NB.factory()()
        session.baseDirectory = elsewhere
        let recorder = NotebookRecorder(session: session, journalled: true, journalFolder: journals)
        let outcomes = session.run("notebook recover")
        let message = OutcomeRenderer.render(outcomes[0], source: "notebook recover", settings: session.settings, batch: false).stdout
        #expect(message.contains("recovered 3 cells and 1 note"), "\(message)")
        #expect(recorder.cellCount == 3)
        // The tables are back.
        let count = session.run("two | count")
        if case .success(.table(let t, _)) = count[0].result {
            #expect(t.columns[0].value(at: 0) == .int(2))
        } else {
            Issue.record("two is not back: \(count[0].result)")
        }
        guard case .cell(let code, _, _)? = recorder.blocks.first else { Issue.record("no cell"); return }
        let relative = NotebookPaths.relativePath(from: NotebookPaths.absolute(elsewhere), to: NotebookPaths.absolute(dataDir) + "/t.csv")
        #expect(code == "load \"\(relative)\" as t")
        // Recovered once: the journal it came from is gone.
        #expect(session.run("notebook recover")[0].result.isFailure)
    }

    // MARK: Replays and the files a notebook writes

    static let writesThenReads = """
        ---
        werkbank: 1
        ---

        ```werkbank
        cases | where city == "Utrecht" | save "sub.csv"
        ```

        ```werkbank
        load "sub.csv" as sub
        ```

        ```werkbank
        sub | count
        ```

        """

    @Test func aReplayWithoutAllowWriteNeverReadsWhatItDidNotWrite() throws {
        let dir = NB.folder()
        let path = dir + "/nb.md"
        NB.write(Self.writesThenReads, to: path)
        // A stale sub.csv from earlier lies beside the notebook.
        NB.write("id\n1\n2\n3\n4\n", to: dir + "/sub.csv")
        let update = NB.cli(["run", path, "--update"])
        #expect(update.code == 1)
        #expect(update.err.contains("not updating \(path): cell 2 (line 9) reads a file that an earlier cell writes"), "\(update.err)")
        #expect(NB.read(path) == Self.writesThenReads)
        let run = NB.cli(["run", path])
        #expect(run.code == 1)
        #expect(run.out.contains("error: cell 2 reads sub.csv, which cell 1 writes, but this replay wrote no files"), "\(run.out)")
        #expect(run.out.contains("hint: replay with --allow-write to let the notebook write sub.csv first"))
        // With --allow-write: written first, read after, and never pinned.
        let written = NB.cli(["run", path, "--update", "--allow-write"])
        #expect(written.code == 0, "\(written.err)")
        let text = NB.read(path)
        #expect(!text.contains("file: \"sub.csv\""), "\(text)")
        #expect(text.contains("│     2 │"))  // two cases in Utrecht
        let check = NB.cli(["run", path, "--check", "--allow-write"])
        #expect(check.code == 0 && check.out.contains("all match") && check.err.isEmpty, "\(check.out)\(check.err)")
        // Without the flag the check fails on the stale read, and says nothing contradictory.
        let strict = NB.cli(["run", path, "--check"])
        #expect(strict.code == 1)
        #expect(!strict.out.contains("all match") && !strict.err.contains("missing"))
    }

    @Test func everyReplayModeSaysWhichPinnedInputChanged() throws {
        let dir = NB.folder()
        NB.write("a\n1\n", to: dir + "/in.csv")
        let shell = try NB.Shell(folder: dir)
        shell.type("load \"in.csv\" as i")
        shell.type("i | count")
        shell.type("notebook save \"nb.md\"")
        NB.write("a\n1\n2\n", to: dir + "/in.csv")
        let path = dir + "/nb.md"
        let line = "werkbank: file in.csv changed since this notebook was recorded"
        for args in [
            ["run", path], ["run", path, "--check"], ["export", path, "--html", dir + "/x.html"],
            ["present", path], ["run", path, "--update"],
        ] {
            let r = NB.cli(args, input: ["q"])
            #expect(r.err.hasPrefix(line), "\(args): \(r.err)")
            #expect(r.err.components(separatedBy: line).count == 2, "once: \(args): \(r.err)")
        }
    }

    // MARK: Markers, sanitizers, parameters

    @Test func expectErrorIgnoreOutputAndSanitizers() throws {
        let dir = NB.folder()
        let path = dir + "/nb.md"
        NB.write(
            """
            ---
            werkbank: 1
            sanitize:
              - pattern: "[0-9]+ rows"
                replace: "N rows"
            ---

            ```werkbank expect-error
            cases | where nope > 1
            ```

            ```output
            error: unknown column "nope"
             --> line 1, column 15
              |
            1 | cases | where nope > 1
              |               ^^^^
            hint: did you mean "name"?
            ```

            ```werkbank ignore-output
            cases | count
            ```

            ```output
            whatever was here
            ```

            ```werkbank
            let c = cases | take 3
            ```

            ```output
            c: 99 rows × 20 columns
            ```

            """, to: path)
        let check = NB.cli(["run", path, "--check"])
        #expect(check.code == 0, "\(check.out)\(check.err)")
        #expect(NB.cli(["run", path]).code == 0)
        // An expect-error cell that succeeds is a mismatch.
        let fixed = NB.read(path).replacingOccurrences(of: "cases | where nope > 1", with: "cases | where founded > 1")
        NB.write(fixed, to: path)
        let broken = NB.cli(["run", path, "--check"])
        #expect(broken.code == 1)
        #expect(broken.out.contains("cell 1 (line 8) is marked expect-error but ran without an error"), "\(broken.out)")
        // --update keeps the ignored output as it is.
        _ = NB.cli(["run", path, "--update"])
        #expect(NB.read(path).contains("whatever was here"))
        // Unknown markers are refused where they are written.
        NB.write("---\nwerkbank: 1\n---\n\n```werkbank expect-eror\ncases | count\n```\n", to: path)
        let typo = NB.cli(["run", path])
        #expect(typo.code == 2 && typo.err.contains(":5: unknown cell marker \"expect-eror\""), "\(typo.err)")
    }

    @Test func parametersReplaceTheirCellsPipeline() throws {
        let dir = NB.folder()
        let path = dir + "/nb.md"
        NB.write(
            """
            ---
            werkbank: 1
            parameters:
              - name: here
                default: 'cases | where city == "Rotterdam"'
            ---

            ```werkbank parameter
            let here = cases | where city == "Rotterdam"
            ```

            ```werkbank
            here | count
            ```

            """, to: path)
        let rotterdam = NB.cli(["run", path])
        #expect(rotterdam.code == 0)
        #expect(rotterdam.out.contains("│     4 │"), "\(rotterdam.out)")
        let utrecht = NB.cli(["run", path, "--param", "here=cases | where city == \"Utrecht\""])
        #expect(utrecht.code == 0, "\(utrecht.err)")
        #expect(utrecht.out.contains("> let here = cases | where city == \"Utrecht\""), "\(utrecht.out)")
        #expect(utrecht.out.contains("│     2 │"))
        let unknown = NB.cli(["run", path, "--param", "there=cases"])
        #expect(unknown.code == 2 && unknown.err.contains("no parameter cell \"there\" (its parameters: here)"), "\(unknown.err)")
        #expect(NB.cli(["run", path, "--update", "--param", "here=cases"]).code == 2)
        #expect(
            try NotebookDocument.parse(NB.read(path)).frontMatter.parameters == [
                NotebookParameter(name: "here", defaultValue: "cases | where city == \"Rotterdam\"")
            ])
    }
}

extension Result {
    var isFailure: Bool { if case .failure = self { true } else { false } }
}
