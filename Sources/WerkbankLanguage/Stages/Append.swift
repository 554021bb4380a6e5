import WerkbankEngine

/// `append SOURCE`: rows of SOURCE below, matched by column name.
struct AppendStage: Stage {
    let source: String
    let span: SourceSpan

    static let help = StageHelp(
        name: "append", syntax: "append SOURCE",
        summary: "rows of SOURCE added below, matched by column name; missing values are null",
        details: "Columns only SOURCE has are added at the end. An int column meeting a float column becomes float.",
        examples: [Example("cases | where city == \"Gent\" | select name | append cases | count", "count\n8\n")])

    static func parse(_ p: inout Parser, keyword: Token) throws(Diagnostic) -> AppendStage {
        let (name, span) = try p.parseName("a table to append", .table)
        return AppendStage(source: name, span: span)
    }

    func neededInput(_ downstream: Set<String>?) -> Set<String>? { downstream }

    func bind(_ input: Schema, _ ctx: BindContext) throws(Diagnostic) -> BoundStage {
        let other = try ctx.table(source, span)
        var output = input
        for f in other.fields {
            if let i = output.firstIndex(where: { $0.name == f.name }) {
                let t = output[i].type
                if t == f.type { continue }
                guard t.isNumeric, f.type.isNumeric else {
                    throw Diagnostic("column \"\(f.name)\" is \(t.rawValue) here but \(f.type.rawValue) in \(source)", at: span,
                                     hint: "convert one of them with derive first")
                }
                output[i].type = .float
            } else {
                output.append(f)
            }
        }
        let source = self.source
        return BoundStage(output: output) { [output] table, ctx throws(EngineError) in
            // Both parts are copied into new columns of the summed length.
            try MemoryBudget.checkResult(rows: table.rowCount + other.rowCount, bytesPerRow: MemoryBudget.bytesPerRow(output.map(\.type)),
                                         what: "appending \(source)", hint: "select the columns you need before append")
            var columns: [Column] = []
            for f in output {
                let top = table.column(f.name) ?? .nulls(f.type, count: table.rowCount)
                let bottom = other.column(f.name) ?? .nulls(f.type, count: other.rowCount)
                let a = f.type == .float ? Arithmetic.toFloat(top) : top
                let b = f.type == .float ? Arithmetic.toFloat(bottom) : bottom
                try ctx.cancel.check()
                guard let c = a.appending(b) else { throw .invalid("cannot append column \(f.name)") }
                columns.append(c)
            }
            return Table(fields: output, columns: columns, rowCount: table.rowCount + other.rowCount)
        }
    }
}
