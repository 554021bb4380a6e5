import Foundation
import Testing
import WerkbankLanguage
@testable import WerkbankShell

/// Tab completion on half-typed lines. `1️⃣` marks the cursor; the completer
/// sees only the text before it.
@Suite final class CompleterShellTests {
    let harness = Harness(format: .table)
    let folder: String

    init() throws {
        folder = NSTemporaryDirectory() + "werkbank-completer-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder + "/sub", withIntermediateDirectories: true)
        try "a,b\n1,2\n".write(toFile: folder + "/data.csv", atomically: true, encoding: .utf8)
        try "x\n1\n".write(toFile: folder + "/data2.csv", atomically: true, encoding: .utf8)
        try "pc,gemeente\n0599,Rotterdam\n".write(toFile: folder + "/sub/postcodes.csv", atomically: true, encoding: .utf8)
        try "".write(toFile: folder + "/.hidden", atomically: true, encoding: .utf8)
        harness.session.baseDirectory = folder
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    func completer(previous: String? = nil) -> Completer {
        Completer(environment: .session(harness.session, previousPipeline: { previous }))
    }

    func complete(_ marked: String, previous: String? = nil) -> Completion {
        let before = marked.components(separatedBy: "1️⃣").first ?? marked
        return completer(previous: previous).complete(before)
    }

    func texts(_ marked: String, previous: String? = nil) -> [String] { complete(marked, previous: previous).texts }

    var casesColumns: [String] { (try? harness.session.catalog.table("cases"))??.fields.map(\.name) ?? [] }

    @Test func startOfLineOffersStatementsAndTables() {
        let all = texts("1️⃣")
        #expect(all.contains("let") && all.contains("load") && all.contains("set") && all.contains("help"))
        #expect(all.contains("cases") && all.contains("collectives"))
        #expect(!all.contains("where"))
        #expect(texts("ca1️⃣") == ["cases"])
        #expect(texts("da1️⃣") == ["datasets"])
        #expect(texts("x = 1; ca1️⃣") == ["cases"])
        #expect(texts("cases | count\nca1️⃣") == ["cases"])
        let c = complete("col1️⃣")
        #expect(c.start == 0 && c.word == "col" && c.candidates == [Candidate("collectives", kind: .name)])
    }

    /// A connection's tables complete as `NAME.table`, and their columns
    /// after a pipe, from the catalogue (no query runs).
    @Test(.enabled(if: (try? EngineBinary.duckdb()) != nil, "no duckdb command line: skipped"))
    func connectionTablesAndTheirColumns() {
        harness.run("connect duckdb as duck\nload \"data.csv\" into duck as panden")
        defer { harness.run("disconnect duck") }
        #expect(texts("du1️⃣") == ["duck.panden"])
        #expect(texts("duck.p1️⃣") == ["duck.panden"])
        #expect(texts("duck.panden | where 1️⃣") == ["a", "b"])
        #expect(texts("cases | join duck.panden on 1️⃣").contains("a"))
    }

    @Test func letNamesAreTables() {
        harness.run("let utrecht = cases | where city == \"Utrecht\"")
        #expect(texts("utr1️⃣") == ["utrecht"])
        #expect(texts("let t = ut1️⃣") == ["utrecht"])
        #expect(texts("let 1️⃣").isEmpty)
    }

    @Test func afterPipeOffersStages() {
        let stages = texts("cases | 1️⃣")
        #expect(stages == StageRegistry.names)
        #expect(texts("cases | wh1️⃣") == ["where"])
        #expect(texts("cases | where city == \"x\" | s1️⃣") == ["select", "sort", "summarize", "sample", "save"])
        #expect(complete("cases | wh1️⃣").candidates.first?.terminator == " ")
        #expect(texts("cases | WH1️⃣") == ["where"])
    }

    @Test func whereOffersTheInputColumns() {
        #expect(!casesColumns.isEmpty)
        #expect(texts("cases | where 1️⃣") == casesColumns)
        #expect(texts("cases | where ci1️⃣") == ["city"])
        // Columns first, then the functions (typed prefix).
        #expect(texts("cases | where city == \"Utrecht\" and fo1️⃣") == ["founded", "former_use", "format_number", "format_date"])
        // After a complete operand: the operators.
        #expect(texts("cases | where city == \"Utrecht\" 1️⃣") == ["and", "or", "in", "is", "not"])
        #expect(texts("cases | where founded is 1️⃣") == ["null", "not"])
        #expect(texts("cases | where founded is not 1️⃣") == ["null"])
        #expect(texts("cases | where city not 1️⃣") == ["in"])
        #expect(texts("cases | where city in [\"Gent\"] 1️⃣") == ["and", "or"])
        #expect(texts("cases | where founded is null 1️⃣") == ["and", "or"])
        // Text after the cursor is not looked at.
        #expect(texts("cases | where ci1️⃣ty == 3 | select") == ["city"])
    }

    @Test func columnsCreatedEarlierInTheLine() {
        #expect(texts("cases | derive x = 1 | where 1️⃣") == casesColumns + ["x"])
        #expect(texts("cases | select name, n = founded | sort 1️⃣") == ["name", "n"])
        #expect(texts("cases | summarize total = count() by city | where 1️⃣") == ["city", "total"])
        #expect(texts("cases | count by city | sort 1️⃣") == ["city", "count", "percent"])
        #expect(texts("cases | rename town = city | where to1️⃣") == ["town", "today"])
        #expect(texts("cases | select name, city | drop city | where 1️⃣") == ["name"])
        // Within one stage: names derived before.
        #expect(texts("cases | derive a = 1, b = a1️⃣").contains("a"))
        #expect(texts("cases | select n = name, m = n1️⃣").starts(with: ["name", "n"]))
        // A let binding's pipeline, and a join's right columns.
        #expect(texts("let t = cases | select name, city | where 1️⃣") == ["name", "city"])
        #expect(
            texts("cases | select id, operator | join collectives on operator = id | where 1️⃣")
                .starts(with: ["id", "operator"]))
    }

