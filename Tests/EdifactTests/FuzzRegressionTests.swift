import Testing

@testable import Edifact

/// Inputs found by the libFuzzer harness (Fuzz/Edifact) and hostile shapes written by hand: each must parse
/// without crashing and end with problems (a rejection, or flaws reported), never with more than the caps allow.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    @Test(
        "hostile inputs end with problems, not crashes",
        arguments: [
            [UInt8](),  // empty
            Array("UNA".utf8),  // UNA alone
            Array("UNA:+.? '".utf8),  // advice and nothing else
            Array("'''''".utf8),  // empty segments
            Array("UNT+1+X'UNE+1+X'UNZ+1+X'".utf8),  // trailers only
            Array("UNB'UNH'DOC+P'DTM+36:300101'LOC+91+UKR'NAD+FL'NAD+FL'UNT'".utf8),  // DOC before NAD
            Array(repeating: UInt8(ascii: "?"), count: 1_001),  // release characters only (odd count)
            Array(repeating: UInt8(ascii: ":"), count: 500) + [UInt8(ascii: "'")],  // components only
            [0xFF, 0xFE, 0x00, 0x27],  // non-text bytes
            Array(#"{"messages":[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]}"#.utf8),  // nested JSON
        ] as [[UInt8]]
    )
    func hostile(_ bytes: [UInt8]) {
        let result = PaxlstParser().parseAny(bytes)
        #expect(!result.problems.isEmpty)
        #expect(result.manifest.travellers.count <= EdifactLimits.default.maxTravellersPerMessage)
    }
}
