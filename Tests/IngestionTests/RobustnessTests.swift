import Foundation
import Ingestion
import LeitbildCore
import Testing

/// Damaged copies of real files: a reader may refuse them, but never crash, and whatever it
/// returns keeps the transcript invariants.
@Suite("Robustness: mutated files keep the invariants")
struct RobustnessTests {
    /// The project's deterministic generator, so every run tests the same mutations.
    typealias Random = SplitMix64

    static let files = ["interview.txt", "interview.docx", "interview.vtt", "interview.srt", "interview.xml",
                        "interview.exb", "interview.eaf", "interview.qdpx", "interview.csv"]

    static func mutate(_ data: Data, _ random: inout Random) -> Data {
        var bytes = [UInt8](data)
        switch random.below(4) {
        case 0: bytes = Array(bytes.prefix(random.below(bytes.count)))
        case 1: for _ in 0...random.below(8) where !bytes.isEmpty { bytes[random.below(bytes.count)] = UInt8(truncatingIfNeeded: random.next()) }
        case 2:
            let at = random.below(bytes.count)
            let pieces: [[UInt8]] = [Array("<".utf8), Array("\n\nB: ".utf8), Array("#00:00:0".utf8), Array("-->".utf8), [0xC3], Array("\"".utf8), Array("&lol;".utf8), [0xFF, 0xFE]]
            bytes.insert(contentsOf: pieces[random.below(pieces.count)], at: at)
        default:
            if bytes.count > 2 {
                let a = random.below(bytes.count), b = random.below(bytes.count)
                bytes.removeSubrange(min(a, b)..<max(a, b))
            }
        }
        return Data(bytes)
    }

    static func checkInvariants(_ t: Transcript) {
        let scalars = Array(t.text.unicodeScalars)
        let utf8Count = t.text.utf8.count
        let speakerIDs = Set(t.speakers.map(\.id))
        var previousEnd = 0
        for turn in t.turns {
            #expect(turn.span.start <= turn.span.end && turn.span.end <= scalars.count)
            #expect(turn.range.utf8.upperBound <= utf8Count)
            #expect(turn.span.start >= previousEnd)
            previousEnd = turn.span.end
            #expect(String(String.UnicodeScalarView(scalars[turn.span.start..<turn.span.end])) == String(t.text(of: turn)))
            #expect(speakerIDs.contains(turn.speakerID))
            #expect(turn.startTime.map(\.isFinite) ?? true)
        }
        for coding in t.existingCodings {
            #expect(coding.range.scalars.end <= scalars.count)
        }
    }

    /// Mutations per format; `LEITBILD_MUTATIONS=20000 swift test --filter RobustnessTests` for a longer run.
    static let rounds = ProcessInfo.processInfo.environment["LEITBILD_MUTATIONS"].flatMap(Int.init) ?? 400

    @Test("mutated files (400 per format): refused cleanly or read consistently", arguments: files)
    func mutations(_ file: String) throws {
        let original = try Data(contentsOf: URL(fileURLWithPath: Paths.fixture("twins/\(file)")))
        var random = Random(seed: UInt64(file.utf8.reduce(0) { $0 &* 31 &+ Int($1) }.magnitude))
        var read = 0, refused = 0
        for _ in 0..<Self.rounds {
            let damaged = Self.mutate(original, &random)
            do {
                let result = try Ingestor().documents(in: damaged, path: "/tmp/x/\(file)")
                read += 1
                for t in result.transcripts { Self.checkInvariants(t) }
            } catch {
                refused += 1
                #expect(error.localizedDescription.contains("/tmp/x/\(file)"))
            }
        }
        #expect(read + refused == Self.rounds)
    }
}

extension SplitMix64 {
    /// A draw in 0..<max(n, 1).
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
}
