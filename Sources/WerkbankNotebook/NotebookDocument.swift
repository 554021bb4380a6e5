import WerkbankLanguage

/// A notebook file: front matter, prose, code cells and their recorded
/// outputs. Keeps the raw text of every part, so a rewrite changes only the
/// output blocks and the front matter's version and hashes; prose and code
/// stay byte for byte.
public struct NotebookDocument: Sendable {
    public struct Cell: Sendable {
        /// 1-based, in file order.
        public let number: Int
        /// The line of the cell's opening fence.
        public let line: Int
        /// The statements, lines joined with "\n" (no trailing newline).
        public let code: String
        /// The words after `werkbank` in the cell's info string.
        public let markers: [CellMarker]
        /// The recorded output, or nil when the cell has no output block.
        public let recordedOutput: String?
        /// The line of the output block's opening fence.
        public let outputLine: Int?
        /// The prose between the previous cell (or the front matter) and this one.
        public let prose: String
        /// The fenced block of the cell, as in the file (with its last terminator).
        let raw: String
        /// Blank lines between the cell and its output block.
        let gap: String
        /// The output block as in the file ("" when there is none).
        let outputRaw: String
        let outputFence: Fence?
    }

    enum Chunk: Sendable {
        case text(String)
        case cell(Int)
    }

    public var frontMatter: FrontMatter
    public let cells: [Cell]
    /// Prose after the last cell.
    public let trailingProse: String
    let frontMatterRaw: String
    let chunks: [Chunk]
    let bom: Bool
    /// "\n", or "\r\n" when the file's first line ends so.
    let newline: String

    // MARK: Reading

    public static func parse(_ text: String) throws(NotebookError) -> NotebookDocument {
        try parse(bytes: Array(text.utf8))
    }

