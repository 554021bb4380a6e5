import Foundation
import WerkbankEngine
import WerkbankRender

/// `save "PATH" [options]`: writes the result by extension and passes it on;
/// `save "CONNECTION.table"` writes it into a connection's table.
struct SaveStage: Stage {
    /// What is written, decided by the extension and the options.
    enum Output: Equatable {
        case text(OutputFormat)
        case csv(CSVWriter.Dialect)
        case xlsx(sheet: String)
        case geoJSON
        case svg
        /// A table of the connection (`connect`) of that name; whether there is
        /// one is known when binding.
        case connection(name: String, table: String)
    }

    let path: String
    let span: SourceSpan
    let output: Output

    static let help = StageHelp(
        name: "save", syntax: "save \"PATH\" [delimiter=\";\"] [decimal=\",\"] [bom=true] [sheet=\"NAME\"]",
        summary:
            "write the result as CSV, xlsx, JSON, JSONL, GeoJSON or Markdown (by the extension: .csv .xlsx .json .jsonl .geojson .md), after chart as SVG (.svg), or into a connection's table (\"NAME.table\"); passes the table on",
        details: """
            The file is written to a temporary file and renamed, so it is never left half-written. A notebook replay
            writes nothing unless run with --allow-write. save "duck.t" (duck a connection, see 'help connect') writes
            the table t in that engine, replacing one of that name in one transaction, so a failure leaves the old
            table as it was; the columns keep their types. CSV options: delimiter="X" (one character, or "tab"),
            decimal="," (floats with a decimal comma; needs another delimiter than ","), bom=true (a UTF-8 byte-order
            mark). For Dutch Excel: save "x.csv" delimiter=";" decimal="," bom=true. xlsx: one sheet (sheet="NAME",
            default Sheet1) with typed cells, dates as dates, a bold header row that stays in view.
            """,
        options: [
            OptionDeclaration("delimiter", .string, "CSV: the field separator, one character or \"tab\" (default \",\")"),
            OptionDeclaration("decimal", .string, "CSV: \",\" writes floats with a decimal comma"),
            OptionDeclaration("bom", .boolean, "CSV: start with a UTF-8 byte-order mark"),
            OptionDeclaration("sheet", .string, "xlsx: the sheet's name (default Sheet1)"),
        ],
        examples: [])

    static let extensions: [String: Output] = [
        "csv": .csv(.standard), "xlsx": .xlsx(sheet: "Sheet1"), "json": .text(.json), "jsonl": .text(.jsonl),
        "ndjson": .text(.jsonl), "md": .text(.markdown), "markdown": .text(.markdown), "svg": .svg, "geojson": .geoJSON,
    ]

    static func parse(_ p: inout Parser, keyword: Token) throws(Diagnostic) -> SaveStage {
        let t = try p.parsePath("a file path in quotes")
        let ext = (t.text as NSString).pathExtension.lowercased()
        guard var output = extensions[ext] ?? connectionTable(t.text) else {
            throw Diagnostic(
                "cannot tell the format of \"\(t.text)\"", at: t.span,
                hint: "end the path in .csv, .xlsx, .json, .jsonl, .geojson, .md or (after chart) .svg")
        }
        for option in try p.parseOptions(help.options) { try apply(option, to: &output, path: t.text) }
        if case .csv(let dialect) = output, dialect.decimalComma, dialect.delimiter == UInt8(ascii: ",") {
            throw Diagnostic("decimal=\",\" needs another delimiter than \",\"", at: t.span, hint: "save \"\(t.text)\" delimiter=\";\" decimal=\",\"")
        }
        return SaveStage(path: t.text, span: t.span, output: output)
    }

