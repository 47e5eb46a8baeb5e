// libFuzzer target: the day-payload JSON decoder and the exact candle rebuild (behaviour §2).
// Any input must end in a value or a thrown OHLCVError, never a trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let day = try? JettaDayDecoder.decode(bytes) else { return 0 }
    _ = try? day.candles(alignment: .utc, scale: 8)
    _ = try? day.candles(alignment: .utc, scale: 2)
    return 0
}