    @Test func brokenStageBeforeFallsBackToTheSchemaBeforeIt() {
        // `nosuch` does not bind: the columns before that stage are offered.
        #expect(texts("cases | select name | derive x = nosuch | where 1️⃣") == ["name"])
        #expect(texts("nosuch | where 1️⃣").isEmpty)
    }

    @Test func sortTopCountSummarize() {
        #expect(texts("cases | sort founded 1️⃣") == ["asc", "desc"])
        #expect(texts("cases | sort -fo1️⃣") == ["founded", "former_use"])
        #expect(texts("cases | top 3 1️⃣") == ["by"])
        #expect(texts("cases | top 3 by fo1️⃣") == ["founded", "former_use"])
        #expect(texts("cases | count 1️⃣") == ["by"])
        #expect(texts("cases | count by ci1️⃣") == ["city"])
        let aggregates = texts("cases | summarize 1️⃣")
        #expect(aggregates.contains("count") && aggregates.contains("median") && !aggregates.contains("city"))
        #expect(texts("cases | summarize n = su1️⃣") == ["sum"])
        #expect(complete("cases | summarize n = su1️⃣").candidates.first?.terminator == "(")
        #expect(texts("cases | summarize n = sum(entre1️⃣") == ["entrepreneurs", "entrepreneur_types"])
        #expect(texts("cases | summarize n = count() 1️⃣") == ["by"])
        #expect(texts("cases | summarize n = count() by ci1️⃣") == ["city"])
    }

    @Test func functionsInExpressions() {
        #expect(texts("cases | derive y = round(1️⃣") == casesColumns)
        #expect(texts("cases | derive y = round(flo1️⃣") == ["floor_area_m2", "floor", "float"])
        #expect(complete("cases | where low1️⃣").candidates == [Candidate("lower", terminator: "(", kind: .function)])
        #expect(texts("cases | select n = upper(name), l = length(tr1️⃣") == ["trim", "true"])
        #expect(texts("cases | where if(founded > 2000, ci1️⃣") == ["city"])
    }

