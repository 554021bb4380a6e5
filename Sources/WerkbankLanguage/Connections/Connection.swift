import WerkbankEngine

/// A connection the session holds (`connect`): its name, its engine's client
/// and the engine's catalogue as last read. Its tables are named
/// `NAME.table` (`NAME.schema.table` outside the default schema).
public final class Connection: @unchecked Sendable {
    public let name: String
    public let client: any SQLEngineClient
    public private(set) var tables: [RemoteTable] = []

    init(name: String, client: any SQLEngineClient) {
        self.name = name
        self.client = client
    }

    /// The schema whose tables go without a schema name.
    public var defaultSchema: String { client.dialect.defaultSchema }

    /// Reads the catalogue again (after connecting, `load … into`, `save`).
    func refresh(_ cancel: CancellationToken) throws(EngineError) {
        tables = try client.tables(cancel: cancel)
    }

    /// The names werkbank shows: `NAME.table`.
    public var qualifiedNames: [String] { tables.map { name + "." + $0.name(defaultSchema: defaultSchema) } }

    /// A table by the part of its name after `NAME.`.
    func table(_ local: String) -> RemoteTable? {
        tables.first { $0.name(defaultSchema: defaultSchema) == local }
            ?? tables.first { $0.name(defaultSchema: defaultSchema).lowercased() == local.lowercased() }
    }

    /// The table as the engine names it in SQL.
    func relation(_ table: RemoteTable) -> String {
        client.dialect.identifier(table.schema) + "." + client.dialect.identifier(table.table)
    }

    /// The SELECT reading `table` for a query in `dialect`: its row position
    /// (named `position`) first, then the columns werkbank reads.
    func select(
        _ table: RemoteTable, dialect: SQLDialect, position: String, at span: SourceSpan
    ) throws(SQLUnsupported) -> (
        sql: String, schema: Schema
    ) {
        let schema = Self.schema(table)
        return (try SQLCompiler.storedTable(relation(table), schema: schema, dialect: dialect, position: position, at: span), schema)
    }

    /// The columns werkbank reads (a column of a type werkbank has not, such
    /// as TIMESTAMP, is left out and named by `datasets`).
    static func schema(_ table: RemoteTable) -> Schema {
        table.columns.compactMap { c in c.type.map { Field(c.name, $0) } }
    }
}

extension Session {
    /// The connection and table a dotted name stands for, if it is one.
    func remoteTable(_ name: String) -> (Connection, RemoteTable)? {
        guard let dot = name.firstIndex(of: "."), let connection = connections.first(where: { $0.name == String(name[..<dot]) })
        else { return nil }
        guard let table = connection.table(String(name[name.index(after: dot)...])) else { return nil }
        return (connection, table)
    }

    /// A connection's table as its columns without rows, for binding and
    /// completion (the rows stay in the engine).
    public func remoteStandIn(_ name: String) -> Table? {
        guard let (_, table) = remoteTable(name) else { return nil }
        let schema = Connection.schema(table)
        return Table(fields: schema, columns: schema.map { Column.nulls($0.type, count: 0) }, rowCount: 0)
    }

    /// Every connection's tables, as `NAME.table` (for completion).
    public var remoteTableNames: [String] { connections.flatMap(\.qualifiedNames) }

    /// A dotted name whose first part is a connection but whose table is not there.
    func unknownRemoteTable(_ name: String, _ span: SourceSpan) -> Diagnostic? {
        guard let dot = name.firstIndex(of: "."), let connection = connections.first(where: { $0.name == String(name[..<dot]) })
        else { return nil }
        return Diagnostic(
            "\(connection.name) has no table \"\(name[name.index(after: dot)...])\"", at: span,
            hint: DidYouMean.hint(name, among: connection.qualifiedNames)
                ?? (connection.tables.isEmpty
                    ? "it has no tables yet: load \"file.csv\" into \(connection.name) as NAME"
                    : "its tables: " + connection.qualifiedNames.prefix(12).joined(separator: ", ")))
    }
}
