/// Folds time-ordered candles into bins of one timeframe: open of the first, max high, min low, close of the
/// last, exact volume sum. A bin is handed out when the first row of a later bin arrives.
public struct CandleBucketer {
    public let timeframe: Timeframe
    /// The bin being filled, if any.
    public private(set) var current: Candle?

    public init(timeframe: Timeframe) { self.timeframe = timeframe }

    /// Adds a row; returns the bin it completed, if it started a new one.
    @inline(__always)
    public mutating func add(_ row: Candle) throws -> Candle? {
        let start = timeframe.binStart(containing: row.time)
        if var bin = current, bin.time == start {
            if row.high > bin.high { bin.high = row.high }
            if row.low < bin.low { bin.low = row.low }
            bin.close = row.close
            let (v, overflow) = bin.volume.addingReportingOverflow(row.volume)
            if overflow { throw OHLCVError(.overflow("volume sum of the \(timeframe) candle at \(TimestampText.string(start))")) }
            bin.volume = v
            current = bin
            return nil
        }
        let completed = current
        current = Candle(time: start, open: row.open, high: row.high, low: row.low, close: row.close, volume: row.volume)
        return completed
    }
}
