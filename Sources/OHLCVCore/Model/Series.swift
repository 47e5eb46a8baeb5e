/// One side of one instrument: the unit that every stage builds, with its own cache files, growing day,
/// transform, aggregate, resample, indexes and Parquet partitions (behaviour §3.2).
///
/// The naming rule: a BID series is named exactly as its symbol (`EUR-USD`), so trees built before sides
/// existed stay valid as they are; an ASK series is the symbol's name with `@ASK` appended (`EUR-USD@ASK`),
/// and that name takes the symbol's place in every path: `cache/2025/11/EUR-USD@ASK_20251126.json`,
/// `data/aggregate/1m/EUR-USD@ASK.csv`, `data/resample/1h/EUR-USD@ASK.csv`. No name of one series can be
/// another's: `@` is not a letter of any symbol (`Symbol` allows A-Z, 0-9, `.` and one `-`), in any letter
/// case, and `_` stays the one separator before a day file's date, so `find -name 'EUR-USD_*'` never finds
/// an ASK file and `EUR-USD@ASK_*` never a BID one. Parquet does not use the name: its Hive tree has a
/// `side=` level instead (docs/parquet.md).
public struct Series: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var symbol: Symbol
    public var side: Side

    public init(_ symbol: Symbol, _ side: Side = .bid) {
        self.symbol = symbol
        self.side = side
    }

    /// The separator between a symbol and a side in a series name.
    public static let sideMark: Character = "@"

    /// `EUR-USD` for the bid, `EUR-USD@ASK` for the ask: what every file of the series is named after.
    public var fileName: String { Series.fileName(symbol: symbol.fileName, side: side) }

    /// The naming rule on a symbol's file name as found on disk (a folder name, which need not parse).
    public static func fileName(symbol: String, side: Side) -> String {
        side == .bid ? symbol : symbol + String(sideMark) + side.rawValue
    }

    /// Parses a series name: a symbol in any accepted spelling, optionally followed by `@BID` or `@ASK`
    /// (letters in any case). Throws `.usage` naming what is wrong.
    public init(parsing text: String) throws {
        guard let mark = text.firstIndex(of: Series.sideMark) else {
            self.init(try Symbol(parsing: text), .bid)
            return
        }
        let sideText = String(text[text.index(after: mark)...])
        guard let side = Side(parsing: sideText) else {
            throw OHLCVError(.usage("bad series '\(text)': after '@' write BID or ASK, e.g. EUR-USD@ASK"))
        }
        self.init(try Symbol(parsing: String(text[..<mark])), side)
    }

    /// The series a file stem names (`EUR-USD`, `EUR-USD@ASK`), as `fileName` writes it; nil for any other
    /// stem. Never throws: it is used to sort out what is on disk.
    public init?(fileName stem: String) {
        guard let series = try? Series(parsing: stem), series.fileName == stem else { return nil }
        self = series
    }

    public var description: String { fileName }

    /// The symbol part of a series name (`EUR-USD@ASK` → `EUR-USD`); any other text as it is. For messages
    /// that name a setting or a `SYMBOL=` selection, which are per symbol.
    public static func symbolName(_ name: String) -> String {
        Series(fileName: name)?.symbol.fileName ?? name
    }

    public static func < (a: Series, b: Series) -> Bool {
        (a.symbol.fileName, a.side) < (b.symbol.fileName, b.side)
    }
}
