/// DELTA_BINARY_PACKED for INT64 (Parquet `Encodings.md`), with parquet-java's block of 128 values
/// in 4 miniblocks of 32.
///
/// ```
/// page   := varint(blockSize) varint(miniblocks) varint(valueCount) zigzag(firstValue) block*
/// block  := zigzag(minDelta) width[miniblocks] miniblock*      (miniblock = 32 values of (delta − minDelta))
/// ```
/// Every subtraction wraps, so any Int64 sequence round-trips. The last miniblock holding values is
/// padded to 32 values; miniblocks after it keep a zero width byte and have no body.
public enum DeltaBinaryPacked {
    public static let blockSize = 128
    public static let miniblocksPerBlock = 4
    public static let valuesPerMiniblock = blockSize / miniblocksPerBlock

    public static func encode(_ values: UnsafeBufferPointer<Int64>, into out: ByteBuffer) {
        out.appendVarint(UInt64(blockSize))
        out.appendVarint(UInt64(miniblocksPerBlock))
        out.appendVarint(UInt64(values.count))
        guard let first = values.first else {
            out.appendZigzagVarint(0)
            return
        }
        out.appendZigzagVarint(first)
        var deltas = [UInt64](repeating: 0, count: blockSize)
        var previous = first
        var index = 1
        while index < values.count {
            let count = min(blockSize, values.count - index)
            var minDelta = Int64.max
            for k in 0..<count {
                let v = values[index + k]
                let d = v &- previous
                previous = v
                deltas[k] = UInt64(bitPattern: d)
                if d < minDelta { minDelta = d }
            }
            out.appendZigzagVarint(minDelta)
            var widths = [Int](repeating: 0, count: miniblocksPerBlock)
            let usedMiniblocks = (count + valuesPerMiniblock - 1) / valuesPerMiniblock
            for m in 0..<usedMiniblocks {
                var maxRelative: UInt64 = 0
                let lo = m * valuesPerMiniblock
                for k in lo..<min(lo + valuesPerMiniblock, count) {
                    let rel = deltas[k] &- UInt64(bitPattern: minDelta)
                    deltas[k] = rel
                    if rel > maxRelative { maxRelative = rel }
                }
                widths[m] = BitPacker.bitWidth(maxRelative)
            }
            for m in 0..<miniblocksPerBlock { out.append(UInt8(widths[m])) }
            for m in 0..<usedMiniblocks {
                var packer = BitPacker(width: widths[m])
                let lo = m * valuesPerMiniblock
                for k in lo..<(lo + valuesPerMiniblock) {
                    packer.pack(k < count ? deltas[k] : 0, into: out)
                }
                packer.flush(into: out)
            }
            index += count
        }
    }
}
