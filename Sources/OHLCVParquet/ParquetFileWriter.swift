import Dispatch

/// Streams an OHLCV table as a Parquet file to a sink, one row group at a time.
///
/// Rows are buffered column-wise until `rowGroupRows` are held, then the six column chunks are encoded
/// (in parallel), written to the sink back to back, and forgotten: memory stays bounded by one row
/// group. `finish()` writes the footer. The writer never seeks: it counts the bytes it hands out, so
/// any append-only sink (a file, a pipe, stdout, an array) works.
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

    public let options: ParquetWriterOptions
    private let sink: Sink
    /// Bytes handed to the sink so far (the absolute offset of the next byte).
    public private(set) var position: Int64 = 0
    /// Rows appended so far.
    public private(set) var rowCount: Int64 = 0
    private var rowGroups: [RowGroup] = []
    private var isFinished = false

    /// Rows the column buffers hold now; they start small and double up to `rowGroupRows`, so a file of
    /// a few rows costs a few kilobytes.
    @usableFromInline var capacity: Int
    @usableFromInline let rowGroupRows: Int
    static let initialCapacity = 1 << 14
    @usableFromInline var buffered = 0
    @usableFromInline var times: UnsafeMutablePointer<Int64>
    /// Five columns of `capacity` doubles each: open, high, low, close, volume.
    @usableFromInline var doubles: UnsafeMutablePointer<Double>
    private var encoders: [ColumnChunkEncoder]

    public init(options: ParquetWriterOptions = ParquetWriterOptions(), sink: @escaping Sink) throws {
        precondition(options.rowGroupRows >= 1, "rowGroupRows must be at least 1")
        self.options = options
        self.sink = sink
        rowGroupRows = options.rowGroupRows
        capacity = min(options.rowGroupRows, max(ParquetFileWriter.initialCapacity, options.expectedRows ?? 0))
        times = LargeAllocation.allocate(Int64.self, capacity: capacity)
        doubles = LargeAllocation.allocate(Double.self, capacity: capacity * 5)
        let pageRows = min(max(1, options.pageRows), ParquetFileWriter.maximumPageRows)
        encoders = (0..<6).map { _ in
            ColumnChunkEncoder(codec: options.compression.codec, pageRows: pageRows,
                               maximumDictionaryEntries: options.maximumDictionaryEntries)
        }
        try emit(ParquetFileWriter.magic)
    }

    deinit {
        times.deallocate()
        doubles.deallocate()
    }

    /// Adds one row. Writes a row group to the sink each time `rowGroupRows` rows are buffered.
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
        if buffered == capacity { try makeRoom() }
    }

    /// Called when the buffers are full: a full row group is written out, smaller buffers grow.
    @usableFromInline
    func makeRoom() throws {
        if capacity == rowGroupRows { return try flushRowGroup() }
        let newCapacity = min(capacity * 2, rowGroupRows)
        let newTimes = LargeAllocation.allocate(Int64.self, capacity: newCapacity)
        let newDoubles = LargeAllocation.allocate(Double.self, capacity: newCapacity * 5)
        newTimes.update(from: times, count: buffered)
        for k in 0..<5 { (newDoubles + k * newCapacity).update(from: doubles + k * capacity, count: buffered) }
        times.deallocate()
        doubles.deallocate()
        times = newTimes
        doubles = newDoubles
        capacity = newCapacity
    }

    /// Adds `count` rows given column-wise (the caller's buffers hold at least `count` values each);
    /// the same as `count` calls of `append(timeMillis:…)`, with bulk copies.
    public func append(count: Int, timeMillis: UnsafePointer<Int64>, open: UnsafePointer<Double>,
                       high: UnsafePointer<Double>, low: UnsafePointer<Double>, close: UnsafePointer<Double>,
                       volume: UnsafePointer<Double>) throws {
        var done = 0
        while done < count {
            let n = min(count - done, capacity - buffered)
            (times + buffered).update(from: timeMillis + done, count: n)
            for (k, column) in [open, high, low, close, volume].enumerated() {
                (doubles + k * capacity + buffered).update(from: column + done, count: n)
            }
            buffered += n
            done += n
            if buffered == capacity { try makeRoom() }
        }
    }

    /// Writes any buffered rows as a last row group, then the footer. A file with no rows is valid:
    /// magic, a footer with `num_rows = 0` and no row groups, magic.
    public func finish() throws {
        precondition(!isFinished, "finish() called twice")
        if buffered > 0 { try flushRowGroup() }
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

    @usableFromInline
    func flushRowGroup() throws {
        let rows = buffered
        var results = [ColumnChunkEncoder.Result?](repeating: nil, count: 6)
        let encode: (Int) -> ColumnChunkEncoder.Result = { [self] column in
            if column == 0 {
                return encoders[0].encodeInt64Delta(UnsafeBufferPointer(start: times, count: rows))
            }
            let base = doubles + (column - 1) * capacity
            return encoders[column].encodeDouble(UnsafeBufferPointer(start: base, count: rows))
        }
        if options.parallelColumns {
            results.withUnsafeMutableBufferPointer { slots in
                let out = slots
                DispatchQueue.concurrentPerform(iterations: 6) { column in out[column] = encode(column) }
            }
        } else {
            for column in 0..<6 { results[column] = encode(column) }
        }
        let groupStart = position
        var chunks: [ColumnChunk] = []
        for (column, name) in OHLCVSchema.columnNames.enumerated() {
            let r = results[column]!
            let chunkStart = position
            try emit(encoders[column].bytes.bytes)
            chunks.append(ColumnChunk(metaData: ColumnMetaData(
                type: column == 0 ? .int64 : .double, encodings: r.encodings, path: [name],
                codec: options.compression.codec, numValues: r.numValues,
                totalUncompressedSize: r.totalUncompressedSize, totalCompressedSize: r.totalCompressedSize,
                dataPageOffset: chunkStart + r.dataPageOffset,
                dictionaryPageOffset: r.dictionaryPageOffset.map { chunkStart + $0 },
                statistics: r.statistics, encodingStats: r.encodingStats)))
        }
        rowGroups.append(RowGroup(columns: chunks, numRows: Int64(rows), fileOffset: groupStart,
                                  ordinal: Int16(exactly: rowGroups.count)))
        rowCount += Int64(rows)
        buffered = 0
    }

    private func emit(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try emit($0) }
    }

    private func emit(_ bytes: UnsafeRawBufferPointer) throws {
        try sink(bytes)
        position += Int64(bytes.count)
    }
}
