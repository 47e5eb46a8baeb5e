/// Reads our CSV (SPEC §3.1) from any byte offset, fully validated: header, six fields, a valid timestamp,
/// exact numbers at the file's scale, high ≥ low, and strictly increasing time. Errors carry the line
/// number (or the byte offset when reading began mid-file).
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
            guard let header = try lines.nextLine() else { return }
            if !header.elementsEqual(CandleCSVFormat.headerBytes.dropLast()) {
                throw OHLCVError(.badCSV("header must be '\(CandleCSVFormat.header.dropLast())', found '\(String(decoding: header, as: UTF8.self))'"), line: 1)
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
        guard let line = try lines.nextLine() else { return nil }
        rowBytes = line
        let candle = try parse(line)
        if let previousTime, candle.time <= previousTime {
            throw error(.outOfOrder(previous: TimestampText.string(previousTime), current: TimestampText.string(candle.time)))
        }
        previousTime = candle.time
        return candle
    }

    static let fieldNames = ["time", "open", "high", "low", "close", "volume"]

    @inline(__always)
    func parse(_ line: UnsafeBufferPointer<UInt8>) throws -> Candle {
        guard let base = line.baseAddress, line.count > TimestampText.length,
              base[TimestampText.length] == ASCII.comma, let time = TimestampText.parse(base) else {
            throw error(.badCSV("expected 'YYYY-MM-DD HH:MM:SS,' at the start of '\(String(decoding: line, as: UTF8.self))'"))
        }
        var values: (Int64, Int64, Int64, Int64, Int64) = (0, 0, 0, 0, 0)
        var position = TimestampText.length + 1
        for field in 1...5 {
            var end = position
            while end < line.count && base[end] != ASCII.comma { end += 1 }
            if (field < 5) != (end < line.count) {
                throw error(.badCSV("expected 6 fields in '\(String(decoding: line, as: UTF8.self))'"))
            }
            guard let parsed = DecimalText.parse(base + position, count: end - position),
                  let v = DecimalText.scaledExactly(parsed.significand, exponent: parsed.exponent, scale: scale) else {
                throw error(.badNumber(field: CandleCSVReader.fieldNames[field],
                                       text: String(decoding: UnsafeBufferPointer(start: base + position, count: end - position), as: UTF8.self)))
            }
            switch field {
            case 1: values.0 = v
            case 2: values.1 = v
            case 3: values.2 = v
            case 4: values.3 = v
            default: values.4 = v
            }
            position = end + 1
        }
        if values.1 < values.2 { throw error(.highBelowLow(time: TimestampText.string(time))) }
        return Candle(time: time, open: values.0, high: values.1, low: values.2, close: values.3, volume: values.4)
    }
}
