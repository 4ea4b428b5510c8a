import CLibStemmer

/// The Snowball German stemmer through Debian's libstemmer (version 2.2.0, which implements the
/// classic 2009 German algorithm). Not thread-safe: use one instance per task.
public final class SnowballStemmer {
    private let stemmer: OpaquePointer

    /// Fails only if libstemmer lacks the German algorithm.
    public init?() {
        guard let s = sb_stemmer_new("german", "UTF_8") else { return nil }
        stemmer = s
    }

    deinit { sb_stemmer_delete(stemmer) }

    /// The stem of a lower-case word.
    public func stem(_ word: some StringProtocol) -> String {
        var utf8 = Array(word.utf8)
        return utf8.withUnsafeMutableBufferPointer { buffer in
            guard let out = sb_stemmer_stem(stemmer, buffer.baseAddress, Int32(buffer.count)) else { return String(word) }
            let length = Int(sb_stemmer_length(stemmer))
            return String(decoding: UnsafeBufferPointer(start: out, count: length), as: UTF8.self)
        }
    }
}
