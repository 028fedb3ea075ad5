import Foundation
import Store
import Testing

@Suite("UUIDs read from their text (RFC 9562 §4) without Foundation's sscanf")
struct UUIDTextTests {
    @Test("reads what Foundation writes and reads, in either case, for random and time-ordered ids")
    func sameAsFoundation() {
        let ids = (0..<2_000).map { $0.isMultiple(of: 2) ? UUID() : UUID.timeOrdered(at: Date()) }
            + [UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)),
               UUID(uuid: (255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255))]
        for id in ids {
            #expect(UUIDText.parse(id.uuidString) == id)
            #expect(UUIDText.parse(id.uuidString.lowercased()) == id)
        }
    }

    @Test("refuses what is not a UUID's canonical text", arguments: [
        "", "0", "123e4567-e89b-12d3-a456-42661417400", "123e4567-e89b-12d3-a456-4266141740000",
        "123e4567e89b12d3a456426614174000", "{123e4567-e89b-12d3-a456-426614174000}",
        "123e4567-e89b-12d3-a456_426614174000", "123e4567-e89b-12d3-a4560426614174000",
        "123g4567-e89b-12d3-a456-426614174000", "123e4567-e89b-12d3-a456-42661417400 ",
        " 23e4567-e89b-12d3-a456-426614174000", "123e4567-e89b-12d3-a456-4266141740é",
        "123e4567-e89b-12d3-a4-5642661417400", "-23e4567-e89b-12d3-a456-426614174000",
        "+23e4567-e89b-12d3-a456-426614174000",
    ])
    func refused(text: String) {
        #expect(UUIDText.parse(text) == nil)
    }

    /// Foundation on Linux reads each byte pair with `sscanf("%2hhx")`, which skips blanks and takes a sign:
    /// `-23e4567-…` reads as `FE3E4567-…`. Stored ids are always canonical, so such text is a damaged value.
    @Test("every single-byte change to a valid text is refused unless it is another canonical UUID, which Foundation reads alike")
    func mutations() {
        let base = Array("123e4567-e89b-12d3-a456-426614174000".utf8)
        let hexDigits = Set("0123456789abcdefABCDEF".utf8)
        for position in base.indices {
            for byte in UInt8(0x20)...UInt8(0x7E) {
                var text = base
                text[position] = byte
                let string = String(decoding: text, as: UTF8.self)
                let canonical = text.enumerated().allSatisfy { index, byte in
                    [8, 13, 18, 23].contains(index) ? byte == UInt8(ascii: "-") : hexDigits.contains(byte)
                }
                if canonical {
                    #expect(UUIDText.parse(string) == UUID(uuidString: string), "\(string)")
                    #expect(UUIDText.parse(string) != nil, "\(string)")
                } else {
                    #expect(UUIDText.parse(string) == nil, "\(string)")
                }
            }
        }
    }

    /// Fuzzed: random text, most of it 36 bytes long and shaped like an id, never crashes the parser, and what it
    /// accepts is exactly the id it spells.
    @Test("random text never crashes it, and what it accepts spells back to itself")
    func fuzzed() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("0123456789abcdefABCDEF-- xyz+é\u{0}".unicodeScalars)
        for _ in 0..<20_000 {
            let length = Int.random(in: 0...3, using: &generator) == 0 ? Int.random(in: 0...40, using: &generator) : 36
            var scalars = String.UnicodeScalarView()
            for position in 0..<length {
                let shaped = [8, 13, 18, 23].contains(position) ? "-" : "0123456789abcdef".randomElement(using: &generator)!
                let noise = Int.random(in: 0..<20, using: &generator) == 0
                scalars.append(noise ? alphabet.randomElement(using: &generator)! : shaped.unicodeScalars.first!)
            }
            let text = String(scalars)
            if let id = UUIDText.parse(text) {
                #expect(id.uuidString == text.uppercased(), "\(text)")
            }
        }
    }
}
