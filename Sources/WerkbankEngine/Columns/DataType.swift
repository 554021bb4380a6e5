/// The value types of the language: five for values, and geometry (a
/// GeoJSON feature's shape, which is drawn and passed along but not compared).
public enum DataType: String, Sendable, Hashable, CaseIterable {
    case int, float, string, bool, date, geometry

    public var isNumeric: Bool { self == .int || self == .float }
}

/// A named, typed column slot in a table's schema.
public struct Field: Sendable, Hashable {
    public var name: String
    public var type: DataType
    public init(_ name: String, _ type: DataType) {
        self.name = name
        self.type = type
    }
}

/// The names and types of a table's columns, in order.
public typealias Schema = [Field]
