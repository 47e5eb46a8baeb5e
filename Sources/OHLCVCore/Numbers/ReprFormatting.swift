/// Writes a fixed-scale integer the way Python's `repr` writes the same double (behaviour §3.1): shortest digits,
/// trailing zeros dropped, at least one digit after the point, exponent form below 1e-4 and from 1e16 up.
/// The only code that knows these rules.
public enum ReprFormatting {
    /// Longest possible output of an Int64: sign, 19 digits, point, "e+XX" and slack.
    public static let maximumLength = 32
    /// Longest possible output of an Int128 (a volume): sign, 39 digits, point, "e+XX" and slack.
    public static let maximumWideLength = 48

    /// Writes `value × 10^-scale` at `out`; returns the byte count.
    @inline(__always)
    public static func write(_ value: Int64, scale: Int, to out: UnsafeMutablePointer<UInt8>) -> Int {
        // Fast path, the shape of nearly every price and volume: positional notation, at most 18 digits.
        if value > 0 && scale <= 18 {
            let unit = Powers.ten(scale)
            let whole = value / unit
            var fraction = value % unit
            // Exponent form below 1e-4 and from 1e16 up, as Python's repr.
            if (whole > 0 || fraction >= unit / 10_000) && whole < 10_000_000_000_000_000 {
                var n = writeDigits(UInt64(whole), to: out)
                out[n] = ASCII.dot; n += 1
                if fraction == 0 {
                    out[n] = ASCII.zero
                    return n + 1
                }
                var digits = scale
                while fraction % 10 == 0 { fraction /= 10; digits -= 1 }
                // Leading zeros of the fraction, then its significant digits.
                var f = fraction, length = 0
                repeat { f /= 10; length += 1 } while f != 0
                for _ in 0..<(digits - length) { out[n] = ASCII.zero; n += 1 }
                return n + writeDigits(UInt64(fraction), to: out + n)
            }
        }
        return writeGeneral(negative: value < 0, magnitude: value.magnitude, scale: scale, to: out)
    }

    /// Writes a volume. Values that fit Int64 (every volume but a long bin's sum at many decimals) take the
    /// Int64 path, so the output is the same bytes whichever width holds the value.
    @inline(__always)
    public static func write(wide value: Int128, scale: Int, to out: UnsafeMutablePointer<UInt8>) -> Int {
        if let narrow = Int64(exactly: value) { return write(narrow, scale: scale, to: out) }
        return writeGeneral(negative: value < 0, magnitude: value.magnitude, scale: scale, to: out)
    }

    /// The decimal digits of `v`, most significant first; returns the count.
    @inline(__always)
    static func writeDigits(_ v: UInt64, to out: UnsafeMutablePointer<UInt8>) -> Int {
        var count = 1
        var probe = v
        while probe >= 10 { probe /= 10; count += 1 }
        var rest = v
        var i = count
        while rest >= 100 {
            let pair = Int(rest % 100)
            rest /= 100
            i -= 2
            out[i] = ASCII.zero &+ UInt8(pair / 10)
            out[i + 1] = ASCII.zero &+ UInt8(pair % 10)
        }
        if rest >= 10 {
            out[i - 2] = ASCII.zero &+ UInt8(rest / 10)
            out[i - 1] = ASCII.zero &+ UInt8(rest % 10)
        } else {
            out[i - 1] = ASCII.zero &+ UInt8(rest)
        }
        return count
    }

    /// Every other case: zero, negatives, exponent form, and values wider than Int64.
    static func writeGeneral<M: FixedWidthInteger & UnsignedInteger>(negative: Bool, magnitude: M, scale: Int,
                                                                    to out: UnsafeMutablePointer<UInt8>) -> Int {
        if magnitude == 0 {
            out[0] = ASCII.zero; out[1] = ASCII.dot; out[2] = ASCII.zero
            return 3
        }
        var n = 0
        if negative { out[0] = ASCII.minus; n = 1 }
        var magnitude = magnitude
        // Strip trailing zeros into the exponent: value = digits × 10^exp10.
        var exp10 = -scale
        while magnitude % 10 == 0 { magnitude /= 10; exp10 += 1 }
        // Room for the 39 digits of UInt128.max.
        var buffer: (UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0)
        return withUnsafeMutableBytes(of: &buffer) { raw -> Int in
            let d = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
            let last = raw.count - 1
            var count = 0
            var m = magnitude
            repeat { d[last - count] = UInt8(truncatingIfNeeded: m % 10) &+ ASCII.zero; m /= 10; count += 1 } while m != 0
            let first = d + raw.count - count              // digits, most significant first
            let scientific = count - 1 + exp10             // exponent of the leading digit
            if scientific < -4 || scientific >= 16 {
                out[n] = first[0]; n += 1
                if count > 1 {
                    out[n] = ASCII.dot; n += 1
                    for k in 1..<count { out[n] = first[k]; n += 1 }
                }
                out[n] = ASCII.lowerE; n += 1
                out[n] = scientific < 0 ? ASCII.minus : ASCII.plus; n += 1
                let e = abs(scientific)
                if e >= 100 { out[n] = ASCII.zero &+ UInt8(e / 100); n += 1 }
                out[n] = ASCII.zero &+ UInt8(e / 10 % 10); n += 1
                out[n] = ASCII.zero &+ UInt8(e % 10); n += 1
                return n
            }
            if exp10 >= 0 {
                for k in 0..<count { out[n] = first[k]; n += 1 }
                for _ in 0..<exp10 { out[n] = ASCII.zero; n += 1 }
                out[n] = ASCII.dot; out[n + 1] = ASCII.zero
                return n + 2
            }
            let fraction = -exp10
            if fraction >= count {
                out[n] = ASCII.zero; out[n + 1] = ASCII.dot; n += 2
                for _ in 0..<(fraction - count) { out[n] = ASCII.zero; n += 1 }
                for k in 0..<count { out[n] = first[k]; n += 1 }
                return n
            }
            for k in 0..<(count - fraction) { out[n] = first[k]; n += 1 }
            out[n] = ASCII.dot; n += 1
            for k in (count - fraction)..<count { out[n] = first[k]; n += 1 }
            return n
        }
    }

    public static func string(_ value: Int64, scale: Int) -> String {
        var bytes = [UInt8](repeating: 0, count: maximumLength)
        let n = bytes.withUnsafeMutableBufferPointer { write(value, scale: scale, to: $0.baseAddress!) }
        return String(decoding: bytes[0..<n], as: UTF8.self)
    }

    public static func string(wide value: Int128, scale: Int) -> String {
        var bytes = [UInt8](repeating: 0, count: maximumWideLength)
        let n = bytes.withUnsafeMutableBufferPointer { write(wide: value, scale: scale, to: $0.baseAddress!) }
        return String(decoding: bytes[0..<n], as: UTF8.self)
    }
}
