import Dispatch

/// Streams an OHLCV table as a Parquet file to a sink, one row group at a time, in memory bounded by the
/// row group's compressed pages rather than its rows.
///
/// Rows are staged column-wise a page or more at a time (`capacity`); each full stage is handed to the six
/// column encoders (in parallel), which compress its pages (or, for a DOUBLE column still in dictionary
/// form, index its values) and forget the raw values. When `rowGroupRows` rows have arrived (or earlier, at
/// the end of a stage, once the pages held back pass `rowGroupBytes`), the six chunks are finished, written
/// to the sink back to back, and forgotten. `finish()` writes the footer. The bytes are those of encoding
/// each row group in one go: staging only changes when the work is done. The writer never seeks: it counts
/// the bytes it hands out, so any append-only sink (a file, a pipe, stdout, an array) works.
///
/// Memory, default options: 2 bytes a row of the row group for each DOUBLE column in dictionary form (its
/// indices; 10 MiB for 1,048,576 rows, twice that for a column past 65,536 distinct values) and its table
/// (up to 4 MiB, until the column turns PLAIN), the compressed pages of the current row group (at most
/// `rowGroupBytes`, 12 MiB, plus a stage's), two finished chunks, and the stage (48 bytes a row, 3 MiB).
///
/// ```
/// let writer = try ParquetFileWriter(options: .init()) { bytes in try file.write(bytes) }
/// try writer.append(timeMillis: 1_577_836_800_000, open: 1.1, high: 1.2, low: 1.0, close: 1.15, volume: 10)
/// try writer.finish()
/// ```
public final class ParquetFileWriter {
    public typealias Sink = (UnsafeRawBufferPointer) throws -> Void

    public static let magic: [UInt8] = Array("PAR1".utf8)
    /// Data page bodies are i32-sized; keep pages far below that.
    public static let maximumPageRows = 1 << 24
    /// About how many rows are staged before the encoders get them: a whole number of pages, at least one.
    static let stagingTarget = 1 << 16

    public let options: ParquetWriterOptions
    private let sink: Sink
    /// Bytes handed to the sink so far (the absolute offset of the next byte).
    public private(set) var position: Int64 = 0
    /// Rows appended so far.
    public private(set) var rowCount: Int64 = 0
    private(set) var rowGroups: [RowGroup] = []
    private var isFinished = false

    @usableFromInline let rowGroupRows: Int
    /// Rows the stage holds when full; the stage is emptied earlier at the end of a row group.
    @usableFromInline let capacity: Int
    /// Rows to stage before the encoders take them: `capacity`, or what is left of the row group.
    @usableFromInline var limit: Int
    @usableFromInline var buffered = 0
    /// Rows of the current row group already with the encoders.
    private var groupRows = 0
    @usableFromInline var times: UnsafeMutablePointer<Int64>
    /// Five columns of `capacity` doubles each: open, high, low, close, volume.
    @usableFromInline var doubles: UnsafeMutablePointer<Double>
    private var encoders: [ColumnChunkEncoder]

    public init(options: ParquetWriterOptions = ParquetWriterOptions(), sink: @escaping Sink) throws {
        precondition(options.rowGroupRows >= 1, "rowGroupRows must be at least 1")
        self.options = options
        self.sink = sink
        rowGroupRows = options.rowGroupRows
        let pageRows = min(max(1, options.pageRows), ParquetFileWriter.maximumPageRows)
        let stage = pageRows * max(1, ParquetFileWriter.stagingTarget / pageRows)
        capacity = min(rowGroupRows, stage)
        limit = capacity
        times = LargeAllocation.allocate(Int64.self, capacity: capacity)
        doubles = LargeAllocation.allocate(Double.self, capacity: capacity * 5)
        encoders = (0..<6).map { _ in
            ColumnChunkEncoder(codec: options.compression.codec, pageRows: pageRows,
                               maximumDictionaryEntries: options.maximumDictionaryEntries)
        }
        try emit(ParquetFileWriter.magic)
    }

    deinit {
        LargeAllocation.deallocate(times, capacity: capacity)
        LargeAllocation.deallocate(doubles, capacity: capacity * 5)
    }

    /// Adds one row. Writes a row group to the sink each time `rowGroupRows` rows have arrived.
    @inlinable @inline(__always)
    public func append(timeMillis: Int64, open: Double, high: Double, low: Double, close: Double,
                       volume: Double) throws {
        let i = buffered
        times[i] = timeMillis
        doubles[i] = open
        doubles[capacity + i] = high
        doubles[2 * capacity + i] = low
        doubles[3 * capacity + i] = close
        doubles[4 * capacity + i] = volume
        buffered = i + 1
        if buffered == limit { try drain() }
    }

