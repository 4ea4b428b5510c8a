/// Blanks in UTF-8 transcript text: ASCII spaces, tabs and line ends, and the no-break spaces
/// that Word, f4 templates and subtitle tools write (after a label's colon, at a turn's ends).
public enum Blanks {
    @inlinable public static func isSpace(_ b: UInt8) -> Bool { b == 32 || b == 9 || b == 10 || b == 13 }

    /// The length in bytes of the no-break space at `i` (U+00A0, `&nbsp;`: 2; U+202F, the narrow
    /// one: 3), or 0. Word, f4 templates and subtitle tools write them after a label's colon and
    /// at a turn's ends, where they are blanks like any other.
    @inlinable public static func noBreakSpaceLength(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int, end: Int) -> Int {
        let b = bytes[i]
        if b == 0xC2 { return i + 1 < end && bytes[i + 1] == 0xA0 ? 2 : 0 }
        if b == 0xE2 { return i + 2 < end && bytes[i + 1] == 0x80 && bytes[i + 2] == 0xAF ? 3 : 0 }
        return 0
    }

    /// Whether a blank starts at `i`: an ASCII space, tab, line feed or carriage return, or a no-break space.
    @inlinable public static func isBlank(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int, end: Int) -> Bool {
        isSpace(bytes[i]) || noBreakSpaceLength(bytes, at: i, end: end) > 0
    }

    /// The offset after the blanks (`isBlank`) at `from`.
    @inlinable public static func skip(_ bytes: UnsafeBufferPointer<UInt8>, _ from: Int, _ end: Int) -> Int {
        var i = from
        while i < end {
            if isSpace(bytes[i]) { i += 1; continue }
            let width = noBreakSpaceLength(bytes, at: i, end: end)
            guard width > 0 else { break }
            i += width
        }
        return i
    }

    /// The offset before the blanks (`isBlank`) that end the range. A no-break space is told by
    /// its last bytes: 0xA0 after 0xC2, 0xAF after 0xE2 0x80 (a lead byte is never a continuation byte).
    @inlinable public static func trimEnd(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        var e = end
        while e > start {
            let b = bytes[e - 1]
            if isSpace(b) {
                e -= 1
            } else if b == 0xA0, e - 2 >= start, bytes[e - 2] == 0xC2 {
                e -= 2
            } else if b == 0xAF, e - 3 >= start, bytes[e - 2] == 0x80, bytes[e - 3] == 0xE2 {
                e -= 3
            } else {
                break
            }
        }
        return e
    }
}

/// The shape of a speaker label at a paragraph's start: `B:`, `Frau Kessler:`, `„Schorsch“:`.
/// Ingestion reads labels by it (which candidates are speakers is decided there, by how often they
/// recur and by the metadata sheet); the pseudonymiser asks whether a line opens with one ("Frau
/// Zapf-⏎B: Ja" is Frau Zapf, broken off), so both read a label alike.
public enum SpeakerLabelShape {
    /// Longest speaker label MAXQDA accepts.
    public static let maxLength = 63

