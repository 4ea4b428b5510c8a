import Foundation
import Ingestion
import LeitbildCore

/// Feeds one fuzzer input to the REFI-QDA codebook reader as a file named `path` and checks the
/// result: either a code tree whose names are normalised text, or a clean `IngestionError` that
/// names the file. Any crash, hang or sanitizer report is a finding.
public func fuzzCodebook(_ bytes: UnsafePointer<UInt8>, _ size: Int, path: String) -> CInt {
    checkCodebook(Data(bytes: bytes, count: size), path: path)
    return 0
}

/// The check behind `fuzzCodebook`, also used to replay saved inputs.
public func checkCodebook(_ data: Data, path: String) {
    let outcome = requireQuiet { () -> Result<[QDACode], IngestionError> in
        do throws(IngestionError) {
            return .success(try QDACodebookReader.read(data: data, path: path))
        } catch {
            return .failure(error)
        }
    }
    switch outcome {
    case .success(let codes):
        var stack = codes
        while let code = stack.popLast() {
            require(code.name == code.name.normalizedForLeitbild, "code name '\(code.name)' is not normalised (NFC, LF)")
            if let description = code.description {
                require(description == description.normalizedForLeitbild, "code description is not normalised (NFC, LF)")
            }
            stack += code.children
        }
    case .failure(let error):
        checkError(error, path: path)
    }
}
