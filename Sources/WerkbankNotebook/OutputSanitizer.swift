import Foundation

/// A `sanitize:` rule of a notebook's front matter: a regular expression and
/// its replacement, applied to the recorded and the new output of every cell
/// before they are compared (as cram and nbval do), for output that changes
/// from run to run (a date, a timing) while the finding does not.
///
/// ```
/// sanitize:
///   - pattern: "\\d+ ms"
///     replace: "N ms"
/// ```
public struct OutputSanitizer: Sendable, Equatable {
    public let pattern: String
    public let replacement: String
    let regex: NSRegularExpression

    init(pattern: String, replacement: String, line: Int) throws(NotebookError) {
        self.pattern = pattern
        self.replacement = replacement
        do {
            regex = try NSRegularExpression(pattern: pattern, options: [.anchorsMatchLines])
        } catch {
            throw NotebookError("'pattern:' is not a valid regular expression: \(pattern)", line: line)
        }
    }

    func apply(_ text: String) -> String {
        regex.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: replacement)
    }

    /// `text` with every rule applied in order.
    static func apply(_ rules: [OutputSanitizer], to text: String) -> String {
        rules.reduce(text) { $1.apply($0) }
    }

    public static func == (a: OutputSanitizer, b: OutputSanitizer) -> Bool {
        a.pattern == b.pattern && a.replacement == b.replacement
    }
}

/// A `parameters:` entry: a parameter cell's name and its default pipeline.
public struct NotebookParameter: Sendable, Equatable {
    public var name: String
    public var defaultValue: String?
}
