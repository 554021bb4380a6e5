import Foundation
import Testing
import WerkbankEngine
@testable import WerkbankLanguage

/// What every engine client must do, run against the real engines by
/// `DuckDBClientTests` and `PostgresClientTests`. Expected values are the
/// literals of the SQL (and the engines' documented behaviour), worked out by
/// hand.
enum EngineClientScenarios {
    static func values(_ t: Table, _ column: Int) -> [Value] { (0..<t.rowCount).map { t.columns[column].value(at: $0) } }

    /// Every type, null vs "", NaN, ±inf, the int64 extremes, dates and
    /// strings with quotes, commas, newlines, ü and €.
    static func everyType(_ client: any SQLEngineClient) throws {
        let d = client.dialect
        let float = d.typeName(.float)!
        let select = """
            SELECT * FROM (VALUES
              (1, CAST(9223372036854775807 AS BIGINT), CAST('NaN' AS \(float)), TRUE, DATE '2024-02-29', 'a"b,c' || chr(10) || 'd ü€'),
              (2, CAST(-9223372036854775807 AS BIGINT) - 1, CAST('Infinity' AS \(float)), FALSE, DATE '1969-12-31', ''),
              (3, NULL, CAST('-Infinity' AS \(float)), NULL, NULL, NULL),
              (4, 0, CAST(2 AS \(float)), TRUE, DATE '2000-03-01', ' x '),
              (5, -1, NULL, FALSE, DATE '0001-01-01', \(d.string("it's")))
            ) AS v(k, i, f, b, d, s) ORDER BY k
            """
        let schema: Schema = [Field("k", .int), Field("i", .int), Field("f", .float), Field("b", .bool), Field("d", .date), Field("s", .string)]
        let t = try client.query(select, schema: schema, sending: [], cancel: .never)
        #expect(t.rowCount == 5)
        #expect(values(t, 1) == [.int(.max), .int(.min), .null, .int(0), .int(-1)])
        let f = values(t, 2)
        if case .float(let x) = f[0] { #expect(x.isNaN) } else { Issue.record("NaN came back as \(f[0])") }
        #expect(Array(f[1...]) == [.float(.infinity), .float(-.infinity), .float(2), .null])
        #expect(values(t, 3) == [.bool(true), .bool(false), .null, .bool(true), .bool(false)])
        // 0001-01-01 is 719162 days before 1970-01-01 (1969 years, 477 of them leap: 1969 × 365 + 477).
        #expect(values(t, 4) == [.date(19782), .date(-1), .null, .date(11017), .date(-719162)])
        #expect(values(t, 5) == [.string("a\"b,c\nd ü€"), .string(""), .null, .string(" x "), .string("it's")])
    }

    /// Floats come back exactly (shortest round-trip text both ways).
    static func floatsRoundTrip(_ client: any SQLEngineClient) throws {
        let d = client.dialect
        let t = try client.query(
            "SELECT CAST(0.1 AS \(d.typeName(.float)!)) AS a, CAST(1e-300 AS \(d.typeName(.float)!)) AS b, CAST(1 AS \(d.typeName(.float)!)) / 3 AS c",
            schema: [Field("a", .float), Field("b", .float), Field("c", .float)], cancel: .never)
        #expect(values(t, 0) == [.float(0.1)])
        #expect(values(t, 1) == [.float(1e-300)])
        #expect(values(t, 2) == [.float(1.0 / 3.0)])
    }

    /// A werkbank table sent along as a temporary table, joined with one in
    /// the engine, and its nulls, empty strings and specials intact.
    static func sendingAndJoining(_ client: any SQLEngineClient) throws {
        try client.execute(
            """
            DROP TABLE IF EXISTS cities;
            CREATE TABLE cities (code \(client.dialect.typeName(.string)!), name \(client.dialect.typeName(.string)!));
            INSERT INTO cities VALUES ('UT', 'Utrecht'), ('RT', 'Rotterdam'), ('GE', 'Gent')
            """, cancel: .never)
        let local = Table([
            ("id", Column(.int([1, 2, 3, 4]))),
            ("city", Column.strings(["RT", "UT", "RT", nil])),
            ("note", Column.strings(["", "a,\"b\"\nc", nil, "€"])),
            ("x", Column(.float([.nan, .infinity, -.infinity, 0.1]))),
            ("ok", Column(.bool([true, false, true, false]), validity: Validity([true, true, false, true]))),
            ("day", Column(.date([0, 19782, -1, 11017]))),
        ])
        let t = try client.query(
            "SELECT l.id, c.name, l.note, l.x, l.ok, l.day FROM sent_local l LEFT JOIN cities c ON l.city = c.code ORDER BY l.id",
            schema: [Field("id", .int), Field("name", .string), Field("note", .string), Field("x", .float), Field("ok", .bool), Field("day", .date)],
            sending: [(name: "sent_local", table: local)], cancel: .never)
        #expect(values(t, 0) == [.int(1), .int(2), .int(3), .int(4)])
        #expect(values(t, 1) == [.string("Rotterdam"), .string("Utrecht"), .string("Rotterdam"), .null])
        #expect(values(t, 2) == [.string(""), .string("a,\"b\"\nc"), .null, .string("€")])
        let x = values(t, 3)
        if case .float(let v) = x[0] { #expect(v.isNaN) } else { Issue.record("NaN came back as \(x[0])") }
        #expect(Array(x[1...]) == [.float(.infinity), .float(-.infinity), .float(0.1)])
        #expect(values(t, 4) == [.bool(true), .bool(false), .null, .bool(false)])
        #expect(values(t, 5) == [.date(0), .date(19782), .date(-1), .date(11017)])
        // The temporary table lived in that session only.
        #expect(throws: EngineError.self) {
            try client.query("SELECT count(*) AS n FROM sent_local", schema: [Field("n", .int)], cancel: .never)
        }
    }

    /// `upload` makes a lasting table, replaces one of that name, and the
    /// catalogue lists it with its types and row count.
    static func uploadAndCatalogue(_ client: any SQLEngineClient, defaultSchema: String) throws {
        try client.execute(
            """
            DROP VIEW IF EXISTS typed_view; DROP TABLE IF EXISTS typed; DROP SCHEMA IF EXISTS other CASCADE;
            CREATE TABLE typed (a BIGINT, b INTEGER, c SMALLINT, d DOUBLE PRECISION, e REAL, f DECIMAL(10,2), g NUMERIC, h VARCHAR, i TEXT, j CHAR(3), k BOOLEAN, l DATE, m TIMESTAMP);
            INSERT INTO typed (a) VALUES (1), (2), (3);
            CREATE VIEW typed_view AS SELECT a FROM typed;
            CREATE SCHEMA other;
            CREATE TABLE other.elsewhere (x BIGINT)
            """, cancel: .never)
        let first = Table([("n", Column(.int([1, 2, 3, 4, 5]))), ("s", Column.strings(["a", nil, "", "b", "c"]))])
        try client.upload(first, as: "uploaded", cancel: .never)
        let second = Table([("n", Column(.int([7, 8]))), ("s", Column.strings(["", nil]))])
        try client.upload(second, as: "uploaded", cancel: .never)
        let back = try client.query("SELECT n, s FROM uploaded ORDER BY n", schema: [Field("n", .int), Field("s", .string)], cancel: .never)
        #expect(values(back, 0) == [.int(7), .int(8)])
        #expect(values(back, 1) == [.string(""), .null])

        let tables = try client.tables(cancel: .never)
        let byName = Dictionary(tables.map { ($0.name(defaultSchema: defaultSchema), $0) }) { a, _ in a }
        let typed = try #require(byName["typed"])
        #expect(typed.columns.map(\.name) == ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m"])
        #expect(typed.columns.map(\.type) == [.int, .int, .int, .float, .float, .float, .float, .string, .string, .string, .bool, .date, nil])
        #expect(typed.columns.last?.engineType.uppercased().hasPrefix("TIMESTAMP") == true)
        #expect(typed.rowCount == 3)
        #expect(typed.rowCountIsExact)
        #expect(!typed.isView)
        #expect(byName["uploaded"]?.rowCount == 2)
        #expect(byName["uploaded"]?.columns.map(\.type) == [.int, .string])
        let view = try #require(byName["typed_view"])
        #expect(view.isView)
        #expect(view.rowCount == nil)
        let elsewhere = try #require(byName["other.elsewhere"])
        #expect(elsewhere.schema == "other")
        #expect(elsewhere.table == "elsewhere")
        #expect(elsewhere.rowCount == 0)
    }

    /// A long query is stopped within a second of the cancel.
    static func cancellation(_ client: any SQLEngineClient, longQuery: String) throws {
        let token = CancellationToken()
        nonisolated(unsafe) var outcome: Result<Table, EngineError>?
        nonisolated(unsafe) var returned = Date.distantFuture
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            outcome = Result { () throws(EngineError) -> Table in try client.query(longQuery, schema: [Field("n", .int)], sending: [], cancel: token)
            }
            returned = Date()
            done.signal()
        }
        #expect(done.wait(timeout: .now() + 1.0) == .timedOut, "the long query ended by itself")
        let cancelled = Date()
        token.cancel()
        #expect(done.wait(timeout: .now() + 5) == .success)
        #expect(returned.timeIntervalSince(cancelled) < 1.2)
        guard case .failure(let error) = outcome else {
            Issue.record("not cancelled: \(String(describing: outcome))")
            return
        }
        #expect(error == .cancelled)
    }
}

extension SQLEngineClient {
    func query(_ select: String, schema: Schema, cancel: CancellationToken) throws(EngineError) -> Table {
        try query(select, schema: schema, sending: [], cancel: cancel)
    }
}
