import WerkbankEngine

/// A row function: a value for each row that depends on the rows around it
/// in the current order, within the group of `derive … by G` (or the whole
/// table). Declared like scalar functions: signature, help, examples, kernel.
public struct RowFunctionDefinition: Sendable {
    public let name: String
    public let syntax: String
    public let summary: String
    public let arity: ClosedRange<Int>
    /// Arguments from this index on are whole numbers written in the call
    /// (`lag`'s n), with the smallest allowed and the default when omitted.
    let constant: (index: Int, minimum: Int, default: Int?)?
    let resultType: @Sendable ([DataType]) -> Result<DataType, ArgumentTypeError>
    /// The column from the evaluated arguments (constants excluded) and the constant.
    let compute: @Sendable (_ args: [Column], _ constant: Int, _ groups: Windows.GroupedRows, _ ids: [Int32],
                            _ label: String, _ cancel: CancellationToken) throws(EngineError) -> Column
}

public enum RowFunctionCatalog {
    /// The examples `help` shows; the tests run each one.
    public static let examples: [String: [Example]] = [
        "row_number": [Example("cases | sort founded | derive n = row_number() by city | select name, city, n | take 3",
                               "name,city,n\nWerkspoorkwartier,Utrecht,1\nKeilewerf I-II,Rotterdam,1\nKeilepand,Rotterdam,2\n")],
        "lag": [Example("timeline | count by year | sort year | derive previous = lag(count), growth = count - lag(count) | select year, count, previous, growth | take 3",
                        "year,count,previous,growth\n2012,1,,\n2014,1,1,0\n2015,1,1,0\n")],
    ]

    public static let all: [RowFunctionDefinition] = [
        RowFunctionDefinition(name: "row_number", syntax: "row_number()", summary: "1, 2, 3, … in the current order",
                              arity: 0...0, constant: nil, resultType: { _ in .success(.int) }) { _, _, groups, ids, _, _ throws(EngineError) in
            Windows.rowNumber(groups, rowCount: ids.count)
        },
        RowFunctionDefinition(name: "rank", syntax: "rank(x)", summary: "rank of x, smallest first, ties share (1, 1, 3); nulls last",
                              arity: 1...1, constant: nil, resultType: { _ in .success(.int) }) { args, _, _, ids, _, cancel throws(EngineError) in
            try Windows.rank(args[0], ids, dense: false, cancel: cancel)
        },
        RowFunctionDefinition(name: "dense_rank", syntax: "dense_rank(x)", summary: "rank of x without gaps (1, 1, 2); nulls last",
                              arity: 1...1, constant: nil, resultType: { _ in .success(.int) }) { args, _, _, ids, _, cancel throws(EngineError) in
            try Windows.rank(args[0], ids, dense: true, cancel: cancel)
        },
        RowFunctionDefinition(name: "lag", syntax: "lag(x[, n])", summary: "x of the row n rows before (default 1); null at the start",
                              arity: 1...2, constant: (1, 0, 1), resultType: { .success($0[0]) }) { args, n, groups, _, _, cancel throws(EngineError) in
            try Windows.shift(args[0], groups, offset: n, cancel: cancel)
        },
        RowFunctionDefinition(name: "lead", syntax: "lead(x[, n])", summary: "x of the row n rows after (default 1); null at the end",
                              arity: 1...2, constant: (1, 0, 1), resultType: { .success($0[0]) }) { args, n, groups, _, _, cancel throws(EngineError) in
            try Windows.shift(args[0], groups, offset: -n, cancel: cancel)
        },
        RowFunctionDefinition(name: "cumsum", syntax: "cumsum(x)", summary: "running total of x (nulls add nothing)",
                              arity: 1...1, constant: nil, resultType: { types in
                                  types[0].isNumeric ? .success(types[0])
                                      : .failure(ArgumentTypeError(index: 0, message: "expects a number, got \(types[0].rawValue)"))
                              }) { args, _, groups, _, label, _ throws(EngineError) in
            try Windows.cumulativeSum(args[0], groups, label: label)
        },
        RowFunctionDefinition(name: "running_avg", syntax: "running_avg(x, n)",
                              summary: "mean of x over the last n rows, this one included (nulls left out)",
                              arity: 2...2, constant: (1, 1, nil), resultType: { types in
                                  types[0].isNumeric ? .success(.float)
                                      : .failure(ArgumentTypeError(index: 0, message: "expects a number, got \(types[0].rawValue)"))
                              }) { args, n, groups, _, _, _ throws(EngineError) in
            Windows.runningMean(args[0], groups, width: n)
        },
    ]

    public static let byName: [String: RowFunctionDefinition] = Dictionary(all.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
}
