/// What a file at a given DECIMALS can hold. Every number is a count of 10^-DECIMALS units: a price in an
/// Int64, a volume (and every sum of volumes) in an Int128. So the largest price is
/// 9,223,372,036,854,775,807 units — 9,223,372.036854775807 at 12 decimals, 92,233,720,368.54775807 at 8 —
/// and the largest volume is 170,141,183,460,469,231,731,687,303,715,884,105,727 units (1.7 × 10^26 at 12
/// decimals, far beyond 20 years of any instrument's volume).
///
/// Pure arithmetic, no I/O: the readers use it to explain a value that does not fit, and a configuration
/// check can call `check(decimals:setting:)` before any data is read.
public struct DecimalsLimit: Equatable, Sendable {
    /// The decimals every tool accepts (README "Configuration": DECIMALS, DECIMALS_<SYM>).
    public static let supportedDecimals = CandleCSVFormat.decimalsRange

    public enum Quantity: String, Equatable, Sendable {
        /// open, high, low, close: Int64 units.
        case price
        /// a volume or a sum of volumes: Int128 units.
        case volume
    }

    public let decimals: Int

    /// The limits at `decimals`; nil outside `supportedDecimals`.
    public init?(decimals: Int) {
        guard DecimalsLimit.supportedDecimals.contains(decimals) else { return nil }
        self.decimals = decimals
    }

    /// The limits of a DECIMALS setting, or the configuration error that names it (`setting` is the
    /// variable's name as the user wrote it: `DECIMALS` or `DECIMALS_EUR-USD`). `text` is the setting's value
    /// as written, so that `DECIMALS=abc` is refused as well as `DECIMALS=13`.
    /// Throws `OHLCVError.Kind.configuration` (exit status 78).
    public static func check(decimals text: String, setting: String = "DECIMALS") throws -> DecimalsLimit {
        guard let n = Int(text), let limit = DecimalsLimit(decimals: n) else {
            throw OHLCVError(.configuration(.decimalsOutOfRange(setting: setting, value: text)))
        }
        return limit
    }

    /// `check(decimals:setting:)` for a number already parsed.
    public static func check(decimals: Int, setting: String = "DECIMALS") throws -> DecimalsLimit {
        try check(decimals: String(decimals), setting: setting)
    }

    /// The largest magnitude of `quantity`, as the decimal text of its value (`9223372.036854775807`).
    public func maximumText(_ quantity: Quantity) -> String {
        switch quantity {
        case .price: return DecimalsLimit.text(UInt128(Int64.max), decimals: decimals)
        case .volume: return DecimalsLimit.text(UInt128(Int128.max), decimals: decimals)
        }
    }

    /// Whether `significand × 10^exponent` fits as a `quantity` at these decimals once rounded half-even
    /// to them.
    public func fits(_ quantity: Quantity, significand: Int128, exponent: Int) -> Bool {
        guard let units = DecimalText.scaledWide(significand, exponent: exponent, scale: decimals) else { return false }
        switch quantity {
        case .price: return Int64(exactly: units) != nil
        case .volume: return true
        }
    }

    /// The most decimals (within `supportedDecimals`, at most `below - 1`) at which the value fits as a
    /// `quantity`; nil when no supported setting holds it. Drives the "lower DECIMALS to …" advice.
    public static func finestDecimals(fitting quantity: Quantity, significand: Int128, exponent: Int,
                                      below: Int = supportedDecimals.upperBound + 1) -> Int? {
        var d = min(below - 1, supportedDecimals.upperBound)
        while d >= supportedDecimals.lowerBound {
            if DecimalsLimit(decimals: d)!.fits(quantity, significand: significand, exponent: exponent) { return d }
            d -= 1
        }
        return nil
    }

    /// `units × 10^-decimals` as plain decimal text, every digit kept (`9223372.036854775807`, `42.0`).
    public static func text(_ units: UInt128, decimals: Int) -> String {
        var digits = String(units)
        if decimals == 0 { return digits + ".0" }
        if digits.count <= decimals { digits = String(repeating: "0", count: decimals - digits.count + 1) + digits }
        var fraction = String(digits.suffix(decimals))
        while fraction.count > 1 && fraction.hasSuffix("0") { fraction.removeLast() }
        return digits.dropLast(decimals) + "." + fraction
    }

    /// Signed decimal text of a scaled value, every digit kept.
    public static func text(_ units: Int128, decimals: Int) -> String {
        (units < 0 ? "-" : "") + text(units.magnitude, decimals: decimals)
    }

    /// The message of `OHLCVError.Kind.exceedsDecimalsLimit`: the value, the setting, its limit at the
    /// configured value and what to do.
    public static func explain(_ quantity: Quantity, what: String, value: String, decimals: Int, fitsAt: Int?,
                               symbol: String?) -> String {
        let sym = symbol.map(Series.symbolName) ?? "<SYM>"
        let plural = quantity == .price ? "prices" : "volumes"
        let limit = DecimalsLimit(decimals: decimals).map { " (\(plural) up to \($0.maximumText(quantity)) fit at \(decimals))" } ?? ""
        let head = "\(what) \(value) is too large for DECIMALS=\(decimals)\(limit)"
        guard let fitsAt else {
            let widest = DecimalsLimit(decimals: supportedDecimals.lowerBound)!.maximumText(quantity)
            return head + "; no DECIMALS setting holds it (at most \(widest) at \(supportedDecimals.lowerBound)): the input is wrong"
        }
        return head + "; set DECIMALS_\(sym) (or DECIMALS) to \(fitsAt) or fewer in config.mk, "
            + "then run `make rebuild-full SYMBOL=\(sym)`"
    }
}
