/// A daily candle as the chart draws it: the row's own text, its prices as integers at a common scale.
public struct ChartCandle: Equatable, Sendable {
    public var day: String
    public var open: Int64, high: Int64, low: Int64, close: Int64

    /// Parses `YYYY-MM-DD HH:MM:SS,open,high,low,close,volume` with prices scaled by 10^scale (exact; a price
    /// with more decimals than `scale` or a malformed row gives nil).
    public init?(row: String, scale: Int) {
        let f = row.split(separator: ",", omittingEmptySubsequences: false)
        guard f.count >= 5, f[0].count >= 10 else { return nil }
        guard let o = ChartCandle.units(f[1], scale), let h = ChartCandle.units(f[2], scale),
              let l = ChartCandle.units(f[3], scale), let c = ChartCandle.units(f[4], scale) else { return nil }
        day = String(f[0].prefix(10)); open = o; high = h; low = l; close = c
    }

    /// Decimal text → integer units of 10^-scale, exactly.
    static func units(_ text: Substring, _ scale: Int) -> Int64? {
        var negative = false, whole: Int64 = 0, fraction: Int64 = 0, digits = 0, seenPoint = false, any = false
        for (i, ch) in text.enumerated() {
            if ch == "-" && i == 0 { negative = true; continue }
            if ch == "." && !seenPoint { seenPoint = true; continue }
            guard let d = ch.wholeNumberValue, ch.isASCII else { return nil }
            any = true
            if seenPoint {
                digits += 1
                if digits > scale { if d != 0 { return nil } else { continue } }
                fraction = fraction * 10 + Int64(d)
            } else {
                let (m, o1) = whole.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(Int64(d))
                if o1 || o2 { return nil }
                whole = a
            }
        }
        guard any else { return nil }
        var p: Int64 = 1
        for _ in 0..<scale { p *= 10 }
        for _ in digits..<max(digits, scale) { fraction *= 10 }
        let (w, o) = whole.multipliedReportingOverflow(by: p)
        if o { return nil }
        return negative ? -(w + fraction) : w + fraction
    }
}

/// The candlestick chart of the last weeks of daily candles, as inline SVG.
public enum CandleChart {
    public static let width = 760, height = 260, pad = 8

    /// Pixel row of `v` in [lo, hi], by integer arithmetic rounded half-even (prices are never floats).
    static func y(_ v: Int64, lo: Int64, hi: Int64) -> Int {
        let span = max(hi - lo, 1)
        let plot = Int64(height - 2 * pad)
        let num = (hi - v) * plot
        var q = num / span
        let r = num % span
        if 2 * r > span || (2 * r == span && q % 2 == 1) { q += 1 }
        return pad + Int(q)
    }

    /// `candles` oldest first. Up candles are hollow blue, down candles filled dark: neither colour is one of
    /// the heatmap's, so a rendering can be checked for the heatmap's colours alone.
    public static func svg(_ candles: [ChartCandle], highText: String, lowText: String) -> String {
        guard let lo = candles.map(\.low).min(), let hi = candles.map(\.high).max() else { return "" }
        let step = max(4, (width - 2 * pad - 60) / max(candles.count, 1))
        let body = max(2, step * 6 / 10)
        var s = "<svg class=\"chart\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" role=\"img\">"
        s += "<rect x=\"0\" y=\"0\" width=\"\(width)\" height=\"\(height)\" fill=\"#ffffff\" stroke=\"#cccccc\"/>"
        for (i, c) in candles.enumerated() {
            let x = pad + i * step + step / 2
            let up = c.close >= c.open
            let top = y(max(c.open, c.close), lo: lo, hi: hi), bottom = y(min(c.open, c.close), lo: lo, hi: hi)
            let colour = up ? "#1f5fbf" : "#333333"
            s += "<g data-candle=\"\(c.day)\"><title>\(c.day)</title>"
            s += "<line x1=\"\(x)\" x2=\"\(x)\" y1=\"\(y(c.high, lo: lo, hi: hi))\" y2=\"\(y(c.low, lo: lo, hi: hi))\" stroke=\"\(colour)\"/>"
            s += "<rect x=\"\(x - body / 2)\" y=\"\(top)\" width=\"\(body)\" height=\"\(max(1, bottom - top))\" fill=\"\(up ? "#ffffff" : colour)\" stroke=\"\(colour)\"/></g>"
        }
        let labelX = width - 56
        s += "<text x=\"\(labelX)\" y=\"\(pad + 10)\" font-size=\"11\">\(HTML.escape(highText))</text>"
        s += "<text x=\"\(labelX)\" y=\"\(height - pad)\" font-size=\"11\">\(HTML.escape(lowText))</text></svg>"
        return s
    }
}
