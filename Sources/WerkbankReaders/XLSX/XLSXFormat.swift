import WerkbankEngine

/// `load "x.xlsx"`: one sheet of a workbook; a zip archive holding a
/// workbook is read as this whatever its name.
public enum XLSXFormat {
    public static let format = LoadFormat(
        name: "xlsx", extensions: ["xlsx", "xlsm"], options: options,
        failureHint: "check the file, or give sheet=\"NAME\", skip=N or header=false", progressFrom: 1 << 20
    ) { input, options, settings throws(EngineError) in
        var xlsx = options.xlsx
        xlsx.skipRows = options.skip ?? 0
        xlsx.columns = settings.columns
        settings.progress?.phase("reading the workbook")
        let (table, decisions) = try XLSXReader.read(input, options: xlsx, cancel: settings.cancel)
        return (table, describe(decisions))
    }

    public static let options: [LoadOption] = [
        LoadOption("sheet", .text, example: "sheet=\"NAME\"", help: "the sheet to read, by name or 1-based position (else the first)") {
            o, v throws(LoadOptionError) in
            o.xlsx.sheet = v
        },
        .header,
        .skip,
    ]

    static func describe(_ d: XLSXDecisions) -> String {
        var others = d.sheetNames.filter { $0 != d.sheet }.map { "\"\($0)\"" }
        if others.count > 5 { others = others.prefix(4) + ["and \(others.count - 4) more"] }
        var parts = ["sheet \"\(d.sheet)\"" + (others.isEmpty ? "" : " (other sheets: \(others.joined(separator: ", ")))")]
        if d.titleRows > 0 { parts.append("skipped \(plural(d.titleRows, "title row"))") }
        if d.twoHeaderRows { parts.append("names from two header rows") }
        if d.date1904 { parts.append("1904 date system") }
        if d.errorCells > 0 { parts.append("\(plural(d.errorCells, "error cell")) read as null") }
        return parts.joined(separator: ", ")
    }
}
