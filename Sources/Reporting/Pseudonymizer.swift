import LeitbildCore

/// Replaces names of people, clubs and small places consistently ("Person A" is always the same
/// person) in every text a shared report shows.
///
/// Names come from the metadata sheet (interviewer and respondent columns; "Name A; Name B"),
/// from speaker labels that are names, and from the consultant's list (`pseudonyms.txt`). A person
/// is matched as full name, surname or first name alone, with titles before it ("Frau",
/// "Herr Dr.") and in the German genitive ("Hertels"). Offsets in reports keep referring to the
/// original text; `RedactedText` maps ranges into the pseudonymised text.
public struct Pseudonymizer: Sendable {
    /// One pseudonymised identity: the key file has one row per identity.
    public struct Identity: Hashable, Codable, Sendable {
        public var pseudonym: String
        public var kind: PseudonymKind
        /// The fullest form of the name that was seen.
        public var name: String
        /// The forms replaced in text (full name, surname, first name), sorted.
        public var variants: [String]
        /// Where the name was learnt, sorted.
        public var origins: [String]
    }

    /// Identities in the order of their pseudonyms (persons, clubs, places, organisations).
    public private(set) var identities: [Identity] = []
    public let isEnabled: Bool
    /// Variant patterns by their first word.
    private var patterns: [String: [Pattern]] = [:]
    /// The first two bytes of each key of `patterns` (`NameTokens.prefixKey`), one bit each: a
    /// word that starts otherwise (and has no hyphen) cannot start a name, nor can it with a
    /// genitive "s" removed, and `redact` skips it without making a string.
    private var patternPrefixes = [UInt64](repeating: 0, count: 1024)
    /// The `NameTokens.key` of each one-word form of a name (three letters or more), with the
    /// name and what replaces it: for `names(inIdentifier:)` and `replacingNames(inIdentifier:)`.
    private var wordKeys: [String: IdentifierName] = [:]
    /// The same for forms of several words, by their words' keys joined with a space: a first and
    /// a surname ("hans peter wunderlich"), a double name ("müller lüdenscheidt"), a club.
    private var phraseKeys: [String: IdentifierName] = [:]
    /// The most words of a key of `phraseKeys`.
    private var maxPhraseWords = 0
    /// Keys that identifiers write in other ways, five letters or more: the words of a name of
    /// several words written together ("stefanhertel", "vonderheide", "oneill"), and a one-word
    /// form with its umlauts or ß dropped ("strobel" for Ströbel, "kiesling" for Kießling).
    private var otherKeys: [String: IdentifierName] = [:]
    /// The first and the last five letters of every key of `wordKeys` and `otherKeys` of five
    /// letters or more: whether a longer word can start or end with a name is told by these before
    /// any of its parts is looked up ("interviewhertel").
    private var keyHeads = Set<String>(), keyTails = Set<String>()
    /// The longest key of `wordKeys` and `otherKeys` (UTF-8 bytes): no longer start or end of a
    /// word is looked up (a metadata cell may hold a word of any length).
    private var longestKey = 0

    /// What a word or words of an identifier stand for.
    struct IdentifierName: Sendable {
        var name: String
        var replacement: String
        /// Whether the consultant's list names it: never taken for the interview's municipality.
        var isListed: Bool
    }

    /// Replacement for a variant that two identities share (two people called "Schmidt").
    public static let ambiguousPerson = "[Person]"

    struct Pattern: Sendable, Codable, Equatable {
        var words: [String]
        var replacement: String
        var isPerson: Bool
        /// Matched only right after a title: a spelling of a name that is a common word ("Herr Weiß"
        /// of a Karl Weiss, but not "Weiß ich nicht"; `NameTokens.spellingsAndTitledOnes`).
        var needsTitle = false
    }

    /// The variant patterns by their first word, as `redact` looks them up (`PseudonymMemo`
    /// compares them with an earlier run's).
    var patternTable: [String: [Pattern]] { patterns }

    /// A person introduced by an address title in a text ("Frau Zapf"), with the line where the name starts.
    struct TitledName: Sendable, Codable, Equatable {
        var name: String
        var line: Int
    }

    /// How the key's origins begin for a person met after a title in a text.
    static let titleOrigin = "title in "

    /// A pseudonymiser that changes nothing (`--no-pseudonymize`).
    public static let disabled = Pseudonymizer(enabled: false)

    private init(enabled: Bool) { isEnabled = enabled }

    /// Metadata columns whose values are names of people (compared case-insensitively).
    public static let defaultPersonColumns: Set<String> = PersonCells.columns

    /// Learns the names of the transcripts' metadata and speaker labels and of the list.
    public init(transcripts: [Transcript], list: [PseudonymEntry],
                personColumns: Set<String> = Pseudonymizer.defaultPersonColumns) {
        self.init(transcripts: transcripts, titled: Parallel.map(transcripts.map(\.text), Self.titledNames(of:)),
                  list: list, personColumns: personColumns)
    }

    /// The titled names of a text with their lines (`titledNames(in:)`).
    static func titledNames(of text: String) -> [TitledName] {
        let names = titledNames(in: text)
        guard !names.isEmpty else { return [] }
        let lines = LineIndex(text)
        return names.map { TitledName(name: $0.0, line: lines.line(atUTF8Offset: $0.1)) }
    }

