import WerkbankEngine

/// A header of years (CBS StatLine: `Gemeenten;2019;2020;2021`): its cells
/// fit the numeric columns below them, so the usual header rule would take
/// the line for data. As Python's csv.Sniffer, a header cell whose kind
/// differs from its column's (a whole number over decimals) votes for a
/// header; a year over counts that are no years does too.
///
/// The rule (a contract the tests check): the first record is the header
/// when every cell in its numeric columns (int or float below) is a whole
/// number from 1800 to 2100, with at least two such cells in the record
/// (over any columns), all distinct, and one of
/// those columns below holds a decimal number, or a whole number outside
/// 1800–2100 (looked at in the first 64 KB). A table of years below years
/// (`Delft;1990;2005` over `Leiden;1985;1999`) stays headerless.
enum CSVYearHeader {
    static let years = 1800...2100

    /// `types`: each column's type from the records below the first.
    static func isHeader(
        firstNames: [String], firstKinds: [UInt16], types: [DataType], dataMasks: [UInt16],
        bodyHasNonYear: ([Int]) -> Bool
    ) -> Bool {
        let numeric = types.indices.filter { types[$0] == .int || types[$0] == .float }
        guard !numeric.isEmpty else { return false }
        // Years may also stand over columns that are text for now ("." and "x").
        let yearCells = firstKinds.indices.compactMap { j -> Int? in
            guard firstKinds[j] == CSVKind.int, let year = Int(firstNames[j]), years.contains(year) else { return nil }
            return year
        }
        let yearColumns = Set(firstKinds.indices.filter { firstKinds[$0] == CSVKind.int && Int(firstNames[$0]).map(years.contains) == true })
        guard numeric.allSatisfy(yearColumns.contains), yearCells.count >= 2, Set(yearCells).count == yearCells.count else { return false }
        let decimals = CSVKind.floatDot | CSVKind.floatComma | CSVKind.floatExp | CSVKind.bigInt
        if numeric.contains(where: { dataMasks[$0] & decimals != 0 }) { return true }
        return bodyHasNonYear(numeric)
    }
}

/// Whether some whole number in the watched columns lies outside 1800–2100.
struct CSVNonYearVisitor: CSVFieldVisitor {
    let p: UnsafePointer<UInt8>
    let watched: [Bool]
    var found = false

    mutating func field(_ column: Int, _ f: CSVField) -> Bool {
        guard column < watched.count, watched[column], !f.needsDecode, f.length > 0,
            let v = NumberText.parseInt(p, f.start, f.length)
        else { return true }
        if !CSVYearHeader.years.contains(Int(v)) {
            found = true
            return false
        }
        return true
    }

    mutating func endRecord(fields: Int) {}
}
