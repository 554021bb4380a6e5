import Foundation
import Synchronization
import Testing
@testable import WerkbankShell
#if canImport(Glibc)
import Glibc
#endif

/// A program running on a pseudo-terminal, driven as a user would: keys in,
/// screen text out (escape sequences stripped for matching).
final class PseudoTerminal {
    let pid: pid_t
    let master: Int32
    private(set) var raw: [UInt8] = []
    /// Where `waitFor` starts looking; moved past each match.
    private var cursor = 0
    private var exitStatus: Int32?

    /// The werkbank binary built beside the test bundle (or `$WERKBANK_BINARY`).
    static var werkbankBinary: String? {
        if let p = ProcessInfo.processInfo.environment["WERKBANK_BINARY"], FileManager.default.isExecutableFile(atPath: p) { return p }
        var candidates: [String] = []
        let here = URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent()
        candidates.append(here.appendingPathComponent("werkbank").path)
        for b in Bundle.allBundles { candidates.append(b.bundleURL.deletingLastPathComponent().appendingPathComponent("werkbank").path) }
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(source.appendingPathComponent(".build-shell/debug/werkbank").path)
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    init?(_ executable: String, arguments: [String] = [], environment: [String: String], columns: UInt16 = 100, rows: UInt16 = 60) {
        // Everything the child needs is built before fork: after it, only exec.
        func cStrings(_ list: [String]) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> {
            let p = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: list.count + 1)
            for (i, s) in list.enumerated() { p[i] = strdup(s) }
            p[list.count] = nil
            return p
        }
        let argv = cStrings([executable] + arguments)
        let envp = cStrings(environment.map { "\($0.key)=\($0.value)" })
        guard let path = strdup(executable) else { return nil }
        defer {
            var i = 0
            while let s = argv[i] { free(s); i += 1 }
            i = 0
            while let s = envp[i] { free(s); i += 1 }
            argv.deallocate()
            envp.deallocate()
            free(path)
        }
        var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        var fd: Int32 = -1
        let child = forkpty(&fd, nil, nil, &size)
        if child == 0 {
            execve(path, argv, envp)
            _exit(127)
        }
        guard child > 0 else { return nil }
        pid = child
        master = fd
    }

