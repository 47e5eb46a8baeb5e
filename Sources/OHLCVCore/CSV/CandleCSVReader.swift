/// Reads our CSV (behaviour §3.1) from any byte offset, fully validated: header, six fields, a valid timestamp,
/// exact numbers at the file's scale, a whole candle (low ≤ open, close ≤ high), and strictly increasing
/// time. Errors carry the line number (or the byte offset when reading began mid-file).
public final class CandleCSVReader {
    public let lines: LineReader
    public let scale: Int
    /// Time of the last row returned; rows must strictly increase after it.
    public var previousTime: Int64?
    let knowsLineNumbers: Bool
    /// Offset of the row most recently returned.
    public private(set) var rowOffset: Int64 = 0
    /// The bytes of the row most recently returned (valid until the next call), without its newline.
    public private(set) var rowBytes = UnsafeBufferPointer<UInt8>(start: nil, count: 0)

    /// Starting at offset 0 the header is required; starting elsewhere the offset must be a row start.
    public init(fd: FileDescriptor, scale: Int, startOffset: Int64 = 0, limit: Int64? = nil) throws {
        self.scale = scale
        knowsLineNumbers = startOffset == 0
        lines = try LineReader(fd: fd, startOffset: startOffset, limit: limit)
        if startOffset == 0 {
            guard let header = try lines.nextLine() else {
                throw OHLCVError(.badCSV(.emptyFile(header: String(CandleCSVFormat.header.dropLast()))), line: 1)
            }
            if !header.elementsEqual(CandleCSVFormat.headerBytes.dropLast()) {
                throw OHLCVError(.badCSV(.wrongHeader(expected: String(CandleCSVFormat.header.dropLast()),
                                                      found: String(decoding: header, as: UTF8.self))), line: 1)
            }
        }
    }

    /// The offset the next row will be read from.
    public var offset: Int64 { lines.offset }

    func error(_ kind: OHLCVError.Kind) -> OHLCVError {
        knowsLineNumbers ? OHLCVError(kind, line: lines.lineNumber) : OHLCVError(kind, byteOffset: rowOffset)
    }

    /// The next row, or nil at the end.
    @inline(__always)
    public func next() throws -> Candle? {
        rowOffset = lines.offset
        let next: UnsafeBufferPointer<UInt8>?
        do { next = try lines.nextLine() } catch var e as OHLCVError where !knowsLineNumbers {
            // LineReader counts lines from where it started; mid-file only the byte offset means anything.
            e.line = nil
            e.byteOffset = rowOffset
            throw e
        }
        guard let line = next else { return nil }
        rowBytes = line
        let candle: Candle
        if let c = parseCanonical(line) { candle = c } else { candle = try parse(line) }
        if let previousTime, candle.time <= previousTime {
            throw error(.outOfOrder(previous: TimestampText.string(previousTime), current: TimestampText.string(candle.time)))
        }
        previousTime = candle.time
        return candle
    }

    static let fieldNames = ["time", "open", "high", "low", "close", "volume"]

    /// The date part of the previous row and its day number: consecutive rows share it, and civil-date
    /// arithmetic per row is measurable.
    var cachedDatePrefix: (UInt64, UInt16) = (0, 0)
    var cachedDays: Int64 = 0

    @inline(__always)
    func parseTime(_ p: UnsafePointer<UInt8>) -> Int64? {
        let raw = UnsafeRawPointer(p)
        let prefix = (raw.loadUnaligned(as: UInt64.self), raw.loadUnaligned(fromByteOffset: 8, as: UInt16.self))
        if prefix == cachedDatePrefix {
            guard let time = TimestampText.parseTimeOfDay(p) else { return nil }
            return cachedDays * 86_400 + Int64(time)
        }
        guard let t = TimestampText.parse(p) else { return nil }
        cachedDatePrefix = prefix
        cachedDays = t / 86_400 - (t % 86_400 < 0 ? 1 : 0)
        return t
    }

    /// One number at the file's scale. Plain `-123.4567` text takes the fast path; anything else (exponent
    /// form, more digits) goes through `DecimalText`, which refuses more decimals than the scale.
    /// Whether every number of the row most recently returned is written exactly as `ReprFormatting` writes
    /// it, so that the row's bytes can be copied instead of formatted again.
    public private(set) var rowIsCanonical = true

