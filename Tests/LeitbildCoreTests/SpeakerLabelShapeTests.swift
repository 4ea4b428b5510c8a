import LeitbildCore
import Testing

/// The shape of a speaker label, as Ingestion reads labels and the pseudonymiser asks for one.
@Suite("Speaker label shape")
struct SpeakerLabelShapeTests {
    static func candidate(_ line: String) -> String? {
        let bytes = Array(line.utf8)
        return bytes.withUnsafeBufferPointer { SpeakerLabelShape.candidate($0, from: 0, to: $0.count)?.0 }
    }

    @Test("which line starts have a label's shape", arguments: [
        ("B: Ja.", "B"), ("Frau Dr. Kessler: Ja.", "Frau Dr. Kessler"), ("„Schorsch“: Ja.", "Schorsch"),
        // No-break spaces are blanks: after the colon, before it, between the words (as spaces).
        ("B:\u{A0}Ja.", "B"), ("B\u{A0}: Ja.", "B"), ("Frau\u{A0}Kessler: Ja.", "Frau Kessler"), ("B:\u{202F}Ja.", "B"),
        ("„Schorsch“:\u{A0}Ja.", "Schorsch"),
        // One group in round brackets beside the name (Zoom, transcribers).
        ("A. Roth (Leitbild GmbH): Ja.", "A. Roth (Leitbild GmbH)"), ("Anna Roth (Interviewerin): Ja.", "Anna Roth (Interviewerin)"),
        ("Anna Roth | Leitbild: Ja.", "Anna Roth | Leitbild"),
        // In square brackets, as diarisation tools (aTrain, WhisperX) write it (first-day review, 2026-11-29).
        ("[SPEAKER_00]: Ja.", "SPEAKER_00"), ("[Anna Roth]: Ja.", "Anna Roth"), ("[Anna Roth] 10:02:03", nil),
        // Without a space after the colon only when the caller asks (`touchingText`).
        ("I:Wie bitte?", nil),
        // Not a label's shape.
        ("(Lachen): Ja.", nil), ("Roth (A) (B): Ja.", nil), ("Roth (Leitbild: Ja.", nil), ("Roth) x: Ja.", nil),
        ("Also, ehrlich: Ja.", nil), ("Das ist so:der Bus", nil), ("Ein sehr langer Satz mit vielen Wörtern vor dem: x", nil),
        ("[unverständlich]: Ja.", nil), ("10:30 Uhr", nil),
        // A transcription mark in brackets in any letter case (Word capitalises a paragraph's first
        // letter; found in a review of 2026-11-29: "[Lacht]:" was a speaker "Lacht").
        ("[Lacht]: Ja.", nil), ("[LACHT]: Ja.", nil), ("[Räuspert sich]: Ja.", nil), ("[Unverständlich]: Ja.", nil),
        ("[Unv.]: Ja.", nil), ("[Pause]: Ja.", nil), ("[Kurze Pause]: Ja.", nil), ("[Husten]: Ja.", nil), ("[Seufzt]: Ja.", nil),
        ("[Gelächter]: Ja.", nil), ("[Stille]: Ja.", nil), ("[Musik]: Ja.", nil), ("[Laughter]: Ja.", nil),
        // Names that start like a mark's word or are no mark stay labels.
        ("[Lange]: Ja.", "Lange"), ("[Herr Lange]: Ja.", "Herr Lange"), ("[Paula Stiller]: Ja.", "Paula Stiller"),
    ])
    func shape(_ line: String, _ label: String?) {
        #expect(Self.candidate(line) == label)
    }

    @Test("the person a label names, without an organisation or role beside it", arguments: [
        ("Anna Roth", "Anna Roth"), ("A. Roth (Leitbild GmbH)", "A. Roth"), ("Karl Meier (Gast)", "Karl Meier"),
        ("Anna Roth | Leitbild", "Anna Roth"), ("Anna Roth - Stadt Naila", "Anna Roth"), ("Anna Roth – Leitbild", "Anna Roth"),
        ("Roth, Anna", "Anna Roth"), ("Meier, Karl (Stadt Naila)", "Karl Meier"), ("Roth, Anna (Extern)", "Anna Roth"),
        ("Roth, Leitbild GmbH", "Roth"), ("Kießling-Hopperdietzel", "Kießling-Hopperdietzel"), ("(Gast)", "(Gast)"),
    ])
    func person(_ label: String, _ person: String) {
        #expect(SpeakerLabelShape.person(in: label) == person)
    }

    /// Found in a review of the first version, which kept only the first person: the others leaked.
    @Test("all the people a label may name, in order", arguments: [
        ("Stadt Naila | Anna Beck", ["Stadt Naila", "Anna Beck"]), ("Kunz | Schulz", ["Kunz", "Schulz"]),
        ("Anna Roth - Meier", ["Anna Roth", "Meier"]), ("LRA Hof - Meier, Karl", ["LRA Hof", "Karl Meier"]),
        ("Brandl, Eva Maria", ["Brandl", "Eva Maria"]), ("Schmidt, Anna, Kämmerin", ["Anna Schmidt", "Kämmerin"]),
        ("Dr. Weber, Klaus", ["Dr. Weber", "Klaus"]), ("Kessler, Hans (Stadt Naila)", ["Hans Kessler"]),
        ("Roth, Anna-Lena", ["Anna-Lena Roth"]), ("B", ["B"]), ("(Gast)", []),
    ])
    func people(_ label: String, _ people: [String]) {
        #expect(SpeakerLabelShape.people(in: label) == people)
    }

    @Test("blanks: ASCII white space and no-break spaces, at either end")
    func blanks() {
        let text = Array("\u{A0} \u{202F}\tJa.\u{A0}\n".utf8)
        text.withUnsafeBufferPointer { b in
            let start = Blanks.skip(b, 0, b.count)
            let end = Blanks.trimEnd(b, start, b.count)
            #expect(String(decoding: b[start..<end], as: UTF8.self) == "Ja.")
            // "Ä" (C3 84) and "†" (E2 80 A0) are no blanks, though they share bytes with them.
        }
        let near = Array("Ä\u{2020}".utf8)
        near.withUnsafeBufferPointer { b in
            #expect(Blanks.skip(b, 0, b.count) == 0)
            #expect(Blanks.trimEnd(b, 0, b.count) == b.count)
        }
    }
}
