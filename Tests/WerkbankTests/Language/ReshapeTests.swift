import Testing
@testable import WerkbankLanguage

/// Reshaping: `unpivot` (wide → long). Expected rows are written out by hand
/// from the synthetic CBS-style table below (years as columns; made up).
@Suite struct ReshapeTests {
    static let wide = """
        gemeente,2019,2020,2021
        Delft,100,120,
        Gouda,40,-10.5,60

        """

    func harness() -> Harness {
        let h = Harness()
        // header=true: a header of years reads like data to the sniffer.
        h.load("w", csv: Self.wide, options: "header=true")
        return h
    }

    @Test func unpivotByPatternKeepsOrderAndNulls() {
        let out = harness().csv("w | unpivot \"20*\" into jaar, banen")
        // Ints and a float share a column: floats. The empty 2021 of Delft stays, as null.
        #expect(
            out == """
                gemeente,jaar,banen
                Delft,2019,100.0
                Delft,2020,120.0
                Delft,2021,
                Gouda,2019,40.0
                Gouda,2020,-10.5
                Gouda,2021,60.0

                """)
    }

    @Test func unpivotNamedColumnsAndPatternsTogether() {
        let out = harness().csv("w | unpivot `2021`, \"201?\" into jaar, banen | where banen is not null")
        // Columns come in input order whatever order they are listed in.
        #expect(
            out == """
                gemeente,2020,jaar,banen
                Delft,120.0,2019,100
                Gouda,-10.5,2019,40
                Gouda,-10.5,2021,60

                """)
    }

    @Test func unpivotRefusesWhatItCannotDo() {
        let h = harness()
        #expect(h.error("w | unpivot \"19*\" into jaar, banen").contains("no column matches \"19*\""))
        #expect(h.error("w | unpivot gemeente, \"20*\" into jaar, banen").contains("unpivot needs columns of one type"))
        #expect(h.error("w | unpivot \"20*\" into gemeente, banen").contains("column \"gemeente\" appears twice"))
        #expect(h.error("w | unpivot \"20*\" into jaar, jaar").contains("column \"jaar\" appears twice"))
        #expect(h.error("w | unpivot \"20*\" as jaar, banen").contains("'into NAME, VALUE'"))
        #expect(h.error("w | unpivot").contains("unpivot needs the columns"))
    }

    @Test func pivotMakesAColumnPerValueSorted() {
        let h = harness()
        // Long form: three years of two municipalities; back to wide with first().
        let out = h.csv("w | unpivot \"20*\" into jaar, banen | pivot jaar using first(banen) by gemeente")
        #expect(
            out == """
                gemeente,2019,2020,2021
                Delft,100.0,120.0,
                Gouda,40.0,-10.5,60.0

                """)
        // As DuckDB's PIVOT: a combination without rows counts 0 and sums to null.
        h.load("l", csv: "k,c,v\nb,x,3\na,y,2\na,x,1\n")
        #expect(h.csv("l | pivot c using count() by k") == "k,x,y\na,1,1\nb,1,0\n")
        #expect(h.csv("l | pivot c using sum(v) by k") == "k,x,y\na,1,2\nb,3,\n")
        // Without keys: one row.
        #expect(h.csv("l | pivot c using sum(v)") == "x,y\n4,2\n")
        // Numbers sort as numbers, not as text: 9 before 10.
        h.load("n", csv: "k,c,v\na,10,1\na,9,2\n")
        #expect(h.csv("n | pivot c using sum(v) by k") == "k,9,10\na,2,1\n")
        // Later stages name the new columns.
        #expect(h.csv("l | pivot c using sum(v) by k | where y is not null | select k, y") == "k,y\na,2\n")
    }

    @Test func pivotRefusesWhatItCannotDo() {
        let h = harness()
        h.load("l", csv: "k,c,v\na,k,1\n")
        #expect(h.error("l | pivot c using sum(v) by k").contains("a second column named \"k\""))
        #expect(h.error("l | pivot c by k").contains("'using AGG(x)'"))
        #expect(h.error("l | pivot c using v by k").contains("expected an aggregate"))
        #expect(h.error("l | pivot k using sum(v) by k").contains("both the column to pivot and a key"))
        let ids = (0..<1001).map { "\($0),1" }.joined(separator: "\n")
        h.load("wide", csv: "id,v\n" + ids + "\n")
        #expect(h.error("wide | pivot id using sum(v)").contains("pivot would make 1001 columns from id; at most 1000"))
    }

    @Test func globPatterns() {
        #expect(Glob.matches("2019", "20*") && Glob.matches("2019", "201?") && Glob.matches("2019", "*"))
        #expect(!Glob.matches("2019", "19*") && !Glob.matches("2019", "201") && !Glob.matches("", "?"))
        #expect(Glob.matches("a*b", "a*b") && Glob.matches("abcb", "a*b") && !Glob.matches("abc", "a*b"))
    }
}
