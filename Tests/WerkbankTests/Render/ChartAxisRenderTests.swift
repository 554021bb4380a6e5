import Foundation
import Testing
import WerkbankEngine
@testable import WerkbankRender

#if canImport(FoundationXML)
import FoundationXML
#endif

/// Axes with nice ticks, series by group, legends, the chart's data as a
/// table, and what a projector and a screen reader need. Expected ticks are
/// computed by hand from the rule (steps of 1, 2 or 5 × 10^k, at most six
/// intervals); expected data rows come from the input files below.
@Suite struct ChartAxisRenderTests {
    @Test func ticksAreOneTwoFiveSteps() {
        // 0…120 from zero: 120/6 = 20 → a step of 20, seven ticks.
        let bars = AxisScale.numeric([19, 80, 120], includeZero: true)
        #expect(bars.ticks == [0, 20, 40, 60, 80, 100, 120])
        #expect(bars.low == 0 && bars.high == 120)
        // 3…97: a step of 10 would need ten intervals, 20 needs five: 0…100.
        #expect(AxisScale.numeric([3, 97]).ticks == [0, 20, 40, 60, 80, 100])
        // 0.013…0.087: 0.074/6 ≈ 0.012 → magnitude 0.01, a step of 0.02, two decimals.
        let small = AxisScale.numeric([0.013, 0.087])
        #expect(small.ticks.count == 6 && abs(small.ticks[5] - 0.1) < 1e-12)
        #expect(small.ticks.map(small.label) == ["0.00", "0.02", "0.04", "0.06", "0.08", "0.10"])
        // Whole numbers never get a fractional step.
        #expect(AxisScale.numeric([1, 2]).ticks == [1, 2])
        // One value: a range around it, the value in the middle.
        let one = AxisScale.numeric([5])
        #expect(one.low < 5 && one.high > 5)
    }

    @Test func paddingKeepsPointsOffTheFrame() {
        // 10…20 padded by 5 % is 9.5…20.5; the nice bounds around it are 8 and 22.
        let s = AxisScale.numeric([10, 20], pad: 0.05)
        #expect(s.low < 10 && s.high > 20)
        #expect(s.ticks.first == s.low && s.ticks.last == s.high)
    }

    /// Padding never takes an axis across zero: times from 0.092 to 4.12 s
    /// get ticks 0…5, not -1…5 (the benchmark's cost curve had -1); values
    /// around zero are padded on both sides as before.
    @Test func paddingStopsAtZero() {
        let times = AxisScale.numeric([0.092, 4.12], pad: 0.05)
        #expect(times.low == 0 && times.ticks.first == 0 && times.ticks.last == 5)
        let negative = AxisScale.numeric([-4.12, -0.092], pad: 0.05)
        #expect(negative.high == 0 && negative.ticks.first == -5)
        let across = AxisScale.numeric([-1, 9], pad: 0.05)
        #expect(across.low < -1 && across.high > 9)
    }

    @Test func numbersFollowOneConvention() {
        #expect(AxisScale.number(2015, decimals: 0) == "2015")
        #expect(AxisScale.number(12000, decimals: 0) == "12,000")
        #expect(AxisScale.number(-1_234_567.5, decimals: 1) == "-1,234,567.5")
        #expect(AxisScale.number(0.5, decimals: 2) == "0.50")
    }

    @Test func dateAxesTickOnYearsMonthsOrDays() throws {
        func day(_ s: String) throws -> Double { Double(try #require(CalendarDate.parse(s))) }
        // 2012-01-01 … 2024-06-01: yearly steps of 1 or 2 need 7 or more intervals; 5 years gives 2010…2025.
        let years = AxisScale.dates([try day("2012-01-01"), try day("2024-06-01")])
        #expect(years.ticks.map(years.label) == ["2010", "2015", "2020", "2025"])
        // 2024-01-15 … 2024-06-10: six months, a tick on the first of each.
        let months = AxisScale.dates([try day("2024-01-15"), try day("2024-06-10")])
        #expect(months.ticks.map(months.label) == ["2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06", "2024-07"])
    }

    /// A small synthetic table: jobs per municipality and year (made up).
    static let jobs = """
        jaar,gemeente,banen
        2019,Delft,100
        2020,Delft,120
        2019,Leiden,80
        2020,Leiden,85
        2019,Gouda,40
        2020,Gouda,-10
        2020,Gouda,7

        """

    func harness(format: OutputFormat) -> Harness {
        let h = Harness(format: format)
        h.load("jobs", csv: Self.jobs)
        return h
    }

    @Test func chartDataIsTheRowsDrawn() {
        let h = harness(format: .csv)
        // Grouped bars: labels in order of first appearance, a value per group;
        // the repeated (Gouda, 2020) row is not drawn, so it is not in the data.
        #expect(
            h.csv("jobs | chart bar gemeente banen by jaar") == """
                gemeente,banen,jaar
                Delft,100,2019
                Delft,120,2020
                Leiden,80,2019
                Leiden,85,2020
                Gouda,40,2019
                Gouda,-10,2020

                """)
        // A line per group (in order of first appearance), each in x order, ties in input order.
        #expect(
            h.csv("jobs | sort jaar desc | chart line jaar banen by gemeente") == """
                jaar,banen,gemeente
                2019,100,Delft
                2020,120,Delft
                2019,80,Leiden
                2020,85,Leiden
                2019,40,Gouda
                2020,-10,Gouda
                2020,7,Gouda

                """)
    }

