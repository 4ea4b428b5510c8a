#if canImport(Glibc)
import CLinux
#endif
import Foundation

/// glibc's allocator, tuned for how a run allocates: a few hundred MB of small objects (decoded
/// cache entries, coded segments) from several threads, which glibc serves from per-thread heaps
/// that it makes writable a few pages at a time, with an `mprotect` call each time (0.18 CPU-s of
/// a +1 file run at 5,001 interviews, `perf`; docs/batch.md, "Allocator"). With a top pad of
/// 64 MB, the size of such a heap, each heap is made writable once. The pages are still only
/// backed when touched, so the peak memory stays the same. The `leitbild` command calls `apply`
/// first thing.
public enum MemoryTuning {
    /// `M_TOP_PAD`: the extra bytes asked for whenever a heap grows.
    public static let topPad: Int32 = 64 << 20

    /// Sets the top pad, unless `GLIBC_TUNABLES` sets one (`glibc.malloc.top_pad`). Returns whether
    /// it was set.
    @discardableResult
    public static func apply(environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        #if canImport(Glibc)
        if environment["GLIBC_TUNABLES"]?.contains("glibc.malloc.top_pad") == true { return false }
        return mallopt(M_TOP_PAD, topPad) == 1
        #else
        return false
        #endif
    }
}
