/// What fetch needs to know about a day payload it has validated: where it starts, how many candles it
/// holds, and the candles themselves in an exact, comparable form (for `--recheck-days`).
///
/// `DayPayload.validate` is the one gate between the network and the disk: nothing reaches the cache or the
/// temp dir unless it passes. It checks the exact Jetta shape (SPEC §2): the thirteen keys once each, equal
/// array lengths, integers where deltas belong, strictly increasing times inside the requested day,
/// non-negative volumes and high ≥ low. When the main decoder (`JSON/JettaDayDecoder`) lands, this type
/// delegates to it; the rest of fetch only sees `DayPayload`.
public struct DayPayload: Equatable, Sendable {
    /// One decoded minute. Prices and volume are exact decimals, normalised (no trailing zeros).
    public struct Candle: Equatable, Sendable {
        public var timeMilliseconds: Int64
        public var open: ExactDecimal
        public var high: ExactDecimal
        public var low: ExactDecimal
        public var close: ExactDecimal
        public var volume: ExactDecimal
    }

    public var timestampMilliseconds: Int64
    /// Candles with non-zero volume, in time order (the API's own convention: zero-volume minutes are dropped).
    public var candles: [Candle]
    /// True when the server sent the empty-day form: null bases and empty arrays.
    public var isEmpty: Bool { candles.isEmpty }

    /// Validates `bytes` as the payload of the UTC day starting at `dayStartMilliseconds`.
    /// Throws `.malformedJSON`, `.arrayLengthMismatch`, `.badNumber`, `.outOfOrder` or `.highBelowLow`.
    public static func validate(_ bytes: [UInt8], dayStartMilliseconds: Int64) throws -> DayPayload {
        var parser = JettaDayParser(bytes)
        let raw = try parser.parse()
        return try raw.decode(dayStartMilliseconds: dayStartMilliseconds)
    }

    /// How many candles differ between two versions of a day: added, removed or with any value changed.
    public static func changedCandleCount(_ a: DayPayload, _ b: DayPayload) -> Int {
        var i = 0, j = 0, changed = 0
        let x = a.candles, y = b.candles
        while i < x.count || j < y.count {
            if j == y.count || (i < x.count && x[i].timeMilliseconds < y[j].timeMilliseconds) {
                changed += 1; i += 1
            } else if i == x.count || y[j].timeMilliseconds < x[i].timeMilliseconds {
                changed += 1; j += 1
            } else {
                if x[i] != y[j] { changed += 1 }
                i += 1; j += 1
            }
        }
        return changed
    }
}

/// An exact decimal `significand × 10^exponent`, normalised so equal values compare equal.
public struct ExactDecimal: Equatable, Sendable, CustomStringConvertible {
    public var significand: Int64
    public var exponent: Int

    public init(significand: Int64, exponent: Int) {
        var s = significand, e = exponent
        if s == 0 { e = 0 } else { while s % 10 == 0 { s /= 10; e += 1 } }
        self.significand = s; self.exponent = e
    }

    /// `self + units × step`, exactly; nil on overflow.
    func adding(_ units: Int64, times step: ExactDecimal) -> ExactDecimal? {
        let e = min(exponent, step.exponent)
        guard let a = ExactDecimal.rescale(significand, exponent - e),
              let b0 = ExactDecimal.rescale(step.significand, step.exponent - e) else { return nil }
        let (b, o1) = b0.multipliedReportingOverflow(by: units)
        let (sum, o2) = a.addingReportingOverflow(b)
        if o1 || o2 { return nil }
        return ExactDecimal(significand: sum, exponent: e)
    }

    static func rescale(_ s: Int64, _ up: Int) -> Int64? {
        if up == 0 || s == 0 { return s }
        guard up > 0, up <= 18 else { return nil }
        let (r, o) = s.multipliedReportingOverflow(by: Powers.ten[up])
        return o ? nil : r
    }

    static func < (a: ExactDecimal, b: ExactDecimal) -> Bool {
        let e = min(a.exponent, b.exponent)
        guard let x = rescale(a.significand, a.exponent - e), let y = rescale(b.significand, b.exponent - e) else {
            return Double(a.description)! < Double(b.description)!
        }
        return x < y
    }

    public var description: String { "\(significand)e\(exponent)" }
}

/// The raw fields of a Jetta day object, before decoding.
struct RawJettaDay {
    var timestamp: Int64 = 0
    var multiplier = ExactDecimal(significand: 0, exponent: 0)
    var bases: [ExactDecimal?] = [nil, nil, nil, nil]     // open high low close
    var shift: Int64 = 0
    var times: [Int64] = []
    var deltas: [[Int64]] = [[], [], [], []]              // opens highs lows closes
    var volumes: [ExactDecimal] = []

