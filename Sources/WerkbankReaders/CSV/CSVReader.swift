import CMemmem
import WerkbankEngine
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// What the caller can force; everything left nil is sniffed.
public struct CSVOptions: Sendable {
    /// nil: sniff among `,` `;` tab `|`.
    public var delimiter: UInt8? = nil
    /// nil: sniff (only when the delimiter is not `,`).
    public var decimalComma: Bool? = nil
    /// nil: sniff.
    public var header: Bool? = nil
    /// `dateformat=`: the layout of dates (`dd-mm-yyyy`), checked by `DatePattern`.
    public var dateFormat: String? = nil
    /// The thousands separator (`.` or `,`), nil: none. It sets the decimal
    /// separator to the other one unless `decimalComma` is given.
    public var thousands: UInt8? = nil
    /// nil: sniff (BOM → utf8BOM; valid UTF-8 → utf8; else windows1252).
    /// "latin1" is mapped by the caller to windows1252.
    public var encoding: TextEncoding? = nil
    /// Forced column types by column name.
    public var types: [String: DataType] = [:]
    /// Projection pushdown: materialize only these columns (nil = all); the
    /// result keeps file order. Names the file lacks are ignored.
    public var columns: Set<String>? = nil
    /// Extra texts read as null besides the empty field.
    public var nullValues: [String] = []
    /// Lines inside the data equal to the header: nil, skipped when a column
    /// shows its own name as a value (joined exports); true, always skipped;
    /// false, kept as data. (What a read decided can be forced back.)
    public var skipRepeatedHeaders: Bool? = nil
    /// Tests only: bytes per chunk (nil: automatic; `Int.max`: one chunk).
    var chunkBytes: Int? = nil
    public init() {}
}

/// What the reader decided (or was told), to report after a load.
public struct CSVDecisions: Sendable, Equatable {
    /// For a one-column file (no delimiter found) this is `,`, nominally:
    /// such a file was read without any delimiter.
    public var delimiter: UInt8
    public var decimalComma: Bool
    public var header: Bool
    public var encoding: TextEncoding
    /// Columns read as text although most values are typed (`CSVTextFallback`).
    public var textColumns: [CSVTextFallback] = []
    /// Lines inside the data equal to the header (concatenated exports), skipped.
    public var repeatedHeaders = 0
    /// The thousands separator, when one was given.
    public var thousands: UInt8? = nil
    /// Text columns read as numbers with a thousands separator
    /// (`CSVSniffedThousands`), described: `thousands '.' in Oppervlak`.
    public var thousandsColumns: [String] = []
    /// Text columns read as dates in another layout (`CSVDayFirstDates`), described.
    public var dateColumns: [String] = []
    /// The same two decisions as values, for `CSVIngestSniff`.
    var thousandsFound: [CSVSniffedThousands.Found] = []
    var datesFound: [CSVDayFirstDates.Found] = []

    public init(
        delimiter: UInt8, decimalComma: Bool, header: Bool, encoding: TextEncoding,
        textColumns: [CSVTextFallback] = []
    ) {
        self.delimiter = delimiter
        self.decimalComma = decimalComma
        self.header = header
        self.encoding = encoding
        self.textColumns = textColumns
    }
}

