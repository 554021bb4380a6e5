import WerkbankEngine

/// A byte-level JSON parser for records: top-level objects are taken apart
/// into key/value pairs; nested objects and arrays are validated and kept as
/// their compact JSON text. Iterative (an explicit stack), nesting limited to
/// `maxDepth`, so no input can overflow the call stack.
struct JSONParser {
    static let maxDepth = 512

    enum Kind: UInt8 {
        case null, falseValue, trueValue, int, float, bigInt, string, nested
    }

    /// A parse error at a byte offset.
    struct Failure: Error {
        var offset: Int
        var message: String
    }

    let p: UnsafePointer<UInt8>
    let n: Int
    var pos: Int
    /// Value bytes of the last scalar/nested value (decoded for strings).
    var value: [UInt8] = []
    private var stack: [UInt8] = []

    init(p: UnsafePointer<UInt8>, n: Int, start: Int) {
        self.p = p
        self.n = n
        pos = start
    }

    static let quote = UInt8(ascii: "\"")
    static let backslash = UInt8(ascii: "\\")

    @inline(__always) mutating func skipWhitespace() {
        while pos < n {
            let b = p[pos]
            if b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { pos += 1 } else { break }
        }
    }

    @inline(__always) var atEnd: Bool { pos >= n }

    @inline(__always) func peek() -> UInt8? { pos < n ? p[pos] : nil }

    func describe(_ b: UInt8?) -> String {
        guard let b else { return "end of input" }
        if b >= 0x21, b < 0x7F { return "'" + String(UnicodeScalar(b)) + "'" }
        return "byte 0x" + TextDecoding.hex(b)
    }

    func fail(_ message: String) -> Failure { Failure(offset: pos, message: message) }

    /// After an object's member: true at `,` (another member follows),
    /// false at `}` (the object is closed); both are consumed.
    mutating func nextMember() throws(Failure) -> Bool {
        skipWhitespace()
        switch peek() {
        case UInt8(ascii: ","):
            pos += 1
            return true
        case UInt8(ascii: "}"):
            pos += 1
            return false
        default:
            throw fail("expected ',' or '}', found \(describe(peek()))")
        }
    }

    mutating func expect(_ b: UInt8, _ what: String) throws(Failure) {
        skipWhitespace()
        guard pos < n, p[pos] == b else { throw fail("expected \(what), found \(describe(peek()))") }
        pos += 1
    }

    /// A string at `pos` (at its opening quote), decoded into `value`.
    mutating func parseString() throws(Failure) {
        value.removeAll(keepingCapacity: true)
        try scanString(decode: true)
    }

