/// Formats candles as CSV rows straight into an `OutputBuffer`: no String, no Double.
public final class CandleCSVWriter {
    public let out: OutputBuffer
    public let scale: Int
    /// The day of the previous row and its `YYYY-MM-DD` text: consecutive rows share it.
    var cachedDay: Int64 = .min
    var cachedDate: (UInt64, UInt16) = (0, 0)
    static let maximumRowLength = TimestampText.length + 4 * (ReprFormatting.maximumLength + 1)
        + ReprFormatting.maximumWideLength + 1

    public init(out: OutputBuffer, scale: Int) {
        self.out = out
        self.scale = scale
    }

    public func writeHeader() throws { try out.write(CandleCSVFormat.headerBytes) }

    @inline(__always)
    public func write(_ c: Candle) throws {
        let p = try out.reserve(CandleCSVWriter.maximumRowLength)
        var day = c.time / 86_400
        if c.time % 86_400 < 0 { day -= 1 }
        if day == cachedDay {
            let raw = UnsafeMutableRawPointer(p)
            raw.storeBytes(of: cachedDate.0, as: UInt64.self)
            raw.storeBytes(of: cachedDate.1, toByteOffset: 8, as: UInt16.self)
            TimestampText.writeTimeOfDay(Int(c.time - day * 86_400), to: p)
        } else {
            TimestampText.write(c.time, to: p)
            let raw = UnsafeRawPointer(p)
            cachedDate = (raw.loadUnaligned(as: UInt64.self), raw.loadUnaligned(fromByteOffset: 8, as: UInt16.self))
            cachedDay = day
        }
        var n = TimestampText.length
        p[n] = ASCII.comma; n += 1
        n += ReprFormatting.write(c.open, scale: scale, to: p + n); p[n] = ASCII.comma; n += 1
        n += ReprFormatting.write(c.high, scale: scale, to: p + n); p[n] = ASCII.comma; n += 1
        n += ReprFormatting.write(c.low, scale: scale, to: p + n); p[n] = ASCII.comma; n += 1
        n += ReprFormatting.write(c.close, scale: scale, to: p + n); p[n] = ASCII.comma; n += 1
        n += ReprFormatting.write(wide: c.volume, scale: scale, to: p + n); p[n] = ASCII.newline; n += 1
        out.advance(by: n)
    }
}
