import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `werkbank present` as a lecturer uses it: the real binary in tmux at
/// 100×30, driven with single keys. It steps forward, edits a cell with the
/// readline prompt (`take 2` → `take 3`) and sees the new output, asks an
/// ad-hoc question that uses the notebook's `let`, goes back, jumps and
/// quits; the notebook file is byte for byte what it was.
///
/// Expected values come from Library/cases.csv read here (its first rows and
/// their count), not from werkbank.
@Suite(.serialized) struct PresentTmuxNotebookTests {
    static let tmux: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") where FileManager.default.isExecutableFile(atPath: "\(dir)/tmux") {
            return "\(dir)/tmux"
        }
        return nil
    }()

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// A tmux server of the test's own (its own socket, no configuration).
    final class Screen {
        let socket: String
        let session = "present"

        init(socket: String) { self.socket = socket }

        /// Runs a tmux command and waits for it; its output through a file,
        /// never a pipe (`new-session` starts the server, which keeps the
        /// descriptors it inherits open for good), and reaped with waitpid.
        @discardableResult
        func tmux(_ arguments: [String]) -> (status: Int32, out: String) {
            let output = socket + ".out"
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
            let argv = [PresentTmuxNotebookTests.tmux!, "-S", socket, "-f", "/dev/null"] + arguments
            var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
            defer { for a in cArgs { free(a) } }
            var pid: pid_t = 0
            guard posix_spawn(&pid, argv[0], &actions, nil, &cArgs, environ) == 0 else { return (-1, "posix_spawn failed") }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            let out = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
            let exited = status & 0x7F == 0
            return (exited ? (status >> 8) & 0xFF : -1, out)
        }

        func start(_ command: [String], columns: Int, rows: Int) -> Bool {
            let line = command.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
            return tmux(["new-session", "-d", "-s", session, "-x", "\(columns)", "-y", "\(rows)", line]).status == 0
        }

        var text: String { tmux(["capture-pane", "-p", "-t", session]).out }

        /// The screen's rows, padded to the pane's height (capture-pane drops trailing blank rows).
        var rows: [String] { text.components(separatedBy: "\n") }

        var isRunning: Bool { tmux(["has-session", "-t", session]).status == 0 }

        /// Keys as tmux names them (`Space`, `Left`, `Enter`, `BSpace`) or literal text (`-l`).
        func keys(_ names: String...) { tmux(["send-keys", "-t", session] + names) }
        func type(_ text: String) { tmux(["send-keys", "-t", session, "-l", text]) }

        /// Waits (up to 30 s, returning as soon as it shows) until the screen
        /// holds every one of `needles`; records the screen when it does not.
        @discardableResult
        func waitFor(_ needles: String..., sourceLocation: SourceLocation = #_sourceLocation) -> String {
            let deadline = Date().addingTimeInterval(30)
            var screen = ""
            while Date() < deadline {
                screen = text
                if needles.allSatisfy({ screen.contains($0) }) { return screen }
                usleep(50_000)
            }
            Issue.record("the screen never showed \(needles.filter { !screen.contains($0) }):\n\(screen)", sourceLocation: sourceLocation)
            return screen
        }

        /// Waits (up to 30 s) until the last row that is not blank starts with
        /// `prefix` (a prompt there; tmux drops trailing spaces).
        func waitForBottom(_ prefix: String, sourceLocation: SourceLocation = #_sourceLocation) {
            let deadline = Date().addingTimeInterval(30)
            var last = ""
            while Date() < deadline {
                let all = rows.filter { !$0.isEmpty }
                last = all.last ?? ""
                if last.hasPrefix(prefix) { return }
                usleep(50_000)
            }
            Issue.record("the last row never started with \"\(prefix)\" (it is \"\(last)\"):\n\(text)", sourceLocation: sourceLocation)
        }

        func waitForExit(sourceLocation: SourceLocation = #_sourceLocation) {
            let deadline = Date().addingTimeInterval(30)
            while Date() < deadline {
                if !isRunning { return }
                usleep(50_000)
            }
            Issue.record("present did not quit:\n\(text)", sourceLocation: sourceLocation)
        }

        func stop() { tmux(["kill-server"]) }
    }

    static let notebook = """
        ---
        werkbank: 1
        title: "In class"
        ---

        # The first cases

        A *first* look: `take` keeps the **first** rows.

        ```werkbank
        let few = cases | take 2
        ```

        ## Their ids

        ```werkbank
        few | select id
        ```

        Those are the first rows of the file.

        ## All of them

        ```werkbank
        cases | count
        ```

        """

    @Test(.enabled(if: tmux != nil, "tmux is not installed (apt-get install tmux; .ci/deps installs it)"))
    func lecturerEditsAsksGoesBackAndJumps() throws {
        let binary = try #require(BinaryRunner.binary, "the werkbank binary is not built")
        let folder = NB.folder()
        let path = folder + "/class.md"
        NB.write(Self.notebook, to: path)
        let before = try #require(FileManager.default.contents(atPath: path))

        // The expected rows, from the Library's file.
        let csv = try String(contentsOf: Self.root.appendingPathComponent("Library/cases.csv"), encoding: .utf8)
        let records = csv.split(separator: "\n").dropFirst().filter { !$0.isEmpty }
        let ids = records.prefix(4).map { String($0.split(separator: ",", maxSplits: 1)[0]) }
        let total = records.count

        let screen = Screen(socket: folder + "/tmux.sock")
        defer { screen.stop() }
        try #require(screen.start([binary, "present", path], columns: 100, rows: 30), "tmux could not start")

        // Slide 1: the prose rendered (no * or ` marks), the cell, the keys at the bottom.
        var s = screen.waitFor("In class  ·  1/3", "werkbank> let few = cases | take 2", "space run")
        #expect(s.contains("A first look: take keeps the first rows."), "\(s)")
        #expect(!s.contains("*first*") && !s.contains("`take`"))
        #expect(!s.contains("# The first cases") && s.contains("The first cases"))
        let rows = screen.rows
        #expect(rows.count >= 30 && rows[29].contains("q quit"), "the status line is not the 30th row:\n\(s)")
        #expect(rows.allSatisfy { $0.count <= 100 })

        // Space runs the cell.
        screen.keys("Space")
        screen.waitFor("few: 2 rows × ")

        // e: the cell in a readline prompt, pre-filled; take 2 → take 3, run again.
        screen.keys("e")
        screen.waitFor("edit> let few = cases | take 2")
        screen.keys("BSpace")
        screen.type("3")
        screen.keys("Enter")
        s = screen.waitFor("werkbank> let few = cases | take 3", "few: 3 rows × ", "(edited)")
        #expect(!s.contains("few: 2 rows"))

        // : asks on the notebook's state: `few` is the edited one.
        screen.keys(":")
        screen.waitForBottom("werkbank>")
        screen.type("few | count")
        screen.keys("Enter")
        screen.waitFor("werkbank> few | count", "│     3 │")

        // On to slide 2: the cell runs on the edited state (three ids).
        screen.keys("Space")
        screen.waitFor("In class  ·  2/3", "werkbank> few | select id")
        screen.keys("Space")
        s = screen.waitFor(ids[0], ids[1], ids[2], "3 rows × 1 column", "Those are the first rows of the file.")
        #expect(!s.contains(ids[3]))

        // ← goes back to slide 1, as it was.
        screen.keys("Left")
        s = screen.waitFor("In class  ·  1/3", "few: 3 rows × ")
        #expect(!s.contains("werkbank> few | count"), "an ad-hoc answer belongs to its visit")

        // 3 Enter jumps to slide 3; Space runs it.
        screen.type("3")
        screen.waitFor("go to slide 3")
        screen.keys("Enter")
        screen.waitFor("In class  ·  3/3", "werkbank> cases | count")
        screen.keys("Space")
        let count = String(total)
        screen.waitFor("│ " + String(repeating: " ", count: max(0, 5 - count.count)) + count + " │")

        // q quits; nothing was written to the notebook.
        screen.keys("q")
        screen.waitForExit()
        #expect(FileManager.default.contents(atPath: path) == before)
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        #expect(files.filter { !$0.hasPrefix("tmux.") } == ["class.md"], "files written: \(files)")
    }
}