/// Reads CSV files into tables: raw bytes, chunks parsed on all cores, types
/// inferred from the whole file in a first pass and values materialized in a
/// second pass (only the projected columns).
///
/// The rules (a contract the tests check):
/// - Types, from the whole file: all-null → string; canonical ints
///   (`-?digits`, no leading zero unless exactly `0`) → int; ints and floats
///   (`1.5`, `-0.25e3`, `1e-05`; `1,5` with decimal comma) → float;
///   `true`/`false` in any case → bool; `YYYY-MM-DD` real dates → date;
///   anything else → string. A column with a leading-zero number (`0599`) or
///   an int too big for Int64 (unless the column is float anyway) is string,
///   its text unchanged. Whitespace is never trimmed from values: `" 12"` is
///   a string.
/// - The empty field (quoted or not) and `nullValues` are null.
/// - Forced types (`types`) must parse for every value, else an error names
///   the column, the value and the line. Forced int/float also take leading
///   zeros and a `+`; a forced bool also takes `1`/`0`.
/// - Delimiter: among `,` `;` tab `|`, the one that splits the first 50
///   records most consistently into more than one field; none → one column.
/// - Decimal comma: when the delimiter is not `,` and some column holds only
///   numbers with at least one `-?digits,digits`; then `1.5` is text.
/// - Header: assumed, unless the first record looks like data (every field
///   fits its column's type from the other records, and one of them is a
///   value in a non-string column). Names are trimmed, then made unique by
///   `ColumnNames` (`column_N`, `_2`, …). Without a header: `column_1`, ….
/// - Encoding: a UTF-8 BOM is dropped; text that is not UTF-8 is read as
///   Windows-1252.
/// - Blank lines are skipped (in a one-column file a blank line inside the
///   data is a null); a record with another field count than the first is an
///   error naming its line.
public enum CSVReader {
    public static func read(_ input: ReaderInput, options: CSVOptions, cancel: CancellationToken) throws(EngineError) -> (Table, CSVDecisions) {
        try input.withBytes { (buf) throws(EngineError) -> (Table, CSVDecisions) in
            try read(buffer: buf, name: input.name, options: options, cancel: cancel)
        }
    }

    static func read(
        buffer: UnsafeBufferPointer<UInt8>, name: String, options: CSVOptions, cancel: CancellationToken
    ) throws(EngineError) -> (Table, CSVDecisions) {
        try cancel.check()
        return try TextDecoding.withUTF8(buffer, name: name, forced: options.encoding) {
            (buf, encoding, census) throws(EngineError) -> (Table, CSVDecisions) in
            let (p, n) = try bufferStart(buf, name: name)
            var parse = CSVParse(p: p, n: n, name: name, options: options, encoding: encoding, census: census, cancel: cancel)
            do throws(EngineError) {
                try parse.analyze(projection: options.columns)
            } catch {
                // With forced types a repeated header line does not parse as
                // one of them: skip such lines as the sniffed read does.
                guard case .badFile = error, parse.header, options.skipRepeatedHeaders != false,
                    !options.types.isEmpty || options.skipRepeatedHeaders == true
                else { throw error }
                parse.repeatedHeaders = parse.findRepeatedHeaders()
                if parse.repeatedHeaders.isEmpty { throw error }
                try parse.analyze(projection: options.columns)
            }
            var fallbacks = try parse.textFallbacks(masks: parse.masks)
            // A column made text by its own name further down: the file is
            // exports joined end to end. Their header lines are skipped and
            // the file analysed again without them.
            var skipRepeated = options.skipRepeatedHeaders ?? fallbacks.contains(where: { $0.value == $0.column })
            if options.skipRepeatedHeaders == nil, !skipRepeated, parse.header, parse.repeatedHeaders.isEmpty {
                skipRepeated = try parse.ownNameOutsideProjection()
            }
            if parse.header, parse.repeatedHeaders.isEmpty, skipRepeated {
                parse.repeatedHeaders = parse.findRepeatedHeaders()
                if !parse.repeatedHeaders.isEmpty {
                    try parse.analyze(projection: options.columns)
                    fallbacks = try parse.textFallbacks(masks: parse.masks)
                }
            }
            let table = try parse.materialize(projection: options.columns)
            var decisions = parse.decisions
            decisions.textColumns = fallbacks
            decisions.repeatedHeaders = parse.repeatedHeaders.count
            return (table, decisions)
        }
    }

    /// Only the column names and inferred types, for binding without
    /// materializing (scans the whole file for the types).
    public static func schema(_ input: ReaderInput, options: CSVOptions, cancel: CancellationToken) throws(EngineError) -> (Schema, CSVDecisions) {
        try input.withBytes { (buf) throws(EngineError) -> (Schema, CSVDecisions) in
            try schema(buffer: buf, name: input.name, options: options, cancel: cancel)
        }
    }