    /// As `init(transcripts:list:personColumns:)`, with the titled names of each transcript's text
    /// found beforehand (`titled[i]` belongs to `transcripts[i]`; `PseudonymMemo` keeps them).
    init(transcripts: [Transcript], titled: [[TitledName]], list: [PseudonymEntry], personColumns: Set<String>) {
        precondition(titled.count == transcripts.count, "Pseudonymizer: titled names for other transcripts")
        isEnabled = true
        var people: [Candidate] = []
        var peopleByWord: [String: Set<Int>] = [:]
        var others: [Candidate] = []

        func addPerson(_ name: String, origin: String, transcriptID: String?, fixed: String? = nil, fromLabel: Bool = false) {
            let words = NameTokens.words(of: name)
            let hadTitle = words.contains(where: NameTokens.isTitle)
            // Without titles, and without titles of office ("Bürgermeister Erwin Hopperdietzel" in
            // the sheet would make "Bürgermeister" a first name).
            let core = words.filter { !NameTokens.isTitle($0) && !NameTokens.notNames.contains($0) }
            guard !core.isEmpty else { return }
            let sighting = Sighting(kind: .person, words: core, written: nil, fixed: fixed, origin: origin, transcript: transcriptID,
                                    singleIsSurname: hadTitle || !fromLabel)
            // The first person this one can be merged with. Any such person is filed under this
            // one's last word (a shared surname; a one-word label is some person's first name or
            // surname), so only those are tried: a scan over everybody made projects of thousands of
            // interviews quadratic.
            var first: Int? = nil
            for i in peopleByWord[sighting.keys[sighting.keys.count - 1]] ?? [] where (first.map { i < $0 } ?? true) && people[i].canMerge(sighting) {
                first = i
            }
            if let i = first {
                people[i].merge(sighting)
                file(i)
            } else {
                people.append(Candidate(sighting))
                file(people.count - 1)
            }
        }
        /// Files person `i` under its surname and its first word (again after a merge gave it a
        /// longer name; it stays filed under its former words, where `canMerge` decides).
        func file(_ i: Int) {
            peopleByWord[people[i].keys[people[i].keys.count - 1], default: []].insert(i)
            peopleByWord[people[i].keys[0], default: []].insert(i)
        }

        // Interview by interview, so that an interview added after the others (by `learningOrder`)
        // never changes an earlier interview's pseudonyms: its metadata (respondents, then
        // interviewers), its speaker labels, then the people introduced by a title in its text
        // ("die Frau Zapf", "Herr Dr. Walther") though nobody listed them. The titles are found in
        // parallel (a pure scan of each text) and learnt in order.
        // The sort's keys taken out of the transcripts once, not out of two whole transcripts per comparison.
        let keys = transcripts.map { (id: $0.id, path: $0.source.path) }
        let order = transcripts.indices.sorted { Self.learningOrder(keys[$0], keys[$1]) }
        // Speaker labels recur from interview to interview ("I", "B", an interviewer's name).
        var labelIsName: [String: Bool] = [:]
        var labelPeople: [String: [String]] = [:]
        for index in order {
            let transcript = transcripts[index]
            let m = transcript.metadata
            // Respondents before interviewers, so that "Person A" is the first interview's respondent
            // (each column name lower-cased once, not once per test).
            var respondentColumns: [Variable] = [], interviewerColumns: [Variable] = []
            var hasInterviewerColumn = false
            for variable in m.variables {
                let name = variable.name.lowercased()
                let isInterviewer = PersonCells.isInterviewerColumn(name)
                if isInterviewer { hasInterviewerColumn = true }
                guard personColumns.contains(name) else { continue }
                if isInterviewer { interviewerColumns.append(variable) } else { respondentColumns.append(variable) }
            }
            var seen = Set<String>()
            for variable in respondentColumns + interviewerColumns {
                for part in NameTokens.people(inCell: variable.value) {
                    let name = part
                    guard !name.isEmpty, name != "-", seen.insert(variable.name + "\u{1F}" + name).inserted else { continue }
                    addPerson(name, origin: "metadata \(transcript.id) \(variable.name)", transcriptID: transcript.id)
                }
            }
            if let interviewer = m.interviewer, !hasInterviewerColumn {
                addPerson(interviewer, origin: "metadata \(transcript.id) interviewer", transcriptID: transcript.id)
            }
            for speaker in transcript.speakers {
                // The people the label names, read as a person cell: not the organisation beside
                // them ("Meier, Karl (Stadt Naila)", "Stadt Naila | Anna Beck"), but every part
                // that may be a name ("Kunz | Schulz", "Brandl, Eva Maria").
                let people = labelPeople[speaker.label] ?? NameTokens.people(inCell: SpeakerLabelShape.cell(of: speaker.label))
                labelPeople[speaker.label] = people
                for person in people {
                    let isName = labelIsName[person] ?? Self.labelIsName(person)
                    labelIsName[person] = isName
                    guard isName else { continue }
                    addPerson(person, origin: "speaker label in \(transcript.id)", transcriptID: transcript.id, fromLabel: true)
                }
            }
            // Free-text cells of the sheet ("Rückruf über Frau Dörfler") name people after a title too.
            for variable in m.variables where !personColumns.contains(variable.name.lowercased())
                && !ReportInput.structuralColumns.contains(variable.name.lowercased()) && variable.value.contains(where: { $0 == " " }) {
                for (name, _) in Self.titledNames(in: variable.value) {
                    addPerson(name, origin: "\(Self.titleOrigin)\(transcript.id) metadata \(variable.name)", transcriptID: transcript.id)
                }
            }
            for titledName in titled[index] {
                addPerson(titledName.name, origin: "\(Self.titleOrigin)\(transcript.id) line \(titledName.line)", transcriptID: transcript.id)
            }
        }
        // The consultant's list last: a name added to it takes the next letter and moves nobody's.
        for entry in list where entry.kind == .person {
            addPerson(entry.name, origin: entry.origin, transcriptID: nil, fixed: entry.pseudonym)
        }
        for entry in list where entry.kind != .person {
            do {
                let sighting = Sighting(kind: entry.kind, words: NameTokens.words(of: entry.name), written: entry.name, fixed: entry.pseudonym,
                                        origin: entry.origin, transcript: nil, singleIsSurname: true)
                if let i = others.firstIndex(where: { $0.kind == sighting.kind && $0.words == sighting.words }) {
                    others[i].merge(sighting)
                } else {
                    others.append(Candidate(sighting))
                }
            }
        }

        // Pseudonyms: letters in order of first appearance per kind; fixed ones are kept, and an
        // automatic letter that a fixed pseudonym already is gets skipped, so that no two people
        // share one (and pinning a person's current letter in the list moves nobody else's).
        let fixedPseudonyms = Set((people + others).compactMap(\.fixed))
        var counters: [PseudonymKind: Int] = [:]
        // Owners by the variants' keys: "Kießling" and "Kiessling" are one form.
        var variantOwners: [[String]: Set<Int>] = [:]
        var built: [(identity: Identity, variants: [[String]], surname: String, isListed: Bool)] = []
        for candidate in people + others {
            let pseudonym: String
            if let fixed = candidate.fixed {
                pseudonym = fixed
            } else {
                var n = counters[candidate.kind, default: 0]
                func automatic(_ n: Int) -> String { candidate.kind.prefix + " " + Self.letters(n) }
                while fixedPseudonyms.contains(automatic(n)) { n += 1 }
                counters[candidate.kind] = n + 1
                pseudonym = automatic(n)
            }
            let variants = candidate.variants
            for v in variants { variantOwners[v.map(NameTokens.key), default: []].insert(built.count) }
            built.append((Identity(pseudonym: pseudonym, kind: candidate.kind, name: candidate.name,
                                   variants: variants.map { $0.joined(separator: " ") }.sorted(),
                                   origins: candidate.origins.sorted()), variants, candidate.surname, candidate.isListed))
        }
        identities = built.map(\.identity)
        for (index, (identity, variants, surname, isListed)) in built.enumerated() {
            let isPerson = identity.kind == .person
            for v in variants {
                let keys = v.map(NameTokens.key)
                let owners = variantOwners[keys] ?? [index]
                // A form shared by two identities cannot say who is meant: it gets a neutral placeholder.
                let replacement = owners.count > 1 ? (isPerson ? Self.ambiguousPerson : "[\(identity.kind.prefix)]") : identity.pseudonym
                let named = IdentifierName(name: identity.name, replacement: replacement, isListed: isListed)
                if keys.count == 1, v[0].unicodeScalars.count >= 3, wordKeys[keys[0]] == nil { wordKeys[keys[0]] = named }
                // Its words (a hyphen parts them too), for identifiers ("mueller-luedenscheidt"),
                // also written together ("stefanhertel").
                let parts = v.flatMap { NameTokens.letterRuns(of: $0) }.map(NameTokens.key)
                if parts.count >= 2 {
                    if phraseKeys[parts.joined(separator: " ")] == nil { phraseKeys[parts.joined(separator: " ")] = named }
                    maxPhraseWords = max(maxPhraseWords, parts.count)
                    let glued = parts.joined()
                    if glued.utf8.count >= 5, otherKeys[glued] == nil { otherKeys[glued] = named }
                }
                if keys.count == 1, case let loose = NameTokens.looseKey(v[0]), loose != keys[0], loose.utf8.count >= 5, otherKeys[loose] == nil {
                    otherKeys[loose] = named
                }
                guard owners.min() == index else { continue }
                // The name as written and its other spellings ("Kiessling", "KIESSLING"), and words
                // made from it ("Dörflerin", "Wüstenselbitzer").
                var (forms, titledForms) = NameTokens.spellingsAndTitledOnes(of: v)
                if v.count == 1 {
                    // Derived words of every spelling ("Doerflerin"), and in capitals ("DÖRFLERIN").
                    for form in forms where form[0] != form[0].uppercased() {
                        for derived in NameTokens.derivedForms(of: form[0], kind: identity.kind, isSurname: v[0] == surname) {
                            forms += [[derived], [derived.uppercased()]]
                            // They name it in identifiers too ("22-doerflerin.txt"; the spellings
                            // of a word have its key).
                            let key = NameTokens.key(derived)
                            if wordKeys[key] == nil { wordKeys[key] = named }
                        }
                    }
                }
                for form in forms where !(patterns[form[0]]?.contains { $0.words == form } ?? false) {
                    patterns[form[0], default: []].append(Pattern(words: form, replacement: replacement, isPerson: isPerson))
                }
                if !isPerson { titledForms = [] }
                for form in titledForms where !(patterns[form[0]]?.contains { $0.words == form } ?? false) {
                    patterns[form[0], default: []].append(Pattern(words: form, replacement: replacement, isPerson: isPerson, needsTitle: true))
                }
            }
        }
        for key in Array(wordKeys.keys) + Array(otherKeys.keys) where key.utf8.count >= 5 {
            // By bytes, as `identifierWord` compares them.
            keyHeads.insert(String(decoding: key.utf8.prefix(5), as: UTF8.self))
            keyTails.insert(String(decoding: key.utf8.suffix(5), as: UTF8.self))
            longestKey = max(longestKey, key.utf8.count)
        }
        for key in patterns.keys {
            let prefix = NameTokens.prefixKey(key.utf8)
            patternPrefixes[prefix >> 6] |= 1 << UInt64(prefix & 63)
            patterns[key]?.sort { a, b in
                a.words.count != b.words.count ? a.words.count > b.words.count
                    : a.words != b.words ? a.words.lexicographicallyPrecedes(b.words) : !a.needsTitle && b.needsTitle
            }
        }
    }

