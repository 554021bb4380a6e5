import WerkbankEngine

/// Whether the first row of a sheet's table is data rather than names: the
/// CSV reader's rule (`CSVKind.allowed`, `CSVYearHeader`), for typed cells.
///
/// The first row is data when each of its cells fits its column's type from
/// the rows below (anything fits a string column, a whole number an int
/// column, a date a date column; a text cell fits only a string column), and
/// one of them is a value in a column that is not string; unless it is a
/// header of years (`CSVYearHeader`). A first row without any name in it
/// (only error cells) is data too.
enum XLSXHeaderRule {
    /// One cell of the first row, as the CSV reader would see its field.
    struct Cell {
        /// A `CSVKind` bit (`null` for an empty or error cell).
        var kind: UInt16
        /// The cell as a name ("2019" for the number 2019).
        var name: String
    }

    static func cell(_ kind: XLSXGrid.Kind, _ number: Double, _ style: XLSXStylesEvents.NumberStyle, name: String?) -> Cell {
        let k: UInt16
        switch kind {
        case .empty, .error: k = CSVKind.null
        case .bool: k = CSVKind.bool
        case .text: k = CSVKind.other
        case .number:
            switch style {
            case .date, .dateTime: k = XLSXTableBuilder.hasTime(number) ? CSVKind.other : CSVKind.date
            case .time, .duration: k = CSVKind.other
            case .plain, .text:
                if number != number.rounded() {
                    k = CSVKind.floatDot
                } else {
                    k = abs(number) < 9.2e18 ? CSVKind.int : CSVKind.bigInt
                }
            }
        }
        return Cell(kind: k, name: name ?? "")
    }

    /// `first`: the first row's cells, `below`: the kinds of the rows below
    /// it, one per column.
    static func firstRowIsData(_ first: [Cell], below: [XLSXColumnKinds]) -> Bool {
        if first.allSatisfy({ $0.kind == CSVKind.null }) { return true }
        let types = below.map(\.type)
        var typed = false
        for (cell, type) in zip(first, types) {
            if cell.kind & ~CSVKind.allowed(type, decimalComma: false) != 0 { return false }
            if type != .string, cell.kind != CSVKind.null { typed = true }
        }
        guard typed else { return false }
        let masks = below.map { $0.numbers ? ($0.wholeNumbers ? CSVKind.int : CSVKind.floatDot) : 0 }
        let years = CSVYearHeader.isHeader(
            firstNames: first.map(\.name), firstKinds: first.map(\.kind), types: types, dataMasks: masks,
            bodyHasNonYear: { columns in columns.contains { below[$0].nonYears } })
        return !years
    }
}
