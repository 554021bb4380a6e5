import WerkbankEngine

/// `datasets`: every table in scope, as a table (so `datasets | where …` works too).
public struct DatasetsStatement: Statement {
    public static let help = StatementHelp(
        name: "datasets", syntax: "datasets", summary: "list every table in scope: name, rows, columns, source",
        details: "datasets is also a table: datasets | where rows > 100 works.")

    public static func starts(_ p: Parser) -> Bool { p.keywordIsAlone }

    public static func parse(_ p: inout Parser, keyword: Token) throws(Diagnostic) -> StatementNode {
        .statement(DatasetsStatement())
    }

    public var kind: StatementKind { .datasets }

    public func execute(_ session: Session, source: String, _ context: ExecutionContext) throws(Diagnostic) -> StatementResult {
        .table(try session.datasetsTable(), .table)
    }
}

extension Session {
    func datasetsTable() throws(Diagnostic) -> Table {
        var names: [String?] = [], rows: [Int64] = [], cols: [Int64] = [], sources: [String?] = [], descriptions: [String?] = []
        for name in catalog.names {
            guard let entry = catalog.entry(name) else { continue }
            let t: Table?
            do { t = try catalog.table(name) } catch { throw Diagnostic("cannot load \(name): \(error.message)", at: nil) }
            names.append(name)
            rows.append(Int64(t?.rowCount ?? 0))
            cols.append(Int64(t?.columnCount ?? 0))
            switch entry.origin {
            case .library(let file): sources.append("Library/" + file)
            case .file(let path): sources.append(path)
            case .binding: sources.append("let")
            }
            descriptions.append(entry.metadata?.title)
        }
        // A connection's tables, with the engine's count (an estimate or
        // unknown for a large PostgreSQL table: see RemoteTable.rowCount).
        var rowsKnown = Validity(count: rows.count, allValid: true)
        for connection in connections {
            for table in connection.tables {
                names.append(connection.name + "." + table.name(defaultSchema: connection.defaultSchema))
                rows.append(Int64(table.rowCount ?? 0))
                rowsKnown.append(table.rowCount != nil)
                cols.append(Int64(Connection.schema(table).count))
                sources.append(connection.client.description)
                let unread = table.columns.filter { $0.type == nil }
                descriptions.append(
                    (table.rowCount != nil && !table.rowCountIsExact
                        ? "about \(NumberText.thousands(table.rowCount!)) rows (the engine's estimate)" : nil)
                        ?? (unread.isEmpty ? nil : "left out: " + unread.map { "\($0.name) (\($0.engineType))" }.joined(separator: ", ")))
            }
        }
        return Table(
            [
                ("name", Column.strings(names)), ("rows", Column(.int(rows), validity: rowsKnown)), ("columns", Column(.int(cols))),
                ("source", Column.strings(sources)), ("description", Column.strings(descriptions)),
            ], rowCount: names.count)
    }
}
