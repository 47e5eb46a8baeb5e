/// Encodes one column chunk (all its pages, headers included) into its own buffer, with offsets
/// relative to the chunk start, so the six chunks of a row group can be encoded in parallel and then
/// written back to back. Buffers are reused from one row group to the next.
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
    /// The encoded chunk: page header, page body, page header, …
    let bytes = ByteBuffer(capacity: 1 << 16)
    private let body = ByteBuffer(capacity: 1 << 16)
    private let compressed = ByteBuffer(capacity: 1 << 16)
    private let header = ByteBuffer(capacity: 64)
    private var uncompressedTotal: Int64 = 0
    private var dataPages: Int32 = 0
    let dictionary: DoubleDictionary

    init(codec: CompressionCodec, pageRows: Int, maximumDictionaryEntries: Int) {
        self.codec = codec
        self.pageRows = max(1, pageRows)
        dictionary = DoubleDictionary(maximumEntries: maximumDictionaryEntries)
    }

    /// Sizes the chunk buffer for the worst case (PLAIN, incompressible) once, so it never grows by copying;
    /// pages that are never written are never touched.
    private func reset(rows: Int) {
        let worst = SnappyCompressor.maximumCompressedLength(rows * 8) + 64 * (rows / pageRows + 2)
        _ = bytes.reserve(worst)
        _ = body.reserve(pageRows * 8 + 16)
        _ = compressed.reserve(SnappyCompressor.maximumCompressedLength(pageRows * 8) + 16)
        bytes.removeAll()
        uncompressedTotal = 0
        dataPages = 0
    }

    /// `time`: DELTA_BINARY_PACKED data pages.
    func encodeInt64Delta(_ values: UnsafeBufferPointer<Int64>) -> Result {
        reset(rows: values.count)
        var start = 0
        while start < values.count {
            let end = min(start + pageRows, values.count)
            body.removeAll()
            DeltaBinaryPacked.encode(UnsafeBufferPointer(rebasing: values[start..<end]), into: body)
            writePage(.data(numValues: Int32(end - start), encoding: .deltaBinaryPacked))
            start = end
        }
        return Result(dictionaryPageOffset: nil, dataPageOffset: 0, totalUncompressedSize: uncompressedTotal,
                      totalCompressedSize: Int64(bytes.count), encodings: [.deltaBinaryPacked],
                      encodingStats: [PageEncodingStats(pageType: .dataPage, encoding: .deltaBinaryPacked, count: dataPages)],
                      statistics: ColumnStatistics.int64(values), numValues: Int64(values.count))
    }

    /// A DOUBLE column: RLE_DICTIONARY when the dictionary fits and is smaller than PLAIN, else PLAIN.
    func encodeDouble(_ values: UnsafeBufferPointer<Double>) -> Result {
        reset(rows: values.count)
        let statistics = ColumnStatistics.double(values)
        if dictionary.build(values) {
            let width = dictionary.indexBitWidth
            let dictionaryBytes = 8 * dictionary.entries.count
            let indexBytes = (values.count * width + 7) / 8
            if dictionaryBytes + indexBytes < 8 * values.count {
                return encodeDictionary(values.count, width: width, statistics: statistics)
            }
        }
        var start = 0
        while start < values.count {
            let end = min(start + pageRows, values.count)
            body.removeAll()
            Plain.encode(UnsafeBufferPointer(rebasing: values[start..<end]), into: body)
            writePage(.data(numValues: Int32(end - start), encoding: .plain))
            start = end
        }
        return Result(dictionaryPageOffset: nil, dataPageOffset: 0, totalUncompressedSize: uncompressedTotal,
                      totalCompressedSize: Int64(bytes.count), encodings: [.plain],
                      encodingStats: [PageEncodingStats(pageType: .dataPage, encoding: .plain, count: dataPages)],
                      statistics: statistics, numValues: Int64(values.count))
    }

    private func encodeDictionary(_ count: Int, width: Int, statistics: Statistics) -> Result {
        body.removeAll()
        dictionary.entries.withUnsafeBytes { body.append($0) }       // PLAIN: the bit patterns, little-endian
        writePage(.dictionary(numValues: Int32(dictionary.entries.count)))
        let dataPageOffset = Int64(bytes.count)
        do {
            let all = UnsafeBufferPointer(start: dictionary.indices, count: count)
            var start = 0
            while start < count {
                let end = min(start + pageRows, count)
                body.removeAll()
                body.append(UInt8(width))
                RLEBitPacked.encode(UnsafeBufferPointer(rebasing: all[start..<end]), bitWidth: width, into: body)
                writePage(.data(numValues: Int32(end - start), encoding: .rleDictionary))
                start = end
            }
        }
        return Result(dictionaryPageOffset: 0, dataPageOffset: dataPageOffset,
                      totalUncompressedSize: uncompressedTotal, totalCompressedSize: Int64(bytes.count),
                      encodings: [.plain, .rleDictionary],
                      encodingStats: [PageEncodingStats(pageType: .dictionaryPage, encoding: .plain, count: 1),
                                      PageEncodingStats(pageType: .dataPage, encoding: .rleDictionary, count: dataPages)],
                      statistics: statistics, numValues: Int64(count))
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
        bytes.append(header)
        bytes.append(onDisk)
        uncompressedTotal += Int64(header.count + body.count)
        if case .data = kind { dataPages += 1 }
    }
}
