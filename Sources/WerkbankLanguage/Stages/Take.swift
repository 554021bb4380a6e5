import WerkbankEngine

/// `take N`: the first N rows.
struct TakeStage: Stage {
    let count: Int
    let span: SourceSpan

    static let help = StageHelp(
        name: "take", syntax: "take N", summary: "the first N rows", details: "",
        examples: [Example("cases | take 2 | select name", "name\nKeilepand\nKeilewerf I-II\n")])

    static func parse(_ p: inout Parser, keyword: Token) throws(Diagnostic) -> TakeStage {
        let (n, span) = try p.parseInteger("a number of rows")
        guard n >= 0 else { throw Diagnostic("take needs a number of rows ≥ 0, got \(n)", at: span) }
        return TakeStage(count: n, span: span)
    }

    func neededInput(_ downstream: Set<String>?) -> Set<String>? { downstream }

    func bind(_ input: Schema, _ ctx: BindContext) throws(Diagnostic) -> BoundStage {
        let n = count
        return BoundStage(output: input) { table, _ in table.slice(0..<min(n, table.rowCount)) }
    }
}
