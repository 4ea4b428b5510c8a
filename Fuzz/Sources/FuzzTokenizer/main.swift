// libFuzzer entry point: the tokenizer and sentence splitter, with offset, rebuild and line-by-line properties.
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    fuzzTokenizer(data, size)
}
