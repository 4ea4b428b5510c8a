// libFuzzer entry point: Rich Text read as an .rtf file (f4/f5's transcripts).
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    fuzzReader(data, size, path: "fuzz.rtf")
}
