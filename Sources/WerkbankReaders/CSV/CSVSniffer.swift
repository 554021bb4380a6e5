import WerkbankEngine

/// The decisions taken before the full parse: where the data starts and
/// ends, the delimiter, and the column names.
enum CSVSniffer {
    static let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t"), UInt8(ascii: "|")]
    static let sampleRecords = 50

    @inline(__always) static func isSpace(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D
    }

    /// The part of the buffer that holds records: leading empty lines and
    /// trailing lines of only whitespace are dropped. nil when nothing is left.
    static func dataRange(_ p: UnsafePointer<UInt8>, count n: Int) -> Range<Int>? {
        var last = n
        while last > 0, isSpace(p[last - 1]) { last -= 1 }
        if last == 0 { return nil }
        // Keep the rest of the last line with content (its trailing spaces are data).
        var end = last
        while end < n, p[end] != 0x0A, p[end] != 0x0D { end += 1 }
        var start = 0
        while start < end, p[start] == 0x0A || p[start] == 0x0D { start += 1 }
        return start..<end
    }

    /// Counts the fields of the first records.
    private struct CountVisitor: CSVFieldVisitor {
        let p: UnsafePointer<UInt8>
        var counts: [Int] = []
        var sawDecimalComma = false
        mutating func field(_ column: Int, _ f: CSVField) -> Bool {
            if !sawDecimalComma, !f.needsDecode, CSVKind.classify(p, f.start, f.length) == CSVKind.floatComma {
                sawDecimalComma = true
            }
            return true
        }
        mutating func endRecord(fields: Int) { counts.append(fields) }
    }

    /// Picks among `,` `;` tab `|` the delimiter that gives the most records
    /// with the same field count (> 1) in the first 50 records, quotes
    /// respected. Ties: `;` over `,` when the `;` fields hold decimal-comma
    /// numbers, else the order above. nil: no delimiter (one column).
    static func sniffDelimiter(_ p: UnsafePointer<UInt8>, count n: Int, from: Int, cancel: CancellationToken) -> UInt8? {
        var best: (delimiter: UInt8, score: Int, decimalComma: Bool)?
        for d in candidates {
            var v = CountVisitor(p: p)
            _ = CSVScanner.scan(
                p, count: n, from: from, limit: n, columns: Int.max, checkColumns: false,
                maxRecords: sampleRecords, dialect: CSVDialect(delimiter: d), visitor: &v, cancel: cancel)
            var frequency: [Int: Int] = [:]
            for c in v.counts { frequency[c, default: 0] += 1 }
            guard let mode = frequency.max(by: { a, b in a.value != b.value ? a.value < b.value : a.key < b.key }),
                mode.key > 1
            else { continue }
            if let b = best {
                let tieToSemicolon =
                    mode.value == b.score && d == UInt8(ascii: ";")
                    && b.delimiter == UInt8(ascii: ",") && v.sawDecimalComma
                if mode.value > b.score || tieToSemicolon {
                    best = (d, mode.value, v.sawDecimalComma)
                }
            } else {
                best = (d, mode.value, v.sawDecimalComma)
            }
        }
        return best?.delimiter
    }

    /// Collects the raw ranges of one record's fields.
    struct RecordVisitor: CSVFieldVisitor {
        var fields: [CSVField] = []
        mutating func field(_ column: Int, _ f: CSVField) -> Bool {
            fields.append(f)
            return true
        }
        mutating func endRecord(fields: Int) {}
    }

    /// The fields of the record at `from`, and where the next record starts.
    static func firstRecord(
        _ p: UnsafePointer<UInt8>, count n: Int, from: Int, dialect: CSVDialect,
        cancel: CancellationToken
    ) -> (fields: [CSVField], end: Int, failure: CSVScanFailure?) {
        var v = RecordVisitor()
        let r = CSVScanner.scan(
            p, count: n, from: from, limit: n, columns: Int.max, checkColumns: false,
            maxRecords: 1, dialect: dialect, visitor: &v, cancel: cancel)
        return (v.fields, r.end, r.failure)
    }

    /// A header cell as a name: decoded, surrounding spaces and tabs removed.
    static func headerText(_ p: UnsafePointer<UInt8>, _ f: CSVField) -> String {
        var bytes = CSVScanner.valueBytes(p, f)[...]
        while let b = bytes.first, b == 0x20 || b == 0x09 { bytes = bytes.dropFirst() }
        while let b = bytes.last, b == 0x20 || b == 0x09 { bytes = bytes.dropLast() }
        return String(decoding: bytes, as: UTF8.self)
    }
}