    static func schema(
        buffer: UnsafeBufferPointer<UInt8>, name: String, options: CSVOptions, cancel: CancellationToken
    ) throws(EngineError) -> (Schema, CSVDecisions) {
        try cancel.check()
        return try TextDecoding.withUTF8(buffer, name: name, forced: options.encoding) {
            (buf, encoding, census) throws(EngineError) -> (Schema, CSVDecisions) in
            let (p, n) = try bufferStart(buf, name: name)
            var parse = CSVParse(p: p, n: n, name: name, options: options, encoding: encoding, census: census, cancel: cancel)
            try parse.analyze(projection: nil)
            let schema = zip(parse.names, parse.types).map { Field($0, $1 ?? .string) }
            return (schema, parse.decisions)
        }
    }

    private static func bufferStart(_ buf: UnsafeBufferPointer<UInt8>, name: String) throws(EngineError) -> (UnsafePointer<UInt8>, Int) {
        guard let base = buf.baseAddress, buf.count > 0 else {
            throw .badFile(path: name, message: "empty file", line: nil)
        }
        return (base, buf.count)
    }

    /// How a delimiter is named in messages.
    static func describe(delimiter: UInt8?) -> String {
        guard let d = delimiter else { return "none (one column)" }
        switch d {
        case 0x09: return "tab"
        case 0x20: return "space"
        default: return "'" + String(UnicodeScalar(d)) + "'"
        }
    }
}

/// One CSV parse over a UTF-8 buffer: `analyze` decides the dialect, header,
/// names and types (pass 1); `materialize` builds the columns (pass 2).
struct CSVParse {
    let p: UnsafePointer<UInt8>
    /// Bytes in the buffer (the end of data is `end`, trailing blank lines cut).
    let n: Int
    let name: String
    let options: CSVOptions
    let encoding: TextEncoding
    /// The quotes and CRs the whole buffer holds, when validating it
    /// counted them (nil: not known, looked for chunk by chunk).
    let census: ByteCensus?
    let cancel: CancellationToken
    let nulls: CSVNullMatcher

    var dialect = CSVDialect(delimiter: UInt8(ascii: ","))
    var end = 0
    /// Whether the text holds any `"` / any CR at all.
    var textHasQuotes = true
    var textHasCR = true
    var firstRecord = 0..<0
    var columnCount = 0
    var header = true
    var decimalComma = false
    var names: [String] = []
    /// nil for a column that was not analysed (not projected).
    var types: [DataType?] = []
    /// Per column: the kinds pass 1 saw (the first record's too without a header).
    var masks: [UInt16] = []
    /// Records inside the data equal to the header, left out of both passes.
    var repeatedHeaders: [Range<Int>] = []
    /// Data chunks (records after the first), exact boundaries.
    var chunks: [(start: Int, end: Int, rows: Int)] = []

    init(
        p: UnsafePointer<UInt8>, n: Int, name: String, options: CSVOptions, encoding: TextEncoding, census: ByteCensus?,
        cancel: CancellationToken
    ) {
        self.p = p
        self.n = n
        self.name = name
        self.options = options
        self.encoding = encoding
        self.census = census
        self.cancel = cancel
        nulls = CSVNullMatcher(options.nullValues)
    }

    var decisions: CSVDecisions {
        var d = CSVDecisions(
            delimiter: dialect.delimiter ?? UInt8(ascii: ","), decimalComma: decimalComma,
            header: header, encoding: encoding)
        d.thousands = options.thousands
        return d
    }

    var separator: UInt8 { decimalComma ? UInt8(ascii: ",") : UInt8(ascii: ".") }

    func line(_ offset: Int) -> Int {
        ReadErrorText.lineNumber(UnsafeBufferPointer(start: p, count: n), offset: offset)
    }

    func error(_ failure: CSVScanFailure) -> EngineError {
        switch failure {
        case .cancelled:
            return .cancelled
        case .unterminatedQuote(let offset):
            return .badFile(path: name, message: "a quoted field that starts here is never closed (missing '\"')", line: line(offset))
        case .ragged(let offset, let found):
            let d = CSVReader.describe(delimiter: dialect.delimiter)
            let how = options.delimiter == nil ? "the delimiter was detected as \(d)" : "the delimiter is \(d)"
            let hint =
                found > columnCount
                ? "a value may contain an unquoted delimiter, or \(how); set delimiter=\"…\" if that is wrong"
                : "\(how); set delimiter=\"…\" if that is wrong"
            return .badFile(path: name, message: "expected \(columnCount) fields, found \(found) (\(hint))", line: line(offset))
        case .visitor, .overrun:
            return .badFile(path: name, message: "malformed record", line: nil)
        }
    }

