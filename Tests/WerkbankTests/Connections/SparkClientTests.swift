import Foundation
import Testing
import WerkbankEngine
@testable import WerkbankLanguage

/// Spark for real, through pyspark (WERKBANK_TEST_SPARK=1; .ci/deps installs
/// pyspark and Java 17): a local Spark, and a Spark Connect server when
/// WERKBANK_TEST_SPARK_CONNECT names one (.ci/spark-connect starts it).
/// Spark takes seconds to start, so the tests share one local driver.
@Suite(.serialized, .enabled(if: testSpark, "WERKBANK_TEST_SPARK is not set: the Spark client tests skipped"))
struct SparkClientTests {
    /// One local Spark for the suite (its driver starts on the first request).
    static let local: SparkClient? = try? SparkClient(target: nil)

    static func client() throws -> SparkClient { try #require(local, "a SparkClient could not be made (no python3?)") }

    @Test func everyTypeComesBack() throws {
        let client = try Self.client()
        try EngineClientScenarios.everyType(client)
        try EngineClientScenarios.floatsRoundTrip(client)
    }

    @Test func sendingATableAndJoiningIt() throws {
        try EngineClientScenarios.sendingAndJoining(try Self.client())
    }

    /// `upload` replaces a table; the catalogue lists tables with Spark's
    /// types and exact counts, views without a count; a TIMESTAMP column is
    /// listed but not read.
    @Test func uploadAndTheCatalogue() throws {
        let client = try Self.client()
        try client.execute(
            """
            DROP VIEW IF EXISTS typed_view; DROP TABLE IF EXISTS typed;
            CREATE TABLE typed (a BIGINT, b INT, c SMALLINT, d DOUBLE, e FLOAT, f DECIMAL(10,2), h STRING, j VARCHAR(3), k BOOLEAN, l DATE, m TIMESTAMP) USING parquet;
            INSERT INTO typed (a) VALUES (1), (2), (3);
            CREATE VIEW typed_view AS SELECT a FROM typed
            """, cancel: .never)
        let first = Table([("n", Column(.int([1, 2, 3, 4, 5]))), ("s", Column.strings(["a", nil, "", "b", "c"]))])
        try client.upload(first, as: "uploaded", cancel: .never)
        let second = Table([("n", Column(.int([7, 8]))), ("s", Column.strings(["", nil]))])
        try client.upload(second, as: "uploaded", cancel: .never)
        let back = try client.query("SELECT n, s FROM uploaded ORDER BY n", schema: [Field("n", .int), Field("s", .string)], cancel: .never)
        #expect(EngineClientScenarios.values(back, 0) == [.int(7), .int(8)])
        #expect(EngineClientScenarios.values(back, 1) == [.string(""), .null])

        let byName = Dictionary(try client.tables(cancel: .never).map { ($0.name(defaultSchema: "default"), $0) }) { a, _ in a }
        let typed = try #require(byName["typed"])
        #expect(typed.columns.map(\.name) == ["a", "b", "c", "d", "e", "f", "h", "j", "k", "l", "m"])
        #expect(typed.columns.map(\.type) == [.int, .int, .int, .float, .float, .float, .string, .string, .bool, .date, nil])
        #expect(typed.columns.last?.engineType == "timestamp")
        #expect(typed.rowCount == 3)
        #expect(typed.rowCountIsExact)
        #expect(byName["uploaded"]?.rowCount == 2)
        #expect(byName["uploaded"]?.columns.map(\.type) == [.int, .string])
        let view = try #require(byName["typed_view"])
        #expect(view.isView)
        #expect(view.rowCount == nil)
    }

    /// A local Spark's tables are Parquet folders in the folder given (here
    /// relative to the working directory, as `connect spark "tables"` in a
    /// shell started there gives it): a new connection to that folder has them.
    @Test func aFolderKeepsItsTables() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        // The same folder by a relative path: up to / from the working directory, then down.
        let depth = FileManager.default.currentDirectoryPath.split(separator: "/").count
        let relative = String(repeating: "../", count: depth) + folder.path.dropFirst() + "/tables"
        let first = try SparkClient(target: relative)
        try first.upload(Table([("x", Column(.int([3, 1, 2])))]), as: "kept", cancel: .never)
        first.close()
        #expect(FileManager.default.fileExists(atPath: folder.path + "/tables/kept"))
        let again = try SparkClient(target: folder.path + "/tables")
        defer { again.close() }
        #expect(try again.tables(cancel: .never).map(\.table) == ["kept"])
        // The stored order is the order written.
        let t = try again.query(
            "SELECT x FROM (SELECT x, monotonically_increasing_id() AS p FROM kept) ORDER BY p", schema: [Field("x", .int)], cancel: .never)
        #expect(EngineClientScenarios.values(t, 0) == [.int(3), .int(1), .int(2)])
    }

