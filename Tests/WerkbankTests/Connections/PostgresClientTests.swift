import Foundation
import Testing
import WerkbankEngine
@testable import WerkbankLanguage

/// The test server's URL (`.ci/postgres start` prints it).
let testPostgresURL = ProcessInfo.processInfo.environment["WERKBANK_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }
/// Whether the Spark suites run: WERKBANK_TEST_SPARK=1 (pyspark and Java 17
/// installed; Spark starts in seconds, so they are not run by default).
let testSpark = ProcessInfo.processInfo.environment["WERKBANK_TEST_SPARK"] == "1"

/// A database of its own on the test server, for a suite whose tables have
/// names other suites use too (`t`, `cases`): suites run side by side, and in
/// one database they would replace each other's tables. Created empty (an
/// earlier run's is dropped first); the URL is the test server's with it.
func testPostgresDatabase(_ name: String) throws -> String {
    let base = try #require(testPostgresURL)
    let database = "werkbank_\(name)_\(getpid())"
    let admin = try PostgresClient(url: base)
    defer { admin.close() }
    try admin.execute("DROP DATABASE IF EXISTS \(database)", cancel: .never)
    try admin.execute("CREATE DATABASE \(database)", cancel: .never)
    let slash = try #require(base.lastIndex(of: "/"))
    return base[..<slash] + "/" + database
}

/// PostgreSQL through psql, for real: the server `.ci/postgres start` starts
/// (.ci/run sets WERKBANK_TEST_POSTGRES to its URL). Without it these tests
/// are skipped, and say so.
@Suite(
    .enabled(
        if: testPostgresURL != nil,
        "WERKBANK_TEST_POSTGRES is not set: PostgreSQL client tests skipped (export WERKBANK_TEST_POSTGRES=$(.ci/postgres start))"),
    .serialized)
struct PostgresClientTests {
    func client() throws -> PostgresClient { try PostgresClient(url: testPostgresURL!) }

    @Test func everyTypeComesBack() throws {
        let c = try client()
        defer { c.close() }
        try EngineClientScenarios.everyType(c)
        try EngineClientScenarios.floatsRoundTrip(c)
    }

    @Test func sendingATableAndJoiningIt() throws {
        let c = try client()
        defer { c.close() }
        try EngineClientScenarios.sendingAndJoining(c)
    }

    @Test func uploadAndTheCatalogue() throws {
        let c = try client()
        defer { c.close() }
        try EngineClientScenarios.uploadAndCatalogue(c, defaultSchema: "public")
    }

    @Test func anEngineErrorIsItsMessage() throws {
        let c = try client()
        defer { c.close() }
        #expect(throws: EngineError.inQuery(.engine("relation \"nosuch\" does not exist", hint: nil), line: 1)) {
            try c.query("SELECT * FROM nosuch", schema: [Field("x", .int)], cancel: .never)
        }
        // PostgreSQL raises an error on division by zero (the compiler spells division around it).
        #expect(throws: EngineError.engine("division by zero", hint: nil)) {
            try c.query("SELECT 1 / 0 AS x", schema: [Field("x", .int)], cancel: .never)
        }
    }

    /// psql gets SIGINT first, so the server cancels the query too: nothing
    /// keeps running there after werkbank gave up.
    @Test func cancellationStopsALongQueryWithinASecond() throws {
        let c = try client()
        defer { c.close() }
        try EngineClientScenarios.cancellation(c, longQuery: "SELECT count(*) AS n FROM pg_sleep(30)")
        let running = try c.query(
            "SELECT count(*) AS n FROM pg_stat_activity WHERE query LIKE '%pg_sleep(30)%' AND pid <> pg_backend_pid()",
            schema: [Field("n", .int)], cancel: .never)
        #expect(running.columns[0].value(at: 0) == .int(0))
    }

    /// Above the size limit the count is the planner's estimate (exact
    /// after ANALYZE on a small table), or unknown before any ANALYZE.
    @Test func largeTablesGetTheEstimate() throws {
        let c = try PostgresClient(url: testPostgresURL!, exactCountBytes: -1)
        defer { c.close() }
        try c.execute(
            """
            DROP TABLE IF EXISTS analysed; DROP TABLE IF EXISTS unanalysed;
            CREATE TABLE analysed AS SELECT g AS x FROM generate_series(1, 3) g;
            ANALYZE analysed;
            CREATE TABLE unanalysed (x BIGINT);
            INSERT INTO unanalysed VALUES (1), (2)
            """, cancel: .never)
        let tables = try c.tables(cancel: .never)
        let analysed = try #require(tables.first { $0.table == "analysed" })
        #expect(analysed.rowCount == 3)
        #expect(!analysed.rowCountIsExact)
        let unanalysed = try #require(tables.first { $0.table == "unanalysed" })
        #expect(unanalysed.rowCount == nil)
        #expect(!unanalysed.rowCountIsExact)
    }
}

/// psql without a server: a refused connection.
@Suite(.enabled(if: (try? EngineBinary.psql()) != nil, "no psql (apt-get install postgresql-client; .ci/deps installs it): skipped"))
struct PostgresConnectionErrorTests {
    @Test func aRefusedConnectionSaysIsTheServerRunning() throws {
        let c = try PostgresClient(url: "postgresql://werkbank:secret@127.0.0.1:1/postgres")
        defer { c.close() }
        #expect(c.description == "postgres postgresql://werkbank@127.0.0.1:1/postgres")
        do {
            _ = try c.tables(cancel: .never)
            Issue.record("connected to port 1")
        } catch {
            #expect(error.message.contains("Connection refused"))
            #expect(!error.message.contains("secret"))
            #expect(error.hint == "is the server running? Check the host and port in the URL")
        }
    }
}

/// Passwords never reach a message, a description or psql's command line.
@Suite struct PostgresURLTests {
    @Test func thePasswordIsTakenOut() throws {
        let u = try PostgresURL("postgresql://ann:p%40ss:w@db.example.org:5433/bag?sslmode=require&password=other")
        #expect(u.redacted == "postgresql://ann@db.example.org:5433/bag?sslmode=require")
        #expect(u.password == "other")
        let v = try PostgresURL("postgres://ann:p%40ss@host/db")
        #expect(v.redacted == "postgres://ann@host/db")
        #expect(v.password == "p@ss")
        let w = try PostgresURL("postgresql://werkbank@127.0.0.1:5432/postgres")
        #expect(w.redacted == "postgresql://werkbank@127.0.0.1:5432/postgres")
        #expect(w.password == nil)
    }

    @Test func notAURL() {
        #expect(
            throws: EngineError.engine(
                "a PostgreSQL connection is a URL that starts with postgresql://", hint: "for example postgresql://user@localhost:5432/database")
        ) { try PostgresURL("host=localhost dbname=x") }
    }
}
