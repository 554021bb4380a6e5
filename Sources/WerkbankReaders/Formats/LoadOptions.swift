import WerkbankEngine

/// The options of one `load` statement, parsed once (`LoadFormat.parse`)
/// straight into the readers' own settings: a format's option declarations
/// write the fields its reader reads, so an option is declared and used in
/// one place. What is not given is left for the reader to decide.
public struct LoadOptions: Sendable {
    /// CSV: delimiter, decimal, header, encoding, types, null.
    public var csv = CSVOptions()
    /// xlsx: sheet, header.
    public var xlsx = XLSXOptions()
    /// Lines (rows of a sheet) above the table, CSV and xlsx alike.
    public var skip: Int?
    /// The keys given, in order: a file whose content turns out to be
    /// another format (a zip named .csv) is checked against that format.
    public internal(set) var given: [String] = []

    public init() {}
}
