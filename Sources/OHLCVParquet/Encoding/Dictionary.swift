/// Builds the dictionary of one DOUBLE column chunk: distinct values by bit pattern (so −0.0, +0.0 and
/// NaN payloads stay distinct and round-trip) in first-seen order, and each row's index into it.
/// Gives up, returning false, once the dictionary would exceed `maximumEntries`: the chunk is then
/// written PLAIN. An open-addressing table sized for the limit, reused across chunks.
public final class DoubleDictionary {
    public let maximumEntries: Int
    private var slots: [Int32]            // index into `entries`, or −1
    private let slotMask: Int
    private let hashShift: UInt64
    /// Distinct bit patterns, first seen first.
    public private(set) var entries: [UInt64] = []
    /// One index per value of the last successful `build`.
    public private(set) var indices: [UInt32] = []

    public init(maximumEntries: Int = 131_072) {
        self.maximumEntries = max(1, maximumEntries)
        var tableSize = 16
        while tableSize < self.maximumEntries * 2 { tableSize *= 2 }
        slots = [Int32](repeating: -1, count: tableSize)
        slotMask = tableSize - 1
        hashShift = UInt64(64 - tableSize.trailingZeroBitCount)
    }

    /// Bit width of the indices: bitLength(entries − 1), and 1 for a single entry (as pyarrow writes).
    public var indexBitWidth: Int { max(1, BitPacker.bitWidth(UInt64(max(entries.count, 1) - 1))) }

    /// Returns false (and leaves `entries` unusable) when the values have too many distinct patterns.
    public func build(_ values: UnsafeBufferPointer<Double>) -> Bool {
        for e in entries { clearSlot(of: e) }
        entries.removeAll(keepingCapacity: true)
        if indices.count < values.count { indices = [UInt32](repeating: 0, count: values.count) }
        let limit = maximumEntries
        return slots.withUnsafeMutableBufferPointer { table -> Bool in
            indices.withUnsafeMutableBufferPointer { out -> Bool in
                for i in 0..<values.count {
                    let bits = values[i].bitPattern
                    var slot = Int(truncatingIfNeeded: (bits &* 0x9E37_79B9_7F4A_7C15) >> hashShift)
                    while true {
                        let e = table[slot]
                        if e < 0 {
                            if entries.count == limit { return false }
                            table[slot] = Int32(entries.count)
                            out[i] = UInt32(entries.count)
                            entries.append(bits)
                            break
                        }
                        if entries[Int(e)] == bits { out[i] = UInt32(e); break }
                        slot = (slot + 1) & slotMask
                    }
                }
                return true
            }
        }
    }

    private func clearSlot(of bits: UInt64) {
        var slot = Int(truncatingIfNeeded: (bits &* 0x9E37_79B9_7F4A_7C15) >> hashShift)
        while slots[slot] >= 0 {
            slots[slot] = -1
            slot = (slot + 1) & slotMask
        }
    }
}
