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
        let tally = try Self.run(connect: "connect duckdb \"\(folder.path)/library.duckdb\" as e") {
            try DuckDBClient(path: folder.path + "/library.duckdb")
        }
        #expect(tally.failures.isEmpty, "\(tally.failures.count) differ:\n\(tally.failures.joined(separator: "\n\n"))")
        #expect(tally.inSQL >= 45, "\(tally.description)")
        print("help examples on DuckDB: \(tally)")
    }

    @Test(.enabled(if: testPostgresURL != nil, "WERKBANK_TEST_POSTGRES is not set: examples on PostgreSQL skipped"))
    func examplesOnPostgres() throws {
        let url = try testPostgresDatabase("examples")
        let tally = try Self.run(connect: "connect postgres \"\(url)\" as e") { try PostgresClient(url: url) }
        #expect(tally.failures.isEmpty, "\(tally.failures.count) differ:\n\(tally.failures.joined(separator: "\n\n"))")
        #expect(tally.inSQL >= 40, "\(tally.description)")
        print("help examples on PostgreSQL: \(tally)")
    }

    /// Uploads the Library's tables that an engine can hold (all their
    /// columns' types), then runs each example over them in one session.
    static func run(connect: String, client: () throws -> any SQLEngineClient) throws -> EngineConformanceTests.Tally {
        let library = Harness()
        var sent: Set<String> = []
        do {
            let c = try client()
            defer { c.close() }
            for name in library.session.catalog.names {
                guard let table = try library.session.catalog.table(name),
                    table.fields.allSatisfy({ c.dialect.typeName($0.type) != nil })
                else { continue }
                try c.upload(table, as: name, cancel: CancellationToken())
                sent.insert(name)
            }
        }
        let engine = Harness()
        let connected = engine.run(connect)
        #expect(!connected.failed, "\(connected.stderr)")
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
