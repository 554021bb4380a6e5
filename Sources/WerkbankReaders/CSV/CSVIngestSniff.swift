import WerkbankEngine

/// Decides how a SQL engine should read a delimited text file
/// (`CSVIngestDecisions`) without reading the file whole: werkbank's own
/// reader (`CSVFile`: title lines, delimiter, decimal comma, encoding,
/// header, names, types, thousands, day-first dates, "." and "x") reads a
/// head sample, and the footnote rule of `CSVPreamble` looks at a tail
/// sample. A file no larger than both samples is read whole, so its
/// decisions are exactly those of `load "FILE"`.
///
/// The rules (a contract the tests check):
/// - The head sample is the first 8 MB, cut after the last record that
///   ends in it (a newline outside quotes); the tail sample is the last
///   256 KB from its first line start.
/// - Types, the decimal separator, the header and the columns' conversions
///   come from the head sample: a later value that does not fit makes the
///   engine's read fail (one the engine reads leniently, `0599` as an int,
///   is read so: docs/language.md, "load … into").
/// - Encoding: the head sample decides; text in the tail sample that is
///   not UTF-8 makes the file Windows-1252 (as one invalid byte anywhere
///   does for `load`).
/// - What `load` takes for another format (an xlsx workbook named .csv), or
///   refuses (empty, binary), is refused; so are UTF-16 and UTF-32 files,
///   pipes and one-column files.
public enum CSVIngestSniff {
    public static let headBytes = 8 << 20
    public static let tailBytes = 256 << 10

