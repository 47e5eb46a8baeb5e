import Foundation

/// An independent decoding of a Jetta day payload (behaviour §2): Foundation's JSONSerialization for the shape,
/// with every number token quoted first so that nothing passes through Double, and Foundation.Decimal for
/// the arithmetic.
enum JettaOracle {
    struct Row: Equatable, CustomStringConvertible {
        var time: Int64            // seconds, after the shift
        var open, high, low, close, volume: Decimal
        var description: String { "\(time) \(open) \(high) \(low) \(close) \(volume)" }
    }

    struct Payload {
        var timestamp: Int64, shift: Int64
        var multiplier: Decimal
        var bases: [Decimal]?
        var times: [Int64]
        var deltas: [[Int64]]          // opens, highs, lows, closes
        var volumes: [Decimal]
    }

    static func payload(_ bytes: [UInt8]) throws -> Payload {
        let text = String(decoding: bytes, as: UTF8.self)
        let regex = try NSRegularExpression(pattern: #"([:\[,]\s*)(-?[0-9][0-9.eE+\-]*)"#)
        let quoted = regex.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text),
                                                    withTemplate: "$1\"$2\"")
        let object = try JSONSerialization.jsonObject(with: Data(quoted.utf8)) as! [String: Any]
        func int(_ key: String) -> Int64 { Int64(object[key] as! String)! }
        func ints(_ key: String) -> [Int64] { (object[key] as! [String]).map { Int64($0)! } }
        func decimal(_ any: Any) -> Decimal? { (any as? String).map(DecimalOracle.parse) }
        let baseValues = ["open", "high", "low", "close"].map { decimal(object[$0]!) }
        return Payload(timestamp: int("timestamp"), shift: int("shift"), multiplier: decimal(object["multiplier"]!)!,
                       bases: baseValues.contains(nil) ? nil : baseValues.map { $0! }, times: ints("times"),
                       deltas: ["opens", "highs", "lows", "closes"].map(ints),
                       volumes: (object["volumes"] as! [String]).map(DecimalOracle.parse))
    }

    /// Rows with non-zero volume, prices and volumes rounded half-even to `scale` decimals, times shifted by
    /// `shiftMillis(utcMillis)`.
    static func rows(_ bytes: [UInt8], scale: Int, shiftMillis: (Int64) -> Int64 = { _ in 0 }) throws -> [Row] {
        let p = try payload(bytes)
        guard let bases = p.bases else { return [] }
        var rows: [Row] = []
        var tick: Int64 = 0
        var sums: [Int64] = [0, 0, 0, 0]
        for i in p.times.indices {
            tick += p.times[i]
            for k in 0..<4 { sums[k] += p.deltas[k][i] }
            if p.volumes[i] == 0 { continue }
            let prices = (0..<4).map {
                DecimalOracle.roundedHalfEven(bases[$0] + p.multiplier * Decimal(sums[$0]), scale: scale)
            }
            let utc = p.timestamp + p.shift * tick
            rows.append(Row(time: (utc + shiftMillis(utc)) / 1000, open: prices[0], high: prices[1], low: prices[2],
                            close: prices[3], volume: DecimalOracle.roundedHalfEven(p.volumes[i], scale: scale)))
        }
        return rows
    }
}