    /// The order names are learnt in: by interview id, then path (a transcript left out for a
    /// repeated id has the id of another one).
    static func learningOrder(_ a: (id: String, path: String), _ b: (id: String, path: String)) -> Bool {
        a.id != b.id ? a.id < b.id : a.path < b.path
    }

    /// Names after an address title: "Frau Zapf", "Herr Dr. Walther", "Frau Hedwig Schnabel", with
    /// the UTF-8 offset where each starts. Words in `not-names.txt` ("Herr Bürgermeister") are skipped.
    static func titledNames(in text: String) -> [(String, Int)] {
        let utf8 = Array(text.utf8)
        let words = utf8.withUnsafeBufferPointer { NameTokens.scan($0) }
        func word(_ i: Int) -> String { String(decoding: utf8[words[i]], as: UTF8.self) }
        /// Spaces, a tab or a no-break space between two words of a name.
        func joined(_ a: Int, _ b: Int) -> Bool { NameTokens.isSpaceGap(utf8[words[a].upperBound..<words[b].lowerBound]) }
        /// A title and the name after it (`NameTokens.titleGap`); after a line break only a word
        /// that is no common word ("Herr⏎Kowalski", not "meine Frau⏎Gestern").
        func titleJoined(_ a: Int, _ b: Int) -> Bool {
            switch NameTokens.titleGap(utf8[words[a].upperBound..<words[b].lowerBound], after: word(a)) {
            case .spaces: true
            case .lineBreak: !NameTokens.isCommonWord(word(b))
            case nil: false
            }
        }
        func isCapitalisedName(_ w: String) -> Bool {
            // "Zapf", and double names whose parts are capitalised too ("Müller-Lüdenscheidt"), but
            // no part a title of office ("Frau Bürgermeister-Stellvertreterin").
            let parts = w.split(separator: "-", omittingEmptySubsequences: false)
            guard let first = w.unicodeScalars.first, first.properties.isUppercase, w.unicodeScalars.count >= 2,
                  parts.allSatisfy({ part in part.unicodeScalars.dropFirst().allSatisfy { $0.properties.isLowercase } }) else { return false }
            return !NameTokens.isTitle(w) && !NameTokens.notNames.contains(w)
                && (parts.count == 1 || !parts.contains { NameTokens.notNames.contains(String($0)) || NameTokens.isTitle($0) })
        }
        var out: [(String, Int)] = []
        var seen = Set<String>()
        var i = 0
        while i < words.count {
            // Every address title starts with F, H, D or P: most words are skipped without making a string.
            let initial = utf8[words[i].lowerBound]
            guard initial == 0x46 || initial == 0x48 || initial == 0x44 || initial == 0x50,
                  NameTokens.addressTitles.contains(word(i)) else { i += 1; continue }
            var j = i
            // Titles and titles of office before the name: "Frau Bürgermeisterin Zapf", "Herr Dr. med. Hertel".
            while j + 1 < words.count, NameTokens.isTitle(word(j + 1)) || NameTokens.notNames.contains(word(j + 1)), titleJoined(j, j + 1) { j += 1 }
            var name: [String] = []
            var k = j + 1
            var nameStart = words.indices.contains(k) ? words[k].lowerBound : 0
            while k < words.count, name.count < 2, k == j + 1 ? titleJoined(k - 1, k) : joined(k - 1, k) {
                // A name hyphenated across a line break is its two words joined ("Frau Kieß-\nling");
                // a capitalised word after the break starts something else ("Frau Zapf-⏎Die
                // Verwaltung", a word broken off).
                var w = word(k)
                var after = k + 1
                if after < words.count, NameTokens.isLineBreakHyphen(utf8[words[k].upperBound..<words[after].lowerBound]),
                   case let next = word(after), next.unicodeScalars.first?.properties.isLowercase == true {
                    // "Hof-⏎mann" is Hofmann, "Land-⏎rat" an office (no name: nothing is learnt,
                    // not "Land"). After a function word ("Zapfel-⏎und der Herr", a word broken off)
                    // the part before the break is learnt as well.
                    if NameTokens.isStopWord(next), isCapitalisedName(w), seen.insert(w).inserted { out.append((w, words[k].lowerBound)) }
                    w += next
                    after += 1
                }
                guard isCapitalisedName(w) else {
                    // An office broken at a line's end is a title too ("Herr Alt-⏎bürgermeister Purucker").
                    if name.isEmpty, after > k + 1, NameTokens.notNames.contains(w) {
                        k = after
                        if k < words.count { nameStart = words[k].lowerBound }
                        continue
                    }
                    break
                }
                name.append(w)
                k = after
            }
            if name.count == 2, NameTokens.isGenitive(name[0], before: name[1]) {
                // "Herr Hertels Vorschlag": a surname in the genitive before a noun, not a first name
                // and a surname (which made a person of "Vorschlag" and replaced it everywhere).
                name = [String(name[0].dropLast())]
            } else if name.count == 2, k < words.count, joined(k - 1, k), isCapitalisedName(word(k)) {
                // "Frau Hedwig Schnabel" and "Herr Meier Bescheid" look alike: a third capitalised word in a
                // row means the second is probably a noun, so only the first is kept then; but in
                // "Frau Anna Meiers Idee" the second is the surname in the genitive.
                if NameTokens.isGenitive(name[1], before: word(k)) { name[1].removeLast() } else { name.removeLast() }
            }
            if !name.isEmpty, seen.insert(name.joined(separator: " ")).inserted {
                out.append((name.joined(separator: " "), nameStart))
            }
            i = max(k, i + 1)
        }
        return out
    }

