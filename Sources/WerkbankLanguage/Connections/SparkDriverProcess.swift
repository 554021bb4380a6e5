#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization
import WerkbankEngine

/// The Python process that holds a pyspark session for a Spark connection
/// (`SparkDriverScript`): started once, because Spark takes seconds to
/// start, and asked one request at a time, a JSON object a line on its
/// stdin, answered a JSON object a line on its stdout (both one socket, so
/// that writing to a driver that died is an error, not SIGPIPE). Its stderr (Spark's
/// log) goes to a file in the connection's folder, whose last lines explain
/// a driver that died.
///
/// Ctrl-C: the driver gets SIGINT (it cancels Spark's jobs and answers);
/// when no answer comes within a second it is killed with its JVM, and the
/// next request starts a new one (a local Spark's tables are its warehouse
/// folder, so they are still there).
final class SparkDriverProcess: Sendable {
    private struct Running {
        /// The driver (0 once reaped); its process group, which its JVM is in, too.
        var pid: pid_t
        let group: pid_t
        /// werkbank's end of the socket that is the driver's stdin and stdout.
        var socket: Int32
        var buffered: [UInt8] = []
    }

    let python: EngineBinary
    /// `sc://…` for Spark Connect; empty for a local Spark.
    let target: String
    let warehouse: String
    let folder: ScratchFolder
    private let running = Mutex<Running?>(nil)
    /// The version Spark reported when the driver started.
    let version = Mutex<String>("")

    /// How long the driver may take to start (a local Spark on a busy
    /// machine; the driver tries a Spark Connect address once before pyspark,
    /// which would retry one that does not answer for minutes).
    static let startSeconds = 180.0

    init(python: EngineBinary, target: String, warehouse: String, folder: ScratchFolder) {
        self.python = python
        self.target = target
        self.warehouse = warehouse
        self.folder = folder
    }

    var logPath: String { folder.path + "/spark.log" }

    /// Sends one request and returns the driver's reply (`ok` true), or
    /// throws the error it reported. Starts the driver when none runs.
    func request(_ request: [String: Any], cancel: CancellationToken) throws(EngineError) -> [String: Any] {
        try running.withLock { (running: inout Running?) throws(EngineError) -> [String: Any] in
            if running == nil { running = try start(cancel: cancel) }
            guard var r = running else { throw .engine("the Spark driver did not start", hint: nil) }
            defer { running = r.pid == 0 ? nil : r }
            guard let line = try? JSONSerialization.data(withJSONObject: request), send(r.socket, line + [0x0A]) else {
                stop(&r)
                throw died("the Spark driver stopped before it was asked")
            }
            let reply = try readReply(&r, cancel: cancel, deadline: nil)
            return try Self.outcome(reply)
        }
    }

    /// Ends the driver: stdin closed (it exits, and pyspark stops its JVM),
    /// killed when it has not gone within two seconds.
    func close() {
        running.withLock { (running: inout Running?) in
            guard var r = running else { return }
            shutdown(r.socket, Int32(SHUT_WR))
            var status: Int32 = 0
            for _ in 0..<200 {
                if waitpid(r.pid, &status, WNOHANG) == r.pid {
                    r.pid = 0
                    break
                }
                usleep(10_000)
            }
            stop(&r)
            running = nil
        }
    }

    deinit { close() }

    // MARK: the process

