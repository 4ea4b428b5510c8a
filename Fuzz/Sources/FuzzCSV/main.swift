// libFuzzer entry point: CSV/TSV survey exports and table transcripts read as a .csv file.
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    fuzzReader(data, size, path: "fuzz.csv")
}