    public static func parse(bytes input: [UInt8]) throws(NotebookError) -> NotebookDocument {
        var bytes = input[...]
        let bom = bytes.starts(with: [0xEF, 0xBB, 0xBF])
        if bom { bytes = bytes.dropFirst(3) }
        // The first of the two problems in the file is the one reported.
        let nul = bytes.firstIndex(of: 0)
        let invalid = firstInvalidUTF8(bytes)
        if let nul, nul < (invalid ?? Int.max) {
            throw NotebookError(
                "binary data (a NUL byte): this is not a notebook (a Markdown text file)",
                line: lineNumber(of: nul, in: bytes))
        }
        if let bad = invalid {
            throw NotebookError(
                "invalid UTF-8 (byte 0x\(String(bytes[bad], radix: 16, uppercase: true))): a notebook is UTF-8 Markdown text",
                line: lineNumber(of: bad, in: bytes))
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let lines = splitLines(text)
        let newline = lines.first?.raw.hasSuffix("\r\n") == true ? "\r\n" : "\n"

        // Front matter.
        guard let first = lines.first, first.text.trimmingTrailingWhitespace() == "---" else {
            throw NotebookError(
                "a notebook starts with front matter: a line '---', then 'werkbank: \(FrontMatter.formatVersion)' (and version, title, datasets), then '---'",
                line: 1)
        }
        guard
            let close = lines.dropFirst().firstIndex(where: {
                $0.text.trimmingTrailingWhitespace() == "---" || $0.text.trimmingTrailingWhitespace() == "..."
            })
        else {
            throw NotebookError("the front matter that starts here is never closed by a '---' line", line: 1)
        }
        let frontMatter = try FrontMatter.parse(lines[1..<close].map { String($0.text) }, firstLine: 2)
        let frontMatterRaw = lines[0...close].map(\.raw).joined()

        // Body: prose, cells, outputs.
        var chunks: [Chunk] = []
        var cells: [Cell] = []
        var prose = ""
        var i = close + 1
        func closing(_ fence: Fence, from start: Int, what: String) throws(NotebookError) -> Int {
            var j = start + 1
            while j < lines.count, !fence.closes(lines[j].text) { j += 1 }
            guard j < lines.count else {
                throw NotebookError("\(what) opened here is never closed (no closing \(fence.marker) line)", line: lines[start].number)
            }
            return j
        }
        while i < lines.count {
            let line = lines[i]
            guard let fence = Fence.opening(line.text) else {
                prose += line.raw
                i += 1
                continue
            }
            switch fence.kind {
            case .other:
                let j = try closing(fence, from: i, what: "the code block")
                prose += lines[i...j].map(\.raw).joined()
                i = j + 1
            case .output:
                throw NotebookError("an output block must come right after a werkbank cell (only blank lines between)", line: line.number)
            case .cell:
                let j = try closing(fence, from: i, what: "the werkbank cell")
                let code = lines[(i + 1)..<j].map { String(fence.strip($0.text)) }.joined(separator: "\n")
                let markers = try CellMarker.parse(info: fence.info, line: line.number)
                let raw = lines[i...j].map(\.raw).joined()
                var k = j + 1
                while k < lines.count, lines[k].text.trimmingWhitespace().isEmpty { k += 1 }
                var gap = "", outputRaw = "", output: String?, outputLine: Int?, outputFence: Fence?
                var next = j + 1
                if k < lines.count, let of = Fence.opening(lines[k].text), of.kind == .output {
                    let m = try closing(of, from: k, what: "the output block")
                    gap = lines[(j + 1)..<k].map(\.raw).joined()
                    outputRaw = lines[k...m].map(\.raw).joined()
                    let content = lines[(k + 1)..<m].map { of.strip($0.text) }
                    output = content.isEmpty ? "" : content.joined(separator: "\n") + "\n"
                    outputLine = lines[k].number
                    outputFence = of
                    next = m + 1
                }
                if !prose.isEmpty { chunks.append(.text(prose)) }
                cells.append(
                    Cell(
                        number: cells.count + 1, line: line.number, code: code, markers: markers, recordedOutput: output,
                        outputLine: outputLine, prose: prose, raw: raw, gap: gap, outputRaw: outputRaw,
                        outputFence: outputFence))
                chunks.append(.cell(cells.count - 1))
                prose = ""
                i = next
            }
        }
        if !prose.isEmpty { chunks.append(.text(prose)) }
        return NotebookDocument(
            frontMatter: frontMatter, cells: cells, trailingProse: prose,
            frontMatterRaw: frontMatterRaw, chunks: chunks, bom: bom, newline: newline)
    }

    // MARK: Parameters

    /// The cells marked `parameter`, with the name each binds and its pipeline.
    func parameterCells() throws(NotebookError) -> [(cell: Cell, name: String, pipeline: String)] {
        var found: [(cell: Cell, name: String, pipeline: String)] = []
        for cell in cells where cell.markers.contains(.parameter) {
            guard let p = Self.parameter(in: cell.code) else {
                throw NotebookError("a parameter cell holds one statement, let NAME = PIPELINE", line: cell.line)
            }
            if found.contains(where: { $0.name == p.name }) {
                throw NotebookError("a second parameter cell for \"\(p.name)\"", line: cell.line)
            }
            found.append((cell, p.name, p.pipeline))
        }
        return found
    }

    /// `let NAME = PIPELINE` as the only statement of `code`.
    static func parameter(in code: String) -> (name: String, pipeline: String)? {
        let tokens = Lexer.tokenize(code).tokens
        let statements = StatementSplitter.split(tokens).filter { !$0.allSatisfy { $0.kind == .newline || $0.kind == .end } }
        guard statements.count == 1, let only = statements.first else { return nil }
        var parser = Parser(only)
        guard case .statement(let s)? = try? parser.parseStatement(), let binding = s as? LetStatement else { return nil }
        let (name, pipeline) = (binding.name, binding.pipeline)
        let bytes = Array(code.utf8)
        guard pipeline.span.start >= 0, pipeline.span.end <= bytes.count else { return nil }
        return (name, String(decoding: bytes[pipeline.span.start..<pipeline.span.end], as: UTF8.self))
    }

    // MARK: Writing

    /// The notebook with new outputs for some cells (by index into `cells`)
    /// and the current front matter. Everything else is byte for byte as read;
    /// the front matter is rewritten only when it changed.
    public func rendered(outputs: [Int: String] = [:], frontMatter newFrontMatter: FrontMatter? = nil) -> String {
        var out = bom ? "\u{FEFF}" : ""
        if let fm = newFrontMatter, fm != frontMatter {
            out += fm.rendered(newline: newline)
        } else {
            out += frontMatterRaw
        }
        for chunk in chunks {
            switch chunk {
            case .text(let t):
                out += t
            case .cell(let i):
                let cell = cells[i]
                out += cell.raw
                guard let new = outputs[i] else {
                    out += cell.gap + cell.outputRaw
                    continue
                }
                let lines = OutputComparison.lines(new)
                if lines.isEmpty { continue }  // no output: no block
                // Bytes, not Characters: "\r\n" is one Character, which
                // hasSuffix("\n") would not see as a line end.
                if cell.raw.utf8.last != 0x0A { out += newline }
                out += cell.outputRaw.isEmpty ? newline : cell.gap
                let reuse = cell.outputFence.map { Fence(character: $0.character, length: $0.length, indent: $0.indent, info: "") }
                out += Fence.block(info: "output", lines: lines, newline: newline, reuse: reuse)
            }
        }
        return out
    }

    /// A new notebook from blocks of prose and cells (the shell's recording).
    static func compose(frontMatter: FrontMatter, blocks: [NotebookBlock]) -> String {
        var out = frontMatter.rendered(newline: "\n")
        for block in blocks {
            out += "\n"
            switch block {
            case .prose(let text):
                out += text.utf8.last == 0x0A ? text : text + "\n"
            case .cell(let code, let output, let markers):
                let codeLines = splitLines(code).map(\.text)
                out += Fence.block(info: CellMarker.info(markers), lines: codeLines, newline: "\n")
                let outputLines = OutputComparison.lines(output)
                if !outputLines.isEmpty {
                    out += "\n" + Fence.block(info: "output", lines: outputLines, newline: "\n")
                }
            }
        }
        return out
    }

    // MARK: Lines and bytes

    struct Line {
        /// Without the terminator (and without a trailing "\r").
        var text: Substring
        /// With the terminator.
        var raw: Substring
        var number: Int
    }

    static func splitLines(_ text: String) -> [Line] {
        var lines: [Line] = []
        let utf8 = text.utf8
        var start = utf8.startIndex
        var number = 1
        var i = utf8.startIndex
        while i < utf8.endIndex {
            if utf8[i] == 0x0A {
                let end = utf8.index(after: i)
                var body = text[start..<i]
                if body.utf8.last == 0x0D { body = text[start..<utf8.index(before: i)] }
                lines.append(Line(text: body, raw: text[start..<end], number: number))
                number += 1
                start = end
            }
            i = utf8.index(after: i)
        }
        if start < utf8.endIndex {
            var body = text[start...]
            if body.utf8.last == 0x0D { body = text[start..<utf8.index(before: utf8.endIndex)] }
            lines.append(Line(text: body, raw: text[start...], number: number))
        }
        return lines
    }

    static func lineNumber(of index: Int, in bytes: ArraySlice<UInt8>) -> Int {
        1 + bytes[bytes.startIndex..<index].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    }

    /// The index of the first byte that is not part of valid UTF-8, if any.
    static func firstInvalidUTF8(_ b: ArraySlice<UInt8>) -> Int? {
        var i = b.startIndex
        while i < b.endIndex {
            let c = b[i]
            if c < 0x80 { i += 1; continue }
            let length: Int, minimum: UInt32
            var scalar: UInt32
            if c & 0xE0 == 0xC0 {
                length = 2; minimum = 0x80; scalar = UInt32(c & 0x1F)
            } else if c & 0xF0 == 0xE0 {
                length = 3; minimum = 0x800; scalar = UInt32(c & 0x0F)
            } else if c & 0xF8 == 0xF0 {
                length = 4; minimum = 0x10000; scalar = UInt32(c & 0x07)
            } else {
                return i
            }
            guard i + length <= b.endIndex else { return i }
            for j in 1..<length {
                let d = b[i + j]
                guard d & 0xC0 == 0x80 else { return i }
                scalar = scalar << 6 | UInt32(d & 0x3F)
            }
            if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return i }
            i += length
        }
        return nil
    }
}

/// What the shell records: prose (from `note`) and cells with their output.
public enum NotebookBlock: Sendable, Equatable {
    case prose(String)
    case cell(code: String, output: String, markers: [CellMarker] = [])
}