    /// Adds `count` rows given column-wise (the caller's buffers hold at least `count` values each);
    /// the same as `count` calls of `append(timeMillis:…)`, with bulk copies.
    public func append(count: Int, timeMillis: UnsafePointer<Int64>, open: UnsafePointer<Double>,
                       high: UnsafePointer<Double>, low: UnsafePointer<Double>, close: UnsafePointer<Double>,
                       volume: UnsafePointer<Double>) throws {
        var done = 0
        while done < count {
            let n = min(count - done, limit - buffered)
            (times + buffered).update(from: timeMillis + done, count: n)
            for (k, column) in [open, high, low, close, volume].enumerated() {
                (doubles + k * capacity + buffered).update(from: column + done, count: n)
            }
            buffered += n
            done += n
            if buffered == limit { try drain() }
        }
    }

    /// Hands the staged rows to the encoders; ends the row group when it is full.
    @usableFromInline
    func drain() throws {
        let rows = buffered
        if groupRows == 0 {
            let expected = min(rowGroupRows, max(rows, options.expectedRows ?? rowGroupRows))
            for encoder in encoders { encoder.begin(expectedRows: expected) }
        }
        let add: (Int) -> Void = { [self] column in
            if column == 0 {
                encoders[0].addInt64(UnsafeBufferPointer(start: times, count: rows))
            } else {
                encoders[column].addDouble(UnsafeBufferPointer(start: doubles + (column - 1) * capacity, count: rows))
            }
        }
        if options.parallelColumns {
            DispatchQueue.concurrentPerform(iterations: 6, execute: add)
        } else {
            for column in 0..<6 { add(column) }
        }
        groupRows += rows
        buffered = 0
        if groupRows == rowGroupRows || encoders.reduce(0, { $0 + $1.bytes.count }) >= options.rowGroupBytes {
            try flushRowGroup()
        }
        limit = min(capacity, rowGroupRows - groupRows)
    }

    /// Writes any buffered rows as a last row group, then the footer. A file with no rows is valid:
    /// magic, a footer with `num_rows = 0` and no row groups, magic.
    public func finish() throws {
        precondition(!isFinished, "finish() called twice")
        if buffered > 0 { try drain() }
        if groupRows > 0 { try flushRowGroup() }
        isFinished = true
        let footer = ByteBuffer(capacity: 1024)
        FileMetaData(schema: OHLCVSchema.elements(timeIsAdjustedToUTC: options.timeIsAdjustedToUTC),
                     numRows: rowCount, rowGroups: rowGroups, createdBy: options.createdBy)
            .encode(into: footer)
        let length = UInt32(footer.count)
        footer.appendLittleEndian(length)
        footer.append(ParquetFileWriter.magic)
        try emit(footer.bytes)
    }

    /// Finishes the six chunks of the current row group and writes them out, two at a time (in parallel),
    /// so that at most two finished chunks wait in memory for the sink.
    func flushRowGroup() throws {
        let rows = groupRows
        let groupStart = position
        var chunks: [ColumnChunk] = []
        let names = OHLCVSchema.columnNames
        let finish: (Int) -> ColumnChunkEncoder.Result = { [self] column in
            column == 0 ? encoders[0].finishInt64() : encoders[column].finishDouble()
        }
        for first in stride(from: 0, to: 6, by: 2) {
            var results = [ColumnChunkEncoder.Result?](repeating: nil, count: 2)
            if options.parallelColumns {
                results.withUnsafeMutableBufferPointer { slots in
                    let out = slots
                    DispatchQueue.concurrentPerform(iterations: 2) { k in out[k] = finish(first + k) }
                }
            } else {
                for k in 0..<2 { results[k] = finish(first + k) }
            }
            for k in 0..<2 {
                let column = first + k
                let r = results[k]!
                let chunkStart = position
                try encoders[column].bytes.forEachSegment { try emit($0) }
                encoders[column].release()
                chunks.append(ColumnChunk(metaData: ColumnMetaData(
                    type: column == 0 ? .int64 : .double, encodings: r.encodings, path: [names[column]],
                    codec: options.compression.codec, numValues: r.numValues,
                    totalUncompressedSize: r.totalUncompressedSize, totalCompressedSize: r.totalCompressedSize,
                    dataPageOffset: chunkStart + r.dataPageOffset,
                    dictionaryPageOffset: r.dictionaryPageOffset.map { chunkStart + $0 },
                    statistics: r.statistics, encodingStats: r.encodingStats)))
            }
        }
        rowGroups.append(RowGroup(columns: chunks, numRows: Int64(rows), fileOffset: groupStart,
                                  ordinal: Int16(exactly: rowGroups.count)))
        rowCount += Int64(rows)
        groupRows = 0
    }

    private func emit(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try emit($0) }
    }

    private func emit(_ bytes: UnsafeRawBufferPointer) throws {
        try sink(bytes)
        position += Int64(bytes.count)
    }
}
