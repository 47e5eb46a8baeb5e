/// Builds the dictionary of one DOUBLE column chunk: distinct values by bit pattern (so −0.0, +0.0 and
/// NaN payloads stay distinct and round-trip) in first-seen order, and each row's index into it.
/// Gives up, returning false, once the dictionary would exceed `maximumEntries`: the chunk is then
/// written PLAIN. An open-addressing table (key and index side by side) that starts small, so that
/// the few thousand distinct prices of a chunk stay in cache, and doubles when half full.
///
/// The indices of a chunk are what a streaming writer keeps of its rows until the row group ends, so they
/// are stored in two bytes a row, and the high 16 bits in two more only once the dictionary has passed
/// 65,536 entries (a column's few thousand distinct prices never do).
public final class DoubleDictionary {
    public let maximumEntries: Int
    static let initialTableSize = 1 << 12
    private var tableSize = 0
    private var keys: UnsafeMutablePointer<UInt64>
    private var slots: UnsafeMutablePointer<Int32>            // index into `entries`, or −1
    private var hashShift: UInt64 = 0
    /// Distinct bit patterns, first seen first.
    public private(set) var entries: [UInt64] = []
    /// The low 16 bits of each row's index since `reset()` (`indexCapacity` allocated).
    private var lowIndices: UnsafeMutablePointer<UInt16>
    /// The high 16 bits, allocated (and zero up to the first index that needs them) once an index
    /// passes 65,535 in the current chunk.
    private var highIndices: UnsafeMutablePointer<UInt16>?
    private var indexCapacity = 0

    public init(maximumEntries: Int = 131_072) {
        self.maximumEntries = max(1, maximumEntries)
        keys = LargeAllocation.allocate(UInt64.self, capacity: 1)
        slots = LargeAllocation.allocate(Int32.self, capacity: 1)
        tableSize = 1
        lowIndices = LargeAllocation.allocate(UInt16.self, capacity: 1)
        indexCapacity = 1
        allocateTable(size: DoubleDictionary.initialTableSize)
    }

    deinit {
        LargeAllocation.deallocate(keys, capacity: tableSize)
        LargeAllocation.deallocate(slots, capacity: tableSize)
        LargeAllocation.deallocate(lowIndices, capacity: indexCapacity)
        if let high = highIndices { LargeAllocation.deallocate(high, capacity: indexCapacity) }
    }

    private func allocateTable(size: Int) {
        LargeAllocation.deallocate(keys, capacity: tableSize)
        LargeAllocation.deallocate(slots, capacity: tableSize)
        tableSize = size
        keys = LargeAllocation.allocate(UInt64.self, capacity: size)
        slots = LargeAllocation.allocate(Int32.self, capacity: size)
        slots.initialize(repeating: -1, count: size)
        hashShift = UInt64(64 - size.trailingZeroBitCount)
    }

    /// Bit width of the indices: bitLength(entries − 1), and 1 for a single entry (as pyarrow writes).
    public var indexBitWidth: Int { max(1, BitPacker.bitWidth(UInt64(max(entries.count, 1) - 1))) }

