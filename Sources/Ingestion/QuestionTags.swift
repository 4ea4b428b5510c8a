import Foundation
import LeitbildCore

/// Whether a turn asks a question, as the speaker roles count them: its last sentence ends in "?"
/// (`QuestionMark.ends`; a question inside a turn that ends in a statement is no question), and it
/// is not a statement closed by a question tag ("Der Schulbus ist überfüllt, oder?", "…, gell?").
///
/// The tags are those of the signals stage's `Sources/Signals/Resources/question-tags.txt`, which
/// Ingestion cannot read (it depends on LeitbildCore only); `QuestionTagTests` keeps the two equal.
enum QuestionTags {
    /// The tags, lower case, words joined by one space.
    static let tags: Set<String> = [
        "oder", "oder nicht", "nicht", "nicht wahr", "ne", "nee", "gell", "gelle", "gelt", "ja", "woll", "oder so",
        "richtig", "stimmt", "stimmts", "stimmt's", "verstehen sie", "verstehst du", "wissen sie", "weißt du",
        "sehen sie", "siehst du", "meinen sie nicht", "finden sie nicht",
    ]

    /// Whether the turn's bytes (UTF-8) end in a question that is no question tag.
    static func asks<C: BidirectionalCollection<UInt8>>(_ bytes: C) -> Bool where C.Index == Int {
        QuestionMark.ends(bytes) && !endsWithTag(bytes)
    }

    /// Whether the bytes, which end in "?", end in a question tag after a comma in the same
    /// sentence: at most three words between the last comma and the question mark, and words
    /// before the comma.
    static func endsWithTag<C: BidirectionalCollection<UInt8>>(_ bytes: C) -> Bool where C.Index == Int {
        let start = bytes.startIndex
        var end = bytes.endIndex
        // Back over closing marks and the question marks ("oder??", "oder?“").
        while end > start, bytes[end - 1] != UInt8(ascii: "?") { end -= 1 }
        while end > start, bytes[end - 1] == UInt8(ascii: "?") { end -= 1 }
        // A tag is short: look at most 40 bytes back for its comma.
        var comma = end
        while comma > start, end - comma <= 40 {
            let b = bytes[comma - 1]
            if b == UInt8(ascii: ",") { break }
            if b == UInt8(ascii: ".") || b == UInt8(ascii: "!") || b == UInt8(ascii: "?") || b == UInt8(ascii: ":")
                || b == UInt8(ascii: ";") || b == 10 { return false }
            comma -= 1
        }
        guard comma > start, bytes[comma - 1] == UInt8(ascii: ","),
              bytes[start..<(comma - 1)].contains(where: { $0 != 32 && $0 != 9 }) else { return false }
        let words = String(decoding: bytes[comma..<end], as: UTF8.self).lowercased()
            .replacingOccurrences(of: "\u{2019}", with: "'")
            .split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\u{00A0}" || $0 == "\u{202F}" })
        return words.count <= 3 && tags.contains(words.joined(separator: " "))
    }
}
