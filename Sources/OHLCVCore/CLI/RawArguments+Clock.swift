import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// The options that several tools read the same way: the current UTC day (`--today`, else env
/// `OHLCV_TODAY`, else the clock; tests and the demo set it) and the API base (`--base-url`, else env
/// `OHLCV_BASE_URL`, else Dukascopy's).
extension RawArguments {
    /// Errors: a `--today`/`OHLCV_TODAY` that is not `YYYY-MM-DD` (usage, exit 64).
    public func today() throws -> CivilDate {
        let env = ProcessInfo.processInfo.environment["OHLCV_TODAY"].flatMap { $0.isEmpty ? nil : $0 }
        guard let text = try value("today") ?? env else { return CivilDate(daysSinceEpoch: Int64(time(nil)) / 86_400) }
        guard let day = CivilDate(parsing: text) else { throw OHLCVError(.usage("--today must be YYYY-MM-DD, not '\(text)'")) }
        return day
    }

    /// Errors: a base URL `JettaURL` refuses (usage, exit 64).
    public func jettaURLs() throws -> JettaURL {
        let env = ProcessInfo.processInfo.environment["OHLCV_BASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
        return try JettaURL(base: try value("base-url") ?? env ?? JettaURL.defaultBase)
    }
}
