// libFuzzer entry point: a REFI-QDA codebook (.qdc), as `leitbild codebook import` reads it.
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    fuzzCodebook(data, size, path: "codebook.qdc")
}
