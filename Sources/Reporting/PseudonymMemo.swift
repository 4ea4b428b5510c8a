import Foundation
import LeitbildCore

/// The pseudonymiser's work on each text in the last run: the names introduced by a title
/// (`Pseudonymizer.titledNames(of:)`) and the cuts `redact` made. The pipeline keeps it in the run
/// cache, so that a run in which few names changed (one interview added) scans only the texts a
/// changed name can touch, not all of them (docs/batch.md, "Pseudonymised texts").
///
/// A text is known by the SHA-256 of its bytes. Its titled names depend only on the text (and the
/// tool, which is part of the memo's cache key). Its cuts depend on the text and on the patterns
/// `redact` looks up for it: those filed under one of its words, under a word less a genitive
/// "s", or under a part of a hyphenated word. Each of these keys occurs in the text as it is. So
/// a text's cuts stay right when no key whose patterns changed (added, removed, or with other
/// words or replacements) occurs in the text: that is the check `Texts.init` makes, with
/// `ByteSearch` (`memchr` and `memcmp`) for each changed key. The one exception is a name
/// hyphenated across a line break ("Hopper-\ndietzel"), looked up as the words joined: a text with
/// a hyphen at a line's end is redacted again whenever any key changed.
public struct PseudonymMemo: Codable, Sendable {
    struct Entry: Codable, Sendable, Equatable {
        /// SHA-256 of the text's UTF-8 bytes.
        var text: [UInt8]
        var titled: [Pseudonymizer.TitledName]
        /// The cuts of `redact` with `patterns`; nil for a text that was not redacted (a transcript
        /// left out of the reports, whose names are still learnt).
        var cuts: [RedactedText.Cut]?

        init(text: [UInt8], titled: [Pseudonymizer.TitledName], cuts: [RedactedText.Cut]?) {
            self.text = text
            self.titled = titled
            self.cuts = cuts
        }

        enum CodingKeys: String, CodingKey { case text, titled, cuts }

        /// The cuts go in as one byte string (`packed`): through `Codable`'s containers, one per
        /// cut and range, writing and reading the memo took 0.2 CPU-s at 5,000 interviews.
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(text, forKey: .text)
            try c.encode(titled, forKey: .titled)
            try c.encodeIfPresent(cuts.map(Self.packed), forKey: .cuts)
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            text = try c.decode([UInt8].self, forKey: .text)
            titled = try c.decode([Pseudonymizer.TitledName].self, forKey: .titled)
            cuts = try c.decodeIfPresent([UInt8].self, forKey: .cuts).map { bytes in
                guard let cuts = Self.unpacked(bytes) else {
                    throw DecodingError.dataCorruptedError(forKey: .cuts, in: c, debugDescription: "cuts that cannot be read")
                }
                return cuts
            }
        }

        /// Per cut: the start, the length and the replacement's byte count as LEB128 varints, then
        /// the replacement's UTF-8 bytes.
        static func packed(_ cuts: [RedactedText.Cut]) -> [UInt8] {
            var out: [UInt8] = []
            out.reserveCapacity(cuts.count * 16)
            func varint(_ value: Int) {
                var v = UInt64(bitPattern: Int64(value))
                while v >= 0x80 { out.append(UInt8(v & 0x7F) | 0x80); v >>= 7 }
                out.append(UInt8(v))
            }
            for cut in cuts {
                varint(cut.original.lowerBound)
                varint(cut.original.count)
                var replacement = cut.replacement
                replacement.withUTF8 { utf8 in
                    varint(utf8.count)
                    out.append(contentsOf: utf8)
                }
            }
            return out
        }

        /// The cuts of `packed`; nil when the bytes are not such a list (a damaged memo is ignored).
        static func unpacked(_ bytes: [UInt8]) -> [RedactedText.Cut]? {
            var cuts: [RedactedText.Cut] = []
            var at = 0
            func varint() -> Int? {
                var value: UInt64 = 0, shift: UInt64 = 0
                while at < bytes.count, shift < 64 {
                    let byte = bytes[at]
                    at += 1
                    value |= UInt64(byte & 0x7F) << shift
                    if byte < 0x80 { return Int(exactly: value) }
                    shift += 7
                }
                return nil
            }
            while at < bytes.count {
                guard let start = varint(), let length = varint(), let size = varint(), start <= Int.max - length,
                      size <= bytes.count - at else { return nil }
                let replacement = String(decoding: bytes[at..<at + size], as: UTF8.self)
                at += size
                cuts.append(RedactedText.Cut(original: start..<start + length, replacement: replacement))
            }
            return cuts
        }
    }

    struct Key: Codable, Sendable {
        var word: String
        var patterns: [Pseudonymizer.Pattern]
    }

    /// Bumped when what the memo holds, or how `redact` or `titledNames` work, changes in a way
    /// the tool's digest would not notice (it does notice a rebuilt executable).
    /// 2: the cuts packed into one byte string.
    /// 3: names in other spellings and derived words; a title and a genitive ("Herr Hertels Vorschlag").
    /// 4: a name's spellings that are common words after a title ("Herr Weiß"); names hyphenated
    /// across a line break.
    static let formatVersion = 4
    var version = PseudonymMemo.formatVersion
    /// Whether this build can use the memo (one of its own format).
    public var isCurrent: Bool { version == Self.formatVersion }
    /// The pattern table the cuts were made with, sorted by word.
    var keys: [Key]
    var entries: [Entry]

    /// More changed keys than this and every text is redacted again: a search for each over every
    /// text would cost more than the redaction it saves.
    static let maxChangedKeys = 64

    /// How much of a run's pseudonymising came from the memo (for `--verbose`).
    public struct Use: Sendable, Equatable {
        public var texts = 0
        public var titledFromMemo = 0
        public var redacted = 0
        public var cutsFromMemo = 0
        public var changedKeys = 0

        /// "titled names of 5000 of 5001 texts and the names replaced in 4990 of 5001 from the last run (3 names changed)".
        public var note: String {
            let changes = changedKeys > PseudonymMemo.maxChangedKeys ? "more than \(PseudonymMemo.maxChangedKeys) names changed"
                : changedKeys == 1 ? "1 name changed" : "\(changedKeys) names changed"
            return "titled names of \(titledFromMemo) of \(texts) texts and the names replaced in \(cutsFromMemo) of \(redacted)"
                + " from the last run's memo (\(changes))"
        }
    }

    /// Keys whose patterns differ between two tables (in either), sorted.
    static func changedKeys(from old: [Key], to new: [String: [Pseudonymizer.Pattern]]) -> [String] {
        var changed: [String] = []
        var seen = Set<String>()
        for key in old {
            seen.insert(key.word)
            if new[key.word] != key.patterns { changed.append(key.word) }
        }
        for word in new.keys where !seen.contains(word) { changed.append(word) }
        return changed.sorted()
    }

    static func keys(of table: [String: [Pseudonymizer.Pattern]]) -> [Key] {
        table.keys.sorted().map { Key(word: $0, patterns: table[$0] ?? []) }
    }
}

