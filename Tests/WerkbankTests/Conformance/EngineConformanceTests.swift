import Foundation
import Testing
import WerkbankEngine
@testable import WerkbankLanguage

/// The conformance corpus run both ways (issue 17): every single-pipeline
/// case whose answer is a table runs again with its tables in DuckDB (and in
/// PostgreSQL when WERKBANK_TEST_POSTGRES names a server) and must give the
/// same bytes as the expected block — the answer DuckDB or the spec gave,
/// which the in-memory engine gives too (ConformanceTests). The part of a
/// pipeline SQL cannot answer as werkbank does runs in werkbank over the
/// engine's result; a floor on the cases answered wholly in SQL keeps the
/// compiler from quietly handing work back.
@Suite(.serialized) struct EngineConformanceTests {
    struct Tally: CustomStringConvertible {
        var inSQL = 0, partly = 0, skipped = 0, documentedErrors = 0
        var failures: [String] = []
        var description: String {
            "\(inSQL) wholly in SQL, \(partly) partly in werkbank, \(documentedErrors) documented engine errors, \(skipped) not run both ways"
        }

        /// How every both-ways suite ends: no case differs (the first `shown`
        /// differences listed), at least `floor` answered wholly in SQL (so
        /// the compiler does not quietly hand work back), and the tally
        /// printed as `label`.
        func expectAgreement(
            inSQL floor: Int, _ label: String, showing shown: Int = .max, sourceLocation: SourceLocation = #_sourceLocation
        ) {
            #expect(
                failures.isEmpty, "\(failures.count) differ:\n\(failures.prefix(shown).joined(separator: "\n\n"))",
                sourceLocation: sourceLocation)
            #expect(inSQL >= floor, "\(description)", sourceLocation: sourceLocation)
            print("\(label): \(self)")
        }

        /// A case that gave werkbank's output: counted wholly in SQL, or
        /// partly in werkbank when a stage ran here.
        mutating func agreed(_ outcomes: [Outcome]) {
            let ranHere = outcomes.last?.events.contains { if case .ranInWerkbank = $0 { true } else { false } } ?? false
            if ranHere { partly += 1 } else { inSQL += 1 }
        }
    }

    @Test func corpusOnDuckDB() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("werkbank-engine-conformance-\(getpid())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var tally = Tally()
        for file in ConformanceCorpus.fileNames {
            let path = folder + "/" + file.replacingOccurrences(of: ".test", with: ".duckdb")
            let client = try DuckDBClient(path: path)
            defer { client.close() }
            try Self.run(file, client: client, connect: "connect duckdb \"\(path)\" as e", &tally)
        }
        tally.expectAgreement(inSQL: 250, "conformance on DuckDB")
    }

    /// Cases an engine answers with an error where werkbank answers; each
    /// is a documented difference (docs/language.md, "SQL engines"), never a
    /// different answer.
    static let engineErrors: [String: String] = [
        // PostgreSQL raises "value out of range" where IEEE arithmetic gives ±inf or 0.
        "arith_float_mul": "postgres"
    ]

    @Test(.enabled(if: testPostgresURL != nil, "WERKBANK_TEST_POSTGRES is not set: the corpus on PostgreSQL skipped"))
    func corpusOnPostgres() throws {
        var tally = Tally()
        let url = try testPostgresDatabase("conformance")
        let client = try PostgresClient(url: url)
        defer { client.close() }
        for file in ConformanceCorpus.fileNames {
            try Self.run(file, client: client, connect: "connect postgres \"\(url)\" as e", &tally)
        }
        tally.expectAgreement(inSQL: 200, "conformance on PostgreSQL")
    }

    /// Spark starts in seconds, so one local Spark (one driver) serves the
    /// whole corpus: each case's session is handed that connection instead
    /// of running `connect`.
    @Test(.enabled(if: testSpark, "WERKBANK_TEST_SPARK is not set: the corpus on Spark skipped"))
    func corpusOnSpark() throws {
        var tally = Tally()
        let client = try SparkClient(target: nil)
        defer { client.close() }
        for file in ConformanceCorpus.fileNames {
            try Self.run(file, client: client, connect: nil, &tally)
        }
        tally.expectAgreement(inSQL: 200, "conformance on Spark")
    }

    /// Uploads a file's tables (in their order, so the engine's row order is
    /// the input order), connects a session (`connect`, or handed `client`
    /// itself when nil) and runs each case over them.
    static func run(_ file: String, client: any SQLEngineClient, connect: String?, _ tally: inout Tally) throws {
        let corpus = try ConformanceCorpus.load(file)
        for t in corpus.tables { try client.upload(t.table, as: t.name, cancel: CancellationToken()) }
        let names = Set(corpus.tables.map(\.name))
        var shared: Connection?
        if connect == nil {
            shared = Connection(name: "e", client: client)
            try shared?.refresh(CancellationToken())
        }
        for c in corpus.cases {
            guard case .table(let expected) = c.expected, let pipeline = remote(c.pipeline, tables: names) else {
                tally.skipped += 1
                continue
            }
            let session = Session(catalog: Catalog(), baseDirectory: ConformanceCorpus.directory, allowWrite: false)
            if let shared { session.connections.append(shared) }
            let outcomes = session.run((connect.map { $0 + "\n" } ?? "") + pipeline)
            let actual: String
            switch outcomes.last?.result {
            case .success(.table(let table, _))?: actual = ConformanceTests.typedCSV(table)
            case .failure(let d)?: actual = "error: \(d.message)" + (d.hint.map { " (hint: \($0))" } ?? "")
            default: actual = "(no table)"
            }
            if actual.hasPrefix("error: e: "), engineErrors[c.name] == client.dialect.name {
                tally.documentedErrors += 1
            } else if Array(actual.utf8) != Array(expected.utf8) {
                tally.failures.append(
                    "\(c.file):\(c.line) \(c.name)\n\(pipeline)\nexpected:\n\(expected)\nactual:\n\(actual)"
                        + ConformanceTests.byteNote(expected, actual))
            } else {
                tally.agreed(outcomes)
            }
        }
    }

    /// The pipeline with its tables named as the connection's (`t` → `e.t`),
    /// by the parser's spans; nil for what is not one pipeline over the
    /// file's tables (`let`, several statements, `load`).
    static func remote(_ text: String, tables: Set<String>) -> String? {
        let lexed = Lexer.tokenize(text)
        guard lexed.errors.isEmpty else { return nil }
        var parser = Parser(lexed.tokens[...])
        guard case .pipeline(let p)? = try? parser.parseStatement(), parser.atEnd, !text.contains("\n") else { return nil }
        guard case .name(let source, let sourceSpan) = p.source, tables.contains(source) else { return nil }
        var spans = [sourceSpan]
        for stage in p.stages {
            guard let read = (stage.stage as? ReadsTable)?.tableRead else { continue }
            guard tables.contains(read.name) else { return nil }
            spans.append(read.span)
        }
        var bytes = Array(text.utf8)
        for span in spans.sorted(by: { $0.start > $1.start }) {
            bytes.replaceSubrange(span.start..<span.end, with: Array("e.".utf8) + bytes[span.start..<span.end])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
