import WerkbankEngine
import Foundation

/// What the caller can choose when reading a workbook.
public struct XLSXOptions: Sendable {
    /// Sheet name (exact, then ignoring case) or 1-based position; nil: the first visible sheet.
    public var sheet: String? = nil
    /// Whether the first non-empty row holds the column names; nil: decided
    /// from the sheet (a first row that looks like data is data).
    public var headerChoice: Bool? = nil
    /// `header=true|false` sets the choice; unset it reads as true.
    public var header: Bool {
        get { headerChoice ?? true }
        set { headerChoice = newValue }
    }
    /// Sheet rows to ignore at the top (a title above the table).
    public var skipRows: Int = 0
    /// Projection pushdown: keep only these columns (nil = all).
    public var columns: Set<String>? = nil
    public init() {}
}

/// What the reader found, to report after a load.
public struct XLSXDecisions: Sendable, Equatable {
    public var sheet: String
    public var sheetNames: [String]
    public var date1904: Bool
    /// Cells holding an Excel error (`#N/A`, `#DIV/0!`), read as null.
    public var errorCells: Int
    /// Whether the column names came from two header rows (a merged group row above).
    public var twoHeaderRows: Bool
    /// Title rows found above the header and skipped.
    public var titleRows: Int = 0
}

/// Reads one sheet of an xlsx workbook into a table.
///
/// The rules (a contract the tests check):
/// - The first visible sheet unless `sheet=` names one; an unknown name is an
///   error that lists the sheets.
/// - Cells: shared and inline strings, numbers, booleans, formulas (their
///   cached value), ISO dates (`t="d"`); error cells (`#N/A`) are null and
///   counted in the load message; an empty cell is null.
/// - Dates: a number whose cell style has a date format is an Excel serial
///   date, counted from 1899-12-30 (with Excel's phantom 1900-02-29 before
///   March 1900) or, when workbook.xml says `date1904`, from 1904-01-01.
/// - Title rows: up to 10 rows at the top holding one text value each (a
///   title, often merged over the table) are skipped when the row after them
///   names every column the table uses; the load message counts them.
/// - Header: the first row with a value (after `skip=N` rows), unless it
///   looks like data by the CSV reader's rule (`XLSXHeaderRule`); rows of
///   empty or blank texts do not count. Names are
///   trimmed, then made unique by `ColumnNames` (`column_N`, `_2`, …). A
///   merged cell's value fills its whole range (headers and data alike), and
///   when the header row has a merged group cell over several columns and the
///   row below holds only text, both rows name the columns ("Bevolking mannen");
///   header cells merged downward make the rows they cover part of the header.
/// - Rows without any value are skipped; so are columns without a name and
///   without values.
/// - Types, per whole column: numbers only → int when every one is whole
///   and fits Int64, else float; dates only → date (a date with a time of
///   day makes the column string, `YYYY-MM-DD HH:MM:SS`, never cutting the
///   time off); booleans only → bool; text → string (a cell's own type wins:
///   `"12345"` stored as text stays text); times (`HH:MM:SS`) and elapsed
///   times (`[h]:mm:ss` → `255:10:10`) → string; anything mixed → string,
///   numbers written as Excel shows them without formatting (`363`, `1.5`),
///   dates as `YYYY-MM-DD`.
/// - Part names in the zip are compared ignoring case (OPC).
/// - The sheet XML is read as a stream of events, never as a DOM.
public enum XLSXReader {
    /// The zip archive is read through `FILE*`, never mapped; a workbook
    /// that changes while it is read (size or modification time) is an
    /// error, whatever the unzipping made of it. A pipe is read to its end.
    public static func read(_ input: ReaderInput, options: XLSXOptions, cancel: CancellationToken) throws(EngineError) -> (Table, XLSXDecisions) {
        try cancel.check()
        guard case .file(let path) = input else { return try read(package: XLSXPackage(input), options: options, cancel: cancel) }
        let file = try InputFile(path: path)
        if file.kind == .pipe { return try read(.bytes(file.readAll(cancel: cancel), name: path), options: options, cancel: cancel) }
        let result: (Table, XLSXDecisions)
        do {
            result = try read(package: XLSXPackage(input), options: options, cancel: cancel)
        } catch {
            try file.checkUnchanged()
            throw error
        }
        try file.checkUnchanged()
        return result
    }

