import WerkbankEngine

/// A column that was read as text although most of its values are numbers,
/// dates or booleans: the load message names it with the first value that
/// made it text, that value's line and a hint, so a load never turns a
/// column into text without a word.
///
/// The rule (a contract the tests check): a column inferred as string (its
/// type not forced) is reported when its values that read as a number, date
/// or boolean, together with values that look like numbers written another
/// way (`15.000,5`, `1.5` in a decimal-comma file), are at least as many as
/// its other non-null values. The "." and "x" markers (CBS: unknown, secret)
/// count as neither, as the "." rule of `CSVFile` reads them as null. A
/// column holding a whole number with a leading zero (`0599`) is a column
/// of codes, text on purpose, and is not reported.
public struct CSVTextFallback: Sendable, Equatable {
    public var column: String
    /// The first value (in file order) that is not of the column's type.
    public var value: String
    /// Its line, counted from the top of the file.
    public var line: Int
    /// Whether the column's numbers use a decimal comma (for the hint).
    public var decimalComma: Bool

    public init(column: String, value: String, line: Int, decimalComma: Bool) {
        self.column = column
        self.value = value
        self.line = line
        self.decimalComma = decimalComma
    }

    /// `Oppervlak (m²): text, because of '15.000,5' on line 3 — thousands separator? …`
    public var description: String {
        var text = "\(column): text, because of \(Self.quoted(value)) on line \(line)"
        if let hint = Self.hint(for: Array(value.utf8), decimalComma: decimalComma) { text += " — " + hint }
        return text
    }

    /// The value on one line: line ends and other control characters
    /// escaped (`\n`), cut after 40 characters.
    static func quoted(_ value: String) -> String {
        let limit = 40
        var out = ""
        for (k, u) in value.unicodeScalars.enumerated() {
            if k == limit { return "'" + out + "…'" }
            switch u {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where u.value < 0x20 || u.value == 0x7F: out += "\\u{" + String(u.value, radix: 16) + "}"
            default: out.unicodeScalars.append(u)
            }
        }
        return "'" + out + "'"
    }

    /// What the offending value most likely is, and what to do about it.
    static func hint(for v: [UInt8], decimalComma: Bool) -> String? {
        let digits = v.filter(NumberText.isDigit).count
        if digits == 0 {
            // No digit at all: a word standing for "missing" (`-`, `n.v.t.`, `?`, `NA`).
            guard v.count <= 8, !v.contains(0x22) else { return nil }
            return "a marker for missing? try null=\"\(String(decoding: v, as: UTF8.self))\""
        }
        if let group = groupSeparator(v) {
            return "thousands separator? try thousands=\"\(String(UnicodeScalar(group)))\""
        }
        let other = decimalComma ? UInt8(ascii: ".") : UInt8(ascii: ",")
        if v.contains(other), v.allSatisfy({ NumberText.isDigit($0) || $0 == other || $0 == UInt8(ascii: "-") }) {
            return decimalComma
                ? "a decimal point in a file with decimal commas? try decimal=\".\" if the file uses points"
                : "a decimal comma? try decimal=\",\""
        }
        return nil
    }

    /// `15.000,5`, `3.500`, `1,234.56`, `-1.234.567`: digits in groups of
    /// three after the first one to three, then an optional fraction with
    /// the other separator.
    static func groupSeparator(_ v: [UInt8]) -> UInt8? {
        isGrouped(v) ? v.first { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: ",") } : nil
    }

    static func isGrouped(_ v: [UInt8]) -> Bool {
        var i = v.first == UInt8(ascii: "-") ? 1 : 0
        let lead = i
        while i < v.count, NumberText.isDigit(v[i]) { i += 1 }
        guard i - lead >= 1, i - lead <= 3, i < v.count else { return false }
        let group = v[i]
        guard group == UInt8(ascii: ".") || group == UInt8(ascii: ",") else { return false }
        var groups = 0
        while i < v.count, v[i] == group {
            let s = i + 1
            var e = s
            while e < v.count, NumberText.isDigit(v[e]) { e += 1 }
            guard e - s == 3 else { return false }
            groups += 1
            i = e
        }
        if i == v.count { return groups >= 1 }
        let fraction = group == UInt8(ascii: ".") ? UInt8(ascii: ",") : UInt8(ascii: ".")
        guard v[i] == fraction, i + 1 < v.count else { return false }
        return v[(i + 1)...].allSatisfy(NumberText.isDigit)
    }
}

