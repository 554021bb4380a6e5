import Foundation
import Testing
import WerkbankRender

/// What issue 18 asked of the prompt's own texts: `note` confirms and says it
/// takes quoted text, naming a table like a Library table says the Library
/// table is hidden, and help wraps to the terminal's width with a hanging
/// indent (syntax lines and examples whole, so they can be copied).
@Suite struct PromptMessageTests {
    @Test func noteConfirmsAndSaysItTakesQuotedText() throws {
        // As the shell records it (notes are the shell's).
        let shell = try NB.Shell(folder: NB.folder())
        #expect(shell.type("note \"Eerst de gemeenten.\"") == "noted: a paragraph in the session's notebook (notebook show lists it)\n")
        let e = shell.type("note Eerst de gemeenten")
        #expect(e.contains("error: note takes its text in quotes"), "\(e)")
        #expect(e.contains("hint: note \"Your text here, in double quotes\""), "\(e)")
    }

    @Test func aTableNamedLikeALibraryTableSaysTheLibraryTableIsHidden() throws {
        let h = Harness(format: .table)
        #expect(
            h.run("let cases = cases | take 2").stdout
                == "cases: 2 rows × 20 columns; the Library table cases is hidden for the rest of the session\n")
        let path = NSTemporaryDirectory() + "wb-\(UUID().uuidString).csv"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "a\n1\n".write(toFile: path, atomically: true, encoding: .utf8)
        let loaded = h.run("load \"\(path)\" as terreinen").stdout
        #expect(loaded.hasSuffix("; the Library table terreinen is hidden for the rest of the session\n"), "\(loaded)")
        // A name that is no Library table's says nothing of the kind.
        #expect(!h.run("let mine = cases").stdout.contains("hidden"))
    }

    @Test(arguments: [60, 100])
    func helpWrapsItsProseWithAHangingIndent(width: Int) throws {
        let h = Harness(format: .table)
        h.session.settings.width = width
        let derive = h.run("help derive").stdout
        let lines = derive.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let examples = try #require(lines.firstIndex(of: "Examples:"))
        // Prose (everything above the examples) fits the width; its lines after
        // the syntax line are indented by two.
        for line in lines[..<examples] { #expect(TerminalWidth.of(line) <= width, "\(line)") }
        for line in lines[1..<examples] where !line.isEmpty { #expect(line.hasPrefix("  "), "\(line)") }
        // Each example stays one line, whatever its length.
        let long = "  cases | where entrepreneurs is not null | derive share = entrepreneurs / sum(entrepreneurs) by city | select name, city, share"
        #expect(lines.contains(long), "\(derive)")
        // The overview's lists of names wrap under their first name.
        let overview = h.run("help").stdout.split(separator: "\n").map(String.init)
        let functions = try #require(overview.firstIndex { $0.hasPrefix("Functions: ") })
        let names = try #require(overview.firstIndex { $0.hasPrefix("help TOPIC") })
        for line in overview[functions..<names] { #expect(TerminalWidth.of(line) <= width, "\(line)") }
        #expect(overview[functions + 1].hasPrefix(String(repeating: " ", count: "Functions: ".count)))
        // A table's notes wrap under their own start.
        for line in h.run("help cases").stdout.split(separator: "\n") { #expect(TerminalWidth.of(String(line)) <= width, "\(line)") }
    }
}
