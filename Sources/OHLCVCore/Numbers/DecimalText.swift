/// Exact decimal text ⇄ integers. A number is read as `significand × 10^exponent` with no floating point,
/// then put on a fixed scale (a count of 10^-scale units) with explicit half-even rounding.
public enum DecimalText {
    /// Parses `-12.345e-6` style text. Returns nil for anything that is not a plain decimal number
    /// (no digits, stray bytes, more than 18 significant digits, absurd exponents).
    @inlinable
    public static func parse(_ p: UnsafePointer<UInt8>, count: Int) -> (significand: Int64, exponent: Int)? {
        var i = 0
        var negative = false
        if i < count && (p[i] == ASCII.minus || p[i] == ASCII.plus) { negative = p[i] == ASCII.minus; i += 1 }
        var significand: Int64 = 0
        var exponent = 0
        var digits = 0
        var significantDigits = 0
        while i < count && ASCII.isDigit(p[i]) {
            if significantDigits > 0 || p[i] != ASCII.zero { significantDigits += 1 }
            if significantDigits > 18 { return nil }
            significand = significand &* 10 &+ Int64(p[i] &- ASCII.zero)
            i += 1; digits += 1
        }
        if i < count && p[i] == ASCII.dot {
            i += 1
            while i < count && ASCII.isDigit(p[i]) {
                if significantDigits > 0 || p[i] != ASCII.zero { significantDigits += 1 }
                if significantDigits > 18 { return nil }
                significand = significand &* 10 &+ Int64(p[i] &- ASCII.zero)
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
        return (negative ? -significand : significand, exponent)
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
}

/// Rounding half to even, written out so nobody has to guess what `/` does with negatives.
public enum HalfEven {
    @inlinable
    public static func divide(_ value: Int64, by divisor: Int64) -> Int64 {
        var q = value / divisor
        let r = value % divisor          // same sign as value
        let twice = r.magnitude * 2
        if twice > divisor.magnitude || (twice == divisor.magnitude && q & 1 != 0) {
            q += value < 0 ? -1 : 1
        }
        return q
    }
}
