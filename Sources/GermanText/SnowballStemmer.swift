import CLibStemmer

/// The Snowball German stemmer through Debian's libstemmer 2.2.0 (the classic 2009 German algorithm).
///
/// libstemmer 2.2.0 still ships the German algorithm as published in 2009; Snowball 3.0 (2025)
/// changed it on 1,247 of the 35,033 words of the test vocabulary. This type agrees with the
/// classic vocabulary in `../shared/data/snowball-german/classic_2009` on every word (tested).
/// Snowball expects lower-case input and folds umlauts ("darüber" -> "darub"): use stems as
/// matching keys, never show them to people.
///
/// Not thread-safe (libstemmer keeps its working buffer in the stemmer): use one instance per
/// task or thread. Creating one is cheap.
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
            stem(utf8: UnsafeBufferPointer(buffer)) { String(decoding: $0, as: UTF8.self) } ?? String(word)
        }
    }

    /// Stems a lower-case word given as UTF-8 bytes and hands the stem's bytes to `body`.
    ///
    /// The buffer passed to `body` is valid only during the call. Returns nil when libstemmer
    /// could not allocate memory.
    public func stem<R>(utf8 word: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
        if word.isEmpty { return body(UnsafeBufferPointer(start: nil, count: 0)) }
        guard let out = sb_stemmer_stem(stemmer, word.baseAddress, Int32(word.count)) else { return nil }
        let length = Int(sb_stemmer_length(stemmer))
        return body(UnsafeBufferPointer(start: out, count: length))
    }
}
