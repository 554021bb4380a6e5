/// A table: equal-length named columns.
public struct Table: Sendable {
    public private(set) var fields: Schema
    public private(set) var columns: [Column]
    public let rowCount: Int

    public init(fields: Schema, columns: [Column], rowCount: Int) {
        self.fields = fields
        self.columns = columns
        self.rowCount = rowCount
        assert(fields.count == columns.count)
        assert(columns.allSatisfy { $0.count == rowCount })
        assert(zip(fields, columns).allSatisfy { $0.type == $1.type })
    }

    public init(_ named: [(String, Column)], rowCount: Int? = nil) {
        self.init(
            fields: named.map { Field($0.0, $0.1.type) }, columns: named.map(\.1),
            rowCount: rowCount ?? named.first?.1.count ?? 0)
    }

    public static let empty = Table(fields: [], columns: [], rowCount: 0)

    public var columnCount: Int { columns.count }
    public var names: [String] { fields.map(\.name) }

    public func index(of name: String) -> Int? { fields.firstIndex { $0.name == name } }

    public func column(_ name: String) -> Column? { index(of: name).map { columns[$0] } }

    public func gather(_ indices: [Int32]) -> Table {
        Table(fields: fields, columns: columns.map { $0.gather(indices) }, rowCount: indices.count)
    }

    /// `gather` with a cancellation check per column and per 64k rows.
    public func gather(_ indices: [Int32], cancel: CancellationToken) throws(EngineError) -> Table {
        var out: [Column] = []
        out.reserveCapacity(columns.count)
        for c in columns {
            try cancel.check()
            out.append(try c.gather(indices, cancel: cancel))
        }
        return Table(fields: fields, columns: out, rowCount: indices.count)
    }

    public func slice(_ range: Range<Int>) -> Table {
        Table(fields: fields, columns: columns.map { $0.slice(range) }, rowCount: range.count)
    }

    /// The same rows with only the given columns, in that order.
    public func project(_ indices: [Int]) -> Table {
        Table(fields: indices.map { fields[$0] }, columns: indices.map { columns[$0] }, rowCount: rowCount)
    }

    /// Adds a column, or replaces the one with the same name in place.
    public mutating func setColumn(_ name: String, _ column: Column) {
        precondition(column.count == rowCount)
        if let i = index(of: name) {
            fields[i] = Field(name, column.type)
            columns[i] = column
        } else {
            fields.append(Field(name, column.type))
            columns.append(column)
        }
    }

    public mutating func rename(at i: Int, to name: String) { fields[i].name = name }

    /// Removes the column of that name, if there is one.
    public mutating func removeColumn(_ name: String) {
        guard let i = index(of: name) else { return }
        fields.remove(at: i)
        columns.remove(at: i)
    }
}
