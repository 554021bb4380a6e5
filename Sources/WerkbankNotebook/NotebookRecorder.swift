import Foundation
import WerkbankEngine
import WerkbankLanguage

/// Records a shell session as a notebook: every input that holds a
/// statement worth keeping becomes a cell with the output the user saw
/// (at width 100, without colour), `note "TEXT"` adds a paragraph of prose,
/// `notebook save "PATH"` writes it, `notebook clear` starts over.
///
/// The shell keeps the recorder alive (the session holds it weakly):
///
/// ```swift
/// let recorder = NotebookRecorder(session: session)
/// let outcomes = session.run(line)
/// recorder.record(line, outcomes: outcomes, session: session)
/// ```
///
/// Saving never overwrites a file it did not write without being asked
/// twice: a save over an existing file that differs and that this session
/// did not write (or that changed on disk since this session wrote it) is
/// refused with a message; the same `notebook save` repeated right away
/// overwrites it.
public final class NotebookRecorder: NotebookHandler {
    public private(set) var blocks: [NotebookBlock] = []
    /// The title written to the front matter; the first heading of a note
    /// when not set, else the file name.
    public var title: String?
    private var tracker: DatasetTracker?
    /// sha256 of the bytes this recorder last wrote, by resolved path.
    private var written: [String: String] = [:]
    /// A refused save, which the same save repeated at once overrides.
    private var refused: String?

    public init(title: String? = nil) {
        self.title = title
    }

    /// A recorder that answers the session's `note` and `notebook` statements.
    /// The caller keeps the recorder alive; the session holds it weakly.
    public convenience init(session: Session, title: String? = nil) {
        self.init(title: title)
        tracker = DatasetTracker(session: session)
        session.notebook = self
    }

    public var cellCount: Int {
        blocks.reduce(0) { if case .cell = $1 { $0 + 1 } else { $0 } }
    }

    // MARK: NotebookHandler

    public func record(_ input: String, outcomes: [Outcome], session: Session) {
        if tracker == nil { tracker = DatasetTracker(session: session) }
        tracker?.update(session)
        guard outcomes.contains(where: { NotebookOutput.isRecorded($0.statement) }) else { return }
        refused = nil
        let code = Self.code(input)
        let output = NotebookOutput.render(outcomes, source: code, settings: session.settings,
                                           baseDirectory: session.baseDirectory)
        blocks.append(.cell(code: code, output: output.text))
    }

    public func note(_ text: String) throws(Diagnostic) {
        let t = text.trimmingCharacters(in: .newlines)
        guard !t.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw Diagnostic("a note needs some text", at: nil, hint: "note \"What the table shows, and why it matters\"")
        }
        refused = nil
        blocks.append(.prose(t))
    }

    public func save(path: String, span: SourceSpan, session: Session) throws(Diagnostic) -> String {
        guard session.allowWrite else {
            return "notebook save skipped: not writing \(path) (replays write files only with --allow-write)"
        }
        let ext = (path as NSString).pathExtension.lowercased()
        guard ext == "md" || ext == "markdown" else {
            throw Diagnostic("a notebook is a Markdown file", at: span, hint: "end the path in .md")
        }
        guard !blocks.isEmpty else {
            throw Diagnostic("nothing to save yet: the notebook has no cells", at: span,
                             hint: "run a statement or add a note first")
        }
        if tracker == nil { tracker = DatasetTracker(session: session) }
        tracker?.update(session)
        let resolved = NotebookOutput.resolve(path, base: session.baseDirectory)
        let text = document(defaultTitle: Self.title(fromPath: path))
        let bytes = Array(text.utf8)
        let hash = SHA256.hex(bytes)

        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory) {
            if isDirectory.boolValue {
                throw Diagnostic("\(path) is a folder", at: span, hint: "give a file name ending in .md")
            }
            let existing = SHA256.hexOfFile(resolved)
            if existing == hash {
                written[resolved] = hash
                return "notebook \(path) is already up to date (\(summary))"
            }
            let ours = existing != nil && written[resolved] == existing
            if !ours && refused != resolved {
                refused = resolved
                let what = written[resolved] != nil ? "\(path) changed on disk since this session saved it"
                                                    : "\(path) already exists and was not written by this session"
                throw Diagnostic(what + "; not overwriting it", at: span,
                                 hint: "repeat the same notebook save to overwrite it, or save under another name")
            }
        }
        do {
            try AtomicFile.write(bytes, to: resolved)
        } catch {
            throw Diagnostic("cannot save the notebook: \(error.message)", at: span)
        }
        written[resolved] = hash
        refused = nil
        var message = "saved notebook \(path) (\(summary))"
        if let warning = relativePathWarning(path: path, session: session) { message += "\n" + warning }
        return message
    }

    public func clear(session: Session) -> String {
        let n = cellCount
        blocks.removeAll()
        refused = nil
        // Pin only what the cells recorded from now on read.
        session.forgetUsage()
        tracker = DatasetTracker(session: session)
        return "notebook cleared (\(n) cell\(n == 1 ? "" : "s") dropped)"
    }

    // MARK: The document

    /// The notebook as it would be saved now.
    public func document(defaultTitle: String? = nil) -> String {
        let pins = tracker?.all ?? []
        let title = self.title ?? firstHeading() ?? defaultTitle
        return NotebookDocument.compose(frontMatter: FrontMatter(title: title, datasets: pins), blocks: blocks)
    }

    private var summary: String {
        let n = cellCount, d = tracker?.all.count ?? 0
        return "\(n) cell\(n == 1 ? "" : "s"), \(d) dataset\(d == 1 ? "" : "s") pinned"
    }

    private func firstHeading() -> String? {
        for case .prose(let text) in blocks {
            for line in text.split(separator: "\n") where line.hasPrefix("#") {
                let t = line.drop(while: { $0 == "#" }).trimmingWhitespace()
                if !t.isEmpty { return String(t) }
            }
        }
        return nil
    }

    /// A replay resolves paths against the notebook's folder; say so when
    /// the notebook goes elsewhere than the folder the session's loads used.
    private func relativePathWarning(path: String, session: Session) -> String? {
        let folder = (path as NSString).deletingLastPathComponent
        guard !folder.isEmpty, folder != "." else { return nil }
        let relative = session.filesRead.map(\.written).filter { !$0.hasPrefix("/") && !$0.hasPrefix("~") }
        guard let first = relative.first else { return nil }
        return "note: a replay resolves \"\(first)\"\(relative.count > 1 ? " and the other loaded files" : "") against \(folder)/, "
            + "the notebook's folder; keep the data beside the notebook"
    }

    static func code(_ input: String) -> String {
        var code = input
        while let last = code.unicodeScalars.last, last == "\n" || last == "\r" {
            code.unicodeScalars.removeLast()
        }
        return code
    }

    /// "notes/cases-compared.md" → "cases compared".
    static func title(fromPath path: String) -> String {
        let base = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        return base.replacingOccurrences(of: "-", with: " ").replacingOccurrences(of: "_", with: " ")
    }
}
