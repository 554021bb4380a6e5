import WerkbankEngine

/// The rows of a catalogue query (schema, table, table type, column, column
/// type; in column order) grouped into `RemoteTable`s, without row counts:
/// the one shape both engines' `tables()` read their catalogue into.
enum RemoteCatalogue {
    static func tables(_ rows: Table) -> [RemoteTable] {
        var out: [RemoteTable] = []
        func text(_ c: Int, _ r: Int) -> String {
            if case .string(let s) = rows.columns[c].value(at: r) { return s }
            return ""
        }
        for r in 0..<rows.rowCount {
            let schema = text(0, r), table = text(1, r)
            let column = RemoteColumn(name: text(3, r), engineType: text(4, r))
            if let last = out.last, last.schema == schema, last.table == table {
                out[out.count - 1].columns.append(column)
            } else {
                out.append(
                    RemoteTable(
                        schema: schema, table: table, columns: [column], rowCount: nil, rowCountIsExact: false,
                        isView: text(2, r).uppercased().contains("VIEW")))
            }
        }
        return out
    }
}
