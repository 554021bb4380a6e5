import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import WerkbankEngine
@testable import WerkbankReaders

/// Writes the events as lines; adjacent text pieces are merged (a text run
/// may arrive in several pieces).
final class EventLog: XMLEventHandler {
    var lines: [String] = []
    var text = ""
    var stopAfter: Int?
    var stopped: Bool { stopAfter.map { lines.count >= $0 } ?? false }

    func flush() {
        if !text.isEmpty { lines.append("text " + text.debugDescription) }
        text = ""
    }
    func didStart(_ name: String, _ attributes: XMLAttributes) {
        flush()
        lines.append("start \(name)" + attributes.pairs.map { " \($0.name)=\($0.value.debugDescription)" }.joined())
    }
    func didEnd(_ name: String) {
        flush()
        lines.append("end \(name)")
    }
    func characters(_ text: String) { self.text += text }
}

@Suite struct XMLScannerTests {
    /// Scans `text` fed in pieces of `chunk` bytes (0: at once).
    static func scan(_ text: String, chunk: Int = 0) throws(XMLScanner.Failure) -> [String] {
        try scan(bytes: Array(text.utf8), chunk: chunk)
    }

    static func scan(bytes: [UInt8], chunk: Int = 0) throws(XMLScanner.Failure) -> [String] {
        let log = EventLog()
        var scanner = XMLScanner()
        let size = chunk == 0 ? max(bytes.count, 1) : chunk
        var start = 0
        while start < bytes.count {
            let end = min(start + size, bytes.count)
            let piece = Array(bytes[start..<end])
            var failure: XMLScanner.Failure?
            piece.withUnsafeBytes { raw in
                do throws(XMLScanner.Failure) { try scanner.feed(raw, to: log) } catch { failure = error }
            }
            if let failure { throw failure }
            start = end
        }
        try scanner.finish(to: log)
        log.flush()
        return log.lines
    }

    static let workbook = """
        \u{FEFF}<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <!DOCTYPE x [ <!ENTITY e "ignored>"> ]>
        <!-- a comment with <tags> & ampersands -->
        <x:worksheet xmlns:x="urn:x" xmlns:r='urn:r'>
          <x:row r="1" spans = '1:2'><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t xml:space="preserve"> a &amp; b &lt;&gt; &#233;&#x1F600; </t></is></c></x:row>
          <mergeCell ref="A1:B1"/>
          <t><![CDATA[<kept> & as is]]></t>
          <sheet name="Data &quot;2024&quot;" r:id="rId1"/>
        </x:worksheet>
        """

    static let expected = [
        "start x:worksheet xmlns:x=\"urn:x\" xmlns:r=\"urn:r\"", "text \"\\n  \"",
        "start x:row r=\"1\" spans=\"1:2\"", "start c r=\"A1\" t=\"s\"", "start v", "text \"0\"", "end v", "end c",
        "start c r=\"B1\" t=\"inlineStr\"", "start is", "start t xml:space=\"preserve\"", "text \" a & b <> é😀 \"", "end t", "end is", "end c",
        "end x:row", "text \"\\n  \"", "start mergeCell ref=\"A1:B1\"", "end mergeCell", "text \"\\n  \"",
        "start t", "text \"<kept> & as is\"", "end t", "text \"\\n  \"",
        "start sheet name=\"Data \\\"2024\\\"\" r:id=\"rId1\"", "end sheet", "text \"\\n\"", "end x:worksheet",
    ]

    @Test func eventsOfAWorkbookPart() throws {
        #expect(try Self.scan(Self.workbook) == Self.expected)
    }

    /// Tokens cut anywhere by chunk boundaries give the same events.
    @Test func chunkBoundariesDoNotMatter() throws {
        for size in [1, 2, 3, 5, 7, 16, 64] {
            #expect(try Self.scan(Self.workbook, chunk: size) == Self.expected, "chunks of \(size)")
        }
    }

    @Test func attributesByLocalName() {
        let a = XMLAttributes(pairs: [("name", "Data"), ("r:id", "rId1")])
        #expect(a["name"] == "Data" && a["id"] == nil && a.value(local: "id") == "rId1")
    }

