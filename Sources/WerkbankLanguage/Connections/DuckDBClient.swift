import Foundation
import WerkbankEngine

/// DuckDB through its command line (`duckdb`, or `$WERKBANK_DUCKDB`): each
/// call is one `duckdb -batch -bail -no-init FILE` with the script on stdin.
/// Results come back through `COPY (…) TO 'file.csv'` into the client's
/// temporary folder (not /dev/stdout, which is not a device everywhere).
///
/// An in-memory connection is a database file in that folder, removed with
/// the client: every query is a process of its own, so the data must outlive
/// one process.
public final class DuckDBClient: SentTableLoading {
    public let dialect = SQLDialect.duckdb
    /// The database file; in the temporary folder when in memory.
    public let path: String
    public let inMemory: Bool
    let binary: EngineBinary
    let folder: ScratchFolder
    public let limits: Limits

    /// DuckDB's memory and threads (`connect duckdb memory="1GB" threads=2`),
    /// set at the start of every script: each call is a process of its own.
    public struct Limits: Sendable, Equatable {
        /// As DuckDB reads it: `1GB`, `500MB`.
        public var memory: String?
        public var threads: Int?

        public init(memory: String? = nil, threads: Int? = nil) {
            self.memory = memory
            self.threads = threads
        }

        /// `1GB`, `1.5 GB`, `500MiB` (DuckDB's units), normalised; nil for anything else.
        public static func memory(_ text: String) -> String? {
            let t = text.replacingOccurrences(of: " ", with: "").uppercased()
            let units = ["KB", "MB", "GB", "TB", "KIB", "MIB", "GIB", "TIB"]
            guard let unit = units.first(where: { t.hasSuffix($0) && Double(t.dropLast($0.count)) != nil }),
                let amount = Double(t.dropLast(unit.count)), amount > 0, amount.isFinite
            else { return nil }
            return String(t.dropLast(unit.count)) + unit
        }

        var script: String {
            (memory.map { "SET memory_limit = '\($0)';\n" } ?? "") + (threads.map { "SET threads = \($0);\n" } ?? "")
        }

        var described: String {
            [memory.map { "memory \($0)" }, threads.map { "\($0) thread\($0 == 1 ? "" : "s")" }].compactMap { $0 }.joined(separator: ", ")
        }
    }

    /// `path` nil: an in-memory database.
    public init(path: String?, limits: Limits = Limits(), binary: EngineBinary? = nil) throws(EngineError) {
        if let binary { self.binary = binary } else { self.binary = try EngineBinary.duckdb() }
        folder = try ScratchFolder()
        inMemory = path == nil
        self.path = path ?? folder.path + "/memory.duckdb"
        self.limits = limits
    }

    public var description: String {
        (inMemory ? "duckdb (in memory)" : "duckdb \"\(path)\"") + (limits.described.isEmpty ? "" : " (\(limits.described))")
    }

    public func close() { folder.remove() }

    /// Runs `script`; throws the engine's message when it fails.
    func run(_ script: String, cancel: CancellationToken) throws(EngineError) {
        let output = try EngineProcess.run(
            binary, ["-batch", "-bail", "-no-init", path], script: limits.script + script, in: folder, cancel: cancel)
        unlink(output.stdoutPath)
        if output.status != 0 {
            throw EngineMessage.error(stderr: output.stderr, status: output.status, client: "duckdb")
        }
    }

    /// `COPY (select) TO` a file of the folder, then that file read as `schema`.
    func rows(_ select: String, schema: Schema, before: String = "", cancel: CancellationToken) throws(EngineError) -> Table {
        let result = folder.file("result", "csv")
        defer { unlink(result) }
        try run(before + "COPY (\(Self.bare(select))) TO \(dialect.string(result)) (FORMAT csv, HEADER);\n", cancel: cancel)
        return try SQLResultDecoder.decode(file: result, schema: schema, cancel: cancel)
    }

    /// Creates `name` from a sent table's file (temporary or not) in the script.
    func load(_ sent: SentTable, into name: String, temporary: Bool) -> String {
        let table = dialect.identifier(name)
        return """
            CREATE \(temporary ? "TEMP " : "")TABLE \(table) (\(sent.columns));
            COPY \(table) FROM \(dialect.string(sent.path)) (FORMAT csv, HEADER, DELIMITER ',', QUOTE '"', ESCAPE '"', NULL '', ALLOW_QUOTED_NULLS false);

            """
    }

    public func query(
        _ select: String, schema: Schema, sending: [(name: String, table: Table)], cancel: CancellationToken
    ) throws(EngineError) -> Table {
        let (script, sent) = try sendingScript(sending)
        defer { sent.forEach { $0.remove() } }
        return try rows(select, schema: schema, before: script, cancel: cancel)
    }

    public func execute(_ script: String, cancel: CancellationToken) throws(EngineError) {
        try run(script.hasSuffix(";") || script.hasSuffix(";\n") ? script : script + ";\n", cancel: cancel)
    }

    public func upload(_ table: Table, as name: String, cancel: CancellationToken) throws(EngineError) {
        let sent = try SentTable(table, for: dialect, in: folder)
        defer { sent.remove() }
        try run(replacingScript(sent, as: name), cancel: cancel)
    }

    /// The catalogue's tables and views of this database (not DuckDB's own
    /// schemas). Row counts are exact, `count(*)` per table (DuckDB keeps them
    /// cheap); a view's is not counted (that would run its query).
    public func tables(cancel: CancellationToken) throws(EngineError) -> [RemoteTable] {
        let catalogue = try rows(
            """
            SELECT c.table_schema AS s, c.table_name AS t, tb.table_type AS k, c.column_name AS c, c.data_type AS ty
            FROM information_schema.columns c
            JOIN information_schema.tables tb USING (table_catalog, table_schema, table_name)
            WHERE c.table_catalog = current_database() AND c.table_schema NOT IN ('information_schema', 'pg_catalog')
            ORDER BY c.table_schema, c.table_name, c.ordinal_position
            """,
            schema: [Field("s", .string), Field("t", .string), Field("k", .string), Field("c", .string), Field("ty", .string)],
            cancel: cancel)
        var tables = RemoteCatalogue.tables(catalogue)
        let counted = tables.indices.filter { !tables[$0].isView }
        if counted.isEmpty { return tables }
        let counts = try rows(
            counted.map { i in
                "SELECT \(i) AS i, count(*) AS n FROM \(dialect.identifier(tables[i].schema)).\(dialect.identifier(tables[i].table))"
            }.joined(separator: "\nUNION ALL "),
            schema: [Field("i", .int), Field("n", .int)], cancel: cancel)
        for r in 0..<counts.rowCount {
            guard case .int(let i) = counts.columns[0].value(at: r), case .int(let n) = counts.columns[1].value(at: r) else { continue }
            tables[Int(i)].rowCount = Int(n)
            tables[Int(i)].rowCountIsExact = true
        }
        return tables
    }
}
