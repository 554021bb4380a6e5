import WerkbankEngine

/// What an `XMLScanner` tells as it reads: elements opening and closing,
/// and the text between them (entities decoded; one text run may arrive in
/// several pieces).
protocol XMLEventHandler: AnyObject {
    func didStart(_ name: String, _ attributes: XMLAttributes)
    func didEnd(_ name: String)
    func characters(_ text: String)
    /// Set to stop the scan (cancellation, a limit); the scanner returns.
    var stopped: Bool { get }
}

/// The attributes of one start tag, in document order (names as written,
/// with their prefix).
struct XMLAttributes {
    var pairs: [(name: String, value: String)] = []

    subscript(_ name: String) -> String? {
        for p in pairs where p.name == name { return p.value }
        return nil
    }

    /// By local name: `r:id` answers `id`.
    func value(local name: String) -> String? {
        if let v = self[name] { return v }
        for p in pairs where XMLScanner.local(p.name) == name { return p.value }
        return nil
    }
}

/// A streaming, byte-level XML reader for the parts of an xlsx workbook:
/// bytes go in as chunks of any size (a token may be cut anywhere), events
/// come out. It checks what a damaged file would break (tags nest and
/// close, attributes are quoted, entities are known) and holds only the
/// token being read, so a sheet of any size streams in constant memory.
///
/// Not a validating parser: a DOCTYPE is skipped, and its entities are not
/// expanded (an unknown `&name;` is an error), so no input can make it grow.
/// Processing instructions and comments are skipped; CDATA is text.
struct XMLScanner {
    /// A well-formedness error: what, and on which line.
    struct Failure: Error, Equatable {
        var message: String
        var line: Int
    }

    /// Deeper nesting than any workbook has: a limit on the open-tag stack.
    static let maxDepth = 10_000

    /// Bytes not yet consumed: a token cut by the end of the last chunk.
    private var buffer: [UInt8] = []
    /// Where the search for the pending token's end resumes in `buffer`.
    private var resume = 0
    /// Lines in the bytes already dropped from `buffer`.
    private var linesBefore = 1
    private var open: [String] = []
    private var sawRoot = false
    /// Whether the first bytes (a byte order mark) were looked at.
    private var begun = false
    private var attributes = XMLAttributes()
    private var scratch: [UInt8] = []

    init() {}

    /// Reads one chunk; events for every complete token go to `handler`.
    mutating func feed(_ chunk: UnsafeRawBufferPointer, to handler: some XMLEventHandler) throws(Failure) {
        buffer.append(contentsOf: chunk)
        if !begun {
            // The first bytes decide; until five are here (or the input ends) they wait.
            guard buffer.count >= 5 else { return }
            try begin()
        }
        try scan(to: handler, final: false)
    }

    /// The end of the input: what is still open is an error.
    mutating func finish(to handler: some XMLEventHandler) throws(Failure) {
        if !begun { try begin() }
        try scan(to: handler, final: true)
        if handler.stopped { return }
        if let name = open.last { throw Failure(message: "it ends too early (<\(name)> is not closed)", line: currentLine(at: buffer.count)) }
        if !sawRoot { throw Failure(message: "there is no element", line: currentLine(at: buffer.count)) }
    }

    /// A UTF-8 byte order mark is dropped; UTF-16 is refused.
    private mutating func begin() throws(Failure) {
        begun = true
        if TextDecoding.hasBOM(buffer) { buffer.removeFirst(3) }
        if buffer.count >= 2, buffer[0] == 0xFE || buffer[0] == 0xFF || buffer[0] == 0 || buffer[1] == 0 {
            throw Failure(message: "it is not UTF-8 (UTF-16 parts are not read)", line: 1)
        }
    }

    /// `x:row` → `row`.
    static func local(_ name: String) -> Substring {
        if let colon = name.utf8.lastIndex(of: UInt8(ascii: ":")) { return name[name.utf8.index(after: colon)...] }
        return Substring(name)
    }

    private func currentLine(at end: Int) -> Int {
        var lines = linesBefore
        for k in 0..<min(end, buffer.count) where buffer[k] == 0x0A { lines += 1 }
        return lines
    }

