/// Exact decimal text ⇄ integers. A number is read as `significand × 10^exponent` with no floating point,
/// then put on a fixed scale (a count of 10^-scale units) with explicit half-even rounding.
public enum DecimalText {
    /// Parses `-12.345e-6` style text. Returns nil for anything that is not a plain decimal number
    /// (no digits, stray bytes, more than 18 significant digits, absurd exponents).
    @inlinable
    public static func parse(_ p: UnsafePointer<UInt8>, count: Int) -> (significand: Int64, exponent: Int)? {
        parse(p, count: count, as: Int64.self)
    }

    /// Like `parse`, with as many significant digits as Int128 holds (39 when the value fits): the text of a
    /// volume sum at 12 decimals, or a price of 19 digits.
    @inlinable
    public static func parseWide(_ p: UnsafePointer<UInt8>, count: Int) -> (significand: Int128, exponent: Int)? {
        parse(p, count: count, as: Int128.self)
    }

    /// Digits that cannot overflow `T` whatever they are: 18 for Int64, 38 for Int128.
    @inlinable
    static func safeDigits<T: FixedWidthInteger & SignedInteger>(of _: T.Type) -> Int {
        T.bitWidth == 64 ? 18 : 38
    }

    /// The most significant digits accepted: Int64 keeps its historical 18; Int128 takes a 39th when the
    /// value still fits, so that every volume the writer can write reads back.
    @inlinable
    static func maximumDigits<T: FixedWidthInteger & SignedInteger>(of _: T.Type) -> Int {
        T.bitWidth == 64 ? 18 : 39
    }

    @inlinable
    static func parse<T: FixedWidthInteger & SignedInteger>(_ p: UnsafePointer<UInt8>, count: Int, as _: T.Type)
        -> (significand: T, exponent: Int)? {
        let safe = safeDigits(of: T.self), maximum = maximumDigits(of: T.self)
        var i = 0
        var negative = false
        if i < count && (p[i] == ASCII.minus || p[i] == ASCII.plus) { negative = p[i] == ASCII.minus; i += 1 }
        var significand: T = 0
        var exponent = 0
        var digits = 0
        var significantDigits = 0
        while i < count && ASCII.isDigit(p[i]) {
            if significantDigits > 0 || p[i] != ASCII.zero { significantDigits += 1 }
            let digit = T(p[i] &- ASCII.zero)
            if significantDigits > safe {
                guard significantDigits <= maximum, significand <= (T.max - digit) / 10 else { return nil }
            }
            significand = significand &* 10 &+ digit
            i += 1; digits += 1
        }
        if i < count && p[i] == ASCII.dot {
            i += 1
            while i < count && ASCII.isDigit(p[i]) {
                if significantDigits > 0 || p[i] != ASCII.zero { significantDigits += 1 }
                let digit = T(p[i] &- ASCII.zero)
                if significantDigits > safe {
                    guard significantDigits <= maximum, significand <= (T.max - digit) / 10 else { return nil }
                }
                significand = significand &* 10 &+ digit
                exponent -= 1
                i += 1; digits += 1
            }
        }
        if digits == 0 { return nil }
        if i < count && (p[i] == ASCII.lowerE || p[i] == ASCII.upperE) {
            i += 1
            var expNegative = false
            if i < count && (p[i] == ASCII.minus || p[i] == ASCII.plus) { expNegative = p[i] == ASCII.minus; i += 1 }
            var e = 0
            var expDigits = 0
            while i < count && ASCII.isDigit(p[i]) {
                e = e * 10 + Int(p[i] &- ASCII.zero)
                if e > 400 { return nil }
                i += 1; expDigits += 1
            }
            if expDigits == 0 { return nil }
            exponent += expNegative ? -e : e
        }
        if i != count { return nil }
        return (negative ? 0 &- significand : significand, exponent)
    }

    public static func parse(_ text: String) -> (significand: Int64, exponent: Int)? {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { b in
            b.baseAddress.flatMap { parse(UnsafePointer($0), count: b.count) } ?? nil
        }
    }

