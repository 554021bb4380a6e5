import Foundation
import Testing

/// Each stage on small inputs, with nulls, empty tables and errors.
@Suite struct StageTests {
    static let data = """
        id,g,v,w
        1,a,10,1.5
        2,b,,2.5
        3,a,30,
        4,,40,4.0
        5,b,10,5.0

        """

    func harness() -> Harness {
        let h = Harness()
        h.load("t", csv: Self.data)
        h.run("let empty = t | where id > 100")
        return h
    }

    @Test func selectDeriveDropRename() {
        let h = harness()
        #expect(h.csv("t | select v, id | take 2") == "v,id\n10,1\n,2\n")
        #expect(h.csv("t | derive v = v * 2, z = v + 1 | select id, v, z | take 2") == "id,v,z\n1,20,21\n2,,\n")
        #expect(h.csv("t | drop g, w | take 1") == "id,v\n1,10\n")
        #expect(h.csv("t | rename group = g | select group | take 1") == "group\na\n")
        #expect(h.error("t | select v, v").contains("appears twice"))
        #expect(h.error("t | rename id = g").contains("two columns would be named \"id\""))
        #expect(h.error("t | drop nope").contains("unknown column \"nope\""))
    }

    @Test func sortIsStableWithNullsLast() {
        let h = harness()
        #expect(h.csv("t | sort v | select id") == "id\n1\n5\n3\n4\n2\n")
        #expect(h.csv("t | sort -v | select id") == "id\n4\n3\n1\n5\n2\n")
        #expect(h.csv("t | sort v desc, id desc | select id") == "id\n4\n3\n5\n1\n2\n")
        #expect(h.csv("t | sort g, -id | select id") == "id\n3\n1\n5\n2\n4\n")
        #expect(h.csv("empty | sort v") == "id,g,v,w\n")
    }

    @Test func takeAndTop() {
        let h = harness()
        #expect(h.csv("t | take 0") == "id,g,v,w\n")
        #expect(h.csv("t | take 100 | count") == "count\n5\n")
        #expect(h.error("t | take -1").contains("≥ 0"))
        #expect(h.csv("t | top 2 by v | select id") == "id\n4\n3\n")
        #expect(h.csv("t | top 3 by v asc | select id") == "id\n1\n5\n3\n")
        #expect(h.csv("t | top 9 by w | select id") == "id\n5\n4\n2\n1\n3\n")
        #expect(h.csv("empty | top 3 by v") == "id,g,v,w\n")
    }

