import OHLCVCore

/// What `ohlcv-parquet --hive-root` last wrote for one series (one symbol × side × timeframe): the settings the
/// files were written with and, per year partition, the byte range of the source CSV its rows came from,
/// a fingerprint of those bytes and the size of the Parquet file written. A year whose range and
/// fingerprint are unchanged, and whose file is still there with that size, is not rewritten.
///
/// Text, one record a line; the last line counts the partitions, so a cut-short file is detected:
/// ```
/// ohlcv-parquet-state 1
/// settings decimals=8,compression=snappy,row-group-rows=1048576,page-rows=65536
/// year 2025 bytes 32 123456 rows 2040 hash 0123456789abcdef file 51234
/// end 1
/// ```
public struct HiveSeriesState: Equatable, Sendable {
    public struct Partition: Equatable, Sendable {
        public var year: Int
        public var byteStart: Int64
        public var byteEnd: Int64
        public var rows: Int64
        public var hash: UInt64
        /// Size of the partition's Parquet file.
        public var fileBytes: Int64

        public init(year: Int, byteStart: Int64, byteEnd: Int64, rows: Int64, hash: UInt64, fileBytes: Int64) {
            self.year = year
            self.byteStart = byteStart
            self.byteEnd = byteEnd
            self.rows = rows
            self.hash = hash
            self.fileBytes = fileBytes
        }
    }

    public static let fileName = "_ohlcv_parquet_state"
    static let magic = "ohlcv-parquet-state 1"

    public var settings: String
    public var partitions: [Partition]

    public init(settings: String, partitions: [Partition]) {
        self.settings = settings
        self.partitions = partitions
    }

    public func partition(year: Int) -> Partition? { partitions.first { $0.year == year } }

    public var text: String {
        var s = "\(HiveSeriesState.magic)\nsettings \(settings)\n"
        for p in partitions {
            let h = String(p.hash, radix: 16)
            s += "year \(p.year) bytes \(p.byteStart) \(p.byteEnd) rows \(p.rows) hash \(String(repeating: "0", count: 16 - h.count))\(h) file \(p.fileBytes)\n"
        }
        return s + "end \(partitions.count)\n"
    }

    /// Parses a state file's text; throws the `PartitionStateProblem` that makes it unusable.
    public init(parsing text: String) throws {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.last == "" else { throw PartitionStateProblem.noFinalNewline }
        lines.removeLast()
        guard lines.count >= 3, lines[0] == HiveSeriesState.magic else {
            throw PartitionStateProblem.wrongFirstLine(expected: HiveSeriesState.magic)
        }
        guard lines[1].hasPrefix("settings "), !lines[1].dropFirst(9).contains(" ") else {
            throw PartitionStateProblem.noSettingsLine
        }
        settings = String(lines[1].dropFirst(9))
        partitions = []
        for (i, line) in lines[2..<(lines.count - 1)].enumerated() {
            let f = line.split(separator: " ").map(String.init)
            guard f.count == 11, f[0] == "year", f[2] == "bytes", f[5] == "rows", f[7] == "hash", f[9] == "file",
                  let fileBytes = Int64(f[10]), fileBytes > 0,
                  let year = Int(f[1]), let start = Int64(f[3]), let end = Int64(f[4]), let rows = Int64(f[6]),
                  f[8].count == 16, let hash = UInt64(f[8], radix: 16), start >= 0, end >= start, rows >= 0 else {
                throw PartitionStateProblem.badPartitionLine(line: i + 3, text: line)
            }
            if let last = partitions.last, last.year >= year || last.byteEnd > start {
                throw PartitionStateProblem.notIncreasing(line: i + 3)
            }
            partitions.append(Partition(year: year, byteStart: start, byteEnd: end, rows: rows, hash: hash,
                                        fileBytes: fileBytes))
        }
        guard lines[lines.count - 1] == "end \(partitions.count)" else {
            throw PartitionStateProblem.wrongEndLine(count: partitions.count)
        }
    }
}
