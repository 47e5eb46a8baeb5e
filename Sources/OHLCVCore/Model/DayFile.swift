/// The name of one day's file, `SYM_YYYYMMDD.json` or `.csv` (behaviour §3.2), and where it lives.
public struct DayFile: Equatable, Comparable {
    public var symbol: String
    public var date: CivilDate

    public init(symbol: String, date: CivilDate) {
        self.symbol = symbol; self.date = date
    }

    /// Reads the symbol and date from a path's base name; nil when it is not a day file name.
    public init?(path: String) {
        var name = FileSystem.baseName(path)
        guard let dot = name.lastIndex(of: ".") else { return nil }
        name = String(name[..<dot])
        guard let underscore = name.lastIndex(of: "_") else { return nil }
        let symbol = String(name[..<underscore])
        guard !symbol.isEmpty, let date = CivilDate(parsing: String(name[name.index(after: underscore)...])),
              String(name[name.index(after: underscore)...]).count == 8 else { return nil }
        self.init(symbol: symbol, date: date)
    }

    public func fileName(extension ext: String) -> String { "\(symbol)_\(date.compact).\(ext)" }

    /// `ROOT/YYYY/MM/SYM_YYYYMMDD.ext`: the layout of the cache and of the transform output.
    public func datedPath(root: String, extension ext: String) -> String {
        let month = date.month < 10 ? "0\(date.month)" : "\(date.month)"
        return "\(root)/\(date.year)/\(month)/\(fileName(extension: ext))"
    }

    public static func < (a: DayFile, b: DayFile) -> Bool { (a.date, a.symbol) < (b.date, b.symbol) }

    /// Every `SYM_*.ext` file under `root/YYYY/MM/` dated on or after `from`, in date order.
    public static func list(root: String, symbol: String, extension ext: String, from: CivilDate?) -> [String] {
        var result: [String] = []
        let prefix = symbol + "_"
        for year in FileSystem.listDirectory(root) {
            guard let y = Int(year), year.count == 4 else { continue }
            if let from, y < from.year { continue }
            for month in FileSystem.listDirectory("\(root)/\(year)") {
                guard let m = Int(month), month.count == 2 else { continue }
                if let from, y == from.year && m < from.month { continue }
                for name in FileSystem.listDirectory("\(root)/\(year)/\(month)")
                where name.hasPrefix(prefix) && name.hasSuffix("." + ext) {
                    guard let day = DayFile(path: name), day.symbol == symbol else { continue }
                    if let from, day.date < from { continue }
                    result.append("\(root)/\(year)/\(month)/\(name)")
                }
            }
        }
        return result
    }
}
