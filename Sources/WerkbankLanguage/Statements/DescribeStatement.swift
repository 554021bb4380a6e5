import WerkbankEngine

/// `describe TABLE`: statistics of each column, with the Library's notes on them.
public struct DescribeStatement: Statement {
    public let table: String
    public let span: SourceSpan

    public static let help = StatementHelp(
        name: "describe", syntax: "describe TABLE", summary: "statistics of each column, with the Library's column descriptions",
        details: "TABLE | describe gives min, max and mean as well.")

    public static func starts(_ p: Parser) -> Bool { p.nameFollows }

    public static func parse(_ p: inout Parser, keyword: Token) throws(Diagnostic) -> StatementNode {
        let (name, span) = try p.parseName("a table", .table)
        return .statement(DescribeStatement(table: name, span: span))
    }

    public var kind: StatementKind { .describe }

    public func execute(_ session: Session, source: String, _ context: ExecutionContext) throws(Diagnostic) -> StatementResult {
        let resolved = try session.resolve(table, span)
        return .table(try session.describeWithNotes(table, resolved, span: span), .table)
    }
}

extension Session {
    func describeWithNotes(_ name: String, _ table: Table, span: SourceSpan) throws(Diagnostic) -> Table {
        var described: Table
        do { described = try DescribeStage.describe(table, cancel) } catch { throw Diagnostic(error.message, at: span) }
        guard let meta = catalog.entry(name)?.metadata else { return described }
        let notes = table.fields.map { meta.columns[$0.name] }
        described.setColumn("unit", Column.strings(notes.map { $0?.unit }))
        described.setColumn("description", Column.strings(notes.map { $0?.description }))
        // The meaning last, where the table gives it the width that is left;
        // min, max and mean stay in `TABLE | describe`.
        let order = ["column", "type", "unit", "count", "nulls", "distinct", "description"]
        return described.project(order.compactMap { described.index(of: $0) })
    }
}
