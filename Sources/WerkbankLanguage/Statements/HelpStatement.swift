import WerkbankEngine

/// `help [TOPIC]`: the overview, or one statement, stage, function, aggregate or table.
public struct HelpStatement: Statement {
    public let topic: String?
    public let span: SourceSpan?

    public static let help = StatementHelp(
        name: "help", syntax: "help [TOPIC]", summary: "this overview, or one stage, function, aggregate, statement or table",
        details: "Topics also: stages, functions, aggregates, statements, expressions.")

    public static func parse(_ p: inout Parser, keyword: Token) throws(Diagnostic) -> StatementNode {
        p.expecting(.helpTopic)
        if p.atEnd { return .statement(HelpStatement(topic: nil, span: nil)) }
        let t = p.advance()
        return .statement(HelpStatement(topic: t.text, span: t.span))
    }

    public var kind: StatementKind { .help }

    public func execute(_ session: Session, source: String, _ context: ExecutionContext) throws(Diagnostic) -> StatementResult {
        .text(try HelpText.render(topic: topic, span: span, catalog: session.catalog, width: session.settings.renderOptions.width))
    }
}
