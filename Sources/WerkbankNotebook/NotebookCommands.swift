import Foundation
import WerkbankEngine
import WerkbankLanguage

/// What the command line's notebook commands do once their arguments are
/// parsed (the declaration and the parsing are WerkbankCommandLine's):
///
/// ```
/// werkbank run NOTEBOOK.md [--check | --update] [--until N] [--allow-write] [--param NAME=PIPELINE ...]
/// werkbank present NOTEBOOK.md
/// werkbank export NOTEBOOK.md --html OUT.html
/// ```
///
/// Exit codes: 0 ok; 1 a mismatch under `--check`, a failing cell in a plain
/// run, or a file that could not be written; 2 a missing file or a notebook
/// that cannot be read (the message names the line).
public enum NotebookCommands {
    /// `run`: replays every cell in a fresh session and prints the outputs.
    public static func run(
        _ path: String, _ options: NotebookReplayer.Options, makeSession: @escaping SessionFactory,
        io: NotebookIO
    ) -> Int32 {
        reading(path, io: io) { document in
            NotebookReplayer(path: path, document: document, makeSession: makeSession).run(options, out: io.out, err: io.err)
        }
    }

    /// `present`: the notebook as slides.
    public static func present(_ path: String, makeSession: @escaping SessionFactory, io: NotebookIO) -> Int32 {
        reading(path, io: io) { document in
            NotebookReplayer(path: path, document: document, makeSession: makeSession).reportChangedInputs(err: io.err)
            return NotebookPresenter(path: path, document: document, makeSession: makeSession).present(io)
        }
    }

    /// `export --html OUT`: one self-contained page (`-` writes it to stdout).
    public static func export(
        _ path: String, html output: String, makeSession: @escaping SessionFactory,
        io: NotebookIO
    ) -> Int32 {
        reading(path, io: io) { document in
            NotebookReplayer(path: path, document: document, makeSession: makeSession).reportChangedInputs(err: io.err)
            return export(path: path, document: document, to: output, makeSession: makeSession, io: io)
        }
    }

    /// Runs `body` on the notebook at `path`; a notebook that cannot be read is exit 2.
    static func reading(_ path: String, io: NotebookIO, _ body: (NotebookDocument) -> Int32) -> Int32 {
        let document: NotebookDocument
        do {
            document = try read(path)
        } catch {
            io.err("werkbank: \(error.message)\n")
            return 2
        }
        return body(document)
    }

    /// Reads and parses a notebook; the error names the file, and the line
    /// when the notebook is malformed.
    static func read(_ path: String) throws(NotebookError) -> NotebookDocument {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw NotebookError("no notebook \"\(path)\"")
        }
        guard !isDirectory.boolValue else { throw NotebookError("\"\(path)\" is a folder, not a notebook") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw NotebookError("cannot read \(path)")
        }
        do {
            return try NotebookDocument.parse(bytes: Array(data))
        } catch {
            let line = error.line.map { ":\($0)" } ?? ""
            throw NotebookError("\(path)\(line): \(error.message)", line: error.line)
        }
    }

    static func export(
        path: String, document: NotebookDocument, to output: String,
        makeSession: @escaping SessionFactory, io: NotebookIO
    ) -> Int32 {
        let html: String
        do {
            html = try HTMLExporter(path: path, document: document, makeSession: makeSession).render(warn: io.err)
        } catch {
            io.err("werkbank: \(error.message)\n")
            return 2
        }
        if output == "-" {
            io.out(html)
            return 0
        }
        do {
            try AtomicFile.write(Array(html.utf8), to: output)
        } catch {
            io.err("werkbank: cannot write \(output): \(error.message)\n")
            return 1
        }
        io.out("exported \(path) to \(output) (\(document.cells.count) cell\(document.cells.count == 1 ? "" : "s"))\n")
        return 0
    }
}
