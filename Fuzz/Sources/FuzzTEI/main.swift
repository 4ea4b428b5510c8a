// libFuzzer entry point: TEI transcriptions of speech (ISO 24624) read as an .xml file.
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    fuzzReader(data, size, path: "fuzz.xml")
}
