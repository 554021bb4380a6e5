import Foundation
import Testing
import WerkbankEngine
import WerkbankLanguage
@testable import WerkbankNotebook

/// The shell's side: `note`, `notebook save`, `notebook clear`.
@Suite struct RecorderNotebookTests {
    @Test func savingNeverOverwritesAForeignFileWithoutBeingAskedTwice() throws {
        let dir = NB.folder()
        NB.write("my own notes\n", to: dir + "/mine.md")
        let shell = try NB.Shell(folder: dir)
        shell.type("cases | count")
        let first = shell.type("notebook save \"mine.md\"")
        #expect(first.contains("error: mine.md already exists and was not written by this session; not overwriting it"), "\(first)")
        #expect(first.contains("hint: repeat the same notebook save to overwrite it, or save under another name"))
        #expect(NB.read(dir + "/mine.md") == "my own notes\n")
        // Anything recorded in between cancels the permission.
        shell.type("cases | count by city")
        #expect(shell.type("notebook save \"mine.md\"").contains("error: "))
        #expect(NB.read(dir + "/mine.md") == "my own notes\n")
        // Asked twice in a row: overwritten.
        let second = shell.type("notebook save \"mine.md\"")
        #expect(second.contains("saved notebook mine.md (2 cells, 1 dataset pinned)"), "\(second)")
        #expect(NB.read(dir + "/mine.md").hasPrefix("---\nwerkbank: 1\n"))
    }

    @Test func savingAgainUpdatesItsOwnFileButNotOneChangedSince() throws {
        let dir = NB.folder()
        let shell = try NB.Shell(folder: dir)
        shell.type("cases | count")
        #expect(shell.type("notebook save \"nb.md\"").contains("saved notebook nb.md (1 cell, 1 dataset pinned)"))
        #expect(shell.type("notebook save \"nb.md\"").contains("notebook nb.md is already up to date"))
        shell.type("collectives | count")
        #expect(shell.type("notebook save \"nb.md\"").contains("saved notebook nb.md (2 cells, 2 datasets pinned)"))
        // Someone edits the file by hand: the next save refuses once.
        NB.write(NB.read(dir + "/nb.md") + "\nA hand-written line.\n", to: dir + "/nb.md")
        shell.type("terreinen | count")
        let refused = shell.type("notebook save \"nb.md\"")
        #expect(refused.contains("nb.md changed on disk since this session saved it; not overwriting it"), "\(refused)")
        #expect(NB.read(dir + "/nb.md").contains("A hand-written line."))
        #expect(shell.type("notebook save \"nb.md\"").contains("saved notebook nb.md (3 cells"))
        // No temporary files left behind.
        let files = try FileManager.default.contentsOfDirectory(atPath: dir)
        #expect(files == ["nb.md"])
    }

    @Test func notesClearAndBadSaves() throws {
        let dir = NB.folder()
        let shell = try NB.Shell(folder: dir)
        #expect(shell.type("notebook save \"empty.md\"").contains("nothing to save yet"))
        #expect(shell.type("note \"  \"").contains("a note needs some text"))
        shell.type("note \"## Heading\\n\\nA paragraph.\"")
        shell.type("cases | count")
        #expect(shell.type("notebook save \"x.txt\"").contains("a notebook is a Markdown file"))
        #expect(shell.type("notebook save \".\"").contains("error: "))
        #expect(shell.type("notebook clear").contains("notebook cleared (1 cell dropped)"))
        #expect(shell.recorder.blocks.isEmpty)
        shell.type("cases | count by role")
        #expect(shell.type("notebook save \"sub/none.md\"").contains("cannot save the notebook"))
        shell.type("note \"A closing remark.\"")
        #expect(shell.type("notebook save \"after.md\"").contains("saved notebook after.md (1 cell"))
        let text = NB.read(dir + "/after.md")
        #expect(text.contains("title: \"after\""))  // from the file name: no heading left after clear
        #expect(!text.contains("## Heading"))
        #expect(text.hasSuffix("```\n\nA closing remark.\n"))
    }

    @Test func aMixedInputKeepsOnlyItsRecordedStatements() throws {
        let dir = NB.folder()
        let shell = try NB.Shell(folder: dir)
        shell.type("cases | count; help where")
        shell.type("help")
        shell.type("notebook save \"mixed.md\"")
        let doc = try NotebookDocument.parse(NB.read(dir + "/mixed.md"))
        #expect(doc.cells.count == 1)
        #expect(doc.cells[0].code == "cases | count; help where")
        #expect(doc.cells[0].recordedOutput?.contains("│     7 │") == true)
        #expect(doc.cells[0].recordedOutput?.contains("where") == false)
        #expect(NB.cli(["run", dir + "/mixed.md", "--check"]).code == 0)
    }

    @Test func multiLineInputsAndErrorsReplayToTheSameBytes() throws {
        let dir = NB.folder()
        let shell = try NB.Shell(folder: dir)
        shell.type("cases\n| where founded > 2014\n| select id, founded\n")
        shell.type("cases\n| select id\n| where id = \"x\"")
        shell.type("cases | summarize n = count(")
        shell.type("set rows 2")
        shell.type("terreinen | select id")
        shell.type("notebook save \"multi.md\"")
        let text = NB.read(dir + "/multi.md")
        #expect(text.contains("```werkbank\ncases\n| where founded > 2014\n| select id, founded\n```\n"))
        #expect(text.contains("(showing first 2)"))
        let check = NB.cli(["run", dir + "/multi.md", "--check"])
        #expect(check.code == 0, "\(check.out)")
    }

    @Test func aSaveIntoAnotherFolderRewritesPathsForTheNotebooksFolder() throws {
        let dir = NB.folder()
        try FileManager.default.createDirectory(atPath: dir + "/notes", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir + "/data", withIntermediateDirectories: true)
        NB.write("a,b\n1,2\n", to: dir + "/data/t.csv")
        let shell = try NB.Shell(folder: dir)
        shell.type("load \"data/t.csv\" as t")
        shell.type("t | save \"notes/sub.csv\"")
        let saved = shell.type("notebook save \"notes/t.md\"")
        // Relative to notes/: the load goes up a folder (and says so), the save stays beside.
        #expect(saved.contains("saved notebook notes/t.md (2 cells"), "\(saved)")
        #expect(saved.contains("warning: ../data/t.csv is outside the notebook's folder"), "\(saved)")
        let text = NB.read(dir + "/notes/t.md")
        #expect(text.contains("load \"../data/t.csv\" as t"), "\(text)")
        #expect(text.contains("t | save \"sub.csv\""))
        #expect(text.contains("saved 1 row × 2 columns to sub.csv"))
        // The pin follows the path; the written file is no input.
        #expect(text.contains("  - file: \"../data/t.csv\"\n"), "\(text)")
        #expect(!text.contains("file: \"sub.csv\"") && !text.contains("file: \"notes/sub.csv\""))
        // The notebook checks clean from its own folder, writing its file.
        let check = NB.cli(["run", dir + "/notes/t.md", "--check", "--allow-write"])
        #expect(check.code == 0, "\(check.out)\(check.err)")
        // An absolute path is kept, with a warning.
        shell.type("load \"\(dir)/data/t.csv\" as u")
        #expect(shell.type("notebook save \"notes/t.md\"").contains("is an absolute path: the notebook replays only where that file is"))
    }
}
