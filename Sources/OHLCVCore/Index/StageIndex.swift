/// Where a stage's output stands (behaviour §3.2): a small text file written atomically, after the data it
/// describes is on disk. Format version 1:
///
///     ohlcv-index 1
///     config tf=5m decimals=8 align=utc source=1m
///     lineage 5f0c2a9e31d4b7a8          random id of this file's history; a rebuilt file gets a new one
///     length 48213                       committed bytes of the CSV
///     open-offset 48150                  rows before this offset are final candles
///     open-time 1783641600               bins from this time on are rebuilt from source-open-offset
///     open-checksum 84f0c2a1d3b5e7f9     FNV-1a 64 of the bytes from open-offset to length, as committed
///     source-lineage 0a1b…               (resample) the source history consumed
///     source-length 1234567              (resample) source bytes consumed
///     source-open-offset 1234500         (resample) source offset of the rows of bin open-time
///     source-generation 41               (resample) the source generation consumed
///     generation 12                      bumped by every run that changed the CSV
///     change 12 1783641600               per recent generation: the earliest time it rewrote
///     checksum 9c2f4a1b0d3e5f67          FNV-1a 64 of every line above
public struct StageIndex: Equatable {
    public static let magic = "ohlcv-index 1"
    public static let keptChanges = 64

    /// The stage's settings as it records them (`stage=resample tf=15m source=5m decimals=8 align=utc`); a run
    /// under other settings refuses the file. The file's key stays `config`, as every index on disk has it.
    public var settings: String
    public var lineage: String
    public var length: Int64
    public var openOffset: Int64
    public var openTime: Int64?
    /// FNV-1a 64 of the committed bytes from `openOffset` to `length` ("-" when not recorded): tells a run
    /// whether the open rows on disk are the committed ones or the leftovers of a killed run.
    public var openChecksum = "-"
    public var sourceLineage: String = "-"
    public var sourceLength: Int64 = 0
    public var sourceOpenOffset: Int64 = 0
    public var sourceGeneration: Int64 = 0
    public var generation: Int64 = 0
    /// (generation, earliest time rewritten), oldest first.
    public var changes: [(Int64, Int64)] = []

    public init(settings: String, lineage: String, length: Int64, openOffset: Int64, openTime: Int64?) {
        self.settings = settings; self.lineage = lineage; self.length = length
        self.openOffset = openOffset; self.openTime = openTime
    }

    public static func == (a: StageIndex, b: StageIndex) -> Bool { a.serialized() == b.serialized() }

    /// Records a run that rewrote the CSV from `time` on.
    public mutating func recordChange(from time: Int64) {
        generation += 1
        changes.append((generation, time))
        if changes.count > StageIndex.keptChanges { changes.removeFirst(changes.count - StageIndex.keptChanges) }
    }

    /// The earliest time rewritten by the generations after `consumed`: `.unchanged` when there are none,
    /// `.unknown` when the change log no longer reaches back that far (or `consumed` is from another lineage),
    /// and the caller then rebuilds from the start.
    public func earliestChange(after consumed: Int64) -> ChangeSince {
        if consumed == generation { return .unchanged }
        if consumed > generation { return .unknown }
        let relevant = changes.filter { $0.0 > consumed }
        guard relevant.count == Int(generation - consumed) else { return .unknown }
        return .from(relevant.map(\.1).min()!)
    }

    public enum ChangeSince: Equatable { case unchanged, from(Int64), unknown }

    public func serialized() -> [UInt8] {
        var text = "\(StageIndex.magic)\n"
        text += "config \(settings)\n"
        text += "lineage \(lineage)\n"
        text += "length \(length)\n"
        text += "open-offset \(openOffset)\n"
        text += "open-time \(openTime.map(String.init) ?? "-")\n"
        text += "open-checksum \(openChecksum)\n"
        text += "source-lineage \(sourceLineage)\n"
        text += "source-length \(sourceLength)\n"
        text += "source-open-offset \(sourceOpenOffset)\n"
        text += "source-generation \(sourceGeneration)\n"
        text += "generation \(generation)\n"
        for (g, t) in changes { text += "change \(g) \(t)\n" }
        let body = Array(text.utf8)
        return body + Array("checksum \(StageIndex.checksum(body))\n".utf8)
    }

    /// FNV-1a 64, as 16 hex digits.
    public static func checksum(_ bytes: [UInt8]) -> String {
        let hex = String(FNV1a.hash(bytes), radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// Parses and checks an index file's bytes; any deviation is `corruptIndex`.
    public init(parsing bytes: [UInt8]) throws {
        func corrupt(_ problem: IndexProblem) -> OHLCVError { OHLCVError(.corruptIndex(problem)) }
        guard let cut = bytes.dropLast().lastIndex(of: ASCII.newline), bytes.last == ASCII.newline else {
            throw corrupt(.truncated)
        }
        let body = Array(bytes[...cut])
        let last = String(decoding: bytes[(cut + 1)...].dropLast(), as: UTF8.self)
        guard last == "checksum \(StageIndex.checksum(body))" else { throw corrupt(.checksumMismatch) }
        var fields: [String: String] = [:]
        var changes: [(Int64, Int64)] = []
        let lines = String(decoding: body, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        guard lines.first == Substring(StageIndex.magic) else { throw corrupt(.notAnIndex(magic: StageIndex.magic)) }
        for line in lines.dropFirst() {
            guard let space = line.firstIndex(of: " ") else { throw corrupt(.badLine(String(line))) }
            let key = String(line[..<space]), value = String(line[line.index(after: space)...])
            if key == "change" {
                let parts = value.split(separator: " ")
                guard parts.count == 2, let g = Int64(parts[0]), let t = Int64(parts[1]) else { throw corrupt(.badLine(String(line))) }
                changes.append((g, t))
            } else {
                if fields[key] != nil { throw corrupt(.repeatedKey(key)) }
                fields[key] = value
            }
        }
        func string(_ k: String) throws -> String {
            guard let v = fields[k] else { throw corrupt(.missingKey(k)) }
            return v
        }
        func int(_ k: String) throws -> Int64 {
            guard let v = Int64(try string(k)), v >= 0 else { throw corrupt(.notACount(key: k)) }
            return v
        }
        settings = try string("config")
        lineage = try string("lineage")
        length = try int("length")
        openOffset = try int("open-offset")
        let ot = try string("open-time")
        if ot == "-" { openTime = nil } else {
            guard let t = Int64(ot) else { throw corrupt(.openTimeNotATime) }
            openTime = t
        }
        openChecksum = try string("open-checksum")
        sourceLineage = try string("source-lineage")
        sourceLength = try int("source-length")
        sourceOpenOffset = try int("source-open-offset")
        sourceGeneration = try int("source-generation")
        generation = try int("generation")
        self.changes = changes
        if openOffset > length { throw corrupt(.openOffsetPastLength(openOffset: openOffset, length: length)) }
        if sourceOpenOffset > sourceLength { throw corrupt(.sourceOpenOffsetPastSourceLength) }
    }
}
