import Foundation
import Store
import Testing

@Suite("Time-ordered ids (RFC 9562 UUIDv7)")
struct TimeOrderedIDTests {
    @Test("ids made a millisecond apart sort in time order, as text too; version 7, variant 10")
    func order() {
        let ids = (0..<200).map { UUID.timeOrdered(at: Date(timeIntervalSince1970: Double(1_790_000_000_000 + $0) / 1000)) }
        #expect(ids.map(\.uuidString) == ids.map(\.uuidString).sorted())
        for id in ids {
            let text = Array(id.uuidString)
            #expect(text[14] == "7")
            #expect("89AB".contains(text[19]))
        }
        #expect(Set(ids).count == ids.count)
    }

    @Test("the first 48 bits are the Unix time in milliseconds")
    func timestamp() {
        let id = UUID.timeOrdered(at: Date(timeIntervalSince1970: 1_790_000_000.5))
        let hex = id.uuidString.replacingOccurrences(of: "-", with: "").prefix(12)
        #expect(UInt64(hex, radix: 16) == 1_790_000_000_500)
    }
}
