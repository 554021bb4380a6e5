import Foundation
import Testing
import WerkbankEngine
import WerkbankLanguage
import WerkbankReaders

/// `load "FILE" into ENGINE as t`: the script werkbank writes from its own
/// sniffing makes DuckDB and PostgreSQL hold the same table as `load
/// "FILE"` in memory (columns, types, rows in order, values). The engines
/// are the real binaries; PostgreSQL is the server named by
/// WERKBANK_TEST_POSTGRES (skipped, with a message, when it is not set).
@Suite struct IngestSQLTests {
    static let shared = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data").path
    static let cbs = ["cbs_70072NED_bevolking_2025.csv", "cbs_70072NED_kerncijfers_2020.csv", "cbs_gemeenten_alfabetisch_2023.csv"]
        .map { shared + "/cbs/" + $0 }

    static let noPostgres = "WERKBANK_TEST_POSTGRES is not set (a postgresql:// URL): the PostgreSQL ingest tests are skipped"

    /// Loads `path` both ways and requires the same table.
    func bothWays(_ path: String, _ pairs: [(String, String)] = [], dialect: SQLDialect) throws {
        let expected = try IngestComparison.inMemory(path, pairs)
        let decisions = try IngestComparison.decisions(path, pairs)
        let script = try IngestSQL.script(for: decisions, table: "t", dialect: dialect)
        #expect(script.schema == expected.fields, "\(path): schema")
        let result =
            dialect == .duckdb
            ? try IngestEngines.duckdb(script.text, table: "t")
            : try IngestEngines.postgres(script.text, table: "t", url: IngestEngines.postgresURL!)
        let differences = IngestComparison.differences(expected, result, dialect)
        #expect(differences.isEmpty, "\(dialect.name), \(path):\n\(differences.joined(separator: "\n"))\n\(script.text)")
    }

    func allFiles() throws -> [(String, [(String, String)])] {
        let f = try IngestFiles.make()
        return IngestSQLTests.cbs.filter { FileManager.default.fileExists(atPath: $0) }.map { ($0, []) } + [
            (f.dutchExport, []), (f.yearHeader, []), (f.quotedNewlines, []), (f.options, IngestFiles.optionPairs),
            (f.noHeader, [("header", "false")]), (f.noHeaderBOM, [("header", "false")]), (f.crlf, []),
        ]
    }

    @Test(.enabled(if: IngestEngines.duckdbAvailable, "duckdb is not on the PATH"))
    func duckdbHoldsWhatLoadReads() throws {
        for (path, pairs) in try allFiles() { try bothWays(path, pairs, dialect: .duckdb) }
    }

    @Test(.enabled(if: IngestEngines.postgresURL != nil, Comment(rawValue: noPostgres)))
    func postgresHoldsWhatLoadReads() throws {
        for (path, pairs) in try allFiles() {
            // The StatLine exports' long names: PostgreSQL would cut them to 63 bytes.
            let d = try IngestComparison.decisions(path, pairs)
            if let long = d.columns.first(where: { $0.name.utf8.count > 63 }) {
                let e = refusal { _ = try IngestSQL.script(for: d, table: "t", dialect: .postgres) }
                #expect(e?.message.contains(long.name) == true && e?.message.contains("63 bytes") == true, "\(path)")
                continue
            }
            try bothWays(path, pairs, dialect: .postgres)
        }
    }

    /// A file larger than the samples: decided from its first 8 MB and last
    /// 256 KB, yet the engines hold exactly the in-memory table.
    @Test(.enabled(if: IngestEngines.duckdbAvailable, "duckdb is not on the PATH"))
    func largeFileFromSamples() throws {
        let path = try IngestFiles.makeLarge(lateText: false)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let d = try IngestComparison.decisions(path)
        #expect(!d.sampledWhole)
        #expect(d.titleLines == 2 && d.footnotes == [["Bron: CBS"], ["© CBS, Den Haag/Heerlen"]])
        #expect(d.encoding == .windows1252 && d.decimalComma && d.linesBeforeData == 3)
        try bothWays(path, dialect: .duckdb)
        if IngestEngines.postgresURL != nil { try bothWays(path, dialect: .postgres) } else { print(IngestSQLTests.noPostgres) }
    }