    private func start(cancel: CancellationToken) throws(EngineError) -> Running {
        let script = folder.path + "/werkbank_spark_driver.py"
        guard FileManager.default.createFile(atPath: script, contents: Data(SparkDriverScript.source.utf8)) else {
            throw .engine("cannot write the Spark driver in \(folder.path)", hint: nil)
        }
        var ends: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &ends) == 0 else {
            throw .engine("cannot start the Spark driver: \(String(cString: strerror(errno)))", hint: nil)
        }
        let pid: pid_t
        do {
            pid = try EngineProcess.spawn(
                python, ["-u", script, target, warehouse], ["PYSPARK_PYTHON": python.path, "SPARK_LOCAL_IP": "127.0.0.1"],
                stdin: .descriptor(ends[1]), stdout: .descriptor(ends[1]), stderr: .file(logPath))
        } catch {
            ends.forEach { Glibc.close($0) }
            throw error
        }
        Glibc.close(ends[1])
        var r = Running(pid: pid, group: pid, socket: ends[0])
        let ready = try readReply(&r, cancel: cancel, deadline: Date().addingTimeInterval(Self.startSeconds))
        do throws(EngineError) {
            _ = try Self.outcome(ready)
        } catch {
            stop(&r)
            throw error
        }
        version.withLock { $0 = ready["version"] as? String ?? "" }
        return r
    }

    /// The next line the driver writes, as JSON. Polls `cancel`: on Ctrl-C
    /// the driver gets SIGINT and a second to answer, then is killed.
    private func readReply(_ r: inout Running, cancel: CancellationToken, deadline: Date?) throws(EngineError) -> [String: Any] {
        var cancelledAt: Date?
        while true {
            if let newline = r.buffered.firstIndex(of: 0x0A) {
                let line = Data(r.buffered[..<newline])
                r.buffered.removeSubrange(...newline)
                guard let reply = try? JSONSerialization.jsonObject(with: line) as? [String: Any] else {
                    stop(&r)
                    throw died("the Spark driver answered what werkbank cannot read")
                }
                if cancelledAt != nil { throw .cancelled }
                return reply
            }
            if cancel.isCancelled, cancelledAt == nil {
                cancelledAt = Date()
                kill(r.pid, SIGINT)
            }
            if let at = cancelledAt, Date().timeIntervalSince(at) > 0.8 {
                stop(&r)
                throw .cancelled
            }
            if let deadline, Date() > deadline {
                stop(&r)
                throw .engine(
                    "Spark did not start within \(Int(Self.startSeconds)) seconds",
                    hint: target.isEmpty ? "see \(logPath)" : "is a Spark Connect server listening at \(target)?")
            }
            var poller = pollfd(fd: r.socket, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, 20)
            if ready < 0, errno == EINTR { continue }
            guard ready > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let n = recv(r.socket, &chunk, chunk.count, 0)
            if n < 0, errno == EINTR { continue }
            if n <= 0 {
                stop(&r)
                if cancelledAt != nil { throw .cancelled }
                throw died("the Spark driver stopped")
            }
            r.buffered += chunk[..<n]
        }
    }

    /// Kills the driver and its JVM (its process group, also when the driver
    /// itself has exited) and reaps it.
    private func stop(_ r: inout Running) {
        kill(-r.group, SIGKILL)
        if r.pid > 0 {
            var status: Int32 = 0
            while waitpid(r.pid, &status, 0) < 0, errno == EINTR {}
        }
        r.pid = 0
        if r.socket >= 0 { Glibc.close(r.socket) }
        r.socket = -1
    }

    /// An error for a driver that is gone, with the last line of its log.
    private func died(_ what: String) -> EngineError {
        let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        let last = log.split(separator: "\n").last.map { String($0.prefix(300)) }
        return .engine(what + (last.map { ": \($0)" } ?? ""), hint: "the next command starts Spark again; its log: \(logPath)")
    }

    /// A reply as a value, or the error it reports.
    static func outcome(_ reply: [String: Any]) throws(EngineError) -> [String: Any] {
        if reply["ok"] as? Bool == true { return reply }
        if reply["cancelled"] as? Bool == true { throw .cancelled }
        let error = EngineError.engine(reply["message"] as? String ?? "Spark failed without saying why", hint: reply["hint"] as? String)
        if let line = reply["line"] as? Int { throw .inQuery(error, line: line) }
        throw error
    }

    /// Writes all of `bytes`; false when the driver is gone (MSG_NOSIGNAL: no SIGPIPE).
    private func send(_ socket: Int32, _ bytes: Data) -> Bool {
        bytes.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Bool in
            var done = 0
            while done < raw.count {
                let n = Glibc.send(socket, raw.baseAddress! + done, raw.count - done, Int32(MSG_NOSIGNAL))
                if n < 0, errno == EINTR { continue }
                if n <= 0 { return false }
                done += n
            }
            return true
        }
    }
}
