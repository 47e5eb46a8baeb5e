/// Builds the dictionary of one DOUBLE column chunk: distinct values by bit pattern (so −0.0, +0.0 and
/// NaN payloads stay distinct and round-trip) in first-seen order, and each row's index into it.
/// Gives up, returning false, once the dictionary would exceed `maximumEntries`: the chunk is then
/// written PLAIN. An open-addressing table (key and index side by side) that starts small, so that
/// the few thousand distinct prices of a chunk stay in cache, and doubles when half full.
public final class DoubleDictionary {
    public let maximumEntries: Int
    static let initialTableSize = 1 << 12
    private var tableSize = 0
    private var keys: UnsafeMutablePointer<UInt64>
    private var slots: UnsafeMutablePointer<Int32>            // index into `entries`, or −1
    private var hashShift: UInt64 = 0
    /// Distinct bit patterns, first seen first.
    public private(set) var entries: [UInt64] = []
    /// One index per row added since `reset()` (`indexCapacity` allocated).
    public private(set) var indices: UnsafeMutablePointer<UInt32>
    private var indexCapacity = 0

    public init(maximumEntries: Int = 131_072) {
        self.maximumEntries = max(1, maximumEntries)
        keys = .allocate(capacity: 1)
        slots = .allocate(capacity: 1)
        indices = .allocate(capacity: 1)
        allocateTable(size: DoubleDictionary.initialTableSize)
    }

    deinit {
        keys.deallocate()
        slots.deallocate()
        indices.deallocate()
    }

    private func allocateTable(size: Int) {
        keys.deallocate()
        slots.deallocate()
        tableSize = size
        keys = .allocate(capacity: size)
        slots = .allocate(capacity: size)
        slots.initialize(repeating: -1, count: size)
        hashShift = UInt64(64 - size.trailingZeroBitCount)
    }

    /// Bit width of the indices: bitLength(entries − 1), and 1 for a single entry (as pyarrow writes).
    public var indexBitWidth: Int { max(1, BitPacker.bitWidth(UInt64(max(entries.count, 1) - 1))) }

    @inline(__always)
    private func home(_ bits: UInt64, _ shift: UInt64) -> Int {
        Int(truncatingIfNeeded: (bits &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// Rows indexed since the last `reset()`; `indices[0..<count]` is valid.
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
    }

    /// Makes room for the indices of a chunk of `rows` rows, so that `add` never copies them; the memory
    /// is touched only as rows arrive.
    public func reserve(rows: Int) {
        guard indexCapacity < rows else { return }
        let bigger = LargeAllocation.allocate(UInt32.self, capacity: rows)
        bigger.update(from: indices, count: count)
        indices.deallocate()
        indices = bigger
        indexCapacity = rows
    }

    /// Appends `values` to the chunk: their indices go to `indices[count..<count + values.count]`. Returns
    /// false once the chunk would have more than `maximumEntries` distinct patterns; the rows added by
    /// earlier calls then still map back exactly (`entries[indices[i]]` for `i < count`), which is what a
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
        let out = indices + count
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
            if bits == lastBits && lastIndex != .max { out[i] = lastIndex; continue }
            var slot = home(bits, shift)
            while true {
                let e = slots[slot]
                if e < 0 {
                    if found.count == limit { return false }
                    lastIndex = UInt32(found.count)
                    slots[slot] = Int32(found.count)
                    keys[slot] = bits
                    found.append(bits)
                    if found.count >= growAt {
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
            out[i] = lastIndex
        }
        count = needed
        return true
    }
}
