/// How to split records into fields: the delimiter and the two byte-class
/// tables the scanner runs on.
struct CSVDialect {
    /// nil: one column per record (no delimiter found).
    let delimiter: UInt8?
    /// Classes outside quotes: the delimiter, CR and LF stop the field.
    let scanTable: [UInt8]
    /// Classes inside quotes: only `"` stops.
    let contentTable: [UInt8]

    init(delimiter: UInt8?) {
        self.delimiter = delimiter
        var scan = (0..<256).map { CSVByteClass.natural(UInt8($0)) }
        var content = scan
        scan[0x0A] = CSVByteClass.stop
        scan[0x0D] = CSVByteClass.stop
        if let delimiter { scan[Int(delimiter)] = CSVByteClass.stop }
        content[0x0A] = CSVByteClass.other
        content[0x0D] = CSVByteClass.other
        content[0x22] = CSVByteClass.stop
        scanTable = scan
        contentTable = content
    }
}

/// One field as the scanner found it.
struct CSVField {
    /// The content (inside the quotes for a quoted field). Only the value
    /// when `needsDecode` is false.
    var start: Int
    var end: Int
    /// The field as written, quotes included; ends at the delimiter or record end.
    var rawStart: Int
    var rawEnd: Int
    /// OR of the content's byte classes.
    var acc: UInt8
    /// Has `""` escapes or text after the closing quote: decode `rawStart..<rawEnd`.
    var needsDecode: Bool

    @inline(__always) var length: Int { end - start }
}

/// Receives the fields of each record.
protocol CSVFieldVisitor {
    /// Field `column` of the current record. Return false to stop the scan.
    mutating func field(_ column: Int, _ f: CSVField) -> Bool
    /// The record ended with `fields` fields.
    mutating func endRecord(fields: Int)
}

enum CSVScanFailure: Error, Equatable {
    /// A quoted field starting at `offset` has no closing quote.
    case unterminatedQuote(offset: Int)
    /// The record starting at `offset` has `found` fields.
    case ragged(offset: Int, found: Int)
    /// The visitor stopped the scan (it keeps the details).
    case visitor
    case cancelled
}

struct CSVScanResult {
    /// Where the next record starts.
    var end: Int
    var rows: Int
    var failure: CSVScanFailure?
}

/// The RFC 4180 record/field state machine over raw bytes.
///
/// - Fields may be quoted; `""` inside quotes is one quote; delimiters, CR
///   and LF inside quotes are data. A `"` that does not start a field is an
///   ordinary byte (`ab"c` is kept as is); text after a closing quote is kept
///   too (`"ab"c` reads `abc`).
/// - Records end at LF, CRLF or a lone CR; the last one may lack an end.
/// - An empty line is no record when there is more than one column (with one
///   column it is a null value).
/// - Iterative, no recursion; each byte is looked at a bounded number of times.
enum CSVScanner {
    static let lf: UInt8 = 0x0A
    static let cr: UInt8 = 0x0D
    static let quote: UInt8 = 0x22