    /// `NAME.table` (one dot, no folder): a connection's table, when a
    /// connection of that name is open at binding. A known extension wins:
    /// `save "duck.csv"` is always a file.
    static func connectionTable(_ path: String) -> Output? {
        let parts = path.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, !path.contains("/"), let name = parts.first, let table = parts.last,
            name.first.map({ $0.isLetter || $0 == "_" }) == true,
            name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), !table.isEmpty, !table.contains(where: \.isWhitespace)
        else { return nil }
        return .connection(name: String(name), table: String(table))
    }

    static func apply(_ option: OptionNode, to output: inout Output, path: String) throws(Diagnostic) {
        let value = option.value
        switch (option.key, output) {
        case ("delimiter", .csv(var d)):
            let text = value.text.lowercased() == "tab" ? "\t" : value.text
            guard value.kind == .string, text.utf8.count == 1, let b = text.utf8.first, b != UInt8(ascii: "\""), b != 0x0A, b != 0x0D else {
                throw Diagnostic("delimiter must be one character in quotes", at: value.span, hint: "delimiter=\";\" or delimiter=\"tab\"")
            }
            d.delimiter = b
            output = .csv(d)
        case ("decimal", .csv(var d)):
            guard value.kind == .string, value.text == "," || value.text == "." else {
                throw Diagnostic("decimal must be \",\" or \".\"", at: value.span)
            }
            d.decimalComma = value.text == ","
            output = .csv(d)
        case ("bom", .csv(var d)):
            guard value.kind == .identifier, ["true", "false"].contains(value.text.lowercased()) else {
                throw Diagnostic("bom must be true or false", at: value.span)
            }
            d.byteOrderMark = value.text.lowercased() == "true"
            output = .csv(d)
        case ("sheet", .xlsx):
            guard value.kind == .string, !value.text.isEmpty, value.text.count <= 31,
                !value.text.contains(where: { "[]:*?/\\".contains($0) })
            else {
                throw Diagnostic("a sheet name is 1 to 31 characters, without [ ] : * ? / \\", at: value.span)
            }
            output = .xlsx(sheet: value.text)
        default:
            let valid: String
            switch output {
            case .csv: valid = "delimiter=\";\", decimal=\",\", bom=true"
            case .xlsx: valid = "sheet=\"NAME\""
            case .text, .svg, .geoJSON: valid = "none for this format"
            case .connection: valid = "none for a connection's table"
            }
            throw Diagnostic("unknown save option \"\(option.key)\" for \"\(path)\"", at: option.span, hint: "options: \(valid)")
        }
    }

    func neededInput(_ downstream: Set<String>?) -> Set<String>? { nil }

    var writesFile: FileUse? {
        if case .connection = output { return nil }
        return FileUse(kind: .write, path: path, span: span)
    }
    var keepsPresentation: Bool { true }

    func bind(_ input: Schema, _ ctx: BindContext) throws(Diagnostic) -> BoundStage {
        let path = self.path, output = self.output
        if case .connection(let name, let table) = output {
            return try bindConnection(name: name, table: table, input, ctx)
        }
        return BoundStage(output: input) { table, ctx throws(EngineError) in
            if output == .svg, case .chart = ctx.presentation {
            } else if output == .svg {
                throw .invalid("save \"\(path)\" needs a chart before it: … | chart bar x y | save \"\(path)\"")
            }
            guard ctx.allowWrite else {
                ctx.report(.skippedWrite(path: path, rows: table.rowCount, columns: table.columnCount))
                return table
            }
            let bytes: [UInt8]
            switch output {
            case .svg:
                guard case .chart(let spec) = ctx.presentation else { return table }
                bytes = Array(SVGChart.render(spec, table).utf8)
            case .csv(let dialect): bytes = CSVWriter.bytes(table, dialect)
            case .geoJSON: bytes = Array(GeoJSONWriter.render(table).utf8)
            case .xlsx(let sheet):
                let written: Result<[UInt8], XLSXWriter.Failure> = Result { () throws(XLSXWriter.Failure) in
                    try XLSXWriter.bytes(table, sheetName: sheet)
                }
                switch written {
                case .success(let b): bytes = b
                case .failure(.tooLarge(let message)): throw .tooLarge(message, hint: "filter first, or save as .csv")
                case .failure(.archive(let message)): throw .unwritable(path: path, message: message)
                }
            case .text(.json): bytes = Array(JSONWriter.render(table, lines: false).utf8)
            case .text(.jsonl): bytes = Array(JSONWriter.render(table, lines: true).utf8)
            case .text(.markdown): bytes = Array(MarkdownRenderer.render(table, RenderOptions()).utf8)
            case .text(let format): bytes = Array(format.render(table, RenderOptions()).utf8)
            case .connection: return table
            }
            try AtomicFile.write(bytes, to: ctx.resolve(path), shownAs: path)
            ctx.report(.wrote(path: path, rows: table.rowCount, columns: table.columnCount))
            return table
        }
    }

    /// `save "NAME.table"`: the connection must be open and take every column's type.
    func bindConnection(name: String, table: String, _ input: Schema, _ ctx: BindContext) throws(Diagnostic) -> BoundStage {
        guard let connection = ctx.connections.first(where: { $0.name == name }) else {
            // Most likely a file with an extension werkbank does not write.
            let into = ctx.connections.first.map { "; or into a connection's table: save \"\($0.name).\(table)\"" } ?? ""
            throw Diagnostic(
                "cannot tell the format of \"\(path)\"", at: span,
                hint: "end the path in .csv, .xlsx, .json, .jsonl, .geojson, .md or (after chart) .svg" + into)
        }
        let dialect = connection.client.dialect
        if let field = input.first(where: { dialect.typeName($0.type) == nil }) {
            throw Diagnostic(
                "column \(field.name) is a \(field.type.rawValue), which \(dialect.name) cannot store", at: span,
                hint: "drop it first: … | drop \(field.name) | save \"\(path)\"")
        }
        if input.isEmpty { throw Diagnostic("a table without columns cannot be saved to \(dialect.name)", at: span) }
        let path = self.path
        return BoundStage(output: input) { rows, ctx throws(EngineError) in
            guard ctx.allowWrite else {
                ctx.report(.skippedWrite(path: path, rows: rows.rowCount, columns: rows.columnCount))
                return rows
            }
            try connection.client.upload(rows, as: table, cancel: ctx.cancel)
            // `datasets` and Tab show the new table; the write itself is done.
            try? connection.refresh(ctx.cancel)
            ctx.report(.wrote(path: path, rows: rows.rowCount, columns: rows.columnCount))
            return rows
        }
    }
}