    @inline(__always)
    func parseNumber(_ p: UnsafePointer<UInt8>, count: Int) -> Int64? {
        var i = 0
        var negative = false
        if count > 0 && p[0] == ASCII.minus { negative = true; i = 1 }
        var value: Int64 = 0
        let wholeStart = i
        while i < count, case let d = p[i] &- ASCII.zero, d < 10 { value = value &* 10 &+ Int64(d); i += 1 }
        let digits = i - wholeStart
        var fraction = 0
        if i < count && p[i] == ASCII.dot {
            i += 1
            while i < count, case let d = p[i] &- ASCII.zero, d < 10 { value = value &* 10 &+ Int64(d); i += 1; fraction += 1 }
        }
        if i == count && digits + fraction <= 18 && digits > 0 && fraction <= scale {
            let (r, o) = value.multipliedReportingOverflow(by: Powers.ten(scale - fraction))
            if !o {
                if rowIsCanonical { rowIsCanonical = isCanonical(p, wholeStart: wholeStart, digits: digits, fraction: fraction, negative: negative, zero: value == 0) }
                return negative ? -r : r
            }
        }
        rowIsCanonical = false
        // Wide, so that a price of 19 significant digits (up to the cap at 12 decimals) still reads.
        guard let parsed = DecimalText.parseWide(p, count: count),
              let wide = DecimalText.scaledWideExactly(parsed.significand, exponent: parsed.exponent, scale: scale) else { return nil }
        return Int64(exactly: wide)
    }

    /// Positional text as `ReprFormatting` writes it: no leading zero (but a lone "0"), a fraction without
    /// trailing zeros (but ".0"), at least 1e-4 and below 1e16, and no "-0.0".
    @inline(__always)
    func isCanonical(_ p: UnsafePointer<UInt8>, wholeStart: Int, digits: Int, fraction: Int, negative: Bool, zero: Bool) -> Bool {
        guard fraction > 0, digits <= 16 else { return false }
        if zero { return !negative && digits == 1 && fraction == 1 }
        let dot = wholeStart + digits
        if digits > 1 && p[wholeStart] == ASCII.zero { return false }
        if p[dot + fraction] == ASCII.zero && fraction > 1 { return false }
        if fraction == 1 && p[dot + 1] == ASCII.zero { return p[wholeStart] != ASCII.zero }
        if p[dot + fraction] == ASCII.zero { return false }
        if digits == 1 && p[wholeStart] == ASCII.zero {
            // Below 1 the value must be at least 1e-4: fewer than four zeros after the point.
            var zeros = 0
            while zeros < fraction && p[dot + 1 + zeros] == ASCII.zero { zeros += 1 }
            return zeros < 4
        }
        return true
    }

    /// The volume: Int128, since a resampled year's volume at 12 decimals passes Int64. Fits-in-Int64 text
    /// takes `parseNumber`'s fast path; only wider text pays for 128-bit arithmetic.
    @inline(__always)
    func parseVolume(_ p: UnsafePointer<UInt8>, count: Int) -> Int128? {
        if let v = parseNumber(p, count: count) { return Int128(v) }
        guard let parsed = DecimalText.parseWide(p, count: count) else { return nil }
        return DecimalText.scaledWideExactly(parsed.significand, exponent: parsed.exponent, scale: scale)
    }

    /// Why field `field`'s text was refused: a number too large for the file's decimals gets the limit and
    /// the setting that would hold it; anything else is a bad number. Error path only.
    func numberError(field: Int, _ p: UnsafePointer<UInt8>, count: Int) -> OHLCVError.Kind {
        let name = CandleCSVReader.fieldNames[field]
        let text = String(decoding: UnsafeBufferPointer(start: p, count: count), as: UTF8.self)
        guard let parsed = DecimalText.parseWide(p, count: count) else { return .badNumber(field: name, text: text) }
        let shift = parsed.exponent + scale
        // More decimals than the file's scale is malformed text, not a large number.
        if shift < 0 && (-shift > 38 || parsed.significand % Powers.wideTen(-shift) != 0) {
            return .badNumber(field: name, text: text)
        }
        let quantity: DecimalsLimit.Quantity = field == 5 ? .volume : .price
        return .exceedsDecimalsLimit(quantity: quantity, what: name, value: text, decimals: scale,
                                     fitsAt: DecimalsLimit.finestDecimals(fitting: quantity, significand: parsed.significand,
                                                                           exponent: parsed.exponent, below: scale))
    }

    /// The run of ASCII digits at the start of the 8 bytes at `p` (which must be readable): its length, and its
    /// value when the length is below 8. Eight bytes are classified and combined at once (SWAR): a byte is a
    /// digit when byte - '0' is below 10; the digits, moved to the top of the word behind zeros, are combined
    /// pairwise, then in fours, then eights, by three multiplications.
    @inline(__always)
    static func digitRun(_ p: UnsafePointer<UInt8>) -> (length: Int, value: UInt64) {
        let t = UnsafeRawPointer(p).loadUnaligned(as: UInt64.self).littleEndian &- 0x3030_3030_3030_3030
        // Bit 7 of a byte is set when it is below '0' (borrow) or above '9' (+0x76 carries into bit 7). A borrow
        // or carry only ever starts at a non-digit, so bytes before the first non-digit are classified right.
        let nonDigits = (t | (t &+ 0x7676_7676_7676_7676)) & 0x8080_8080_8080_8080
        let length = nonDigits.trailingZeroBitCount >> 3
        if length == 0 || length == 8 { return (length, 0) }
        var d = (t & ((1 << (length << 3)) &- 1)) << ((8 - length) << 3)
        d = d &* 10 &+ (d >> 8)
        d = ((d & 0x0000_00FF_0000_00FF) &* (100 &+ (1_000_000 << 32))
             &+ ((d >> 16) & 0x0000_00FF_0000_00FF) &* (1 &+ (10_000 << 32))) >> 32
        return (length, d)
    }

