/// Formats candles as CSV rows straight into an `OutputBuffer`: no String, no Double.
public struct CandleCSVWriter {
    public let out: OutputBuffer
    public let scale: Int
    static let maximumRowLength = TimestampText.length + 5 * (ReprFormatting.maximumLength + 1) + 1

    public init(out: OutputBuffer, scale: Int) {
        self.out = out
        self.scale = scale
    }

    public func writeHeader() throws { try out.write(CandleCSVFormat.headerBytes) }

    @inline(__always)
    public func write(_ c: Candle) throws {
        let p = try out.reserve(CandleCSVWriter.maximumRowLength)
        TimestampText.write(c.time, to: p)
        var n = TimestampText.length
        p[n] = ASCII.comma; n += 1
        n += ReprFormatting.write(c.open, scale: scale, to: p + n); p[n] = ASCII.comma; n += 1
        n += ReprFormatting.write(c.high, scale: scale, to: p + n); p[n] = ASCII.comma; n += 1
        n += ReprFormatting.write(c.low, scale: scale, to: p + n); p[n] = ASCII.comma; n += 1
        n += ReprFormatting.write(c.close, scale: scale, to: p + n); p[n] = ASCII.comma; n += 1
        n += ReprFormatting.write(c.volume, scale: scale, to: p + n); p[n] = ASCII.newline; n += 1
        out.advance(by: n)
    }
}
