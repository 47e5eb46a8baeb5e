/// What fetch needs to know about a day payload it has validated: where it starts and its candles, in the
/// exact form the pipeline will compute them (for `DayRevision` comparisons).
///
/// `DayPayload.validate` is the one gate between the network and the disk: nothing reaches the cache or the
/// temp dir unless it passes. It runs the pipeline's own decoder (`JettaDayDecoder`: exact shape, keys, equal
/// array lengths, integer deltas) and candle rebuild (`JettaDay.candles`: strictly increasing times,
/// every candle whole (low ≤ open, close ≤ high), numbers in range at the transform's default 8 decimals), so a day fetch accepts is a day
/// transform accepts. On top, fetch checks what only it knows: the payload is the day it asked for, and every
/// candle lies inside that UTC day.
public struct DayPayload: Equatable, Sendable {
    /// The scale the pipeline writes by default (behaviour §3.1 DECIMALS).
    public static let scale = 8

    public var timestampMillis: Int64
    /// Candles with non-zero volume (zero-volume rows are dropped, as the API itself does), UTC seconds.
    public var candles: [Candle]
    /// True for the empty-day form (null bases, empty arrays) and for a day whose rows all have volume 0.
    public var isEmpty: Bool { candles.isEmpty }

    /// Validates `bytes` as the payload of the UTC day starting at `dayStartMillis`.
    public static func validate(_ bytes: [UInt8], dayStartMillis: Int64) throws -> DayPayload {
        let day = try JettaDayDecoder.decode(bytes)
        if day.timestampMillis != dayStartMillis {
            throw OHLCVError(.malformedJSON(.notTheRequestedDay(timestamp: day.timestampMillis, expected: dayStartMillis)))
        }
        // Every row, zero-volume ones included, must lie inside the day. Checked first, with overflow-safe
        // arithmetic, so that absurd deltas are a data error rather than an arithmetic trap further on.
        var tick: Int64 = 0
        for (i, delta) in day.times.enumerated() {
            if delta < 0 || (i > 0 && delta == 0) {
                throw OHLCVError(.malformedJSON(.timesNotIncreasing(index: i, delta: delta)))
            }
            let (offset, overflow) = delta > 86_400_000 ? (0, true) : day.shiftMillis.multipliedReportingOverflow(by: tick + delta)
            if overflow || offset >= 86_400_000 {
                throw OHLCVError(.malformedJSON(.rowOutsideDay(row: i + 1)))
            }
            tick += delta
        }
        let candles = try day.candles(alignment: .utc, scale: scale)
        return DayPayload(timestampMillis: day.timestampMillis, candles: candles)
    }
}
