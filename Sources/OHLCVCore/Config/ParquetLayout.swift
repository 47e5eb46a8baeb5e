#if canImport(Glibc)
import Glibc
#endif

/// The shape of the Parquet Hive tree (behaviour §9, docs/parquet.md), and the one-way move from the layout
/// that releases before sides wrote.
///
/// Layout 2 (today): `ROOT/timeframe=TF/symbol=SYM/side=BID|ASK/year=YYYY/part-0.parquet`, the state of each
/// series in `…/side=S/_ohlcv_parquet_state`, and `ROOT/_ohlcv_parquet_layout` holding `ohlcv-parquet-layout 2`.
/// Layout 1 had no `side=` level (`ROOT/timeframe=TF/symbol=SYM/year=YYYY/…`) and no marker; every series in it
/// was a BID one.
///
/// Readers skip the marker: pyarrow.dataset, DuckDB, polars and Spark all ignore files whose name starts
/// with `_` (Tests/parquet/test_parquet_sides.py checks each).
public enum ParquetLayout {
    public static let markerName = "_ohlcv_parquet_layout"
    public static let version = 2
    static let markerPrefix = "ohlcv-parquet-layout "
    static var markerText: String { "\(markerPrefix)\(version)\n" }

    /// `ROOT/timeframe=TF/symbol=SYM/side=SIDE`: one series' year partitions and state.
    public static func seriesDirectory(root: String, timeframe: String, symbol: String, side: Side) -> String {
        "\(root)/timeframe=\(timeframe)/symbol=\(symbol)/side=\(side.rawValue)"
    }

    /// `SERIES/year=YYYY/part-0.parquet`: the one file of a year partition.
    public static func partitionFile(seriesDirectory: String, year: Int) -> String {
        "\(seriesDirectory)/year=\(year)/part-0.parquet"
    }

    /// The version the marker names; nil when there is no marker. Throws `.corruptIndex` for a marker that
    /// is not ours or names a layout this release does not know (a newer release wrote it: refuse to touch).
    public static func markedVersion(root: String) throws -> Int? {
        let path = "\(root)/\(markerName)"
        guard FileSystem.exists(path) else { return nil }
        let text = String(decoding: try FileSystem.readAll(path), as: UTF8.self)
        guard text.hasPrefix(markerPrefix), text.hasSuffix("\n"),
              let found = Int(text.dropFirst(markerPrefix.count).dropLast()) else {
            throw OHLCVError(.corruptIndex(.notALayoutMarker(expected: String(markerText.dropLast()))), file: path)
        }
        guard found <= version else {
            throw OHLCVError(.corruptIndex(.newerLayout(found: found, supported: version)),
                             file: path)
        }
        return found
    }

    /// Directories `ROOT/timeframe=TF/symbol=SYM` that still hold layout-1 entries (anything but `side=…`),
    /// sorted. Cheap: one listing per timeframe and per symbol.
    public static func layout1Series(root: String) -> [String] {
        var out: [String] = []
        for tf in FileSystem.listDirectory(root) where tf.hasPrefix("timeframe=") {
            for sym in FileSystem.listDirectory("\(root)/\(tf)") where sym.hasPrefix("symbol=") {
                let dir = "\(root)/\(tf)/\(sym)"
                if FileSystem.listDirectory(dir).contains(where: { !$0.hasPrefix("side=") }) { out.append(dir) }
            }
        }
        return out
    }

    /// Brings the tree at `root` to layout 2: every layout-1 series moves into its `side=BID/` folder, one
    /// rename per year folder and per state file (no partition file is rewritten: same bytes, same inode),
    /// then the marker is written. Must run where no other writer is (under the run lock).
    ///
    /// Crash-safe: each rename is atomic, so a kill leaves every entry either where it was or where it goes,
    /// and a rerun moves what is left; the marker is written last. An absent root is left absent (the first
    /// `ohlcv-parquet --hive-root` writes it). Returns the number of series moved.
    @discardableResult
    public static func migrate(root: String) throws -> Int {
        guard FileSystem.isDirectory(root) else { return 0 }
        let known = try markedVersion(root: root)
        let series = layout1Series(root: root)
        for dir in series {
            let bid = "\(dir)/side=\(Side.bid.rawValue)"
            try FileSystem.makeDirectories(bid)
            for name in FileSystem.listDirectory(dir) where !name.hasPrefix("side=") {
                let to = "\(bid)/\(name)"
                // Never overwrite: a name on both sides means someone else wrote here; a person must look.
                if FileSystem.exists(to) {
                    throw OHLCVError(.corruptIndex(.nameOnBothSides(from: "\(dir)/\(name)", to: to)),
                                     file: "\(dir)/\(name)")
                }
                try FileSystem.rename("\(dir)/\(name)", to: to)
            }
            try FileSystem.syncDirectory(bid)
            try FileSystem.syncDirectory(dir)
        }
        if known != version { try writeMarker(root: root) }
        return series.count
    }

    /// Called by `ohlcv-parquet --hive-root` before it writes a series: refuses a layout-1 tree (only
    /// `make parquet`, under the run lock, migrates one), and marks a new or empty tree as layout 2.
    public static func prepareForWriting(root: String) throws {
        if try markedVersion(root: root) == version { return }
        if let old = layout1Series(root: root).first {
            throw OHLCVError(.usage("\(root) is a Parquet tree in the old layout (\(old)/year=…, no side= level): "
                                    + "make parquet moves it to the new one (ohlcv-config --tidy), or write to another --hive-root"))
        }
        try writeMarker(root: root)
    }

    /// Several ohlcv-parquet may mark a new tree at once (make -j2): each writes the same bytes through a
    /// temp file of its own (`.PID.tmp`, swept by tidy if a kill leaves it), so no rename finds its temp gone.
    static func writeMarker(root: String) throws {
        try FileSystem.makeDirectories(root)
        let path = "\(root)/\(markerName)"
        let temp = "\(path).\(getpid()).tmp"
        let fd = try FileDescriptor.open(temp, .createTruncate)
        do {
            try fd.writeAll(Array(markerText.utf8))
            try fd.sync()
            fd.close()
        } catch {
            fd.close()
            try? FileSystem.remove(temp)
            throw error
        }
        try FileSystem.rename(temp, to: path)
        try FileSystem.syncDirectory(root)
    }
}
