import Foundation
import Testing
import WerkbankEngine
@testable import WerkbankReaders
import WerkbankLanguage

/// The load formats as declarations: recognised by name, options parsed once
/// into typed values with errors that point at the option, and help built
/// from the same declarations.
@Suite struct LoadFormatTests {
    static func parse(_ format: LoadFormat, _ pairs: [(String, String)]) throws(LoadOptionError) -> LoadOptions {
        try format.parse(pairs.map { (key: $0.0, value: $0.1) })
    }

    @Test func formatByName() throws {
        #expect(try LoadFormats.named("a/b.CSV") == CSVFormat.format)
        #expect(try LoadFormats.named("x.tsv") == CSVFormat.format)
        #expect(try LoadFormats.named("noextension") == CSVFormat.format)
        #expect(try LoadFormats.named("d.ndjson") == JSONFormat.format)
        #expect(try LoadFormats.named("m.geojson") == GeoJSONFormat.format)
        #expect(try LoadFormats.named("w.xlsm") == XLSXFormat.format)
        #expect(throws: UnreadableFormat.self) { try LoadFormats.named("old.xls") }
    }

    @Test func optionsParseOnceIntoTypedValues() throws {
        let o = try Self.parse(
            CSVFormat.format,
            [
                ("delimiter", "tab"), ("decimal", ","), ("header", "FALSE"), ("encoding", "cp1252"),
                ("types", "a:int, b : date"), ("null", "."), ("null", "-"), ("skip", "3"),
            ])
        #expect(o.csv.delimiter == 0x09)
        #expect(o.csv.decimalComma == true)
        #expect(o.csv.header == false)
        #expect(o.csv.encoding == .windows1252)
        #expect(o.csv.types == ["a": .int, "b": .date])
        #expect(o.csv.nullValues == [".", "-"])
        #expect(o.skip == 3)
        #expect(o.given == ["delimiter", "decimal", "header", "encoding", "types", "null", "null", "skip"])
        let x = try Self.parse(XLSXFormat.format, [("sheet", "2"), ("skip", "1")])
        #expect(x.xlsx.sheet == "2" && x.skip == 1 && x.xlsx.header)
    }

    @Test func errorsNameTheOptionAndPart() {
        func failure(_ format: LoadFormat, _ pairs: [(String, String)]) -> LoadOptionError? {
            do { _ = try Self.parse(format, pairs) } catch { return error }
            return nil
        }
        let value = failure(CSVFormat.format, [("header", "true"), ("skip", "-1")])
        #expect(value == LoadOptionError(index: 1, part: .value, "skip must be a number of lines, 0 or more"))
        let unknown = failure(CSVFormat.format, [("delimter", ";")])
        #expect(unknown?.part == .key && unknown?.message == "unknown load option \"delimter\"")
        #expect(unknown?.candidates == CSVFormat.options.map(\.name))
        let other = failure(CSVFormat.format, [("sheet", "x")])
        #expect(other?.message == "sheet= is not an option for CSV files")
        #expect(
            other?.hint == "CSV options: delimiter, decimal, thousands, dateformat, header, encoding, types, null, skip; sheet= is for xlsx files")
        let none = failure(JSONFormat.format, [("delimiter", ";")])
        #expect(none == LoadOptionError(index: 0, part: .key, "JSON files take no load options"))
    }

    @Test func optionsOfAnotherFormatAreCheckedAgainstWhatTheFileHolds() throws {
        let parsed = try Self.parse(CSVFormat.format, [("skip", "1"), ("delimiter", ";")])
        #expect(
            throws: LoadOptionError(
                index: 1, part: .key, "delimiter= is not an option for xlsx files",
                hint: "xlsx options: sheet, header, skip; delimiter= is for CSV files")
        ) {
            try XLSXFormat.format.check(parsed)
        }
    }

    @Test func declarationsAreWhatHelpAndValidationRead() throws {
        // Every option any format declares, once, in the help summary.
        let names = LoadFormats.allOptions.map(\.name)
        #expect(names == ["delimiter", "decimal", "thousands", "dateformat", "header", "encoding", "types", "null", "skip", "sheet"])
        #expect(
            LoadFormats.optionSummary
                == "delimiter=\";\" decimal=\",\" thousands=\".\" dateformat=\"dd-mm-yyyy\" header=false encoding=\"latin1\" types=\"col:int,col2:date\" null=\".\" skip=N sheet=\"NAME\" (xlsx)"
        )
        for format in LoadFormats.all {
            for option in format.options {
                #expect(!option.help.isEmpty && option.example.hasPrefix(option.name + "="), "\(option.name)")
                // The example a declaration gives is a value it accepts.
                let value = String(option.example.dropFirst(option.name.count + 1)).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                if option.kind != .count { #expect(throws: Never.self) { _ = try format.parse([(key: option.name, value: value)]) } }
            }
        }
        let session = Session(catalog: Catalog(), baseDirectory: ".", allowWrite: false)
        let help = session.run("help load").map { OutcomeRenderer.render($0, source: "help load", settings: session.settings, batch: true).stdout }
        // Help wraps its prose to the width: compare the words.
        func words(_ s: String) -> String { s.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
        #expect(words(help.joined()).contains(words(LoadFormats.optionSummary)))
    }
}
