/// A decoded day payload of the Jetta API (behaviour §2), still in the API's delta form.
public struct JettaDay: Equatable {
    /// A number as written: `significand × 10^exponent`, exact.
    public struct Decimal: Equatable {
        public var significand: Int64
        public var exponent: Int
    }

    public var timestampMillis: Int64
    public var shiftMillis: Int64
    public var multiplier: Decimal
    /// open, high, low, close base prices; nil on an empty day.
    public var bases: [Decimal]?
    public var times: [Int64]
    /// Price deltas in multiplier units: opens, highs, lows, closes.
    public var deltas: [[Int64]]
    public var volumes: [Decimal]

    public var count: Int { times.count }
    public var isEmpty: Bool { times.isEmpty }
}
