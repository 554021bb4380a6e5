import WerkbankEngine

/// The formats `load` reads, and the one way from a path to a table: which
/// format a file is (by its name, then by its first bytes), reading it, and
/// refusing a file that changed meanwhile.
public enum LoadFormats {
    public static let all: [LoadFormat] = [CSVFormat.format, JSONFormat.format, GeoJSONFormat.format, XLSXFormat.format]

    /// Every option any format takes, once each (for completion).
    public static var allOptions: [LoadOption] {
        var seen = Set<String>()
        return all.flatMap(\.options).filter { seen.insert($0.name).inserted }
    }

    /// The options as `help` lists them: each option's example, with the
    /// formats that take it when CSV (what most files are) does not:
    /// `delimiter=";" … skip=N sheet="NAME" (xlsx)`.
    public static var optionSummary: String {
        allOptions.map { option in
            let owners = all.filter { $0.options.contains { $0.name == option.name } }
            return option.example + (owners.contains(CSVFormat.format) ? "" : " (\(owners.map(\.name).joined(separator: ", ")))")
        }.joined(separator: " ")
    }

    /// Spreadsheet formats that cannot be read, with what to do instead.
    static let refused: Set<String> = ["xls", "ods", "numbers"]

    /// The format a file name says; CSV when the extension is none of theirs.
    /// An error (for the file name) for a spreadsheet that cannot be read.
    public static func named(_ path: String) throws(UnreadableFormat) -> LoadFormat {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return CSVFormat.format }
        let ext = name[name.index(after: dot)...].lowercased()
        if refused.contains(ext) {
            throw UnreadableFormat(message: "\(ext) files cannot be read", hint: "save the sheet as .xlsx (or export it as CSV) and load that")
        }
        return all.first { $0.extensions.contains(ext) } ?? CSVFormat.format
    }

    /// How many leading bytes decide what a file holds (the signatures look
    /// at the first 8 KB; a GeoJSON `type` may come later).
    static let leadingBytes = 1 << 16

    /// Reads `path` as `format` (what its name says) with its parsed options,
    /// unless its bytes say otherwise: an empty file (or one of only a byte
    /// order mark) is an error; a binary format or text in an encoding the
    /// readers cannot decode is refused with its name (`FileSignatures`); a
    /// zip archive holding a workbook is read as xlsx; a `.json` file
    /// holding a FeatureCollection as GeoJSON. Returns the table and what
    /// the reader decided.
    public static func load(
        path: String, label: String, as named: LoadFormat, options: LoadOptions,
        columns: Set<String>?, cancel: CancellationToken
    ) throws(EngineError) -> (Table, String) {
        // Refuses devices and sockets; a pipe can be read only once, so all of
        // it now, and the readers get its bytes (so does a file that reports
        // no size but may have content, as in /proc).
        let file = try InputFile(path: path)
        let piped: [UInt8]? = file.kind == .pipe || file.size == 0 ? try file.readAll(cancel: cancel) : nil
        let input: ReaderInput = piped.map { .bytes($0, name: path) } ?? .file(path: path)
        let head: [UInt8]
        if let piped { head = Array(piped.prefix(leadingBytes)) } else { head = try file.leadingBytes(leadingBytes) }
        let format = try identify(input, named: named, options: options, head: head, total: piped?.count ?? file.size)
        let size = piped == nil ? file.size : 0
        let progress = size >= format.progressFrom ? LoadProgress.start(label: label, total: size) : nil
        defer { progress?.finish() }
        // The reader opens the path again: a file changed since it was
        // inspected here (truncated in between) is an error, not the table
        // of what was left of it.
        let loaded: (Table, String)
        do {
            loaded = try format.read(input, options, LoadFormat.ReadSettings(columns: columns, progress: progress, cancel: cancel))
        } catch {
            try file.checkUnchanged()
            throw error
        }
        try file.checkUnchanged()
        return loaded
    }

    static func identify(
        _ input: ReaderInput, named: LoadFormat, options: LoadOptions,
        head: [UInt8], total: Int
    ) throws(EngineError) -> LoadFormat {
        let path = input.name
        if total == 0 || (total == 3 && head == TextDecoding.bom) {
            throw .unreadable(
                path: path, message: "empty file",
                hint: "it holds no bytes\(total == 0 ? "" : " but a byte order mark"); check that it was saved or downloaded completely")
        }
        var format = named
        if let signature = FileSignatures.identify(head) {
            // UTF-16/32 text: the CSV reader decodes it (`WideText`); JSON must be UTF-8.
            if signature.kind == .unsupportedText, format == CSVFormat.format { return format }
            guard signature.kind == .zip else { throw signature.error(path: path) }
            // A workbook named .xlsx gets the xlsx reader's own messages.
            if format != XLSXFormat.format {
                guard XLSXReader.isWorkbook(input) else { throw signature.error(path: path) }
                format = XLSXFormat.format
                do throws(LoadOptionError) {
                    try format.check(options)
                } catch {
                    throw .unreadable(
                        path: path, message: "it is an xlsx workbook, and " + error.message, hint: error.hint ?? "xlsx options: \(format.optionList)")
                }
            }
        }
        if format == JSONFormat.format, GeoJSONReader.looksLikeGeoJSON(leading: head) { format = GeoJSONFormat.format }
        return format
    }
}

/// A file name whose format cannot be read (`.xls`), with what to do instead.
public struct UnreadableFormat: Error, Sendable, Equatable {
    public var message: String
    public var hint: String
}
