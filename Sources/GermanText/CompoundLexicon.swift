import Foundation

/// The words and rules the decompounder splits with, loaded once from the module's resources.
///
/// - `compound-lexicon.txt`: 80,000 German words in their written case (a capital marks a
///   noun), inflected noun forms with their lemma, derived from igerman98
///   (GPL-2.0-or-later) by `scripts/build-german-lexicon.py`.
/// - `compound-rules.txt`: hand-written rules: words that are never parts, never heads, never
///   split, and lemmas the plural rules get wrong.
/// - `WordFrequencies.shared`: how common a part is (wordfreq, CC BY-SA 4.0).
///
/// Immutable after loading: a `Sendable` reference shared by every `Decompounder`.
public final class CompoundLexicon: Sendable {
    /// The shipped lexicon, loaded on first use (about 40 ms).
    public static let shared = CompoundLexicon(
        words: ResourceText.data("compound-lexicon", extension: "txt"),
        rules: ResourceText.data("compound-rules", extension: "txt"),
        frequencies: .shared,
        stopWords: .shared)

    /// Kinds of a lexicon word, as bits.
    struct Kind: OptionSet, Sendable {
        let rawValue: UInt8
        /// Written with a capital: a noun (or a noun form).
        static let noun = Kind(rawValue: 1)
        /// Written in lower case: adjective, verb, adverb, ...
        static let lower = Kind(rawValue: 2)
        /// A lower-case word that declines like an adjective ("frei": freie, freies, freier).
        static let adjective = Kind(rawValue: 4)
    }

    let kinds: [String: Kind]
    /// Lemmas of inflected noun forms, from the dictionary's inflection flags ("wege" -> "weg").
    let lemmas: [String: String]
    let frequencies: WordFrequencies
    /// Words that are never a compound part (function words, prefixes, particles).
    let notAPart: Set<String>
    /// Words that are never the last part (derivational suffixes that are also words: "schaft").
    let notAHead: Set<String>
    /// Words that are never split although they could be ("freitag", "hochzeit").
    let keepWhole: Set<String>
    /// The same words as scalars, to find them inside longer words.
    let keepWholeScalars: [[Unicode.Scalar]]
    /// Lemmas the plural rules would get wrong ("daten" stays "daten", not "date").
    let lemmaOverrides: [String: String]
    /// The only three-letter words that may be parts ("rad", "hof", "amt").
    let shortParts: Set<String>
    /// Nouns that drop their final "e" as a modifier ("schule" -> "Schulweg").
    let elidedE: Set<String>
    /// Modifiers that are not words on their own ("elektro", "solar").
    let boundModifiers: Set<String>

    /// A lexicon from a word list (one word per line in its written case, `#` comments) and a
    /// rules file (sections `[not-a-part]`, `[not-a-head]`, `[keep-whole]`, `[lemma]`,
    /// `[short-parts]`, `[elided-e]`, `[bound-modifiers]`, `[stop-words-as-parts]`).
    public init(words: Data, rules: Data, frequencies: WordFrequencies, stopWords: StopWords) {
        var kinds: [String: Kind] = [:]
        kinds.reserveCapacity(100_000)
        var lemmas: [String: String] = [:]
        ResourceText.forEachLine(in: words) { line in
            guard let first = line.first, first != 35 else { return }  // '#'
            let tab = line.firstIndex(of: 9)
            let (lower, changed) = ResourceText.lowercased(UnsafeBufferPointer(rebasing: line[..<(tab ?? line.count)]))
            let kind: Kind = changed ? .noun : .lower
            kinds[lower, default: []].insert(kind)
            if let tab {
                let value = String(decoding: UnsafeBufferPointer(rebasing: line[(tab + 1)...]), as: UTF8.self)
                if value == "+" { kinds[lower, default: []].insert(.adjective) } else { lemmas[lower] = value.lowercased() }
            }
        }
        self.kinds = kinds
        self.lemmas = lemmas
        self.frequencies = frequencies

        var section = ""
        var notAPart = Set<String>(), notAHead = Set<String>(), keepWhole = Set<String>()
        var overrides: [String: String] = [:]
        var shortParts = Set<String>(), elidedE = Set<String>(), bound = Set<String>(), stopAllowed = Set<String>()
        for entry in ResourceText.entries(in: rules) {
            if entry.hasPrefix("[") { section = entry; continue }
            let fields = entry.split(whereSeparator: { $0 == " " || $0 == "\t" }).map { $0.lowercased() }
            switch section {
            case "[not-a-part]": notAPart.formUnion(fields)
            case "[not-a-head]": notAHead.formUnion(fields)
            case "[keep-whole]": keepWhole.formUnion(fields)
            case "[lemma]":
                if fields.count == 2 { overrides[fields[0]] = fields[1] }
            case "[short-parts]": shortParts.formUnion(fields)
            case "[elided-e]": elidedE.formUnion(fields)
            case "[bound-modifiers]": bound.formUnion(fields)
            case "[stop-words-as-parts]": stopAllowed.formUnion(fields)
            default: break
            }
        }
        // Stop words are never parts either ("mit" in "Mitarbeiter", "aus" in "Ausbau").
        // Some stop words are good parts all the same ("ganz" in "Ganztagsschule").
        for word in stopWords.words where !stopAllowed.contains(word) { notAPart.insert(word) }
        self.notAPart = notAPart
        self.notAHead = notAHead
        self.keepWhole = keepWhole
        self.keepWholeScalars = keepWhole.sorted().map { Array($0.unicodeScalars) }.filter { !$0.isEmpty }
        self.lemmaOverrides = overrides
        self.shortParts = shortParts
        self.elidedE = elidedE
        self.boundModifiers = bound
    }

