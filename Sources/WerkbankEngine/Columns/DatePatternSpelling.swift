/// A date layout in another system's words (`strptime`'s `%d-%m-%Y`,
/// PostgreSQL's `DD-MM-YYYY`), so that a SQL engine reads the dates that
/// `DatePattern` reads.
public enum DatePatternPiece: Sendable, Equatable {
    case year4, year2, month, day
    case literal(UInt8)
}

extension DatePattern {
    /// The layout as pieces; one- and two-digit months (days) are one piece.
    public var pieces: [DatePatternPiece] {
        parts.map { part in
            switch part {
            case .year4: .year4
            case .year2: .year2
            case .month, .month2: .month
            case .day, .day2: .day
            case .literal(let c): .literal(c)
            }
        }
    }
}
