import WerkbankEngine

/// `card`: shows each row vertically, one `column: value` per line.
struct CardStage: Stage {
    static let help = StageHelp(
        name: "card", syntax: "card",
        summary: "show each row as a card: one 'column: value' per line, rows separated by a blank line",
        details: "For wide rows, and for showing one case in class.",
        examples: [Example("cases | where id == \"keilepand\" | select name, city, founded | card", "name,city,founded\nKeilepand,Rotterdam,2015\n")])

    static func parse(_ p: inout Parser, keyword: Token) throws(Diagnostic) -> CardStage { CardStage() }

    func neededInput(_ downstream: Set<String>?) -> Set<String>? { nil }

    func bind(_ input: Schema, _ ctx: BindContext) throws(Diagnostic) -> BoundStage {
        BoundStage(output: input, presentation: .card) { table, _ in table }
    }
}