    // MARK: Pass 1

    mutating func analyze(projection: Set<String>?) throws(EngineError) {
        guard let range = CSVSniffer.dataRange(p, count: n) else {
            throw .badFile(path: name, message: "empty file", line: nil)
        }
        end = range.upperBound
        let firstStart = range.lowerBound

        // Delimiter.
        if let d = options.delimiter {
            guard d < 0x80, d != 0x22, d != 0x0A, d != 0x0D else {
                throw .invalid("the delimiter must be one ASCII character other than a quote or a line end")
            }
            dialect = CSVDialect(delimiter: d)
        } else {
            dialect = CSVDialect(delimiter: CSVSniffer.sniffDelimiter(p, count: end, from: firstStart, cancel: cancel))
        }
        try cancel.check()

        // The first record: its field count, its texts (names) and kinds.
        let first = CSVSniffer.firstRecord(p, count: end, from: firstStart, dialect: dialect, cancel: cancel)
        if let failure = first.failure { throw error(failure) }
        columnCount = max(1, first.fields.count)
        firstRecord = firstStart..<first.end
        let firstNames = first.fields.map { CSVSniffer.headerText(p, $0) }
        let allWanted = [Bool](repeating: true, count: columnCount)
        let firstKinds = classifyRange(firstRecord, wanted: allWanted).masks

        // What can be decided before the full scan.
        var knownHeader = options.header
        if knownHeader == nil {
            if firstKinds.allSatisfy({ $0 == CSVKind.other || $0 == CSVKind.null }) {
                knownHeader = true  // only text (or empty): it cannot be a data row of a typed file
            } else if firstNames.contains(where: { options.types[$0] != nil }) {
                knownHeader = true  // the forced types name its cells
            }
        }
        if let t = options.thousands {
            if t == dialect.delimiter {
                throw .invalid("the thousands separator cannot be the delimiter")
            }
            if let comma = options.decimalComma, comma == (t == UInt8(ascii: ",")) {
                throw .invalid("the thousands separator must differ from the decimal separator")
            }
        }
        let decimalKnown =
            options.decimalComma != nil || options.thousands != nil || dialect.delimiter == nil
            || dialect.delimiter == UInt8(ascii: ",")
        var wanted = allWanted
        if let knownHeader {
            header = knownHeader
            names = knownHeader ? ColumnNames.unique(firstNames) : ColumnNames.generated(columnCount)
            try checkNames(projection: projection)
            if let projection, decimalKnown {
                wanted = names.map { projection.contains($0) || options.types[$0] != nil }
            }
        }

        // Pass 1 over all data records, on all cores.
        // The first record is read apart; the text's flags cover it too.
        let firstHasQuotes = memchr(p + firstRecord.lowerBound, 0x22, firstRecord.count) != nil
        let firstHasCR = memchr(p + firstRecord.lowerBound, 0x0D, firstRecord.count) != nil
        let pass1 = try classifySegments(from: first.end, wanted: wanted)
        textHasQuotes = pass1.hasQuotes || firstHasQuotes
        textHasCR = pass1.hasCR || firstHasCR
        chunks = pass1.chunks
        let dataMasks = pass1.masks

        // Decimal comma.
        if let forced = options.decimalComma {
            decimalComma = forced
        } else if let t = options.thousands {
            decimalComma = t == UInt8(ascii: ".")
        } else if !decimalKnown {
            decimalComma = (0..<columnCount).contains { j in
                CSVKind.looksDecimalComma(dataMasks[j] | (knownHeader == false ? firstKinds[j] : 0))
            }
        }

        // Header: assumed, unless the first record looks like data: each of
        // its fields fits the type the other records give its column, and
        // one of them is a value (not empty) in a column that is not string.
        if knownHeader == nil {
            var fits = true
            var typed = false
            for j in 0..<columnCount {
                let t = options.types[ColumnNames.generated(at: j)] ?? CSVKind.inferType(dataMasks[j], decimalComma: decimalComma)
                if firstKinds[j] & ~CSVKind.allowed(t, decimalComma: decimalComma) != 0 { fits = false }
                if t != .string, firstKinds[j] != CSVKind.null { typed = true }
            }
            header = !(fits && typed)
            if !header {
                let types = (0..<columnCount).map { j in
                    options.types[ColumnNames.generated(at: j)] ?? CSVKind.inferType(dataMasks[j], decimalComma: decimalComma)
                }
                header = CSVYearHeader.isHeader(
                    firstNames: firstNames, firstKinds: firstKinds, types: types,
                    dataMasks: dataMasks, bodyHasNonYear: bodyHasNonYear)
            }
            names = header ? ColumnNames.unique(firstNames) : ColumnNames.generated(columnCount)
            try checkNames(projection: projection)
        }

        // Types.
        var masks = dataMasks
        if !header { for j in 0..<columnCount { masks[j] |= firstKinds[j] } }
        types = (0..<columnCount).map { j in
            options.types[names[j]] ?? (wanted[j] ? CSVKind.inferType(masks[j], decimalComma: decimalComma) : nil)
        }
        try checkForcedTypes(masks: masks)
        self.masks = masks
    }

