/// One OHLCV row. Time is seconds since the epoch in the file's own time base; the five numbers are
/// counts of 10^-scale units (the scale is the file's DECIMALS), so sums and comparisons are exact.
/// Prices are Int64; the volume is Int128 because a year's volume at 12 decimals passes Int64.max
/// (limits: `DecimalsLimit`).
public struct Candle: Equatable, Sendable {
    public var time: Int64
    public var open: Int64
    public var high: Int64
    public var low: Int64
    public var close: Int64
    public var volume: Int128

    @inlinable
    public init(time: Int64, open: Int64, high: Int64, low: Int64, close: Int64, volume: Int128) {
        self.time = time; self.open = open; self.high = high; self.low = low; self.close = close; self.volume = volume
    }

    /// Whether low ≤ open ≤ high and low ≤ close ≤ high: the range of a candle holds its first and last trade.
    @inlinable
    public var isWhole: Bool {
        low <= open && open <= high && low <= close && close <= high
    }

    /// nil for a whole candle; else `.highBelowLow` when high < low, or `.candleNotWhole` with the values
    /// rendered at `scale` decimals. Readers throw it with the position they know.
    @inlinable
    public func wholenessError(scale: Int) -> OHLCVError.Kind? {
        isWhole ? nil : notWholeKind(scale: scale)
    }

    /// Error path only: builds the strings.
    @usableFromInline
    func notWholeKind(scale: Int) -> OHLCVError.Kind {
        let time = TimestampText.string(time)
        if high < low { return .highBelowLow(time: time) }
        return .candleNotWhole(time: time, open: ReprFormatting.string(open, scale: scale),
                               high: ReprFormatting.string(high, scale: scale),
                               low: ReprFormatting.string(low, scale: scale),
                               close: ReprFormatting.string(close, scale: scale))
    }
}
