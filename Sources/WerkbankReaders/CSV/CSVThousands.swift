import WerkbankEngine
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// `thousands="."`: numbers whose whole part is grouped by threes
/// (`15.000,5`, `3.500`, `-1.234.567`) read as numbers. Only a value that
/// holds the separator takes this way; it must group every three digits
/// after the first one to three, else it is text (`3.5` with
/// `thousands="."` is not a number). The pass-1 and pass-2 visitors are
/// wrapped only when the option is given, so files without it pay nothing.
enum CSVThousands {
    /// The `len` bytes at `q` without their thousands separators, into
    /// `out`; false when the separators do not group the digits by three.
    static func strip(_ q: UnsafePointer<UInt8>, _ len: Int, separator: UInt8, into out: inout [UInt8]) -> Bool {
        out.removeAll(keepingCapacity: true)
        var i = 0
        if len > 0, q[0] == UInt8(ascii: "-") {
            out.append(q[0])
            i = 1
        }
        let lead = i
        while i < len, NumberText.isDigit(q[i]) {
            out.append(q[i])
            i += 1
        }
        guard i - lead >= 1, i - lead <= 3 else { return false }
        var groups = 0
        while i < len, q[i] == separator {
            guard i + 4 <= len else { return false }
            for k in 1...3 where !NumberText.isDigit(q[i + k]) { return false }
            if i + 4 < len, NumberText.isDigit(q[i + 4]) { return false }
            out.append(contentsOf: [q[i + 1], q[i + 2], q[i + 3]])
            i += 4
            groups += 1
        }
        guard groups > 0 else { return false }
        while i < len {
            out.append(q[i])
            i += 1
        }
        return true
    }

    @inline(__always)
    static func holds(_ q: UnsafePointer<UInt8>, _ len: Int, _ separator: UInt8) -> Bool {
        len > 0 && memchr(q, Int32(separator), len) != nil
    }
}

/// Pass 1 with a thousands separator: a value holding it is classified
/// without it; every other value as `CSVClassifyVisitor` does.
struct CSVGroupedClassifyVisitor: CSVFieldVisitor {
    var inner: CSVClassifyVisitor
    let thousands: UInt8
    var stripped: [UInt8] = []

    mutating func field(_ column: Int, _ f: CSVField) -> Bool {
        let q = inner.p + f.start
        guard inner.wanted[column], !f.needsDecode, CSVThousands.holds(q, f.length, thousands),
            !inner.nulls.matches(q, f.length)
        else { return inner.field(column, f) }
        let m = inner.masks[column]
        if m & CSVKind.other != 0 { return true }
        var kind = CSVKind.other
        if CSVThousands.strip(q, f.length, separator: thousands, into: &stripped) {
            kind = stripped.withUnsafeBufferPointer { b in
                b.baseAddress.map { CSVKind.classify($0, 0, b.count) } ?? CSVKind.other
            }
        }
        inner.masks[column] = m | kind
        return true
    }

    mutating func endRecord(fields: Int) { inner.endRecord(fields: fields) }
}

/// Pass 2 with a thousands separator: a number holding it is stored
/// without it.
struct CSVGroupedMaterializeVisitor: CSVFieldVisitor {
    var inner: CSVMaterializeVisitor
    let thousands: UInt8
    var stripped: [UInt8] = []

    mutating func field(_ column: Int, _ f: CSVField) -> Bool {
        let s = Int(inner.sinkOf[column])
        let q = inner.p + f.start
        guard s >= 0, !f.needsDecode, inner.kinds[s] == .int || inner.kinds[s] == .float,
            CSVThousands.holds(q, f.length, thousands), !inner.nulls.matches(q, f.length)
        else {
            return inner.field(column, f)
        }
        guard CSVThousands.strip(q, f.length, separator: thousands, into: &stripped) else {
            inner.failure = (s, f)
            return false
        }
        let value = stripped
        let ok = value.withUnsafeBufferPointer { b in b.baseAddress.map { inner.store(s, $0, b.count) } ?? false }
        if !ok { inner.failure = (s, f) }
        return ok
    }

    mutating func endRecord(fields: Int) { inner.endRecord(fields: fields) }
}
