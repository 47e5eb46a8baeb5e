/// Decodes the one JSON shape the API sends, at byte level, and refuses anything else: a missing or repeated
/// key, a wrong type, a non-integer delta, arrays of unequal length, trailing bytes. Unknown keys are skipped
/// (the server may add fields), but their values must still be well-formed JSON.
public enum JettaDayDecoder {
    static let priceKeys = ["open", "high", "low", "close"]
    static let deltaKeys = ["opens", "highs", "lows", "closes"]

    public static func decode(_ bytes: [UInt8]) throws -> JettaDay {
        try bytes.withUnsafeBufferPointer { try decode($0) }
    }

    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>) throws -> JettaDay {
        var cursor = JSONCursor(bytes)
        var timestamp: Int64?, shift: Int64?, multiplier: JettaDay.Decimal?
        var bases: [String: JettaDay.Decimal?] = [:]
        var times: [Int64]?, volumes: [JettaDay.Decimal]?
        var deltas: [String: [Int64]] = [:]
        var seen = Set<String>()

        try cursor.expect(ASCII.leftBrace, "'{' at the start of the payload")
        if try !cursor.consume(ASCII.rightBrace) {
            repeat {
                let key = try cursor.readKey()
                if !seen.insert(key).inserted { throw cursor.error(.duplicateKey(key)) }
                try cursor.expect(ASCII.colon, "':' after key '\(key)'")
                switch key {
                case "timestamp": timestamp = try cursor.readInteger(key)
                case "shift": shift = try cursor.readInteger(key)
                case "multiplier": multiplier = try cursor.readDecimal(key)
                case "open", "high", "low", "close": bases[key] = try cursor.readDecimalOrNull(key)
                case "times": times = try cursor.readIntegerArray(key)
                case "opens", "highs", "lows", "closes": deltas[key] = try cursor.readIntegerArray(key)
                case "volumes": volumes = try cursor.readDecimalArray(key)
                default: try cursor.skipValue()
                }
            } while try cursor.consume(ASCII.comma)
            try cursor.expect(ASCII.rightBrace, "',' or '}' after a value")
        }
        cursor.skipWhitespace()
        if !cursor.atEnd { throw cursor.error(.unexpected("bytes after the closing '}'")) }

        func missing(_ key: String) -> OHLCVError { OHLCVError(.malformedJSON(.missingKey(key)), line: 1) }
        guard let timestamp else { throw missing("timestamp") }
        guard let shift else { throw missing("shift") }
        guard let multiplier else { throw missing("multiplier") }
        guard let times else { throw missing("times") }
        guard let volumes else { throw missing("volumes") }
        var deltaArrays: [[Int64]] = []
        for key in deltaKeys {
            guard let a = deltas[key] else { throw missing(key) }
            deltaArrays.append(a)
        }
        for key in priceKeys where bases[key] == nil { throw missing(key) }
        for (key, array) in zip(deltaKeys, deltaArrays) where array.count != times.count {
            throw OHLCVError(.arrayLengthMismatch(field: key, count: array.count, expected: times.count), line: 1)
        }
        if volumes.count != times.count {
            throw OHLCVError(.arrayLengthMismatch(field: "volumes", count: volumes.count, expected: times.count), line: 1)
        }
        let baseValues = priceKeys.map { bases[$0]! }
        let nulls = baseValues.filter { $0 == nil }.count
        if nulls != 0 && nulls != 4 {
            throw OHLCVError(.malformedJSON(.basePricesPartlyNull), line: 1)
        }
        if nulls == 4 && !times.isEmpty {
            throw OHLCVError(.malformedJSON(.basePricesNull(candles: times.count)), line: 1)
        }
        if shift <= 0 { throw OHLCVError(.malformedJSON(.shiftNotPositive(shift)), line: 1) }
        if multiplier.significand <= 0 { throw OHLCVError(.malformedJSON(.multiplierNotPositive), line: 1) }
        return JettaDay(timestampMillis: timestamp, shiftMillis: shift, multiplier: multiplier,
                        bases: nulls == 4 ? nil : baseValues.map { $0! }, times: times, deltas: deltaArrays,
                        volumes: volumes)
    }
}

/// A position in a JSON byte buffer with the few readers the payload needs.
struct JSONCursor {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    var atEnd: Bool { position >= bytes.count }

    func error(_ syntax: JSONSyntax) -> OHLCVError {
        OHLCVError(.malformedJSON(.syntax(syntax, byte: position + 1, cutShort: atEnd)), line: 1)
    }