    deinit {
        if exitStatus == nil {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        close(master)
    }

    func send(_ keys: String) {
        let bytes = Array(keys.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
            if n <= 0 { return }
            offset += n
        }
    }

    /// Reads what is there, waiting at most `timeout` seconds for something.
    @discardableResult
    func pump(timeout: Double) -> Bool {
        var fds = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        guard poll(&fds, 1, Int32(timeout * 1000)) > 0 else { return false }
        var buffer = [UInt8](repeating: 0, count: 65536)
        let n = read(master, &buffer, buffer.count)
        guard n > 0 else { return false }
        raw += buffer[..<n]
        return true
    }

    /// The screen text since `cursor`, without escape sequences and carriage returns.
    var screen: String { Self.strip(Array(raw[cursor...])) }
    var all: String { Self.strip(raw) }

    /// The screen text the last successful `waitFor` passed over.
    private(set) var passed = ""

    /// How long a wait may last before it counts as a hang. Generous, for a
    /// debug build on a machine busy with other builds: a wait returns as soon
    /// as its text is there, so only a real hang costs this long.
    static let patience: Double = 45

    /// Waits until `marker` appears after the cursor; moves the cursor past it.
    /// On timeout records an issue with the screen since the last match (what
    /// a hang left behind) and returns false.
    @discardableResult
    func waitFor(
        _ marker: String, timeout: Double = PseudoTerminal.patience,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> Bool {
        let started = Date()
        let deadline = started.addingTimeInterval(timeout)
        while true {
            let (plain, offsets) = Self.stripMapped(Array(raw[cursor...]))
            let needle = Array(marker.utf8)
            if let at = Self.find(needle, in: plain) {
                // Move the cursor in raw bytes to just after the match.
                passed = String(decoding: plain[..<(at + needle.count)], as: UTF8.self)
                cursor += offsets[at + needle.count - 1] + 1
                return true
            }
            let left = deadline.timeIntervalSinceNow
            if left <= 0 {
                let waited = String(format: "%.1f", Date().timeIntervalSince(started))
                let exited = waitpid(pid, nil, WNOHANG) == pid ? " (the program has ended)" : ""
                Issue.record(
                    "no \"\(marker)\" within \(waited) s\(exited); the screen since the last match:\n\(Self.tail(screen))",
                    sourceLocation: sourceLocation)
                return false
            }
            pump(timeout: min(left, 0.2))
        }
    }

    /// The last lines of `text` (a failure message needs the end of a long transcript).
    static func tail(_ text: String, characters: Int = 3000) -> String {
        text.count <= characters ? text : "…" + text.suffix(characters)
    }

    /// Waits for the process to end; its exit status, or nil on timeout.
    func waitExit(timeout: Double = PseudoTerminal.patience) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            pump(timeout: 0.05)
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                exitStatus = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
                return exitStatus
            }
        }
        return nil
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count else { return needle.isEmpty ? 0 : nil }
        for i in 0...(haystack.count - needle.count) where haystack[i] == needle[0] {
            if haystack[i..<(i + needle.count)].elementsEqual(needle) { return i }
        }
        return nil
    }

    static func strip(_ bytes: [UInt8]) -> String {
        String(decoding: stripMapped(bytes).0, as: UTF8.self)
    }

    /// The bytes without escape sequences, and for each kept byte its offset in `bytes`.
    static func stripMapped(_ bytes: [UInt8]) -> ([UInt8], [Int]) {
        var out: [UInt8] = [], offsets: [Int] = []
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x1B, i + 1 < bytes.count {
                let next = bytes[i + 1]
                if next == UInt8(ascii: "[") {
                    i += 2
                    while i < bytes.count, !(0x40...0x7E).contains(bytes[i]) { i += 1 }
                    i += 1
                } else if next == UInt8(ascii: "]") {
                    i += 2
                    while i < bytes.count, bytes[i] != 0x07, bytes[i] != 0x1B { i += 1 }
                    i += 1
                } else {
                    i += 2
                }
                continue
            }
            if b != 0x0D && b != 0x07 {
                out.append(b)
                offsets.append(i)
            }
            i += 1
        }
        return (out, offsets)
    }
}

/// The real binary on a pseudo-terminal, as a user types: a table, an error
/// with its caret, Tab completion, Ctrl-C of a long statement, multi-line
/// input, history across restarts.
@Suite(.serialized) final class TerminalShellTests {
    static let binary = PseudoTerminal.werkbankBinary

    let home: String

