import Foundation
import LeitbildCore
@testable import Pipeline
import Testing

/// `RecentStrings` makes a string that repeats within a packed array once, and never hands out
/// another string's value, also when many strings share their length, first and last bytes.
@Suite("Cache decoding: repeated strings")
struct RecentStringsTests {
    /// Lays the strings out back to back, as a packed array holds them, and reads each through one table.
    static func decode(_ strings: [String]) -> [String] {
        let bytes: [UInt8] = strings.flatMap { Array($0.utf8) }
        return bytes.withUnsafeBytes { raw in
            var table = RecentStrings()
            var offset = 0
            return strings.map { string in
                let run = UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + string.utf8.count)])
                offset += run.count
                return table.string(run)
            }
        }
    }

    /// Strings that the table's hash cannot tell apart: the same length, first eight and last eight
    /// bytes, different in the middle; with umlauts, at the length limits (15, 16, 64, 65 bytes).
    static func pool(seed: UInt64) -> [String] {
        var state = seed
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(state >> 33) % n
        }
        let letters = Array("abcäöüß")
        var pool: [String] = []
        for length in [3, 15, 16, 17, 24, 40, 63, 64, 65, 200] {
            for _ in 0..<6 {
                guard length >= 16 else { pool.append(String(repeating: "x", count: length)); continue }
                // "gesundh_" + a middle of length - 16 bytes + "_pflege_": only the middle differs.
                var middle = ""
                while middle.utf8.count < length - 16 {
                    let letter = letters[next(letters.count)]
                    middle.append(middle.utf8.count + letter.utf8.count <= length - 16 ? letter : "a")
                }
                pool.append("gesundh_" + middle + "_pflege_")
            }
        }
        return pool
    }

    @Test("every string read equals the one written", arguments: [1, 2, 3, 4, 5] as [UInt64])
    func roundTrip(seed: UInt64) {
        let pool = Self.pool(seed: seed)
        var state = seed
        let strings = (0..<2_000).map { _ -> String in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return pool[Int(state >> 33) % pool.count]
        }
        let decoded = Self.decode(strings)
        let wrong = zip(decoded, strings).enumerated().filter { !$0.element.0.utf8.elementsEqual($0.element.1.utf8) }
        let wrongCount = wrong.count
        #expect(wrongCount == 0, "\(wrongCount) strings read wrong, the first at \(wrong.first?.offset ?? 0): \(wrong.first.map { "\($0.element.0) for \($0.element.1)" } ?? "")")
    }

    /// Where a repeat lives: its bytes (a heap string's storage) are those of its first reading.
    static func storage(_ string: String) -> UnsafeRawPointer? {
        string.utf8.withContiguousStorageIfAvailable { UnsafeRawPointer($0.baseAddress) } ?? nil
    }

    @Test("a repeat of 16 to 64 bytes is the string made the first time; shorter and longer ones are made anew")
    func reuse() {
        let id = "kultur_freizeit_tourismus"
        let long = String(repeating: "Radwegenetz ", count: 6)
        let decoded = Self.decode([id, "kurz", long, id, "kurz", long])
        #expect(decoded == [id, "kurz", long, id, "kurz", long])
        #expect(Self.storage(decoded[0]) != nil)
        #expect(Self.storage(decoded[0]) == Self.storage(decoded[3]))
        #expect(Self.storage(decoded[2]) != Self.storage(decoded[5]))
    }

    @Test("decoding packed turns makes a repeated speaker id of 16 bytes or more once, and reads every one right")
    func throughPackedArrays() throws {
        let speakers = ["Bürgermeisterin_Schönwald", "Interviewerin_Hoferland", "B", "Bürgermeisterin_Schönwald"]
        let turns = (0..<40).map { i in
            Turn(index: i, speakerID: speakers[i % speakers.count], role: i % 2 == 0 ? .respondent : .interviewer,
                 range: .init(scalars: .init(start: i, end: i + 1), utf8: i..<(i + 1)), sourceLine: i + 1)
        }
        let bytes = try BinaryCoding.encode(turns)
        let decoded = try bytes.withUnsafeBytes { try BinaryCoding.decode([Turn].self, from: $0) }
        #expect(decoded == turns)
        let mayor = decoded.filter { $0.speakerID == speakers[0] }.map { Self.storage($0.speakerID) }
        #expect(mayor.count == 20)
        #expect(mayor.first! != nil)
        #expect(Set(mayor).count == 1)
    }
}
