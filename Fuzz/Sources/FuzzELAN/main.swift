// libFuzzer entry point: ELAN annotation documents read as an .eaf file.
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    fuzzReader(data, size, path: "fuzz.eaf")
}