    /// One pass over a row in the form the writer writes (the shape of nearly every row): the timestamp, then
    /// five canonical positive numbers, each parsed and checked for canonical form where its comma is found.
    /// nil for anything else, and `parse` then reads the row again with every check and its exact error.
    @inline(__always)
    func parseCanonical(_ line: UnsafeBufferPointer<UInt8>) -> Candle? {
        guard let base = line.baseAddress, line.count > TimestampText.length,
              base[TimestampText.length] == ASCII.comma, let time = parseTime(base) else { return nil }
        let end = line.count
        var i = TimestampText.length + 1
        var values: (Int64, Int64, Int64, Int64, Int64) = (0, 0, 0, 0, 0)
        for field in 1...5 {
            let start = i
            var value: Int64 = 0
            if i + 8 <= end, case let (k, whole) = CandleCSVReader.digitRun(base + i), k < 8 {
                value = Int64(whole); i += k
            } else {
                while i < end, case let d = base[i] &- ASCII.zero, d < 10 { value = value &* 10 &+ Int64(d); i += 1 }
            }
            let digits = i - start
            // ReprFormatting's positional form: no leading zero but a lone "0", below 10^16, a point.
            guard digits > 0, digits <= 16, digits == 1 || base[start] != ASCII.zero,
                  i < end, base[i] == ASCII.dot else { return nil }
            i += 1
            let fractionStart = i
            if i + 8 <= end, case let (k, part) = CandleCSVReader.digitRun(base + i), k < 8 {
                value = value &* Powers.ten(k) &+ Int64(part); i += k
            } else {
                while i < end, case let d = base[i] &- ASCII.zero, d < 10 { value = value &* 10 &+ Int64(d); i += 1 }
            }
            let fraction = i - fractionStart
            guard fraction > 0, fraction <= scale, digits + fraction <= 18 else { return nil }
            if field < 5 {
                guard i < end, base[i] == ASCII.comma else { return nil }
            } else if i != end {
                return nil
            }
            let last = base[i - 1]
            if base[start] == ASCII.zero {
                // Below 1: at least 1e-4 (fewer than four zeros after the point) and no trailing zero; "0.0" alone.
                if fraction == 1 && last == ASCII.zero {
                    guard digits == 1 else { return nil }
                } else {
                    guard last != ASCII.zero, fraction < 4 || base[fractionStart] != ASCII.zero
                        || base[fractionStart + 1] != ASCII.zero || base[fractionStart + 2] != ASCII.zero
                        || base[fractionStart + 3] != ASCII.zero else { return nil }
                }
            } else if last == ASCII.zero && fraction > 1 {
                return nil
            }
            let (scaled, overflow) = value.multipliedReportingOverflow(by: Powers.ten(scale - fraction))
            if overflow { return nil }
            switch field {
            case 1: values.0 = scaled
            case 2: values.1 = scaled
            case 3: values.2 = scaled
            case 4: values.3 = scaled
            default: values.4 = scaled
            }
            i += 1
        }
        let candle = Candle(time: time, open: values.0, high: values.1, low: values.2, close: values.3, volume: Int128(values.4))
        guard candle.isWhole else { return nil }
        rowIsCanonical = true
        return candle
    }

    @inline(__always)
    func parse(_ line: UnsafeBufferPointer<UInt8>) throws -> Candle {
        guard let base = line.baseAddress, line.count > TimestampText.length,
              base[TimestampText.length] == ASCII.comma, let time = parseTime(base) else {
            throw error(.badCSV(.noTimestamp(row: String(decoding: line, as: UTF8.self))))
        }
        var prices: (Int64, Int64, Int64, Int64) = (0, 0, 0, 0)
        var volume: Int128 = 0
        var position = TimestampText.length + 1
        rowIsCanonical = true
        for field in 1...5 {
            var end = position
            while end < line.count && base[end] != ASCII.comma { end += 1 }
            if (field < 5) != (end < line.count) {
                throw error(.badCSV(.wrongFieldCount(row: String(decoding: line, as: UTF8.self), expected: 6)))
            }
            if field == 5 {
                guard let v = parseVolume(base + position, count: end - position) else {
                    throw error(numberError(field: field, base + position, count: end - position))
                }
                volume = v
                break
            }
            guard let v = parseNumber(base + position, count: end - position) else {
                throw error(numberError(field: field, base + position, count: end - position))
            }
            switch field {
            case 1: prices.0 = v
            case 2: prices.1 = v
            case 3: prices.2 = v
            default: prices.3 = v
            }
            position = end + 1
        }
        let candle = Candle(time: time, open: prices.0, high: prices.1, low: prices.2, close: prices.3, volume: volume)
        if let kind = candle.wholenessError(scale: scale) { throw error(kind) }
        return candle
    }
}
