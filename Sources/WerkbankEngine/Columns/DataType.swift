/// The five value types of the language.
public enum DataType: String, Sendable, Hashable, CaseIterable {
    case int, float, string, bool, date

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
