import WerkbankEngine

/// Why an aggregate's argument does not fit.
public struct AggregateTypeError: Error, Sendable { public var message: String }

/// min and max: any type with an order (not shapes).
func ordered(_ t: DataType?) -> Result<DataType, AggregateTypeError> {
    t == .geometry ? .failure(AggregateTypeError(message: "expects numbers, text, dates or bools; shapes have no order")) : .success(t ?? .int)
}

/// An aggregate of `summarize`: its syntax, help and kernel.
public struct AggregateDefinition: Sendable {
    public enum Argument: Sendable { case none, optional, required }
    public let name: String
    public let syntax: String
    public let summary: String
    public let kernel: AggregateKernel
    let argument: Argument
    /// Result type for the argument's type (nil: no argument), or why it does not fit.
    let resultType: @Sendable (DataType?) -> Result<DataType, AggregateTypeError>
}

public enum AggregateCatalog {
    public static let all: [AggregateDefinition] = [
        AggregateDefinition(name: "count", syntax: "count() | count(x)", summary: "number of rows, or of non-null values of x",
                            kernel: .count, argument: .optional) { _ in .success(.int) },
        AggregateDefinition(name: "count_distinct", syntax: "count_distinct(x)", summary: "number of distinct non-null values",
                            kernel: .countDistinct, argument: .required) { _ in .success(.int) },
        AggregateDefinition(name: "sum", syntax: "sum(x)", summary: "total (int overflow is an error)",
                            kernel: .sum, argument: .required, resultType: numeric { $0 }),
        AggregateDefinition(name: "avg", syntax: "avg(x)", summary: "arithmetic mean (alias mean)",
                            kernel: .avg, argument: .required, resultType: numeric { _ in .float }),
        AggregateDefinition(name: "mean", syntax: "mean(x)", summary: "arithmetic mean (alias of avg)",
                            kernel: .avg, argument: .required, resultType: numeric { _ in .float }),
        AggregateDefinition(name: "min", syntax: "min(x)", summary: "smallest value (numbers, text, dates)",
                            kernel: .min, argument: .required) { ordered($0) },
        AggregateDefinition(name: "max", syntax: "max(x)", summary: "largest value (numbers, text, dates)",
                            kernel: .max, argument: .required) { ordered($0) },
        AggregateDefinition(name: "median", syntax: "median(x)", summary: "middle value (linear interpolation), as a float",
                            kernel: .median, argument: .required, resultType: numeric { _ in .float }),
        AggregateDefinition(name: "stddev", syntax: "stddev(x)", summary: "sample standard deviation (null for fewer than 2 values)",
                            kernel: .stddev, argument: .required, resultType: numeric { _ in .float }),
        AggregateDefinition(name: "percentile", syntax: "percentile(x, p)",
                            summary: "the p-th quantile, p in 0..1, linear interpolation",
                            kernel: .percentile, argument: .required, resultType: numeric { _ in .float }),
        AggregateDefinition(name: "first", syntax: "first(x)", summary: "first non-null value in row order",
                            kernel: .first, argument: .required) { .success($0 ?? .int) },
        AggregateDefinition(name: "last", syntax: "last(x)", summary: "last non-null value in row order",
                            kernel: .last, argument: .required) { .success($0 ?? .int) },
    ]

    public static let byName: [String: AggregateDefinition] = Dictionary(all.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })

    static func numeric(_ f: @escaping @Sendable (DataType) -> DataType) -> @Sendable (DataType?) -> Result<DataType, AggregateTypeError> {
        { t in
            guard let t, t.isNumeric else { return .failure(AggregateTypeError(message: "expects a number, got \(t?.rawValue ?? "nothing")")) }
            return .success(f(t))
        }
    }
}
