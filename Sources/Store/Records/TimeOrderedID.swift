import Foundation

extension UUID {
    /// A version-7 UUID (RFC 9562 §5.7): 48 bits of Unix time in milliseconds, then random bits.
    /// Ids made one after another sort in time order, so a table keyed by them grows at its end
    /// instead of splitting pages all over its primary-key B-tree (`kordon bench store`).
    public static func timeOrdered(at date: Date = Date()) -> UUID {
        var generator = SystemRandomNumberGenerator()
        return timeOrdered(at: date, using: &generator)
    }

    public static func timeOrdered<R: RandomNumberGenerator>(at date: Date, using generator: inout R) -> UUID {
        // Rounded, not truncated: a time given in whole milliseconds is not a hair below itself
        // after the binary floating-point multiplication.
        let milliseconds = UInt64(max(0, (date.timeIntervalSince1970 * 1000).rounded()))
        let random = generator.next()
        let more = generator.next()
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<6 { bytes[index] = UInt8(truncatingIfNeeded: milliseconds >> (8 * (5 - index))) }
        for index in 6..<16 { bytes[index] = UInt8(truncatingIfNeeded: (index < 11 ? random : more) >> (8 * (index % 8))) }
        bytes[6] = (bytes[6] & 0x0F) | 0x70
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(uuid: (
            bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8], bytes[9],
            bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
        ))
    }
}