/// Counts, per watched column, the values that read as a type and those
/// that do not, and keeps the first text and the first number written with
/// each decimal separator (which one offends is decided once the column's
/// separator is known).
struct CSVFallbackVisitor: CSVFieldVisitor {
    typealias Found = (offset: Int, value: [UInt8])
    let p: UnsafePointer<UInt8>
    let watched: [Bool]
    let nulls: CSVNullMatcher
    var scratch: [UInt8] = []
    /// Per column: the kinds of its typed values.
    var kinds: [UInt16]
    /// Values that read as a type or look like a number written another way.
    var numbers: [Int]
    var texts: [Int]
    var codes: [Bool]
    var firstText: [Found?]
    var firstDot: [Found?]
    var firstComma: [Found?]

    init(p: UnsafePointer<UInt8>, watched: [Bool], nulls: CSVNullMatcher) {
        self.p = p
        self.watched = watched
        self.nulls = nulls
        kinds = [UInt16](repeating: 0, count: watched.count)
        numbers = [Int](repeating: 0, count: watched.count)
        texts = numbers
        codes = [Bool](repeating: false, count: watched.count)
        firstText = Array(repeating: nil, count: watched.count)
        firstDot = firstText
        firstComma = firstText
    }

    static let typedKinds =
        CSVKind.int | CSVKind.bigInt | CSVKind.floatExp | CSVKind.floatDot | CSVKind.floatComma
        | CSVKind.bool | CSVKind.date

    mutating func field(_ column: Int, _ f: CSVField) -> Bool {
        guard column < watched.count, watched[column] else { return true }
        if f.needsDecode {
            CSVScanner.decode(p, f, into: &scratch)
            let value = scratch
            value.withUnsafeBufferPointer { b in
                if let base = b.baseAddress { count(column, base, b.count, offset: f.rawStart) }
            }
        } else {
            count(column, p + f.start, f.length, offset: f.rawStart)
        }
        return true
    }

    mutating func count(_ column: Int, _ q: UnsafePointer<UInt8>, _ len: Int, offset: Int) {
        if len == 0 || nulls.matches(q, len) { return }
        if len == 1, q[0] == UInt8(ascii: ".") || q[0] == UInt8(ascii: "x") { return }
        let kind = CSVKind.classify(q, 0, len)
        if kind & Self.typedKinds != 0 {
            numbers[column] += 1
            kinds[column] |= kind
            if kind == CSVKind.floatDot, firstDot[column] == nil { firstDot[column] = (offset, Array(UnsafeBufferPointer(start: q, count: len))) }
            if kind == CSVKind.floatComma, firstComma[column] == nil {
                firstComma[column] = (offset, Array(UnsafeBufferPointer(start: q, count: len)))
            }
            return
        }
        if len > 1, q[0] == UInt8(ascii: "0"), (1..<len).allSatisfy({ NumberText.isDigit(q[$0]) }) {
            codes[column] = true
            return
        }
        let v = UnsafeBufferPointer(start: q, count: len)
        if looksNumeric(v) { numbers[column] += 1 } else { texts[column] += 1 }
        if firstText[column] == nil { firstText[column] = (offset, Array(v)) }
    }

