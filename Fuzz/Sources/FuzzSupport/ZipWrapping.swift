import Foundation
import ZIPFoundation

/// Wraps fuzzer bytes as one member of an otherwise valid zip archive.
///
/// Mutating a whole `.docx` rarely gets past the zip layer (a changed byte breaks the CRC-32),
/// so the XML inside is reached by fuzzing the member's bytes and zipping them here.
public func zipped(_ member: Data, as path: String) -> Data? {
    do {
        let archive = try Archive(data: Data(), accessMode: .create)
        // A fixed date keeps the archive a pure function of the input.
        try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(member.count),
                             modificationDate: Date(timeIntervalSince1970: 1_600_000_000)) { position, size in
            member.subdata(in: Int(position)..<Int(position) + size)
        }
        return archive.data
    } catch {
        // Writing to memory only fails for sizes a fuzzer never produces; such an input is skipped.
        return nil
    }
}

/// Reads fuzzer bytes as `word/document.xml` of a minimal `.docx`.
public func fuzzDocxDocumentXML(_ bytes: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    checkDocxDocumentXML(Data(bytes: bytes, count: size))
    return 0
}

/// The check behind `fuzzDocxDocumentXML`, also used to replay saved inputs.
public func checkDocxDocumentXML(_ xml: Data) {
    guard let docx = zipped(xml, as: "word/document.xml") else { return }
    checkReader(docx, path: "fuzz.docx")
}
