/// One scalar value: literals in plans, cells in renderers and tests.
/// Never used in a per-row hot loop.
public enum Value: Sendable, Hashable {
    case null
    case int(Int64)
    case float(Double)
    case bool(Bool)
    case date(Int32)
    case string(String)
    case geometry(Geometry)

    public var type: DataType? {
        switch self {
        case .null: nil
        case .int: .int
        case .float: .float
        case .bool: .bool
        case .date: .date
        case .string: .string
        case .geometry: .geometry
        }
    }

    public var isNull: Bool { if case .null = self { true } else { false } }

    /// Strings are equal when their bytes are (see ExactText.swift).
    public static func == (a: Value, b: Value) -> Bool {
        switch (a, b) {
        case (.null, .null): true
        case (.int(let x), .int(let y)): x == y
        case (.float(let x), .float(let y)): x == y
        case (.bool(let x), .bool(let y)): x == y
        case (.date(let x), .date(let y)): x == y
        case (.string(let x), .string(let y)): x.bytesEqual(y)
        case (.geometry(let x), .geometry(let y)): x == y
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .int(let x): hasher.combine(1); hasher.combine(x)
        case .float(let x): hasher.combine(2); hasher.combine(x)
        case .bool(let x): hasher.combine(3); hasher.combine(x)
        case .date(let x): hasher.combine(4); hasher.combine(x)
        case .string(let x): hasher.combine(5); hasher.combine(ExactString(x))
        case .geometry(let x): hasher.combine(6); hasher.combine(x)
        }
    }
}