    @Test func joinAndAppend() {
        let afterJoin = texts("cases | join 1️⃣")
        #expect(afterJoin.starts(with: ["inner", "left", "anti"]) && afterJoin.contains("collectives"))
        #expect(texts("cases | join left co1️⃣") == ["collectives"])
        #expect(texts("cases | join collectives 1️⃣") == ["on"])
        let right = (try? harness.session.catalog.table("collectives"))??.fields.map(\.name) ?? []
        #expect(texts("cases | join collectives on operator = 1️⃣") == right)
        #expect(texts("cases | join collectives on ope1️⃣") == ["operator"])
        #expect(texts("cases | append co1️⃣") == ["collectives"])
    }

    @Test func filePathsInsideLoad() {
        let c = complete("load \"da1️⃣")
        #expect(c.texts == ["data.csv", "data2.csv"])
        #expect(c.start == 6 && c.word == "da")
        #expect(c.candidates.allSatisfy { $0.terminator == "\"" })
        #expect(texts("load \"1️⃣") == ["data.csv", "data2.csv", "sub"])
        #expect(complete("load \"s1️⃣").candidates == [Candidate("sub", terminator: "/", kind: .path)])
        let inSub = complete("load \"sub/po1️⃣")
        #expect(inSub.texts == ["postcodes.csv"] && inSub.start == 10)
        #expect(texts("load 'da1️⃣") == ["data.csv", "data2.csv"])
        #expect(complete("load 'data.1️⃣").candidates.first?.terminator == "'")
        #expect(texts("load \"h1️⃣").isEmpty && texts("load \".h1️⃣") == [".hidden"])
        #expect(texts("cases | save \"da1️⃣") == ["data.csv", "data2.csv"])
        #expect(texts("notebook save \"sub/1️⃣") == ["postcodes.csv"])
        // Not every string is a path.
        #expect(texts("cases | where city == \"da1️⃣").isEmpty)
        #expect(texts("load \"nosuchfolder/x1️⃣").isEmpty)
        // After the path: options and `as`; the columns of the file's header.
        #expect(texts("load \"data.csv\" 1️⃣").contains("as"))
        #expect(texts("load \"data.csv\" de1️⃣") == ["delimiter=", "decimal="])
        #expect(texts("load \"data.csv\" | where 1️⃣") == ["a", "b"])
        #expect(texts("load \"sub/postcodes.csv\" | select 1️⃣") == ["pc", "gemeente"])
        #expect(texts("load \"data.csv\" as 1️⃣").isEmpty)
    }

    @Test func aPipeOrDeviceAsSourceNeverBlocks() {
        #expect(mkfifo(folder + "/fifo.csv", 0o600) == 0)
        #expect(texts("load \"fifo.csv\" | where 1️⃣").isEmpty)
        #expect(texts("load \"/dev/tty\" | where 1️⃣").isEmpty)
        #expect(texts("load \"sub\" | where 1️⃣").isEmpty)
        #expect(texts("load \"data.xlsx\" | where 1️⃣").isEmpty)
    }

    @Test func setOptionsAndValues() {
        #expect(texts("set 1️⃣") == Settings.optionNames)
        #expect(texts("set f1️⃣") == ["format"])
        #expect(texts("set format 1️⃣") == ["table", "csv", "json", "jsonl", "markdown"])
        #expect(texts("set format j1️⃣") == ["json", "jsonl"])
        #expect(texts("set color a1️⃣") == ["auto", "always"])
        #expect(texts("set timer 1️⃣") == ["on", "off"])
        #expect(texts("set rows 1️⃣").isEmpty)
    }