    @inline(__always)
    private func home(_ bits: UInt64, _ shift: UInt64) -> Int {
        Int(truncatingIfNeeded: (bits &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// The index of row `row` (< `count`) into `entries`.
    @inline(__always)
    public func index(_ row: Int) -> UInt32 {
        UInt32(lowIndices[row]) | (highIndices.map { UInt32($0[row]) << 16 } ?? 0)
    }

    /// The indices of `rows` (within `0..<count`), into `out`.
    public func copyIndices(_ rows: Range<Int>, into out: UnsafeMutablePointer<UInt32>) {
        let low = lowIndices + rows.lowerBound
        if let high = highIndices.map({ $0 + rows.lowerBound }) {
            for i in 0..<rows.count { out[i] = UInt32(low[i]) | UInt32(high[i]) << 16 }
        } else {
            for i in 0..<rows.count { out[i] = UInt32(low[i]) }
        }
    }

    /// The indices of rows `0..<count`, for tests.
    public var indices: [UInt32] { (0..<count).map(index) }

    /// Rows indexed since the last `reset()`.
    public private(set) var count = 0
    private var lastBits: UInt64 = 0
    private var lastIndex: UInt32 = .max

    /// Builds the dictionary of `values` alone. Returns false (and leaves `entries` unusable) when the
    /// values have too many distinct patterns.
    public func build(_ values: UnsafeBufferPointer<Double>) -> Bool {
        reset()
        return add(values)
    }

    /// Starts a new chunk: no entries, no rows.
    public func reset() {
        slots.update(repeating: -1, count: tableSize)      // keeps the size the last chunk needed
        entries.removeAll(keepingCapacity: true)
        count = 0
        lastIndex = .max
        if let high = highIndices { LargeAllocation.deallocate(high, capacity: indexCapacity) }
        highIndices = nil
    }

    /// Makes room for the indices of a chunk of `rows` rows, so that `add` never copies them; the memory
    /// is touched only as rows arrive.
    public func reserve(rows: Int) {
        guard indexCapacity < rows else { return }
        let bigger = LargeAllocation.allocate(UInt16.self, capacity: rows)
        bigger.update(from: lowIndices, count: count)
        LargeAllocation.deallocate(lowIndices, capacity: indexCapacity)
        lowIndices = bigger
        if let high = highIndices {
            let biggerHigh = LargeAllocation.allocate(UInt16.self, capacity: rows)
            biggerHigh.update(from: high, count: count)
            LargeAllocation.deallocate(high, capacity: indexCapacity)
            highIndices = biggerHigh
        }
        indexCapacity = rows
    }

    /// Gives back the hash table of a dictionary that overflowed (its chunk is PLAIN now). `entries` and the
    /// indices stay, so the rows so far still map back; nothing more may be added until `reset()`.
    public func releaseTable() {
        if tableSize > DoubleDictionary.initialTableSize { allocateTable(size: DoubleDictionary.initialTableSize) }
    }

    /// Gives back all a dictionary that overflowed holds (table, entries and indices); `reset()` comes next.
    public func releaseAll() {
        releaseTable()
        releaseIndices()
        entries = []
    }

    /// Gives back the index memory (the chunk's rows are no longer needed); `reset()` comes next.
    public func releaseIndices() {
        LargeAllocation.deallocate(lowIndices, capacity: indexCapacity)
        if let high = highIndices { LargeAllocation.deallocate(high, capacity: indexCapacity) }
        highIndices = nil
        lowIndices = LargeAllocation.allocate(UInt16.self, capacity: 1)
        indexCapacity = 1
        count = 0
    }

    /// Appends `values` to the chunk as rows `count..<count + values.count`. Returns false once the chunk
    /// would have more than `maximumEntries` distinct patterns; the rows added by earlier calls then still
    /// map back exactly (`entries[index(i)]` for `i < count`), which is what a
    /// writer that falls back to PLAIN needs, but nothing more may be added until `reset()`.
    public func add(_ values: UnsafeBufferPointer<Double>) -> Bool {
        let needed = count + values.count
        // Doubling, so that a chunk fed in batches copies its indices O(1) times a row.
        if indexCapacity < needed { reserve(rows: max(needed, min(2 * indexCapacity, Int.max / 2))) }
        let limit = maximumEntries
        var found: [UInt64] = []
        swap(&found, &entries)
        found.reserveCapacity(min(limit, needed))
        defer { swap(&found, &entries) }
        let out = lowIndices + count
        var high = highIndices.map { $0 + count }
        var keys = self.keys
        var slots = self.slots
        var mask = tableSize - 1
        var shift = hashShift
        var growAt = tableSize / 2
        var lastBits = self.lastBits
        var lastIndex = self.lastIndex
        defer { self.lastBits = lastBits; self.lastIndex = lastIndex }
        for i in 0..<values.count {
            let bits = values[i].bitPattern
            if bits == lastBits && lastIndex != .max {
                out[i] = UInt16(truncatingIfNeeded: lastIndex)
                high?[i] = UInt16(truncatingIfNeeded: lastIndex >> 16)
                continue
            }
            var slot = home(bits, shift)
            while true {
                let e = slots[slot]
                if e < 0 {
                    if found.count == limit { return false }
                    lastIndex = UInt32(found.count)
                    if lastIndex == 1 << 16 && high == nil {
                        let all = LargeAllocation.allocate(UInt16.self, capacity: indexCapacity)
                        all.initialize(repeating: 0, count: count + i)
                        highIndices = all
                        high = all + count
                    }
                    slots[slot] = Int32(found.count)
                    keys[slot] = bits
                    found.append(bits)
                    // A full dictionary takes no more entries (the next new value ends it), so doubling
                    // its table then would only raise the peak memory of every column that turns PLAIN.
                    if found.count >= growAt && found.count < limit {
                        allocateTable(size: tableSize * 2)
                        keys = self.keys; slots = self.slots
                        mask = tableSize - 1; shift = hashShift; growAt = tableSize / 2
                        for (k, key) in found.enumerated() {
                            var s = home(key, shift)
                            while slots[s] >= 0 { s = (s + 1) & mask }
                            slots[s] = Int32(k)
                            keys[s] = key
                        }
                    }
                    break
                }
                if keys[slot] == bits { lastIndex = UInt32(e); break }
                slot = (slot + 1) & mask
            }
            lastBits = bits
            out[i] = UInt16(truncatingIfNeeded: lastIndex)
            high?[i] = UInt16(truncatingIfNeeded: lastIndex >> 16)
        }
        count = needed
        return true
    }
}
