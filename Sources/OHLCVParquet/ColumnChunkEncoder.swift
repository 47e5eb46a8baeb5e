/// Encodes one column chunk (all its pages, headers included) as its rows arrive in batches, keeping only
/// what the chunk needs until its row group ends: the compressed pages written so far, and for a DOUBLE
/// column still in dictionary form, the dictionary and one index a row (2 bytes; 4 past 65,536 entries). The raw values of a batch
/// are not kept. Offsets in `Result` are relative to the chunk start, so the six chunks of a row group can
/// be encoded in parallel and then written back to back. Buffers are reused from one row group to the next.
///
/// Every batch but the last of a chunk must hold a whole number of pages (`pageRows`), so that the pages
/// fall where a one-shot encoding of the whole chunk puts them: the bytes do not depend on the batching.
final class ColumnChunkEncoder {
    /// What the footer needs about an encoded chunk; offsets are relative to `bytes`' start.
    struct Result {
        var dictionaryPageOffset: Int64?
        var dataPageOffset: Int64
        var totalUncompressedSize: Int64
        var totalCompressedSize: Int64
        var encodings: [Encoding]
        var encodingStats: [PageEncodingStats]
        var statistics: Statistics
        var numValues: Int64
    }

    let codec: CompressionCodec
    let pageRows: Int
    /// The encoded chunk so far: page header, page body, page header, …
    let bytes = PageChain(capacity: 1 << 16)
    private let body = ByteBuffer(capacity: 1 << 16)
    private let compressed = ByteBuffer(capacity: 1 << 16)
    private let header = ByteBuffer(capacity: 64)
    private var uncompressedTotal: Int64 = 0
    private var dataPages: Int32 = 0
    let dictionary: DoubleDictionary
    /// One page of dictionary indices, widened to 32 bits for the page encoders.
    private lazy var pageIndices = UnsafeMutablePointer<UInt32>.allocate(capacity: pageRows)
    private var hasPageIndices = false
    /// Rows added to the current chunk.
    private(set) var rows = 0
    /// A DOUBLE chunk is in dictionary form until its dictionary overflows; then its pages are PLAIN.
    private var isPlain = false
    private var minTime = Int64.max
    private var maxTime = Int64.min
    private var low = Double.infinity
    private var high = -Double.infinity
    private var nanCount: Int64 = 0

    init(codec: CompressionCodec, pageRows: Int, maximumDictionaryEntries: Int) {
        self.codec = codec
        self.pageRows = max(1, pageRows)
        dictionary = DoubleDictionary(maximumEntries: maximumDictionaryEntries)
    }

    deinit {
        if hasPageIndices { pageIndices.deallocate() }
    }

    /// Indices of rows `start..<end` of the chunk (at most a page).
    private func indices(_ start: Int, _ end: Int) -> UnsafeBufferPointer<UInt32> {
        hasPageIndices = true
        dictionary.copyIndices(start..<end, into: pageIndices)
        return UnsafeBufferPointer(start: pageIndices, count: end - start)
    }

    /// Starts a chunk of at most `expectedRows` rows.
    func begin(expectedRows: Int) {
        bytes.removeAll()
        uncompressedTotal = 0
        dataPages = 0
        rows = 0
        isPlain = false
        minTime = .max
        maxTime = .min
        low = .infinity
        high = -.infinity
        nanCount = 0
        dictionary.reset()
        dictionary.reserve(rows: expectedRows)
    }

    // MARK: time: DELTA_BINARY_PACKED data pages

    func addInt64(_ values: UnsafeBufferPointer<Int64>) {
        for v in values {
            if v < minTime { minTime = v }
            if v > maxTime { maxTime = v }
        }
        var start = 0
        while start < values.count {
            let end = min(start + pageRows, values.count)
            body.removeAll()
            DeltaBinaryPacked.encode(UnsafeBufferPointer(rebasing: values[start..<end]), into: body)
            writePage(.data(numValues: Int32(end - start), encoding: .deltaBinaryPacked))
            start = end
        }
        rows += values.count
    }

    func finishInt64() -> Result {
        let statistics = rows == 0 ? Statistics(maxValue: nil, minValue: nil)
            : Statistics(maxValue: Plain.bytes(maxTime), minValue: Plain.bytes(minTime))
        return Result(dictionaryPageOffset: nil, dataPageOffset: 0, totalUncompressedSize: uncompressedTotal,
                      totalCompressedSize: Int64(bytes.count), encodings: [.deltaBinaryPacked],
                      encodingStats: [PageEncodingStats(pageType: .dataPage, encoding: .deltaBinaryPacked, count: dataPages)],
                      statistics: statistics, numValues: Int64(rows))
    }

    // MARK: DOUBLE: RLE_DICTIONARY when the dictionary fits and is smaller than PLAIN, else PLAIN

