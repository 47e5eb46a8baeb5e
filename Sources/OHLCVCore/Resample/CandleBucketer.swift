/// Folds time-ordered candles into bins of one timeframe: open of the first, max high, min low, close of the
/// last, exact volume sum. A bin is handed out when the first row of a later bin arrives.
public struct CandleBucketer {
    public let timeframe: Timeframe
    /// The bin being filled, if any.
    public private(set) var current: Candle?

    /// The files' DECIMALS: named in the error when a volume sum does not fit.
    public let scale: Int

    public init(timeframe: Timeframe, scale: Int) {
        self.timeframe = timeframe
        self.scale = scale
    }

    /// Adds a row; returns the bin it completed, if it started a new one.
    @inline(__always)
    public mutating func add(_ row: Candle) throws -> Candle? {
        let start = timeframe.binStart(containing: row.time)
        if var bin = current, bin.time == start {
            if row.high > bin.high { bin.high = row.high }
            if row.low < bin.low { bin.low = row.low }
            bin.close = row.close
            let (v, overflow) = bin.volume.addingReportingOverflow(row.volume)
            if overflow { throw volumeSumError(start) }
            bin.volume = v
            current = bin
            return nil
        }
        let completed = current
        current = Candle(time: start, open: row.open, high: row.high, low: row.low, close: row.close, volume: row.volume)
        return completed
    }

    /// The sum that overflowed is below 2^128 (two addends of at most 2^127 - 1), so a tenth of it fits: at
    /// least one decimal fewer is needed, and the advice says "or fewer" since the bin may grow further.
    func volumeSumError(_ start: Int64) -> OHLCVError {
        let limit = DecimalsLimit(decimals: scale)?.maximumText(.volume) ?? String(Int128.max)
        return OHLCVError(.exceedsDecimalsLimit(quantity: .volume, what: "volume sum of the \(timeframe) candle at \(TimestampText.string(start))",
                                                value: "more than \(limit)", decimals: scale,
                                                fitsAt: scale > DecimalsLimit.supportedDecimals.lowerBound ? scale - 1 : nil))
    }
}
