/// What a user who knows SQL or dplyr writes, and what werkbank writes
/// instead: hints for the errors those words cause, in one place.
enum SQLHabits {
    /// A stage word from SQL, dplyr or pandas, and werkbank's stage.
    static let stages: [String: String] = [
        "head": "take N keeps the first N rows",
        "limit": "take N keeps the first N rows",
        "order": "sort COL [desc], …",
        "orderby": "sort COL [desc], …",
        "arrange": "sort COL [desc], …",
        "group": "summarize AGG(x), … by COL, … (or count by COL)",
        "groupby": "summarize AGG(x), … by COL, … (or count by COL)",
        "filter": "where CONDITION",
        "mutate": "derive name = EXPR",
        "having": "where, after summarize",
        "union": "append TABLE",
    ]

    /// A word after an operand that SQL has and werkbank does not.
    static func operatorHint(_ word: String) -> (message: String, hint: String)? {
        switch word.lowercased() {
        case "like", "ilike":
            ("werkbank has no \(word.lowercased())",
             "starts_with(x, \"Keil\"), ends_with(x, \"pand\"), contains(x, \"werf\") or matches(x, \"^K.*d$\")")
        case "between":
            ("werkbank has no between", "write x >= low and x <= high")
        default: nil
        }
    }
}
