import Foundation
import Testing
import WerkbankEngine
@testable import WerkbankLanguage

/// DuckDB's command line, for real (`duckdb` on the PATH: `pip install
/// duckdb-cli`, which .ci/deps installs).
@Suite(
    .enabled(
        if: (try? EngineBinary.duckdb()) != nil, "no duckdb command line (pip install duckdb-cli; .ci/deps installs it): DuckDB client tests skipped")
)
struct DuckDBClientTests {
    @Test func everyTypeComesBack() throws {
        let client = try DuckDBClient(path: nil)
        defer { client.close() }
        try EngineClientScenarios.everyType(client)
        try EngineClientScenarios.floatsRoundTrip(client)
    }

    @Test func sendingATableAndJoiningIt() throws {
        let client = try DuckDBClient(path: nil)
        defer { client.close() }
        try EngineClientScenarios.sendingAndJoining(client)
    }

    @Test func uploadAndTheCatalogue() throws {
        let client = try DuckDBClient(path: nil)
        defer { client.close() }
        try EngineClientScenarios.uploadAndCatalogue(client, defaultSchema: "main")
    }

    /// `connect duckdb memory="1GB" threads=1`: every run of the client
    /// starts with DuckDB's settings (1 GB is 953.6 MiB in DuckDB's display).
    @Test func limitsAreSetInEveryRun() throws {
        let client = try DuckDBClient(path: nil, limits: .init(memory: "1GB", threads: 1))
        defer { client.close() }
        let t = try client.query(
            "SELECT current_setting('memory_limit') AS m, current_setting('threads') AS t",
            schema: [Field("m", .string), Field("t", .int)], cancel: .never)
        #expect(t.columns[0].value(at: 0) == .string("953.6 MiB"))
        #expect(t.columns[1].value(at: 0) == .int(1))
        #expect(DuckDBClient.Limits.memory("1.5 gb") == "1.5GB")
        #expect(DuckDBClient.Limits.memory("500MiB") == "500MIB")
        #expect(DuckDBClient.Limits.memory("lots") == nil)
        #expect(DuckDBClient.Limits.memory("GB") == nil)
        #expect(DuckDBClient.Limits.memory("-1GB") == nil)
    }

    /// An in-memory database is a file in the client's own folder, gone with
    /// `close()`; a named file stays.
    @Test func inMemoryIsAPrivateFileRemovedOnClose() throws {
        let client = try DuckDBClient(path: nil)
        try client.execute("CREATE TABLE t AS SELECT 42 AS x", cancel: .never)
        #expect(FileManager.default.fileExists(atPath: client.path))
        #expect(client.description == "duckdb (in memory)")
        client.close()
        #expect(!FileManager.default.fileExists(atPath: client.folder.path))
        #expect(throws: EngineError.engine("the connection to duckdb is closed", hint: nil)) {
            try client.execute("SELECT 1", cancel: .never)
        }

        let folder = try ScratchFolder()
        defer { folder.remove() }
        let file = folder.path + "/kept.duckdb"
        let named = try DuckDBClient(path: file)
        try named.execute("CREATE TABLE t AS SELECT 42 AS x", cancel: .never)
        named.close()
        let again = try DuckDBClient(path: file)
        defer { again.close() }
        let t = try again.query("SELECT x FROM t", schema: [Field("x", .int)], cancel: .never)
        #expect(t.columns[0].value(at: 0) == .int(42))
        #expect(again.description == "duckdb \"\(file)\"")
    }

    /// A million rows come back whole: the sum of 0..<n is n(n-1)/2, and
    /// the 1000 distinct strings are 1000 dictionary entries.
    @Test func aMillionRowResult() throws {
        let client = try DuckDBClient(path: nil)
        defer { client.close() }
        let t = try client.query(
            "SELECT range AS i, 'k' || (range % 1000) AS s FROM range(1000000) ORDER BY range", schema: [Field("i", .int), Field("s", .string)],
            cancel: .never)
        #expect(t.rowCount == 1_000_000)
        guard case .int(let ints) = t.columns[0].storage, case .string(let codes, let dictionary) = t.columns[1].storage else {
            Issue.record("wrong storage")
            return
        }
        #expect(ints.reduce(0, +) == 499_999_500_000)
        #expect(dictionary.count == 1000)
        #expect(dictionary.values[Int(codes[654_321])] == "k321")
    }

    @Test func anEngineErrorIsItsMessage() throws {
        let client = try DuckDBClient(path: nil)
        defer { client.close() }
        #expect(throws: EngineError.inQuery(.engine("Table with name nosuch does not exist!", hint: nil), line: 1)) {
            try client.query("SELECT * FROM nosuch", schema: [Field("x", .int)], cancel: .never)
        }
    }

    @Test func cancellationStopsALongQueryWithinASecond() throws {
        let client = try DuckDBClient(path: nil)
        defer { client.close() }
        try EngineClientScenarios.cancellation(
            client, longQuery: "SELECT count(*) AS n FROM range(10000000000) a, range(10) b WHERE a.range % 7 = b.range")
    }

    @Test func aMissingClientSaysHowToInstallIt() {
        #expect(
            throws: EngineError.engine(
                "duckdb is not installed: werkbank talks to the engine through its command line, and there is no duckdb on the PATH",
                hint: "install DuckDB's command line (`pip install duckdb-cli`), or set WERKBANK_DUCKDB to its path")
        ) {
            try EngineBinary.duckdb(environment: ["PATH": "/nonexistent"])
        }
        #expect(
            throws: EngineError.engine(
                "WERKBANK_DUCKDB is /nonexistent/duckdb, which is not an executable file",
                hint: "install DuckDB's command line (`pip install duckdb-cli`), or set WERKBANK_DUCKDB to its path")
        ) {
            try EngineBinary.duckdb(environment: ["WERKBANK_DUCKDB": "/nonexistent/duckdb"])
        }
    }
}
