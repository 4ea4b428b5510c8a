// libFuzzer entry point: bare REFI-QDA project XML read as a project.qde file.
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    fuzzReader(data, size, path: "project.qde")
}
