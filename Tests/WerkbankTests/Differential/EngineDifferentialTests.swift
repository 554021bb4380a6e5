import Foundation
import Testing
import WerkbankEngine
@testable import WerkbankLanguage

/// The differential test's generated pipelines (DifferentialTests checks them
/// against sqlite3) run both ways: in memory and with t and u in DuckDB (and
/// PostgreSQL when WERKBANK_TEST_POSTGRES names a server, and Spark with
/// WERKBANK_TEST_SPARK=1). The engine's
/// output must be the in-memory output, byte for byte.
@Suite(.serialized) struct EngineDifferentialTests {
    @Test(.enabled(if: (try? EngineBinary.duckdb()) != nil, "no duckdb command line: the differential test on DuckDB skipped"))
    func generatedPipelinesOnDuckDB() throws {
        let path = DifferentialTests.fixture.dir + "/engine-\(getpid()).duckdb"
        defer { unlink(path) }
        let client = try DuckDBClient(path: path)
        defer { client.close() }
        let tally = try Self.run(client: client, connect: "connect duckdb \"\(path)\" as e")
        tally.expectAgreement(inSQL: 200, "differential on DuckDB", showing: 10)
    }

    @Test(.enabled(if: testPostgresURL != nil, "WERKBANK_TEST_POSTGRES is not set: the differential test on PostgreSQL skipped"))
    func generatedPipelinesOnPostgres() throws {
        let url = try testPostgresDatabase("differential")
        let client = try PostgresClient(url: url)
        defer { client.close() }
        let tally = try Self.run(client: client, connect: "connect postgres \"\(url)\" as e")
        tally.expectAgreement(inSQL: 200, "differential on PostgreSQL", showing: 10)
    }

    @Test(.enabled(if: testSpark, "WERKBANK_TEST_SPARK is not set: the differential test on Spark skipped"))
    func generatedPipelinesOnSpark() throws {
        let client = try SparkClient(target: nil)
        defer { client.close() }
        let tally = try Self.run(client: client, connect: nil)
        tally.expectAgreement(inSQL: 150, "differential on Spark", showing: 10)
    }

    /// Uploads t and u, connects (`connect`, or handed the client when nil)
    /// and runs every generated pipeline both ways.
    static func run(client: any SQLEngineClient, connect: String?) throws -> EngineConformanceTests.Tally {
        let f = DifferentialTests.fixture
        let local = Harness(format: .csv, baseDirectory: f.dir)
        local.run("load \"t.csv\" as t; load \"u.csv\" as u")
        for name in ["t", "u"] {
            let table = try #require(try local.session.catalog.table(name))
            try client.upload(table, as: name, cancel: CancellationToken())
        }
        let engine = Harness(format: .csv, baseDirectory: f.dir)
        try engine.connectEngine(client, by: connect)
        var tally = EngineConformanceTests.Tally()
        for q in f.queries {
            guard let pipeline = EngineConformanceTests.remote(q.pipeline, tables: ["t", "u"]) else {
                tally.skipped += 1
                continue
            }
            let expected = local.run(q.pipeline)
            let outcomes = engine.session.run(pipeline)
            let out = engine.output(of: outcomes, pipeline)
            if out.stdout != expected.stdout || out.failed != expected.failed {
                tally.failures.append(
                    "\(pipeline)\nin memory:\n\(expected.stdout)\(expected.stderr)\non the engine:\n\(out.stdout)\(out.stderr)")
            } else {
                tally.agreed(outcomes)
            }
        }
        return tally
    }
}
