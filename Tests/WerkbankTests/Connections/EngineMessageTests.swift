import Testing
import WerkbankEngine
@testable import WerkbankLanguage

/// The engines' stderr as psql 15 and DuckDB 1.5's command line print it
/// (copied from the clients), turned into one message and a hint.
@Suite struct EngineMessageTests {
    @Test func psqlErrorWithLineAndCaret() {
        let e = EngineMessage.error(
            stderr: "ERROR:  relation \"nosuch\" does not exist\nLINE 1: SELECT * FROM nosuch;\n                      ^\n", status: 3,
            client: "psql")
        // The line of the query is kept, for the stage it belongs to.
        #expect(e == .inQuery(.engine("relation \"nosuch\" does not exist", hint: nil), line: 1))
        let third = EngineMessage.error(
            stderr: "ERROR:  column \"x\" does not exist\nLINE 3:     SELECT x FROM s0\n                   ^\n", status: 3, client: "psql")
        #expect(third == .inQuery(.engine("column \"x\" does not exist", hint: nil), line: 3))
    }

    @Test func psqlHintIsKept() {
        let e = EngineMessage.error(
            stderr:
                "psql:<stdin>:4: ERROR:  function round(double precision, integer) does not exist\nLINE 1: SELECT round(1.5::float8, 1)\n               ^\nHINT:  No function matches the given name and argument types. You might need to add explicit type casts.\n",
            status: 3, client: "psql")
        #expect(
            e
                == .inQuery(
                    .engine(
                        "function round(double precision, integer) does not exist",
                        hint: "No function matches the given name and argument types. You might need to add explicit type casts."), line: 1))
    }

    @Test func refusedConnectionSaysIsTheServerRunning() {
        let e = EngineMessage.error(
            stderr:
                "psql: error: connection to server at \"127.0.0.1\", port 1 failed: Connection refused\n\tIs the server running on that host and accepting TCP/IP connections?\n",
            status: 2, client: "psql")
        #expect(
            e
                == .engine(
                    "connection to server at \"127.0.0.1\", port 1 failed: Connection refused",
                    hint: "is the server running? Check the host and port in the URL"))
    }

    @Test func duckdbErrorKindIsDropped() {
        let e = EngineMessage.error(
            stderr:
                "Catalog Error: Table with name nosuch does not exist!\nDid you mean \"cases\"?\n\nLINE 1: SELECT * FROM nosuch\n                      ^\n",
            status: 1, client: "duckdb")
        #expect(e == .inQuery(.engine("Table with name nosuch does not exist!", hint: "Did you mean \"cases\"?"), line: 1))
        #expect(
            EngineMessage.error(stderr: "Error: unable to open database \"/x/y.duckdb\": IO Error: Cannot open file", status: 1, client: "duckdb")
                == .engine("unable to open database \"/x/y.duckdb\": IO Error: Cannot open file", hint: nil))
    }

    @Test func silentFailureSaysSo() {
        #expect(
            EngineMessage.error(stderr: "\n", status: 2, client: "psql") == .engine("psql failed (exit status 2) without saying why", hint: nil))
    }
}

extension EngineMessageTests {
    /// DuckDB's nearest name for an unknown table in an empty database is one
    /// of its catalogue views: not a hint worth giving.
    @Test func duckdbSuggestingItsCatalogueIsNoHint() {
        let e = EngineMessage.error(
            stderr: "Catalog Error: Table with name nosuch does not exist!\nDid you mean \"pg_sequences\"?\n\nLINE 1: SELECT * FROM nosuch\n",
            status: 1,
            client: "duckdb")
        #expect(e == .inQuery(.engine("Table with name nosuch does not exist!", hint: nil), line: 1))
    }

    @Test func theFirstSeverityWordEndsPsqlsPrefix() {
        let e = EngineMessage.error(
            stderr: "psql:<stdin>:5: ERROR:  invalid input syntax for type integer: \"error: x\"\n", status: 3, client: "psql")
        #expect(e == .engine("invalid input syntax for type integer: \"error: x\"", hint: nil))
    }
}
