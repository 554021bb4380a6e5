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
    /// A second argument that must be a number literal in a range
    /// (`percentile`'s p): it configures the kernel, it is not a column.
    let constant: ConstantParameter?
    /// What `help` shows; the tests run every one.
    public let examples: [Example]
    /// Result type for the argument's type (nil: no argument), or why it does not fit.
    let resultType: @Sendable (DataType?) -> Result<DataType, AggregateTypeError>

    init(name: String, syntax: String, summary: String, constant: ConstantParameter? = nil, examples: [Example],
         kernel: AggregateKernel, argument: Argument,
         resultType: @escaping @Sendable (DataType?) -> Result<DataType, AggregateTypeError>) {
        self.name = name
        self.syntax = syntax
        self.summary = summary
        self.kernel = kernel
        self.argument = argument
        self.constant = constant
        self.examples = examples
        self.resultType = resultType
    }
}

/// A number written in the call that configures an aggregate (`p` of `percentile(x, p)`).
struct ConstantParameter: Sendable {
    var name: String
    var range: ClosedRange<Double>
    var example: String

    /// `0 to 1`: whole bounds without a fraction.
    var rangeText: String {
        func text(_ d: Double) -> String { Int(exactly: d).map(String.init) ?? String(d) }
        return "\(text(range.lowerBound)) to \(text(range.upperBound))"
    }
}

public enum AggregateCatalog {
    public static let all: [AggregateDefinition] = [
        AggregateDefinition(name: "count", syntax: "count() | count(x)", summary: "number of rows, or of non-null values of x",
                            examples: [Example("cases | summarize n = count(), with_people = count(entrepreneurs)", "n,with_people\n7,5\n")],
                            kernel: .count, argument: .optional) { _ in .success(.int) },
        AggregateDefinition(name: "count_distinct", syntax: "count_distinct(x)", summary: "number of distinct non-null values",
                            examples: [Example("cases | summarize cities = count_distinct(city)", "cities\n3\n")],
                            kernel: .countDistinct, argument: .required) { _ in .success(.int) },
        AggregateDefinition(name: "sum", syntax: "sum(x)", summary: "total (int overflow is an error)",
                            examples: [Example("cases | summarize people = sum(entrepreneurs) by city", "city,people\nGent,\nRotterdam,249\nUtrecht,110\n")],
                            kernel: .sum, argument: .required, resultType: numeric { $0 }),
        AggregateDefinition(name: "avg", syntax: "avg(x)", summary: "arithmetic mean (alias mean)",
                            examples: [Example("cases | summarize avg(entrepreneurs)", "avg_entrepreneurs\n71.8\n")],
                            kernel: .avg, argument: .required, resultType: numeric { _ in .float }),
        AggregateDefinition(name: "mean", syntax: "mean(x)", summary: "arithmetic mean (alias of avg)",
                            examples: [Example("cases | summarize mean(entrepreneurs)", "mean_entrepreneurs\n71.8\n")],
                            kernel: .avg, argument: .required, resultType: numeric { _ in .float }),
        AggregateDefinition(name: "min", syntax: "min(x)", summary: "smallest value (numbers, text, dates)",
                            examples: [Example("cases | summarize first_year = min(founded)", "first_year\n2012\n")],
                            kernel: .min, argument: .required) { ordered($0) },
        AggregateDefinition(name: "max", syntax: "max(x)", summary: "largest value (numbers, text, dates)",
                            examples: [Example("cases | summarize last_year = max(founded)", "last_year\n2022\n")],
                            kernel: .max, argument: .required) { ordered($0) },
        AggregateDefinition(name: "median", syntax: "median(x)", summary: "middle value (linear interpolation), as a float",
                            examples: [Example("cases | summarize median(entrepreneurs)", "median_entrepreneurs\n80.0\n")],
                            kernel: .median, argument: .required, resultType: numeric { _ in .float }),
        AggregateDefinition(name: "stddev", syntax: "stddev(x)", summary: "sample standard deviation (null for fewer than 2 values)",
                            examples: [Example("cases | distinct founded | where founded in [2012, 2017, 2022] | summarize stddev(founded)", "stddev_founded\n5.0\n")],
                            kernel: .stddev, argument: .required, resultType: numeric { _ in .float }),
        AggregateDefinition(name: "percentile", syntax: "percentile(x, p)",
                            summary: "the p-th quantile, p in 0..1, linear interpolation",
                            constant: ConstantParameter(name: "p", range: 0...1, example: "percentile(x, 0.9)"),
                            examples: [Example("cases | summarize p25 = percentile(entrepreneurs, 0.25)", "p25\n30.0\n")],
                            kernel: .percentile, argument: .required, resultType: numeric { _ in .float }),
        AggregateDefinition(name: "first", syntax: "first(x)", summary: "first non-null value in row order",
                            examples: [Example("cases | summarize first(entrepreneurs)", "first_entrepreneurs\n19\n")],
                            kernel: .first, argument: .required) { .success($0 ?? .int) },
        AggregateDefinition(name: "last", syntax: "last(x)", summary: "last non-null value in row order",
                            examples: [Example("cases | summarize last(entrepreneurs)", "last_entrepreneurs\n110\n")],
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
