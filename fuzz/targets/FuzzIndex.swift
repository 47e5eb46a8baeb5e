// libFuzzer target: index files (StageIndex(parsing:)). A parse that succeeds must round-trip.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIndex(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let index = try? StageIndex(parsing: bytes) else { return 0 }
    let again = index.serialized()
    if (try? StageIndex(parsing: again)) != index { fatalError("index does not round-trip") }
    _ = index.earliestChange(after: index.sourceGeneration)
    return 0
}
