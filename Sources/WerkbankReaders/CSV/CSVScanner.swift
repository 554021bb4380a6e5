import CByteScan
import WerkbankEngine

/// How to split records into fields.
struct CSVDialect {
    /// nil: one column per record (no delimiter found).
    let delimiter: UInt8?

    init(delimiter: UInt8?) {
        self.delimiter = delimiter
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
    /// A quoted field ran past `quoteLimit` (a speculative chunk parse that
    /// most likely started inside quotes; the caller re-parses).
    case overrun
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
    ///   - lastWanted: the last column the visitor wants (the fast path only counts later ones).
    ///   - quoteFree: the text holds no `"` (from `from` to the end of the last record).
    ///   - crFree: the text holds no CR (idem).
    ///   - quoteLimit: a quoted field that runs to here fails with `.overrun`.
    /// - Complexity: O(bytes scanned).
    static func scan<V: CSVFieldVisitor>(
        _ p: UnsafePointer<UInt8>, count n: Int, from: Int, limit: Int,
        columns: Int, checkColumns: Bool = true, maxRecords: Int = .max,
        lastWanted: Int = .max, quoteFree: Bool = false, crFree: Bool = false, quoteLimit: Int? = nil,
        dialect: CSVDialect, visitor: inout V, cancel: CancellationToken
    ) -> CSVScanResult {
        let quoteEnd = min(n, quoteLimit ?? n)
        if quoteFree {
            return scanPlain(
                p, count: n, from: from, limit: limit, columns: columns, checkColumns: checkColumns,
                maxRecords: maxRecords, lastWanted: lastWanted, crFree: crFree, dialect: dialect,
                visitor: &visitor, cancel: cancel)
        }
        // Without a delimiter, LF stands in for it in the word search (it
        // ends the field anyway); `delimiter` then never matches a byte.
        let delimiterByte = dialect.delimiter ?? lf
        let delimiter = dialect.delimiter.map { Int($0) } ?? -1
        let delimiterPattern = 0x0101_0101_0101_0101 &* UInt64(delimiterByte)
        let skipBlankLines = columns > 1
        var pos = from
        var rows = 0
        var released = from
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
                var cStart = pos
                var cEnd = pos
                var needsDecode = false
                if pos < n, p[pos] == quote {
                    pos += 1
                    cStart = pos
                    while true {
                        pos = findQuote(p, from: pos, count: quoteEnd)
                        if pos >= quoteEnd {
                            let failure: CSVScanFailure = quoteEnd < n ? .overrun : .unterminatedQuote(offset: rawStart)
                            return CSVScanResult(end: pos, rows: rows, failure: failure)
                        }
                        // At a quote: doubled is one quote, else the closing quote.
                        if pos + 1 < n, p[pos + 1] == quote {
                            needsDecode = true
                            pos += 2
                            continue
                        }
                        break
                    }
                    cEnd = pos
                    pos += 1
                    if pos < n {
                        let b = p[pos]
                        if Int(b) != delimiter, b != lf, b != cr {
                            // Text after the closing quote: kept literally.
                            needsDecode = true
                            pos = findStop(p, from: pos, count: n, delimiter: delimiter, pattern: delimiterPattern)
                        }
                    }
                } else {
                    pos = findStop(p, from: pos, count: n, delimiter: delimiter, pattern: delimiterPattern)
                    cEnd = pos
                }
                if col < columns {
                    let f = CSVField(start: cStart, end: cEnd, rawStart: rawStart, rawEnd: pos, needsDecode: needsDecode)
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
            if rows & 0xFFFF == 0 {
                if cancel.isCancelled { return CSVScanResult(end: pos, rows: rows, failure: .cancelled) }
                // The pages of a mapped file behind the scan go back to the system.
                MappedPages.release(p, released..<pos)
                released = pos
            }
        }
        return CSVScanResult(end: pos, rows: rows, failure: nil)
    }

    /// `scan` for text without any `"`: every field ends at the next
    /// delimiter or line end, found through `CSVStopCursor` bitmasks (64
    /// bytes at a time) instead of a loop per field. Same records, same
    /// fields, same errors as `scan`.
    static func scanPlain<V: CSVFieldVisitor>(
        _ p: UnsafePointer<UInt8>, count n: Int, from: Int, limit: Int,
        columns: Int, checkColumns: Bool, maxRecords: Int, lastWanted: Int, crFree: Bool,
        dialect: CSVDialect, visitor: inout V, cancel: CancellationToken
    ) -> CSVScanResult {
        // Most files end lines with LF alone: then CR needs no test.
        var cursor = CSVStopCursor(p, count: n, from: from, delimiter: dialect.delimiter, lineEndsWithCR: !crFree)
        // Past the last column the visitor wants, a record is only counted.
        let skipTail = dialect.delimiter != nil && lastWanted < columns - 1
        let skipBlankLines = columns > 1
        var pos = from
        var rows = 0
        var released = from
        while pos < limit, rows < maxRecords {
            let recordStart = pos
            var (e, isLine) = cursor.next()
            if skipBlankLines, isLine, e == pos {
                // An empty line: no record.
                pos = e + 1
                if e < n, p[e] == cr, pos < n, p[pos] == lf {
                    _ = cursor.next()
                    pos += 1
                }
                continue
            }
            var col = 0
            while true {
                if col < columns {
                    let f = CSVField(start: pos, end: e, rawStart: pos, rawEnd: e, needsDecode: false)
                    if !visitor.field(col, f) {
                        return CSVScanResult(end: e, rows: rows, failure: .visitor)
                    }
                }
                col += 1
                if !isLine {
                    pos = e + 1
                    if skipTail, col > lastWanted {
                        let (lineEnd, delimiters) = cursor.skipToLineEnd()
                        col += delimiters + 1
                        e = lineEnd
                    } else {
                        (e, isLine) = cursor.next()
                        continue
                    }
                }
                // The record ends at e (a CR, LF or the end of the text).
                if e < n {
                    pos = e + 1
                    if p[e] == cr, pos < n, p[pos] == lf {
                        _ = cursor.next()
                        pos += 1
                    }
                } else {
                    pos = n
                }
                break
            }
            if checkColumns, col != columns {
                return CSVScanResult(end: pos, rows: rows, failure: .ragged(offset: recordStart, found: col))
            }
            visitor.endRecord(fields: col)
            rows += 1
            if rows & 0xFFFF == 0 {
                if cancel.isCancelled { return CSVScanResult(end: pos, rows: rows, failure: .cancelled) }
                // The pages of a mapped file behind the scan go back to the system.
                MappedPages.release(p, released..<pos)
                released = pos
            }
        }
        return CSVScanResult(end: pos, rows: rows, failure: nil)
    }

    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highs: UInt64 = 0x8080_8080_8080_8080

    /// The first position at or after `from` holding the delimiter, CR or LF
    /// (or `n`). Eight bytes at a time: candidates are bytes equal to the
    /// delimiter or below 0x10 (CR, LF, tab, …), each checked exactly. The
    /// bit tricks can flag extra bytes above a real hit, never miss one.
    @inline(__always)
    static func findStop(_ p: UnsafePointer<UInt8>, from: Int, count n: Int, delimiter: Int, pattern: UInt64) -> Int {
        var i = from
        let raw = UnsafeRawPointer(p)
        while i + 8 <= n {
            let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let x = w ^ pattern
            var m = ((x &- ones) & ~x | (w &- ones &* 0x10) & ~w) & highs
            while m != 0 {
                let k = i + (m.trailingZeroBitCount >> 3)
                let b = p[k]
                if Int(b) == delimiter || b == lf || b == cr { return k }
                m &= m &- 1
            }
            i += 8
        }
        while i < n {
            let b = p[i]
            if Int(b) == delimiter || b == lf || b == cr { return i }
            i += 1
        }
        return n
    }

    /// The first `"` at or after `from` (or `n`).
    @inline(__always)
    static func findQuote(_ p: UnsafePointer<UInt8>, from: Int, count n: Int) -> Int {
        var i = from
        let raw = UnsafeRawPointer(p)
        let pattern = ones &* UInt64(quote)
        while i + 8 <= n {
            let x = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ pattern
            let m = (x &- ones) & ~x & highs
            if m != 0 { return i + (m.trailingZeroBitCount >> 3) }
            i += 8
        }
        while i < n {
            if p[i] == quote { return i }
            i += 1
        }
        return n
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

/// The positions of delimiters and line ends (CR, LF) in order, from
/// bitmasks over 64-byte blocks, sixteen bytes compared with the stop bytes
/// at once (`werkbank_stops64` in CByteScan). Only for text without quotes
/// (every such byte is a stop).
struct CSVStopCursor {
    let p: UnsafePointer<UInt8>
    let n: Int
    /// The delimiter and the CR byte looked for; '\n' stands in for one
    /// the text has not.
    let delimiter: UInt8
    let cr: UInt8
    /// Bit i of `stops` / `lines`: byte `base + i` is a stop / a line end.
    var base: Int
    var stops: UInt64 = 0
    var lines: UInt64 = 0

    init(_ p: UnsafePointer<UInt8>, count n: Int, from: Int, delimiter: UInt8?, lineEndsWithCR: Bool) {
        self.p = p
        self.n = n
        self.delimiter = delimiter ?? 0x0A
        cr = lineEndsWithCR ? 0x0D : 0x0A
        base = from
        load(from)
    }

    @inline(never) mutating func load(_ start: Int) {
        base = start
        var s: UInt64 = 0
        var l: UInt64 = 0
        if start + 64 <= n {
            s = werkbank_stops64(p + start, delimiter, cr, &l)
        } else {
            var i = start
            while i < n {
                let b = p[i]
                let bit: UInt64 = 1 << UInt64(i - start)
                if b == 0x0A || b == cr {
                    l |= bit
                    s |= bit
                } else if b == delimiter {
                    s |= bit
                }
                i += 1
            }
        }
        stops = s
        lines = l
    }

    /// The next stop and whether it ends a line; `(n, true)` past the end.
    @inline(__always) mutating func next() -> (Int, Bool) {
        while stops == 0 {
            if base + 64 >= n { return (n, true) }
            load(base + 64)
        }
        let k = stops.trailingZeroBitCount
        let bit: UInt64 = 1 << UInt64(k)
        let isLine = lines & bit != 0
        stops &= stops &- 1
        lines &= stops
        return (base + k, isLine)
    }

    /// Skips to the next line end: its position (or `n`) and the number of
    /// delimiters passed.
    @inline(__always) mutating func skipToLineEnd() -> (Int, Int) {
        var delimiters = 0
        while true {
            if lines != 0 {
                let k = lines.trailingZeroBitCount
                let bit: UInt64 = 1 << UInt64(k)
                delimiters += (stops & (bit &- 1)).nonzeroBitCount
                stops &= ~(bit | (bit &- 1))
                lines &= stops
                return (base + k, delimiters)
            }
            delimiters += stops.nonzeroBitCount
            if base + 64 >= n {
                stops = 0
                return (n, delimiters)
            }
            load(base + 64)
        }
    }
}