    /// `Label:` at `start`: returns the label and the offset after the colon. The colon must be
    /// followed by whitespace or the line end; the label has at most 63 characters and 5 words,
    /// starts with a letter, and contains no sentence punctuation (a period only closes a short
    /// abbreviation such as `Dr.`) and at most one group in round brackets, not at its start.
    /// A label in square brackets (`[SPEAKER_00]:`, as diarisation tools such as aTrain and
    /// WhisperX write it) is the label inside them.
    /// - Parameter touchingText: whether a letter may follow the colon right away (`I:Wie …`,
    ///   typed without a space); the caller judges such labels more strictly.
    public static func candidate(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int,
                                 touchingText: Bool = false) -> (String, Int)? {
        guard start < end else { return nil }
        let first = bytes[start]
        if first == 0x22 || first == 0x27 || first == 0xC2 || first == 0xE2, quote(bytes, at: start, to: end) != nil {
            return quotedCandidate(bytes, from: start, to: end)
        }
        if first == UInt8(ascii: "[") { return squareBracketedCandidate(bytes, from: start, to: end) }
        // Letters only: ASCII letters or a UTF-8 lead byte (Ä, Ö, Ü, accented names).
        guard (first >= 0x41 && first <= 0x5A) || (first >= 0x61 && first <= 0x7A) || first >= 0xC3 else { return nil }
        let limit = min(end, start + maxLength * 4)
        var i = start
        var wordLength = 0
        var words = 1
        // One group in round brackets may stand beside the name ("Anna Roth (Interviewerin):",
        // Zoom's "A. Roth (Leitbild GmbH):"); `person(in:)` leaves it out.
        var bracketDepth = 0, bracketGroups = 0
        while i < limit {
            let b = bytes[i]
            // A no-break space parts words like a space ("Frau&nbsp;Kessler:", "B&nbsp;:").
            if b >= 0xC2, case let width = Blanks.noBreakSpaceLength(bytes, at: i, end: end), width > 0 {
                if wordLength > 0 { words += 1 }
                wordLength = 0
                if words > 5 { return nil }
                i += width
                continue
            }
            switch b {
            case UInt8(ascii: ":"):
                // Whitespace or the line's end after the colon, a no-break space too ("B:&nbsp;Gut.").
                guard bracketDepth == 0, i + 1 >= end || Blanks.isBlank(bytes, at: i + 1, end: end)
                    || (touchingText && isLetter(bytes[i + 1])) else { return nil }
                let labelEnd = Blanks.trimEnd(bytes, start, i)
                var label = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<labelEnd]), as: UTF8.self)
                if label.utf8.contains(where: { $0 == 0xC2 || $0 == 0xE2 }) {
                    // The same speaker as with plain spaces, also for matching the sheet's names.
                    label = String(String.UnicodeScalarView(label.unicodeScalars.map { $0 == "\u{00A0}" || $0 == "\u{202F}" ? " " : $0 }))
                }
                guard label.unicodeScalars.count <= maxLength else { return nil }
                return (label, i + 1)
            case UInt8(ascii: " "):
                if wordLength > 0 { words += 1 }
                wordLength = 0
                if words > 5 { return nil }
            case UInt8(ascii: "."):
                // Only abbreviations: "Dr.", "Prof.", "Fr.".
                guard wordLength >= 1, wordLength <= 4 else { return nil }
                wordLength += 1
            case UInt8(ascii: "("):
                // Not at the label's start, and only one group.
                guard i > start, bracketDepth == 0, bracketGroups == 0 else { return nil }
                bracketDepth = 1
                bracketGroups = 1
            case UInt8(ascii: ")"):
                guard bracketDepth == 1 else { return nil }
                bracketDepth = 0
            case UInt8(ascii: ","), UInt8(ascii: "?"), UInt8(ascii: "!"), UInt8(ascii: ";"), UInt8(ascii: "#"), UInt8(ascii: "\""),
                 UInt8(ascii: "["), UInt8(ascii: "]"), 9, 10, 13:
                return nil
            default:
                if b & 0xC0 != 0x80 { wordLength += 1 }
            }
            i += 1
        }
        return nil
    }

    /// An ASCII letter or the lead byte of a letter beyond ASCII (Ä, Ö, Ü, accented names).
    @inlinable public static func isLetter(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b >= 0xC3
    }

    /// First words (lower case) of the transcription marks that transcribers write in brackets:
    /// `[lacht]`, `[Räuspert sich]`, `[unv.]`, `[Pause]`, `[Gelächter]`. The sounds, pauses,
    /// unintelligible passages and noises of GermanText's `transcript-marks.txt` (which
    /// LeitbildCore, below GermanText, cannot read) and their nouns and English forms; not the
    /// words a name may be (`Lange`, `Name`, `Ort`).
    public static let transcriptionMarks: Set<String> = [
        // laughter and voice
        "lacht", "lachen", "lachend", "lacher", "gelächter", "lächelt", "lächeln", "kichert", "kichern", "schmunzelt", "grinst",
        "seufzt", "seufzen", "seufzer", "räuspert", "räuspern", "hustet", "husten", "niest", "niesen", "gähnt", "atmet", "schluckt",
        "weint", "schnalzt", "pfeift", "flüstert", "flüsternd", "stottert", "zögert", "zögernd", "überlegt", "nachdenklich",
        // manner of speaking and reading out (found in a review: `[Ironisch]:` was a speaker "Ironisch")
        "ironisch", "betont", "gedehnt", "leise", "laut", "lauter", "zitiert", "imitiert", "liest", "vorlesend",
        "unterbrochen", "abbruch",
        // gestures
        "nickt", "nicken", "schüttelt", "zeigt", "deutet", "gestikuliert", "klatscht", "klatschen", "applaus", "klopft",
        // pauses and silence
        "pause", "stille", "schweigt", "schweigen",
        // unintelligible
        "unv.", "unv", "unverständlich", "unverst.", "undeutlich", "unklar",
        // interruptions and noise
        "unterbrechung", "unterbricht", "störung", "klingelt", "lärm", "geräusch", "geräusche", "hintergrundgeräusche",
        "durcheinander", "gleichzeitig", "musik",
        // English, from transcription services and diarisation tools
        "laughs", "laughter", "laughing", "inaudible", "unintelligible", "crosstalk", "silence", "music", "applause", "coughs", "sighs",
    ]

    /// Whether a label's text is a transcription mark (`transcriptionMarks`), judged by its first
    /// word in any letter case ("Lacht", as Word capitalises a paragraph's first letter), or by its
    /// first two for a pause ("Kurze Pause").
    public static func isTranscriptionMark(_ label: String) -> Bool {
        let words = label.lowercased().split(whereSeparator: { $0 == " " || $0 == "\u{00A0}" || $0 == "\u{202F}" })
        guard let first = words.first else { return false }
        if transcriptionMarks.contains(String(first)) { return true }
        return words.count >= 2 && words[1].hasPrefix("pause") && ["kurze", "kurzer", "lange", "längere", "kleine"].contains(first)
    }

    /// A label in square brackets, `[SPEAKER_00]:` (aTrain, WhisperX): the label inside them by
    /// the rules of `candidate`, the closing bracket right before the colon. Not in small letters,
    /// nor a transcription mark in any case: `[unverständlich]:` and `[Lacht]:` are a transcriber's.
    private static func squareBracketedCandidate(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> (String, Int)? {
        let inner = start + 1
        guard inner < end, !(0x61...0x7A).contains(bytes[inner]) else { return nil }
        let limit = min(end, inner + maxLength * 4)
        var i = inner
        while i < limit, bytes[i] != UInt8(ascii: "]"), bytes[i] != UInt8(ascii: "[") { i += 1 }
        guard i < limit, i > inner, bytes[i] == UInt8(ascii: "]") else { return nil }
        return enclosedLabel(bytes, inner: inner, close: i, colon: i + 1, to: end)
    }

    /// The label enclosed in `bytes[inner..<close]` (by brackets or quotation marks) when a colon
    /// stands at `colon`: by the rules of `candidate`, on its text with the colon and what follows
    /// it (up to a no-break space's length), and no transcription mark. Returns it with the offset
    /// after the colon.
    private static func enclosedLabel(_ bytes: UnsafeBufferPointer<UInt8>, inner: Int, close: Int, colon: Int, to end: Int) -> (String, Int)? {
        guard colon < end, bytes[colon] == UInt8(ascii: ":") else { return nil }
        var shape = Array(bytes[inner..<close])
        shape.append(UInt8(ascii: ":"))
        shape += bytes[(colon + 1)..<min(end, colon + 4)]
        guard let label = shape.withUnsafeBufferPointer({ candidate($0, from: 0, to: $0.count)?.0 }), !isTranscriptionMark(label) else { return nil }
        return (label, colon + 1)
    }

    /// Quotation marks a nickname may be labelled in, as UTF-8: " ' „ “ ” ‚ ‘ ’ » « › ‹. Any of
    /// them opens and any closes such a label ("Schorsch":, „Schorsch“:, „Schorsch”:, »Schorsch«:),
    /// as autocorrection pairs them in many ways.
    private static let quotes: [[UInt8]] = [
        [0x22], [0x27], [0xE2, 0x80, 0x9E], [0xE2, 0x80, 0x9C], [0xE2, 0x80, 0x9D], [0xE2, 0x80, 0x9A], [0xE2, 0x80, 0x98],
        [0xE2, 0x80, 0x99], [0xC2, 0xBB], [0xC2, 0xAB], [0xE2, 0x80, 0xBA], [0xE2, 0x80, 0xB9],
    ]

    /// The quotation mark at `i`, if one is there (its length in bytes).
    public static func quote(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int, to end: Int) -> Int? {
        quotes.first { mark in i + mark.count <= end && mark.indices.allSatisfy { bytes[i + $0] == mark[$0] } }?.count
    }

    /// A label in quotation marks (`"Schorsch":`, a nickname in a group discussion): the label
    /// inside them by the rules of `candidate`, the first closing mark right before the
    /// colon. It is the same speaker as `Schorsch:`; one that only ever stands in quotation marks
    /// must recur, be a convention or name a person of the sheet (Ingestion's `PlainTextParser.acceptedLabels`, `quotedOnly`):
    /// a quoted title that opens a paragraph (`„Digitale Dörfer“: das Programm ...`) stays text.
    private static func quotedCandidate(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> (String, Int)? {
        guard let open = quote(bytes, at: start, to: end) else { return nil }
        let inner = start + open
        let limit = min(end, inner + maxLength * 4)
        var i = inner
        while i < limit, quote(bytes, at: i, to: end) == nil { i += 1 }
        guard i < limit, i > inner, let close = quote(bytes, at: i, to: end) else { return nil }
        return enclosedLabel(bytes, inner: inner, close: i, colon: i + close, to: end)
    }
}

extension SpeakerLabelShape {
    /// What parts people or organisations beside each other in a label: a bar or a spaced dash
    /// ("Anna Roth | Leitbild", "LRA Hof - Meier, Karl").
    static let labelSeparators = [" | ", " - ", " – ", " — "]

    /// The label as a metadata person cell: its parts beside each other parted by ";", as
    /// `PersonCells` and the pseudonymiser's `people(inCell:)` read cells (brackets left out,
    /// "Surname, First name" turned round, roles and organisations dropped there).
    public static func cell(of label: String) -> String {
        var text = label
        for separator in labelSeparators { text = text.replacingOccurrences(of: separator, with: "; ") }
        return text
    }

    /// The people a speaker label may name, in order, without what stands in brackets: the
    /// parts beside each other ("Anna Roth | Leitbild" gives "Anna Roth" and "Leitbild", "Stadt
    /// Naila | Anna Beck" both of its parts), Teams' "Surname, First name" turned round ("Roth,
    /// Anna" is "Anna Roth"; "Schmidt, Anna, Kämmerin" gives "Anna Schmidt" and "Kämmerin"), and
    /// with more than one word on either side of a comma, each part ("Brandl, Eva Maria"). Labels
    /// are matched to the sheet's people by any of them.
    public static func people(in label: String) -> [String] {
        cell(of: PersonCells.withoutBrackets(label)).split(separator: ";").flatMap { entry -> [String] in
            let parts = entry.split(separator: ",", omittingEmptySubsequences: false).map { PersonCells.trimmed($0) }
            if parts.count >= 2, !parts[0].isEmpty, !parts[1].isEmpty, !parts[0].contains(" "), !parts[1].contains(" ") {
                return [parts[1] + " " + parts[0]] + parts.dropFirst(2)
            }
            return parts
        }.filter { !$0.isEmpty }
    }

    /// The first person a label names (`people(in:)`): what a label is judged by as a name
    /// ("A. Roth (Leitbild GmbH)" is "A. Roth"); the label itself when it names none.
    public static func person(in label: String) -> String {
        people(in: label).first ?? PersonCells.trimmed(label[...])
    }

    /// What stands in round brackets in a label ("Anna Roth (Interviewerin)" gives "Interviewerin"):
    /// a role written beside a name.
    public static func bracketed(in label: String) -> [String] {
        guard label.contains("(") else { return [] }
        var out: [String] = [], current = "", depth = 0
        for c in label {
            switch c {
            case "(":
                depth += 1
                if depth == 1 { current = "" }
            case ")":
                if depth == 1 { out.append(PersonCells.trimmed(current[...])) }
                depth = max(0, depth - 1)
            default:
                if depth > 0 { current.append(c) }
            }
        }
        return out.filter { !$0.isEmpty }
    }
}
