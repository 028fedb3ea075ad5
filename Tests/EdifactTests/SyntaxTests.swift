import Testing

@testable import Edifact

/// ISO 9735-1 syntax: service string advice, separators, release character, whitespace between segments.
@Suite("UN/EDIFACT syntax")
struct SyntaxTests {
    // Release character (ISO 9735-1 §7.1): the byte after it is data.
    @Test(
        "release character makes the next character literal",
        arguments: [
            ("NAD+FL+++O?'BRIEN:MARY'", 4, 1, "O'BRIEN"),  // ?' inside a value
            ("NAD+FL+++DUPONT:JEAN?:PAUL'", 4, 2, "JEAN:PAUL"),  // ?: is not a component separator
            ("NAD+FL+++SMITH?+JONES'", 4, 1, "SMITH+JONES"),  // ?+ is not an element separator
            ("DOC+P+18AB??0001'", 2, 1, "18AB?0001"),  // ?? is one question mark
            ("RFF+AVF:??'", 1, 2, "?"),  // a value that is only a release character
            ("FTX+AAA+++A?'?'?'B'", 4, 1, "A'''B"),  // several in a row
        ] as [(String, Int, Int, String)]
    )
    func release(_ input: String, _ element: Int, _ component: Int, _ expected: String) {
        let syntax = EdifactSyntax.read(Array(input.utf8))
        #expect(syntax.problems.isEmpty)
        #expect(syntax.segments.first?.value(element, component) == expected)
    }

    // UNA: component, element, decimal, release, reserved, terminator.
    @Test(
        "custom UNA service characters read the same manifest as the defaults",
        arguments: ["UNA|*.#~!", "UNA;=,\\ ^", "UNA:+.?*'", "UNA:+,? '"]
    )
    func customUNA(_ una: String) {
        let chars = Array(una.utf8.dropFirst(3))
        let map: [UInt8: UInt8] = [
            UInt8(ascii: ":"): chars[0], UInt8(ascii: "+"): chars[1], UInt8(ascii: "?"): chars[3],
            UInt8(ascii: "'"): chars[5],
        ]
        let plain = Fixture.interchange(una: false)
        let translated = Array(una.utf8) + plain.utf8.map { map[$0] ?? $0 }
        let expected = PaxlstParser().parse(plain)
        let actual = PaxlstParser().parse(translated)
        #expect(actual.problems.isEmpty, "\(actual.problems)")
        #expect(actual.manifest.una)
        #expect(actual.manifest.messages == expected.manifest.messages)
        #expect(actual.manifest.travellers.first?.surname == "DOE")
    }

    // Line breaks and blanks between segments are not data (shared/testdata/paxlst/README.md).
    @Test(
        "whitespace between segments is ignored",
        arguments: ["'\n", "'\r\n", "' ", "'\n\n\t ", "'\r"]
    )
    func whitespaceBetweenSegments(_ terminator: String) {
        let plain = Fixture.interchange()
        let spaced = "  " + plain.replacingOccurrences(of: "'", with: terminator)
            .replacingOccurrences(of: "UNA:+.? " + terminator, with: "UNA:+.? '")
        let expected = PaxlstParser().parse(plain)
        let actual = PaxlstParser().parse(spaced)
        #expect(actual.problems.isEmpty, "\(actual.problems)")
        #expect(actual.manifest == expected.manifest)
    }

    @Test("repetition separator splits an element when UNA declares one")
    func repetition() {
        let syntax = EdifactSyntax.read(Array("UNA:+.?*'GEI+4*173'".utf8))
        #expect(syntax.problems.isEmpty)
        #expect(syntax.segments.first?.elements.first?.components == ["4"])
        #expect(syntax.segments.first?.elements.first?.repetitions == [["173"]])
    }

    @Test("a space as reserved character is no repetition separator")
    func spaceReserved() {
        let syntax = EdifactSyntax.read(Array("UNA:+.? 'NAD+MS+++OPS DESK'".utf8))
        #expect(syntax.segments.first?.value(4) == "OPS DESK")
    }

    @Test(
        "bad input stops with a positioned problem",
        arguments: [
            ("UNB+UNOA:4+S+R+260315:0800+R1'UNH+M1", EdifactError.Code.truncated),  // no terminator
            ("UNB+UNOA:4+S+R+260315:0800+R1?", .truncated),  // dangling release character
            ("UNA:+.", .truncated),  // short service string advice
            ("UNA::.? 'UNB'", .invalidServiceStringAdvice),  // component = element separator
            ("UNA:+.?:'UNB'", .invalidServiceStringAdvice),  // reserved = component separator
            ("TOOLONG+1'", .invalidSegmentTag),
        ] as [(String, EdifactError.Code)]
    )
    func badSyntax(_ input: String, _ code: EdifactError.Code) {
        let syntax = EdifactSyntax.read(Array(input.utf8))
        #expect(syntax.problems.contains { $0.code == code }, "\(syntax.problems)")
    }

    @Test("non-UTF-8 bytes are read as ISO 8859-1 (UNOC)")
    func latin1() {
        let bytes = Array("NAD+FL+++M".utf8) + [0xDC] + Array("LLER'".utf8)
        #expect(EdifactSyntax.read(bytes).segments.first?.value(4) == "MÜLLER")
        #expect(EdifactSyntax.read(Array("NAD+FL+++MÜLLER'".utf8)).segments.first?.value(4) == "MÜLLER")
    }

    @Test(
        "caps on input, segments, elements, components and value length",
        arguments: [
            (EdifactLimits(maxInputBytes: 10), "UNB+UNOA:4+S+R'"),
            (EdifactLimits(maxSegments: 2), "UNB'UNH'BGM'"),
            (EdifactLimits(maxElementsPerSegment: 3), "FTX+1+2+3+4'"),
            (EdifactLimits(maxComponentsPerElement: 3), "NAD+FL+++A:B:C:D'"),
            (EdifactLimits(maxValueBytes: 4), "NAD+FL+++ABCDE'"),
        ] as [(EdifactLimits, String)]
    )
    func caps(_ limits: EdifactLimits, _ input: String) {
        let syntax = EdifactSyntax.read(Array(input.utf8), limits: limits)
        #expect(syntax.problems.contains { $0.code == .limitExceeded })
    }
}

/// Line breaks inside a segment (lines wrapped at a fixed width) are not data.
@Test("CR/LF inside a segment are dropped")
func wrappedLines() {
    let plain = Fixture.interchange()
    let wrapped = stride(from: 0, to: plain.utf8.count, by: 17).map { offset -> String in
        let start = plain.utf8.index(plain.utf8.startIndex, offsetBy: offset)
        let end = plain.utf8.index(start, offsetBy: min(17, plain.utf8.count - offset))
        return String(decoding: plain.utf8[start..<end], as: UTF8.self)
    }.joined(separator: "\r\n")
    let result = PaxlstParser().parse(wrapped)
    #expect(result.problems.isEmpty, "\(result.problems)")
    #expect(result.manifest == PaxlstParser().parse(plain).manifest)
}

@Test("a UTF-8 byte order mark before UNA is skipped")
func byteOrderMark() {
    let plain = Fixture.interchange()
    let result = PaxlstParser().parse([0xEF, 0xBB, 0xBF] + Array(plain.utf8))
    #expect(result.problems.isEmpty, "\(result.problems)")
    #expect(result.manifest.una)
}