    /// A value past the head sample that does not fit the sampled type:
    /// `load` reads that column as text; the engines' reads fail, they
    /// never hold another table.
    @Test(.enabled(if: IngestEngines.duckdbAvailable, "duckdb is not on the PATH"))
    func lateTextFailsTheEngineRead() throws {
        let path = try IngestFiles.makeLarge(lateText: true)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try IngestComparison.inMemory(path).fields.first { $0.name == "waarde" }?.type == .string)
        let d = try IngestComparison.decisions(path)
        #expect(d.columns.first { $0.name == "waarde" }?.type == .float)
        #expect(throws: IngestEngines.Failed.self) {
            _ = try IngestEngines.duckdb(try IngestSQL.script(for: d, table: "t", dialect: .duckdb).text, table: "t")
        }
        if let url = IngestEngines.postgresURL {
            #expect(throws: IngestEngines.Failed.self) {
                _ = try IngestEngines.postgres(try IngestSQL.script(for: d, table: "t", dialect: .postgres).text, table: "t", url: url)
            }
        }
    }

    /// A path with a quote and spaces survives psql's and the shell's quoting.
    @Test(.enabled(if: IngestEngines.postgresURL != nil, Comment(rawValue: noPostgres)))
    func quotedPathInPostgres() throws {
        let dir = IngestFiles.folder + "/it's a \\ folder"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/dutch.csv"
        try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.copyItem(atPath: try IngestFiles.make().dutchExport, toPath: path)
        try bothWays(path, dialect: .postgres)
        try bothWays(path, dialect: .duckdb)
    }

    /// The byte offsets hold for the file as sniffed: a file that grew
    /// since fails the copy instead of giving other rows.
    @Test(.enabled(if: IngestEngines.postgresURL != nil, Comment(rawValue: noPostgres)))
    func changedFileFailsTheCopy() throws {
        let path = IngestFiles.folder + "/changed.csv"
        try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.copyItem(atPath: try IngestFiles.make().dutchExport, toPath: path)
        let d = try IngestComparison.decisions(path)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("Zeist;0355;1;2,5;3,5;01-01-2024;true\n".utf8))
        try handle.close()
        let script = try IngestSQL.script(for: d, table: "t", dialect: .postgres)
        #expect(throws: IngestEngines.Failed.self) {
            _ = try IngestEngines.postgres(script.text, table: "t", url: IngestEngines.postgresURL!)
        }
    }

    /// Columns DuckDB reads as werkbank does are typed in read_csv itself
    /// (the fast path: no text column converted in the SELECT).
    @Test func plainColumnsAreTypedByReadCSV() throws {
        let d = try IngestComparison.decisions(try IngestFiles.make().quotedNewlines)
        let sql = try IngestSQL.script(for: d, table: "t", dialect: .duckdb).text
        #expect(sql.contains("columns={'c1': 'BIGINT', 'c2': 'VARCHAR', 'c3': 'DOUBLE', 'c4': 'DATE'}"))
        #expect(!sql.contains("CAST(") && sql.contains("auto_detect=false") && sql.contains("skip=1"))
    }

    /// The entry the statement calls: `load`'s parsed format and options.
    @Test func fromTheLoadRequest() throws {
        let f = try IngestFiles.make()
        let (script, d) = try IngestSQL.script(
            path: f.dutchExport, format: CSVFormat.format, options: IngestComparison.options([]), table: "t",
            dialect: .duckdb, cancel: .never)
        #expect(script.schema.map(\.name) == ["Gemeente", "Code", "Inwoners", "Oppervlakte", "Dichtheid", "Peildatum", "Actief"])
        for part in ["';'", "decimal ','", "Windows-1252", "3 title lines"] {
            #expect(d.summary.contains(part), "\(d.summary)")
        }
        let json = refusal {
            _ = try IngestSQL.script(
                path: f.quotedNewlines, format: JSONFormat.format, options: LoadOptions(), table: "t", dialect: .duckdb,
                cancel: .never)
        }
        #expect(json?.message.contains("only delimited text") == true)
        // A gzip file named .csv: refused as `load` refuses it.
        let gz = IngestFiles.folder + "/packed.csv"
        try Data([0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x61, 0x62]).write(to: URL(fileURLWithPath: gz))
        let packed = refusal { _ = try IngestComparison.decisions(gz) }
        let inMemory = refusal { _ = try IngestComparison.inMemory(gz) }
        #expect(packed != nil && packed?.message == inMemory?.message)
    }

    /// The decisions of the Dutch export, by hand from the file
    /// (`IngestFiles.dutchExport`).
    @Test func dutchExportDecisions() throws {
        let d = try IngestComparison.decisions(try IngestFiles.make().dutchExport)
        #expect(d.encoding == .windows1252 && d.delimiter == UInt8(ascii: ";") && d.decimalComma && d.header)
        #expect(d.titleLines == 3 && d.linesBeforeData == 4)
        #expect(d.footnotes == [["Bron: CBS"], ["© CBS, Den Haag/Heerlen"]])
        let byName = Dictionary(uniqueKeysWithValues: d.columns.map { ($0.name, $0) })
        #expect(byName["Code"]?.type == .string)
        #expect(byName["Inwoners"]?.type == .int && byName["Inwoners"]?.thousands == UInt8(ascii: "."))
        #expect(byName["Dichtheid"]?.type == .float && byName["Dichtheid"]?.nullMarkers == [".", "x"])
        #expect(byName["Peildatum"]?.type == .date && byName["Peildatum"]?.dateLayout == "d-m-yyyy")
        #expect(byName["Actief"]?.type == .bool && byName["Actief"]?.isPlain == true)
    }

    func refusal(_ body: () throws -> Void) -> EngineError? {
        do {
            try body()
            return nil
        } catch let e as EngineError {
            return e
        } catch {
            return .invalid("unexpected \(error)")
        }
    }

    @Test func refusesWhatAnEngineCannotSay() throws {
        let f = try IngestFiles.make()
        // UTF-16: neither engine is told it.
        let wide = refusal { _ = try IngestComparison.decisions(f.utf16) }
        #expect(wide?.message.contains("UTF-16LE") == true && wide?.hint?.contains("iconv") == true)
        // € in Windows-1252: DuckDB reads Latin-1 only; PostgreSQL reads WIN1252.
        let euro = try IngestComparison.decisions(f.euro)
        #expect(euro.windows1252Specials)
        let duck = refusal { _ = try IngestSQL.script(for: euro, table: "t", dialect: .duckdb) }
        #expect(duck?.message.contains("Windows-1252") == true && duck?.hint != nil)
        #expect(refusal { _ = try IngestSQL.script(for: euro, table: "t", dialect: .postgres) } == nil)
        // Blank lines among the rows: COPY cannot skip them; DuckDB does.
        let blank = try IngestComparison.decisions(f.blankLines)
        #expect(refusal { _ = try IngestSQL.script(for: blank, table: "t", dialect: .postgres) }?.message.contains("blank lines") == true)
        #expect(refusal { _ = try IngestSQL.script(for: blank, table: "t", dialect: .duckdb) } == nil)
        // A two-digit year: werkbank reads 20yy, the engines choose a century.
        let yy = try IngestComparison.decisions(f.twoDigitYears, [("dateformat", "dd-mm-yy")])
        let century = refusal { _ = try IngestSQL.script(for: yy, table: "t", dialect: .duckdb) }
        #expect(century?.message.contains("two-digit year") == true)
        // Spark and Trino do not load files from werkbank.
        #expect(refusal { _ = try IngestSQL.script(for: blank, table: "t", dialect: .spark) } != nil)
    }

    @Test(.enabled(if: IngestEngines.duckdbAvailable, "duckdb is not on the PATH"))
    func blankLinesInDuckDB() throws {
        try bothWays(try IngestFiles.make().blankLines, dialect: .duckdb)
    }

    @Test(.enabled(if: IngestEngines.postgresURL != nil, Comment(rawValue: noPostgres)))
    func euroInPostgres() throws {
        try bothWays(try IngestFiles.make().euro, dialect: .postgres)
    }
}
