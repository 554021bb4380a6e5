import Foundation
import Testing
import WerkbankEngine
import WerkbankLanguage
import WerkbankLibrary
import WerkbankCommandLine
@testable import WerkbankNotebook

/// Shared helpers of the notebook tests: temporary folders, a shell-like
/// recording session, and the notebook commands with captured streams.
enum NB {
    /// A fresh temporary folder.
    static func folder() -> String {
        let path = NSTemporaryDirectory() + "werkbank-nb-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func write(_ text: String, to path: String) {
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
    }

    static func read(_ path: String) -> String {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    /// A session on the bundled Library, or on the Library in `library`.
    static func factory(library: String? = nil, width: Int = 100, color: Bool = false) -> SessionFactory {
        { () throws(EngineError) -> Session in
            let catalog = Catalog()
            try (library.map(Library.folder) ?? .bundled).register(into: catalog)
            let session = Session(catalog: catalog, baseDirectory: ".", allowWrite: true)
            session.settings.width = width
            session.settings.color = color
            return session
        }
    }

    /// A shell session in `folder` with a recorder, as the shell sets it up.
    final class Shell {
        let session: Session
        let recorder: NotebookRecorder
        var shown: [String] = []

        init(folder: String, library: String? = nil) throws {
            session = try NB.factory(library: library)()
            session.baseDirectory = folder
            recorder = NotebookRecorder(session: session)
        }

        /// Runs one input, records it, and returns what the shell shows.
        @discardableResult
        func type(_ input: String) -> String {
            let outcomes = session.run(input)
            recorder.record(input, outcomes: outcomes, session: session)
            var text = ""
            for outcome in outcomes {
                let r = OutcomeRenderer.render(outcome, source: input, settings: session.settings, batch: false)
                text += r.stdout + r.stderr
            }
            shown.append(text)
            return text
        }
    }

    struct Result {
        var code: Int32
        var out: String
        var err: String
    }

    final class Box: @unchecked Sendable {
        var out = ""
        var err = ""
        var input: [String]
        init(_ input: [String]) { self.input = input }
    }

    /// `werkbank ARGS` for the notebook commands, with stdin lines `input`.
    static func cli(
        _ args: [String], input: [String] = [], library: String? = nil, width: Int = 100,
        height: Int = 40, factory: SessionFactory? = nil
    ) -> Result {
        let box = Box(input)
        let io = NotebookIO(
            out: { box.out += $0 }, err: { box.err += $0 },
            readLine: { box.input.isEmpty ? nil : box.input.removeFirst() },
            isTerminal: false, width: width, height: height)
        return run(args, io: io, library: library, factory: factory, box: box)
    }

    /// `werkbank ARGS` through the real command line (WerkbankCommandLine),
    /// in-process: the notebook commands get `io`, a session comes from
    /// `factory`, or from the Library folder `--library` names, else `library`.
    static func run(
        _ args: [String], io: NotebookIO, library: String? = nil, factory: SessionFactory? = nil,
        box: Box = Box([])
    ) -> Result {
        let context = CommandContext(
            makeSession: { given throws(EngineError) in try (factory ?? NB.factory(library: given ?? library))() },
            notebookIO: { _ in io }, out: { box.out += $0 }, err: { box.err += $0 })
        let code = Invocation.run(args, in: context)
        return Result(code: code, out: box.out, err: box.err)
    }

    /// The 1-based line of the first line of `text` that starts with `prefix`.
    static func line(of prefix: String, in text: String) -> Int? {
        text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix(prefix) }.map { $0 + 1 }
    }

    /// A copy of the repository's Library folder, to change a number in.
    static func libraryCopy() -> String {
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Library").path
        let target = folder() + "/Library"
        try? FileManager.default.copyItem(atPath: source, toPath: target)
        return target
    }
}

@Suite struct SupportNotebookTests {
    @Test func helpersWork() throws {
        let dir = NB.folder()
        let shell = try NB.Shell(folder: dir)
        #expect(shell.type("cases | count").contains("1 row × 1 column"))
        #expect(shell.recorder.cellCount == 1)
    }
}
