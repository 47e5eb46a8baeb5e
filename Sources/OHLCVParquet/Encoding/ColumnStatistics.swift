/// Chunk statistics in the column's type order (ColumnOrder TYPE_ORDER).
public enum ColumnStatistics {
    public static func int64(_ values: UnsafeBufferPointer<Int64>) -> Statistics {
        guard var lo = values.first else { return Statistics(maxValue: nil, minValue: nil) }
        var hi = lo
        for v in values {
            if v < lo { lo = v }
            if v > hi { hi = v }
        }
        return Statistics(maxValue: Plain.bytes(hi), minValue: Plain.bytes(lo))
    }

    /// Min and max over the non-NaN values, with the spec's zero rule: a minimum of ±0 is written −0.0
    /// and a maximum of ±0 is written +0.0. All NaN: no min/max, only the counts.
    public static func double(_ values: UnsafeBufferPointer<Double>) -> Statistics {
        var lo = Double.infinity
        var hi = -Double.infinity
        var nanCount: Int64 = 0
        for v in values {
            if v.isNaN { nanCount += 1; continue }
            if v < lo { lo = v }
            if v > hi { hi = v }
        }
        if nanCount == Int64(values.count) {
            return Statistics(maxValue: nil, minValue: nil, nanCount: nanCount)
        }
        if lo == 0 { lo = -0.0 }
        if hi == 0 { hi = 0.0 }
        return Statistics(maxValue: Plain.bytes(hi), minValue: Plain.bytes(lo), nanCount: nanCount)
    }

}
