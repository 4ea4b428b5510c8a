#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Fails when `body` writes to stderr: readers report through errors and diagnostics, never by
/// printing (libxml2, for one, prints some errors unless told not to).
///
/// On only when `FUZZ_CHECK_STDERR=1` (as `run.sh fuzz` and `run.sh replay` set it): while
/// `body` runs, stderr goes to a temporary file, so a crash inside `body` would print its
/// report there. Reproduce a saved input without the variable to see everything.
func requireQuiet<T>(_ body: () -> T) -> T {
    guard let capture = StderrCapture.shared else { return body() }
    let before = lseek(capture.file, 0, SEEK_END)
    fflush(nil)
    dup2(capture.file, 2)
    let result = body()
    fflush(nil)
    dup2(capture.saved, 2)
    let after = lseek(capture.file, 0, SEEK_END)
    if after > before {
        var bytes = [UInt8](repeating: 0, count: Int(min(after - before, 400)))
        _ = pread(capture.file, &bytes, bytes.count, before)
        require(false, "the reader wrote to stderr: \(String(decoding: bytes, as: UTF8.self))")
    }
    return result
}

/// The file stderr is sent to while a reader runs, and the real stderr.
struct StderrCapture: @unchecked Sendable {
    let file: Int32
    let saved: Int32

    static let shared: StderrCapture? = {
        guard getenv("FUZZ_CHECK_STDERR").map({ String(cString: $0) }) == "1" else { return nil }
        var template = Array("/tmp/leitbild-fuzz-stderr-XXXXXX".utf8CString)
        let file = mkstemp(&template)
        guard file >= 0 else { return nil }
        // Unlinked at once: the file lives as long as the process and leaves nothing behind.
        unlink(template)
        return StderrCapture(file: file, saved: dup(2))
    }()
}
