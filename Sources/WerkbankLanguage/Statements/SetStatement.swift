import WerkbankEngine
import WerkbankRender

/// `set OPTION VALUE`: changes how results are shown. The settings are
/// declared once below; parsing, checking, help, completion and the docs read them.
public struct SetStatement: Statement {
    public let option: Token
    public let value: Token?

    /// One setting: its declaration and how a checked value changes `Settings`.
    struct Setting: Sendable {
        var declaration: OptionDeclaration
        /// Receives the value's text, lower-cased; for `.integer` it is a number in range.
        var apply: @Sendable (inout Settings, String) -> Void
    }

    static let settings: [Setting] = [
        Setting(declaration: OptionDeclaration("format", .choice(OutputFormat.allCases.map(\.rawValue)), "how results are written (default table)")) {
            $0.format = OutputFormat(rawValue: $1) ?? .table
        },
        Setting(declaration: OptionDeclaration("rows", .integer(0...1_000_000), "the rows a table shows (default 40)")) {
            $0.rows = Int($1) ?? $0.rows
        },
        Setting(declaration: OptionDeclaration("decimals", .integer(0...17), "decimals of floats in tables (default 4)")) {
            $0.decimals = Int($1) ?? $0.decimals
        },
        Setting(declaration: OptionDeclaration("color", .choice(["auto", "always", "never"]), "colours: auto follows the terminal")) {
            $0.colorAuto = $1 == "auto"
            if $1 != "auto" { $0.color = $1 == "always" }
        },
        Setting(declaration: OptionDeclaration("timer", .choice(["on", "off"]), "show how long each statement took")) {
            $0.timer = $1 == "on"
        },
    ]

    public static let help = StatementHelp(
        name: "set", syntax: "set OPTION VALUE", summary: "change how results are shown: " + settings.map {
            "\($0.declaration.name) \($0.declaration.value.words.isEmpty ? "N" : $0.declaration.value.words.joined(separator: "|"))"
        }.joined(separator: ", "),
        options: settings.map(\.declaration), optionForm: .setting)

    public static func starts(_ p: Parser) -> Bool { p.peek().kind == .end || p.peek().kind == .identifier }

    public static func parse(_ p: inout Parser, keyword: Token) throws(Diagnostic) -> StatementNode {
        p.expecting(.keywords(Settings.optionNames))
        if p.atEnd {
            throw Diagnostic("set needs an option and a value", at: keyword.span,
                             hint: "set " + Settings.optionNames.joined(separator: " | ") + " ...")
        }
        let option = p.advance()
        if let setting = settings.first(where: { $0.declaration.name == option.text.lowercased() }) {
            p.expecting(.keywords(setting.declaration.value.words))
        }
        var value: Token? = p.atEnd ? nil : p.advance()
        if let minus = value, minus.kind == .minus, p.current.kind == .integer {
            let n = p.advance()
            value = Token(kind: .integer, text: "-" + n.text, span: minus.span.union(n.span))
        }
        return .statement(SetStatement(option: option, value: value))
    }

    public var kind: StatementKind { .set(option: option.text.lowercased()) }

    public func execute(_ session: Session, source: String, _ context: ExecutionContext) throws(Diagnostic) -> StatementResult {
        try apply(to: &session.settings)
        return .nothing
    }

    /// Checks the value against the setting's declaration and applies it.
    func apply(to settings: inout Settings) throws(Diagnostic) {
        let key = option.text.lowercased()
        guard let setting = Self.settings.first(where: { $0.declaration.name == key }) else {
            throw Diagnostic("unknown option \"\(option.text)\"", at: option.span,
                             hint: DidYouMean.hint(key, among: Settings.optionNames) ?? "options: " + Settings.optionNames.joined(separator: ", "))
        }
        let kind = setting.declaration.value
        guard let value else { throw Diagnostic("set \(key) needs a value", at: option.span, hint: kind.description) }
        let text = value.text.lowercased()
        switch kind {
        case .integer(let range):
            guard value.kind == .integer, let n = Int(value.text), range.contains(n) else {
                throw Diagnostic("\(key) must be a whole number from \(range.lowerBound) to \(range.upperBound)", at: value.span)
            }
        case .choice(let words):
            guard words.contains(text) else {
                throw Diagnostic("unknown \(key) \"\(value.text)\"", at: value.span, hint: DidYouMean.hint(text, among: words) ?? kind.description)
            }
        case .string, .boolean, .table:
            break
        }
        setting.apply(&settings, text)
    }
}
