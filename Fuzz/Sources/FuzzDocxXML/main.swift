// libFuzzer entry point: word/document.xml of a .docx (the input is zipped before reading).
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    fuzzDocxDocumentXML(data, size)
}