    public static func decide(
        path: String, options: CSVOptions, skip: Int?, cancel: CancellationToken
    ) throws(EngineError) -> CSVIngestDecisions {
        let file = try InputFile(path: path)
        guard file.kind == .regular else {
            throw .unreadable(
                path: path, message: "a pipe cannot be loaded into a SQL engine (the engine reads the file itself)",
                hint: "save it to a file first, or load it without into")
        }
        let size = file.size
        let whole = size <= headBytes + tailBytes
        let headRaw = try file.bytes(at: 0, count: whole ? size : headBytes)
        let tailStart = whole ? size : size - tailBytes
        let tailRaw = whole ? [] : try file.bytes(at: tailStart, count: tailBytes)
        try file.checkUnchanged()
        try cancel.check()
        // What `load` would take the file for: empty, binary, a workbook named .csv.
        let identified = try LoadFormats.identify(
            .file(path: path), named: CSVFormat.format, options: LoadOptions(),
            head: Array(headRaw.prefix(LoadFormats.leadingBytes)), total: size)
        guard identified == CSVFormat.format else {
            throw .unreadable(
                path: path, message: "it is \(identified.name), not delimited text; only CSV can be loaded into a SQL engine",
                hint: "load it in memory, then save it into the connection")
        }

        let wide = headRaw.withUnsafeBufferPointer { WideText.encoding($0, forced: options.encoding) }
        if let wide {
            throw .unreadable(
                path: path, message: "the file is \(wide.rawValue.uppercased()); a SQL engine is told UTF-8 or Windows-1252 only",
                hint: "convert it first, e.g. iconv -f \(wide.rawValue.uppercased()) -t UTF-8")
        }
        let head = whole ? headRaw[...] : try completeRecords(headRaw, path: path)
        // The tail from its first line start (its first line may be cut).
        let tail: ArraySlice<UInt8> = tailRaw.firstIndex(of: 0x0A).map { tailRaw[($0 + 1)...] } ?? []
        let tailOffset = tailStart + (tailRaw.count - tail.count)

        var options = options
        if options.encoding == nil, !whole, !tail.isEmpty,
            tail.withUnsafeBufferPointer({ TextDecoding.firstInvalidUTF8($0) }) != nil,
            head.withUnsafeBufferPointer({ TextDecoding.firstInvalidUTF8($0) }) == nil
        {
            options.encoding = .windows1252
        }

        return try head.withUnsafeBufferPointer { (b) throws(EngineError) -> CSVIngestDecisions in
            let (table, decisions, trim) = try CSVFile.read(buffer: b, name: path, options: options, skip: skip, cancel: cancel)
            guard table.fields.count > 1 else {
                throw .unreadable(
                    path: path, message: "a file of one column cannot be loaded into a SQL engine (no delimiter found)",
                    hint: "give delimiter=\"…\" if it has one, or load it without into")
            }
            let range = CSVPreamble.tableRange(b, delimiter: options.delimiter, skip: skip)
            let dialect = CSVDialect(delimiter: decisions.delimiter)
            // The first data record: past the BOM and leading blank lines, then the header.
            var start = range.start
            if start == 0, TextDecoding.hasBOM(b) { start = 3 }
            while start < b.count, b[start] == 0x0A || b[start] == 0x0D { start += 1 }
            if decisions.header, let p = b.baseAddress {
                start = CSVSniffer.firstRecord(p, count: b.count, from: start, dialect: dialect, cancel: cancel).end
            }
            let linesBefore = b[..<start].reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }

            // The end of the data, and the footnotes after it.
            let fields = table.fields.count
            var footnoteBytes: ArraySlice<UInt8> = []
            var dataEnd: Int
            if whole {
                dataEnd = contentEnd(b, from: start, to: max(start, range.end))
                footnoteBytes = headRaw[max(start, range.end)...]
            } else {
                let (end, _) = tail.withUnsafeBufferPointer {
                    CSVPreamble.footEnd($0, from: 0, delimiter: decisions.delimiter, fields: fields)
                }
                dataEnd = tail.withUnsafeBufferPointer { contentEnd($0, from: 0, to: end) } + tailOffset
                footnoteBytes = tail[(tail.startIndex + end)...]
            }
            let footnotes = footnoteFields(footnoteBytes, encoding: decisions.encoding, dialect: dialect, cancel: cancel)

            let samples = [headRaw[start...], tail]
            let specials =
                decisions.encoding == .windows1252 && samples.contains { $0.contains { $0 >= 0x80 && $0 <= 0x9F } }
            let blankLines = hasBlankLine(b, from: start, to: whole ? dataEnd : b.count)
            var columns = columns(table, decisions: decisions, trim: trim, options: options)
            for k in quotedEmpties(b, from: start, to: whole ? dataEnd : b.count, dialect: dialect, columns: fields, cancel: cancel) {
                columns[k].quotedEmpty = true
            }

            let fallbacks = (decisions.dateColumns + decisions.textColumns.map(\.description)).map { "; " + $0 }
            return CSVIngestDecisions(
                path: path,
                summary: CSVFormat.describe(decisions) + CSVFormat.describe(trim) + fallbacks.joined(),
                encoding: decisions.encoding, delimiter: decisions.delimiter,
                decimalComma: decisions.decimalComma, header: decisions.header,
                titleLines: trim.titleLines, skippedLines: trim.skippedLines,
                dataStart: start, linesBeforeData: linesBefore, dataEnd: max(start, dataEnd), fileSize: size,
                footnotes: footnotes,
                columns: columns,
                nullValues: options.nullValues, windows1252Specials: specials,
                blankLinesInData: blankLines, repeatedHeaders: decisions.repeatedHeaders, sampledWhole: whole)
        }
    }

    /// Each column with the conversions the reader applied to it.
    static func columns(_ table: Table, decisions: CSVDecisions, trim: CSVTrim, options: CSVOptions) -> [CSVIngestColumn] {
        let markers = CSVFile.markers.filter { !options.nullValues.contains($0) }
        return table.fields.map { field in
            var c = CSVIngestColumn(name: field.name, type: field.type, forced: options.types[field.name] != nil)
            if field.type == .int || field.type == .float {
                c.thousands = options.thousands ?? decisions.thousandsFound.first { $0.column == field.name }?.separator
            }
            // The "." rule reads both markers in such a column, wherever they appear.
            if trim.dotNullColumns.contains(field.name) { c.nullMarkers = markers }
            if field.type == .date {
                if let found = decisions.datesFound.first(where: { $0.column == field.name }) {
                    c.dateLayout = found.layout
                } else if c.forced {
                    c.dateLayout = options.dateFormat ?? "d-m-yyyy"
                    c.isoDatesToo = true
                }
            }
            return c
        }
    }

    /// The head sample up to the end of its last complete record: the last
    /// newline with an even number of quotes before it.
    static func completeRecords(_ bytes: [UInt8], path: String) throws(EngineError) -> ArraySlice<UInt8> {
        var quoted = false
        var lastEnd: Int?
        for (i, c) in bytes.enumerated() {
            if c == 0x22 { quoted.toggle() } else if c == 0x0A, !quoted { lastEnd = i }
        }
        guard let lastEnd else {
            throw .unreadable(
                path: path, message: "no record ends in the first \(headBytes >> 20) MB",
                hint: "check the file's quotes and line ends, or load it without into")
        }
        return bytes[...lastEnd]
    }

    /// The end of the last line with content in `from..<to` (its trailing
    /// spaces are data), as `CSVSniffer.dataRange` keeps it.
    static func contentEnd(_ b: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int {
        guard to > from, let p = b.baseAddress,
            let r = CSVSniffer.dataRange(p + from, count: to - from)
        else { return from }
        return from + r.upperBound
    }

    /// Whether an empty line lies between records in `from..<to` (quotes respected).
    static func hasBlankLine(_ b: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Bool {
        var quoted = false
        var lineEmpty = true
        var i = from
        while i < to {
            let c = b[i]
            if c == 0x22 {
                quoted.toggle(); lineEmpty = false
            } else if !quoted {
                if c == 0x0A {
                    if lineEmpty { return true }
                    lineEmpty = true
                } else if c != 0x0D {
                    lineEmpty = false
                }
            }
            i += 1
        }
        return false
    }

    /// The columns in which the records of `from..<to` hold `""`.
    static func quotedEmpties(
        _ b: UnsafeBufferPointer<UInt8>, from: Int, to: Int, dialect: CSVDialect, columns: Int, cancel: CancellationToken
    ) -> [Int] {
        guard let p = b.baseAddress, to > from else { return [] }
        var v = QuotedEmptyVisitor(found: [Bool](repeating: false, count: columns))
        _ = CSVScanner.scan(
            p, count: to, from: from, limit: to, columns: columns, checkColumns: false, dialect: dialect,
            visitor: &v, cancel: cancel)
        return v.found.indices.filter { v.found[$0] }
    }

    struct QuotedEmptyVisitor: CSVFieldVisitor {
        var found: [Bool]
        mutating func field(_ column: Int, _ f: CSVField) -> Bool {
            if f.length == 0, f.rawEnd - f.rawStart >= 2, column < found.count { found[column] = true }
            return true
        }
        mutating func endRecord(fields: Int) {}
    }

    /// The footnote lines' fields in UTF-8, blank lines left out.
    static func footnoteFields(
        _ bytes: ArraySlice<UInt8>, encoding: TextEncoding, dialect: CSVDialect, cancel: CancellationToken
    ) -> [[String]] {
        var out: [[String]] = []
        for line in bytes.split(separator: 0x0A) {
            var raw = Array(line)
            if raw.last == 0x0D { raw.removeLast() }
            if raw.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            let text = encoding == .windows1252 ? raw.withUnsafeBufferPointer { TextDecoding.transcodeWindows1252($0) } : raw
            text.withUnsafeBufferPointer { t in
                guard let p = t.baseAddress else { return }
                let record = CSVSniffer.firstRecord(p, count: t.count, from: 0, dialect: dialect, cancel: cancel)
                out.append(record.fields.map { String(decoding: CSVScanner.valueBytes(p, $0), as: UTF8.self) })
            }
        }
        return out
    }
}
