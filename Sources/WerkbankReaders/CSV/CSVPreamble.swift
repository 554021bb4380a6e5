import WerkbankEngine

/// Lines around the table that the CSV reader should not see: what a
/// statistics export (CBS StatLine) puts above and below its table.
public struct CSVTrim: Sendable, Equatable {
    /// Title lines found above the header (blank lines among them counted too).
    public var titleLines = 0
    /// Footnote lines found below the table ("Bron: CBS"), blank lines counted too.
    public var footnoteLines = 0
    /// Lines skipped because `skip=N` said so.
    public var skippedLines = 0
    /// Columns in which "." (CBS: unknown) was read as null, making them numeric.
    public var dotNullColumns: [String] = []
    /// Which of the markers ("." and "x") were read as null there, in that order.
    public var nullMarkers: [String] = []
    public init() {}
}

/// Finds the table inside a CSV file: the byte range from the header to the
/// last row, leaving out title lines above and footnote lines below. The CSV
/// reader then reads only that range, unchanged.
///
/// The rules (a contract the tests check):
/// - Title lines: at most 10 records before the header, each blank or a
///   single field with a letter in it (`"Bevolking; kerncijfers"` is one
///   quoted field), or a "padded" title (`"Titel";;;`: only the first field
///   filled, a letter in it) when the header after it fills every field. The
///   table must then run on with one field count (at least 2) to the end of
///   the first 64 records. Anything else is left to the CSV reader, which
///   reports a record of another field count as an error, as always.
/// - Footnote lines: at most 30 lines at the end, each blank or a single
///   field with a letter in it ("Bron: CBS", "© CBS, Den Haag/Heerlen"), after
///   a line with the table's field count. A padded footnote (`"Bron: CBS";;;`)
///   counts only after a blank line or when it starts with Bron, Source, ©,
///   Copyright, Verklaring, Toelichting or `*`. Lines with quotes left open
///   are never footnotes.
/// - `skip=N` drops the first N lines and turns the title sniffing off.
enum CSVPreamble {
    struct Record {
        var start: Int
        var end: Int
        var fields: Int
        var nonEmpty: Int
        var firstOnly: Bool
        var letter: Bool
        var blank: Bool { nonEmpty == 0 }
    }

    struct Range {
        var start: Int
        var end: Int
        var trim = CSVTrim()
        /// Lines before `start` (for error line numbers).
        var linesBefore = 0
    }

