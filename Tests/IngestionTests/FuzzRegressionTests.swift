import Foundation
import Ingestion
import LeitbildCore
import Testing

/// Inputs that crashed a reader or broke one of its promises under the libFuzzer targets
/// (`Fuzz/`, docs/fuzzing.md), minimised and kept in `Regressions/<format>/`. Each is read
/// through the normal API and must give the outcome listed in `Regressions/expected.tsv`: a
/// clean error naming the file, or transcripts that keep every offset promise.
@Suite("Fuzz regressions: kept crashing inputs read cleanly")
struct FuzzRegressionTests {
    /// One kept input and what reading it must give.
    struct Case: Sendable, CustomTestStringConvertible {
        /// `<format folder>/<file name>` under `Regressions/`.
        var file: String
        /// `error: <text the message contains>` or `turns: <count>` (over all transcripts).
        var expected: String
        var testDescription: String { file }
    }

    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Regressions")

    /// The path a format folder's inputs are read as (its extension picks the reader, as in the fuzz target).
    static let readAs: [String: String] = [
        "plain-text": "fuzz.txt", "rtf": "fuzz.rtf", "vtt": "fuzz.vtt", "srt": "fuzz.srt", "tei": "fuzz.xml", "exmaralda": "fuzz.exb",
        "elan": "fuzz.eaf", "docx": "fuzz.docx", "qdpx": "fuzz.qdpx", "qde": "project.qde", "csv": "fuzz.csv",
        "metadata": "metadata.csv", "qdc": "codebook.qdc",
    ]

    static let cases: [Case] = {
        guard let text = try? String(contentsOf: folder.appendingPathComponent("expected.tsv"), encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#") else { return nil }
            let fields = line.split(separator: "\t", maxSplits: 1)
            return fields.count == 2 ? Case(file: String(fields[0]), expected: String(fields[1])) : nil
        }
    }()

    /// Every kept input, so that one without a line in `expected.tsv` is noticed.
    static var keptFiles: [String] {
        let fm = FileManager.default
        return readAs.keys.sorted().flatMap { format -> [String] in
            let names = (try? fm.contentsOfDirectory(atPath: folder.appendingPathComponent(format).path)) ?? []
            return names.filter { !$0.hasPrefix(".") }.sorted().map { "\(format)/\($0)" }
        }
    }

    @Test("every kept input has an expected outcome")
    func everyInputListed() {
        #expect(!Self.cases.isEmpty, "Regressions/expected.tsv is missing or empty")
        let listed = Set(Self.cases.map(\.file))
        for file in Self.keptFiles { #expect(listed.contains(file), "\(file) has no line in Regressions/expected.tsv") }
        for file in listed { #expect(Self.keptFiles.contains(file), "expected.tsv lists \(file), which does not exist") }
    }

    @Test("kept input reads cleanly", arguments: cases)
    func replay(_ c: Case) throws {
        let format = String(c.file.split(separator: "/").first ?? "")
        let path = try #require(Self.readAs[format], "unknown format folder '\(format)'")
        let data = try Data(contentsOf: Self.folder.appendingPathComponent(c.file))
        if format == "qdc" { return Self.replayCodebook(c, data: data, path: path) }
        let outcome: Result<[Transcript], IngestionError>
        if format == "metadata" {
            outcome = Self.readWithSheet(data)
        } else {
            do throws(IngestionError) {
                outcome = .success(try Ingestor().documents(in: data, path: path).transcripts)
            } catch {
                outcome = .failure(error)
            }
        }
        switch outcome {
        case .success(let transcripts):
            for transcript in transcripts { Self.checkOffsets(transcript) }
            let turns = transcripts.reduce(0) { $0 + $1.turns.count }
            #expect(c.expected == "turns: \(turns)", "read \(transcripts.count) transcript(s) with \(turns) turns")
        case .failure(let error):
            let message = error.localizedDescription
            #expect(error.file.hasPrefix(path), "the error names '\(error.file)'")
            let want = c.expected.hasPrefix("error: ") ? String(c.expected.dropFirst("error: ".count)) : "(no error expected)"
            #expect(message.contains(want), "message: \(message)")
        }
    }

    /// REFI-QDA codebooks (`FuzzQDC`): `codes: <count over the tree>` or `error: <text>`.
    static func replayCodebook(_ c: Case, data: Data, path: String) {
        do throws(IngestionError) {
            let codes = try QDACodebookReader.read(data: data, path: path)
            func count(_ list: [QDACode]) -> Int { list.reduce(list.count) { $0 + count($1.children) } }
            #expect(c.expected == "codes: \(count(codes))")
        } catch {
            #expect(error.file.hasPrefix(path), "the error names '\(error.file)'")
            let want = c.expected.hasPrefix("error: ") ? String(c.expected.dropFirst("error: ".count)) : "(no error expected)"
            #expect(error.localizedDescription.contains(want), "message: \(error.localizedDescription)")
        }
    }

    /// Metadata sheets are parsed, then joined with a small transcript.
    static func readWithSheet(_ data: Data) -> Result<[Transcript], IngestionError> {
        do throws(IngestionError) {
            let sheet = try MetadataSheet.parse(data, path: "metadata.csv")
            let interview = Data("I: Was fehlt in Naila?\nB1: Der Bus am Wochenende. #00:00:12-3#\n".utf8)
            return .success(try Ingestor().documents(in: interview, path: "interview.txt", sheet: sheet).transcripts)
        } catch {
            return .failure(error)
        }
    }

    /// The offset promises the fuzz targets check (Fuzz/Sources/FuzzSupport/ReaderFuzzing.swift).
    static func checkOffsets(_ t: Transcript) {
        let utf8 = Array(t.text.utf8)
        // Scalar offset at each UTF-8 offset that starts a scalar (and at the end).
        var scalarAt = [Int](repeating: -1, count: utf8.count + 1)
        var scalar = 0
        for (i, byte) in utf8.enumerated() where byte & 0xC0 != 0x80 {
            scalarAt[i] = scalar
            scalar += 1
        }
        scalarAt[utf8.count] = scalar
        #expect(!utf8.contains(13), "CR in the normalised text")
        let speakers = Set(t.speakers.map(\.id))
        var previousEnd = 0
        for turn in t.turns {
            let r = turn.range.utf8
            guard r.lowerBound >= 0, r.upperBound <= utf8.count else {
                Issue.record("turn \(turn.index) has UTF-8 range \(r) outside the text (\(utf8.count) bytes)")
                continue
            }
            #expect(scalarAt[r.lowerBound] == turn.span.start && scalarAt[r.upperBound] == turn.span.end,
                    "turn \(turn.index): scalars \(turn.span) do not match UTF-8 \(r)")
            #expect(r.lowerBound >= previousEnd, "turn \(turn.index) overlaps the turn before")
            previousEnd = r.upperBound
            #expect(speakers.contains(turn.speakerID))
            for time in [turn.startTime, turn.endTime].compactMap({ $0 }) {
                #expect(time.isFinite && time >= 0, "turn \(turn.index) has time \(time)")
            }
        }
        for coding in t.existingCodings {
            let r = coding.range.utf8
            #expect(r.upperBound <= utf8.count && scalarAt[r.lowerBound] == coding.range.scalars.start
                    && scalarAt[r.upperBound] == coding.range.scalars.end, "coding \(coding.codeName) has offsets that disagree")
        }
    }
}