    /// Scans records that start in `from..<limit`; a record that starts
    /// before `limit` is read to its end even past `limit` (up to `n`).
    ///
    /// - Parameters:
    ///   - columns: expected fields per record; fields past it are counted but not visited.
    ///   - checkColumns: fail on a record whose field count differs from `columns`.
    ///   - maxRecords: stop after this many records.
    /// - Complexity: O(bytes scanned).
    static func scan<V: CSVFieldVisitor>(
        _ p: UnsafePointer<UInt8>, count n: Int, from: Int, limit: Int,
        columns: Int, checkColumns: Bool = true, maxRecords: Int = .max,
        dialect: CSVDialect, visitor: inout V, cancel: CancellationToken
    ) -> CSVScanResult {
        let delimiter = dialect.delimiter.map { Int($0) } ?? -1
        let skipBlankLines = columns > 1
        return dialect.scanTable.withUnsafeBufferPointer { st -> CSVScanResult in
            dialect.contentTable.withUnsafeBufferPointer { ct -> CSVScanResult in
                guard let stab = st.baseAddress, let ctab = ct.baseAddress else {
                    return CSVScanResult(end: from, rows: 0, failure: nil)
                }
                let stop = CSVByteClass.stop
                var pos = from
                var rows = 0
                while pos < limit, rows < maxRecords {
                    let recordStart = pos
                    let first = p[pos]
                    if skipBlankLines, first == lf || first == cr {
                        pos += 1
                        if first == cr, pos < n, p[pos] == lf { pos += 1 }
                        continue
                    }
                    var col = 0
                    while true {
                        let rawStart = pos
                        var acc: UInt8 = 0
                        var cStart = pos
                        var cEnd = pos
                        var needsDecode = false
                        if pos < n, p[pos] == quote {
                            pos += 1
                            cStart = pos
                            while true {
                                while pos < n {
                                    let c = ctab[Int(p[pos])]
                                    if c >= stop { break }
                                    acc |= c
                                    pos += 1
                                }
                                if pos >= n {
                                    return CSVScanResult(end: pos, rows: rows, failure: .unterminatedQuote(offset: rawStart))
                                }
                                // At a quote: doubled is one quote, else the closing quote.
                                if pos + 1 < n, p[pos + 1] == quote {
                                    needsDecode = true
                                    acc |= CSVByteClass.other
                                    pos += 2
                                    continue
                                }
                                break
                            }
                            cEnd = pos
                            pos += 1
                            if pos < n, stab[Int(p[pos])] < stop {
                                // Text after the closing quote: kept literally.
                                needsDecode = true
                                acc |= CSVByteClass.other
                                while pos < n, stab[Int(p[pos])] < stop { pos += 1 }
                            }
                        } else {
                            while pos < n {
                                let c = stab[Int(p[pos])]
                                if c >= stop { break }
                                acc |= c
                                pos += 1
                            }
                            cEnd = pos
                        }
                        if col < columns {
                            let f = CSVField(start: cStart, end: cEnd, rawStart: rawStart, rawEnd: pos,
                                             acc: acc, needsDecode: needsDecode)
                            if !visitor.field(col, f) {
                                return CSVScanResult(end: pos, rows: rows, failure: .visitor)
                            }
                        }
                        col += 1
                        if pos < n {
                            let b = p[pos]
                            pos += 1
                            if Int(b) == delimiter { continue }
                            if b == cr, pos < n, p[pos] == lf { pos += 1 }
                        }
                        break
                    }
                    if checkColumns, col != columns {
                        return CSVScanResult(end: pos, rows: rows, failure: .ragged(offset: recordStart, found: col))
                    }
                    visitor.endRecord(fields: col)
                    rows += 1
                    if rows & 0xFFFF == 0, cancel.isCancelled {
                        return CSVScanResult(end: pos, rows: rows, failure: .cancelled)
                    }
                }
                return CSVScanResult(end: pos, rows: rows, failure: nil)
            }
        }
    }

    /// The value of a field that needs decoding: `""` → `"`, text after the
    /// closing quote appended as is.
    static func decode(_ p: UnsafePointer<UInt8>, _ f: CSVField, into out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        var i = f.rawStart
        let end = f.rawEnd
        if i < end, p[i] == quote {
            i += 1
            while i < end {
                let b = p[i]
                if b == quote {
                    if i + 1 < end, p[i + 1] == quote {
                        out.append(quote)
                        i += 2
                        continue
                    }
                    i += 1
                    break
                }
                out.append(b)
                i += 1
            }
        }
        while i < end {
            out.append(p[i])
            i += 1
        }
    }

    /// The bytes of a field's value (decoded when needed, else the content).
    static func valueBytes(_ p: UnsafePointer<UInt8>, _ f: CSVField) -> [UInt8] {
        if f.needsDecode {
            var out = [UInt8]()
            decode(p, f, into: &out)
            return out
        }
        return Array(UnsafeBufferPointer(start: p + f.start, count: f.length))
    }
}