    func decode(dayStartMilliseconds: Int64) throws -> DayPayload {
        if timestamp != dayStartMilliseconds {
            throw OHLCVError(.malformedJSON("timestamp is \(timestamp), expected \(dayStartMilliseconds) (start of the requested day)"))
        }
        let n = times.count
        for (name, column) in zip(["opens", "highs", "lows", "closes"], deltas) where column.count != n {
            throw OHLCVError(.arrayLengthMismatch(field: name, count: column.count, expected: n))
        }
        if volumes.count != n { throw OHLCVError(.arrayLengthMismatch(field: "volumes", count: volumes.count, expected: n)) }
        guard shift > 0 else { throw OHLCVError(.badNumber(field: "shift", text: String(shift))) }
        if multiplier.significand <= 0 { throw OHLCVError(.badNumber(field: "multiplier", text: multiplier.description)) }
        if n == 0 { return DayPayload(timestampMilliseconds: timestamp, candles: []) }
        var base: [ExactDecimal] = []
        for (name, b) in zip(["open", "high", "low", "close"], bases) {
            guard let b else { throw OHLCVError(.malformedJSON("\(name) is null but the day has \(n) candles")) }
            base.append(b)
        }
        var candles: [DayPayload.Candle] = []
        candles.reserveCapacity(n)
        var step: Int64 = 0
        var sums: [Int64] = [0, 0, 0, 0]
        let dayEnd = dayStartMilliseconds + 86_400_000
        var previous = Int64.min
        for i in 0..<n {
            step += times[i]
            if i > 0 && times[i] <= 0 {
                throw OHLCVError(.outOfOrder(previous: "times[\(i - 1)]", current: "times[\(i)] (delta \(times[i]))"))
            }
            let t = timestamp + step * shift
            if t < dayStartMilliseconds || t >= dayEnd || t <= previous {
                throw OHLCVError(.malformedJSON("candle \(i) at epoch ms \(t) lies outside the requested day"))
            }
            previous = t
            var prices: [ExactDecimal] = []
            for k in 0..<4 {
                sums[k] += deltas[k][i]
                guard let p = base[k].adding(sums[k], times: multiplier) else {
                    throw OHLCVError(.overflow("price \(i) out of range"))
                }
                prices.append(p)
            }
            if prices[1] < prices[2] { throw OHLCVError(.highBelowLow(time: "epoch ms \(t)")) }
            if volumes[i].significand < 0 { throw OHLCVError(.badNumber(field: "volumes", text: volumes[i].description)) }
            if volumes[i].significand == 0 { continue }
            candles.append(.init(timeMilliseconds: t, open: prices[0], high: prices[1], low: prices[2],
                                 close: prices[3], volume: volumes[i]))
        }
        return DayPayload(timestampMilliseconds: timestamp, candles: candles)
    }
}

/// A byte-level reader of exactly the Jetta day object. Anything else is `.malformedJSON` naming the byte.
struct JettaDayParser {
    let bytes: [UInt8]
    var i = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    static let keys = ["timestamp", "multiplier", "open", "high", "low", "close", "shift",
                       "times", "opens", "highs", "lows", "closes", "volumes"]

    mutating func parse() throws -> RawJettaDay {
        var day = RawJettaDay()
        var seen = Set<String>()
        skipSpace()
        try expect(ASCII.leftBrace, "'{'")
        skipSpace()
        if peek() == ASCII.rightBrace { throw fail("keys", "'}'") }
        while true {
            skipSpace()
            let key = try readKey()
            guard JettaDayParser.keys.contains(key) else { throw OHLCVError(.malformedJSON("unexpected key \"\(key)\" at byte \(i)")) }
            guard seen.insert(key).inserted else { throw OHLCVError(.malformedJSON("key \"\(key)\" appears twice")) }
            skipSpace()
            try expect(ASCII.colon, "':'")
            skipSpace()
            switch key {
            case "timestamp": day.timestamp = try readInteger(key)
            case "shift": day.shift = try readInteger(key)
            case "multiplier":
                guard let m = try readDecimal(key, allowNull: false) else { throw fail(key, "null") }
                day.multiplier = m
            case "open": day.bases[0] = try readDecimal(key, allowNull: true)
            case "high": day.bases[1] = try readDecimal(key, allowNull: true)
            case "low": day.bases[2] = try readDecimal(key, allowNull: true)
            case "close": day.bases[3] = try readDecimal(key, allowNull: true)
            case "times": day.times = try readArray(key) { try $0.readInteger(key) }
            case "opens": day.deltas[0] = try readArray(key) { try $0.readInteger(key) }
            case "highs": day.deltas[1] = try readArray(key) { try $0.readInteger(key) }
            case "lows": day.deltas[2] = try readArray(key) { try $0.readInteger(key) }
            case "closes": day.deltas[3] = try readArray(key) { try $0.readInteger(key) }
            default:
                day.volumes = try readArray(key) { p in
                    guard let v = try p.readDecimal(key, allowNull: false) else { throw p.fail(key, "null") }
                    return v
                }
            }
            skipSpace()
            if peek() == ASCII.comma { i += 1; continue }
            try expect(ASCII.rightBrace, "',' or '}'")
            break
        }
        skipSpace()
        if i != bytes.count { throw fail("end of input", "more bytes") }
        if let missing = JettaDayParser.keys.first(where: { !seen.contains($0) }) {
            throw OHLCVError(.malformedJSON("key \"\(missing)\" is missing"))
        }
        return day
    }

