import Foundation
import Testing
import WerkbankEngine
@testable import WerkbankLanguage

/// Every help example that is one pipeline over the Library, run with the
/// Library's tables in DuckDB (and PostgreSQL when WERKBANK_TEST_POSTGRES
/// names a server): the output must be the bytes written beside the example,
/// which the in-memory engine gives too (HelpExampleTests).
@Suite(.serialized) struct EngineExampleTests {
    /// Every example of the vocabulary: stages, statements, functions, row
    /// functions, aggregates.
    static var examples: [(String, Example)] {
        HelpExampleTests.stageExamples + HelpExampleTests.statementExamples + HelpExampleTests.functionExamples
            + HelpExampleTests.rowFunctionExamples + HelpExampleTests.aggregateExamples
    }

    @Test(.enabled(if: (try? EngineBinary.duckdb()) != nil, "no duckdb command line: examples on DuckDB skipped"))
    func examplesOnDuckDB() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let client = try DuckDBClient(path: folder.path + "/library.duckdb")
        defer { client.close() }
        let tally = try Self.run(client: client, connect: "connect duckdb \"\(folder.path)/library.duckdb\" as e")
        tally.expectAgreement(inSQL: 45, "help examples on DuckDB")
    }

    @Test(.enabled(if: testPostgresURL != nil, "WERKBANK_TEST_POSTGRES is not set: examples on PostgreSQL skipped"))
    func examplesOnPostgres() throws {
        let url = try testPostgresDatabase("examples")
        let client = try PostgresClient(url: url)
        defer { client.close() }
        let tally = try Self.run(client: client, connect: "connect postgres \"\(url)\" as e")
        tally.expectAgreement(inSQL: 40, "help examples on PostgreSQL")
    }

    /// Spark starts in seconds: the session is handed the client's
    /// connection rather than running `connect`.
    @Test(.enabled(if: testSpark, "WERKBANK_TEST_SPARK is not set: examples on Spark skipped"))
    func examplesOnSpark() throws {
        let client = try SparkClient(target: nil)
        defer { client.close() }
        let tally = try Self.run(client: client, connect: nil)
        tally.expectAgreement(inSQL: 40, "help examples on Spark")
    }

    /// Uploads the Library's tables that an engine can hold (all their
    /// columns' types), then runs each example over them in one session,
    /// connected by `connect` (or handed the client's connection when nil).
    static func run(client: any SQLEngineClient, connect: String?) throws -> EngineConformanceTests.Tally {
        let library = Harness()
        var sent: Set<String> = []
        for name in library.session.catalog.names {
            guard let table = try library.session.catalog.table(name),
                table.fields.allSatisfy({ client.dialect.typeName($0.type) != nil })
            else { continue }
            try client.upload(table, as: name, cancel: CancellationToken())
            sent.insert(name)
        }
        let engine = Harness()
        try engine.connectEngine(client, by: connect)
        var tally = EngineConformanceTests.Tally()
        for (name, example) in examples {
            guard let pipeline = EngineConformanceTests.remote(example.code, tables: sent) else {
                tally.skipped += 1
                continue
            }
            let outcomes = engine.session.run(pipeline)
            // What `werkbank -c` prints on stdout (messages, such as the
            // stages that ran in werkbank, go to stderr); an error is shown.
            let printed = engine.output(of: outcomes, pipeline)
            let out = printed.failed ? printed.stderr : printed.stdout
            if out != example.expected {
                tally.failures.append("\(name): \(pipeline)\nexpected:\n\(example.expected)\nactual:\n\(out)")
            } else {
                tally.agreed(outcomes)
            }
        }
        return tally
    }
}