    /// "A", ..., "Z", "AA", "AB", ...
    static func letters(_ n: Int) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        var n = n
        var out = ""
        repeat {
            out = String(alphabet[n % 26]) + out
            n = n / 26 - 1
        } while n >= 0
        return out
    }

    /// Words of labels that are roles, not names, besides the conventions ingestion reads a role
    /// from (`SpeakerLabelConventions`, which `labelIsName` asks first).
    static let roleLabels: Set<String> = [
        "sprecher", "sprecherin", "speaker", "person", "gast", "unbekannt", "unknown", "alle", "mehrere", "publikum",
        "interviewee", "iv",
    ]

    /// Whether a word of a label is a role: a convention (`Int.`, `Expertin`, `B2`) or one of `roleLabels`.
    static func isRoleWord(_ word: String) -> Bool {
        roleLabels.contains(word.lowercased()) || SpeakerLabelConventions.role(forLabel: word) != nil
    }

    /// Whether a speaker label is a person's name ("Jonas Gebhardt", "Lena"), not a role ("I", "B1", "Moderation").
    static func labelIsName(_ label: String) -> Bool {
        let words = NameTokens.words(of: label)
        guard !words.isEmpty, words.count <= 5 else { return false }
        if label.unicodeScalars.contains(where: { $0.properties.numericType != nil }) { return false }
        // Word by word, not the label whole: "Interviewerin Roth" is a role for ingestion (by its
        // first word) and names Roth here.
        if words.allSatisfy(isRoleWord) { return false }
        // Names are capitalised words ("Lena", "Anna Roth", "Frau Kessler").
        return words.allSatisfy { w in w.unicodeScalars.first.map { $0.properties.isUppercase } ?? false }
            && words.contains { w in w.unicodeScalars.dropFirst().contains { $0.properties.isLowercase } }
    }

    /// The text with every known name replaced, and the map from original to new offsets.
    ///
    /// Text and names are expected in NFC, as the pipeline gives them: words are skipped by their
    /// first bytes, so a name written in another normal form than the text can be missed.
    public func redact(_ text: String) -> RedactedText {
        guard isEnabled, !patterns.isEmpty else { return RedactedText(identity: text) }
        let utf8 = Array(text.utf8)
        let words = utf8.withUnsafeBufferPointer { NameTokens.scan($0) }
        func word(_ i: Int) -> String { String(decoding: utf8[words[i]], as: UTF8.self) }
        func gapIsSpace(_ a: Int, _ b: Int, allowDot: Bool, allowQuote: Bool = false) -> Bool {
            // Between two words of a name only spaces, a hyphen, a no-break space (and the dot of
            // "Dr.") may stand; in a listed club's, place's or organisation's name also one
            // quotation mark or apostrophe with spaces ("Trachtenverein „D'Waldler“", "Landgasthof
            // „Zur Linde“": such a name as texts quote it). Not in a person's ("Maria „Hof ist
            // weit“" is Maria, then a quotation).
            let gap = utf8[words[a].upperBound..<words[b].lowerBound]
            guard !gap.isEmpty else { return false }
            if gap.count <= 3, gap.allSatisfy({ $0 == 32 || $0 == 45 || (allowDot && $0 == 46) || $0 == 0xC2 || $0 == 0xA0 }) { return true }
            return allowQuote && quoteInGap(gap) != nil
        }
        /// Whether a gap holds a quotation mark that opens a quotation, not an apostrophe (' ’),
        /// which closes none: the name's end then takes the closing mark ("Verein A", not "Verein A“").
        func opensQuote(_ gap: ArraySlice<UInt8>) -> Bool {
            guard let mark = quoteInGap(gap) else { return false }
            let apostrophe = utf8[mark] == 0x27 || (mark + 2 < utf8.count && utf8[mark] == 0xE2 && utf8[mark + 1] == 0x80 && utf8[mark + 2] == 0x99)
            return !apostrophe
        }
        /// Whether a gap is spaces and one quotation mark or apostrophe: the mark's offset, else nil.
        func quoteInGap(_ gap: ArraySlice<UInt8>) -> Int? {
            guard gap.count <= 8 else { return nil }
            return utf8.withUnsafeBufferPointer { b -> Int? in
                var k = gap.startIndex, mark: Int? = nil
                while k < gap.endIndex {
                    if b[k] == 32 { k += 1; continue }
                    if case let width = Blanks.noBreakSpaceLength(b, at: k, end: gap.endIndex), width > 0 { k += width; continue }
                    guard mark == nil, let width = SpeakerLabelShape.quote(b, at: k, to: gap.endIndex) else { return nil }
                    mark = k
                    k += width
                }
                return mark
            }
        }
        var cuts: [RedactedText.Cut] = []
        var i = 0
        var made = [String?](repeating: nil, count: words.count)
        func wordText(_ i: Int) -> String {
            if let s = made[i] { return s }
            let s = word(i)
            made[i] = s
            return s
        }
        /// Whether word `k` is a title right before word `k + 1` (`NameTokens.titleGap`).
        func isTitle(before k: Int) -> Bool {
            let title = wordText(k)
            return NameTokens.isTitle(title) && NameTokens.titleGap(utf8[words[k].upperBound..<words[k + 1].lowerBound], after: title) != nil
        }
        /// The single-word patterns a word may be on its own: inside a hyphenated word or joined
        /// across a line break, never one that needs a title.
        func single(_ word: String) -> Pattern? {
            patterns[word]?.first { $0.words.count == 1 && !$0.needsTitle }
        }
        /// The parts of a hyphenated word from UTF-8 offset `offset` that are names on their own
        /// ("Hertel-Plan", "Ströbel-Nachbarin").
        func partCuts(_ w: Substring, at offset: Int) -> [RedactedText.Cut] {
            var offset = offset
            var out: [RedactedText.Cut] = []
            for part in w.split(separator: "-", omittingEmptySubsequences: false) {
                let partRange = offset..<offset + part.utf8.count
                if let p = single(String(part)) { out.append(RedactedText.Cut(original: partRange, replacement: p.replacement)) }
                offset = partRange.upperBound + 1
            }
            return out
        }
        func append(_ new: [RedactedText.Cut]) {
            for cut in new where cuts.last.map({ $0.original.upperBound <= cut.original.lowerBound }) ?? true { cuts.append(cut) }
        }
        /// A name hyphenated across a line break that starts in word `i` ("Hopper-⏎dietzel", and
        /// "Hopper- dietzel" as a subtitle's cue reads, `NameTokens.isSpacedHyphen`; also
        /// in a compound, "Hopper-⏎dietzel-Stiftung", "Kießling-Hopper-⏎dietzel", in capitals, and a
        /// double name parted at its hyphen, "Müller-⏎Lüdenscheidt"): the cuts (the name, and other
        /// names among the compound's parts) and how many words they take; nil when the word after
        /// the break is a speaker's label ("Frau Zapf-⏎B: Ja") or the two make no known name.
        func lineBreakName(at i: Int) -> ([RedactedText.Cut], Int)? {
            guard i + 1 < words.count else { return nil }
            let gap = utf8[words[i].upperBound..<words[i + 1].lowerBound]
            guard NameTokens.isInvisibleBreak(gap)
                || (NameTokens.isLineBreakHyphen(gap) && !NameTokens.opensWithLabel(utf8, at: words[i + 1].lowerBound))
                || NameTokens.isSpacedHyphen(gap, before: utf8[words[i + 1]]) else { return nil }
            let w = wordText(i), next = wordText(i + 1)
            // The last part of the word before the break and the first part after it.
            let tail = w.split(separator: "-", omittingEmptySubsequences: false).last ?? w[...]
            let head = next.split(separator: "-", omittingEmptySubsequences: false).first ?? next[...]
            let tailStart = words[i].upperBound - tail.utf8.count
            var found: (Pattern, genitive: Bool)?
            for joined in [String(tail + head), String(tail + "-" + head)] {
                if let p = single(joined) { found = (p, false); break }
                if joined.hasSuffix("s") || joined.hasSuffix("S"), joined.unicodeScalars.count > 2,
                   let p = patterns[String(joined.dropLast())]?.first(where: { $0.words.count == 1 && $0.isPerson && !$0.needsTitle }),
                   Self.isGenitive(joined, of: p.words[0]) {
                    found = (p, true)
                    break
                }
            }
            guard let (p, genitive) = found else { return nil }
            var start = tailStart
            var out: [RedactedText.Cut] = []
            if tail.utf8.count < w.utf8.count {
                out += partCuts(Substring(w.utf8.prefix(w.utf8.count - tail.utf8.count - 1)), at: words[i].lowerBound)
            } else if p.isPerson {
                // Titles go with the name, as for a name on one line.
                var first = i
                while first > 0, isTitle(before: first - 1) { first -= 1 }
                start = words[first].lowerBound
            }
            let end = words[i + 1].lowerBound + head.utf8.count
            out.append(RedactedText.Cut(original: start..<end, replacement: genitive ? p.replacement + "’s" : p.replacement))
            if head.utf8.count < next.utf8.count { out += partCuts(Substring(next.utf8.dropFirst(head.utf8.count + 1)), at: end + 1) }
            return (out, 2)
        }
        while i < words.count {
            let bytes = utf8[words[i]]
            // A genitive form "Hertels" (three scalars or more) has the same two first bytes as "Hertel".
            let prefix = NameTokens.prefixKey(bytes)
            if patternPrefixes[prefix >> 6] & (1 << UInt64(prefix & 63)) == 0, !bytes.contains(UInt8(ascii: "-")) {
                i += 1
                continue
            }
            // A name hyphenated across a line break is longer than its first line's part, which may
            // be a name too ("Müller-⏎Lüdenscheidt"; "Zwer-⏎gel" where a "Zwer-Anger" is known).
            if let (found, consumed) = lineBreakName(at: i) {
                append(found)
                i += consumed
                continue
            }
            let w = wordText(i)
            var candidates = patterns[w] ?? []
            if w.hasSuffix("s") || w.hasSuffix("S"), w.unicodeScalars.count > 2, let g = patterns[String(w.dropLast())] {
                candidates += g.filter { $0.words.count == 1 && $0.isPerson }
            }
            var matched: (length: Int, replacement: String, genitive: Bool, isPerson: Bool)?
            for p in candidates {
                let n = p.words.count
                guard i + n <= words.count else { continue }
                if p.needsTitle, !(i > 0 && isTitle(before: i - 1)) { continue }
                var ok = true
                var genitive = false
                for k in 0..<n {
                    let t = wordText(i + k)
                    if k > 0, !gapIsSpace(i + k - 1, i + k, allowDot: false, allowQuote: !p.isPerson) { ok = false; break }
                    if t == p.words[k] { continue }
                    if k == n - 1, p.isPerson, Self.isGenitive(t, of: p.words[k]) {
                        genitive = true
                        continue
                    }
                    ok = false
                    break
                }
                if ok { matched = (n, p.replacement, genitive, p.isPerson); break }
            }
            guard let m = matched else {
                // A name inside a hyphenated word ("Hertel-Plan", "Ströbel-Nachbarin") is replaced on its own.
                if w.utf8.contains(UInt8(ascii: "-")) { append(partCuts(w[...], at: words[i].lowerBound)) }
                i += 1
                continue
            }
            var first = i
            if m.isPerson {
                // Titles before a person's name go with it: "Herr Dr. Hertel" -> "Person A".
                while first > 0, isTitle(before: first - 1) { first -= 1 }
            }
            let start = words[first].lowerBound
            var end = words[i + m.length - 1].upperBound
            // A mark opened inside the name closes with it: "Verein A", not "Verein A“".
            if m.length > 1, (i + 1..<i + m.length).contains(where: { opensQuote(utf8[words[$0 - 1].upperBound..<words[$0].lowerBound]) }),
               let width = utf8.withUnsafeBufferPointer({ SpeakerLabelShape.quote($0, at: end, to: $0.count) }) {
                end += width
            }
            let replacement = m.genitive ? m.replacement + "’s" : m.replacement
            if let last = cuts.last, last.original.upperBound > start { i += m.length; continue }
            cuts.append(RedactedText.Cut(original: start..<end, replacement: replacement))
            i += m.length
        }
        // One person's words that the text holds apart but each name ("Maria Lüdenscheidt" of a
        // Maria Müller-Lüdenscheidt, "Erwin Hopper-⏎dietzel"): one pseudonym, not "Person E Person E".
        var merged: [RedactedText.Cut] = []
        merged.reserveCapacity(cuts.count)
        for cut in cuts {
            if let last = merged.last, last.replacement == cut.replacement, !cut.replacement.hasPrefix("["),
               case let gap = utf8[last.original.upperBound..<cut.original.lowerBound], !gap.isEmpty, gap.count <= 2,
               gap.allSatisfy({ $0 == 32 }) {
                merged[merged.count - 1].original = last.original.lowerBound..<cut.original.upperBound
            } else {
                merged.append(cut)
            }
        }
        return RedactedText(original: text, cuts: merged)
    }

    /// Whether `word` is `name` in the genitive: "Hertels" of "Hertel", "HERTELS" of "HERTEL"; names
    /// ending in s or z take an apostrophe, which is not part of a word.
    static func isGenitive(_ word: String, of name: String) -> Bool {
        guard word.utf8.count == name.utf8.count + 1, let s = word.utf8.last, s == 0x73 || s == 0x53, word.hasPrefix(name),
              let last = name.utf8.last, last | 0x20 != 0x73, last | 0x20 != 0x7A else { return false }
        // A capital S only after a name in capitals.
        return s == 0x73 || name == name.uppercased()
    }

    /// The names this pseudonymiser replaces in text that occur in an identifier, an interview id
    /// or a file name ("interview-hertel.docx", "I07_KIESSLING"), as `replacingNames(inIdentifier:ownNames:)`
    /// finds them, sorted.
    public func names(inIdentifier identifier: String, notNames: Set<String> = []) -> [String] {
        Set(identifierMatches(identifier, notNames: notNames).matches.map(\.name)).sorted()
    }

    /// The identifier with the names in it replaced by their pseudonyms, for the shared reports:
    /// "I07-Hertel" → "I07-Person A", "interview_kiessling.docx" → "interview_Person C.docx",
    /// "InterviewWeiss" → "InterviewPerson D", "hans-peter-wunderlich.txt" → "Person E.txt".
    /// Words are compared by `NameTokens.key` (case, umlauts and ß do not matter, also dropped:
    /// `otherKeys`; NFD is read as NFC; invisible characters are left out), camel case is split; a
    /// name of several words (a first and a surname, "Müller-Lüdenscheidt", "Heimat- und
    /// Burgverein") matches as its words with at most two of " -_." between them or written
    /// together, and so do the words made from a name ("Dörflerin"), a genitive ("hertels") and a
    /// name at the start or end of a longer word (`identifierWord`). Words of one person next to
    /// each other become one pseudonym. Words whose `NameTokens.key` is in `notNames` (the
    /// interview's municipality: "I19-Berg" of an interview in Berg, though a Herr Berg is named
    /// somewhere; not a name the consultant listed) and months and weekdays between numbers
    /// ("2026-jan-05") are never names; a common word that is also a known name is replaced
    /// ("q-lang-fassung" when a Frau Lang is named): a name left in a shared report is worse than a
    /// word taken for one. Unchanged without names, and when not pseudonymising.
    public func replacingNames(inIdentifier identifier: String, notNames: Set<String> = []) -> String {
        let (text, matches) = identifierMatches(identifier, notNames: notNames)
        guard !matches.isEmpty else { return identifier }
        var out = ""
        var position = text.startIndex
        var last: String? = nil
        for match in matches {
            let gap = text[position..<match.range.lowerBound]
            // A gap of separators only since the same person's last word: one pseudonym.
            if let previous = last, previous == match.replacement, gap.unicodeScalars.allSatisfy({ !NameTokens.isWordScalar($0) }) {
                position = match.range.upperBound
                continue
            }
            out += gap
            // A pseudonym is one path component ("Herr/Frau Z" would add a folder).
            out += match.replacement.replacingOccurrences(of: "/", with: "-")
            last = match.replacement
            position = match.range.upperBound
        }
        out += text[position...]
        return out
    }

    /// The names in an identifier (in NFC), in order, each with its range and replacement.
    /// Scalar by scalar, not by `Character`: a run renames every interview's id and path.
    private func identifierMatches(_ identifier: String, notNames: Set<String>)
        -> (text: String, matches: [(range: Range<String.Index>, name: String, replacement: String)]) {
        guard isEnabled, !wordKeys.isEmpty else { return (identifier, []) }
        let isASCII = identifier.utf8.allSatisfy { $0 < 0x80 }
        var text = isASCII ? identifier : identifier.precomposedStringWithCanonicalMapping
        // Invisible characters (a soft hyphen, a zero-width space) cannot hide a name: they are
        // left out (of a renamed identifier; one without names stays as it is).
        if !isASCII, text.unicodeScalars.contains(where: { $0.properties.generalCategory == .format }) {
            text = String(String.UnicodeScalarView(text.unicodeScalars.filter { $0.properties.generalCategory != .format }))
        }
        let scalars = text.unicodeScalars
        let words = identifierWords(scalars)
        let keys = words.map { NameTokens.key(String(scalars[$0])) }
        var matches: [(range: Range<String.Index>, name: String, replacement: String)] = []
        func separator(_ s: Unicode.Scalar) -> Bool { s == " " || s == "-" || s == "_" || s == "." }
        /// Whether word `k` follows word `k - 1` with at most two of " -_." between them
        /// ("hans-peter"; "2026-jan-05-ott" is no "Jan Ott").
        func adjacent(_ k: Int) -> Bool {
            var n = 0
            for s in scalars[words[k - 1].upperBound..<words[k].lowerBound] {
                n += 1
                guard n <= 2, separator(s) else { return false }
            }
            return true
        }
        /// Whether digits stand right before and after a word, or one of " -_." away: a date
        /// ("2026-jan-05", "05jan2026"), where "I08-jan" is Jan's interview.
        func betweenDigits(_ word: Range<String.Index>) -> Bool {
            func digit(_ s: Unicode.Scalar) -> Bool { s.value >= 0x30 && s.value <= 0x39 }
            guard word.lowerBound > scalars.startIndex, word.upperBound < scalars.endIndex else { return false }
            var before = scalars.index(before: word.lowerBound)
            if separator(scalars[before]), before > scalars.startIndex { before = scalars.index(before: before) }
            var after = word.upperBound
            if separator(scalars[after]), scalars.index(after: after) < scalars.endIndex { after = scalars.index(after: after) }
            return digit(scalars[before]) && digit(scalars[after])
        }
        var i = 0
        while i < words.count {
            // The longest name of several words first ("hans-peter-wunderlich").
            var length = min(maxPhraseWords, words.count - i)
            var found = false
            while length >= 2 {
                defer { length -= 1 }
                guard (i + 1..<i + length).allSatisfy(adjacent) else { continue }
                let key = keys[i..<(i + length)].joined(separator: " ")
                // Also one name parted by a separator ("01-hopper-dietzel.txt" of a Hopperdietzel).
                let glued = length == 2 && keys[i].utf8.count >= 3 && keys[i + 1].utf8.count >= 3 ? keys[i] + keys[i + 1] : ""
                if let name = phraseKeys[key] ?? (glued.isEmpty ? nil : wordKeys[glued]),
                   name.isListed || !notNames.contains(key) && !notNames.contains(glued) {
                    matches.append((words[i].lowerBound..<words[i + length - 1].upperBound, name.name, name.replacement))
                    i += length
                    found = true
                    break
                }
            }
            if found { continue }
            // A month or weekday between numbers is a date ("2026-jan-05"), not Jan.
            let word = String(scalars[words[i]])
            let isDate = Self.dateWords.contains(word.lowercased()) && betweenDigits(words[i])
            if !isDate {
                for (name, part) in identifierWord(word, key: keys[i], notNames: notNames) {
                    let start = scalars.index(words[i].lowerBound, offsetBy: part.lowerBound)
                    let end = scalars.index(words[i].lowerBound, offsetBy: part.upperBound)
                    matches.append((start..<end, name.name, name.replacement))
                }
            }
            i += 1
        }
        return (text, matches)
    }

    /// The names in a word of an identifier, with the scalars of the word each covers, in order:
    /// the word by its key; as a name of several words written together, or without its umlauts
    /// (`otherKeys`); as a genitive ("hertels", not a common word such as "bus" of a name "Bu");
    /// or, for a word of six letters or more, names of five or more at its end, its start or inside
    /// it ("interviewhertel", "SHopperdietzel", "HERTELStefan", "interviewhertelfinal",
    /// "Kießlinginterview").
    private func identifierWord(_ word: String, key: String, notNames: Set<String>) -> [(IdentifierName, Range<Int>)] {
        let whole = 0..<word.unicodeScalars.count
        func allowed(_ name: IdentifierName, _ key: String) -> Bool { name.isListed || !notNames.contains(key) }
        guard key.utf8.count >= 3 else { return [] }
        if let name = wordKeys[key], allowed(name, key) { return [(name, whole)] }
        if key.utf8.count >= 5, let name = otherKeys[key] ?? otherKeys[NameTokens.looseKey(word)], allowed(name, key) { return [(name, whole)] }
        if key.utf8.count >= 5, key.hasSuffix("s"), let name = wordKeys[String(key.dropLast())], !NameTokens.isCommonWord(word) {
            return allowed(name, String(key.dropLast())) ? [(name, whole)] : []
        }
        // Names at the start or end of a longer word, or inside it: searched in the word's key
        // (lower-cased, umlauts and ß written out: "Kießlinginterview" is "kiesslinginterview"),
        // from and to the places where one of the word's scalars starts; not in a word of the
        // interview's municipality ("lichtenberg").
        guard !notNames.contains(key) else { return [] }
        var letters: [UInt8] = []
        /// The scalar of the word that starts at each byte of `letters` (and its end), else -1.
        var scalarAt: [Int] = []
        if word.utf8.allSatisfy({ $0 < 0x80 }) {
            letters = word.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
            scalarAt = Array(0...letters.count)
        } else {
            for (index, scalar) in word.unicodeScalars.enumerated() {
                let part = scalar.value < 0x80 ? [UInt8(scalar.value >= 0x41 && scalar.value <= 0x5A ? scalar.value | 0x20 : scalar.value)]
                    : Array(NameTokens.key(String(scalar)).utf8)
                scalarAt.append(index)
                scalarAt += repeatElement(-1, count: max(0, part.count - 1))
                letters += part
            }
            scalarAt.append(word.unicodeScalars.count)
        }
        // At most 256 letters: no file name's word is longer, and the search below recurses once
        // per name found (a metadata cell may hold a word of any length).
        guard (6...256).contains(letters.count) else { return [] }
        func lookup(_ range: Range<Int>) -> IdentifierName? {
            guard scalarAt[range.lowerBound] >= 0, scalarAt[range.upperBound] >= 0 else { return nil }
            let part = String(decoding: letters[range], as: UTF8.self)
            guard let name = wordKeys[part] ?? otherKeys[part], allowed(name, part) else { return nil }
            return name
        }
        func five(_ start: Int) -> String { String(decoding: letters[start..<(start + 5)], as: UTF8.self) }
        /// The word's own letters of a range of `letters` ("gärtner", not "gaertner", which the
        /// list of common words does not hold).
        func original(_ range: Range<Int>) -> String {
            String(String.UnicodeScalarView(word.unicodeScalars.dropFirst(scalarAt[range.lowerBound]).prefix(scalarAt[range.upperBound] - scalarAt[range.lowerBound])))
        }
        /// The names in `range`: the longest at its end ("stefanhertel" is Stefan Hertel, not
        /// Hertel), else the longest at its start, else the first inside it ("interviewhertelfinal"),
        /// and then those in the rest.
        func names(in range: Range<Int>) -> [(IdentifierName, Range<Int>)] {
            guard range.count >= 5 else { return [] }
            if keyTails.contains(five(range.upperBound - 5)) {
                for start in max(range.lowerBound, range.upperBound - longestKey)...(range.upperBound - 5) {
                    if let name = lookup(start..<range.upperBound) { return names(in: range.lowerBound..<start) + [(name, start..<range.upperBound)] }
                }
            }
            /// The longest name from `start`; inside a word (`inside`) only one of six letters or more
            /// that is no common word: "Oberfranken" holds a "Frank", "Sommergespräche" an "Ernst".
            func longestFrom(_ start: Int, inside: Bool) -> (IdentifierName, Int)? {
                guard keyHeads.contains(five(start)) else { return nil }
                for end in stride(from: min(range.upperBound - 1, start + longestKey), through: start + (inside ? 6 : 5), by: -1) {
                    if let name = lookup(start..<end), !inside || !NameTokens.isCommonWord(original(start..<end)) {
                        return (name, end)
                    }
                }
                return nil
            }
            if let (name, end) = longestFrom(range.lowerBound, inside: false) {
                return [(name, range.lowerBound..<end)] + names(in: end..<range.upperBound)
            }
            // Inside: no name starts further left (every start was tried with every end), so only
            // the rest is searched further.
            var start = range.lowerBound + 1
            while start + 6 < range.upperBound {
                if let (name, end) = longestFrom(start, inside: true) { return [(name, start..<end)] + names(in: end..<range.upperBound) }
                start += 1
            }
            return []
        }
        return names(in: 0..<letters.count).map { name, range in (name, scalarAt[range.lowerBound]..<scalarAt[range.upperBound]) }
    }

    /// An identifier's words: runs of letters, a run split where a capital follows a small letter
    /// ("InterviewWeiss"), unless the run whole is a name ("McLean").
    private func identifierWords(_ scalars: String.UnicodeScalarView) -> [Range<String.Index>] {
        var words: [Range<String.Index>] = []
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let isWord = NameTokens.isWordScalar(scalars[index])
            var end = scalars.index(after: index)
            while end < scalars.endIndex, NameTokens.isWordScalar(scalars[end]) == isWord { end = scalars.index(after: end) }
            defer { index = end }
            guard isWord else { continue }
            var parts: [Range<String.Index>] = []
            var start = index
            var previousIsLower = false
            var i = index
            while i < end {
                let s = scalars[i]
                // ASCII without the Unicode property lookup (most file names).
                let isUpper = s.value < 0x80 ? (0x41...0x5A).contains(s.value) : s.properties.isUppercase
                if previousIsLower, isUpper {
                    parts.append(start..<i)
                    start = i
                }
                // "ß" has no capital in most texts: "KIEßLING" is one word, not "KIE" and "ßLING".
                if s != "ß" { previousIsLower = s.value < 0x80 ? (0x61...0x7A).contains(s.value) : s.properties.isLowercase }
                i = scalars.index(after: i)
            }
            parts.append(start..<end)
            if parts.count > 1, wordKeys[NameTokens.key(String(scalars[index..<end]))] != nil {
                words.append(index..<end)
            } else {
                words += parts
            }
        }
        return words
    }

    /// Months and weekdays as file names abbreviate them ("2026-jan-05"): no names there.
    static let dateWords: Set<String> = [
        "jan", "feb", "mar", "mär", "apr", "mai", "may", "jun", "jul", "aug", "sep", "sept", "okt", "oct", "nov", "dez", "dec",
        "mo", "di", "mi", "do", "fr", "sa", "so", "mon", "tue", "wed", "thu", "fri", "sat", "sun",
    ]

    /// The string with every known name replaced (speaker labels, metadata values).
    public func replace(_ text: String) -> String {
        isEnabled ? redact(text).text : text
    }

    /// A speaker label with its names replaced. Teams writes a person "Surname, First name"
    /// ("Zapf, Helga (Stadt Naila)"), whose two halves both become the person's pseudonym: the
    /// second is dropped, "Person A (Stadt Naila)" (found in a user review, fifth stop of
    /// 2026-11-29: "Person A, Person A" in every report's speaker column).
    public func replaceLabel(_ label: String) -> String {
        let replaced = replace(label)
        guard isEnabled, let comma = replaced.range(of: ", ") else { return replaced }
        let first = replaced[..<comma.lowerBound], rest = replaced[comma.upperBound...]
        guard rest.hasPrefix(first), rest.count == first.count || rest.dropFirst(first.count).first == " ",
              identities.contains(where: { $0.pseudonym == first }) else { return replaced }
        return String(first) + rest.dropFirst(first.count)
    }
}