    @Test func helpDescribeNotebook() {
        #expect(texts("help wh1️⃣") == ["where"])
        #expect(texts("help med1️⃣") == ["median"])
        #expect(texts("help ca1️⃣") == ["card", "cases"])
        #expect(texts("describe co1️⃣") == ["collectives"])
        #expect(texts("notebook 1️⃣") == NotebookCommand.words)
    }

    @Test func multiLineInputAndLeadingPipe() {
        #expect(texts("cases |\n  where ci1️⃣") == ["city"])
        #expect(texts("cases\n| where ci1️⃣") == ["city"])
        #expect(texts("cases | derive zz = 1\n| where z1️⃣") == ["zz"])
        // A line starting with `|` continues the previous pipeline.
        #expect(texts("| where z1️⃣", previous: "cases | derive zz = 1") == ["zz"])
        #expect(texts("| where z1️⃣").isEmpty)
    }

    @Test func backquotedNames() {
        harness.run("let odd = cases | select name, `bruto ha` = floor_area_m2")
        #expect(texts("odd | where 1️⃣") == ["name", "`bruto ha`"])
        let c = complete("odd | where `br1️⃣")
        #expect(c.start == 12 && c.candidates == [Candidate("`bruto ha", terminator: "`", kind: .name)])
        #expect(texts("odd | where `1️⃣") == ["`name", "`bruto ha"])
        // A bare prefix of a name that needs quotes completes to the quoted name.
        #expect(texts("odd | where br1️⃣") == ["`bruto ha`"])
    }

    @Test func commentsAndNumbersOfferNothing() {
        #expect(texts("cases # where ci1️⃣").isEmpty)
        #expect(texts("cases | take 1️⃣").isEmpty)
        #expect(texts("cases | take 1").isEmpty)
    }

    /// What the declarations add: every load option, each setting's values,
    /// notebook's words, stage options, chart kinds, help topics.
    @Test func optionsAndWordsComeFromTheDeclarations() {
        #expect(texts("load \"data.csv\" 1️⃣").starts(with: LoadStatement.help.options.map { $0.name + "=" }))
        #expect(texts("load \"data.csv\" sk1️⃣") == ["skip="])
        #expect(texts("load \"data.csv\" sh1️⃣") == ["sheet="])
        #expect(complete("load \"data.csv\" sk1️⃣").candidates.first?.terminator == "")
        #expect(texts("load \"data.csv\" skip=2 1️⃣").contains("as"))
        #expect(texts("let t = load \"data.csv\" he1️⃣") == ["header="])
        #expect(texts("load \"data.csv\" header=1️⃣") == ["true", "false"])
        #expect(texts("load \"data.csv\" delimiter=1️⃣").isEmpty)
        #expect(texts("set decimals 1️⃣").isEmpty)
        #expect(texts("set color 1️⃣") == ["auto", "always", "never"])
        #expect(texts("set ti1️⃣") == ["timer"])
        #expect(texts("notebook s1️⃣") == ["save", "show"])
        #expect(texts("notebook save \"1️⃣") == ["data.csv", "data2.csv", "sub"])
        #expect(texts("notebook drop 1️⃣").isEmpty)
        #expect(texts("cases | sample 3 1️⃣") == ["seed="])
        #expect(texts("cases | chart 1️⃣") == ["bar", "hist", "line", "scatter", "map"])
        #expect(texts("cases | chart bar ci1️⃣") == ["city"])
        #expect(texts("cases | chart hist founded 1️⃣") == ["title=", "bins=", "width="])
        #expect(texts("help 1️⃣").starts(with: StatementRegistry.names))
        #expect(texts("help qu1️⃣").isEmpty)
        #expect(texts("qu1️⃣") == ["quit"])
        #expect(texts("describe 1️⃣").contains("cases") && !texts("describe 1️⃣").contains("let"))
        #expect(texts("cases | join left 1️⃣").contains("collectives"))
        #expect(texts("cases | rename 1️⃣").isEmpty)
        #expect(texts("cases | distinct ci1️⃣") == ["city"])
        #expect(texts("exp1️⃣") == ["explain"])
        #expect(texts("cases | pivot city 1️⃣") == ["using"])
        #expect(texts("cases | pivot city using su1️⃣") == ["sum"])
        #expect(texts("explain ca1️⃣") == ["cases"])
        #expect(texts("explain cases | where ci1️⃣") == ["city"])
    }

