import WerkbankEngine

/// `drop col, ...`: removes columns.
struct DropStage: Stage {
    let columns: [(String, SourceSpan)]

    static let help = StageHelp(
        name: "drop", syntax: "drop col, ...", summary: "remove columns", details: "",
        examples: [Example("cases | select id, name, city | drop id | take 2", "name,city\nKeilepand,Rotterdam\nKeilewerf I-II,Rotterdam\n")])

    static func parse(_ p: inout Parser, keyword: Token) throws(Diagnostic) -> DropStage {
        p.expecting(.columns(p.columnScope))
        if p.atStageEnd { throw Diagnostic("drop needs a column", at: keyword.span) }
        return DropStage(columns: try p.parseList { (p: inout Parser) throws(Diagnostic) in try p.parseName() })
    }

    func neededInput(_ downstream: Set<String>?) -> Set<String>? {
        // The dropped columns stay until here: binding needs them to exist.
        downstream.map { $0.subtracting(columns.map(\.0)).union(columns.map(\.0)) }
    }

    func bind(_ input: Schema, _ ctx: BindContext) throws(Diagnostic) -> BoundStage {
        let binder = ctx.binder(input)
        var dropped = Set<Int>()
        for (name, span) in columns { dropped.insert(try binder.columnIndex(name, span)) }
        let keep = input.indices.filter { !dropped.contains($0) }
        return BoundStage(output: keep.map { input[$0] }) { table, _ in table.project(keep) }
    }
}