    /// Scans a string; decodes into `value` or copies it raw.
    private mutating func scanString(decode: Bool) throws(Failure) {
        guard pos < n, p[pos] == Self.quote else { throw fail("expected a string, found \(describe(peek()))") }
        let start = pos
        if !decode { value.append(Self.quote) }
        pos += 1
        while true {
            guard pos < n else { throw Failure(offset: start, message: "unterminated string") }
            let b = p[pos]
            if b == Self.quote {
                pos += 1
                if !decode { value.append(Self.quote) }
                return
            }
            if b < 0x20 { throw fail("control character in a string (escape it as \\u00\(TextDecoding.hex(b)))") }
            if b != Self.backslash {
                value.append(b)
                pos += 1
                continue
            }
            guard pos + 1 < n else { throw Failure(offset: start, message: "unterminated string") }
            let e = p[pos + 1]
            if !decode {
                value.append(b)
                value.append(e)
            }
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"):
                if decode { value.append(e) }
                pos += 2
            case UInt8(ascii: "b"): if decode { value.append(0x08) }; pos += 2
            case UInt8(ascii: "f"): if decode { value.append(0x0C) }; pos += 2
            case UInt8(ascii: "n"): if decode { value.append(0x0A) }; pos += 2
            case UInt8(ascii: "r"): if decode { value.append(0x0D) }; pos += 2
            case UInt8(ascii: "t"): if decode { value.append(0x09) }; pos += 2
            case UInt8(ascii: "u"):
                pos += 2
                guard let unit = hex4() else { throw fail("bad \\u escape") }
                if !decode {
                    for k in (pos - 4)..<pos { value.append(p[k]) }
                }
                var scalar = UInt32(unit)
                if unit >= 0xD800, unit < 0xDC00 {
                    // A high surrogate: a low one should follow.
                    if pos + 1 < n, p[pos] == Self.backslash, p[pos + 1] == UInt8(ascii: "u") {
                        let save = pos
                        pos += 2
                        if let low = hex4(), low >= 0xDC00, low < 0xE000 {
                            if !decode {
                                for k in save..<pos { value.append(p[k]) }
                            }
                            scalar = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                        } else {
                            pos = save
                            scalar = 0xFFFD
                        }
                    } else {
                        scalar = 0xFFFD
                    }
                } else if unit >= 0xDC00, unit < 0xE000 {
                    scalar = 0xFFFD
                }
                if decode { appendUTF8(scalar) }
            default:
                throw fail("bad escape \\\(describe(e))")
            }
        }
    }

    private mutating func hex4() -> UInt16? {
        guard pos + 4 <= n else { return nil }
        var v: UInt16 = 0
        for k in 0..<4 {
            let b = p[pos + k]
            let d: UInt8
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = b - 48
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = b - 87
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = b - 55
            default: return nil
            }
            v = v << 4 | UInt16(d)
        }
        pos += 4
        return v
    }

    private mutating func appendUTF8(_ s: UInt32) {
        if s < 0x80 {
            value.append(UInt8(s))
        } else if s < 0x800 {
            value.append(UInt8(0xC0 | (s >> 6)))
            value.append(UInt8(0x80 | (s & 0x3F)))
        } else if s < 0x10000 {
            value.append(UInt8(0xE0 | (s >> 12)))
            value.append(UInt8(0x80 | ((s >> 6) & 0x3F)))
            value.append(UInt8(0x80 | (s & 0x3F)))
        } else {
            value.append(UInt8(0xF0 | (s >> 18)))
            value.append(UInt8(0x80 | ((s >> 12) & 0x3F)))
            value.append(UInt8(0x80 | ((s >> 6) & 0x3F)))
            value.append(UInt8(0x80 | (s & 0x3F)))
        }
    }

    /// A number at `pos`: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`;
    /// its text is appended to `value`. A float out of a Double's range is
    /// `.string` (its text), so it is never silently changed.
    private mutating func scanNumber() throws(Failure) -> Kind {
        let start = pos
        if pos < n, p[pos] == UInt8(ascii: "-") { pos += 1 }
        guard pos < n, NumberText.isDigit(p[pos]) else { throw Failure(offset: start, message: "bad number") }
        if p[pos] == UInt8(ascii: "0") {
            pos += 1
            if pos < n, NumberText.isDigit(p[pos]) { throw Failure(offset: start, message: "a number cannot start with 0") }
        } else {
            while pos < n, NumberText.isDigit(p[pos]) { pos += 1 }
        }
        var isFloat = false
        if pos < n, p[pos] == UInt8(ascii: ".") {
            pos += 1
            guard pos < n, NumberText.isDigit(p[pos]) else { throw fail("bad number: digits must follow '.'") }
            while pos < n, NumberText.isDigit(p[pos]) { pos += 1 }
            isFloat = true
        }
        if pos < n, p[pos] == UInt8(ascii: "e") || p[pos] == UInt8(ascii: "E") {
            pos += 1
            if pos < n, p[pos] == UInt8(ascii: "+") || p[pos] == UInt8(ascii: "-") { pos += 1 }
            guard pos < n, NumberText.isDigit(p[pos]) else { throw fail("bad number: digits must follow the exponent") }
            while pos < n, NumberText.isDigit(p[pos]) { pos += 1 }
            isFloat = true
        }
        for k in start..<pos { value.append(p[k]) }
        if isFloat {
            // A float no Double can hold (1e999) is kept as its text.
            return NumberText.parseDouble(p, start, pos - start, separator: UInt8(ascii: ".")) == nil ? .string : .float
        }
        return NumberText.parseInt(p, start, pos - start) != nil ? .int : .bigInt
    }

    private mutating func scanLiteral() throws(Failure) -> Kind {
        func matches(_ word: StaticString) -> Bool {
            let count = word.utf8CodeUnitCount
            guard pos + count <= n else { return false }
            let w = word.utf8Start
            for k in 0..<count where p[pos + k] != w[k] { return false }
            return true
        }
        if matches("true") { pos += 4; return .trueValue }
        if matches("false") { pos += 5; return .falseValue }
        if matches("null") { pos += 4; return .null }
        throw fail("unexpected \(describe(peek()))")
    }

    /// One value at `pos` (after whitespace). Scalars: their text in `value`
    /// (decoded for strings). Objects and arrays: validated, their compact
    /// text in `value`.
    mutating func parseValue() throws(Failure) -> Kind {
        skipWhitespace()
        value.removeAll(keepingCapacity: true)
        guard pos < n else { throw fail("expected a value, found end of input") }
        let b = p[pos]
        switch b {
        case Self.quote:
            try scanString(decode: true)
            return .string
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try scanNumber()
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            try scanNested()
            return .nested
        default:
            return try scanLiteral()
        }
    }

    /// An object or array, copied without insignificant whitespace.
    private mutating func scanNested() throws(Failure) {
        enum State { case valueOrClose, keyOrClose, key, value, afterValue }
        stack.removeAll(keepingCapacity: true)
        var state = State.value
        while true {
            skipWhitespace()
            guard pos < n else { throw fail("unexpected end of input inside \(stack.last == UInt8(ascii: "{") ? "an object" : "an array")") }
            let b = p[pos]
            switch state {
            case .valueOrClose, .keyOrClose:
                let close = state == .valueOrClose ? UInt8(ascii: "]") : UInt8(ascii: "}")
                if b == close {
                    value.append(b)
                    pos += 1
                    stack.removeLast()
                    if stack.isEmpty { return }
                    state = .afterValue
                } else {
                    state = state == .valueOrClose ? .value : .key
                }
            case .key:
                guard b == Self.quote else { throw fail("expected a key string, found \(describe(b))") }
                try scanString(decode: false)
                try expect(UInt8(ascii: ":"), "':' after the key")
                value.append(UInt8(ascii: ":"))
                state = .value
            case .value:
                if b == UInt8(ascii: "{") || b == UInt8(ascii: "[") {
                    if stack.count >= Self.maxDepth { throw fail("nesting deeper than \(Self.maxDepth) levels") }
                    stack.append(b)
                    value.append(b)
                    pos += 1
                    state = b == UInt8(ascii: "{") ? .keyOrClose : .valueOrClose
                } else if b == Self.quote {
                    try scanString(decode: false)
                    state = .afterValue
                } else if b == UInt8(ascii: "-") || NumberText.isDigit(b) {
                    _ = try scanNumber()
                    state = .afterValue
                } else {
                    let kind = try scanLiteral()
                    let text: StaticString = kind == .null ? "null" : (kind == .trueValue ? "true" : "false")
                    value.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
                    state = .afterValue
                }
            case .afterValue:
                guard let top = stack.last else { return }
                let close = top == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
                if b == UInt8(ascii: ",") {
                    value.append(b)
                    pos += 1
                    state = top == UInt8(ascii: "{") ? .key : .value
                } else if b == close {
                    value.append(b)
                    pos += 1
                    stack.removeLast()
                    if stack.isEmpty { return }
                } else {
                    throw fail("expected ',' or '\(String(UnicodeScalar(close)))', found \(describe(b))")
                }
            }
        }
    }
}