    /// The completer asks the parser: what it expects is what the parser accepts.
    @Test func theParserSaysWhatIsExpected() {
        func expected(_ text: String) -> [Expected] { CursorContext.at(text).expected }
        #expect(expected("cases | ") == [.stage])
        #expect(expected("cases | top 3 ") == [.keywords(["by"])])
        #expect(expected("cases | where founded is ").contains(.keywords(["null"])))
        #expect(expected("load ") == [.filePath])
        let context = CursorContext.at("cases | select name | where ")
        guard case .expression(let scope, _)? = context.expected.first else {
            Issue.record("no expression expected: \(context.expected)")
            return
        }
        #expect(context.inputPrefix(scope) == "cases | select name ")
        #expect(CursorContext.at("cases # x").region == .none)
        #expect(CursorContext.at("cases | where x == 'ab").region == .string(quote: "'"))
    }

    /// Completion agrees with the parser: in every example of the help, each
    /// word (but a name being made up: before `=`, after `let`, `as` or `into`) is
    /// offered once its first letter is typed.
    @Test func everyWordOfEveryExampleIsOffered() {
        let examples =
            StatementRegistry.all.flatMap { $0.help.examples } + StageRegistry.all.flatMap { $0.help.examples }
            + FunctionCatalog.examples.values.flatMap { $0 } + AggregateCatalog.all.flatMap(\.examples)
        let c = completer()
        var checked = 0
        for example in examples.map(\.code) {
            harness.run(example)  // tables it binds (let) are known, as after running it
            let tokens = Lexer.tokenize(example).tokens
            var madeUp = false  // after `into` (unpivot's new names), until the stage ends
            for (i, t) in tokens.enumerated() {
                if t.kind == .pipe { madeUp = false }
                guard t.kind == .identifier else { continue }
                let previous = i > 0 ? tokens[i - 1] : nil, next = tokens[i + 1]
                if previous?.isKeyword("let") == true || previous?.isKeyword("as") == true || madeUp { continue }
                if t.isKeyword("into") { madeUp = true }
                let prefix = String(decoding: Array(example.utf8)[..<(t.span.start + 1)], as: UTF8.self)
                let offered = c.complete(prefix).texts
                let word = next.kind == .assign && offered.contains(t.text + "=") ? t.text + "=" : t.text
                if next.kind == .assign && word == t.text { continue }
                #expect(offered.contains(word), "\(prefix)… does not offer \(word) (\(example))")
                checked += 1
            }
        }
        #expect(checked > 300)
    }

    /// Every prefix of lines full of odd syntax completes without a crash.
    @Test func everyPrefixOfHalfTypedLinesIsSafe() {
        let lines = [
            "let t = load \"data.csv\" delimiter=\";\" | where a > 1 and not (b in [1, 2]) | derive c = a ?? 0",
            "cases | join left collectives on operator = id | summarize n = count(), m = median(founded) by city",
            "cases | select `bruto ha` = floor_area_m2, name | sort -`bruto ha`, name asc | top 3 by name desc",
            "set format json; help where; describe cases; notebook save \"x.md\"; note \"a\nb\"",
            "| | | ((( ]] `x \" ' # ?? = == ;; \n\n | where",
            "cases | where city == 'Zuid\\'s' | derive é = lower(名前) | sample 3 seed=7 | save \"sub/out.csv\"",
        ]
        let c = completer(previous: "cases")
        for line in lines {
            for end in line.indices + [line.endIndex] {
                let result = c.complete(String(line[..<end]))
                #expect(result.start <= line[..<end].utf8.count)
            }
        }
    }
}
