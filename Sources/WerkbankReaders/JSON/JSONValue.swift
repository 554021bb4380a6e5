import WerkbankEngine

/// A small JSON document as a tree, for files read whole and then walked
/// (the Library manifest). Tables of records go through `JSONReader`
/// instead, which never builds a tree.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Parses a whole document; errors name the line and column.
    public static func parse(_ text: String, name: String) throws(EngineError) -> JSONValue {
        var bytes = Array(text.utf8)
        if TextDecoding.hasBOM(bytes) { bytes.removeFirst(3) }
        return try bytes.withUnsafeBufferPointer { (buffer) throws(EngineError) -> JSONValue in
            guard let base = buffer.baseAddress, !buffer.isEmpty else { throw .badFile(path: name, message: "empty file", line: nil) }
            var parser = JSONParser(p: base, n: buffer.count, start: 0)
            do throws(JSONParser.Failure) {
                let value = try parser.parseTree(depth: 0)
                parser.skipWhitespace()
                if !parser.atEnd { throw parser.fail("more after the JSON value: \(parser.describe(parser.peek()))") }
                return value
            } catch {
                let (line, column) = JSONReader.position(buffer, offset: error.offset)
                throw .badFile(path: name, message: "\(error.message) (column \(column))", line: line)
            }
        }
    }

    public subscript(_ key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    public var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var array: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    public var number: Double? {
        if case .number(let d) = self { return d }
        return nil
    }
}

extension JSONParser {
    /// The value at `pos` as a tree (recursion bounded by `maxDepth`).
    mutating func parseTree(depth: Int) throws(Failure) -> JSONValue {
        skipWhitespace()
        guard let first = peek() else { throw fail("expected a value, found end of input") }
        guard first == UInt8(ascii: "{") || first == UInt8(ascii: "[") else {
            let kind = try parseValue()
            let text = String(decoding: value, as: UTF8.self)
            switch kind {
            case .null: return .null
            case .trueValue: return .bool(true)
            case .falseValue: return .bool(false)
            case .int, .float, .bigInt:
                guard let d = Double(text), d.isFinite else { throw fail("the number \(text) is out of range") }
                return .number(d)
            case .string:
                // parseValue calls a float out of a Double's range a string (its text).
                if first != Self.quote { throw fail("the number \(text) is out of range") }
                return .string(text)
            case .nested:
                throw fail("unexpected \(describe(first))")
            }
        }
        guard depth < Self.maxDepth else { throw fail("nesting deeper than \(Self.maxDepth) levels") }
        let isObject = first == UInt8(ascii: "{")
        let close = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
        pos += 1
        var members: [String: JSONValue] = [:]
        var elements: [JSONValue] = []
        skipWhitespace()
        if peek() == close {
            pos += 1
        } else {
            while true {
                if isObject {
                    skipWhitespace()
                    try parseString()
                    let key = String(decoding: value, as: UTF8.self)
                    try expect(UInt8(ascii: ":"), "':' after the key")
                    members[key] = try parseTree(depth: depth + 1)
                } else {
                    elements.append(try parseTree(depth: depth + 1))
                }
                skipWhitespace()
                if peek() == UInt8(ascii: ",") {
                    pos += 1
                    continue
                }
                try expect(close, isObject ? "',' or '}'" : "',' or ']'")
                break
            }
        }
        return isObject ? .object(members) : .array(elements)
    }
}