    /// Spark says where in the query an error is; werkbank puts it on that
    /// stage (here the derive, not the where before it).
    @Test func anEngineErrorIsOnItsStage() throws {
        let client = try Self.client()
        try client.upload(Table([("n", Column(.int([1, 2])))]), as: "small", cancel: .never)
        let connection = Connection(name: "sp", client: client)
        try connection.refresh(.never)
        let session = Session(catalog: Catalog(), baseDirectory: ".", allowWrite: false)
        session.connections.append(connection)
        let text = "sp.small | where n > 0 | derive big = n * 9223372036854775807 | select big"
        guard case .failure(let d)? = session.run(text).last?.result else {
            Issue.record("no error")
            return
        }
        #expect(d.message == "sp: long overflow.")
        let derive = try #require(text.range(of: "derive big = n * 9223372036854775807"))
        #expect(d.span?.start == text.utf8.distance(from: text.startIndex, to: derive.lowerBound))
        #expect(d.span?.end == text.utf8.distance(from: text.startIndex, to: derive.upperBound))
        // Division by zero is null in werkbank, in Spark too (NULLIF), with ANSI on.
        let divided = session.run("sp.small | derive q = n / 0 | select q").last?.result
        guard case .success(.table(let t, _))? = divided else {
            Issue.record("division by zero failed: \(String(describing: divided))")
            return
        }
        #expect(EngineClientScenarios.values(t, 0) == [.null, .null])
    }

    @Test func cancellationStopsALongQueryWithinASecond() throws {
        let client = try Self.client()
        try EngineClientScenarios.cancellation(client, longQuery: "SELECT count(*) AS n FROM range(0, 100000000000) WHERE id % 7 = 3")
        // The connection still answers (the driver cancelled Spark's job, or a new one started).
        let t = try client.query("SELECT 1 AS n", schema: [Field("n", .int)], cancel: .never)
        #expect(EngineClientScenarios.values(t, 0) == [.int(1)])
    }

    /// A Python without pyspark: the error says how to install it.
    @Test func aPythonWithoutPysparkSaysHowToInstallIt() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        // python3 -S: without site-packages, where pyspark is.
        let python = folder.path + "/python-without-site"
        try "#!/bin/sh\nexec python3 -S \"$@\"\n".write(toFile: python, atomically: true, encoding: .utf8)
        chmod(python, 0o755)
        let client = try SparkClient(target: nil, python: EngineBinary(name: "python3", path: python, installHint: ""))
        defer { client.close() }
        let error = #expect(throws: EngineError.self) { try client.tables(cancel: .never) }
        #expect(error?.message.contains("cannot import pyspark") == true, "\(String(describing: error))")
        #expect(error?.hint?.contains("pip install pyspark") == true)
    }

    /// A Spark Connect server (.ci/spark-connect): the same client, remote.
    @Test(.enabled(if: testSparkConnectURL != nil, "WERKBANK_TEST_SPARK_CONNECT is not set: Spark Connect skipped"))
    func sparkConnect() throws {
        guard let url = testSparkConnectURL else { return }
        let client = try SparkClient(target: url)
        defer { client.close() }
        try EngineClientScenarios.everyType(client)
        try EngineClientScenarios.sendingAndJoining(client)
        try client.upload(Table([("x", Column(.int([3, 1, 2]))), ("s", Column.strings(["", nil, "c"]))]), as: "werkbank_connect_test", cancel: .never)
        let connection = Connection(name: "sc", client: client)
        try connection.refresh(.never)
        #expect(connection.qualifiedNames.contains("sc.werkbank_connect_test"))
        let session = Session(catalog: Catalog(), baseDirectory: ".", allowWrite: false)
        session.connections.append(connection)
        guard case .success(.table(let t, _))? = session.run("sc.werkbank_connect_test | sort x desc | select s").last?.result else {
            Issue.record("the pipeline failed")
            return
        }
        // Sorted 3, 2, 1: "", "c", null.
        #expect(EngineClientScenarios.values(t, 0) == [.string(""), .string("c"), .null])
        try client.execute("DROP TABLE werkbank_connect_test", cancel: .never)
    }
}

let testSparkConnectURL = ProcessInfo.processInfo.environment["WERKBANK_TEST_SPARK_CONNECT"].flatMap { $0.isEmpty ? nil : $0 }
