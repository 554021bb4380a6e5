import WerkbankEngine
import WerkbankLanguage
import WerkbankRender

/// Builds the session a replay runs in (the command line passes one on the
/// bundled Library, or on `--library DIR`).
public typealias SessionFactory = () throws(EngineError) -> Session

/// How notebook output is made: the same for the shell's recording and a
/// replay, so the same statements on the same data give the same bytes.
public enum NotebookOutput {
    /// The fixed width of notebook output, whatever the terminal.
    public static let width = 100

    /// The session's settings with what a notebook fixes: width 100, no
    /// colour, no timer, table cells wrapped rather than cut (the Markdown
    /// file shows every value).
    public static func settings(_ s: Settings) -> Settings {
        var s = s
        s.width = width
        s.wrapCells = true
        s.color = false
        s.colorAuto = false
        s.timer = false
        return s
    }

    /// A cell's output as a notebook records it. `text` is what the replay
    /// shows; `asWritten` is the same with every `save` the replay skipped
    /// shown as written (the line a recording made with writing allowed
    /// has), and `writtenLines` those lines alone.
    public struct CellOutput: Sendable, Equatable {
        public var text: String
        public var asWritten: String
        public var writtenLines: [String]
        public var failed: Bool

        public init(text: String, asWritten: String? = nil, writtenLines: [String] = [], failed: Bool = false) {
            self.text = text
            self.asWritten = asWritten ?? text
            self.writtenLines = writtenLines
            self.failed = failed
        }
    }

    /// The outcome as a notebook shows it: an error about a relative path
    /// names the notebook's folder (where a replay resolves it), and with
    /// `asWritten` a skipped `save` reads as written.
    public static func forNotebook(_ outcome: Outcome, asWritten: Bool = false) -> Outcome {
        var outcome = outcome
        if case .failure(let d) = outcome.result { outcome.result = .failure(d.relocated(to: .notebookFolder)) }
        if asWritten { outcome.events = outcome.events.map(\.asWritten) }
        return outcome
    }

    /// The text a notebook records for one input: for each recorded
    /// statement, its stdout then its stderr, as the shell shows them.
    /// `baseDirectory` is the folder paths were resolved against; it is
    /// taken out of the text, so that no absolute path of this machine
    /// gets into a notebook.
    public static func render(
        _ outcomes: [Outcome], source: String, settings: Settings,
        baseDirectory: String
    ) -> CellOutput {
        let s = Self.settings(settings)
        let recorded = outcomes.filter(\.kind.isRecorded)
        func text(asWritten: Bool) -> String {
            var text = ""
            for outcome in recorded {
                let r = OutcomeRenderer.render(forNotebook(outcome, asWritten: asWritten), source: source, settings: s, batch: false)
                text += r.stdout + r.stderr
            }
            return normalizePaths(text, baseDirectory: baseDirectory)
        }
        let failed = recorded.contains { $0.diagnostic != nil }
        let skipped = recorded.flatMap(\.events).filter { if case .skippedWrite = $0 { true } else { false } }
        guard !skipped.isEmpty else { return CellOutput(text: text(asWritten: false), failed: failed) }
        return CellOutput(
            text: text(asWritten: false), asWritten: text(asWritten: true),
            writtenLines: skipped.map { normalizePaths(OutcomeRenderer.text(of: $0.asWritten), baseDirectory: baseDirectory) },
            failed: failed)
    }

    /// `text` without the absolute folder paths were resolved against.
    static func normalizePaths(_ text: String, baseDirectory: String) -> String {
        let base = baseDirectory.hasSuffix("/") ? String(baseDirectory.dropLast()) : baseDirectory
        guard !base.isEmpty, base != "." else { return text }
        return text.replacingAll(base + "/", with: "")
    }

    /// `path` resolved against `base` as the session resolves file paths.
    static func resolve(_ path: String, base: String) -> String {
        ExecutionContext(cancel: CancellationToken(), baseDirectory: base, allowWrite: false).resolve(path)
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty, contains(target) else { return self }
        return split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