    /// `significand × 10^exponent` as a count of 10^-scale units, rounded half-even when digits are lost.
    /// Returns nil on overflow.
    @inlinable
    public static func scaled(_ significand: Int64, exponent: Int, scale: Int) -> Int64? {
        let shift = exponent + scale
        if significand == 0 { return 0 }
        if shift >= 0 {
            guard shift <= 18 else { return nil }
            let (r, o) = significand.multipliedReportingOverflow(by: Powers.ten(shift))
            return o ? nil : r
        }
        let drop = -shift
        if drop > 18 { return 0 }
        return HalfEven.divide(significand, by: Powers.ten(drop))
    }

    /// Like `scaled`, but refuses to round: nil if the text has more decimals than `scale`.
    @inlinable
    public static func scaledExactly(_ significand: Int64, exponent: Int, scale: Int) -> Int64? {
        let shift = exponent + scale
        if shift >= 0 { return scaled(significand, exponent: exponent, scale: scale) }
        let drop = -shift
        if drop > 18 { return significand == 0 ? 0 : nil }
        let p = Powers.ten(drop)
        return significand % p == 0 ? significand / p : nil
    }

    /// `scaled` for volumes: an Int128 count of 10^-scale units, rounded half-even; nil on overflow.
    public static func scaledWide(_ significand: Int128, exponent: Int, scale: Int) -> Int128? {
        let shift = exponent + scale
        if significand == 0 { return 0 }
        if shift >= 0 {
            guard shift <= 38 else { return nil }
            let (r, o) = significand.multipliedReportingOverflow(by: Powers.wideTen(shift))
            return o ? nil : r
        }
        let drop = -shift
        if drop > 38 { return 0 }
        return HalfEven.divide(significand, by: Powers.wideTen(drop))
    }

    /// `scaledExactly` for volumes: nil if the text has more decimals than `scale` or does not fit.
    public static func scaledWideExactly(_ significand: Int128, exponent: Int, scale: Int) -> Int128? {
        let shift = exponent + scale
        if shift >= 0 { return scaledWide(significand, exponent: exponent, scale: scale) }
        let drop = -shift
        if drop > 38 { return significand == 0 ? 0 : nil }
        let p = Powers.wideTen(drop)
        return significand % p == 0 ? significand / p : nil
    }
}

public enum Powers {
    /// 10^n for n in 0...18. A switch compiles to a constant table; a global array would cost a lazy-init
    /// check on every access from the hot loops.
    @inline(__always)
    public static func ten(_ n: Int) -> Int64 {
        switch n {
        case 0: return 1
        case 1: return 10
        case 2: return 100
        case 3: return 1_000
        case 4: return 10_000
        case 5: return 100_000
        case 6: return 1_000_000
        case 7: return 10_000_000
        case 8: return 100_000_000
        case 9: return 1_000_000_000
        case 10: return 10_000_000_000
        case 11: return 100_000_000_000
        case 12: return 1_000_000_000_000
        case 13: return 10_000_000_000_000
        case 14: return 100_000_000_000_000
        case 15: return 1_000_000_000_000_000
        case 16: return 10_000_000_000_000_000
        case 17: return 100_000_000_000_000_000
        default: return 1_000_000_000_000_000_000
        }
    }

    /// 10^n for n in 0...38, for the wide (volume) paths, which are off the hot loops.
    public static func wideTen(_ n: Int) -> Int128 {
        precondition(n >= 0 && n <= 38, "10^\(n) does not fit Int128")
        if n <= 18 { return Int128(ten(n)) }
        return Int128(ten(18)) * wideTen(n - 18)
    }
}

/// Rounding half to even, written out so nobody has to guess what `/` does with negatives.
public enum HalfEven {
    @inlinable
    public static func divide<T: FixedWidthInteger & SignedInteger>(_ value: T, by divisor: T) -> T {
        var q = value / divisor
        let r = value % divisor          // same sign as value
        let twice = r.magnitude * 2
        if twice > divisor.magnitude || (twice == divisor.magnitude && q & 1 != 0) {
            q += value < 0 ? -1 : 1
        }
        return q
    }
}
