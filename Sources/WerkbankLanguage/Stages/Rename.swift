import WerkbankEngine

/// `rename new = old, ...`.
struct RenameStage: Stage {
    let pairs: [(new: String, old: String, span: SourceSpan, newSpan: SourceSpan)]

    static let help = StageHelp(
        name: "rename", syntax: "rename new = old, ...", summary: "rename columns", details: "",
        examples: [Example("cases | select name, founded | rename year = founded | take 2", "name,year\nKeilepand,2015\nKeilewerf I-II,2014\n")])

    static func parse(_ p: inout Parser, keyword: Token) throws(Diagnostic) -> RenameStage {
        if p.atStageEnd { throw Diagnostic("rename needs new = old", at: keyword.span) }
        let pairs = try p.parseList { (p: inout Parser) throws(Diagnostic) in
            let (new, newSpan) = try p.parseName("the new name", .newName)
            _ = try p.expect(.assign, "'=' (rename new = old)")
            let (old, span) = try p.parseName("the old column name")
            return (new: new, old: old, span: span, newSpan: newSpan)
        }
        return RenameStage(pairs: pairs)
    }

    func neededInput(_ downstream: Set<String>?) -> Set<String>? {
        guard var needed = downstream else { return nil }
        // Every renamed column stays until here (binding needs it to exist),
        // and a downstream name that a rename produces is not read from the input.
        for pair in pairs { needed.remove(pair.new) }
        for pair in pairs { needed.insert(pair.old) }
        return needed
    }

    func bind(_ input: Schema, _ ctx: BindContext) throws(Diagnostic) -> BoundStage {
        let binder = ctx.binder(input)
        var schema = input
        var renames: [(Int, String)] = []
        for pair in pairs {
            let i = try binder.columnIndex(pair.old, pair.span)
            schema[i].name = pair.new
            renames.append((i, pair.new))
        }
        var seen = Set<String>()
        for f in schema where !seen.insert(f.name).inserted {
            let span = pairs.first { $0.new == f.name }?.newSpan
            throw Diagnostic("two columns would be named \"\(f.name)\"", at: span, hint: "drop or rename the other one first")
        }
        return BoundStage(output: schema) { [renames] table, _ in
            var t = table
            for (i, name) in renames { t.rename(at: i, to: name) }
            return t
        }
    }
}
