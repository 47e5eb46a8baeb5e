import Foundation
import OHLCVCore

/// Seeded random candles and an independent rendering of them as CSV text (DateFormatter for the time,
/// Swift's shortest Double text for the numbers, which matches Python's repr for ≤ 15 significant digits).
enum CandleGenerator {
    /// `count` candles with strictly increasing times between 1970 and 2100, valid high ≥ low, and every
    /// number below 10^15 units so that the Double oracle stays exact.
    static func candles(count: Int, using rng: inout SplitMix64, start: Int64? = nil, step: ClosedRange<Int64>? = nil) -> [Candle] {
        var time = start ?? Int64.random(in: 0...4_000_000_000, using: &rng) / 60 * 60
        var result: [Candle] = []
        for _ in 0..<count {
            let magnitude = Powers.ten(Int.random(in: 0...13, using: &rng))
            let base = Int64.random(in: 0...magnitude * 10, using: &rng) * (Int.random(in: 0..<20, using: &rng) == 0 ? -1 : 1)
            let spread = Int64.random(in: 0...max(1, magnitude / 10), using: &rng)
            let prices = (0..<4).map { _ in base + Int64.random(in: -spread...spread, using: &rng) }
            let volume = Int.random(in: 0..<10, using: &rng) == 0 ? 0
                : Int64.random(in: 1...Powers.ten(Int.random(in: 1...14, using: &rng)), using: &rng)
            result.append(Candle(time: time, open: prices[0], high: prices.max()!, low: prices.min()!, close: prices[3],
                                 volume: Int128(volume)))
            time += Int64.random(in: step ?? 1...7200, using: &rng)
        }
        return result
    }

    static func number(_ units: Int64, scale: Int) -> String {
        units == 0 ? "0.0" : (Double(units) / Double("1e\(scale)")!).description
    }

    static func row(_ c: Candle, scale: Int) -> String {
        ([CalendarOracle.timestamp(c.time)] + [c.open, c.high, c.low, c.close, Int64(c.volume)].map { number($0, scale: scale) })
            .joined(separator: ",") + "\n"
    }

    static func csv(_ candles: [Candle], scale: Int) -> String {
        "time,open,high,low,close,volume\n" + candles.map { row($0, scale: scale) }.joined()
    }
}
