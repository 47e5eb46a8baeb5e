// swift-tools-version:6.0
// ohlcv: a suite of small Unix filters that keep a local OHLCV history current.
// No third-party packages: the standard library, Foundation, Dispatch and Glibc only.
import PackageDescription

let faults: [SwiftSetting] = [.define("OHLCV_FAULTS", .when(configuration: .debug))]
// The hot loops touch class fields per row; the dynamic exclusivity checks cost ~10 % there and guard
// against nothing our single-threaded tools do.
let fast: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

let package = Package(
    name: "ohlcv",
    products: [
        .executable(name: "ohlcv-fetch", targets: ["ohlcv-fetch"]),
        .executable(name: "ohlcv-transform", targets: ["ohlcv-transform"]),
        .executable(name: "ohlcv-aggregate", targets: ["ohlcv-aggregate"]),
        .executable(name: "ohlcv-resample", targets: ["ohlcv-resample"]),
        .executable(name: "ohlcv-parquet", targets: ["ohlcv-parquet"]),
        .executable(name: "ohlcv-config", targets: ["ohlcv-config"]),
        .executable(name: "ohlcv-extract", targets: ["ohlcv-extract"]),
        .executable(name: "ohlcv-verify", targets: ["ohlcv-verify"]),
        .executable(name: "ohlcv-report", targets: ["ohlcv-report"]),
    ],
    targets: [
        // Pure Parquet writing: Thrift compact, encodings, Snappy. Knows nothing of CSV or the CLI.
        .target(name: "OHLCVParquet"),
        // Everything else: bytes, numbers, time, CSV, JSON, indexes, the stages but ohlcv-parquet's, CLI.
        .target(name: "OHLCVCore", swiftSettings: faults + fast),
        // ohlcv-parquet's stage: our CSV into the Parquet writer, one file or a Hive tree kept incrementally.
        .target(name: "OHLCVParquetExport", dependencies: ["OHLCVCore", "OHLCVParquet"],
                swiftSettings: fast),
        // The HTTPS client (URLSession): only ohlcv-fetch and ohlcv-verify link FoundationNetworking.
        .target(name: "OHLCVNetwork", dependencies: ["OHLCVCore"]),
        .target(name: "OHLCVTestSupport", dependencies: ["OHLCVCore"], path: "Sources/OHLCVTestSupport"),
        .executableTarget(name: "ohlcv-fetch", dependencies: ["OHLCVCore", "OHLCVNetwork"]),
        .executableTarget(name: "ohlcv-transform", dependencies: ["OHLCVCore"]),
        .executableTarget(name: "ohlcv-aggregate", dependencies: ["OHLCVCore"]),
        .executableTarget(name: "ohlcv-resample", dependencies: ["OHLCVCore"]),
        .executableTarget(name: "ohlcv-parquet", dependencies: ["OHLCVCore", "OHLCVParquetExport"]),
        // One series CSV in a time range, as labelled CSV rows or an MT4 history file (make csv).
        .executableTarget(name: "ohlcv-extract", dependencies: ["OHLCVCore"]),
        // One symbol's hourly and daily candles against Dukascopy's own (make verify).
        .executableTarget(name: "ohlcv-verify", dependencies: ["OHLCVCore", "OHLCVNetwork"]),
        // One self-contained HTML page on the history's coverage, rows and verify results (make report).
        .executableTarget(name: "ohlcv-report", dependencies: ["OHLCVCore"]),
        // Checks settings and symbols for make before any stage runs; tidies under the run lock.
        .executableTarget(name: "ohlcv-config", dependencies: ["OHLCVCore"]),
        .testTarget(name: "OHLCVCoreTests", dependencies: ["OHLCVCore", "OHLCVTestSupport"]),
        .testTarget(name: "OHLCVParquetTests", dependencies: ["OHLCVParquet", "OHLCVCore", "OHLCVTestSupport"]),
        .testTarget(name: "OHLCVParquetExportTests",
                    dependencies: ["OHLCVParquetExport", "OHLCVParquet", "OHLCVCore"]),
        .testTarget(name: "ToolTests", dependencies: ["OHLCVCore", "OHLCVTestSupport"]),
    ],
    swiftLanguageModes: [.v5]
)
