#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The tokenizer's passes. At each token start the scanner dispatches on the first character
/// and tries the passes that can start with it, always in this order (earlier passes win):
///
///  1. whitespace and invisible characters: skipped (`Scanner.run`)
///  2. f4 timestamps `#00:01:23-4#`
///  3. transcript marks `(lacht)` `[unv.]` `(...)` `((lacht))`
///  4. emoticons `:-)` `;)` `^^` `<3`
///  5. URLs and e-mail addresses
///  6. hashtags and mentions
///  7. numbers, dates, times, ordinals
///  8. words, with compounds, gender forms, truncations, apostrophes and abbreviations
///  9. quotation marks, including `` `` `` `''` `,,`
/// 10. runs of periods, of `!`/`?`, and of hyphens
/// 11. emoji sequences
/// 12. any other character, alone
/// 13. (UD mode only) splitting tokens the way UD German GSD does (`Tokenizer+UniversalDependencies`)
extension Scanner {
    typealias Scan = (kind: TokenKind, end: Int, flags: TokenFlags)

    /// Scans the token that starts at `s` (first character `c`, not whitespace).
    func scanToken(at s: Int, _ c: ScannedChar) -> Scan {
        switch c.cls {
        case .upper, .lower, .letter:
            return scanWord(s, from: s)
        case .digit:
            return scanNumber(s)
        case .emoji, .regionalIndicator, .emojiComponent:
            return scanEmoji(s)
        case .wordMark:
            // A superscript or combining mark with no letter before it: a word of its own.
            return scanWord(s, from: s + c.length)
        case .dash, .ellipsis:
            return (.punctuation, s + c.length, [])
        case .quote:
            return (.punctuation, s + c.length, [])
        case .symbol where c.length > 1:
            return scanSymbol(s, c)
        default:
            break
        }
        switch p[s] {
        case UInt8(ascii: "#"):
            if let t = scanTimestamp(s) { return t }
            if let t = scanTag(s, kind: .hashtag) { return t }
            return (.symbol, s + 1, [])
        case UInt8(ascii: "("), UInt8(ascii: "["):
            if let t = scanTranscriptMark(s) { return t }
            return (.punctuation, s + 1, [])
        case UInt8(ascii: ":"), UInt8(ascii: ";"), UInt8(ascii: "="), UInt8(ascii: "^"), UInt8(ascii: "<"):
            if let t = scanEmoticon(s) { return t }
            return (p[s] == UInt8(ascii: "^") || p[s] == UInt8(ascii: "<") || p[s] == UInt8(ascii: "=") ? .symbol : .punctuation, s + 1, [])
        case UInt8(ascii: "@"):
            if let t = scanTag(s, kind: .mention) { return t }
            return (.symbol, s + 1, [])
        case UInt8(ascii: "`"), UInt8(ascii: "'"), UInt8(ascii: ","):
            return scanQuote(s)
        case UInt8(ascii: "."), UInt8(ascii: "!"), UInt8(ascii: "?"), UInt8(ascii: "-"):
            return scanRun(s)
        case UInt8(ascii: "%"), UInt8(ascii: "&"), UInt8(ascii: "*"), UInt8(ascii: "/"), UInt8(ascii: "\\"):
            return (.symbol, s + 1, [])
        default:
            return (c.cls == .symbol ? .symbol : .punctuation, s + c.length, [])
        }
    }

    // MARK: Pass 2: f4 timestamps

    /// Pass 2, before hashtags (both start with `#`): `#00:01:23-4#`, f4/f5's time marks at the
    /// end of a turn, are one token, not `#`, `00`, `:`, ...
    func scanTimestamp(_ s: Int) -> Scan? {
        guard isDigit(s + 1), let e = timeEnd(s + 1, requireSeconds: false), byte(e) == UInt8(ascii: "#") else { return nil }
        return (.timestamp, e + 1, [])
    }

