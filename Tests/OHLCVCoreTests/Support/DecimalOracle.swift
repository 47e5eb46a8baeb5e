import Foundation

/// Exact decimal arithmetic from Foundation, as an oracle independent of `Numbers/`.
enum DecimalOracle {
    /// `units × 10^-scale`, exactly.
    static func value(units: Int64, scale: Int) -> Decimal {
        Decimal(units) * Decimal(sign: .plus, exponent: -scale, significand: 1)
    }

    /// `units × 10^-scale`, exactly, for Int128 units (through their text: Decimal holds 38 digits).
    static func value(wideUnits units: Int128, scale: Int) -> Decimal {
        parse(String(units)) * Decimal(sign: .plus, exponent: -scale, significand: 1)
    }

    /// Parses decimal text (`1.0E-5`, `9.6e-05`, `197.1`) with Foundation; traps on text it cannot read.
    static func parse(_ text: String) -> Decimal {
        guard let d = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else {
            fatalError("Foundation cannot read '\(text)'")
        }
        return d
    }

    /// Rounded to `scale` decimals, ties to even.
    static func roundedHalfEven(_ d: Decimal, scale: Int) -> Decimal {
        var input = d
        var result = Decimal()
        NSDecimalRound(&result, &input, scale, .bankers)
        return result
    }

    /// An integral Decimal as Int64, through its text (never through Double).
    static func int64(_ d: Decimal) -> Int64? {
        Int64(NSDecimalNumber(decimal: d).description(withLocale: Locale(identifier: "en_US_POSIX")))
    }
}
