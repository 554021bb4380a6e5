import WerkbankEngine

/// What werkbank decided about a delimited text file, as values a SQL
/// engine can be told (`load "FILE" into ENGINE as t`): the engine then
/// reads the whole file itself, out of core, yet types it as `load "FILE"`
/// would. Decided by `CSVIngestSniff` from a bounded sample.
public struct CSVIngestDecisions: Sendable, Equatable {
    public var path: String
    /// What was decided, in the words of `load`'s message
    /// (`';', decimal ',', Windows-1252, skipped 3 title lines`).
    public var summary: String
    /// UTF-8 (with or without a byte order mark) or Windows-1252; the
    /// wide encodings are refused before this is made.
    public var encoding: TextEncoding
    public var delimiter: UInt8
    /// Quote and escape (a doubled quote inside a quoted field): always `"`.
    public var quote: UInt8 = 0x22
    /// The file's decimal separator is `,` (floats read `1,5`).
    public var decimalComma: Bool
    /// The first record of the table is its header (names), not data.
    public var header: Bool
    /// Title lines found above the header, and lines dropped by `skip=`.
    public var titleLines: Int
    public var skippedLines: Int
    /// Where the data records start: after the byte order mark, `skip=`,
    /// title lines and the header. A byte offset, and the number of
    /// physical lines (`\n`) before it.
    public var dataStart: Int
    public var linesBeforeData: Int
    /// Where the data records end: before the footnote lines and trailing
    /// blank lines (the file's size when nothing follows the table).
    public var dataEnd: Int
    public var fileSize: Int
    /// The footnote lines below the table (blank ones left out), each as
    /// its fields' texts in UTF-8.
    public var footnotes: [[String]]
    public var columns: [CSVIngestColumn]
    /// `null=`: texts read as null in every column, besides the empty field.
    public var nullValues: [String]
    /// Whether the samples hold bytes 0x80–0x9F: in Windows-1252 these are
    /// `€`, `‘`, `…`, which Latin-1 readers refuse.
    public var windows1252Specials: Bool
    /// Whether a blank line lies among the data records of the sample.
    public var blankLinesInData: Bool
    /// Lines inside the sampled data that repeat the header (joined exports).
    public var repeatedHeaders: Int
    /// Whether the whole file was looked at (else a head and a tail sample).
    public var sampledWhole: Bool
}

/// One column as werkbank reads it: its name (unique-name rule applied),
/// its type, and how its text becomes that type where the engine's own
/// reading differs.
public struct CSVIngestColumn: Sendable, Equatable {
    public var name: String
    public var type: DataType
    /// `types=` named this column.
    public var forced: Bool
    /// A thousands separator to take out of the numbers (`15.000,5`).
    public var thousands: UInt8?
    /// A date layout (`d-m-yyyy`, `DatePattern`'s words) the values are
    /// written in; nil: `YYYY-MM-DD`.
    public var dateLayout: String?
    /// `YYYY-MM-DD` is read too, besides `dateLayout` (a forced date column).
    public var isoDatesToo: Bool
    /// Texts read as null in this column only (CBS: `.` unknown, `x` secret).
    public var nullMarkers: [String]
    /// The sample holds `""` in this column: null in a typed column, the
    /// empty text in a string column (an unquoted empty field is null in both).
    public var quotedEmpty = false

    public init(
        name: String, type: DataType, forced: Bool = false, thousands: UInt8? = nil,
        dateLayout: String? = nil, isoDatesToo: Bool = false, nullMarkers: [String] = []
    ) {
        self.name = name
        self.type = type
        self.forced = forced
        self.thousands = thousands
        self.dateLayout = dateLayout
        self.isoDatesToo = isoDatesToo
        self.nullMarkers = nullMarkers
    }

    /// Whether an engine reading the column's text as `type` by itself
    /// (decimal separator aside; `""` kept as the empty text) gives
    /// werkbank's values.
    public var isPlain: Bool {
        thousands == nil && dateLayout == nil && nullMarkers.isEmpty && !(forced && type == .date)
            && !(quotedEmpty && type != .string)
    }
}
