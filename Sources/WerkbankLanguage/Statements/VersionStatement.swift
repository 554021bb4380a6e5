import WerkbankEngine

/// `version`: which werkbank this is.
public struct VersionStatement: Statement {
    public static let help = StatementHelp(name: "version", syntax: "version", summary: "the werkbank version")

    public static func starts(_ p: Parser) -> Bool { p.keywordIsAlone }

    public static func parse(_ p: inout Parser, keyword: Token) throws(Diagnostic) -> StatementNode {
        .statement(VersionStatement())
    }

    public var kind: StatementKind { .version }

    public func execute(_ session: Session, source: String, _ context: ExecutionContext) throws(Diagnostic) -> StatementResult {
        .message("werkbank \(WerkbankVersion.current)")
    }
}

public enum WerkbankVersion {
    public static let current = "0.1.0"
}
