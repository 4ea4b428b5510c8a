// libFuzzer entry point: REFI-QDA projects (zip + project.qde + sources/) read as a .qdpx file.
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    fuzzReader(data, size, path: "fuzz.qdpx")
}