    @Test func summarize() {
        let h = harness()
        #expect(
            h.csv("t | summarize n = count(), c = count(v), s = sum(v), a = avg(w) by g")
                == "g,n,c,s,a\na,2,2,40,1.5\nb,2,1,10,3.75\n,1,1,40,4.0\n")
        #expect(
            h.csv("t | summarize min(v), max(v), median(v), first(v), last(w), count_distinct(v)")
                == "min_v,max_v,median_v,first_v,last_w,count_distinct_v\n10,40,20.0,10,5.0,3\n")
        #expect(h.csv("t | summarize p = percentile(v, 0.75), sd = stddev(v)").hasPrefix("p,sd\n32.5,15.0"))
        #expect(h.csv("t | summarize mean(w)") == "mean_w\n3.25\n")
        #expect(h.csv("empty | summarize n = count(), s = sum(v), a = avg(v), m = min(g)") == "n,s,a,m\n0,,,\n")
        #expect(h.csv("empty | summarize n = count() by g") == "g,n\n")
        #expect(h.error("t | summarize percentile(v, 2)").contains("from 0 to 1"))
        #expect(h.error("t | summarize sum(g)").contains("expects a number"))
        #expect(h.error("t | summarize lower(g)").contains("not an aggregate"))
        #expect(h.error("t | summarize cnt()").contains("did you mean \"count\"?"))
    }

    @Test func countAndDistinct() {
        let h = harness()
        #expect(h.csv("t | count") == "count\n5\n")
        #expect(h.csv("empty | count") == "count\n0\n")
        #expect(h.csv("t | count by g") == "g,count,percent\na,2,40.0\nb,2,40.0\n,1,20.0\n")
        #expect(h.csv("t | count by v") == "v,count,percent\n10,2,40.0\n30,1,20.0\n40,1,20.0\n,1,20.0\n")
        #expect(h.csv("t | distinct g") == "g\na\nb\n\n")
        #expect(h.csv("t | distinct g, v | count") == "count\n5\n")
        #expect(h.csv("t | select v | distinct") == "v\n10\n\n30\n40\n")
    }

    @Test func joins() {
        let h = harness()
        h.load("u", csv: "g,label\na,Alpha\nb,Beta\nb,Bravo\nc,Charlie\n")
        #expect(h.csv("t | join u on g | select id, label") == "id,label\n1,Alpha\n2,Beta\n2,Bravo\n3,Alpha\n5,Beta\n5,Bravo\n")
        #expect(h.csv("t | join left u on g | select id, label") == "id,label\n1,Alpha\n2,Beta\n2,Bravo\n3,Alpha\n4,\n5,Beta\n5,Bravo\n")
        #expect(h.csv("t | join anti u on g | select id") == "id\n4\n")
        #expect(h.csv("u | join t on g = g | count") == "count\n6\n")
        #expect(h.error("t | join u on id").contains("u has no column \"id\""))
        #expect(h.error("t | join nope on g").contains("unknown table \"nope\""))
        #expect(h.error("t | join u on id = g").contains("cannot join int"))
    }

    /// A lookup join keeps its left rows in place over its input's values
    /// when nothing else holds them; a table in scope holds them, so it is
    /// as it was after joins, lookups and anti joins over it (values by hand).
    @Test func aJoinLeavesTheTablesItReadsAsTheyWere() {
        let h = harness()
        h.load("labels", csv: "g,label\na,Alpha\nc,Charlie\n")
        #expect(h.csv("t | join labels on g | select id, v, label") == "id,v,label\n1,10,Alpha\n3,30,Alpha\n")
        #expect(h.csv("t | join anti labels on g | select id") == "id\n2\n4\n5\n")
        #expect(h.csv("t | join left labels on g | select id, label") == "id,label\n1,Alpha\n2,\n3,Alpha\n4,\n5,\n")
        #expect(h.csv("t | select id, v") == "id,v\n1,10\n2,\n3,30\n4,40\n5,10\n")
        h.run("let j = t | join labels on g")
        #expect(h.csv("t | summarize n = count(), s = sum(v)") == "n,s\n5,90\n")
        #expect(h.csv("j | select id") == "id\n1\n3\n")
    }

    @Test func appendDescribeSample() {
        let h = harness()
        h.load("more", csv: "id,w,extra\n9,9.5,x\n")
        #expect(h.csv("t | take 1 | append more") == "id,g,v,w,extra\n1,a,10,1.5,\n9,,,9.5,x\n")
        #expect(
            h.csv("t | describe | select column, type, count, nulls, distinct, min, max")
                == "column,type,count,nulls,distinct,min,max\nid,int,5,0,5,1,5\ng,string,4,1,2,a,b\nv,int,4,1,3,10,40\nw,float,4,1,4,1.5,5\n")
        #expect(h.csv("t | sample 2 | count") == "count\n2\n")
        #expect(h.csv("t | sample 2 seed=1") == h.csv("t | sample 2 seed=1"))
        #expect(h.csv("t | sample 50 | count") == "count\n5\n")
        #expect(h.csv("empty | sample 3 | count") == "count\n0\n")
    }

    @Test func saveWritesAtomicallyAndPassesOn() throws {
        let dir = NSTemporaryDirectory() + "wb-save-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let h = Harness(baseDirectory: dir)
        h.load("t", csv: Self.data)
        let out = h.run("t | where v > 15 | save \"big.csv\" | count")
        #expect(out.stdout.contains("count\n2\n"))
        #expect(out.stderr.contains("saved 2 rows × 4 columns to big.csv"))
        #expect(try String(contentsOfFile: dir + "/big.csv", encoding: .utf8) == "id,g,v,w\n3,a,30,\n4,,40,4.0\n")
        h.run("t | take 1 | save \"one.json\"")
        #expect(try String(contentsOfFile: dir + "/one.json", encoding: .utf8) == "[\n  {\"id\": 1, \"g\": \"a\", \"v\": 10, \"w\": 1.5}\n]\n")
        #expect(h.error("t | save \"x.txt\"").contains("cannot tell the format"))
        h.session.allowWrite = false
        #expect(h.run("t | save \"skipped.csv\"").stderr.contains("save skipped"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/skipped.csv"))
    }

    @Test func statements() {
        let h = harness()
        #expect(h.run("let a = t | where g == \"a\"").stderr == "a: 2 rows × 4 columns\n")
        #expect(h.csv("a | count") == "count\n2\n")
        #expect(h.error("let where = t").contains("keyword"))
        #expect(h.csv("datasets | where name == \"a\" | select name, rows, columns, source") == "name,rows,columns,source\na,2,4,let\n")
        #expect(h.error("cses | count").contains("did you mean \"cases\"?"))
        #expect(h.error("t | wher v > 1").contains("did you mean \"where\"?"))
        #expect(h.error("set rows -3").contains("rows must be"))
        #expect(h.error("set colour never").contains("did you mean \"color\"?"))
        #expect(h.run("help where").stdout.contains("where EXPR"))
        #expect(h.run("help lower").stdout.contains("lower(text)"))
        #expect(h.run("help cases").stdout.contains("Case studies"))
        #expect(h.error("help wehre").contains("did you mean \"where\"?"))
        #expect(h.run("version").stderr.hasPrefix("werkbank "))
    }

    @Test func anErrorEndsOnlyItsStatement() {
        let h = harness()
        let out = h.run("t | count; t | nope; t | where v > 20 | count\nlet z = t | take 1")
        #expect(out.failed)
        #expect(out.stdout == "count\n5\ncount\n2\n")
        #expect(out.stderr.contains("unknown stage \"nope\""))
        #expect(out.stderr.contains("z: 1 row × 4 columns"))
    }

    @Test func multiLinePipelines() {
        let h = harness()
        #expect(h.csv("t |\n  where v > 15\n  | count") == "count\n2\n")
        #expect(h.csv("t\n| where v > 15 # big ones\n| count") == "count\n2\n")
        #expect(h.csv("t | where v in [\n 10,\n 30\n] | count") == "count\n3\n")
    }

    @Test func tableRendering() {
        let h = harness()
        h.session.settings.format = .table
        #expect(
            h.run("t | select id, g, w | take 2").stdout == """
                ┌────┬───┬─────┐
                │ id │ g │   w │
                ├────┼───┼─────┤
                │  1 │ a │ 1.5 │
                │  2 │ b │ 2.5 │
                └────┴───┴─────┘
                2 rows × 3 columns

                """)
        h.session.settings.rows = 1
        #expect(h.run("t | select id").stdout.hasSuffix("5 rows × 1 column (showing first 1)\n"))
        h.session.settings.format = .markdown
        #expect(h.run("t | select id, g | take 1").stdout == "| id | g |\n| ---: | --- |\n| 1 | a |\n")
    }
}
