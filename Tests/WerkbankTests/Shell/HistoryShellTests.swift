import Foundation
import Testing
import WerkbankEngine
import WerkbankLanguage
@testable import WerkbankShell

/// The history file, multi-line input and the readline glue, without a terminal.
@Suite final class HistoryShellTests {
    let root = NSTemporaryDirectory() + "werkbank-history-\(UUID().uuidString)"

    deinit { try? FileManager.default.removeItem(atPath: root) }

    func temporaryPath() -> String {
        root + "/\(UUID().uuidString)/werkbank/history"
    }

    @Test func defaultPathFollowsXDG() {
        #expect(HistoryFile.defaultPath(environment: ["XDG_DATA_HOME": "/x/data", "HOME": "/home/a"]) == "/x/data/werkbank/history")
        #expect(HistoryFile.defaultPath(environment: ["HOME": "/home/a"]) == "/home/a/.local/share/werkbank/history")
        // A relative XDG_DATA_HOME is invalid by the spec and ignored.
        #expect(HistoryFile.defaultPath(environment: ["XDG_DATA_HOME": "rel", "HOME": "/home/a"]) == "/home/a/.local/share/werkbank/history")
        #expect(HistoryFile.defaultPath(environment: [:]) == nil)
    }

    @Test func entriesRoundTripWithNewlinesAndBackslashes() throws {
        let h = HistoryFile(path: temporaryPath())
        #expect(h.load().isEmpty)
        let entries = ["cases | count", "cases |\n  where city == \"a\\\"b\"", "note \"x\\ny\"", "trailing \\"]
        try h.append(entries)
        #expect(h.load() == entries)
        let text = try String(contentsOfFile: h.path, encoding: .utf8)
        #expect(text.split(separator: "\n").count == entries.count)
    }

    @Test func consecutiveDuplicatesDroppedAndBounded() throws {
        let h = HistoryFile(path: temporaryPath(), limit: 3)
        try h.append(["a", "a", "b", "  ", "b", "a"])
        #expect(h.load() == ["a", "b", "a"])
        try h.append(["a", "c", "d"])
        #expect(h.load() == ["a", "c", "d"])
    }

