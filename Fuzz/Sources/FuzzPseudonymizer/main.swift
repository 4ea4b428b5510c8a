// libFuzzer entry point: the pseudonymiser on hostile text. The input's first line is read as a
// pseudonyms.txt and as the respondent's name in the metadata, the whole input as the transcript.
// Checked: learning and replacing never crash; the redacted text is the original with its cuts
// replaced; cuts are in order, apart, within the text and on scalar boundaries; offsets map
// monotonically and every cut maps onto its replacement; the input's lines as interview ids or
// file names never crash `replacingNames(inIdentifier:)` and stay as they are without a name.
import LeitbildCore
import Reporting

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self).normalizedForLeitbild
    let firstLine = String(text.prefix { $0 != "\n" })
    let list = (try? PseudonymList.parse(firstLine, path: "pseudonyms.txt")) ?? []
    let transcript = Transcript(
        id: "F01", source: SourceDocument(path: "f01.txt", format: .plainText, encoding: "UTF-8", byteCount: size, textLinesAreSourceLines: true),
        text: text, speakers: [Speaker(id: "B", label: String(firstLine.prefix(60)), role: .respondent, roleReason: "fuzz")], turns: [],
        metadata: InterviewMetadata(interviewID: "F01", interviewer: "Anna Roth",
                                    variables: [Variable(name: "respondent", value: firstLine), Variable(name: "interviewer", value: "Anna Roth")]))
    let pseudonymizer = Pseudonymizer(transcripts: [transcript], list: list)
    let redacted = pseudonymizer.redact(text)
    _ = pseudonymizer.replace(firstLine)
    // Each line as an interview id or file name: an identifier without a name stays as it is.
    for line in text.split(separator: "\n", omittingEmptySubsequences: true).prefix(8) {
        let identifier = String(line.prefix(200))
        let renamed = pseudonymizer.replacingNames(inIdentifier: identifier)
        precondition(!pseudonymizer.names(inIdentifier: identifier).isEmpty || renamed == identifier,
                     "an identifier without a name was changed")
    }

    let original = Array(text.utf8), redactedBytes = Array(redacted.text.utf8)
    func isBoundary(_ i: Int) -> Bool { i == original.count || original[i] & 0xC0 != 0x80 }
    var rebuilt: [UInt8] = []
    var position = 0
    for cut in redacted.cuts {
        precondition(cut.original.lowerBound >= position && cut.original.upperBound <= original.count && !cut.original.isEmpty,
                     "cut \(cut.original) out of order or outside 0..<\(original.count)")
        precondition(isBoundary(cut.original.lowerBound) && isBoundary(cut.original.upperBound), "cut \(cut.original) splits a character")
        rebuilt += original[position..<cut.original.lowerBound]
        let mapped = redacted.map(cut.original)
        precondition(mapped.upperBound <= redactedBytes.count && redactedBytes[mapped].elementsEqual(cut.replacement.utf8),
                     "cut \(cut.original) does not map onto its replacement")
        rebuilt += Array(cut.replacement.utf8)
        position = cut.original.upperBound
    }
    rebuilt += original[position...]
    precondition(rebuilt == redactedBytes, "the redacted text is not the original with its cuts replaced")
    var previous = 0
    for offset in 0...original.count {
        let lower = redacted.map(offset, upper: false), upper = redacted.map(offset, upper: true)
        precondition(lower >= previous && lower <= upper && upper <= redactedBytes.count, "offset \(offset) maps out of order")
        previous = lower
    }
    return 0
}