    @Test(arguments: [
        ("<a><b></a>", "a closing tag does not match its opening tag (</a> closes <b>)", 1),
        ("<a>\n<b>1</b>\n", "it ends too early (<a> is not closed)", 3),
        ("<a>&nbsp;</a>", "unknown entity &nbsp;", 1),
        ("<a>fish & chips</a>", "a bare '&' (an entity without its ';')", 1),
        ("<a x=1/>", "attribute x of <a> is not quoted", 1),
        ("<a x=\"1\"y=\"2\"/>", "attributes of <a> are not separated by spaces", 1),
        ("<a/><b/>", "a second root element <b>", 1),
        ("text<a/>", "text outside the root element", 1),
        ("<a>\n<b c=\"1\"</a>", "a tag is not closed before the next '<'", 2),
        ("<a><!-- open", "it ends too early (inside a comment)", 1),
        ("</a>", "</a> closes no element", 1),
        ("", "there is no element", 1),
        ("<a>&#0;</a>", "unknown entity &#0;", 1),
        // Found by fuzz-xml: '<![' not starting CDATA was cut as if it did (a crash).
        ("<a><![[<c>]]></a>", "a declaration ('<!') inside the document", 1),
        ("<a/>\n<!x>", "a declaration ('<!') inside the document", 2),
        ("<a>&#xD800;</a>", "unknown entity &#xD800;", 1),
    ])
    func damage(_ text: String, _ message: String, _ line: Int) {
        for chunk in [0, 1] {
            #expect(throws: XMLScanner.Failure(message: message, line: line), "\(text.debugDescription) chunks \(chunk)") {
                try Self.scan(text, chunk: chunk)
            }
        }
    }

    @Test func utf16IsRefused() {
        let utf16: [UInt8] = [0xFF, 0xFE] + Array("<a/>".utf8).flatMap { [$0, 0] }
        // Also after a UTF-8 byte order mark, and when the first chunks are short (found by fuzz-xml).
        for (bytes, chunk) in [(utf16, 0), (utf16, 1), ([0xEF, 0xBB, 0xBF, 0x3C, 0x00, 0x61, 0x00], 3)] {
            #expect(throws: XMLScanner.Failure(message: "it is not UTF-8 (UTF-16 parts are not read)", line: 1)) {
                try Self.scan(bytes: bytes, chunk: chunk)
            }
        }
    }

    /// Line breaks: CR LF and CR read as LF in text; in attribute values every
    /// literal tab or line break is a space (character references are kept).
    @Test func lineBreaksAreNormalized() throws {
        #expect(try Self.scan("<a b=\"x\r\ny\tz&#10;\">1\r\n2\r3</a>") == ["start a b=\"x y z\\n\"", "text \"1\\n2\\n3\"", "end a"])
    }

    @Test func deepNestingIsRefused() {
        let deep = String(repeating: "<a>", count: XMLScanner.maxDepth + 1)
        #expect(throws: XMLScanner.Failure(message: "elements nested deeper than \(XMLScanner.maxDepth) levels", line: 1)) {
            try Self.scan(deep)
        }
    }

    @Test func aHandlerStopsTheScan() throws {
        let log = EventLog()
        log.stopAfter = 2
        var scanner = XMLScanner()
        let bytes = Array("<a><b/><c/><d/></a>".utf8)
        var failure: XMLScanner.Failure?
        bytes.withUnsafeBytes { raw in
            do throws(XMLScanner.Failure) { try scanner.feed(raw, to: log) } catch { failure = error }
        }
        #expect(failure == nil)
        try scanner.finish(to: log)
        #expect(log.lines == ["start a", "start b"])
    }

    #if canImport(FoundationXML)
    /// The same events as Foundation's XMLParser (libxml2) on random documents.
    @Test func agreesWithXMLParser() throws {
        var rng = SeededRandom(state: 7)
        for round in 0..<300 {
            let document = Self.randomDocument(&rng)
            let mine = try Self.scan(document, chunk: Int(rng.next() % 9))
            let theirs = XMLParserLog.events(document)
            #expect(mine == theirs, "round \(round): \(document)")
        }
    }

    static func randomDocument(_ rng: inout SeededRandom) -> String {
        let names = ["c", "row", "x:sheet", "t", "si"]
        let texts = ["1", "a &amp; b", "&lt;x&gt;", " ", "é", "&#65;&#x42;", "\"q\"", "line\nbreak", "'", "cr\r\nlf\rcr", "tab\t&#9;"]
        func pick<T>(_ a: [T]) -> T { a[Int(rng.next() % UInt64(a.count))] }
        func element(_ depth: Int) -> String {
            let name = pick(names)
            var s = "<" + name
            for k in 0..<Int(rng.next() % 3) {
                let value = pick(texts)
                s +=
                    " a\(k)="
                    + (rng.next() % 2 == 0
                        ? "\"\(value.replacingOccurrences(of: "\"", with: "&quot;"))\""
                        : "'\(value.replacingOccurrences(of: "'", with: "&apos;"))'")
            }
            if depth > 3 || rng.next() % 4 == 0 { return s + "/>" }
            s += ">"
            for _ in 0..<Int(rng.next() % 4) {
                switch rng.next() % 4 {
                case 0: s += pick(texts)
                case 1: s += "<!-- c -->"
                case 2: s += "<![CDATA[<&>]]>"
                default: s += element(depth + 1)
                }
            }
            return s + "</\(name)>"
        }
        return "<?xml version=\"1.0\"?>\n" + element(0)
    }
    #endif
}

#if canImport(FoundationXML)
/// XMLParser's events in `EventLog`'s form (attributes sorted: XMLParser gives a dictionary).
final class XMLParserLog: NSObject, XMLParserDelegate {
    var log = EventLog()

    static func events(_ document: String) -> [String] {
        let parser = XMLParser(data: Data(document.utf8))
        let me = XMLParserLog()
        parser.delegate = me
        guard parser.parse() else { return ["error \(String(describing: parser.parserError))"] }
        me.log.flush()
        return me.log.lines
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
        qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
    ) {
        log.didStart(elementName, XMLAttributes(pairs: attributeDict.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }))
    }
    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        log.didEnd(elementName)
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) { log.characters(string) }
    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) { log.characters(String(decoding: CDATABlock, as: UTF8.self)) }
}
#endif