    /// A number written another way: digits with separators and signs only.
    func looksNumeric(_ v: UnsafeBufferPointer<UInt8>) -> Bool {
        v.contains(where: NumberText.isDigit)
            && v.allSatisfy {
                NumberText.isDigit($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "-")
            }
    }

    mutating func endRecord(fields: Int) {}
}

extension CSVParse {
    /// The text columns to report (see `CSVTextFallback`). A column is
    /// watched when a sample of the first records or the type pass saw a
    /// typed value in it (the type pass stops looking at a column once it
    /// holds text); only then is the file scanned again, for those columns.
    func textFallbacks(masks: [UInt16]) throws(EngineError) -> [CSVTextFallback] {
        var ranges = chunks.map { $0.start..<$0.end }
        if !header { ranges.insert(firstRecord, at: 0) }
        guard let head = ranges.first else { return [] }
        let candidates = (0..<columnCount).map { j in types[j] == .string && options.types[names[j]] == nil }
        guard candidates.contains(true) else { return [] }
        // A sample of the first 64 KB, every value looked at.
        var sample = CSVFallbackVisitor(p: p, watched: candidates, nulls: nulls)
        // Up to the first repeated header line (not data), at most 64 KB.
        let sampleEnd = min(repeatedHeaders.first?.lowerBound ?? end, head.lowerBound + (64 << 10))
        let r = CSVScanner.scan(
            p, count: end, from: head.lowerBound, limit: sampleEnd,
            columns: columnCount, dialect: dialect, visitor: &sample, cancel: cancel)
        if r.failure == .cancelled { throw .cancelled }
        let watched = (0..<columnCount).map { j in
            candidates[j] && (sample.numbers[j] > 0 || masks[j] & CSVFallbackVisitor.typedKinds != 0)
        }
        guard watched.contains(true) else { return [] }
        let results = Parallel.parallelMap(ranges.count) { i -> CSVFallbackVisitor in
            var v = CSVFallbackVisitor(p: p, watched: watched, nulls: nulls)
            if cancel.isCancelled { return v }
            _ = CSVScanner.scan(
                p, count: end, from: ranges[i].lowerBound, limit: ranges[i].upperBound,
                columns: columnCount, dialect: dialect, visitor: &v, cancel: cancel)
            return v
        }
        try cancel.check()
        var out: [CSVTextFallback] = []
        for j in 0..<columnCount where watched[j] {
            var numbers = 0, texts = 0, codes = false, kinds: UInt16 = 0
            var firstText: CSVFallbackVisitor.Found?, firstDot: CSVFallbackVisitor.Found?, firstComma: CSVFallbackVisitor.Found?
            for v in results {
                numbers += v.numbers[j]
                texts += v.texts[j]
                codes = codes || v.codes[j]
                kinds |= v.kinds[j]
                firstText = firstText ?? v.firstText[j]
                firstDot = firstDot ?? v.firstDot[j]
                firstComma = firstComma ?? v.firstComma[j]
            }
            guard !codes, numbers > 0, numbers >= texts else { continue }
            // The column's own decimal separator: the file's, or a comma when
            // it holds only comma numbers and the delimiter leaves that open.
            let comma =
                decimalComma
                || (options.decimalComma == nil && dialect.delimiter != UInt8(ascii: ",")
                    && kinds & CSVKind.floatComma != 0 && kinds & CSVKind.floatDot == 0)
            // Numbers beside dates or booleans: no one type to fall back from.
            let families = [CSVKind.bool, CSVKind.date, ~(CSVKind.bool | CSVKind.date)].filter { kinds & $0 != 0 }.count
            if families > 1 { continue }
            let candidates = [firstText, comma ? firstDot : firstComma].compactMap { $0 }
            guard let first = candidates.min(by: { $0.offset < $1.offset }) else { continue }
            out.append(
                CSVTextFallback(
                    column: names[j], value: String(decoding: first.value, as: UTF8.self),
                    line: line(first.offset), decimalComma: comma))
        }
        return out
    }
}
