// libFuzzer entry point: plain-text transcripts (f4/f5, MAXQDA, unlabelled) read as a .txt file.
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    fuzzReader(data, size, path: "fuzz.txt")
}
