/// `--decimals N`, declared once for every tool that reads or writes candle CSVs: the number of decimal places
/// of their prices and volumes, a whole number in 0...12, 8 when absent.
public struct DecimalsOption {
    public static let name = "decimals"
    public static let defaultValue = CandleCSVFormat.defaultDecimals
    public static let range = CandleCSVFormat.decimalsRange
    /// "default 8", for the help texts.
    public static let defaultText = "default \(defaultValue)"
    /// "default 8, 0...12", for the help texts.
    public static let defaultAndRangeText = "default \(defaultValue), \(range.lowerBound)...\(range.upperBound)"

    public let value: Int

    /// Errors: given twice, or not a whole number in 0...12 (usage, exit 64).
    public init(_ raw: RawArguments) throws {
        value = try raw.int(DecimalsOption.name, default: DecimalsOption.defaultValue, range: DecimalsOption.range)
    }

    /// The --help entry: `--decimals N` indented by two spaces, then `lines` from column `column` (0-based), each
    /// continuation line indented to that column. The words are the tool's: what the places are of.
    public static func help(column: Int, _ lines: String...) -> String {
        OptionHelp.entry("--decimals N", column: column, lines)
    }
}

/// `--alignment A`, declared once for every tool that records or checks the time base of candle files: `utc`,
/// `ny-close` or a shift in milliseconds (`TimeAlignment(parsing:)`); UTC when absent.
public struct AlignmentOption {
    public static let name = "alignment"
    /// The values, as the help texts name them.
    public static let valuesText = "utc, ny-close or a shift in ms"

    /// Nil when the option is absent, so that a tool can fall back on another option (transform's
    /// --time-shift-ms) or on UTC.
    public let value: TimeAlignment?

    /// Errors: given twice (usage, exit 64); a value `TimeAlignment(parsing:)` refuses.
    public init(_ raw: RawArguments) throws {
        value = try raw.value(AlignmentOption.name).map { try TimeAlignment(parsing: $0) }
    }

    /// The --help entry, laid out as `DecimalsOption.help`.
    public static func help(column: Int, _ lines: String...) -> String {
        OptionHelp.entry("--alignment A", column: column, lines)
    }
}

/// The layout of an option in the --help texts.
enum OptionHelp {
    static func entry(_ flag: String, column: Int, _ lines: [String]) -> String {
        let head = "  " + flag
        let pad = String(repeating: " ", count: max(1, column - head.count))
        let indent = String(repeating: " ", count: column)
        return head + pad + lines.joined(separator: "\n" + indent)
    }
}
