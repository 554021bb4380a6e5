/// The distinct strings of a dictionary-encoded column; a column stores
/// `Int32` codes into it. Dictionaries are immutable once built and shared
/// between columns (a filter or sort gathers codes, never strings).
public final class StringDictionary: Sendable {
    public let values: [String]

    public init(_ values: [String]) { self.values = values }

    public var count: Int { values.count }

    /// Rank of each code in ascending (byte-wise UTF-8) order, for sorting and
    /// comparing codes without touching strings. Computed on demand.
    public func sortRanks() -> [Int32] {
        let order = values.indices.sorted { Self.less(values[$0], values[$1]) }
        var rank = [Int32](repeating: 0, count: values.count)
        for (r, code) in order.enumerated() { rank[code] = Int32(r) }
        return rank
    }

    /// String order used everywhere: by Unicode scalar values (as UTF-8 bytes
    /// compare), so results do not depend on the locale.
    @inlinable public static func less(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }
}

/// Builds a dictionary while appending strings; repeated strings share a code.
/// Strings are the same when their bytes are (`ExactString`): two spellings
/// of `é` keep two codes and their own bytes.
public struct StringDictionaryBuilder {
    public private(set) var values: [String] = []
    private var index: [ExactString: Int32] = [:]

    public init() {}

    public init(_ existing: [String]) {
        values = existing
        for (i, v) in existing.enumerated() where index[ExactString(v)] == nil { index[ExactString(v)] = Int32(i) }
    }

    public mutating func code(for s: String) -> Int32 {
        let key = ExactString(s)
        if let c = index[key] { return c }
        let c = Int32(values.count)
        values.append(s)
        index[key] = c
        return c
    }

    public func existingCode(for s: String) -> Int32? { index[ExactString(s)] }

    public func build() -> StringDictionary { StringDictionary(values) }
}
