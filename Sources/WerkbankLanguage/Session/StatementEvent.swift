/// Something a statement did besides its result, reported while it ran (a
/// file written by `save`); `OutcomeRenderer.text(of:)` is the one place that
/// words it.
public enum StatementEvent: Sendable, Equatable {
    /// `save` wrote `rows` × `columns` to `path` (as written in the statement).
    case wrote(path: String, rows: Int, columns: Int)
    /// `save` did not write `path` because writing is not allowed (a
    /// notebook replay without --allow-write); it would have written
    /// `rows` × `columns`.
    case skippedWrite(path: String, rows: Int, columns: Int)
    /// `pivot` made `columns` columns from the values of `column`, leaving
    /// out `rowsWithoutValue` rows whose value was null.
    case pivoted(column: String, columns: Int, rowsWithoutValue: Int)
    /// A local table of `rows` rows was sent to a connection for the query.
    case sentToEngine(table: String, rows: Int, connection: String)
    /// The stages from `stage` on ran in werkbank over the `rows` rows the
    /// connection's query returned, because of `reason`.
    case ranInWerkbank(stage: String, rows: Int, connection: String, reason: String)

    /// The same event as if the file had been written: what a recorded
    /// notebook shows for a `save` that a replay skipped.
    public var asWritten: StatementEvent {
        switch self {
        case .wrote, .pivoted, .sentToEngine, .ranInWerkbank: self
        case .skippedWrite(let path, let rows, let columns): .wrote(path: path, rows: rows, columns: columns)
        }
    }
}
