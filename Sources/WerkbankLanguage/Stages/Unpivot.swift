import WerkbankEngine

/// `unpivot COL, "20*", … into NAME, VALUE`: wide → long. Each input row
/// becomes one row per listed column: the other columns as they were, NAME
/// the column's name, VALUE its value (nulls kept: unknown stays unknown).
struct UnpivotStage: Stage {
    /// A column name, or a quoted pattern with `*` and `?` (`"20*"`).
    struct Pick: Sendable {
        var text: String
        var isPattern: Bool
        var span: SourceSpan
    }

    let picks: [Pick]
    let nameColumn: (String, SourceSpan)
    let valueColumn: (String, SourceSpan)

    static let help = StageHelp(
        name: "unpivot", syntax: "unpivot COL, \"PATTERN*\", ... into NAME, VALUE",
        summary: "wide to long: one row per listed column, its name in NAME and its value in VALUE; the other columns repeat",
        details: """
            Columns are named or matched by a quoted pattern (* any text, ? one character): unpivot "20*" into jaar, waarde.
            The listed columns must share a type (ints with floats become floats). Rows keep their order, and within a row
            the columns theirs. Null values are kept as rows; drop them with where VALUE is not null. pivot goes back.
            """,
        examples: [
            Example("cases | where entrepreneurs is not null | select name, founded, entrepreneurs | take 2 | unpivot founded, entrepreneurs into measure, value",
                    "name,measure,value\nKeilepand,founded,2015\nKeilepand,entrepreneurs,19\nKeilewerf I-II,founded,2014\nKeilewerf I-II,entrepreneurs,80\n"),
        ])

    static func parse(_ p: inout Parser, keyword: Token) throws(Diagnostic) -> UnpivotStage {
        p.expecting(.columns(p.columnScope))
        if p.atStageEnd {
            throw Diagnostic("unpivot needs the columns to turn into rows", at: p.current.span,
                             hint: "e.g. unpivot \"20*\" into jaar, waarde")
        }
        let picks = try p.parseList { (p: inout Parser) throws(Diagnostic) -> Pick in
            if p.current.kind == .string {
                let t = p.advance()
                return Pick(text: t.text, isPattern: true, span: t.span)
            }
            let (name, span) = try p.parseName("a column or a quoted pattern such as \"20*\"")
            return Pick(text: name, isPattern: false, span: span)
        }
        guard p.acceptKeyword("into") else {
            throw p.unexpected(expected: "'into NAME, VALUE' after the columns")
        }
        let name = try p.parseName("a name for the column of column names", .newName)
        _ = try p.expect(.comma, "',' between the two new column names")
        let value = try p.parseName("a name for the column of values", .newName)
        if name.0 == value.0 { throw Diagnostic("column \"\(value.0)\" appears twice", at: value.1, hint: "name each column once") }
        return UnpivotStage(picks: picks, nameColumn: name, valueColumn: value)
    }

    /// The input columns this stage turns into rows, in input order.
    func unpivoted(_ input: Schema) throws(Diagnostic) -> [Int] {
        var chosen = Set<Int>()
        for pick in picks {
            let hits = input.indices.filter {
                pick.isPattern ? Glob.matches(input[$0].name, pick.text) : input[$0].name == pick.text
            }
            if hits.isEmpty {
                if pick.isPattern {
                    throw Diagnostic("no column matches \"\(pick.text)\"", at: pick.span,
                                     hint: "columns: " + input.map(\.name).joined(separator: ", "))
                }
                throw Diagnostic("unknown column \"\(pick.text)\"", at: pick.span,
                                 hint: DidYouMean.hint(pick.text, among: input.map(\.name)))
            }
            chosen.formUnion(hits)
        }
        return input.indices.filter { chosen.contains($0) }
    }

    func neededInput(_ downstream: Set<String>?) -> Set<String>? {
        // Patterns match against the input's names: read everything.
        nil
    }

    func bind(_ input: Schema, _ ctx: BindContext) throws(Diagnostic) -> BoundStage {
        let columns = try unpivoted(input)
        let kept = input.indices.filter { !columns.contains($0) }
        let types = Set(columns.map { input[$0].type })
        let valueType: DataType
        if types.count == 1, let only = types.first {
            valueType = only
        } else if types.isSubset(of: [.int, .float]) {
            valueType = .float
        } else {
            let listed = columns.map { "\(input[$0].name) (\(input[$0].type.rawValue))" }.joined(separator: ", ")
            throw Diagnostic("unpivot needs columns of one type; these are \(listed)", at: picks.first?.span,
                             hint: "convert first, e.g. derive x = string(x), or unpivot them separately")
        }
        for new in [nameColumn, valueColumn] where kept.contains(where: { input[$0].name == new.0 }) {
            throw Diagnostic("column \"\(new.0)\" appears twice", at: new.1, hint: "choose another name: the table has a column \"\(new.0)\"")
        }
        let output = kept.map { input[$0] } + [Field(nameColumn.0, .string), Field(valueColumn.0, valueType)]
        let names = columns.map { input[$0].name }
        return BoundStage(output: output) { table, ctx throws(EngineError) in
            let n = table.rowCount, k = columns.count
            let (rows, overflow) = n.multipliedReportingOverflow(by: k)
            guard !overflow else { throw .tooLarge("unpivot would make too many rows", hint: "filter first") }
            try MemoryBudget.checkResult(rows: rows, bytesPerRow: MemoryBudget.bytesPerRow(output.map(\.type)),
                                         what: "the unpivoted table", hint: "filter first, or unpivot fewer columns")
            // Each input row repeated k times for the kept columns.
            var repeated = [Int32]()
            repeated.reserveCapacity(rows)
            for r in 0..<n { for _ in 0..<k { repeated.append(Int32(r)) } }
            var out = try kept.map { (c: Int) throws(EngineError) -> Column in try table.columns[c].gather(repeated, cancel: ctx.cancel) }
            // The names cycle through the dictionary of column names.
            let codes = (0..<rows).map { Int32($0 % k) }
            out.append(Column(.string(codes: codes, dictionary: StringDictionary(names))))
            let values = columns.map { valueType == .float && table.columns[$0].type == .int ? Arithmetic.toFloat(table.columns[$0]) : table.columns[$0] }
            guard let woven = try Interleave.columns(values, rowCount: n, cancel: ctx.cancel) else {
                throw .invalid("internal error: unpivot's columns differ in type")
            }
            out.append(woven)
            return Table(fields: output, columns: out, rowCount: rows)
        }
    }
}

/// Shell-style patterns over names: `*` any text, `?` one character.
enum Glob {
    static func matches(_ name: String, _ pattern: String) -> Bool {
        let s = Array(name), p = Array(pattern)
        var i = 0, j = 0, star = -1, mark = 0
        while i < s.count {
            if j < p.count, p[j] == "?" || p[j] == s[i] {
                i += 1
                j += 1
            } else if j < p.count, p[j] == "*" {
                star = j
                mark = i
                j += 1
            } else if star >= 0 {
                j = star + 1
                mark += 1
                i = mark
            } else {
                return false
            }
        }
        while j < p.count, p[j] == "*" { j += 1 }
        return j == p.count
    }
}