    mutating func skipWhitespace() {
        while position < bytes.count && ASCII.isWhitespace(bytes[position]) { position += 1 }
    }

    mutating func consume(_ byte: UInt8) throws -> Bool {
        skipWhitespace()
        if position < bytes.count && bytes[position] == byte { position += 1; return true }
        return false
    }

    mutating func expect(_ byte: UInt8, _ what: String) throws {
        if try !consume(byte) { throw error(.expected(what)) }
    }

    mutating func readKey() throws -> String {
        try expect(ASCII.quote, "a quoted key")
        let start = position
        while position < bytes.count && bytes[position] != ASCII.quote {
            if bytes[position] == 0x5C { throw error(.escapeInKey) }
            position += 1
        }
        if atEnd { throw error(.unterminated("key")) }
        let key = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        position += 1
        return key
    }

    /// The bytes of one number token.
    mutating func numberToken() -> (UnsafePointer<UInt8>, Int)? {
        skipWhitespace()
        let start = position
        while position < bytes.count {
            let b = bytes[position]
            if ASCII.isDigit(b) || b == ASCII.minus || b == ASCII.plus || b == ASCII.dot || b == ASCII.lowerE || b == ASCII.upperE {
                position += 1
            } else { break }
        }
        if position == start { return nil }
        return (bytes.baseAddress! + start, position - start)
    }

    /// RFC 8259's number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?. A payload that lost a
    /// byte (`1.14331` → `.14331`) must not decode as another plausible price.
    static func isJSONNumber(_ p: UnsafePointer<UInt8>, count: Int) -> Bool {
        var i = 0
        if i < count && p[i] == ASCII.minus { i += 1 }
        guard i < count, ASCII.isDigit(p[i]) else { return false }
        if p[i] == ASCII.zero { i += 1 } else { while i < count && ASCII.isDigit(p[i]) { i += 1 } }
        if i < count && p[i] == ASCII.dot {
            i += 1
            guard i < count, ASCII.isDigit(p[i]) else { return false }
            while i < count && ASCII.isDigit(p[i]) { i += 1 }
        }
        if i < count && (p[i] == ASCII.lowerE || p[i] == ASCII.upperE) {
            i += 1
            if i < count && (p[i] == ASCII.plus || p[i] == ASCII.minus) { i += 1 }
            guard i < count, ASCII.isDigit(p[i]) else { return false }
            while i < count && ASCII.isDigit(p[i]) { i += 1 }
        }
        return i == count
    }

    func tokenText(_ token: (UnsafePointer<UInt8>, Int)) -> String {
        String(decoding: UnsafeBufferPointer(start: token.0, count: token.1), as: UTF8.self)
    }

    mutating func readDecimal(_ field: String) throws -> JettaDay.Decimal {
        guard let token = numberToken() else { throw error(.expectedNumber(key: field)) }
        guard JSONCursor.isJSONNumber(token.0, count: token.1), let d = DecimalText.parse(token.0, count: token.1) else {
            throw OHLCVError(.badNumber(field: field, text: tokenText(token)), line: 1)
        }
        return JettaDay.Decimal(significand: d.significand, exponent: d.exponent)
    }

    mutating func readDecimalOrNull(_ field: String) throws -> JettaDay.Decimal? {
        skipWhitespace()
        if matchLiteral("null") { return nil }
        return try readDecimal(field)
    }

    mutating func readInteger(_ field: String) throws -> Int64 {
        guard let token = numberToken() else { throw error(.expectedNumber(key: field)) }
        guard JSONCursor.isJSONNumber(token.0, count: token.1), let d = DecimalText.parse(token.0, count: token.1),
              let v = DecimalText.scaledExactly(d.significand, exponent: d.exponent, scale: 0) else {
            throw OHLCVError(.badNumber(field: field, text: tokenText(token)), line: 1)
        }
        return v
    }

    mutating func readIntegerArray(_ field: String) throws -> [Int64] {
        // A fractional number takes the general reader, which refuses it unless it is whole (`1.0`).
        try readArray(field, fast: { $0.fraction == 0 ? $0.significand : nil }, general: { try $0.readInteger(field) })
    }

    mutating func readDecimalArray(_ field: String) throws -> [JettaDay.Decimal] {
        try readArray(field, fast: { JettaDay.Decimal(significand: $0.significand, exponent: -$0.fraction) },
                      general: { try $0.readDecimal(field) })
    }

    /// A number in the API's own compact form: `significand × 10^-fraction`.
    struct CompactNumber {
        var significand: Int64
        var fraction: Int
    }