/// One occurrence of a name while the pseudonymiser learns names: merged into the `Candidate` it
/// names, or the start of a new one. (Merging it as a `Candidate` made two sets per occurrence,
/// and most occurrences are merged: an interviewer's name is found in every interview they led.)
private struct Sighting {
    var kind: PseudonymKind
    /// Name words without titles.
    var words: [String]
    /// The name as the list writes it (other kinds than persons); nil: the words joined.
    var written: String?
    var fixed: String?
    var origin: String
    var transcript: String?
    /// For one-word names: whether the word is a surname (written with a title, or from the list or sheet).
    var singleIsSurname: Bool

    /// `NameTokens.key` of each word (people are merged by these).
    var keys: [String]

    init(kind: PseudonymKind, words: [String], written: String?, fixed: String?, origin: String, transcript: String?, singleIsSurname: Bool) {
        self.kind = kind
        self.words = words
        self.written = written
        self.fixed = fixed
        self.origin = origin
        self.transcript = transcript
        self.singleIsSurname = singleIsSurname
        keys = words.map(NameTokens.key)
    }

    var surname: String { words[words.count - 1] }
    var name: String { written ?? words.joined(separator: " ") }
}

/// A name candidate while the pseudonymiser learns names.
private struct Candidate {
    var kind: PseudonymKind
    /// Name words without titles.
    var words: [String]
    /// `NameTokens.key` of each word.
    var keys: [String]
    var name: String
    var fixed: String?
    /// Where the name was found (a set: an interviewer's name is found in every interview they led).
    var origins: Set<String>
    var transcripts: Set<String>
    /// For one-word names: whether the word is a surname (written with a title, or from the list or sheet).
    var singleIsSurname: Bool
    /// Whether the consultant's list names it (a sighting of no transcript).
    var isListed: Bool

