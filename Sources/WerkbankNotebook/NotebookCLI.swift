import Foundation
import WerkbankEngine
import WerkbankLanguage

/// The notebook commands of the command line:
///
/// ```
/// werkbank run NOTEBOOK.md [--check | --update] [--until N] [--allow-write]
/// werkbank present NOTEBOOK.md
/// werkbank export NOTEBOOK.md --html OUT.html
/// ```
///
/// Exit codes: 0 ok; 1 a mismatch under `--check`, a failing cell in a plain
/// run, or a file that could not be written; 2 a usage error, a missing file
/// or a notebook that cannot be read (the message names the line).
public enum NotebookCLI {
    public static let usage = """
        usage: werkbank run NOTEBOOK.md [--check | --update] [--until N] [--allow-write] [--param NAME=PIPELINE ...]
               werkbank present NOTEBOOK.md
               werkbank export NOTEBOOK.md --html OUT.html
          run            replay every cell in a fresh session and print the outputs
                         (paths resolve against the notebook's folder)
          --check        compare each output with the recorded one; exit 1 on any difference
          --update       rewrite the outputs and dataset hashes in the notebook
          --until N      stop after cell N
          --allow-write  let save stages write files (a replay writes nothing otherwise; a cell
                         that reads a file an earlier cell writes fails without it)
          --param NAME=PIPELINE
                         run the parameter cell NAME (```werkbank parameter) as let NAME = PIPELINE
          present        the notebook as slides: space runs a cell and goes on, ← back, a number and
                         Enter jumps, e edits a cell, : asks a question, ? lists the keys, q quits
          export         write one self-contained HTML page (--html - writes to stdout)
        exit status: 0 ok; 1 a cell failed (plain run) or an output differs (--check; a
        recorded error that still matches is fine); 2 usage error or unreadable notebook

        """

    struct UsageError: Error {
        var message: String
    }

    public static func run(_ arguments: [String], makeSession: @escaping SessionFactory, io: NotebookIO) -> Int32 {
        guard let command = arguments.first else {
            io.err("werkbank: missing notebook command\n" + usage)
            return 2
        }
        var rest = Array(arguments.dropFirst())
        if rest.contains("-h") || rest.contains("--help") {
            io.out(usage)
            return 0
        }
        do {
            switch command {
            case "run":
                var options = NotebookReplayer.Options()
                let path = try parse(&rest, flags: ["--check", "--update", "--allow-write"], values: ["--until", "--param"]) { flag, value throws(UsageError) in
                    switch flag {
                    case "--check":
                        if options.mode == .update { throw UsageError(message: "--check and --update cannot go together") }
                        options.mode = .check
                    case "--update":
                        if options.mode == .check { throw UsageError(message: "--check and --update cannot go together") }
                        options.mode = .update
                    case "--allow-write": options.allowWrite = true
                    case "--until":
                        guard let v = value, let n = Int(v), n >= 1 else {
                            throw UsageError(message: "--until needs a cell number (1 or more), not \"\(value ?? "")\"")
                        }
                        options.until = n
                    case "--param":
                        guard let v = value, let eq = v.firstIndex(of: "="), eq != v.startIndex else {
                            throw UsageError(message: "--param needs NAME=PIPELINE, not \"\(value ?? "")\"")
                        }
                        let name = String(v[..<eq]), pipeline = String(v[v.index(after: eq)...])
                        guard !pipeline.trimmingCharacters(in: .whitespaces).isEmpty else {
                            throw UsageError(message: "--param \(name)= needs a pipeline after the =")
                        }
                        if options.parameters[name] != nil { throw UsageError(message: "--param \(name) given twice") }
                        options.parameters[name] = pipeline
                    default: break
                    }
                }
                let document = try read(path, io: io)
                return NotebookReplayer(path: path, document: document, makeSession: makeSession)
                    .run(options, out: io.out, err: io.err)
            case "present":
                let path = try parse(&rest, flags: [], values: []) { _, _ throws(UsageError) in }
                let document = try read(path, io: io)
                NotebookReplayer(path: path, document: document, makeSession: makeSession).reportChangedInputs(err: io.err)
                return NotebookPresenter(path: path, document: document, makeSession: makeSession).present(io)
            case "export":
                var output: String?
                let path = try parse(&rest, flags: [], values: ["--html"]) { _, value throws(UsageError) in
                    output = value
                }
                guard let output, !output.isEmpty else { throw UsageError(message: "export needs --html OUT.html") }
                let document = try read(path, io: io)
                NotebookReplayer(path: path, document: document, makeSession: makeSession).reportChangedInputs(err: io.err)
                return export(path: path, document: document, to: output, makeSession: makeSession, io: io)
            default:
                throw UsageError(message: "unknown notebook command \"\(command)\"")
            }
        } catch let error as UsageError {
            io.err("werkbank: \(error.message)\n" + usage)
            return 2
        } catch let error as NotebookError {
            io.err("werkbank: \(error.message)\n")
            return 2
        } catch {
            io.err("werkbank: \(error)\n")
            return 2
        }
    }

    /// Takes the flags out of `arguments` and returns the one notebook path.
    static func parse(_ arguments: inout [String], flags: Set<String>, values: Set<String>,
                      _ handle: (String, String?) throws(UsageError) -> Void) throws(UsageError) -> String {
        var paths: [String] = []
        var i = 0
        while i < arguments.count {
            let a = arguments[i]
            if flags.contains(a) {
                try handle(a, nil)
            } else if values.contains(a) {
                guard i + 1 < arguments.count else { throw UsageError(message: "\(a) needs a value") }
                try handle(a, arguments[i + 1])
                i += 1
            } else if let eq = a.firstIndex(of: "="), a.hasPrefix("--"), values.contains(String(a[..<eq])) {
                try handle(String(a[..<eq]), String(a[a.index(after: eq)...]))
            } else if a.hasPrefix("-") && a != "-" {
                throw UsageError(message: "unknown option \"\(a)\"")
            } else {
                paths.append(a)
            }
            i += 1
        }
        guard let path = paths.first else { throw UsageError(message: "missing the notebook file") }
        guard paths.count == 1 else { throw UsageError(message: "one notebook at a time (got \(paths.joined(separator: ", ")))") }
        return path
    }

    /// Reads and parses a notebook; a missing file is a usage error, a
    /// malformed one a NotebookError naming the file and the line.
    static func read(_ path: String, io: NotebookIO) throws -> NotebookDocument {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw UsageError(message: "no notebook \"\(path)\"")
        }
        guard !isDirectory.boolValue else { throw UsageError(message: "\"\(path)\" is a folder, not a notebook") }
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

    static func export(path: String, document: NotebookDocument, to output: String,
                       makeSession: @escaping SessionFactory, io: NotebookIO) -> Int32 {
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
