import Foundation
import Testing
import WerkbankEngine
@testable import WerkbankLanguage

/// `save "NAME.table"` writes a result into a connection's table, for real
/// (DuckDB's command line; PostgreSQL when WERKBANK_TEST_POSTGRES names a
/// server). The expected values are the synthetic file's own, written out by
/// hand below; the engine's catalogue gives the stored types.
@Suite(.serialized) struct SaveToConnectionTests {
    /// Synthetic: every type a connection stores, nulls and a string with a
    /// comma and a quote (NaN and the infinities: the clients' own tests).
    static let file = "naam,n,x,dag,ok\nA,1,1.5,2024-01-02,true\n\"B, \"\"b\"\"\",,,,false\nC,-3,-0.25,1999-12-31,\n"
    static let expected = #"""
        naam:string,n:int,x:float,dag:date,ok:bool
        A,1,1.5,2024-01-02,true
        "B, ""b""",,,,false
        C,-3,-0.25,1999-12-31,

        """#

    static func folder() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("werkbank-save-\(getpid())-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try file.write(toFile: folder + "/f.csv", atomically: true, encoding: .utf8)
        return folder
    }

    static func typed(_ outcome: Outcome?) -> String {
        switch outcome?.result {
        case .success(.table(let table, _))?: ConformanceTests.typedCSV(table)
        case .failure(let d)?: "error: \(d.message)"
        default: "(no table)"
        }
    }

    /// Saves, reads back, saves other rows over it (replaced, not appended),
    /// and checks the catalogue's types.
    static func roundTrip(connect: String, table: String, folder: String) throws {
        let session = Session(catalog: Catalog(), baseDirectory: folder, allowWrite: true)
        let saved = session.run("\(connect) as e\nload \"f.csv\" | save \"e.\(table)\"")
        #expect(saved.last?.events == [.wrote(path: "e.\(table)", rows: 3, columns: 5)])
        #expect(typed(session.run("e.\(table)").last) == expected)
        // The catalogue was read again: datasets and Tab know the table.
        #expect(session.connections.first?.qualifiedNames.contains("e.\(table)") == true)
        let stored = session.connections.first?.tables.first { $0.table == table }
        #expect(stored?.columns.map(\.type) == [.string, .int, .float, .date, .bool])

        _ = session.run("load \"f.csv\" | where n > 0 | select naam, n | save \"e.\(table)\"")
        #expect(typed(session.run("e.\(table)").last) == "naam:string,n:int\nA,1\n")
    }

    @Test(.enabled(if: (try? EngineBinary.duckdb()) != nil, "no duckdb command line: skipped"))
    func savesIntoDuckDB() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.roundTrip(connect: "connect duckdb \"\(folder)/db.duckdb\"", table: "saved", folder: folder)
    }

    @Test(.enabled(if: testPostgresURL != nil, "WERKBANK_TEST_POSTGRES is not set: skipped"))
    func savesIntoPostgres() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.roundTrip(connect: "connect postgres \"\(testPostgresURL!)\"", table: "saved_\(getpid())", folder: folder)
    }

    /// A replay without --allow-write writes nothing, into an engine too.
    @Test(.enabled(if: (try? EngineBinary.duckdb()) != nil, "no duckdb command line: skipped"))
    func withoutWritingAllowedNothingIsSaved() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let session = Session(catalog: Catalog(), baseDirectory: folder, allowWrite: false)
        let out = session.run("connect duckdb \"\(folder)/db.duckdb\" as e\nload \"f.csv\" | save \"e.t\"\ne.t")
        #expect(out[1].events == [.skippedWrite(path: "e.t", rows: 3, columns: 5)])
        guard case .failure(let d) = out[2].result else {
            Issue.record("e.t exists after a skipped save")
            return
        }
        #expect(d.message == "e has no table \"t\"")
    }

    @Test(.enabled(if: (try? EngineBinary.duckdb()) != nil, "no duckdb command line: skipped"))
    func anUnknownConnectionIsAFileOfUnknownFormat() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let session = Session(catalog: Catalog(), baseDirectory: folder, allowWrite: true)
        let out = session.run("load \"f.csv\" | save \"pg.cases\"")
        guard case .failure(let d) = out.last?.result else {
            Issue.record("saved without a connection")
            return
        }
        #expect(d.message == "cannot tell the format of \"pg.cases\"")
        let other = session.run("connect duckdb as e\nload \"f.csv\" | save \"pg.cases\"")
        guard case .failure(let e) = other.last?.result else {
            Issue.record("saved into a connection that is not there")
            return
        }
        #expect(e.hint?.hasSuffix("; or into a connection's table: save \"e.cases\"") == true)
    }

    /// A known extension is a file, whatever the connections.
    @Test func aFileExtensionWins() throws {
        #expect(SaveStage.connectionTable("e.t") == .connection(name: "e", table: "t"))
        #expect(SaveStage.connectionTable("out/e.t") == nil)
        #expect(SaveStage.connectionTable("e.s.t") == nil)
        #expect(SaveStage.connectionTable("1e.t") == nil)
        #expect(SaveStage.extensions["csv"] != nil)
    }
}
