/// Writes a fixed-scale integer the way Python's `repr` writes the same double (behaviour §3.1): shortest digits,
/// trailing zeros dropped, at least one digit after the point, exponent form below 1e-4 and from 1e16 up.
/// The only code that knows these rules.
public enum ReprFormatting {
    /// Longest possible output of an Int64: sign, 19 digits, point, "e+XX" and slack.
    public static let maximumLength = 32
    /// Longest possible output of an Int128 (a volume): sign, 39 digits, point, "e+XX" and slack.
    public static let maximumWideLength = 48

    /// Writes `value × 10^-scale` at `out`; returns the byte count (at most `maximumLength`). Bytes past the
    /// count, within `maximumLength`, may be overwritten: callers append, and the next field writes over them.
    @inline(__always)
    public static func write(_ value: Int64, scale: Int, to out: UnsafeMutablePointer<UInt8>) -> Int {
        // Fast path, the shape of nearly every price and volume: positive, positional notation (Python's repr
        // switches to exponent form below 1e-4 and from 1e16 up), so at least 10^(scale-4) and below 10^(16+scale).
        if value > 0 && scale <= 18 && (scale < 4 || value >= Powers.ten(scale - 4))
            && (scale > 2 || value < Powers.ten(16 + scale)) {
            return writePositional(UInt64(value), scale: scale, to: out)
        }
        return writeGeneral(negative: value < 0, magnitude: value.magnitude, scale: scale, to: out)
    }

    /// `v × 10^-scale` as `whole.fraction`, trailing zeros of the fraction dropped but one. No division by
    /// a runtime divisor: every digit comes from a division by the constant 100 and a digit-pair table, and
    /// the point is placed by position, so `scale` needs no 10^scale split.
    @inline(__always)
    static func writePositional(_ v: UInt64, scale: Int, to out: UnsafeMutablePointer<UInt8>) -> Int {
        // Zero-padded to scale + 1 digits, the whole part is never empty: 0.00123 is "0" "." "00123".
        let digits = max(digitCount(v), scale + 1)
        let point = digits - scale
        let end = digits + 1                     // one past the last fraction digit
        var rest = v
        var i = end
        // Fraction digits, pairs while two are left, written from the right.
        var left = scale
        while left >= 2 {
            i -= 2
            storePair(Int(rest % 100), at: out + i)
            rest /= 100
            left -= 2
        }
        if left == 1 {
            i -= 1
            out[i] = ASCII.zero &+ UInt8(truncatingIfNeeded: rest % 10)
            rest /= 10
        }
        out[point] = ASCII.dot
        i = point
        while i >= 2 {
            i -= 2
            storePair(Int(rest % 100), at: out + i)
            rest /= 100
        }
        if i == 1 { out[0] = ASCII.zero &+ UInt8(truncatingIfNeeded: rest) }
        if scale == 0 {
            out[end] = ASCII.zero
            return end + 1
        }
        var n = end
        while n > point + 2 && out[n - 1] == ASCII.zero { n -= 1 }
        return n
    }

    /// The number of decimal digits of `v` (1 for 0).
    @inline(__always)
    static func digitCount(_ v: UInt64) -> Int {
        // log10(2) ≈ 1233 / 4096: a guess from the bit length that is exact or one short.
        let guess = ((64 - v.leadingZeroBitCount) &* 1233) >> 12
        return guess + (v >= UInt64(Powers.ten(guess)) ? 1 : 0)
    }

    /// Two ASCII digits of `pair` (0...99) at `p`, from a 200-byte table: one load and one store.
    @inline(__always)
    static func storePair(_ pair: Int, at p: UnsafeMutablePointer<UInt8>) {
        let table: StaticString = """
        00010203040506070809101112131415161718192021222324252627282930313233343536373839\
        40414243444546474849505152535455565758596061626364656667686970717273747576777879\
        8081828384858687888990919293949596979899
        """
        let two = UnsafeRawPointer(table.utf8Start + 2 &* pair).loadUnaligned(as: UInt16.self)
        UnsafeMutableRawPointer(p).storeBytes(of: two, as: UInt16.self)
    }

    /// Writes a volume. Values that fit Int64 (every volume but a long bin's sum at many decimals) take the
    /// Int64 path, so the output is the same bytes whichever width holds the value.
    @inline(__always)
    public static func write(wide value: Int128, scale: Int, to out: UnsafeMutablePointer<UInt8>) -> Int {
        if let narrow = Int64(exactly: value) { return write(narrow, scale: scale, to: out) }
        return writeGeneral(negative: value < 0, magnitude: value.magnitude, scale: scale, to: out)
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
