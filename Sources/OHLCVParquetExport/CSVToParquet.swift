import Dispatch
import OHLCVCore
import OHLCVParquet

/// Our CSV (behaviour §3.1) to Parquet (behaviour §9): a stream of rows, or the rows in a byte range of a file
/// parsed in parallel.
enum CSVToParquet {
    /// `ohlcv-parquet [FILE|-]`: one Parquet file to `-o FILE` (atomically) or to stdout, never to a terminal.
    static func writeOne(input: String, output: String?, after: Int64?, until: Int64?, decimals: Int,
                         writer: ParquetWriterOptions) throws {
        if output == nil && FileDescriptor.standardOutput.isTerminal {
            throw OHLCVError(.usage("refusing to write binary Parquet to a terminal: use -o FILE or redirect stdout (> FILE or | …)"))
        }
        let display = InputSource.displayName(input)
        let fd = try withErrorContext(file: display) { try InputSource.open(input) }
        defer { if input != "-" { fd.close() } }
        let range = (after ?? .min)..<(until ?? .max)
        let body: (OutputBuffer) throws -> Void
        if InputSource.isSeekable(input, fd) {
            let bytes = try withErrorContext(file: display) { try CandleCSVSeek.rows(after: after, until: until, in: fd, scale: decimals) }
            body = { out in
                _ = try convertFile(input, bytes: bytes, range: range, strict: false, scale: decimals,
                                    options: writer, to: out)
            }
        } else {
            // A pipe cannot be searched or reopened: its rows stream by once, up to the first past --until.
            let reader = try withErrorContext(file: display) { try CandleCSVReader(fd: fd, scale: decimals) }
            body = { out in _ = try convert(reader, display: display, range: range, options: writer, to: out) }
        }
        try withErrorContext(file: output) { try AtomicFile.writeOutput(to: output, body) }
    }

    /// Streams a reader's rows (stdin, a FIFO, a pipe) into a Parquet file written to `out`, keeping the rows in `range`
    /// and stopping at the first row past it; returns the row count.
    static func convert(_ reader: CandleCSVReader, display: String, range: Range<Int64>,
                        options: ParquetWriterOptions, to out: OutputBuffer) throws -> Int64 {
        let writer = try ParquetFileWriter(options: options) { bytes in
            try out.write(bytes.bindMemory(to: UInt8.self))
        }
        let decimal = ScaledDecimal(scale: reader.scale)
        while true {
            let row: Candle?
            do {
                row = try reader.next()
            } catch var error as OHLCVError {
                if error.file == nil { error.file = display }
                throw error
            }
            guard let c = row else { break }
            if c.time >= range.upperBound { break }
            if c.time < range.lowerBound { continue }
            try writer.append(timeMillis: c.time &* 1000, open: decimal.double(c.open), high: decimal.double(c.high),
                              low: decimal.double(c.low), close: decimal.double(c.close),
                              volume: decimal.double(wide: c.volume))
        }
        try writer.finish()
        return writer.rowCount
    }

    /// Converts the whole rows in `bytes` of a file, parsing in windows of `windowBytes`, each split at a
    /// row boundary into two parts (one when the input is under 1 MiB) that are parsed (and turned into
    /// Doubles) in parallel; rows go to the writer in file order. Memory: one window's rows (48 bytes a row, about
    /// 1.8 MiB for the default 2 MiB window) plus the writer's (see `ParquetFileWriter`). Time order is checked
    /// inside each part by the reader and across parts here.
    static func convertFile(_ path: String, bytes: Range<Int64>, range: Range<Int64>, strict: Bool, scale: Int,
                            options: ParquetWriterOptions, to out: OutputBuffer,
                            windowBytes: Int64 = 2 << 20) throws -> Int64 {
        var options = options
        options.expectedRows = Int(bytes.count / 40)            // a typical row is 45–60 bytes
        let writer = try ParquetFileWriter(options: options) { bytes in
            try out.write(bytes.bindMemory(to: UInt8.self))
        }
        let parts = bytes.count > 1 << 20 ? 2 : 1
        let fds = try (0..<parts).map { _ in try FileDescriptor.open(path, .readOnly) }
        defer { fds.forEach { $0.close() } }
        // A window ends at most a line past `windowBytes`, and a part at most a line past its share of it.
        let partBytes = (Int(min(windowBytes, Int64(bytes.count))) + LineReader.maximumLineLength) / parts
            + LineReader.maximumLineLength
        let batches = (0..<parts).map { _ in RowBatch(capacity: partBytes / RowBatch.minimumRowBytes + 2) }
        var previousTime: Int64?
        var position = bytes.lowerBound
        var scratch = [UInt8](repeating: 0, count: 4096)
        do {
            while position < bytes.upperBound {
                let windowEnd = try CandleCSVSeek.nextRowStart(from: min(position + windowBytes, bytes.upperBound),
                                                               lower: position, fd: fds[0], upper: bytes.upperBound,
                                                               window: &scratch)
                var cuts = [position]
                for k in 1..<parts {
                    let want = position + (windowEnd - position) * Int64(k) / Int64(parts)
                    let cut = try CandleCSVSeek.nextRowStart(from: want, lower: position, fd: fds[k], upper: windowEnd,
                                                             window: &scratch)
                    cuts.append(max(cuts[k - 1], cut))
                }
                cuts.append(windowEnd)
                var failures = [Error?](repeating: nil, count: parts)
                failures.withUnsafeMutableBufferPointer { failed in
                    let slots = failed
                    DispatchQueue.concurrentPerform(iterations: parts) { k in
                        do {
                            try batches[k].fill(fds[k], from: cuts[k], to: cuts[k + 1], scale: scale,
                                                range: range, strict: strict)
                        } catch {
                            slots[k] = error
                        }
                    }
                }
                if let failure = failures.compactMap({ $0 }).first { throw failure }
                for batch in batches where batch.count > 0 {
                    if let previousTime, batch.firstTime <= previousTime {
                        throw OHLCVError(.outOfOrder(previous: TimestampText.string(previousTime),
                                                     current: TimestampText.string(batch.firstTime)),
                                         byteOffset: batch.firstOffset)
                    }
                    previousTime = batch.lastTime
                    try writer.append(count: batch.count, timeMillis: batch.times, open: batch.columns,
                                      high: batch.columns + batch.capacity, low: batch.columns + 2 * batch.capacity,
                                      close: batch.columns + 3 * batch.capacity, volume: batch.columns + 4 * batch.capacity)
                }
                position = windowEnd
            }
        } catch var error as OHLCVError {
            if error.file == nil { error.file = path }
            if error.line == nil, let offset = error.byteOffset, let line = try? lineNumber(path, at: offset) {
                error.line = line
                error.byteOffset = nil
            }
            throw error
        }
        try writer.finish()
        return writer.rowCount
    }