    /// End of `h:mm`, `hh:mm:ss`, `hh:mm:ss-d`, `hh:mm:ss.ddd` starting at `i`.
    func timeEnd(_ i: Int, requireSeconds: Bool) -> Int? {
        var j = i
        while isDigit(j), j - i < 2 { j += 1 }
        guard j > i else { return nil }
        var parts = 1
        while byte(j) == UInt8(ascii: ":"), isDigit(j + 1), isDigit(j + 2), !isDigit(j + 3), parts < 3 {
            j += 3
            parts += 1
        }
        guard parts >= (requireSeconds ? 3 : 2) else { return nil }
        if parts == 3, [UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: ",")].contains(byte(j)), isDigit(j + 1) {
            var k = j + 1
            while isDigit(k), k - j <= 3 { k += 1 }
            j = k
        }
        return isDigit(j) ? nil : j
    }

    // MARK: Pass 3: transcript marks

    /// Pass 3, before emoticons and punctuation: transcription conventions in brackets — pauses
    /// `(...)` `(3)`, events `(lacht)` `(unv.)` `((räuspert sich))`, editorial `[Name]` — are one
    /// token each, so that theme coding can skip them and sentences do not break inside them.
    func scanTranscriptMark(_ s: Int) -> Scan? {
        guard transcriptMarks else { return nil }
        let open = p[s]
        let close = open == UInt8(ascii: "(") ? UInt8(ascii: ")") : UInt8(ascii: "]")
        let doubled = byte(s + 1) == open
        let contentStart = s + (doubled ? 2 : 1)
        var j = contentStart
        while j < end, j - s < 96 {
            let b = p[j]
            if b == close || b == 0x0A || b == open { break }
            j += 1
        }
        guard byte(j) == close, j > contentStart else { return nil }
        var e = j + 1
        if doubled {
            guard byte(e) == close else { return nil }
            e += 1
        }
        let content = contentStart..<j
        if let t = timeEnd(content.lowerBound, requireSeconds: true), t == j { return (.timestamp, e, []) }
        if open == UInt8(ascii: "[") || doubled { return (.transcriptMark, e, []) }
        // Pauses: dots, an ellipsis, or seconds ("(3)", "(2,5 Sek.)").
        if content.allSatisfy({ p[$0] == UInt8(ascii: ".") }) { return (.transcriptMark, e, []) }
        if content.count == 3, p[content.lowerBound] == 0xE2, p[content.lowerBound + 1] == 0x80, p[content.lowerBound + 2] == 0xA6 {
            return (.transcriptMark, e, [])
        }
        if isDigit(content.lowerBound) {
            var k = content.lowerBound
            while isDigit(k) || ((byte(k) == UInt8(ascii: ",") || byte(k) == UInt8(ascii: ".")) && isDigit(k + 1)) { k += 1 }
            if k == j { return (.transcriptMark, e, []) }
            if byte(k) == 0x20 { k += 1 }
            let unit = k..<j
            if !unit.isEmpty, lookupLowercased(lexicon.transcriptMarkSet, unit) { return (.transcriptMark, e, []) }
            return nil
        }
        if content.count <= 2, content.allSatisfy({ p[$0] == UInt8(ascii: "?") }) { return (.transcriptMark, e, []) }
        // Events: the first word is a listed mark ("lacht", "unv.", "Handy klingelt").
        let w = wordRunEnd(content.lowerBound, limit: 40)
        guard w > content.lowerBound else { return nil }
        if lookupLowercased(lexicon.transcriptMarkSet, content.lowerBound..<w) { return (.transcriptMark, e, []) }
        if byte(w) == UInt8(ascii: "."), lookupLowercased(lexicon.transcriptMarkSet, content.lowerBound..<(w + 1)) {
            return (.transcriptMark, e, [])
        }
        return nil
    }

    // MARK: Pass 4: emoticons

    /// Pass 4, before punctuation: ASCII emoticons from `emoticons.txt` (`:-)`, `;)`, `:D`)
    /// are one token; punctuation would cut them into pieces.
    func scanEmoticon(_ s: Int) -> Scan? {
        let maxLength = min(lexicon.emoticonSet.maxLength, end - s)
        guard maxLength >= 2 else { return nil }
        for n in stride(from: maxLength, through: 2, by: -1) where lexicon.emoticonSet.contains(p + s, n) {
            // `:D` must not swallow the start of a word (`:Das`).
            if isAlnum(s + n), isAlnum(s + n - 1) { continue }
            // In "(super :-))" the last ")" closes the bracket, not a double smile.
            if n > 2, p[s + n - 1] == UInt8(ascii: ")"), p[s + n - 2] == UInt8(ascii: ")"), openParentheses(before: s) > 0 {
                continue
            }
            return (.emoji, s + n, [])
        }
        return nil
    }

    /// Unclosed `(` on the same line within `lookbehind` bytes before `i`.
    func openParentheses(before i: Int) -> Int {
        var balance = 0
        var j = i - 1
        while j >= max(0, i - Self.lookbehind), p[j] != 0x0A {
            if p[j] == UInt8(ascii: "(") { balance += 1 } else if p[j] == UInt8(ascii: ")") { balance -= 1 }
            j -= 1
        }
        return balance
    }

    // MARK: Pass 5: URLs and e-mail addresses

    /// Pass 5, before words (which would stop at `.`, `/`, `@`): `https://…`, `www.…`, a domain
    /// with a listed top-level domain (`hoferland.digital`), and e-mail addresses are one token.
    /// Called by the word and number passes when they meet `.`, `:`, `/` or `@` inside a chunk.
    func scanLink(_ s: Int) -> Scan? {
        // The chunk: up to whitespace or a quotation mark, at most `horizon` bytes.
        var e = s
        var at = -1
        while e < end, e - s < Self.horizon - 8 {
            let c = char(at: e)
            if c.cls == .space || c.cls == .quote { break }
            let b = p[e]
            if b == UInt8(ascii: "\"") || b == UInt8(ascii: "<") || b == UInt8(ascii: ">") { break }
            if b == UInt8(ascii: "@"), at < 0 { at = e }
            e += c.length
        }
        // Trailing punctuation belongs to the sentence, a closing bracket only if unbalanced.
        while e > s {
            let b = p[e - 1]
            if b == UInt8(ascii: ".") || b == UInt8(ascii: ",") || b == UInt8(ascii: ";") || b == UInt8(ascii: ":")
                || b == UInt8(ascii: "!") || b == UInt8(ascii: "?") || b == UInt8(ascii: "'") {
                e -= 1
            } else if b == UInt8(ascii: ")") || b == UInt8(ascii: "]") {
                let openByte = b == UInt8(ascii: ")") ? UInt8(ascii: "(") : UInt8(ascii: "[")
                var balance = 0
                for k in s..<e { if p[k] == openByte { balance += 1 } else if p[k] == b { balance -= 1 } }
                if balance < 0 { e -= 1 } else { break }
            } else {
                break
            }
        }
        guard e - s >= 4 else { return nil }
        // scheme://
        var k = s
        while k < e, char(at: k).cls.isLetter, p[k] < 0x80 { k += 1 }
        if k > s, k + 3 < e, p[k] == UInt8(ascii: ":"), p[k + 1] == UInt8(ascii: "/"), p[k + 2] == UInt8(ascii: "/") {
            return (.url, e, [])
        }
        if k - s == 6, k < e, p[k] == UInt8(ascii: ":"), (0..<6).allSatisfy({ p[s + $0] | 0x20 == Array("mailto".utf8)[$0] }) {
            return (.url, e, [])
        }
        // www.
        if e - s > 6, (0..<3).allSatisfy({ p[s + $0] | 0x20 == UInt8(ascii: "w") }), p[s + 3] == UInt8(ascii: "."), isAlnum(s + 4) {
            return (.url, e, [])
        }
        // local@domain.tld
        if at > s {
            var localOK = true
            for q in s..<at {
                let b = p[q]
                if !(table[Int(b)].isAlphanumeric || b == UInt8(ascii: ".") || b == UInt8(ascii: "_") || b == UInt8(ascii: "-")
                     || b == UInt8(ascii: "+") || b == UInt8(ascii: "%")) { localOK = false; break }
            }
            if localOK, let d = domainEnd(at + 1, e), d == e || p[d] != UInt8(ascii: "@") {
                return (.email, d, [])
            }
            return nil
        }
        // bare domain with a listed top-level domain, optionally with a path
        if let d = domainEnd(s, e) {
            if d == e { return (.url, e, []) }
            let b = p[d]
            if b == UInt8(ascii: "/") || b == UInt8(ascii: "?") || b == UInt8(ascii: "#") || b == UInt8(ascii: ":") { return (.url, e, []) }
        }
        return nil
    }

    /// End of `label(.label)+` starting at `i` (before `limit`) whose last label is a listed
    /// top-level domain written in lower case.
    func domainEnd(_ i: Int, _ limit: Int) -> Int? {
        var j = i
        var labels = 0
        var lastLabel = i..<i
        while j < limit {
            let start = j
            while j < limit {
                let c = char(at: j)
                if c.cls.isAlphanumeric || p[j] == UInt8(ascii: "-") { j += c.length } else { break }
            }
            guard j > start else { return nil }
            labels += 1
            lastLabel = start..<j
            if j < limit, p[j] == UInt8(ascii: "."), j + 1 < limit, isAlnum(j + 1) { j += 1; continue }
            break
        }
        guard labels >= 2, lastLabel.count >= 2, lastLabel.allSatisfy({ table[Int(p[$0])] == .lower }),
              lexicon.topLevelDomainSet.contains(p + lastLabel.lowerBound, lastLabel.count)
        else { return nil }
        return j
    }

    // MARK: Pass 6: hashtags and mentions

    /// Pass 6: `#Digitalisierung` and `@landkreis_hof` are one token (social-media answers).
    func scanTag(_ s: Int, kind: TokenKind) -> Scan? {
        var j = s + 1
        guard char(at: j).cls.isLetter || (kind == .mention && isDigit(j)) else { return nil }
        while j < end {
            let c = char(at: j)
            if c.cls.continuesWord || p[j] == UInt8(ascii: "_") { j += c.length } else { break }
        }
        return (kind, j, [])
    }

    // MARK: Pass 7: numbers, dates, times, ordinals

    /// Pass 7, before the period of a sentence end can be split off: `03.10.2024` (date),
    /// `20:15`, `20.00 Uhr` (time), `00:01:23` (timestamp), `3,5` `1.000` `2.000,50` `14,--`
    /// (number), `3.` before a month, a lower-case word, after `am`/`im`/`der` or as an
    /// enumeration (ordinal); `70er`, `250g`, `3D-Drucker` continue as words.
    func scanNumber(_ s: Int) -> Scan {
        var i = s
        while isDigit(i) { i += 1 }
        let digits = i - s
        let next = char(at: i)
        if next.value == 0xFE0F || next.value == 0x20E3 { return scanEmoji(s) }  // keycap 1️⃣

        // hh:mm, hh:mm:ss
        if byte(i) == UInt8(ascii: ":"), digits <= 2, let e = timeEnd(s, requireSeconds: false), !isAlnum(e) {
            var colons = 0
            for k in s..<e where p[k] == UInt8(ascii: ":") { colons += 1 }
            return (colons >= 2 ? .timestamp : .time, e, [])
        }
        // d.m.yyyy, d.m.yy, d.m.
        if byte(i) == UInt8(ascii: "."), digits <= 2, isDigit(i + 1) {
            var j = i + 1
            while isDigit(j) { j += 1 }
            if j - i - 1 <= 2, byte(j) == UInt8(ascii: ".") {
                var y = j + 1
                while isDigit(y) { y += 1 }
                let yearDigits = y - j - 1
                if (yearDigits == 4 || yearDigits == 2), !(byte(y) == UInt8(ascii: ".") && isDigit(y + 1)), !isAlnum(y) {
                    return (.date, y, [])
                }
                if yearDigits == 0, isOrdinalPeriod(numberStart: s, period: j) { return (.date, j + 1, []) }
            }
        }
        // yyyy-mm-dd
        if digits == 4, byte(i) == UInt8(ascii: "-"), isDigit(i + 1), isDigit(i + 2), byte(i + 3) == UInt8(ascii: "-"),
           isDigit(i + 4), isDigit(i + 5), !isAlnum(i + 6) {
            return (.date, i + 6, [])
        }
        // Digit groups joined by . , / - (1.000, 3,5, 24/7, 1990-1995).
        var kind = TokenKind.number
        var flags: TokenFlags = []
        var groups = 1
        var lastSeparator: UInt8 = 0
        var lastGroupDigits = digits
        while true {
            let b = byte(i)
            guard b == UInt8(ascii: ".") || b == UInt8(ascii: ",") || b == UInt8(ascii: "/") || b == UInt8(ascii: "-"),
                  isDigit(i + 1) else { break }
            var j = i + 1
            while isDigit(j) { j += 1 }
            if b == UInt8(ascii: "-") { flags.insert(.innerHyphen) }
            lastSeparator = b
            lastGroupDigits = j - i - 1
            groups += 1
            i = j
        }
        // 20.00 Uhr, 8.30 h
        if groups == 2, lastSeparator == UInt8(ascii: "."), digits <= 2, lastGroupDigits == 2, followedByHourWord(i) {
            kind = .time
        }
        // Prices: 14,-- 10.- 5,-
        if (byte(i) == UInt8(ascii: ",") || byte(i) == UInt8(ascii: ".")), byte(i + 1) == UInt8(ascii: "-") {
            var j = i + 1
            while byte(j) == UInt8(ascii: "-"), j - i <= 2 { j += 1 }
            if !isAlnum(j) { return (.number, j, flags) }
        }
        // Letters right after the digits: 70er, 250g, 3D, 5G-Netz, 1und1.de.
        if char(at: i).cls.continuesWord || (byte(i) == UInt8(ascii: "-") && isAlnum(i + 1)) {
            return scanWord(s, from: i, flags: flags)
        }
        if byte(i) == UInt8(ascii: "."), isAlnum(i + 1), !isDigit(i + 1), let link = scanLink(s) { return link }
        // 3. Oktober, am 3. Tag, 2. Soziale Bewegung (enumeration)
        if groups == 1, digits <= 3, byte(i) == UInt8(ascii: "."), byte(i + 1) != UInt8(ascii: "."),
           isOrdinalPeriod(numberStart: s, period: i) {
            return (.ordinal, i + 1, [])
        }
        return (kind, i, flags)
    }

    /// Whether ` Uhr`, `Uhr` or ` h` follows at `i`.
    func followedByHourWord(_ i: Int) -> Bool {
        var j = i
        if byte(j) == 0x20 { j += 1 }
        if byte(j) == UInt8(ascii: "U"), byte(j + 1) == UInt8(ascii: "h"), byte(j + 2) == UInt8(ascii: "r"), !isAlnum(j + 3) { return true }
        return byte(j) == UInt8(ascii: "h") && !isAlnum(j + 1)
    }

    /// Whether the period at `period` after a number belongs to it (an ordinal or a date
    /// without a year) rather than ending a sentence.
    func isOrdinalPeriod(numberStart s: Int, period: Int) -> Bool {
        guard let n = skipSpaces(period + 1, limit: 8) else { return false }
        let c = char(at: n)
        switch c.cls {
        case .lower:
            return true
        case .upper, .letter:
            let w = n..<wordRunEnd(n, limit: 32)
            if lookup(lexicon.monthSet, w) { return true }
            if byte(w.upperBound) == UInt8(ascii: "."), lookup(lexicon.monthSet, w.lowerBound..<(w.upperBound + 1)) { return true }
            if let previous = previousWord(before: s), lookup(lexicon.ordinalCueSet, previous, lowercasingFirst: true) { return true }
            // An enumeration ("2. Soziale Bewegung") has one or two digits.
            return period - s <= 2 && isSentenceStart(s)
        default:
            return false
        }
    }

    // MARK: Pass 8: words

    /// Pass 8: letters and digits with what may sit inside a German word — hyphens between
    /// parts (`Smart-City-Strategie`), soft hyphens and zero-width characters, apostrophes
    /// (`geht's`, `Klaus'`), gender forms (8a), truncated compounds (8b), and a final period
    /// when the word is an abbreviation (8c–8e) or part of a URL or e-mail address (pass 5).
    func scanWord(_ s: Int, from start: Int, flags initialFlags: TokenFlags = []) -> Scan {
        var i = start
        var flags = initialFlags
        var kind = TokenKind.word
        scan: while true {
            // The hot loop: ASCII letters and digits.
            while i < end, table[Int(p[i])].rawValue &- 1 < 3 { i += 1 }
            guard i < end else { break }
            let c = char(at: i)
            switch c.cls {
            case .upper, .lower, .letter, .digit, .wordMark:
                i += c.length
                continue scan
            case .ignorable:
                if char(at: i + c.length).cls.continuesWord { i += c.length; continue scan }
                break scan
            case .hyphen:
                if char(at: i + c.length).cls.isAlphanumeric {
                    flags.insert(.innerHyphen)
                    i += c.length
                    continue scan
                }
                // Spa-/Wellness-Bereich
                if p[i] == UInt8(ascii: "-"), byte(i + 1) == UInt8(ascii: "/"), isAlnum(i + 2) {
                    i += 2
                    continue scan
                }
                if isTruncation(hyphenEnd: i + c.length) {
                    flags.insert(.trailingHyphen)
                    i += c.length
                }
                break scan
            case .quote:
                if c.value == 0x2019 || c.value == 0xB4 {
                    if let e = apostropheEnd(s, i, c.length, &flags) { i = e; continue scan }
                }
                break scan
            default:
                break
            }
            switch p[i] {
            case UInt8(ascii: "."):
                if let t = scanPeriodAfterWord(s, period: i) { return t }
                break scan
            case UInt8(ascii: ":"), UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "/"), UInt8(ascii: "("):
                if let e = genderFormEnd(s, i) {
                    kind = .genderForm
                    i = e
                    continue scan
                }
                if p[i] == UInt8(ascii: ":") || p[i] == UInt8(ascii: "/"), let link = scanLink(s) { return link }
                if p[i] == UInt8(ascii: "/"), let e = unitEnd(s, i) { i = e }
                break scan
            case UInt8(ascii: "@"):
                if let link = scanLink(s) { return link }
                break scan
            case UInt8(ascii: "'"):
                if let e = apostropheEnd(s, i, 1, &flags) { i = e; continue scan }
                break scan
            default:
                break scan
            }
        }
        // Binnen-I: only words ending in "In" or long enough to hold "Innen" are looked at.
        if kind == .word, i - s >= 5, (p[i - 1] == UInt8(ascii: "n") && p[i - 2] == UInt8(ascii: "I")) || i - s >= 8,
           isBinnenI(s, i) {
            kind = .genderForm
        }
        if i - s == 2, p[s] | 0x20 == UInt8(ascii: "x"), let t = scanEmoticon(s), t.end == i { return t }  // xD
        return (kind, i, flags)
    }

    /// 8a, inside pass 8: gender forms are one token — `Bürger:innen`, `Bürger*innen`,
    /// `Bürger_innen`, `Lehrer/-innen`, `Lehrer/innen`, `Lehrer(innen)`, `jede*r`, and compounds
    /// on `innen` (`Bürger*innenbeteiligung`). The suffixes are in `gender-suffixes.txt`.
    func genderFormEnd(_ s: Int, _ i: Int) -> Int? {
        guard i - s >= 2, char(at: previousScalarStart(i)).cls.isLetter else { return nil }
        let mark = p[i]
        var j = i + 1
        if mark == UInt8(ascii: "/"), byte(j) == UInt8(ascii: "-") { j += 1 }
        var k = j
        while k < end {
            let c = char(at: k)
            guard c.cls == .lower else { break }
            k += c.length
        }
        guard k > j else { return nil }
        if mark == UInt8(ascii: "(") {
            guard byte(k) == UInt8(ascii: ")"), lexicon.genderSuffixSet.contains(p + j, k - j) else { return nil }
            return k + 1
        }
        if lexicon.genderSuffixSet.contains(p + j, k - j), !char(at: k).cls.continuesWord { return k }
        // Compounds on the plural form: Bürger*innenbeteiligung.
        if k - j > 5, (0..<5).allSatisfy({ p[j + $0] == Array("innen".utf8)[$0] }) { return k }
        return nil
    }

    /// 8a, Binnen-I: `BürgerInnen`, `LehrerIn`, `LehrerInnenzimmer` (a lower-case letter, then
    /// `In` at the end or `Innen`), unless listed in `gender-exceptions.txt` (`PlugIn`).
    func isBinnenI(_ s: Int, _ e: Int) -> Bool {
        guard e - s >= 5 else { return false }
        func isBinnenIAt(_ k: Int) -> Bool {
            char(at: previousScalarStart(k)).cls == .lower && !lookupLowercased(lexicon.genderExceptionSet, s..<e)
        }
        if p[e - 2] == UInt8(ascii: "I"), p[e - 1] == UInt8(ascii: "n") { return isBinnenIAt(e - 2) }
        // "Innen" anywhere after the second letter; most words have no capital I at all.
        guard e - s >= 8, memchr(p + s + 2, Int32(UInt8(ascii: "I")), e - s - 2) != nil else { return false }
        var k = s + 2
        while k + 5 <= e {
            if p[k] == UInt8(ascii: "I"), p[k + 1] == UInt8(ascii: "n"), p[k + 2] == UInt8(ascii: "n"),
               p[k + 3] == UInt8(ascii: "e"), p[k + 4] == UInt8(ascii: "n") {
                return isBinnenIAt(k)
            }
            k += 1
        }
        return false
    }

    /// 8b, inside pass 8: a truncated compound keeps its hyphen (`Rad-` in `Rad- und Fußwege`,
    /// `Landes-,`): the hyphen is followed by a comma, or by whitespace and a joining word
    /// (`truncation-joiners.txt`: `und`, `bzw.`, `als`, …), `&` or `/`. Before any other word it
    /// is a dash or a break-off of speech (`gut- sehr gut`), a token of its own.
    func isTruncation(hyphenEnd h: Int) -> Bool {
        if byte(h) == UInt8(ascii: ",") { return true }
        guard singleSpace(at: h) > 0 || byte(h) == 0x0A, let n = skipSpaces(h, limit: 4) else { return false }
        if byte(n) == UInt8(ascii: "&") || byte(n) == UInt8(ascii: "/") { return true }
        guard char(at: n).cls.isLetter else { return false }
        return lookupLowercased(lexicon.truncationJoinerSet, n..<wordRunEnd(n, limit: 20))
    }

    /// Apostrophes inside or at the end of a word: `geht's`, `O'Neill`, `Schuchmann's`, and the
    /// genitive of names in s/x/z (`Klaus'`) unless an opening quote stands before the word.
    func apostropheEnd(_ s: Int, _ i: Int, _ length: Int, _ flags: inout TokenFlags) -> Int? {
        let next = char(at: i + length)
        if next.cls.isLetter {
            let e = wordRunEnd(i + length)
            if e - (i + length) == 1, p[i + length] == UInt8(ascii: "s") { flags.insert(.clitic) }
            return e
        }
        guard !next.cls.isAlphanumeric else { return nil }
        // `''` is a closing quote: of `s''` nothing goes to the word, of `s'''` the first one.
        var run = 0
        while byte(i + run) == UInt8(ascii: "'") { run += 1 }
        if p[i] == UInt8(ascii: "'") && run % 2 == 0 { return nil }
        let last = p[i - 1]
        let sibilant = last == UInt8(ascii: "s") || last == UInt8(ascii: "x") || last == UInt8(ascii: "z")
            || (last == 0x9F && i >= 2 && p[i - 2] == 0xC3)
        guard sibilant else { return nil }
        if s > 0 {
            let before = char(at: previousScalarStart(s))
            if before.value == 0x27 || before.value == 0x2018 || before.value == 0x201A || before.value == 0x2019 { return nil }
        }
        return i + length
    }

    /// Units with a slash (`km/h`, `m/s`): short letters on both sides.
    func unitEnd(_ s: Int, _ slash: Int) -> Int? {
        guard slash - s <= 3 else { return nil }
        var k = slash + 1
        while k < end, table[Int(p[k])] == .lower || table[Int(p[k])] == .upper, k - slash <= 2 { k += 1 }
        guard k - slash >= 2, k - slash <= 2, !char(at: k).cls.continuesWord else { return nil }
        return k
    }

    /// A period after a word: part of a URL or e-mail address (pass 5), of a multi-part
    /// abbreviation (8c: `z. B.`, `u.a.`, `U.S.A.`), of a listed abbreviation (8d: `bzw.`, `Nr.`),
    /// or of an initial (8e: `M. Schulz`); otherwise it is left for the punctuation pass.
    func scanPeriodAfterWord(_ s: Int, period: Int) -> Scan? {
        let after = char(at: period + 1)
        if after.cls != .space {
            if after.cls.isAlphanumeric, let link = scanLink(s) { return link }
            if let e = compactAbbreviationEnd(s, period) { return (.abbreviation, e, []) }
        }
        if let e = spacedAbbreviationEnd(s, period) { return (.abbreviation, e, []) }
        if lookup(lexicon.abbreviationSet, s..<(period + 1), lowercasingFirst: true) { return (.abbreviation, period + 1, []) }
        // 8e: an initial before a name, unless the next word starts sentences (`Plan B. Dann`).
        if period - s == 1, table[Int(p[s])] == .upper {
            let sp = singleSpace(at: period + 1), next = period + 1 + sp
            let first = char(at: next)
            if sp > 0, first.cls == .upper, isAlnum(next + first.length),
               !lookupLowercased(lexicon.sentenceStarterSet, next..<wordRunEnd(next, limit: 20)) {
                return (.abbreviation, period + 1, [])
            }
        }
        return nil
    }

    /// 8c without spaces: `z.B.`, `u.a.`, `i.d.R.` from the list, or any run of single letters
    /// with periods (`U.S.A.`).
    func compactAbbreviationEnd(_ s: Int, _ period: Int) -> Int? {
        var ends: [Int] = []
        var j = period
        var singleLetters = period - s == 1
        while byte(j) == UInt8(ascii: "."), ends.count < 6 {
            ends.append(j + 1)
            let w = wordRunEnd(j + 1, limit: 8)
            guard w > j + 1, byte(w) == UInt8(ascii: ".") else { break }
            if w - (j + 1) > 1 && !(w - (j + 1) == 2 && p[j + 1] >= 0xC0) { singleLetters = false }
            j = w
        }
        guard ends.count >= 2 else { return nil }
        for e in ends.reversed().dropLast() where lookup(lexicon.abbreviationSet, s..<e, lowercasingFirst: true) { return e }
        if singleLetters, let last = ends.last, !isAlnum(last) { return last }
        return nil
    }

    /// 8c with spaces: `z. B.`, `u. a.`, `i. d. R.`, matched against the list without spaces.
    func spacedAbbreviationEnd(_ s: Int, _ period: Int) -> Int? {
        guard lexicon.maxAbbreviationParts >= 2, period - s <= 4 else { return nil }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 48) { buf -> Int? in
            guard let key = buf.baseAddress else { return nil }
            var n = 0
            for k in s...period { key[n] = p[k]; n += 1 }
            var best: Int?
            var j = period + 1
            var parts = 1
            while parts < lexicon.maxAbbreviationParts {
                let sp = singleSpace(at: j)
                guard sp > 0 else { break }
                let w0 = j + sp
                let w = wordRunEnd(w0, limit: 8)
                guard w > w0, w - w0 <= 4, byte(w) == UInt8(ascii: "."), n + (w - w0) + 1 <= 48 else { break }
                for k in w0...w { key[n] = p[k]; n += 1 }
                parts += 1
                j = w + 1
                if lexicon.abbreviationSet.contains(UnsafePointer(key), n) { best = j; continue }
                // "Z. B." at a sentence start
                let b0 = key[0]
                if b0 &- 0x41 < 26 {
                    key[0] = b0 | 0x20
                    let found = lexicon.abbreviationSet.contains(UnsafePointer(key), n)
                    key[0] = b0
                    if found { best = j }
                }
            }
            return best
        }
    }

    // MARK: Pass 9: quotation marks

    /// Pass 9: `` `` `` and `''` (the treebanks' quotes) and `,,` (a typed „) are one token;
    /// `'s` and `'n` after a space are clitics (`fand 's gut`); any other `'` or `` ` `` is alone.
    func scanQuote(_ s: Int) -> Scan {
        let b = p[s]
        if byte(s + 1) == b { return (.punctuation, s + 2, []) }
        if b == UInt8(ascii: "'"), s == 0 || char(at: previousScalarStart(s)).cls == .space || s == 0 {
            let w = wordRunEnd(s + 1, limit: 4)
            if w > s + 1, w - s <= 4, (s + 1..<w).allSatisfy({ table[Int(p[$0])] == .lower }), !char(at: w).cls.continuesWord {
                let first = p[s + 1]
                if first == UInt8(ascii: "s") || first == UInt8(ascii: "n") || first == UInt8(ascii: "m") { return (.word, w, []) }
            }
        }
        return (b == UInt8(ascii: "`") ? .symbol : .punctuation, s + 1, [])
    }

    // MARK: Pass 10: runs of periods, of ! and ?, and of hyphens

    /// Pass 10: an ellipsis typed as periods (`...`), emphasis (`!!!`, `?!`) and a dash typed as
    /// hyphens (`--`) are one token each.
    func scanRun(_ s: Int) -> Scan {
        let b = p[s]
        var j = s + 1
        if b == UInt8(ascii: "!") || b == UInt8(ascii: "?") {
            while byte(j) == UInt8(ascii: "!") || byte(j) == UInt8(ascii: "?") { j += 1 }
            return (.punctuation, j, j - s > 1 ? .exclamationRun : [])
        }
        while byte(j) == b { j += 1 }
        return (.punctuation, j, [])
    }

    // MARK: Pass 11: emoji

    /// Pass 11: an emoji with its skin tone, variation selector, keycap or ZWJ continuations,
    /// and a flag (two regional indicators), is one token.
    func scanEmoji(_ s: Int) -> Scan {
        let first = char(at: s)
        var j = s + first.length
        if first.cls == .regionalIndicator {
            let second = char(at: j)
            if second.cls == .regionalIndicator { j += second.length }
            return (.emoji, j, [])
        }
        while j < end {
            let c = char(at: j)
            if c.cls == .emojiComponent { j += c.length; continue }
            if c.value == 0x200D {
                let n = char(at: j + c.length)
                if n.cls == .emoji || n.cls == .symbol { j += c.length + n.length; continue }
            }
            break
        }
        return (.emoji, j, [])
    }

    // MARK: Pass 12: everything else

    /// Pass 12: any other symbol is a token of its own; a text symbol with the emoji variation
    /// selector (`❤️`) is an emoji.
    func scanSymbol(_ s: Int, _ c: ScannedChar) -> Scan {
        let next = char(at: s + c.length)
        if next.value == 0xFE0F { return scanEmoji(s) }
        return (.symbol, s + c.length, [])
    }
}
