/// Where fetch keeps day payloads (behaviour §3.2): the immutable cache of finished days, the temp dir of
/// growing ones, and the held-back answers (re-fetched days that would remove candles, see `DayRevision`).
public struct CacheLayout: Equatable, Sendable {
    public var cacheDirectory: String
    public var tempDirectory: String
    /// `data/held` for make. No stage reads it, and it lies outside the cache on purpose: make's rules glob
    /// `CACHE_DIR/YYYY/MM/` and `find CACHE_DIR -name 'SYM_*.json'`, and must never see a held payload.
    public var heldDirectory: String

    /// `heldDirectory` defaults to `held` next to the temp dir (`data/temp` → `data/held`), so every batch
    /// run, `make fetch`'s included, guards the midnight rollover without being told where.
    public init(cacheDirectory: String, tempDirectory: String, heldDirectory: String? = nil) {
        self.cacheDirectory = cacheDirectory
        self.tempDirectory = tempDirectory
        self.heldDirectory = heldDirectory ?? CacheLayout.defaultHeldDirectory(temp: tempDirectory)
    }

    /// `data/temp` → `data/held`; `temp` → `held`; trailing slashes ignored.
    public static func defaultHeldDirectory(temp: String) -> String {
        var t = Substring(temp)
        while t.count > 1 && t.hasSuffix("/") { t = t.dropLast() }
        guard let slash = t.lastIndex(of: "/") else { return "held" }
        return String(t[...slash]) + "held"
    }

    /// `cache/2025/11/EUR-USD_20251126.json`, `cache/2025/11/EUR-USD@ASK_20251126.json`
    public func cachePath(_ series: Series, _ day: CivilDate) -> String {
        let month = day.month < 10 ? "0\(day.month)" : "\(day.month)"
        return "\(cacheDirectory)/\(String(day.description.prefix(4)))/\(month)/\(series.fileName)_\(day.compact).json"
    }

    /// `data/held/2025/11/EUR-USD_20251126.json`: the held-back answer for a day, in the cache's layout.
    public func heldPath(_ series: Series, _ day: CivilDate) -> String {
        let month = day.month < 10 ? "0\(day.month)" : "\(day.month)"
        return "\(heldDirectory)/\(String(day.description.prefix(4)))/\(month)/\(series.fileName)_\(day.compact).json"
    }

    /// Days of `series` with a held-back answer, oldest first (`*.json.tmp` of a killed run are not answers).
    public func heldDays(_ series: Series) -> [CivilDate] {
        let prefix = series.fileName + "_"
        var days: [CivilDate] = []
        for year in FileSystem.listDirectory(heldDirectory) where year.count == 4 {
            for month in FileSystem.listDirectory("\(heldDirectory)/\(year)") where month.count == 2 {
                let dir = "\(heldDirectory)/\(year)/\(month)"
                for name in FileSystem.listDirectory(dir) where name.hasPrefix(prefix) && name.hasSuffix(".json") {
                    let stem = name.dropFirst(prefix.count).dropLast(".json".count)
                    // Only a file exactly where heldPath puts its day counts: a stray copy elsewhere is not one.
                    if stem.count == 8, let day = CivilDate(parsing: String(stem)), heldPath(series, day) == "\(dir)/\(name)" {
                        days.append(day)
                    }
                }
            }
        }
        return days.sorted()
    }

    /// `data/temp/EUR-USD_20251126.json` (or `.csv`, written by transform).
    public func growingPath(_ series: Series, _ day: CivilDate, extension ext: String = "json") -> String {
        "\(tempDirectory)/\(series.fileName)_\(day.compact).\(ext)"
    }

    /// Days that have a growing file in the temp dir for `series` (json or csv), from the file names.
    public func growingDays(_ series: Series) -> [CivilDate] {
        let prefix = series.fileName + "_"
        var days = Set<CivilDate>()
        for name in FileSystem.listDirectory(tempDirectory) where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            guard rest.hasSuffix(".json") || rest.hasSuffix(".csv") else { continue }
            let stem = rest.prefix(while: { $0 != "." })
            if stem.count == 8, let day = CivilDate(parsing: String(stem)) { days.insert(day) }
        }
        return days.sorted()
    }

    /// `name.tmp` files of `series` in the temp dir are the remains of a killed run: removed unread. (In the
    /// cache such a file belongs to a day that is still missing, so the next fetch of that day replaces it.)
    public func removeStaleTemporaries(_ series: Series) throws {
        let prefix = series.fileName + "_"
        for name in FileSystem.listDirectory(tempDirectory) where name.hasPrefix(prefix) && name.hasSuffix(".json.tmp") {
            try FileSystem.remove("\(tempDirectory)/\(name)")
        }
    }
}