    /// A JSON array of numbers. Each element in the compact form, `-?(0|[1-9][0-9]*)(\.[0-9]+)?` of at most 18
    /// digits directly followed by ',' or ']', is read in one pass and converted by `fast` (nil: not taken);
    /// anything else, whitespace included, is read by `general` from the same byte, so errors are its own.
    @inline(__always)
    mutating func readArray<T>(_ field: String, fast: (CompactNumber) -> T?,
                               general: (inout JSONCursor) throws -> T) throws -> [T] {
        try expect(ASCII.leftBracket, "'[' for '\(field)'")
        if try consume(ASCII.rightBracket) { return [] }
        var result = ArrayBuilder<T>()
        defer { result.release() }
        let base = bytes.baseAddress!, end = bytes.count
        while true {
            var p = position
            let negative = p < end && base[p] == ASCII.minus
            if negative { p += 1 }
            let wholeStart = p
            var v: Int64 = 0
            while p < end, case let d = base[p] &- ASCII.zero, d < 10 { v = v &* 10 &+ Int64(d); p += 1 }
            let whole = p - wholeStart
            var fraction = 0
            if p < end && base[p] == ASCII.dot {
                p += 1
                while p < end, case let d = base[p] &- ASCII.zero, d < 10 { v = v &* 10 &+ Int64(d); p += 1; fraction += 1 }
            }
            if whole > 0 && (whole == 1 || base[wholeStart] != ASCII.zero) && whole + fraction <= 18
                && (fraction > 0 || base[p - 1] != ASCII.dot) && p < end
                && (base[p] == ASCII.comma || base[p] == ASCII.rightBracket),
               let value = fast(CompactNumber(significand: negative ? -v : v, fraction: fraction)) {
                result.append(value)
                position = p + 1
                if base[p] == ASCII.comma { continue }
                return result.array
            }
            result.append(try general(&self))
            if try consume(ASCII.comma) { continue }
            try expect(ASCII.rightBracket, "',' or ']' in '\(field)'")
            return result.array
        }
    }

    mutating func matchLiteral(_ literal: StaticString) -> Bool {
        let n = literal.utf8CodeUnitCount
        guard position + n <= bytes.count else { return false }
        for i in 0..<n where bytes[position + i] != literal.utf8Start[i] { return false }
        position += n
        return true
    }

    /// Skips any JSON value (for keys we do not use), checking its shape.
    mutating func skipValue(depth: Int = 0) throws {
        if depth > 64 { throw error(.nestingTooDeep(limit: nil)) }
        skipWhitespace()
        guard !atEnd else { throw error(.expected("a value")) }
        switch bytes[position] {
        case ASCII.quote:
            position += 1
            while position < bytes.count && bytes[position] != ASCII.quote {
                position += bytes[position] == 0x5C ? 2 : 1
            }
            if atEnd { throw error(.unterminated("string")) }
            position += 1
        case ASCII.leftBracket:
            position += 1
            if try consume(ASCII.rightBracket) { return }
            repeat { try skipValue(depth: depth + 1) } while try consume(ASCII.comma)
            try expect(ASCII.rightBracket, "']'")
        case ASCII.leftBrace:
            position += 1
            if try consume(ASCII.rightBrace) { return }
            repeat {
                _ = try readKey()
                try expect(ASCII.colon, "':'")
                try skipValue(depth: depth + 1)
            } while try consume(ASCII.comma)
            try expect(ASCII.rightBrace, "'}'")
        default:
            if matchLiteral("null") || matchLiteral("true") || matchLiteral("false") { return }
            guard let token = numberToken(), JSONCursor.isJSONNumber(token.0, count: token.1) else {
                throw error(.expected("a value"))
            }
        }
    }
}

/// Collects the elements of one JSON array in a plain buffer and hands them over as one Array at the end:
/// `Array.append` per element (count, capacity and uniqueness checks) was a tenth of the transform profile.
struct ArrayBuilder<Element> {
    var storage = UnsafeMutablePointer<Element>.allocate(capacity: 1440)
    var capacity = 1440
    var count = 0

    @inline(__always)
    mutating func append(_ element: Element) {
        if count == capacity { grow() }
        (storage + count).initialize(to: element)
        count += 1
    }

    mutating func grow() {
        let bigger = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
        bigger.moveInitialize(from: storage, count: count)
        storage.deallocate()
        storage = bigger
        capacity *= 2
    }

    var array: [Element] { Array(UnsafeBufferPointer(start: storage, count: count)) }

    /// Frees the buffer once `array` has copied the elements out.
    func release() {
        storage.deinitialize(count: count)
        storage.deallocate()
    }
}
