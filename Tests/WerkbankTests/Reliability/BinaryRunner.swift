import Foundation

/// Runs the built `werkbank` binary as a child process with a time limit, so
/// that a crash or a hang in it fails a test instead of killing the runner.
struct BinaryRunner {
    struct Result {
        var stdout: String
        var stderr: String
        var status: Int32
        /// True when the process died of a signal (a crash).
        var signaled: Bool
        var seconds: Double
        var timedOut: Bool
    }

    /// `.build/debug/werkbank`, beside the test bundle.
    static let binary: String? = {
        var dir = URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("werkbank").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        let fallback = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(".build/debug/werkbank").path
        return FileManager.default.isExecutableFile(atPath: fallback) ? fallback : nil
    }()

    /// `environment` adds variables for the child only (never `setenv`: other
    /// tests run in this process at the same time); `addressSpaceKB` runs it
    /// under `ulimit -v`.
    static func run(
        _ arguments: [String], stdin: String? = nil, cwd: String? = nil, timeout: Double = 20,
        environment: [String: String] = [:], addressSpaceKB: Int? = nil
    ) throws -> Result {
        guard let binary else { throw CocoaError(.fileNoSuchFile) }
        if let addressSpaceKB {
            return try run(
                executable: "/bin/sh", ["-c", "ulimit -v \(addressSpaceKB) && exec \"$0\" \"$@\"", binary] + arguments,
                stdin: stdin, cwd: cwd, timeout: timeout, environment: environment)
        }
        return try run(executable: binary, arguments, stdin: stdin, cwd: cwd, timeout: timeout, environment: environment)
    }

    /// Any program, with the same time limit and output capture.
    static func run(
        executable: String, _ arguments: [String], stdin: String? = nil, cwd: String? = nil, timeout: Double = 20,
        environment: [String: String] = [:]
    ) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
        if !environment.isEmpty {
            p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
        let out = Pipe(), err = Pipe(), input = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = input
        let started = Date()
        try p.run()
        // Drain the pipes concurrently so a large output cannot block the child.
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data(), errData = Data()
        group.enter()
        DispatchQueue.global().async {
            outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave()
        }
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave()
        }
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try? input.fileHandleForWriting.close()
        var timedOut = false
        while p.isRunning {
            if Date().timeIntervalSince(started) > timeout {
                timedOut = true
                p.terminate()
                break
            }
            usleep(10_000)
        }
        p.waitUntilExit()
        group.wait()
        return Result(
            stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self),
            status: p.terminationStatus, signaled: p.terminationReason == .uncaughtSignal,
            seconds: Date().timeIntervalSince(started), timedOut: timedOut)
    }
}