    @Test func histogramBinsByHand() {
        let h = Harness(format: .csv)
        h.load("v", csv: "x\n1\n2\n3\n4\n")
        // 1…4 in two bins: [1, 2.5) holds 1 and 2, [2.5, 4] holds 3 and 4.
        #expect(h.csv("v | chart hist x bins=2") == "low,high,count\n1.0,2.5,2\n2.5,4.0,2\n")
    }

    @Test func terminalChartsAreCleanAtProjectorWidth() {
        let h = harness(format: .table)
        h.session.settings.width = 100
        for statement in [
            "jobs | chart bar gemeente banen by jaar", "jobs | chart bar gemeente banen by jaar stacked",
            "jobs | chart line jaar banen by gemeente", "jobs | chart scatter jaar banen by gemeente",
            "jobs | chart hist banen bins=3", "jobs | chart line jaar banen",
        ] {
            let out = h.run(statement).stdout
            for line in out.split(separator: "\n") {
                #expect(TerminalWidth.of(String(line)) <= 100, "\(statement): too wide: \(line)")
                #expect(!line.hasSuffix(" "), "\(statement): trailing blanks: \(line)")
            }
            #expect(!out.contains("\u{2800}"), "\(statement): blank braille")
            #expect(!out.contains("\u{1B}"), "\(statement): colour without asking")
        }
        let scatter = h.run("jobs | chart scatter jaar banen by gemeente").stdout
        #expect(scatter.contains("gemeente:  ● Delft  ■ Leiden  ▲ Gouda"))
        #expect(scatter.filter { $0 == "●" }.count == 1 + 2, "legend + Delft's two points:\n\(scatter)")
        let grouped = h.run("jobs | chart bar gemeente banen by jaar").stdout
        #expect(grouped.contains("jaar:  ██ 2019  ▓▓ 2020"))
        #expect(grouped.contains("(1 row repeat"), "the repeated row is said:\n\(grouped)")
    }

    @Test func colourIsPaintedOnlyWhenAsked() {
        let data = Table([("k", Column.strings(["a", "b"])), ("v", Column(.int([1, 2])))], rowCount: 2)
        let spec = ChartSpec(kind: .bar, x: "k", y: "v")
        #expect(!TerminalChart.render(spec, data, RenderOptions(width: 60, color: false)).contains("\u{1B}"))
        #expect(TerminalChart.render(spec, data, RenderOptions(width: 60, color: true)).contains("\u{1B}[38;5;"))
    }

    @Test func svgIsAccessibleAndDeterministic() throws {
        let h = harness(format: .table)
        let dir = NSTemporaryDirectory() + "wb-svg-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for (name, statement) in [
            ("bar", "chart bar gemeente banen by jaar"), ("line", "chart line jaar banen by gemeente"),
            ("scatter", "chart scatter jaar banen by gemeente"),
        ] {
            _ = h.run("jobs | \(statement) | save \"\(dir)/\(name).svg\"")
            let first = try String(contentsOfFile: "\(dir)/\(name).svg", encoding: .utf8)
            _ = h.run("jobs | \(statement) | save \"\(dir)/\(name).svg\"")
            #expect(try String(contentsOfFile: "\(dir)/\(name).svg", encoding: .utf8) == first, "\(name): same input, same bytes")
            #expect(XMLParser(data: Data(first.utf8)).parse(), "\(name) is not XML")
            #expect(first.contains("role=\"img\"") && first.contains("<title>") && first.contains("<desc>"))
            for group in ["Delft", "Leiden", "Gouda"] where name != "bar" { #expect(first.contains(">\(group)</text>"), "legend: \(group)") }
            #expect(first.contains("stroke=\"#e3e3e3\""), "\(name): gridlines")
        }
        let scatter = try String(contentsOfFile: "\(dir)/scatter.svg", encoding: .utf8)
        // Seven points and three legend markers, each a marker path.
        #expect(scatter.components(separatedBy: "scale(1.3)").count - 1 == 7 + 3)
        #expect(scatter.contains("<desc>Scatter chart of banen against jaar: 7 points, 3 groups of gemeente: Delft, Leiden, Gouda;"))
        let bar = try String(contentsOfFile: "\(dir)/bar.svg", encoding: .utf8)
        #expect(bar.contains("fill=\"url(#hatch1)\""), "the second series is hatched for greyscale print")
    }
}
