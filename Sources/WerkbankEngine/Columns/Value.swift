/// One scalar value: literals in plans, cells in renderers and tests.
/// Never used in a per-row hot loop.
public enum Value: Sendable, Hashable {
    case null
    case int(Int64)
    case float(Double)
    case bool(Bool)
    case date(Int32)
    case string(String)

    public var type: DataType? {
        switch self {
        case .null: nil
        case .int: .int
        case .float: .float
        case .bool: .bool
        case .date: .date
        case .string: .string
        }
    }

    public var isNull: Bool { if case .null = self { true } else { false } }
}
