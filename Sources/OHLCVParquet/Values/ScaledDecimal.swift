/// A fixed-scale decimal (a count of 10^-scale units) as the Double nearest to its exact value — the
/// same Double that parsing its decimal text gives. For |mantissa| < 2^53 and scale ≤ 22 both operands
/// are exact doubles, so one IEEE division is correctly rounded; other values take a slow exact path.
public struct ScaledDecimal: Sendable {
    public let scale: Int
    @usableFromInline let divisor: Double
    @usableFromInline static let exactLimit: UInt64 = 1 << 53

    public init(scale: Int) {
        precondition(scale >= 0, "negative scale")
        self.scale = scale
        var d = 1.0
        for _ in 0..<min(scale, 22) { d *= 10 }       // 10^k is exact in a Double up to 10^22
        divisor = d
    }

    @inlinable @inline(__always)
    public func double(_ mantissa: Int64) -> Double {
        if mantissa.magnitude < ScaledDecimal.exactLimit && scale <= 22 { return Double(mantissa) / divisor }
        return ScaledDecimal.slowDouble(mantissa, scale: scale)
    }

    /// A volume: the same Double as the Int64 path for values that fit it, else the Double nearest to the
    /// exact value (Swift's text-to-Double conversion rounds correctly for any digit count).
    @inlinable @inline(__always)
    public func double(wide mantissa: Int128) -> Double {
        if let narrow = Int64(exactly: mantissa) { return double(narrow) }
        return ScaledDecimal.slowDouble(wide: mantissa, scale: scale)
    }

    @usableFromInline
    static func slowDouble(wide mantissa: Int128, scale: Int) -> Double {
        Double("\(mantissa)e-\(scale)")!
    }

    /// Drops trailing zero digits while that keeps the value exact; if the digits still do not fit 53
    /// bits, lets the correctly rounded text parser decide.
    @usableFromInline
    static func slowDouble(_ mantissa: Int64, scale: Int) -> Double {
        var m = mantissa
        var s = scale
        while s > 0 && m % 10 == 0 { m /= 10; s -= 1 }
        if m.magnitude < exactLimit && s <= 22 { return ScaledDecimal(scale: s).double(m) }
        return Double("\(m)e-\(s)")!
    }
}