    /// Whether the first 64 KB of data hold, in one of `columns`, a whole
    /// number that is no year (for `CSVYearHeader`).
    func bodyHasNonYear(_ columns: [Int]) -> Bool {
        guard let head = chunks.first else { return false }
        var watched = [Bool](repeating: false, count: columnCount)
        for j in columns { watched[j] = true }
        var v = CSVNonYearVisitor(p: p, watched: watched)
        _ = CSVScanner.scan(
            p, count: end, from: head.start, limit: min(head.end, head.start + (64 << 10)),
            columns: columnCount, dialect: dialect, visitor: &v, cancel: cancel)
        return v.found
    }

    /// The layout a forced date column reads besides `YYYY-MM-DD`:
    /// `dateformat=`, else day first with dashes (`05-01-2024`).
    var forcedDatePattern: DatePattern? {
        options.dateFormat.flatMap(DatePattern.init) ?? DatePattern("d-m-yyyy")
    }

    /// Every name in the forced types must be a column.
    func checkNames(projection: Set<String>?) throws(EngineError) {
        let known = Set(names)
        // A projection may name columns the file lacks (a pipeline's names are
        // collected before the header is known): those are simply not read.
        // A forced type must name a real column.
        let asked = Array(options.types.keys)
        for want in asked.sorted() where !known.contains(want) {
            let shown = names.prefix(12).joined(separator: ", ") + (names.count > 12 ? ", …" : "")
            throw .badFile(path: name, message: "no column named \"\(want)\" (columns: \(shown))", line: nil)
        }
    }

    /// Whether `range` holds no `"` (records in it are then plain).
    func quoteFree(_ range: Range<Int>, textHasQuotes: Bool) -> Bool {
        !textHasQuotes || range.isEmpty || memchr(p + range.lowerBound, 0x22, range.count) == nil
    }

    /// Pass 1 over one range, sequentially.
    func classifyRange(
        _ range: Range<Int>, wanted: [Bool], hasQuotes: Bool = true, hasCR: Bool = true,
        quoteLimit: Int? = nil
    ) -> (masks: [UInt16], result: CSVScanResult) {
        var masks = [UInt16](repeating: 0, count: columnCount)
        // The scan hands a mapped file's pages back behind it; the rest here.
        defer { MappedPages.release(p, range) }
        let result = wanted.withUnsafeBufferPointer { w -> CSVScanResult in
            masks.withUnsafeMutableBufferPointer { m -> CSVScanResult in
                guard let wb = w.baseAddress, let mb = m.baseAddress else {
                    return CSVScanResult(end: range.lowerBound, rows: 0, failure: nil)
                }
                let v = CSVClassifyVisitor(p: p, wanted: wb, masks: mb, nulls: nulls)
                if let t = options.thousands {
                    var grouped = CSVGroupedClassifyVisitor(inner: v, thousands: t)
                    return CSVScanner.scan(
                        p, count: end, from: range.lowerBound, limit: range.upperBound,
                        columns: columnCount, lastWanted: wanted.lastIndex(of: true) ?? 0,
                        quoteFree: quoteFree(range, textHasQuotes: hasQuotes), crFree: !hasCR,
                        quoteLimit: quoteLimit, dialect: dialect,
                        visitor: &grouped, cancel: cancel)
                }
                var plain = v
                return CSVScanner.scan(
                    p, count: end, from: range.lowerBound, limit: range.upperBound,
                    columns: columnCount, lastWanted: wanted.lastIndex(of: true) ?? 0,
                    quoteFree: quoteFree(range, textHasQuotes: hasQuotes), crFree: !hasCR,
                    quoteLimit: quoteLimit, dialect: dialect,
                    visitor: &plain, cancel: cancel)
            }
        }
        return (masks, result)
    }