    init(_ sighting: Sighting) {
        kind = sighting.kind
        words = sighting.words
        keys = sighting.keys
        name = sighting.name
        fixed = sighting.fixed
        origins = [sighting.origin]
        transcripts = sighting.transcript.map { [$0] } ?? []
        singleIsSurname = sighting.singleIsSurname
        isListed = sighting.transcript == nil
    }

    /// Whether the person is known only from titles in texts ("Frau Zapf-Nachfolgerin" may be no
    /// double name): a double surname's parts stand for it alone only when the sheet, a label or
    /// the list names it.
    var onlyTitled: Bool { origins.allSatisfy { $0.hasPrefix(Pseudonymizer.titleOrigin) } }

    var surname: String { words[words.count - 1] }

    /// Whether `other` names the same person (compared by `NameTokens.key`, so "Kiessling" is
    /// "Kießling"): same full name; the same surname with no conflicting first name; or a one-word
    /// speaker label that is this person's first or last name in the same interview.
    func canMerge(_ other: Sighting) -> Bool {
        guard kind == .person, other.kind == .person else { return false }
        if keys == other.keys { return true }
        if other.keys.count == 1, !other.singleIsSurname {
            return other.transcript.map { transcripts.contains($0) } == true
                && ((keys.count >= 2 && keys[0] == other.keys[0]) || keys[keys.count - 1] == other.keys[0])
        }
        if keys.count >= 2, other.keys.count >= 2 { return false }
        // One side is a bare surname ("Frau Dörfler", "Hertel").
        return keys[keys.count - 1] == other.keys[other.keys.count - 1] && (other.fixed == nil || fixed == nil || other.fixed == fixed)
    }

