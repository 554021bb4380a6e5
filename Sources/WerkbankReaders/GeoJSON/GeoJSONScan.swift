import WerkbankEngine

/// The streaming walk over a GeoJSON document: features, their properties
/// (kept as JSON text for the JSON reader) and ids; each geometry is summed
/// up as it is met (`GeoJSONGeometry.swift`), and `table` (`GeoJSONTable.swift`)
/// builds the columns.
struct GeoJSONScan {
    enum Failure: Error {
        case syntax(JSONParser.Failure)
        case notGeoJSON(String)
        case cancelled
    }

    var parser: JSONParser
    let cancel: CancellationToken
    /// `[` + the properties objects, comma-separated, + `]`, for the JSON reader.
    var properties: [UInt8] = [UInt8(ascii: "[")]
    var ids: [String?] = []
    var idKinds: Set<JSONParser.Kind> = []
    var shapes: [Shape] = []
    var topType: String?
    var crs: String?
    /// Decided at the first vertex: nil until then.
    var rd: Bool?
    /// Some vertex is no longitude/latitude (and the file is not RD).
    var notDegrees = false
    var ring: [Double] = []

    init(parser: JSONParser, cancel: CancellationToken) {
        self.parser = parser
        self.cancel = cancel
    }

    mutating func wrap<T>(_ body: (inout JSONParser) throws(JSONParser.Failure) -> T) throws(Failure) -> T {
        do { return try body(&parser) } catch { throw .syntax(error) }
    }

    mutating func key() throws(Failure) -> String {
        try wrap { (p) throws(JSONParser.Failure) in
            p.skipWhitespace()
            try p.parseString()
            try p.expect(UInt8(ascii: ":"), "':' after the key")
        }
        return String(decoding: parser.value, as: UTF8.self)
    }

    /// After a member: `true` if another follows, `false` at the closing bracket.
    mutating func next(_ close: UInt8) throws(Failure) -> Bool {
        parser.skipWhitespace()
        if parser.peek() == UInt8(ascii: ",") { parser.pos += 1; return true }
        if parser.peek() == close { parser.pos += 1; return false }
        throw .syntax(parser.fail("expected ',' or '\(String(UnicodeScalar(close)))', found \(parser.describe(parser.peek()))"))
    }

    mutating func open(_ b: UInt8, _ what: String) throws(Failure) -> Bool {
        parser.skipWhitespace()
        guard parser.peek() == b else { throw .syntax(parser.fail("expected \(what), found \(parser.describe(parser.peek()))")) }
        parser.pos += 1
        parser.skipWhitespace()
        if parser.peek() == (b == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
            parser.pos += 1
            return false
        }
        return true
    }

    mutating func skipValue() throws(Failure) -> JSONParser.Kind {
        try wrap { (p) throws(JSONParser.Failure) in try p.parseValue() }
    }

    mutating func stringValue() throws(Failure) -> String? {
        let kind = try skipValue()
        return kind == .string ? String(decoding: parser.value, as: UTF8.self) : nil
    }

    mutating func document() throws(Failure) {
        while let b = parser.peek(), b == 0x1E || b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { parser.pos += 1 }
        guard parser.peek() == UInt8(ascii: "{") else { throw .notGeoJSON("the top level is not an object") }
        var sawFeatures = false
        var single = false
        if try open(UInt8(ascii: "{"), "an object") {
            repeat {
                switch try key() {
                case "type": topType = try stringValue()
                case "features":
                    sawFeatures = true
                    parser.skipWhitespace()
                    if parser.peek() == UInt8(ascii: "n") { _ = try skipValue(); break }
                    if try open(UInt8(ascii: "["), "the features array") {
                        repeat { try feature() } while try next(UInt8(ascii: "]"))
                    }
                case "crs": _ = try skipValue(); crs = String(decoding: parser.value, as: UTF8.self)
                case "properties" where topType == "Feature" || topType == nil:
                    single = true
                    try propertiesValue()
                case "geometry" where topType == "Feature" || topType == nil:
                    single = true
                    shapes.append(try geometryValue())
                case "id":
                    let kind = try skipValue()
                    ids.append(kind == .null ? nil : String(decoding: parser.value, as: UTF8.self))
                    idKinds.insert(kind)
                default: _ = try skipValue()
                }
            } while try next(UInt8(ascii: "}"))
        }
        parser.skipWhitespace()
        if !parser.atEnd, topType == "Feature" {
            // Newline-delimited features (GeoJSONSeq, RFC 8142 with its RS separators): one row each.
            parser.pos = 0
            properties = [UInt8(ascii: "[")]
            ids = []
            shapes = []
            while true {
                while let b = parser.peek(), b == 0x1E || b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { parser.pos += 1 }
                if parser.atEnd { return }
                try feature()
            }
        }
        if !parser.atEnd { throw .syntax(parser.fail("unexpected \(parser.describe(parser.peek())) after the GeoJSON object")) }
        if topType == "FeatureCollection" || (topType == nil && sawFeatures) {
            if single { throw .notGeoJSON("a FeatureCollection with properties of its own") }
            return
        }
        if topType == "Feature" {
            // One feature: a one-row table.
            if shapes.isEmpty { shapes.append(Shape()) }
            if properties.count == 1 { properties += Array("{}".utf8) }
            if ids.isEmpty { ids.append(nil) }
            return
        }
        throw .notGeoJSON("the top-level type is \(topType.map { "\"\($0)\"" } ?? "missing"), not \"FeatureCollection\"")
    }

    mutating func feature() throws(Failure) {
        if shapes.count & 0x3FF == 0, cancel.isCancelled { throw .cancelled }
        var shape: Shape?
        var sawProperties = false
        var id: String?
        if try open(UInt8(ascii: "{"), "a feature object") {
            repeat {
                switch try key() {
                case "properties":
                    if sawProperties { _ = try skipValue(); break }
                    sawProperties = true
                    try propertiesValue()
                case "geometry": shape = try geometryValue()
                case "id":
                    let kind = try skipValue()
                    if kind != .null {
                        id = String(decoding: parser.value, as: UTF8.self)
                        idKinds.insert(kind)
                    }
                default: _ = try skipValue()
                }
            } while try next(UInt8(ascii: "}"))
        }
        if !sawProperties { appendProperties(Array("{}".utf8)) }
        shapes.append(shape ?? Shape())
        ids.append(id)
    }

    mutating func appendProperties(_ object: [UInt8]) {
        if properties.count > 1 { properties.append(UInt8(ascii: ",")) }
        properties += object
    }

    mutating func propertiesValue() throws(Failure) {
        parser.skipWhitespace()
        let isObject = parser.peek() == UInt8(ascii: "{")
        _ = try skipValue()
        appendProperties(isObject ? parser.value : Array("{}".utf8))
    }
}