    /// Whether the input is an xlsx workbook (a zip archive with a workbook
    /// part and at least one sheet), for a zip file whatever its extension.
    public static func isWorkbook(_ input: ReaderInput) -> Bool {
        (try? XLSXPackage(input)) != nil
    }

    static func read(package: XLSXPackage, options: XLSXOptions, cancel: CancellationToken) throws(EngineError) -> (Table, XLSXDecisions) {
        let path = package.name
        let sheet = try package.sheet(named: options.sheet)
        var styles: [XLSXStylesEvents.NumberStyle] = []
        if let stylesPath = package.stylesPath, package.has(stylesPath) {
            let events = XLSXStylesEvents()
            try package.parse(stylesPath, events)
            styles = events.styles
        }
        var shared: [String] = []
        if let sharedPath = package.sharedStringsPath, package.has(sharedPath) {
            let events = XLSXSharedStringsEvents(cancel: cancel)
            try package.parse(sharedPath, events)
            shared = events.strings
        }
        try cancel.check()
        let cells = XLSXSheetEvents(shared: shared, styles: styles, cancel: cancel, name: path)
        try package.parse(sheet.path, cells)
        try cancel.check()
        var builder = XLSXTableBuilder(grid: cells.grid, strings: cells.strings, styles: styles, date1904: package.date1904)
        let table = try builder.build(options: options, name: path)
        let decisions = XLSXDecisions(
            sheet: sheet.name, sheetNames: package.sheets.map(\.name), date1904: package.date1904,
            errorCells: builder.errorCells, twoHeaderRows: builder.twoHeaderRows,
            titleRows: builder.titleRows)
        return (table, decisions)
    }
}

/// The cells of a sheet, column by column, one slot per row that appears in the XML.
struct XLSXGrid {
    enum Kind: UInt8 { case empty, number, text, bool, error }

    struct ColumnCells {
        var kinds: [Kind] = []
        var numbers: [Double] = []
        /// Index into the string table (texts, errors), or the cell style
        /// (numbers; -1: a `t="d"` date, the number is days since 1970).
        var refs: [Int32] = []

        mutating func pad(to n: Int) {
            let missing = n - kinds.count
            if missing > 0 {
                kinds.append(contentsOf: repeatElement(.empty, count: missing))
                numbers.append(contentsOf: repeatElement(0, count: missing))
                refs.append(contentsOf: repeatElement(0, count: missing))
            }
        }
    }

    var columns: [ColumnCells] = []
    /// Sheet row number (1-based) of each slot.
    var rowNumbers: [Int] = []
    /// Merged ranges: (first row, first column, last row, last column), rows 1-based, columns 0-based.
    var merges: [(Int, Int, Int, Int)] = []

    var rowCount: Int { rowNumbers.count }

    mutating func set(row: Int, column: Int, kind: Kind, number: Double, ref: Int32) {
        while columns.count <= column { columns.append(ColumnCells()) }
        columns[column].pad(to: row)
        if columns[column].kinds.count == row {
            columns[column].kinds.append(kind)
            columns[column].numbers.append(number)
            columns[column].refs.append(ref)
        } else {
            // A repeated reference: the later cell wins.
            columns[column].kinds[row] = kind
            columns[column].numbers[row] = number
            columns[column].refs[row] = ref
        }
    }
}

/// Turns sheet XML events into a grid.
final class XLSXSheetEvents: XLSXEvents {
    var grid = XLSXGrid()
    /// Shared strings first, then inline and formula strings.
    var strings: [String]
    let styles: [XLSXStylesEvents.NumberStyle]
    let cancel: CancellationToken
    let name: String

    private var inSheetData = false
    private var row = -1
    private var lastRowNumber = 0
    private var column = -1
    private var cellType = "n"
    private var cellStyle = 0
    private var text = ""
    private var collecting = false
    private var inInline = false
    private var phonetic = 0
    private var value: String?
    private var inlineText: String?

    init(shared: [String], styles: [XLSXStylesEvents.NumberStyle], cancel: CancellationToken, name: String) {
        strings = shared
        self.styles = styles
        self.cancel = cancel
        self.name = name
    }

