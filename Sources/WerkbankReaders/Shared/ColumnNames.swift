/// The one rule for column names, whatever the format (CSV and xlsx headers,
/// the columns GeoJSON adds): a table never has two columns of one name.
///
/// - An empty name is `column_N`, N its 1-based position.
/// - A name written once keeps its text.
/// - A repeat gets the smallest `_2`, `_3`, … that no column of the header
///   is written with and that no earlier column got: `a, a, a_2` reads as
///   `a, a_3, a_2`, so the column written `a_2` keeps its name.
///
/// Names compare by their bytes (`A` and `a` are two names), as everywhere.
public enum ColumnNames {
    /// `column_1`, `column_2`, … for a file without a header.
    public static func generated(_ count: Int) -> [String] {
        (0..<count).map(generated(at:))
    }

    /// The name of an unnamed column at 0-based `index`.
    public static func generated(at index: Int) -> String { "column_\(index + 1)" }

    /// Header names, made unique by the rule above.
    public static func unique(_ raw: [String]) -> [String] {
        let named = raw.enumerated().map { i, s in s.isEmpty ? generated(at: i) : s }
        var namer = Namer(reserving: named)
        return named.map { namer.claim($0) }
    }

    /// Hands out names one at a time: a name as asked when it is still free,
    /// else with the first free suffix. Names that later columns are written
    /// with are reserved, so a suffix never takes one of them.
    public struct Namer {
        private var used: Set<String> = []
        private var reserved: Set<String>
        private var nextSuffix: [String: Int] = [:]

        /// `reserving`: names that will be claimed as written (a header);
        /// `taken`: names already in the table.
        public init(reserving: some Sequence<String> = [String](), taken: some Sequence<String> = [String]()) {
            reserved = Set(reserving)
            used = Set(taken)
            reserved.formUnion(used)
        }

        public func isTaken(_ name: String) -> Bool { used.contains(name) }

        public mutating func claim(_ name: String) -> String {
            if used.insert(name).inserted { return name }
            var k = nextSuffix[name] ?? 2
            while reserved.contains("\(name)_\(k)") || used.contains("\(name)_\(k)") { k += 1 }
            let candidate = "\(name)_\(k)"
            nextSuffix[name] = k + 1
            used.insert(candidate)
            reserved.insert(candidate)
            return candidate
        }
    }
}
