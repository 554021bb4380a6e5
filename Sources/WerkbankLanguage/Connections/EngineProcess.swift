#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import WerkbankEngine

/// One run of an engine's command-line client (`duckdb`, `psql`): the
/// script on stdin from a file, stdout into a file (a result of any size
/// never fills a pipe that nobody reads), stderr into a file read at the end.
///
/// posix_spawn, not Foundation.Process: the child gets a process group of its
/// own (a Ctrl-C at the terminal goes to werkbank, which decides through the
/// `CancellationToken`, instead of killing the client behind its back), the
/// signals the shell ignores (SIGPIPE) are reset to their defaults in the
/// child, and no helper thread or SIGCHLD handler is involved.
struct EngineProcess {
    struct Output {
        var status: Int32
        /// The file that holds what the client wrote to stdout.
        var stdoutPath: String
        var stderr: String
    }

    /// How often the token is polled while the client runs.
    static let pollMicroseconds: useconds_t = 5_000

    /// Runs `binary` with `arguments`, `script` on stdin. When `cancel` is
    /// set the client gets SIGINT (psql then asks the server to cancel the
    /// query; DuckDB interrupts it), SIGTERM 0.3 s later and SIGKILL 0.7 s
    /// later, and the run throws `.cancelled`: within a second either way.
    static func run(
        _ binary: EngineBinary, _ arguments: [String], script: String, environment: [String: String] = [:],
        in folder: ScratchFolder, cancel: CancellationToken
    ) throws(EngineError) -> Output {
        try cancel.check()
        if folder.isRemoved { throw .engine("the connection to \(binary.name) is closed", hint: nil) }
        let scriptPath = folder.file("script", "sql")
        let stdoutPath = folder.file("stdout", "txt")
        let stderrPath = folder.file("stderr", "txt")
        guard FileManager.default.createFile(atPath: scriptPath, contents: Data(script.utf8)) else {
            throw .engine("cannot write the script for \(binary.name) in \(folder.path)", hint: nil)
        }
        defer {
            unlink(scriptPath)
            unlink(stderrPath)
        }
        let pid = try spawn(
            binary, arguments, environment, stdin: .file(scriptPath), stdout: .file(stdoutPath), stderr: .file(stderrPath))
        let status = try wait(pid, cancel: cancel)
        let errors = (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
        return Output(status: status, stdoutPath: stdoutPath, stderr: errors)
    }

    /// Where a child's standard stream goes: a file (read for stdin,
    /// created or truncated for stdout and stderr), or one end of a pipe.
    enum Redirect {
        case file(String)
        case descriptor(Int32)
    }

    /// Starts `binary` in a process group of its own (see above).
    static func spawn(
        _ binary: EngineBinary, _ arguments: [String], _ environment: [String: String],
        stdin: Redirect, stdout: Redirect, stderr: Redirect
    ) throws(EngineError) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for (fd, redirect) in [(Int32(0), stdin), (1, stdout), (2, stderr)] {
            switch redirect {
            case .file(let path):
                if fd == 0 {
                    posix_spawn_file_actions_addopen(&actions, fd, path, O_RDONLY, 0)
                } else {
                    posix_spawn_file_actions_addopen(&actions, fd, path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
                }
            case .descriptor(let d):
                posix_spawn_file_actions_adddup2(&actions, d, fd)
            }
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for s in [SIGPIPE, SIGINT, SIGTERM, SIGQUIT, SIGHUP] { sigaddset(&defaults, s) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = ([binary.path] + arguments).map { strdup($0) }
        let env = ProcessInfo.processInfo.environment.merging(environment) { $1 }.map { strdup("\($0.key)=\($0.value)") }
        defer { (argv + env).forEach { free($0) } }
        var pid: pid_t = 0
        let result = (argv + [nil]).withUnsafeBufferPointer { a in
            (env + [nil]).withUnsafeBufferPointer { e in
                posix_spawn(&pid, binary.path, &actions, &attributes, a.baseAddress!, e.baseAddress!)
            }
        }
        guard result == 0 else {
            throw .engine("cannot start \(binary.path): \(String(cString: strerror(result)))", hint: binary.installHint)
        }
        return pid
    }

    /// Waits for the child, polling `cancel`; returns its exit status (128 +
    /// the signal when a signal ended it).
    private static func wait(_ pid: pid_t, cancel: CancellationToken) throws(EngineError) -> Int32 {
        var status: Int32 = 0
        while true {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { return exitCode(status) }
            if r < 0, errno != EINTR { return -1 }
            if cancel.isCancelled {
                stop(pid)
                throw .cancelled
            }
            usleep(pollMicroseconds)
        }
    }

    /// SIGINT, then SIGTERM, then SIGKILL to the child's process group, until
    /// it is gone (reaped: no zombie left behind).
    private static func stop(_ pid: pid_t) {
        var status: Int32 = 0
        for (sig, grace) in [(SIGINT, 300_000), (SIGTERM, 700_000), (SIGKILL, -1)] {
            kill(-pid, sig)
            if grace < 0 { break }
            var waited = 0
            while waited < grace {
                if waitpid(pid, &status, WNOHANG) == pid { return }
                usleep(pollMicroseconds)
                waited += Int(pollMicroseconds)
            }
        }
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
    }

    private static func exitCode(_ status: Int32) -> Int32 {
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }
}