    @Test func twoShellsMergeTheirEntries() throws {
        let path = temporaryPath()
        let first = HistoryFile(path: path), second = HistoryFile(path: path)
        try first.append(["from first"])
        try second.append(["from second"])
        try first.append(["first again"])
        #expect(HistoryFile(path: path).load() == ["from first", "from second", "first again"])
        // Written through a temporary file renamed over the old one: none left behind.
        let folder = (path as NSString).deletingLastPathComponent
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["history"])
    }

    @Test func unwritableHistoryIsAnError() {
        let h = HistoryFile(path: "/proc/werkbank-cannot/history")
        #expect(throws: HistoryError.self) { try h.append(["x"]) }
    }

    @Test func continuationLines() {
        var b = InputBuffer()
        #expect(b.add("cases |") == .needMore)
        #expect(b.pendingText == "cases |\n")
        #expect(b.add("  where founded > 2000") == .complete("cases |\n  where founded > 2000"))
        #expect(b.isEmpty)
        #expect(b.add("cases | derive x = round(") == .needMore)
        #expect(b.add("founded / 10)") == .complete("cases | derive x = round(\nfounded / 10)"))
        #expect(b.add("note \"first") == .needMore)
        // An empty line inside a string is part of it.
        #expect(b.add("") == .needMore)
        #expect(b.add("second\"") == .complete("note \"first\n\nsecond\""))
        // An empty line sends an unfinished pipeline as it is.
        #expect(b.add("cases |") == .needMore)
        #expect(b.add("   ") == .complete("cases |"))
        #expect(b.add("") == .complete(""))
        #expect(b.add("cases | count") == .complete("cases | count"))
    }

    @Test func lineStartingWithPipeContinuesThePreviousPipeline() {
        #expect(InputBuffer.continuing("| where x > 1", previous: "cases") == "cases\n| where x > 1")
        #expect(InputBuffer.continuing("  | take 2", previous: "cases | sort name") == "cases | sort name\n  | take 2")
        #expect(InputBuffer.continuing("| take 2", previous: nil) == nil)
        #expect(InputBuffer.continuing("cases | take 2", previous: "cases") == nil)
        // The continuation comes from the outcome's kind, as the session ran it.
        let folder = NSTemporaryDirectory() + "wb-cont-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = FileManager.default.createFile(atPath: folder + "/x.csv", contents: Data("a\n1\n2\n3\n".utf8))
        let h = Harness(baseDirectory: folder)
        func continuation(_ text: String) -> InputBuffer.Continuation? {
            h.session.run(text).last.map { InputBuffer.continuation(of: $0) }
        }
        #expect(continuation("cases | take 2") == .source("cases | take 2"))
        #expect(continuation("cases |\n  where city == \"Gent\"\n| take 2") == .source("cases |\n  where city == \"Gent\"\n| take 2"))
        #expect(continuation("load \"x.csv\" | take 2") == .source("load \"x.csv\" | take 2"))
        // Issue 16: after let, load … as and datasets, | continues what they show.
        #expect(continuation("let x = cases | take 2") == .source("x"))
        #expect(continuation("let `bruto ha` = cases") == .source("`bruto ha`"))
        #expect(continuation("load \"x.csv\" as t") == .source("t"))
        #expect(continuation("datasets") == .source("datasets"))
        #expect(continuation("describe cases") == InputBuffer.Continuation.none)
        #expect(continuation("set format csv") == .keep)
        #expect(continuation("help where") == .keep)
        #expect(continuation("explain cases | take 2") == .keep)
        // A failed statement keeps what was continued before.
        #expect(continuation("cases | where nosuch > 1") == .keep)
    }

    @Test func matchesAreAlignedToReadlinesWordStart() {
        let full = Array("load \"sub/po".utf8)
        // The completer replaces from after `sub/`; readline's word starts there too.
        let same = Completion(start: 10, word: "po", candidates: [Candidate("postcodes.csv", terminator: "\"")])
        #expect(LineEditor.align(same, full: full, readlineStart: 10).map { String(decoding: $0.text, as: UTF8.self) } == ["postcodes.csv"])
        // A backquoted name: our word includes the backquote, readline's does not.
        let odd = Array("odd | where `br".utf8)
        let quoted = Completion(start: 12, word: "`br", candidates: [Candidate("`bruto ha", terminator: "`")])
        #expect(LineEditor.align(quoted, full: odd, readlineStart: 13).map { String(decoding: $0.text, as: UTF8.self) } == ["bruto ha"])
        // Readline's word starting earlier: our text is prefixed.
        let earlier = Completion(start: 3, word: "c", candidates: [Candidate("city")])
        #expect(LineEditor.align(earlier, full: Array("ab c".utf8), readlineStart: 0).map { String(decoding: $0.text, as: UTF8.self) } == ["ab city"])
    }

    @Test func commonPrefixStopsAtCharacterBoundaries() {
        #expect(LineEditor.commonPrefix([Array("founded".utf8), Array("former_use".utf8)]) == Array("fo".utf8))
        #expect(LineEditor.commonPrefix([Array("é1".utf8), Array("é2".utf8)]) == Array("é".utf8))
        // "é" (C3 A9) and "è" (C3 A8) share a lead byte only.
        #expect(LineEditor.commonPrefix([Array("xé".utf8), Array("xè".utf8)]) == Array("x".utf8))
        #expect(LineEditor.commonPrefix([]) == [])
    }

    @Test func pagerOnlyForTallText() {
        #expect(!Pager.isTaller("a\nb\n", rows: 3))
        #expect(Pager.isTaller("a\nb\nc\n", rows: 3))
        #expect(Pager.fromEnvironment(["PAGER": "more"]).command == "more")
        #expect(Pager.fromEnvironment(["PAGER": " ", "PATH": "/nonexistent"]).command == nil)
    }

    @Test func colourFollowsNoColor() {
        #expect(!TerminalInfo.colorWanted(environment: ["NO_COLOR": "1"]))
        #expect(!TerminalInfo.colorWanted(environment: ["TERM": "dumb"]))
    }

    @Test func bannerWrapsTheTables() {
        let text = Banner.wrap("Library: ", ["cases (7)", "collectives (11)", "figures (15)"], width: 30)
        #expect(text == "Library: cases (7),\n         collectives (11),\n         figures (15)\n")
        let h = Harness(format: .table)
        let banner = Banner.text(session: h.session, width: 100, color: false)
        #expect(banner.hasPrefix("werkbank "))
        #expect(banner.contains("cases ("))
        #expect(banner.contains(Banner.example))
        #expect(!banner.contains("\u{1B}"))
    }
}
