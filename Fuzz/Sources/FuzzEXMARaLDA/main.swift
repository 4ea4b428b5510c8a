// libFuzzer entry point: EXMARaLDA basic transcriptions read as an .exb file.
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    fuzzReader(data, size, path: "fuzz.exb")
}
