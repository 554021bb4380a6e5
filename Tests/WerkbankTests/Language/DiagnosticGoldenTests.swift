import Foundation
import Testing

/// Every error message and hint, pinned: the statements of
/// `Golden/diagnostics.wb` run one by one and their rendered diagnostics must
/// equal `Golden/diagnostics.txt`. A refactoring that changes a message shows
/// up here as a diff to judge; `WERKBANK_UPDATE_GOLDEN=1` rewrites the file
/// after a deliberate change. (A golden file is right for wording; the values
/// the statements compute are checked elsewhere.)
@Suite struct DiagnosticGoldenTests {
    static let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    static let golden = tests.appendingPathComponent("Golden")
    static let fixtures = tests.deletingLastPathComponent().appendingPathComponent("Fixtures").path

    /// The cases: one a line, without blank lines and `#` comments.
    static func cases() throws -> [String] {
        let text = try String(contentsOf: golden.appendingPathComponent("diagnostics.wb"), encoding: .utf8)
        return text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
            .filter { !$0.hasPrefix("#") && !$0.allSatisfy(\.isWhitespace) }
    }

    /// What the user sees on stderr for one case, with the fixtures' folder
    /// written as `<fixtures>` so the file does not depend on the checkout.
    static func rendered(_ statement: String) -> (text: String, failed: Bool) {
        let out = Harness(format: .csv, baseDirectory: fixtures).run(statement)
        return (out.stderr.replacingOccurrences(of: fixtures, with: "<fixtures>"), out.failed)
    }

    @Test func everyMessageIsAsPinned() throws {
        var document = ""
        var succeeded: [String] = []
        for statement in try Self.cases() {
            let (text, failed) = Self.rendered(statement)
            if !failed { succeeded.append(statement) }
            document += "## \(statement)\n\(text)\n"
        }
        #expect(succeeded.isEmpty, "these cases no longer fail, so they pin no message: \(succeeded)")
        let file = Self.golden.appendingPathComponent("diagnostics.txt")
        if ProcessInfo.processInfo.environment["WERKBANK_UPDATE_GOLDEN"] == "1" {
            try document.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        if document != expected {
            let got = document.components(separatedBy: "\n## "), want = expected.components(separatedBy: "\n## ")
            let changed: [String] = zip(got, want).filter { $0.0 != $0.1 }.prefix(5).map { "now:\n## \($0.0)\nwas:\n## \($0.1)" }
            let counts = got.count != want.count ? "\n(\(got.count) cases now, \(want.count) pinned)" : ""
            Issue.record(
                """
                diagnostics changed (first differing cases below; WERKBANK_UPDATE_GOLDEN=1 rewrites diagnostics.txt \
                after a deliberate change):
                \(changed.joined(separator: "\n---\n"))\(counts)
                """)
        }
    }
}