    mutating func merge(_ other: Sighting) {
        if other.words.count > words.count {
            words = other.words
            keys = other.keys
            name = other.name
        }
        fixed = fixed ?? other.fixed
        origins.insert(other.origin)
        if let transcript = other.transcript { transcripts.insert(transcript) } else { isListed = true }
    }

    /// The word sequences that stand for this identity in text.
    var variants: [[String]] {
        guard kind == .person else { return [words] }
        var out: [[String]] = [words]
        if words.count >= 2 {
            out.append([surname])
            out.append([words[0]])
            if words.count > 2 { out.append([words[0], surname]) }
        }
        // Each part of a double surname alone ("die Lüdenscheidt" of Maria Müller-Lüdenscheidt),
        // unless it is a common word ("Müller", "Lang": too many people and words are one).
        let parts = surname.split(separator: "-").map(String.init)
            .filter { $0.unicodeScalars.count >= 2 && !NameTokens.isCommonWord($0) && !NameTokens.notNames.contains($0) }
        if surname.contains("-"), !onlyTitled, words.count >= 2 || singleIsSurname { out += parts.map { [$0] } }
        var seen = Set<[String]>()
        return out.filter { seen.insert($0).inserted }
    }
}

/// A text after pseudonymisation, with the map from original UTF-8 offsets to new ones.
public struct RedactedText: Sendable {
    /// One replaced span.
    public struct Cut: Hashable, Sendable, Codable {
        public var original: Range<Int>
        public var replacement: String
    }