    private mutating func scan(to handler: some XMLEventHandler, final: Bool) throws(Failure) {
        var pos = 0
        defer {
            // Drop what was consumed; the rest waits for the next chunk.
            if pos > 0 {
                for k in 0..<pos where buffer[k] == 0x0A { linesBefore += 1 }
                buffer.removeSubrange(0..<pos)
                resume = max(0, resume - pos)
            }
        }
        let n = buffer.count
        while pos < n, !handler.stopped {
            if buffer[pos] != UInt8(ascii: "<") {
                // Text up to the next tag. Not final: wait until the tag is here.
                let end = find(UInt8(ascii: "<"), from: max(pos, resume)) ?? (final ? n : nil)
                guard let end else { resume = n; return }
                resume = 0
                if open.isEmpty {
                    if buffer[pos..<end].contains(where: { !Self.isSpace($0) }) {
                        throw Failure(message: "text outside the root element", line: currentLine(at: pos))
                    }
                } else {
                    let text = try decode(pos, end)
                    handler.characters(text)
                }
                pos = end
                continue
            }
            guard let (token, kind) = try nextToken(pos, final: final) else { return }
            resume = 0
            try markup(kind, pos, token, to: handler)
            pos = token
        }
    }

    /// The kinds of markup.
    enum Markup { case tag, comment, cdata, instruction, declaration }

    /// The end (one past the last byte) and kind of the markup at `pos`, nil
    /// when it is not complete yet.
    private mutating func nextToken(_ pos: Int, final: Bool) throws(Failure) -> (Int, Markup)? {
        let n = buffer.count
        func starts(_ s: StaticString, at p: Int) -> Bool? {
            let count = s.utf8CodeUnitCount
            for k in 0..<count {
                guard p + k < n else { return nil }
                if buffer[p + k] != s.utf8Start[k] { return false }
            }
            return true
        }
        func incomplete(_ what: String) throws(Failure) -> (Int, Markup)? {
            if final { throw Failure(message: "it ends too early (inside \(what))", line: currentLine(at: pos)) }
            resume = 0
            return nil
        }
        func through(_ terminator: StaticString, from start: Int, what: String, _ kind: Markup) throws(Failure) -> (Int, Markup)? {
            let count = terminator.utf8CodeUnitCount
            var p = max(start, resume)
            while p + count <= n {
                if buffer[p] == terminator.utf8Start[0], starts(terminator, at: p) == true { return (p + count, kind) }
                p += 1
            }
            if final { throw Failure(message: "it ends too early (inside \(what))", line: currentLine(at: pos)) }
            resume = max(start, n - count + 1)
            return nil
        }
        guard pos + 1 < n else { return try incomplete("a tag") }
        switch buffer[pos + 1] {
        case UInt8(ascii: "?"):
            return try through("?>", from: pos + 2, what: "a processing instruction", .instruction)
        case UInt8(ascii: "!"):
            guard let comment = starts("<!--", at: pos) else { return try incomplete("a comment") }
            if comment { return try through("-->", from: pos + 4, what: "a comment", .comment) }
            guard let cdata = starts("<![CDATA[", at: pos) else { return try incomplete("a CDATA section") }
            if cdata { return try through("]]>", from: pos + 9, what: "a CDATA section", .cdata) }
            // A declaration (DOCTYPE): up to its '>', past an internal subset in [ ].
            if let end = try closingAngle(from: pos + 2, declaration: true) { return (end, .declaration) }
            return try incomplete("a declaration")
        default:
            // A tag: up to the '>' outside quoted attribute values.
            // (Rescanned from its start when it comes in pieces: tags are short.)
            if let end = try closingAngle(from: pos + 1, declaration: false) { return (end, .tag) }
            return try incomplete("a tag")
        }
    }