    override func didStart(_ name: String, _ attributes: XMLAttributes) {
        switch Self.tag(name) {
        case .sheetData: inSheetData = true
        case .row where inSheetData:
            let number = attributes["r"].flatMap(Int.init) ?? (lastRowNumber + 1)
            lastRowNumber = number
            grid.rowNumbers.append(number)
            row = grid.rowNumbers.count - 1
            column = -1
            if row & 0x3FFF == 0, cancel.isCancelled {
                failure = .cancelled
            }
        case .c where inSheetData:
            if let r = attributes["r"], let ref = XLSXText.reference(r) { column = ref.column } else { column += 1 }
            cellType = attributes["t"] ?? "n"
            cellStyle = attributes["s"].flatMap(Int.init) ?? 0
            value = nil
            inlineText = nil
        case .v where inSheetData:
            text = ""
            collecting = true
        case .inlineString where inSheetData:
            inInline = true
            inlineText = ""
        case .t where inInline && phonetic == 0:
            text = ""
            collecting = true
        case .rPh: phonetic += 1
        case .mergeCell:
            if let ref = attributes["ref"] {
                let ends = ref.split(separator: ":").map(String.init)
                if let a = XLSXText.reference(ends[0]) {
                    let b = ends.count > 1 ? XLSXText.reference(ends[1]) ?? a : a
                    grid.merges.append((min(a.row, b.row), min(a.column, b.column), max(a.row, b.row), max(a.column, b.column)))
                }
            }
        default: break
        }
    }

    override func characters(_ string: String) {
        if collecting { text += string }
    }

    override func didEnd(_ name: String) {
        switch Self.tag(name) {
        case .sheetData: inSheetData = false
        case .v where collecting:
            value = text
            collecting = false
        case .t where collecting && inInline:
            inlineText = (inlineText ?? "") + text
            collecting = false
        case .inlineString: inInline = false
        case .rPh: phonetic -= 1
        case .c where inSheetData && row >= 0 && column >= 0:
            store()
        default: break
        }
    }

    private func addString(_ s: String) -> Int32 {
        strings.append(s)
        return Int32(strings.count - 1)
    }

    /// A cell's own type decides what it is: a shared, inline or formula
    /// string is text even when it reads as a number (`"12345"`); an empty
    /// text is an empty cell.
    private func store() {
        if column > 16_383 { return }
        switch cellType {
        case "s":
            guard let v = value, let k = Int(XLSXText.trimmed(v)), k >= 0, k < strings.count, !strings[k].isEmpty else { return }
            grid.set(row: row, column: column, kind: .text, number: 0, ref: Int32(k))
        case "inlineStr":
            guard let t = inlineText ?? value, !t.isEmpty else { return }
            grid.set(row: row, column: column, kind: .text, number: 0, ref: addString(XLSXText.unescape(t)))
        case "str":
            guard let t = value, !t.isEmpty else { return }
            grid.set(row: row, column: column, kind: .text, number: 0, ref: addString(XLSXText.unescape(t)))
        case "b":
            guard let v = value else { return }
            grid.set(row: row, column: column, kind: .bool, number: XLSXText.trimmed(v) == "1" ? 1 : 0, ref: 0)
        case "e":
            grid.set(row: row, column: column, kind: .error, number: 0, ref: value.map(addString) ?? -1)
        case "d":
            // An ISO 8601 date: the date part as a date cell (a serial number with a date style).
            guard let v = value else { return }
            let datePart = v.prefix(10)
            if let days = CalendarDate.parse(String(datePart)),
                v.count == 10 || v.dropFirst(10).allSatisfy({ "T0:.Z".contains($0) })
            {
                grid.set(row: row, column: column, kind: .number, number: Double(days), ref: -1)
            } else {
                grid.set(row: row, column: column, kind: .text, number: 0, ref: addString(v))
            }
        default:
            guard let v = value.map(XLSXText.trimmed), !v.isEmpty else { return }
            if let d = Double(v), d.isFinite {
                grid.set(row: row, column: column, kind: .number, number: d, ref: Int32(cellStyle))
            } else {
                grid.set(row: row, column: column, kind: .text, number: 0, ref: addString(String(v)))
            }
        }
    }
}
