/// A word after `werkbank` in a cell's info string (```` ```werkbank expect-error ````):
/// how a replay treats the cell.
public enum CellMarker: String, CaseIterable, Sendable {
    /// The cell must fail; its error is the recorded output and is compared.
    case expectError = "expect-error"
    /// The cell runs, but its output is never compared (nor rewritten by `--update`).
    case ignoreOutput = "ignore-output"
    /// A `let NAME = …` cell that `werkbank run NB.md --param NAME=PIPELINE` replaces.
    case parameter

    /// The markers of an info string after its first word, in order; an
    /// unknown word is an error (a typo must not silently do nothing).
    static func parse(info: String, line: Int) throws(NotebookError) -> [CellMarker] {
        let words = info.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst()
        var markers: [CellMarker] = []
        for word in words {
            guard let marker = CellMarker(rawValue: word.lowercased()) else {
                let known = allCases.map(\.rawValue).joined(separator: ", ")
                throw NotebookError("unknown cell marker \"\(word)\" after werkbank (known: \(known))", line: line)
            }
            if !markers.contains(marker) { markers.append(marker) }
        }
        if markers.contains(.expectError) && markers.contains(.ignoreOutput) {
            throw NotebookError("a cell cannot be both expect-error and ignore-output", line: line)
        }
        return markers
    }

    /// The info string of a cell with these markers.
    static func info(_ markers: [CellMarker]) -> String {
        (["werkbank"] + markers.map(\.rawValue)).joined(separator: " ")
    }
}