    func peek() -> UInt8? { i < bytes.count ? bytes[i] : nil }

    mutating func skipSpace() { while i < bytes.count && ASCII.isWhitespace(bytes[i]) { i += 1 } }

    func fail(_ expected: String, _ found: String? = nil) -> OHLCVError {
        let what = found ?? (i < bytes.count ? "'\(String(decoding: [bytes[i]], as: UTF8.self))'" : "end of input")
        return OHLCVError(.malformedJSON("expected \(expected) at byte \(i + 1) of \(bytes.count), found \(what)"))
    }

    mutating func expect(_ b: UInt8, _ name: String) throws {
        guard peek() == b else { throw fail(name) }
        i += 1
    }

    mutating func readKey() throws -> String {
        try expect(ASCII.quote, "a key")
        let start = i
        while i < bytes.count && bytes[i] != ASCII.quote {
            if bytes[i] == 0x5C || bytes[i] < 0x20 { throw fail("a plain key") }
            i += 1
        }
        let key = String(decoding: bytes[start..<i], as: UTF8.self)
        try expect(ASCII.quote, "'\"'")
        return key
    }

    /// The bytes of one JSON number token (validated by the callers' parsers).
    mutating func numberToken() -> ArraySlice<UInt8> {
        let start = i
        while i < bytes.count, ASCII.isDigit(bytes[i]) || bytes[i] == ASCII.minus || bytes[i] == ASCII.plus
                || bytes[i] == ASCII.dot || bytes[i] == ASCII.lowerE || bytes[i] == ASCII.upperE { i += 1 }
        return bytes[start..<i]
    }

    mutating func readInteger(_ field: String) throws -> Int64 {
        let at = i
        let token = numberToken()
        guard !token.isEmpty else { throw fail("an integer in \(field)") }
        let text = String(decoding: token, as: UTF8.self)
        guard token.allSatisfy({ ASCII.isDigit($0) || $0 == ASCII.minus }), let v = Int64(text) else {
            i = at
            throw OHLCVError(.badNumber(field: field, text: text))
        }
        return v
    }

    mutating func readDecimal(_ field: String, allowNull: Bool) throws -> ExactDecimal? {
        if allowNull, bytes.count - i >= 4, bytes[i] == 0x6E, bytes[i + 1] == 0x75, bytes[i + 2] == 0x6C, bytes[i + 3] == 0x6C {
            i += 4
            return nil
        }
        let token = numberToken()
        guard !token.isEmpty else { throw fail("a number in \(field)") }
        let parsed: (significand: Int64, exponent: Int)? = token.withUnsafeBufferPointer {
            DecimalText.parse($0.baseAddress!, count: $0.count)
        }
        guard let parsed else { throw OHLCVError(.badNumber(field: field, text: String(decoding: token, as: UTF8.self))) }
        return ExactDecimal(significand: parsed.significand, exponent: parsed.exponent)
    }

    mutating func readArray<T>(_ field: String, _ element: (inout JettaDayParser) throws -> T) throws -> [T] {
        try expect(ASCII.leftBracket, "'[' for \(field)")
        var values: [T] = []
        skipSpace()
        if peek() == ASCII.rightBracket { i += 1; return values }
        while true {
            skipSpace()
            values.append(try element(&self))
            skipSpace()
            if peek() == ASCII.comma { i += 1; continue }
            try expect(ASCII.rightBracket, "',' or ']' in \(field)")
            return values
        }
    }
}
