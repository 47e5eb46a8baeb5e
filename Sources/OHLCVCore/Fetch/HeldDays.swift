/// The held-back answers (`CacheLayout.heldPath`): days whose re-fetch would have removed candles. Listing them
/// (`ohlcv-fetch --list-held`) and accepting them into the cache (`ohlcv-fetch --accept-held`, which
/// `make accept-held` runs before the pipeline). Nothing here talks to the server.
public struct HeldDays {
    public let layout: CacheLayout

    public init(layout: CacheLayout) { self.layout = layout }

    /// One held-back answer compared with what it would replace: the cached day, else the growing day, else
    /// nothing (every candle counts as added).
    public struct Entry: Equatable {
        public var series: Series
        public var day: CivilDate
        public var path: String
        public var bytes: [UInt8]
        public var candles: Int
        public var revision: DayRevision
        /// "the cache", "the growing day" or nil (nothing on disk for the day).
        public var against: String?
        public var againstCandles: Int
    }

    /// Held days of `series`, by series then day. A held file that no longer validates is an error (exit 65,
    /// naming the file): it was valid when written, so it has been damaged.
    public func entries(_ series: [Series]) throws -> [Entry] {
        var out: [Entry] = []
        for one in series {
            for day in layout.heldDays(one) {
                out.append(try withErrorContext(symbol: one.fileName) { try entry(one, day) })
            }
        }
        return out
    }

    func entry(_ series: Series, _ day: CivilDate) throws -> Entry {
        let start = JettaURL.startMillis(of: day)
        let path = layout.heldPath(series, day)
        let bytes = try withErrorContext(file: path) { try FileSystem.readAll(path) }
        let held = try withErrorContext(file: path) { try DayPayload.validate(bytes, dayStartMillis: start) }
        var against: String?
        var base: [Candle] = []
        for (name, other) in [("the cache", layout.cachePath(series, day)), ("the growing day", layout.growingPath(series, day))]
        where FileSystem.exists(other) {
            let old = try withErrorContext(file: other) { try FileSystem.readAll(other) }
            // A version that does not validate protects nothing; the held answer is compared with the next one.
            guard let payload = try? DayPayload.validate(old, dayStartMillis: start) else { continue }
            against = name
            base = payload.candles
            break
        }
        return Entry(series: series, day: day, path: path, bytes: bytes, candles: held.candles.count,
                     revision: DayRevision(from: base, to: held.candles), against: against, againstCandles: base.count)
    }

    /// `EUR-USD 2026-07-13: 715 candles where the cache has 1431 (0 changed, 0 added, 716 removed); data/held/…`
    public static func describe(_ e: Entry) -> String {
        let has = e.against.map { " where \($0) has \(e.againstCandles)" } ?? " (nothing else on disk for the day)"
        return "\(e.series) \(e.day): \(e.candles) candle\(e.candles == 1 ? "" : "s")\(has) (\(e.revision.counts)); \(e.path)"
    }

    /// Moves the held answers of `series` for `day` (every held day when nil) into the cache: written there
    /// atomically (temp file, fsync, rename, directory fsync; the cache may be on another file system than the
    /// held dir, so not a bare rename), then the day's growing files and the held file are removed. The
    /// fresh cache file's mtime is what the next pipeline run picks up. Returns one report line per day.
    /// Throws `.noInput` (exit 66) when a named day is held for none of the series. A run killed between
    /// the cache write and the removal leaves the held file, and accepting again finishes the job.
    public func accept(_ series: [Series], day: CivilDate?) throws -> [String] {
        var lines: [String] = []
        for e in try entries(series) where day == nil || e.day == day {
            try withErrorContext(symbol: e.series.fileName) {
                let target = layout.cachePath(e.series, e.day)
                try withErrorContext(file: target) { try AtomicFile.replace(target, with: e.bytes) }
                try FileSystem.remove(layout.growingPath(e.series, e.day))
                try FileSystem.remove(layout.growingPath(e.series, e.day, extension: "csv"))
                try withErrorContext(file: e.path) {
                    try FileSystem.remove(e.path)
                    try FileSystem.syncDirectory(FileSystem.directoryName(e.path))
                }
            }
            let was = e.against.map { "; it replaces \($0)'s \(e.againstCandles)" } ?? ""
            lines.append("\(e.series) \(e.day): \(e.revision.counts); accepted the held-back answer into the cache (\(e.candles) candles\(was))")
        }
        if let day, lines.isEmpty {
            let names = series.map(\.fileName).joined(separator: " ")
            throw OHLCVError(.noInput(path: "a held-back answer for \(names) \(day) in \(layout.heldDirectory) (see ohlcv-fetch --list-held)"))
        }
        return lines
    }
}