    /// Number of words in the lexicon.
    public var count: Int { kinds.count }

    func kind(_ lower: String) -> Kind { kinds[lower] ?? [] }
    /// Whether a lower-cased word is a word of the lexicon (in any case: "koch" is Koch, the cook).
    public func isWord(_ lower: String) -> Bool { kinds[lower] != nil }
    func isNoun(_ lower: String) -> Bool { kinds[lower]?.contains(.noun) ?? false }
    func isLowerWord(_ lower: String) -> Bool { kinds[lower]?.contains(.lower) ?? false }
    func isAdjective(_ lower: String) -> Bool { kinds[lower]?.contains(.adjective) ?? false }
    func contains(_ lower: String) -> Bool { kinds[lower] != nil }
}

/// Reads the module's resource files: whole, as lines, or as entries without `#` comments.
enum ResourceText {
    /// The bytes of `Resources/<name>.<ext>`. A missing resource is a broken build, not bad input.
    static func data(_ name: String, extension ext: String) -> Data {
        guard let url = Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "Resources"),
              let data = try? Data(contentsOf: url)
        else {
            preconditionFailure("GermanText resource '\(name).\(ext)' is missing from the bundle; rebuild the package")
        }
        return data
    }

    /// Calls `body` with each line's bytes (without "\n" or "\r\n"), skipping empty lines.
    /// The buffer is valid only during the call.
    static func forEachLine(in data: Data, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        data.withUnsafeBytes { raw in
            let all = raw.bindMemory(to: UInt8.self)
            var start = 0
            let end = all.count
            while start < end {
                var newline = start
                while newline < end, all[newline] != 10 { newline += 1 }
                var lineEnd = newline
                if lineEnd > start, all[lineEnd - 1] == 13 { lineEnd -= 1 }
                if lineEnd > start { body(UnsafeBufferPointer(rebasing: all[start..<lineEnd])) }
                start = newline + 1
            }
        }
    }

    /// Lower case of a UTF-8 word, and whether it changed. German capitals (A-Z, Ä, Ö, Ü)
    /// and the other Latin-1 capitals are mapped on the bytes, which keeps loading the
    /// 90,000-word lexicon fast; other non-ASCII
    /// words go through `String.lowercased()`.
    static func lowercased(_ bytes: UnsafeBufferPointer<UInt8>) -> (String, Bool) {
        var out = [UInt8]()
        out.reserveCapacity(bytes.count)
        var changed = false
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b < 0x80 {
                if b >= 0x41, b <= 0x5A { out.append(b + 0x20); changed = true } else { out.append(b) }
                i += 1
            } else if b == 0xC3, i + 1 < bytes.count {
                // Latin-1 letters: À-Þ (C3 80-9E, but not × at 97) lower to C3 A0-BE.
                let n = bytes[i + 1]
                out.append(0xC3)
                if n >= 0x80, n <= 0x9E, n != 0x97 { out.append(n + 0x20); changed = true } else { out.append(n) }
                i += 2
            } else {
                // Another non-ASCII letter that may have a lower case: do it properly.
                let word = String(decoding: bytes, as: UTF8.self)
                let lower = word.lowercased()
                return (lower, lower != word)
            }
        }
        return (String(decoding: out, as: UTF8.self), changed)
    }

    /// Entries of a `#`-commented list: text before any `#`, trimmed, empty lines skipped.
    static func entries(in data: Data) -> [String] {
        var result: [String] = []
        forEachLine(in: data) { line in
            let text = String(decoding: line, as: UTF8.self)
            let entry = text.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let trimmed = entry.trimmingCharacters(in: .whitespaces)
            if !trimmed.isEmpty { result.append(trimmed) }
        }
        return result
    }

    static func entries(_ name: String, extension ext: String) -> [String] {
        entries(in: data(name, extension: ext))
    }
}
