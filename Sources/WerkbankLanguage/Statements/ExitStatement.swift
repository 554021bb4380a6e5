import WerkbankEngine

/// `exit` or `quit`: leave the shell.
public struct ExitStatement: Statement {
    public static let help = StatementHelp(name: "exit", aliases: ["quit"], syntax: "exit | quit", summary: "leave (Ctrl-D too)")

    public static func starts(_ p: Parser) -> Bool { p.keywordIsAlone }

    public static func parse(_ p: inout Parser, keyword: Token) throws(Diagnostic) -> StatementNode {
        .statement(ExitStatement())
    }

    public var kind: StatementKind { .exit }

    public func execute(_ session: Session, source: String, _ context: ExecutionContext) throws(Diagnostic) -> StatementResult {
        .exit
    }
}