    func addDouble(_ values: UnsafeBufferPointer<Double>) {
        for v in values {
            if v.isNaN { nanCount += 1; continue }
            if v < low { low = v }
            if v > high { high = v }
        }
        if !isPlain {
            if dictionary.add(values) {
                rows += values.count
                return
            }
            // Too many distinct values: the chunk is PLAIN from its first row, and the rows so far
            // (a whole number of pages) are still in the dictionary. Its table goes first: every column of
            // a high-cardinality series gets here in the same stage, and the table is most of the memory.
            dictionary.releaseTable()
            writePlainPagesFromDictionary(rows: rows)
            dictionary.releaseAll()
            isPlain = true
        }
        var start = 0
        while start < values.count {
            let end = min(start + pageRows, values.count)
            body.removeAll()
            Plain.encode(UnsafeBufferPointer(rebasing: values[start..<end]), into: body)
            writePage(.data(numValues: Int32(end - start), encoding: .plain))
            start = end
        }
        rows += values.count
    }

    func finishDouble() -> Result {
        var statistics: Statistics
        if nanCount == Int64(rows) {
            statistics = Statistics(maxValue: nil, minValue: nil, nanCount: nanCount)
        } else {
            // The spec's zero rule: a minimum of ±0 is written −0.0 and a maximum of ±0 is written +0.0.
            statistics = Statistics(maxValue: Plain.bytes(high == 0 ? 0.0 : high),
                                    minValue: Plain.bytes(low == 0 ? -0.0 : low), nanCount: nanCount)
        }
        if !isPlain {
            let width = dictionary.indexBitWidth
            let dictionaryBytes = 8 * dictionary.entries.count
            let indexBytes = (rows * width + 7) / 8
            if dictionaryBytes + indexBytes < 8 * rows {
                return finishDictionary(width: width, statistics: statistics)
            }
            writePlainPagesFromDictionary(rows: rows)
        }
        return Result(dictionaryPageOffset: nil, dataPageOffset: 0, totalUncompressedSize: uncompressedTotal,
                      totalCompressedSize: Int64(bytes.count), encodings: [.plain],
                      encodingStats: [PageEncodingStats(pageType: .dataPage, encoding: .plain, count: dataPages)],
                      statistics: statistics, numValues: Int64(rows))
    }

    /// PLAIN pages of the first `rows` rows, whose values are `entries[indices[i]]`.
    private func writePlainPagesFromDictionary(rows: Int) {
        let entries = dictionary.entries
        entries.withUnsafeBufferPointer { entries in
            var start = 0
            while start < rows {
                let end = min(start + pageRows, rows)
                body.removeAll()
                let n = end - start
                let out = body.reserve(8 * n)
                let page = indices(start, end)
                for i in 0..<n {
                    out.storeBytes(of: entries[Int(page[i])].littleEndian, toByteOffset: 8 * i, as: UInt64.self)
                }
                body.advance(by: 8 * n)
                writePage(.data(numValues: Int32(n), encoding: .plain))
                start = end
            }
        }
    }

    private func finishDictionary(width: Int, statistics: Statistics) -> Result {
        body.removeAll()
        dictionary.entries.withUnsafeBytes { body.append($0) }       // PLAIN: the bit patterns, little-endian
        writePage(.dictionary(numValues: Int32(dictionary.entries.count)))
        let dataPageOffset = Int64(bytes.count)
        var start = 0
        while start < rows {
            let end = min(start + pageRows, rows)
            body.removeAll()
            body.append(UInt8(width))
            RLEBitPacked.encode(indices(start, end), bitWidth: width, into: body)
            writePage(.data(numValues: Int32(end - start), encoding: .rleDictionary))
            start = end
        }
        return Result(dictionaryPageOffset: 0, dataPageOffset: dataPageOffset,
                      totalUncompressedSize: uncompressedTotal, totalCompressedSize: Int64(bytes.count),
                      encodings: [.plain, .rleDictionary],
                      encodingStats: [PageEncodingStats(pageType: .dictionaryPage, encoding: .plain, count: 1),
                                      PageEncodingStats(pageType: .dataPage, encoding: .rleDictionary, count: dataPages)],
                      statistics: statistics, numValues: Int64(rows))
    }

    /// Gives back what the chunk's pages took, once they have been written out: a row group's chunks are
    /// finished one pair after another, and the memory of a finished one is better used by the next.
    func release() {
        bytes.release(keeping: 1 << 16)
        body.release(keeping: 1 << 16)
        compressed.release(keeping: 1 << 16)
        dictionary.releaseIndices()
    }

    /// Compresses `body` with the chunk's codec and appends header + body to `bytes`.
    private func writePage(_ kind: PageHeader.Kind) {
        var onDisk = body
        if codec == .snappy {
            compressed.removeAll()
            SnappyCompressor.compressIfWorthwhile(body.bytes, into: compressed)
            onDisk = compressed
        }
        header.removeAll()
        PageHeader(kind: kind, uncompressedPageSize: Int32(body.count), compressedPageSize: Int32(onDisk.count))
            .encode(into: header)
        bytes.append(header, onDisk)
        uncompressedTotal += Int64(header.count + body.count)
        if case .data = kind { dataPages += 1 }
    }
}