    /// 1-based number of the line starting at `offset` (error path only: counts newlines before it).
    static func lineNumber(_ path: String, at offset: Int64) throws -> Int {
        let fd = try FileDescriptor.open(path, .readOnly)
        defer { fd.close() }
        let lines = try LineReader(fd: fd, limit: offset)
        var count = 1
        while try lines.nextLine() != nil { count += 1 }
        return count
    }

    /// One part of a window: its rows column-wise, the numbers already Doubles.
    final class RowBatch {
        /// The shortest row the reader accepts: `YYYY-MM-DD HH:MM:SS,1,1,1,1,1\n`.
        static let minimumRowBytes = TimestampText.length + 2 * 5 + 1
        let capacity: Int
        let times: UnsafeMutablePointer<Int64>
        /// open, high, low, close, volume: `capacity` Doubles each.
        let columns: UnsafeMutablePointer<Double>
        var count = 0
        var firstTime: Int64 = 0
        var lastTime: Int64 = 0
        /// Offset of the first row kept, for errors.
        var firstOffset: Int64 = 0

        init(capacity: Int) {
            self.capacity = capacity
            times = LargeAllocation.allocate(Int64.self, capacity: capacity)
            columns = LargeAllocation.allocate(Double.self, capacity: capacity * 5)
        }

        deinit {
            LargeAllocation.deallocate(times, capacity: capacity)
            LargeAllocation.deallocate(columns, capacity: capacity * 5)
        }

        func fill(_ fd: FileDescriptor, from start: Int64, to end: Int64, scale: Int, range: Range<Int64>,
                  strict: Bool) throws {
            count = 0
            guard start < end else { return }
            precondition(Int(end - start) / RowBatch.minimumRowBytes + 1 <= capacity, "row batch too small")
            let firstRow = start == CandleCSVFormat.headerLength
            let reader = try CandleCSVReader(fd: fd, scale: scale, startOffset: firstRow ? 0 : start, limit: end)
            do {
                try fillRows(reader, scale: scale, range: range, strict: strict)
            } catch var error as OHLCVError where !firstRow && error.line != nil {
                // A reader that began mid-file counts lines from its start: report the byte offset instead.
                error.line = nil
                error.byteOffset = reader.offset
                throw error
            }
        }

        private func fillRows(_ reader: CandleCSVReader, scale: Int, range: Range<Int64>, strict: Bool) throws {
            let decimal = ScaledDecimal(scale: scale)
            var n = 0
            var last: Int64 = 0
            defer { count = n; lastTime = last }
            while let c = try reader.next() {
                if !range.contains(c.time) {
                    if strict {
                        throw OHLCVError(.badCSV(.rowOutsidePartition(time: c.time, from: range.lowerBound, to: range.upperBound)),
                                         byteOffset: reader.rowOffset)
                    }
                    continue
                }
                let i = n
                if i == 0 { firstTime = c.time; firstOffset = reader.rowOffset }
                last = c.time
                times[i] = c.time &* 1000
                columns[i] = decimal.double(c.open)
                columns[capacity + i] = decimal.double(c.high)
                columns[2 * capacity + i] = decimal.double(c.low)
                columns[3 * capacity + i] = decimal.double(c.close)
                columns[4 * capacity + i] = decimal.double(wide: c.volume)
                n = i + 1
            }
        }
    }
}
