/// Where fetch keeps day payloads (SPEC §3.2): the immutable cache of finished days and the temp dir of
/// growing ones.
public struct CacheLayout: Equatable, Sendable {
    public var cacheDirectory: String
    public var tempDirectory: String

    public init(cacheDirectory: String, tempDirectory: String) {
        self.cacheDirectory = cacheDirectory
        self.tempDirectory = tempDirectory
    }

    /// `cache/2025/11/EUR-USD_20251126.json`
    public func cachePath(_ symbol: Symbol, _ day: CivilDate) -> String {
        let month = day.month < 10 ? "0\(day.month)" : "\(day.month)"
        return "\(cacheDirectory)/\(String(day.description.prefix(4)))/\(month)/\(symbol.fileName)_\(day.compact).json"
    }

    /// `data/temp/EUR-USD_20251126.json` (or `.csv`, written by transform).
    public func growingPath(_ symbol: Symbol, _ day: CivilDate, extension ext: String = "json") -> String {
        "\(tempDirectory)/\(symbol.fileName)_\(day.compact).\(ext)"
    }

    /// Days that have a growing file in the temp dir for `symbol` (json or csv), from the file names.
    public func growingDays(_ symbol: Symbol) -> [CivilDate] {
        let prefix = symbol.fileName + "_"
        var days = Set<CivilDate>()
        for name in FileSystem.listDirectory(tempDirectory) where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            guard rest.hasSuffix(".json") || rest.hasSuffix(".csv") else { continue }
            let stem = rest.prefix(while: { $0 != "." })
            if stem.count == 8, let day = CivilDate(parsing: String(stem)) { days.insert(day) }
        }
        return days.sorted()
    }

    /// `name.tmp` files of `symbol` in the temp dir are the remains of a killed run: removed unread. (In the
    /// cache such a file belongs to a day that is still missing, so the next fetch of that day replaces it.)
    public func removeStaleTemporaries(_ symbol: Symbol) throws {
        let prefix = symbol.fileName + "_"
        for name in FileSystem.listDirectory(tempDirectory) where name.hasPrefix(prefix) && name.hasSuffix(".json.tmp") {
            try FileSystem.remove("\(tempDirectory)/\(name)")
        }
    }
}
