import Foundation

/// Searching UTF-8 bytes for other bytes: `memmem` is not in Swift's Glibc module (it needs
/// _GNU_SOURCE), so each place of the needle's first byte is found with `memchr` and the rest
/// compared with `memcmp`. Used where a run asks of thousands of texts whether a word occurs at
/// all (the pseudonymiser's memo, the reports' file names).
public enum ByteSearch {
    /// Whether any of `needles` occurs in `text` (as bytes, anywhere); false without needles.
    public static func text(_ text: String, containsAnyOf needles: [[UInt8]]) -> Bool {
        guard !needles.isEmpty else { return false }
        func search(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            needles.contains { needle in occurs(needle, in: bytes) }
        }
        if let found = text.utf8.withContiguousStorageIfAvailable(search) { return found }
        return Array(text.utf8).withUnsafeBufferPointer(search)
    }

    /// Whether `needle` occurs in `bytes`; an empty needle occurs everywhere.
    public static func occurs(_ needle: [UInt8], in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = needle.first else { return true }
        guard let base = bytes.baseAddress else { return false }
        return needle.withUnsafeBytes { needleBytes in
            var at = 0
            while bytes.count - at >= needleBytes.count {
                guard let hit = memchr(base + at, Int32(first), bytes.count - at - needleBytes.count + 1) else { return false }
                let offset = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                if memcmp(hit, needleBytes.baseAddress!, needleBytes.count) == 0 { return true }
                at = offset + 1
            }
            return false
        }
    }
}
