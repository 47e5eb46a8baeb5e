/// One OHLCV row. Time is seconds since the epoch in the file's own time base; the five numbers are
/// counts of 10^-scale units (the scale is the file's DECIMALS), so sums and comparisons are exact.
public struct Candle: Equatable, Sendable {
    public var time: Int64
    public var open: Int64
    public var high: Int64
    public var low: Int64
    public var close: Int64
    public var volume: Int64

    @inlinable
    public init(time: Int64, open: Int64, high: Int64, low: Int64, close: Int64, volume: Int64) {
        self.time = time; self.open = open; self.high = high; self.low = low; self.close = close; self.volume = volume
    }
}
