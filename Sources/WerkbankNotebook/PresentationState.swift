import WerkbankEngine
import WerkbankLanguage

/// The session behind `werkbank present`: the notebook's state at the slide
/// on screen. Whenever a cell runs, the session holds exactly the cells
/// before it, in the code the presentation has for them now (an edited cell
/// in its edited form): going on runs the cells in between; going back, an
/// edit of an earlier cell or an ad-hoc statement since (which may have
/// changed a `let`) replays the cells before it in a fresh session. So a
/// cell shows what it showed the first time, whatever was asked in between.
///
/// Replays never write files (`save` is skipped) and nothing is written to
/// the notebook: edits live only as long as the presentation.
final class PresentationState {
    let document: NotebookDocument
    let makeSession: SessionFactory
    let baseDirectory: String
    private(set) var replay: Replay
    /// The code of each cell as the presentation runs it.
    private(set) var codes: [String]
    /// Cells `0..<ran` have run in the session, in order, as `codes` has them.
    private(set) var ran = 0
    /// False after an ad-hoc statement or an edit of a cell that already ran:
    /// the session is no longer the notebook's state after `ran` cells.
    private var exact = true
    /// Ad-hoc statements ran on the state after this many cells (a second
    /// question sees the `let` of the first).
    private var askedAfter: Int?

    init(document: NotebookDocument, makeSession: @escaping SessionFactory, baseDirectory: String) throws(EngineError) {
        self.document = document
        self.makeSession = makeSession
        self.baseDirectory = baseDirectory
        codes = document.cells.map(\.code)
        replay = try Self.replay(document, makeSession, baseDirectory)
    }

    /// A fresh replay that knows what the notebook's cells write.
    private static func replay(
        _ document: NotebookDocument, _ makeSession: SessionFactory,
        _ baseDirectory: String
    ) throws(EngineError) -> Replay {
        let replay = try Replay(makeSession: makeSession, baseDirectory: baseDirectory, allowWrite: false)
        do { try replay.prepare(document) } catch { throw .invalid(error.description) }
        return replay
    }

    var session: Session { replay.session }

    func isEdited(_ cell: Int) -> Bool { codes[cell] != document.cells[cell].code }

    /// Replaces a cell's code; the cells after it may now give other outputs.
    func edit(_ cell: Int, code: String) {
        codes[cell] = code
        if ran > cell {
            exact = false
            askedAfter = nil
        }
    }

    /// Brings the session to the state after cells `0..<n`; returns the
    /// outcomes of the cells it ran to get there (index, outcomes).
    @discardableResult
    func reach(_ n: Int) throws(EngineError) -> [(Int, [Outcome])] {
        if !exact || ran > n {
            replay = try Self.replay(document, makeSession, baseDirectory)
            ran = 0
            exact = true
            askedAfter = nil
        }
        var done: [(Int, [Outcome])] = []
        while ran < n {
            done.append((ran, execute(ran)))
            ran += 1
        }
        return done
    }

    /// Runs a cell on the state of the cells before it.
    func run(_ cell: Int) throws(EngineError) -> [Outcome] {
        try reach(cell)
        let outcomes = execute(cell)
        ran = cell + 1
        return outcomes
    }

    /// Runs an ad-hoc statement on the state after cells `0..<n`.
    func ask(_ statement: String, after n: Int) throws(EngineError) -> [Outcome] {
        if askedAfter != n || ran != n { try reach(n) }
        askedAfter = n
        exact = false
        return session.run(statement)
    }

    private func execute(_ cell: Int) -> [Outcome] {
        if isEdited(cell) { return session.run(codes[cell]) }
        return replay.run(document.cells[cell])
    }
}