    /// One past the '>' that ends the markup from `start`, passing over quoted
    /// values (and in a declaration an internal subset in [ ]); nil when it
    /// is not here yet. In a tag, a '<' first means the tag was never closed.
    private func closingAngle(from start: Int, declaration: Bool) throws(Failure) -> Int? {
        var depth = 0
        var quote: UInt8 = 0
        var p = start
        while p < buffer.count {
            let b = buffer[p]
            if quote != 0 {
                if b == quote { quote = 0 }
            } else if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") {
                quote = b
            } else if declaration && b == UInt8(ascii: "[") {
                depth += 1
            } else if declaration && b == UInt8(ascii: "]") {
                depth -= 1
            } else if b == UInt8(ascii: ">") && depth <= 0 {
                return p + 1
            } else if !declaration && b == UInt8(ascii: "<") {
                throw Failure(message: "a tag is not closed before the next '<'", line: currentLine(at: p))
            }
            p += 1
        }
        return nil
    }

    /// Acts on one complete piece of markup, buffer[start..<end].
    private mutating func markup(_ kind: Markup, _ start: Int, _ end: Int, to handler: some XMLEventHandler) throws(Failure) {
        switch kind {
        case .tag: break
        case .comment, .instruction: return
        case .cdata:
            // Its text as it is.
            guard !open.isEmpty else { throw Failure(message: "CDATA outside the root element", line: currentLine(at: start)) }
            handler.characters(String(decoding: buffer[(start + 9)..<(end - 3)], as: UTF8.self))
            return
        case .declaration:
            // Only a DOCTYPE, before the root element.
            guard !sawRoot else { throw Failure(message: "a declaration ('<!') inside the document", line: currentLine(at: start)) }
            return
        }
        var p = start + 1
        let closing = buffer[start + 1] == UInt8(ascii: "/")
        if closing { p += 1 }
        let nameStart = p
        while p < end - 1, !Self.isSpace(buffer[p]), buffer[p] != UInt8(ascii: "/"), buffer[p] != UInt8(ascii: ">") { p += 1 }
        guard p > nameStart, Self.isNameStart(buffer[nameStart]) else {
            throw Failure(message: "a tag without a valid name", line: currentLine(at: start))
        }
        let name = String(decoding: buffer[nameStart..<p], as: UTF8.self)
        if closing {
            while p < end - 1, Self.isSpace(buffer[p]) { p += 1 }
            guard p == end - 1 else { throw Failure(message: "a closing tag </\(name)> with more in it", line: currentLine(at: start)) }
            guard let top = open.popLast() else {
                throw Failure(message: "</\(name)> closes no element", line: currentLine(at: start))
            }
            guard top == name else {
                throw Failure(message: "a closing tag does not match its opening tag (</\(name)> closes <\(top)>)", line: currentLine(at: start))
            }
            handler.didEnd(name)
            return
        }
        if open.isEmpty {
            if sawRoot { throw Failure(message: "a second root element <\(name)>", line: currentLine(at: start)) }
            sawRoot = true
        }
        attributes.pairs.removeAll(keepingCapacity: true)
        var selfClosing = false
        while true {
            let before = p
            while p < end - 1, Self.isSpace(buffer[p]) { p += 1 }
            if p >= end - 1 { break }
            if buffer[p] == UInt8(ascii: "/") {
                guard p == end - 2 else { throw Failure(message: "a stray '/' in <\(name)>", line: currentLine(at: start)) }
                selfClosing = true
                break
            }
            guard p > before else { throw Failure(message: "attributes of <\(name)> are not separated by spaces", line: currentLine(at: start)) }
            let attributeStart = p
            while p < end - 1, buffer[p] != UInt8(ascii: "="), !Self.isSpace(buffer[p]) { p += 1 }
            guard p > attributeStart else { throw Failure(message: "a bad attribute in <\(name)>", line: currentLine(at: start)) }
            let attributeName = String(decoding: buffer[attributeStart..<p], as: UTF8.self)
            while p < end - 1, Self.isSpace(buffer[p]) { p += 1 }
            guard p < end - 1, buffer[p] == UInt8(ascii: "=") else {
                throw Failure(message: "attribute \(attributeName) of <\(name)> has no value", line: currentLine(at: start))
            }
            p += 1
            while p < end - 1, Self.isSpace(buffer[p]) { p += 1 }
            guard p < end - 1, buffer[p] == UInt8(ascii: "\"") || buffer[p] == UInt8(ascii: "'") else {
                throw Failure(message: "attribute \(attributeName) of <\(name)> is not quoted", line: currentLine(at: start))
            }
            let quote = buffer[p]
            let valueStart = p + 1
            p = valueStart
            while p < end - 1, buffer[p] != quote { p += 1 }
            guard p < end - 1 else { throw Failure(message: "attribute \(attributeName) of <\(name)> is not closed", line: currentLine(at: start)) }
            attributes.pairs.append((attributeName, try decode(valueStart, p, attribute: true)))
            p += 1
        }
        if !selfClosing {
            guard open.count < Self.maxDepth else {
                throw Failure(message: "elements nested deeper than \(Self.maxDepth) levels", line: currentLine(at: start))
            }
            open.append(name)
        }
        handler.didStart(name, attributes)
        if selfClosing && !handler.stopped { handler.didEnd(name) }
    }

    /// buffer[start..<end] as text: entities and character references
    /// decoded, line breaks (CR LF, CR) read as LF, and in an attribute value
    /// every literal tab or line break a space (XML's normalization).
    private mutating func decode(_ start: Int, _ end: Int, attribute: Bool = false) throws(Failure) -> String {
        let plain = !buffer[start..<end].contains(where: {
            $0 == UInt8(ascii: "&") || $0 == 0x0D || (attribute && ($0 == 0x0A || $0 == 0x09))
        })
        if plain { return String(decoding: buffer[start..<end], as: UTF8.self) }
        scratch.removeAll(keepingCapacity: true)
        var p = start
        while p < end {
            let b = buffer[p]
            switch b {
            case 0x0D:
                if p + 1 < end, buffer[p + 1] == 0x0A { p += 1 }
                scratch.append(attribute ? 0x20 : 0x0A)
                p += 1
            case 0x0A, 0x09:
                scratch.append(attribute ? 0x20 : b)
                p += 1
            case UInt8(ascii: "&"):
                var q = p + 1
                while q < end, q - p <= 12, buffer[q] != UInt8(ascii: ";") { q += 1 }
                guard q < end, buffer[q] == UInt8(ascii: ";") else {
                    throw Failure(message: "a bare '&' (an entity without its ';')", line: currentLine(at: p))
                }
                let body = buffer[(p + 1)..<q]
                guard let scalar = Self.entity(body) else {
                    throw Failure(message: "unknown entity &\(String(decoding: body, as: UTF8.self));", line: currentLine(at: p))
                }
                scratch.append(contentsOf: String(Character(scalar)).utf8)
                p = q + 1
            default:
                scratch.append(b)
                p += 1
            }
        }
        return String(decoding: scratch, as: UTF8.self)
    }

    /// The five named entities and numeric character references.
    static func entity(_ body: ArraySlice<UInt8>) -> Unicode.Scalar? {
        switch String(decoding: body, as: UTF8.self) {
        case "lt": return "<"
        case "gt": return ">"
        case "amp": return "&"
        case "quot": return "\""
        case "apos": return "'"
        default: break
        }
        guard body.first == UInt8(ascii: "#") else { return nil }
        var digits = body.dropFirst()
        var radix: UInt32 = 10
        if digits.first == UInt8(ascii: "x") {
            radix = 16
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.count <= 8 else { return nil }
        var value: UInt32 = 0
        for d in digits {
            let v: UInt32
            switch d {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): v = UInt32(d - 48)
            case UInt8(ascii: "a")...UInt8(ascii: "f") where radix == 16: v = UInt32(d - 87)
            case UInt8(ascii: "A")...UInt8(ascii: "F") where radix == 16: v = UInt32(d - 55)
            default: return nil
            }
            value = value * radix + v  // at most 8 hex digits: fits UInt32
        }
        guard value != 0 else { return nil }
        return Unicode.Scalar(value)
    }

    private func find(_ byte: UInt8, from start: Int) -> Int? {
        var p = start
        let n = buffer.count
        while p < n {
            if buffer[p] == byte { return p }
            p += 1
        }
        return nil
    }

    @inline(__always) static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }

    @inline(__always) static func isNameStart(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
            || b == UInt8(ascii: "_") || b == UInt8(ascii: ":") || b >= 0x80
    }
}
