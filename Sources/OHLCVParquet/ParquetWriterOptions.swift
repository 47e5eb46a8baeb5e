/// How `ParquetFileWriter` lays out a file. The defaults are the suite's (behaviour §9, GUIDE §0).
public struct ParquetWriterOptions: Sendable {
    public var compression: ParquetCompression = .snappy
    /// Rows per row group; memory use is bounded by one row group's compressed pages and dictionary
    /// indices (at most 4 bytes a row per DOUBLE column), not by its rows.
    public var rowGroupRows: Int = 1_048_576
    /// A row group ends early, after a whole stage of pages, once the compressed pages it holds back pass
    /// this many bytes. Only PLAIN columns hold pages back in bulk (a column with more than
    /// `maximumDictionaryEntries` distinct values in a row group, such as a 1-minute crypto price over two
    /// years, holds up to 8 bytes a row), so this is what bounds their memory; dictionary-encoded series
    /// hold back well under 1 MiB a row group and never reach it, and neither does a single PLAIN column
    /// (8 MiB at most), so their bytes do not depend on it. 12 MiB keeps a series whose DOUBLE columns are
    /// all PLAIN under 64 MiB peak RSS; such a series gets row groups of 327,680 rows (incompressible
    /// values) to 589,824 instead of 1,048,576. `.max` turns it off.
    public var rowGroupBytes: Int = 12 << 20
    /// Rows per data page.
    public var pageRows: Int = 65_536
    /// A DOUBLE chunk with more distinct values than this is written PLAIN (1 MiB of dictionary).
    public var maximumDictionaryEntries: Int = 131_072
    public var createdBy: String = "ohlcv version 1.0.0 (build unknown)"
    /// behaviour §9: the CSV's times are naive (UTC or server time), so false.
    public var timeIsAdjustedToUTC = false
    /// A hint: about how many rows will be appended (e.g. from the input's size). The dictionary index
    /// buffers are reserved that large (at most `rowGroupRows`) instead of growing; nil when unknown.
    public var expectedRows: Int?
    /// Encode the six column chunks of a row group on several threads.
    public var parallelColumns = true

    public init() {}

    public init(compression: ParquetCompression, rowGroupRows: Int = 1_048_576, pageRows: Int = 65_536) {
        self.compression = compression
        self.rowGroupRows = rowGroupRows
        self.pageRows = pageRows
    }
}
