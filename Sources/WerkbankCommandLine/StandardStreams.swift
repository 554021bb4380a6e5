import Foundation

/// Writes whole rendered strings to stdout and stderr (no C stdio globals,
/// which Swift 6 treats as shared mutable state).
enum StandardStreams {
    static func out(_ text: String) { write(text, to: 1) }
    static func err(_ text: String) { write(text, to: 2) }

    static func write(_ text: String, to fd: Int32) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeMutableBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
            if n <= 0 {
                if errno == EINTR { continue }
                return  // a closed pipe (e.g. `| head`): stop writing quietly
            }
            offset += n
        }
        bytes.removeAll()
    }
}