    /// Pass 1 over the data from `from`, around the repeated header lines.
    func classifySegments(
        from: Int, wanted: [Bool]
    ) throws(EngineError) -> (chunks: [(start: Int, end: Int, rows: Int)], masks: [UInt16], hasQuotes: Bool, hasCR: Bool) {
        if repeatedHeaders.isEmpty { return try classifyChunks(from: from, to: end, wanted: wanted) }
        var out: (chunks: [(start: Int, end: Int, rows: Int)], masks: [UInt16], hasQuotes: Bool, hasCR: Bool) = (
            [], [UInt16](repeating: 0, count: columnCount), false, false
        )
        var start = from
        for skipped in repeatedHeaders + [end..<end] {
            if skipped.lowerBound > start {
                let r = try classifyChunks(from: start, to: skipped.lowerBound, wanted: wanted)
                out.chunks += r.chunks
                for j in 0..<columnCount { out.masks[j] |= r.masks[j] }
                out.hasQuotes = out.hasQuotes || r.hasQuotes
                out.hasCR = out.hasCR || r.hasCR
            }
            start = skipped.upperBound
        }
        return out
    }

    /// The lines after the header that hold exactly its bytes.
    func findRepeatedHeaders() -> [Range<Int>] {
        var length = firstRecord.count
        while length > 0, p[firstRecord.lowerBound + length - 1] == 0x0A || p[firstRecord.lowerBound + length - 1] == 0x0D { length -= 1 }
        guard length > 0 else { return [] }
        // memmem finds the header's bytes (glibc's skips ahead by up to the
        // header's length); a hit counts when it is a whole line. Windows
        // are searched on all cores, each releasing its pages after, as
        // every whole-file pass does: a mapped file is never resident whole.
        // A hit belongs to the window it starts in; a window that starts
        // inside a hit of the one before finds nothing there (a hit is a
        // whole line, so no line start lies inside it).
        let head = p + firstRecord.lowerBound
        let start = firstRecord.upperBound
        let windows = end > start ? (end - start + MappedPages.window - 1) / MappedPages.window : 0
        return Parallel.parallelMap(windows) { w -> [Range<Int>] in
            let windowStart = start + w * MappedPages.window
            let windowEnd = min(end, windowStart + MappedPages.window)
            defer { MappedPages.release(p, windowStart..<windowEnd) }
            // A header that starts in this window may end in the next.
            let searchEnd = min(end, windowEnd + length - 1)
            var found: [Range<Int>] = []
            var from = windowStart
            while from < windowEnd, from + length <= searchEnd, let hit = memmem(p + from, searchEnd - from, head, length) {
                let at = UnsafeRawPointer(hit) - UnsafeRawPointer(p)
                guard at < windowEnd else { break }
                var e = at + length
                if e < end, p[e] == 0x0D { e += 1 }
                if at == firstRecord.upperBound || p[at - 1] == 0x0A, e == end || p[e] == 0x0A {
                    found.append(at..<min(end, e + 1))
                    from = min(end, e + 1)
                } else {
                    from = at + 1
                }
            }
            return found
        }.flatMap { $0 }
    }