    init() throws {
        home = NSTemporaryDirectory() + "werkbank-shell-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: home + "/data", withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: home) }

    var environment: [String: String] {
        [
            "TERM": "xterm", "HOME": home, "XDG_DATA_HOME": home + "/data", "INPUTRC": "/dev/null",
            "NO_COLOR": "1", "PAGER": "cat", "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "LANG": "C.UTF-8",
        ]
    }

    func start() throws -> PseudoTerminal {
        let binary = try #require(Self.binary)
        let shell = try #require(PseudoTerminal(binary, environment: environment))
        try #require(shell.waitFor("Library:"))
        try #require(shell.waitFor("werkbank> "))
        return shell
    }

    /// A CSV big enough that sorting it takes seconds in a debug build.
    func bigCSV(rows: Int) throws -> String {
        let path = home + "/big.csv"
        var bytes = Array("k,v,s\n".utf8)
        bytes.reserveCapacity(rows * 20)
        for i in 0..<rows { bytes += Array("\(i % 1000),\(i),s\(i % 7777)x\(i % 13)\n".utf8) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test(.enabled(if: binary != nil, "build the werkbank binary first"), .timeLimit(.minutes(3)))
    func aSessionAsAUserTypesIt() throws {
        let shell = try start()

        // A pipeline and its table.
        shell.send("cases | select name, city | take 2\r")
        shell.waitFor("Keilepand")
        shell.waitFor("2 rows × 2 columns")
        shell.waitFor("werkbank> ")

        // A wrong column: the caret under it and the hint.
        shell.send("cases | where nmae == \"x\"\r")
        shell.waitFor("unknown column \"nmae\"")
        shell.waitFor("^^^^")
        shell.waitFor("did you mean \"name\"")
        shell.waitFor("werkbank> ")

        // Tab twice after `where `: the columns of cases are listed.
        shell.send("cases | where \t\t")
        shell.waitFor("source")
        for column in ["name", "city", "founded", "entrepreneurs", "floor_area_m2"] {
            #expect(shell.passed.contains(column), "\(shell.passed)")
        }
        #expect(!shell.passed.contains("lower"), "no functions before a prefix is typed")
        // Ctrl-C at the prompt drops the half-typed line.
        shell.send("\u{03}")
        shell.waitFor("^C")
        shell.waitFor("werkbank> ")

        // Tab completes a unique column; a derived column is offered later in the line.
        shell.send("cases | derive ratio = entrepreneurs / 2 | where rat\t> 50 | select name, ratio\r")
        shell.waitFor("De Kroon")
        shell.waitFor("2 rows × 2 columns")
        shell.waitFor("werkbank> ")

        // Multi-line: a line ending in `|` gets the continuation prompt.
        shell.send("cases |\r")
        shell.waitFor("...> ")
        shell.send("where city == \"Gent\" | select name\r")
        shell.waitFor("DuCoop")
        shell.waitFor("werkbank> ")

        // A line starting with `|` continues the last pipeline.
        shell.send("| select loud = upper(name)\r")
        shell.waitFor("DUCOOP")
        shell.waitFor("1 row × 1 column")
        shell.waitFor("werkbank> ")

        // A long statement stopped with Ctrl-C; the session goes on.
        let big = try bigCSV(rows: 1_500_000)
        shell.send("let early = cases | take 3\r")
        shell.waitFor("early: 3 rows")
        shell.waitFor("werkbank> ")
        shell.send("load \"\(big)\" | sort s, -v | take 1\r")
        // The line was accepted (readline moved to a new line): the statement runs.
        shell.waitFor("| take 1\n")
        Thread.sleep(forTimeInterval: 0.3)
        let pressed = Date()
        shell.send("\u{03}")
        shell.waitFor("cancelled")
        #expect(Date().timeIntervalSince(pressed) < 5, "Ctrl-C took \(Date().timeIntervalSince(pressed)) s")
        shell.waitFor("werkbank> ")
        shell.send("early | count\r")
        shell.waitFor("│     3 │")
        shell.waitFor("werkbank> ")

        // `set timer on` times each statement on stderr, shown as it runs.
        shell.send("set timer on; cases | take 1 | select name; set timer off\r")
        shell.waitFor("Keilepand")
        shell.waitFor("time: ")
        shell.waitFor("werkbank> ")

        // Ctrl-D leaves; the history holds the statements.
        shell.send("\u{04}")
        #expect(shell.waitExit() == 0)
        let history = try String(contentsOfFile: home + "/data/werkbank/history", encoding: .utf8)
        #expect(history.contains("cases | select name, city | take 2\n"))
        #expect(history.contains("cases | where nmae == \"x\"\n"))
        #expect(history.contains("cases |\\nwhere city == \"Gent\" | select name\n"))
        #expect(history.contains("early | count\n"))
        #expect(!history.contains("cases | where \n"))
    }

    /// Issue 18: at the prompt a text longer than its column wraps onto more
    /// lines of its cell, word by word within the terminal's 100 columns,
    /// instead of being cut with `…`; and the line naming hidden columns wraps too.
    @Test(.enabled(if: binary != nil, "build the werkbank binary first"), .timeLimit(.minutes(3)))
    func aLongTextWrapsInItsCell() throws {
        let shell = try start()
        let path = home + "/long.csv"
        let words = (1...30).map { "woord\($0)" }.joined(separator: " ")
        try "naam,omschrijving\nA,\(words) einde\n".write(toFile: path, atomically: true, encoding: .utf8)
        shell.send("load \"\(path)\"\r")
        shell.waitFor("1 row × 2 columns")
        let table = shell.passed
        #expect(table.contains("woord30 einde"), "\(table)")
        #expect(!table.contains("…"), "\(table)")
        let box = table.split(separator: "\n").filter { $0.hasPrefix("│") }
        #expect(box.count > 2, "the text takes more lines of its row: \(table)")
        #expect(box.allSatisfy { $0.count <= 100 }, "\(table)")
        shell.waitFor("werkbank> ")
        shell.send("\u{04}")
        #expect(shell.waitExit() == 0)
    }

    @Test(.enabled(if: binary != nil, "build the werkbank binary first"), .timeLimit(.minutes(3)))
    func historyComesBackAfterARestart() throws {
        var shell = try start()
        shell.send("cases | count by city\r")
        shell.waitFor("Rotterdam")
        shell.waitFor("werkbank> ")
        shell.send("version\r")
        shell.waitFor("werkbank> ")
        shell.send("quit\r")
        #expect(shell.waitExit() == 0)

        shell = try start()
        // Up three times: the statement before `version` and `quit`; Enter runs it again.
        shell.send("\u{1B}[A\u{1B}[A\u{1B}[A\r")
        shell.waitFor("Rotterdam")
        shell.waitFor("werkbank> ")
        // Ctrl-R finds it by a piece of it.
        shell.send("\u{12}by ci\r")
        shell.waitFor("Utrecht")
        shell.waitFor("werkbank> ")
        shell.send("\u{04}")
        #expect(shell.waitExit() == 0)
        let history = try String(contentsOfFile: home + "/data/werkbank/history", encoding: .utf8)
        // Run three times, stored once: consecutive repeats are dropped.
        #expect(history == "cases | count by city\nversion\nquit\ncases | count by city\n")
    }

    /// Issue 16: `| stage` continues the last result shown — after a `let`,
    /// the table it bound, and the shell says so.
    @Test(.enabled(if: binary != nil, "build the werkbank binary first"), .timeLimit(.minutes(3)))
    func aPipeContinuesTheLastResultShown() throws {
        let shell = try start()
        shell.send("let x = cases | take 2\r")
        shell.waitFor("x: 2 rows × 20 columns")
        shell.waitFor("werkbank> ")
        shell.send("| count\r")
        shell.waitFor("continuing: x")
        shell.waitFor("│     2 │")
        shell.waitFor("werkbank> ")
        shell.send("datasets\r")
        shell.waitFor("timeline")
        shell.waitFor("werkbank> ")
        shell.send("| where rows > 10 | count\r")
        shell.waitFor("│     4 │")  // collectives 11, terreinen 16, figures 15, partners 37
        shell.waitFor("werkbank> ")
        shell.send("\u{04}")
        #expect(shell.waitExit() == 0)
    }

    /// Issue 16: a session killed with `kill -9` loses nothing: the next one
    /// recovers its cells (and their tables) from the journal.
    @Test(.enabled(if: binary != nil, "build the werkbank binary first"), .timeLimit(.minutes(3)))
    func aKilledSessionIsRecovered() throws {
        var shell = try start()
        shell.send("let utrecht = cases | where city == \"Utrecht\"\r")
        shell.waitFor("utrecht: 2 rows")
        shell.waitFor("werkbank> ")
        shell.send("note \"The Utrecht cases.\"\r")
        shell.waitFor("werkbank> ")
        shell.send("utrecht | select name\r")
        shell.waitFor("Hof van Cartesius")
        shell.waitFor("werkbank> ")
        kill(shell.pid, SIGKILL)
        _ = shell.waitExit()

        shell = try start()
        shell.send("notebook recover\r")
        shell.waitFor("recovered 2 cells and 1 note")
        shell.waitFor("werkbank> ")
        // The table is back, and the record saves as a notebook that checks clean.
        shell.send("utrecht | count\r")
        shell.waitFor("│     2 │")
        shell.waitFor("werkbank> ")
        shell.send("notebook save \"\(home)/recovered.md\"\r")
        shell.waitFor("saved notebook")
        shell.waitFor("werkbank> ")
        shell.send("\u{04}")
        #expect(shell.waitExit() == 0)
        let text = try String(contentsOfFile: home + "/recovered.md", encoding: .utf8)
        #expect(text.contains("let utrecht = cases | where city == \"Utrecht\""))
        #expect(text.contains("The Utrecht cases."))
        #expect(text.contains("utrecht | count"))
    }

    /// Issues 14 and 16: Ctrl-C on a big join returns within a second, and
    /// the cancelled statement is not recorded in the session's notebook.
    @Test(.enabled(if: binary != nil, "build the werkbank binary first"), .timeLimit(.minutes(3)))
    func aCancelledJoinStopsAtOnceAndIsNotRecorded() throws {
        let path = home + "/keys.csv"
        var bytes = Array("k,v\n".utf8)
        for i in 0..<200_000 { bytes += Array("\(i % 2000),\(i)\n".utf8) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let shell = try start()
        shell.send("load \"\(path)\" as b\r")
        shell.waitFor("b: 200,000 rows")
        shell.waitFor("werkbank> ")
        // 20 million rows: seconds of work in any build.
        shell.send("b | join b on k | summarize m = max(v_b)\r")
        shell.waitFor("max(v_b)\n")
        Thread.sleep(forTimeInterval: 0.3)
        let pressed = Date()
        shell.send("\u{03}")
        shell.waitFor("cancelled")
        let took = Date().timeIntervalSince(pressed)
        #expect(took < 1.5, "Ctrl-C took \(took) s")
        shell.waitFor("werkbank> ")
        shell.send("notebook show\r")
        shell.waitFor("1 row × 4 columns")
        #expect(!shell.passed.contains("│ 2 │"), "\(shell.passed)")
        shell.waitFor("werkbank> ")
        shell.send("notebook save \"\(home)/nb.md\"\r")
        shell.waitFor("saved notebook")
        shell.waitFor("werkbank> ")
        shell.send("\u{04}")
        #expect(shell.waitExit() == 0)
        let text = try String(contentsOfFile: home + "/nb.md", encoding: .utf8)
        #expect(!text.contains("join"), "\(text)")
    }

    /// Leaving with unsaved cells says where they are kept.
    @Test(.enabled(if: binary != nil, "build the werkbank binary first"), .timeLimit(.minutes(3)))
    func leavingWithUnsavedCellsSaysWhereTheyAre() throws {
        let shell = try start()
        shell.send("cases | count\r")
        shell.waitFor("werkbank> ")
        shell.send("\u{04}")
        shell.waitFor("1 unsaved cell kept in \(home)/.local/state/werkbank/journal/session-")
        shell.waitFor("notebook recover, then notebook save")
        #expect(shell.waitExit() == 0)
    }

    /// Issue 14: a Ctrl-C at the continuation prompt, on a loaded machine,
    /// left the shell waiting for a key (readline read the terminal after the
    /// Ctrl-C had flushed it). Here Ctrl-C lands at many points around a line
    /// boundary — before, on and after the Enter, at the `...> ` prompt, while
    /// a statement starts — with every core busy, and each time a prompt comes
    /// back and the next statement answers.
    @Test(.enabled(if: binary != nil, "build the werkbank binary first"), .timeLimit(.minutes(3)))
    func ctrlCAroundALineBoundaryAlwaysGivesThePromptBack() throws {
        let shell = try start()
        let load = CPULoad(threads: ProcessInfo.processInfo.activeProcessorCount + 1)
        defer { load.stop() }
        let inputs = [
            "cases | where city == \"Utr\r\r",  // an open string: both lines ask for more
            "cases |\r",  // a trailing pipe
            "cases |\rwhere city == \"Gent\"\r",  // the second line completes the input
            "cases | take 1 | select name\r",  // a complete statement: Ctrl-C as it starts or ends
        ]
        let started = Date()
        for round in 0..<320 {
            let input = inputs[round % inputs.count]
            shell.send(input)
            // Every other round with a continuation waits for its prompt first.
            if round % 8 < 2 { shell.waitFor("...> ") }
            // 0 to 6 ms after the keys, in steps of 0.25 ms spread over the rounds.
            let delay = Double((round * 7) % 25) * 0.000_25
            if delay > 0 { Thread.sleep(forTimeInterval: delay) }
            shell.send("\u{03}")
            // `let` answers with the table's name and size (2 rows by `take 2`).
            shell.send("let probe\(round) = cases | take 2\r")
            guard shell.waitFor("probe\(round): 2 rows"), shell.waitFor("werkbank> ") else {
                Issue.record("round \(round): Ctrl-C \(delay * 1000) ms after \(input.debugDescription)")
                return
            }
        }
        load.stop()
        shell.send("\u{04}")
        #expect(shell.waitExit() == 0)
        // A bound on the whole run (it takes a few seconds), not a benchmark.
        #expect(Date().timeIntervalSince(started) < 120)
    }

    /// The mechanism behind the test above, without timing: the terminal says
    /// a byte is there, then drops it (as a Ctrl-C makes it drop unread input).
    /// Reading then must come back empty-handed at once, not wait for a key.
    @Test(.timeLimit(.minutes(1)))
    func aKeyTheTerminalDroppedIsNotWaitedFor() throws {
        var master: Int32 = -1, terminal: Int32 = -1
        try #require(openpty(&master, &terminal, nil, nil, nil) == 0)
        defer { close(master); close(terminal) }
        var modes = termios()
        tcgetattr(terminal, &modes)
        cfmakeraw(&modes)
        tcsetattr(terminal, TCSANOW, &modes)
        let path = try #require(ttyname(terminal).map { String(cString: $0) })
        try #require(TerminalInput.attach(terminal: path))
        _ = "x".withCString { write(master, $0, 1) }
        #expect(TerminalInput.wait(milliseconds: 5000) == .terminal)
        tcflush(terminal, TCIFLUSH)
        TerminalInput.fill()
        #expect(!TerminalInput.hasKey)
        // A key typed after it arrives.
        _ = "y".withCString { write(master, $0, 1) }
        #expect(TerminalInput.wait(milliseconds: 5000) == .terminal)
        TerminalInput.fill()
        #expect(TerminalInput.nextKey() == Int32(UInt8(ascii: "y")))
    }

    @Test(.enabled(if: binary != nil, "build the werkbank binary first"), .timeLimit(.minutes(3)))
    func nothingTypedCrashesTheShell() throws {
        let shell = try start()
        // Unfinished input (an open bracket, a trailing `|`) is sent by an empty line.
        for input in [
            "|||\r", "cases | where (((\r", "cases |\r", "`", "cases | where x ==", "let = 3", "load \"/nonexistent\"",
            "cases | derive x = 1 / 0 | take 1", "cases | sort", "help nosuch", "set rows -1", "€€€", "cases ; ; ;",
            "note \"open\r\rstill open\"", "\u{7F}\u{7F}\u{1B}[D\u{1B}[3~\u{0B}",
        ] {
            shell.send(input + "\r")
            shell.waitFor("werkbank> ")
        }
        // An open string keeps even an empty line; Ctrl-C leaves it.
        shell.send("cases | where city == \"Utr\r\r")
        shell.waitFor("...> ")
        shell.send("\u{03}")
        shell.waitFor("werkbank> ")
        shell.send("cases | where ci\t\t\u{03}load \"\t\t\u{03}set \t\t\u{03}")
        shell.send("cases | take 1 | select name\r")
        shell.waitFor("Keilepand")
        // Keys typed while a statement runs meet a cooked terminal: wait for the prompt.
        shell.waitFor("werkbank> ")
        shell.send("\u{04}")
        #expect(shell.waitExit() == 0, "\(shell.all)")
    }
}

/// Busy threads beside a test, so the program under test competes for every
/// core as on a loaded CI machine.
final class CPULoad: Sendable {
    private let stopped = Atomic<Bool>(false)
    private let running = Atomic<Int>(0)

    init(threads: Int) {
        for _ in 0..<threads {
            running.add(1, ordering: .relaxed)
            Thread.detachNewThread { [self] in
                var x: UInt64 = 0
                while !stopped.load(ordering: .relaxed) {
                    for i in 0..<10_000 { x = x &* 6364136223846793005 &+ UInt64(i) }
                }
                withExtendedLifetime(x) {}
                running.subtract(1, ordering: .relaxed)
            }
        }
    }

    /// Ends the threads and waits for them.
    func stop() {
        stopped.store(true, ordering: .relaxed)
        while running.load(ordering: .relaxed) > 0 { usleep(1000) }
    }
}
