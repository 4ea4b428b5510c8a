// libFuzzer entry point: the metadata sheet (metadata.csv) and its join with a transcript.
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    fuzzMetadataSheet(data, size)
}
