/// Every statement of the language that is not a pipeline, in the order
/// `help` lists them. The parser, `help`, completion and the docs read this list.
public enum StatementRegistry {
    public static let all: [any Statement.Type] = [
        LetStatement.self, LoadStatement.self, DatasetsStatement.self, DescribeStatement.self, HelpStatement.self,
        SetStatement.self, NoteStatement.self, NotebookStatement.self, ExplainStatement.self, ConnectStatement.self,
        ConnectionsStatement.self, DisconnectStatement.self, VersionStatement.self,
        ExitStatement.self,
    ]

    /// By every word that starts a statement (aliases too).
    public static let byKeyword: [String: any Statement.Type] = Dictionary(
        all.flatMap { type in type.help.keywords.map { ($0, type) } }, uniquingKeysWith: { a, _ in a })

    /// The words that start statements, aliases included.
    public static var keywords: [String] { all.flatMap { $0.help.keywords } }

    public static var names: [String] { all.map { $0.help.name } }

    /// Whether `name` is a word of the language (a statement or a stage) and so cannot name a table.
    public static func isReserved(_ name: String) -> Bool {
        byKeyword[name.lowercased()] != nil || StageRegistry.byName[name.lowercased()] != nil
    }
}
