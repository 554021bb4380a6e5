import Foundation
import WerkbankEngine
@testable import WerkbankLanguage
import WerkbankLibrary
import WerkbankRender

/// Runs statements in a fresh session with the bundled Library and returns
/// what a user would see, as in batch mode.
struct Harness {
    let session: Session

    init(format: OutputFormat = .csv, baseDirectory: String = ".") {
        let catalog = Catalog()
        do { try Library.bundled.register(into: catalog) } catch { Issue.record("Library: \(error.message)") }
        session = Session(catalog: catalog, baseDirectory: baseDirectory, allowWrite: true)
        session.settings.format = format
    }

    struct Output {
        var stdout: String
        var stderr: String
        var failed: Bool
    }

    @discardableResult
    func run(_ text: String) -> Output { output(of: session.run(text), text) }

    /// The engine suites' connection `e` to `client`: by running `connect`
    /// (DuckDB, PostgreSQL: a client is cheap to start), or when nil by
    /// handing the session the client itself (Spark, which starts in seconds).
    func connectEngine(_ client: any SQLEngineClient, by connect: String?) throws {
        if let connect {
            let connected = run(connect)
            #expect(!connected.failed, "\(connected.stderr)")
        } else {
            let connection = Connection(name: "e", client: client)
            try connection.refresh(CancellationToken())
            session.connections.append(connection)
        }
    }

    /// What batch mode prints for the outcomes of `text`.
    func output(of outcomes: [Outcome], _ text: String) -> Output {
        var out = Output(stdout: "", stderr: "", failed: false)
        for outcome in outcomes {
            let r = OutcomeRenderer.render(outcome, source: text, settings: session.settings, batch: true)
            out.stdout += r.stdout
            out.stderr += r.stderr
            if case .failure = outcome.result { out.failed = true }
        }
        return out
    }

    /// The CSV output of a pipeline that must succeed.
    func csv(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> String {
        let out = run(text)
        #expect(!out.failed, "\(text) failed: \(out.stderr)", sourceLocation: sourceLocation)
        return out.stdout
    }

    /// The error text of a statement that must fail.
    func error(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> String {
        let out = run(text)
        #expect(out.failed, "\(text) should fail", sourceLocation: sourceLocation)
        return out.stderr
    }

    /// A table from CSV text, through the real reader (for small test inputs).
    func load(_ name: String, csv: String, options: String = "") {
        let path = NSTemporaryDirectory() + "wb-\(UUID().uuidString).csv"
        _ = FileManager.default.createFile(atPath: path, contents: Data(csv.utf8))
        let out = run("load \"\(path)\" \(options) as \(name)")
        #expect(!out.failed, "\(out.stderr)")
        try? FileManager.default.removeItem(atPath: path)
    }
}

import Testing
