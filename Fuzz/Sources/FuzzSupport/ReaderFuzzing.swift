import Foundation
import Ingestion
import LeitbildCore

/// Feeds one fuzzer input to ingestion as a file named `path` (its extension picks the reader)
/// and checks the result: either transcripts that keep every offset promise, or a clean
/// `IngestionError` that names the file. Any crash, hang or sanitizer report is a finding.
public func fuzzReader(_ bytes: UnsafePointer<UInt8>, _ size: Int, path: String) -> CInt {
    let data = Data(bytes: bytes, count: size)
    checkReader(data, path: path)
    return 0
}

/// The check behind `fuzzReader`, also used to replay saved inputs.
public func checkReader(_ data: Data, path: String) {
    let outcome = requireQuiet { () -> Result<ReadResult, IngestionError> in
        do throws(IngestionError) {
            return .success(try Ingestor().documents(in: data, path: path))
        } catch {
            return .failure(error)
        }
    }
    switch outcome {
    case .success(let result):
        for transcript in result.transcripts { checkTranscript(transcript) }
        if result.format == .plainText, let transcript = result.transcripts.first {
            checkPlainTextKeepsText(transcript, data: data, encoding: result.encoding)
        }
        for diagnostic in result.diagnostics {
            require(!diagnostic.message.isEmpty, "a diagnostic without a message")
        }
    case .failure(let error):
        checkError(error, path: path)
    }
}

/// A clean error names the file it is about and says something.
func checkError(_ error: IngestionError, path: String) {
    require(error.file.hasPrefix(path), "error names '\(error.file)', not '\(path)'")
    let message = error.localizedDescription
    require(message.hasPrefix(path) && message.count > path.count + 2, "error message without substance: \(message)")
    if let line = error.line { require(line >= 1, "error line \(line) is not 1-based: \(message)") }
}

/// A plain-text transcript's text is the file's text, only normalised (NFC, LF): nothing lost,
/// nothing mangled. Checked for UTF-8 input, where the expected text is known exactly.
func checkPlainTextKeepsText(_ transcript: Transcript, data: Data, encoding: String) {
    let body: Data
    switch encoding {
    case "UTF-8": body = data
    case "UTF-8 with BOM": body = data.dropFirst(3)
    default: return
    }
    let expected = String(decoding: body, as: UTF8.self).normalizedForLeitbild
    require(expected.utf8.elementsEqual(transcript.text.utf8),
            "the plain-text transcript's text differs from the file's text (\(transcript.text.utf8.count) vs \(expected.utf8.count) bytes)")
    // Text lines are the file's lines, so a turn cannot start after its own text does.
    let lines = LineIndex(transcript.text)
    for turn in transcript.turns {
        require(turn.sourceLine <= lines.line(atUTF8Offset: turn.range.utf8.lowerBound),
                "turn \(turn.index) says line \(turn.sourceLine) but its text starts on line \(lines.line(atUTF8Offset: turn.range.utf8.lowerBound))")
    }
}

/// What every transcript must satisfy, whatever bytes it came from.
func checkTranscript(_ transcript: Transcript) {
    let text = transcript.text
    let map = ScalarMap(text)
    // Offsets refer to NFC text with LF line ends (ARCHITECTURE.md): no CR may survive.
    require(!text.utf8.contains(13), "a CR in the normalised text of '\(transcript.id)'")
    if text.utf8.contains(where: { $0 >= 0x80 }) {
        let nfc = text.precomposedStringWithCanonicalMapping
        require(nfc.utf8.elementsEqual(text.utf8), "the text of '\(transcript.id)' is not NFC")
    }

    var speakerRoles: [String: SpeakerRole] = [:]
    for speaker in transcript.speakers {
        require(speakerRoles[speaker.id] == nil, "speaker id '\(speaker.id)' twice")
        speakerRoles[speaker.id] = speaker.role
    }

    var previousEnd = 0
    for (position, turn) in transcript.turns.enumerated() {
        require(turn.index == position, "turn at position \(position) has index \(turn.index)")
        map.check(turn.range, "turn \(position)")
        require(turn.range.utf8.lowerBound >= previousEnd,
                "turn \(position) starts at byte \(turn.range.utf8.lowerBound), before the previous turn ends (\(previousEnd))")
        previousEnd = turn.range.utf8.upperBound
        require(turn.sourceLine >= 1, "turn \(position) has source line \(turn.sourceLine)")
        guard let role = speakerRoles[turn.speakerID] else {
            require(false, "turn \(position) names speaker '\(turn.speakerID)', which is not in the speaker list")
            return
        }
        require(turn.role == role, "turn \(position) has role \(turn.role), its speaker \(role)")
        for time in [turn.startTime, turn.endTime].compactMap({ $0 }) {
            // NaN or infinity would make `ingest --json` fail (JSONEncoder refuses them).
            require(time.isFinite && time >= 0, "turn \(position) has time \(time)")
        }
    }
    for (position, coding) in transcript.existingCodings.enumerated() {
        map.check(coding.range, "existing coding \(position)")
    }
    // Every transcript must be reportable as JSON (`leitbild ingest --json`).
    do {
        _ = try JSONEncoder().encode(transcript)
    } catch {
        require(false, "transcript '\(transcript.id)' cannot be encoded as JSON: \(error)")
    }
}

/// Feeds one fuzzer input to the metadata sheet parser (`metadata.csv`): it must return a
/// sheet or throw a clean error naming the file.
public func fuzzMetadataSheet(_ bytes: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    checkMetadataSheet(Data(bytes: bytes, count: size))
    return 0
}

/// The check behind `fuzzMetadataSheet`, also used to replay saved inputs.
public func checkMetadataSheet(_ data: Data) {
    let path = "metadata.csv"
    do {
        let sheet = try MetadataSheet.parse(data, path: path)
        for row in sheet.rows { require(row.line >= 1, "metadata row on line \(row.line)") }
        // Joining a transcript with any sheet must not trap, and keeps the transcript's promises.
        let interview = Data("I: Was fehlt in Naila?\nB1: Der Bus am Wochenende. #00:00:12-3#\n".utf8)
        for file in ["interview.txt", "B1.txt", "x/interview.TXT"] {
            do {
                let result = try Ingestor().documents(in: interview, path: file, sheet: sheet)
                for transcript in result.transcripts { checkTranscript(transcript) }
            } catch {
                checkError(error, path: file)
            }
        }
    } catch {
        checkError(error, path: path)
    }
}
