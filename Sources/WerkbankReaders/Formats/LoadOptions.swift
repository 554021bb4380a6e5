import WerkbankEngine

/// The options of one `load` statement, parsed once (`LoadFormat.parse`)
/// into typed values; nil is "not given" (the reader decides).
public struct LoadOptions: Sendable, Equatable {
    public var delimiter: UInt8?
    public var decimalComma: Bool?
    public var header: Bool?
    public var encoding: TextEncoding?
    /// Forced column types by column name.
    public var types: [String: DataType] = [:]
    /// Texts read as null besides the empty field (the option may repeat).
    public var nullValues: [String] = []
    /// Lines (sheet rows) above the table.
    public var skip: Int?
    /// Sheet name or 1-based position.
    public var sheet: String?
    /// The keys given, in order: a file whose content turns out to be
    /// another format (a zip named .csv) is checked against that format.
    public internal(set) var given: [String] = []

    public init() {}
}
