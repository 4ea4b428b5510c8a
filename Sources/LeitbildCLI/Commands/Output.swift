import Foundation
import LeitbildCore

/// Buffered standard output: large writes instead of one `print` per line.
struct StandardOutput {
    private var buffer: [UInt8] = []
    private let limit = 1 << 16

    init() { buffer.reserveCapacity(limit + 4096) }

    mutating func write(_ text: some StringProtocol) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= limit { flush() }
    }

    mutating func write(bytes: some Sequence<UInt8>) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= limit { flush() }
    }

    mutating func flush() {
        buffer.withUnsafeBufferPointer { p in
            var offset = 0
            while offset < p.count {
                let n = Foundation.write(1, p.baseAddress! + offset, p.count - offset)
                if n <= 0 { break }
                offset += n
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// Writes a line to standard error, control characters written out (`TerminalText.safe`): messages
/// name files and quote transcripts, and either may hold an escape sequence.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((TerminalText.safe(text) + "\n").utf8))
}

/// Reads a whole file, or standard input when the path is nil or "-".
func readInput(_ path: String?) throws -> Data {
    if let path, path != "-" { return try Data(contentsOf: URL(fileURLWithPath: path)) }
    return FileHandle.standardInput.readDataToEndOfFile()
}
