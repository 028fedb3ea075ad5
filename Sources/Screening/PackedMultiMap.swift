/// An immutable multimap from 40-bit keys to 24-bit values, built once from packed entries
/// `key << 24 | value`: one sort, then an open-addressing table of key → range.
///
/// Why not `[Key: [Value]]`: a million alerts give millions of posting lists; one array each would
/// cost an allocation and 32 bytes of header apiece, and building them a minute. Here the whole
/// index is three flat arrays, built in about a second, read with one or two cache misses per key.
struct PackedMultiMap: Sendable {
    static let valueBits: UInt64 = 24
    static let maximumValue = UInt32((1 << valueBits) - 1)
    static let keyMask: UInt64 = (1 << 40) - 1

    private var slotKeys: [UInt64] = []
    private var slotStarts: [UInt32] = []
    private var slotEnds: [UInt32] = []
    private(set) var values: [UInt32] = []
    private var mask = 0

    init() {}

    /// Builds from entries made with ``entry(key:value:)``; `entries` is sorted in place and released.
    init(entries: inout [UInt64]) {
        entries.sort()
        var uniqueKeys = 0
        var previous: UInt64 = .max
        for entry in entries where entry >> Self.valueBits != previous {
            previous = entry >> Self.valueBits
            uniqueKeys += 1
        }
        var capacity = 16
        while capacity < uniqueKeys + uniqueKeys / 2 { capacity <<= 1 }
        mask = capacity - 1
        slotKeys = Array(repeating: 0, count: capacity)
        slotStarts = Array(repeating: 0, count: capacity)
        slotEnds = Array(repeating: 0, count: capacity)
        values = entries.map { UInt32(truncatingIfNeeded: $0 & UInt64(Self.maximumValue)) }
        var start = 0
        while start < entries.count {
            let key = entries[start] >> Self.valueBits
            var end = start + 1
            while end < entries.count, entries[end] >> Self.valueBits == key { end += 1 }
            var slot = Self.slot(key) & mask
            while slotKeys[slot] != 0 { slot = (slot + 1) & mask }
            slotKeys[slot] = key + 1
            slotStarts[slot] = UInt32(start)
            slotEnds[slot] = UInt32(end)
            start = end
        }
        entries = []
    }

    @inline(__always)
    static func entry(key: UInt64, value: UInt32) -> UInt64 {
        (key & keyMask) << valueBits | UInt64(value)
    }

    @inline(__always)
    private static func slot(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 24)
    }

    /// The range of `values` holding `key`'s values (empty when absent).
    @inline(__always)
    func range(of key: UInt64) -> Range<Int> {
        guard !slotKeys.isEmpty else { return 0..<0 }
        let wanted = (key & Self.keyMask) + 1
        var slot = Self.slot(key & Self.keyMask) & mask
        while true {
            let found = slotKeys[slot]
            if found == wanted { return Int(slotStarts[slot])..<Int(slotEnds[slot]) }
            if found == 0 { return 0..<0 }
            slot = (slot + 1) & mask
        }
    }

    var memoryBytes: Int { slotKeys.count * 16 + values.count * 4 }
}