    public let text: String
    public let cuts: [Cut]
    /// New UTF-8 start of each cut.
    private let newStarts: [Int]

    init(identity text: String) {
        self.text = text
        cuts = []
        newStarts = []
    }

    init(original: String, cuts: [Cut]) {
        self.cuts = cuts
        var out = ""
        out.reserveCapacity(original.utf8.count)
        var starts: [Int] = []
        var position = 0
        for cut in cuts {
            out += original.slice(utf8: position..<cut.original.lowerBound)
            starts.append(out.utf8.count)
            out += cut.replacement
            position = cut.original.upperBound
        }
        out += original.slice(utf8: position..<original.utf8.count)
        text = out
        newStarts = starts
    }

    /// Index of the last cut starting at or before `offset`.
    private func cutIndex(atOrBefore offset: Int) -> Int? {
        var low = 0, high = cuts.count
        while low < high {
            let mid = (low + high) / 2
            if cuts[mid].original.lowerBound <= offset { low = mid + 1 } else { high = mid }
        }
        return low == 0 ? nil : low - 1
    }

    /// Maps an original offset; inside a replaced name it snaps to the start (`upper == false`) or end.
    public func map(_ offset: Int, upper: Bool) -> Int {
        guard let i = cutIndex(atOrBefore: offset) else { return offset }
        let cut = cuts[i]
        let newEnd = newStarts[i] + cut.replacement.utf8.count
        if offset == cut.original.lowerBound { return newStarts[i] }
        if offset < cut.original.upperBound { return upper ? newEnd : newStarts[i] }
        return newEnd + (offset - cut.original.upperBound)
    }

    /// Maps an original UTF-8 range into `text`; a name cut by the range is taken whole.
    public func map(_ range: Range<Int>) -> Range<Int> {
        let lower = map(range.lowerBound, upper: false)
        return lower..<max(lower, map(range.upperBound, upper: true))
    }

    /// The pseudonymised text of an original range.
    public func slice(_ range: TextRange) -> Substring { text.slice(utf8: map(range.utf8)) }
}