    /// Whether a column left out of the projection would have shown its own
    /// name as a value, so that the whole file's read skips repeated header
    /// lines: a projection must read the same rows as the whole file.
    func ownNameOutsideProjection() throws(EngineError) -> Bool {
        guard header, types.contains(nil) else { return false }
        // A read column whose type cannot hold its own name proves that no
        // line repeats the header (it would have made that column text).
        let nameKinds = classifyRange(firstRecord, wanted: [Bool](repeating: true, count: columnCount)).masks
        for j in 0..<columnCount {
            if let t = types[j], nameKinds[j] & ~CSVKind.allowed(t, decimalComma: decimalComma) != 0 { return false }
        }
        guard !findRepeatedHeaders().isEmpty else { return false }
        // Rare: header lines repeat and only the other columns can tell.
        var whole = CSVParse(p: p, n: n, name: name, options: options, encoding: encoding, census: census, cancel: cancel)
        try whole.analyze(projection: nil)
        return try whole.textFallbacks(masks: whole.masks).contains { $0.value == $0.column }
    }

    /// Splits `from..<end` into chunks, classifies them in parallel, and
    /// checks that each chunk starts where the previous one ended (re-parsing
    /// a chunk whose guessed start was wrong). Errors are reported in file order.
    func classifyChunks(
        from: Int, to segmentEnd: Int, wanted: [Bool]
    ) throws(EngineError) -> (chunks: [(start: Int, end: Int, rows: Int)], masks: [UInt16], hasQuotes: Bool, hasCR: Bool) {
        let plan = CSVChunks.plan(p, from: from, end: segmentEnd, chunkBytes: options.chunkBytes, census: census)
        let bounds = plan.bounds
        let k = bounds.count - 1
        let results = Parallel.parallelMap(k) { i -> (masks: [UInt16], result: CSVScanResult) in
            if cancel.isCancelled {
                return ([], CSVScanResult(end: bounds[i], rows: 0, failure: .cancelled))
            }
            // Speculative: a quoted field may not run past the next chunk.
            return classifyRange(
                bounds[i]..<bounds[i + 1], wanted: wanted, hasQuotes: plan.hasQuotes, hasCR: plan.hasCR,
                quoteLimit: i + 2 < bounds.count ? bounds[i + 2] : nil)
        }
        var masks = [UInt16](repeating: 0, count: columnCount)
        var chunks: [(start: Int, end: Int, rows: Int)] = []
        var expected = from
        for i in 0..<k {
            var r = results[i]
            if bounds[i] != expected || r.result.failure == .overrun {
                // The guessed start was wrong (a stray quote upset the parity),
                // or a quoted field is longer than a chunk: parse from the
                // true start, with no limit.
                if expected >= bounds[i + 1] { continue }
                try cancel.check()
                r = classifyRange(expected..<bounds[i + 1], wanted: wanted, hasQuotes: plan.hasQuotes, hasCR: plan.hasCR)
            }
            if let failure = r.result.failure { throw error(failure) }
            for j in 0..<columnCount { masks[j] |= r.masks[j] }
            if r.result.rows > 0 { chunks.append((expected, r.result.end, r.result.rows)) }
            expected = r.result.end
        }
        return (chunks, masks, plan.hasQuotes, plan.hasCR)
    }

    /// A forced type must parse for every value; the first one that does
    /// not (in file order) is reported.
    func checkForcedTypes(masks: [UInt16]) throws(EngineError) {
        var forced = [DataType?](repeating: nil, count: columnCount)
        var any = false
        for j in 0..<columnCount {
            guard let t = options.types[names[j]] else { continue }
            if masks[j] & ~CSVKind.allowed(t, decimalComma: decimalComma) != 0 {
                forced[j] = t
                any = true
            }
        }
        if !any { return }
        var ranges = chunks.map { $0.start..<$0.end }
        if !header { ranges.insert(firstRecord, at: 0) }
        for range in ranges {
            try cancel.check()
            var v = CSVLocateVisitor(p: p, forced: forced, decimalComma: decimalComma, nulls: nulls)
            v.thousands = options.thousands
            v.datePattern = forcedDatePattern
            let r = CSVScanner.scan(
                p, count: end, from: range.lowerBound, limit: range.upperBound,
                columns: columnCount, dialect: dialect, visitor: &v, cancel: cancel)
            if let (column, f) = v.failure, let t = forced[column] {
                let value = ReadErrorText.quoteForMessage(CSVScanner.valueBytes(p, f))
                throw .badFile(
                    path: name, message: "column \"\(names[column])\": \(value) is not a valid \(t.rawValue)",
                    line: line(f.rawStart))
            }
            if let failure = r.failure { throw error(failure) }
        }
    }
}