    static let delimiters: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), 0x09, UInt8(ascii: "|")]

    static func tableRange(_ b: UnsafeBufferPointer<UInt8>, delimiter forced: UInt8?, skip: Int?) -> Range {
        var from = TextDecoding.hasBOM(b) ? 3 : 0
        var range = Range(start: 0, end: b.count)
        if let skip, skip > 0 {
            var lines = 0
            while lines < skip, from < b.count {
                guard let nl = index(of: 0x0A, in: b, from: from) else { from = b.count; break }
                from = nl + 1
                lines += 1
            }
            range.trim.skippedLines = lines
            range.linesBefore = lines
        }
        // Records of the head, for each delimiter that might be the one.
        var best: (delimiter: UInt8, start: Int, count: Int, run: Int, records: [Record])?
        for d in forced.map({ [$0] }) ?? delimiters {
            let records = head(b, from: from, delimiter: d)
            guard let (start, count, run) = tableStart(records) else { continue }
            if best == nil || run > best!.run || (run == best!.run && count > best!.count) {
                best = (d, start, count, run, records)
            }
        }
        guard let best else {
            range.start = from
            return range
        }
        var start = 0
        if skip == nil || skip == 0 {
            start = titleEnd(best.records, tableStart: best.start, fields: best.count)
            range.trim.titleLines = start
        }
        range.start = start < best.records.count ? best.records[start].start : from
        if start > 0 { range.linesBefore += lineCount(b, from, range.start) }
        if range.start == from, range.trim.skippedLines == 0 { range.start = 0 }  // nothing trimmed: keep the BOM
        let (end, footnotes) = footEnd(b, from: range.start, delimiter: best.delimiter, fields: best.count)
        range.end = end
        range.trim.footnoteLines = footnotes
        return range
    }

    /// Up to 64 complete records (or 256 KB) from `from`.
    static func head(_ b: UnsafeBufferPointer<UInt8>, from: Int, delimiter d: UInt8) -> [Record] {
        var out: [Record] = []
        var i = from
        let limit = min(b.count, from + (256 << 10))
        while i < limit, out.count < 64 {
            var fields = 1, nonEmpty = 0, firstOnly = true, letter = false
            var quoted = false, fieldHasContent = false
            let start = i
            var complete = false
            while i < limit {
                let c = b[i]
                if quoted {
                    if c == 0x22 {
                        if i + 1 < b.count, b[i + 1] == 0x22 { i += 2; fieldHasContent = true; continue }
                        quoted = false
                    } else {
                        fieldHasContent = true
                        if isLetter(c) { letter = true }
                    }
                    i += 1
                    continue
                }
                if c == 0x0A { complete = true; break }
                if c == 0x22 {
                    quoted = true
                } else if c == d {
                    if fieldHasContent { nonEmpty += 1; if fields > 1 { firstOnly = false } }
                    fields += 1
                    fieldHasContent = false
                } else if c != 0x0D {
                    fieldHasContent = true
                    if isLetter(c) { letter = true }
                }
                i += 1
            }
            if fieldHasContent { nonEmpty += 1; if fields > 1 { firstOnly = false } }
            if !complete, i >= b.count, quoted { break }  // an open quote to the end: not a record
            if !complete, i < b.count { break }  // cut off at the window: not a whole record
            out.append(Record(start: start, end: i, fields: fields, nonEmpty: nonEmpty, firstOnly: firstOnly, letter: letter))
            i += 1
            if !complete { break }
        }
        return out
    }

    @inline(__always) static func isLetter(_ c: UInt8) -> Bool {
        (c | 0x20) >= UInt8(ascii: "a") && (c | 0x20) <= UInt8(ascii: "z") || c >= 0x80
    }

    /// The table's run in the head: the field count (≥ 2) most records have,
    /// the first record of the run of records with that count (blank ones
    /// aside) that ends at the last such record, and the run's length.
    static func tableStart(_ records: [Record]) -> (Int, Int, Int)? {
        var tally: [Int: Int] = [:]
        for r in records where !r.blank && r.fields >= 2 { tally[r.fields, default: 0] += 1 }
        guard let count = tally.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key < $1.key) })?.key,
            let last = records.lastIndex(where: { !$0.blank && $0.fields == count })
        else { return nil }
        var start = last, run = 0
        var k = last
        while k >= 0 {
            let r = records[k]
            if r.blank { k -= 1; continue }
            if r.fields != count { break }
            start = k
            run += 1
            k -= 1
        }
        return (start, count, run)
    }

    /// How many records at the top are title lines (0 when the rules do not hold).
    static func titleEnd(_ records: [Record], tableStart: Int, fields: Int) -> Int {
        let isTitle = { (r: Record) -> Bool in r.blank || (r.fields == 1 && r.letter) }
        if tableStart > 0 {
            guard tableStart <= 10, records[..<tableStart].allSatisfy(isTitle) else { return 0 }
        }
        // Padded titles inside the run: only the first field filled, then a header that fills all.
        var k = tableStart
        while k < records.count, k < 10, records[k].blank || (records[k].firstOnly && records[k].nonEmpty == 1 && records[k].letter) {
            k += 1
        }
        if k > tableStart, k < records.count, records[k].nonEmpty == fields, k + 1 < records.count {
            return k
        }
        // Leading blank lines alone are left to the reader (it skips them).
        if records[..<tableStart].allSatisfy(\.blank) { return 0 }
        return tableStart
    }

    /// The end of the table (before the footnote lines) and how many lines were left out.
    static func footEnd(_ b: UnsafeBufferPointer<UInt8>, from: Int, delimiter d: UInt8, fields: Int) -> (Int, Int) {
        var end = b.count
        // Lines from the end, backwards.
        var lines: [(start: Int, end: Int)] = []
        var e = end
        if e > from, b[e - 1] == 0x0A { e -= 1 }
        while lines.count < 32, e > from {
            var s = e
            while s > from, b[s - 1] != 0x0A, e - s <= 1 << 16 { s -= 1 }
            if e - s > 1 << 16 { break }  // a long line is table, not a footnote
            lines.append((s, e))
            e = s - 1
        }
        guard lines.count >= 2 else { return (end, 0) }
        var block = 0
        var padded = false
        var tableLine: Record?
        for (k, line) in lines.enumerated() {
            guard let r = lineRecord(b, line.start, line.end, delimiter: d) else { return (end, 0) }
            if r.blank || (r.fields == 1 && r.letter) {
                block = k + 1
                continue
            }
            if r.fields == fields, r.firstOnly, r.nonEmpty == 1, r.letter {
                padded = true
                block = k + 1
                continue
            }
            tableLine = r
            break
        }
        guard block > 0, let tableLine, tableLine.fields == fields, block <= 30 else { return (end, 0) }
        if padded {
            // Padded footnotes need a blank line above them or a known opening word.
            let first = lines[block - 1]
            let opening = String(decoding: UnsafeBufferPointer(rebasing: b[first.start..<min(first.end, first.start + 24)]), as: UTF8.self)
                .trimmingPrefix("\"").lowercased()
            let known =
                ["bron", "source", "©", "copyright", "verklaring", "toelichting", "*"].contains { opening.hasPrefix($0) }
                || opening.hasPrefix("\u{A9}") || first.start < first.end && b[first.start] == 0xA9
            let blankAbove = lineRecord(b, first.start, first.end, delimiter: d)?.blank == true
            if !known && !blankAbove {
                // Keep only the plain (single-field) footnotes below the last padded one.
                var keep = 0
                for k in 0..<block {
                    guard let r = lineRecord(b, lines[k].start, lines[k].end, delimiter: d) else { break }
                    if r.fields == fields, r.fields > 1 { break }
                    keep = k + 1
                }
                block = keep
            }
        }
        // Trailing blank lines alone are left to the reader.
        let allBlank = (0..<block).allSatisfy { lineRecord(b, lines[$0].start, lines[$0].end, delimiter: d)?.blank == true }
        if block == 0 || allBlank { return (end, 0) }
        end = lines[block - 1].start
        return (end, block)
    }

    /// One physical line as a record; nil when its quotes do not balance.
    static func lineRecord(_ b: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, delimiter d: UInt8) -> Record? {
        var quotes = 0
        for i in s..<e where b[i] == 0x22 { quotes += 1 }
        guard quotes % 2 == 0 else { return nil }
        let sub = UnsafeBufferPointer(rebasing: b[s..<e])
        var r = head(sub, from: 0, delimiter: d).first ?? Record(start: 0, end: 0, fields: 1, nonEmpty: 0, firstOnly: true, letter: false)
        r.start += s
        r.end += s
        return r
    }

    static func index(of byte: UInt8, in b: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        var i = from
        while i < b.count {
            if b[i] == byte { return i }
            i += 1
        }
        return nil
    }

    static func lineCount(_ b: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> Int {
        var n = 0
        for i in from..<to where b[i] == 0x0A { n += 1 }
        return n
    }
}

extension String {
    fileprivate func trimmingPrefix(_ p: String) -> String { hasPrefix(p) ? String(dropFirst(p.count)) : self }
}
