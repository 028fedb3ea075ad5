import Foundation
import Testing

@testable import StayRules

/// Locates `shared/testdata` without copying it: `KORDON_SHARED` (the shared folder) if set, else the first
/// ancestor of this file that has `shared/testdata` next to it (`/work/main/../shared` in the project layout).
enum SharedTestData {
    static func directory(filePath: String = #filePath) -> URL? {
        let fileManager = FileManager.default
        if let shared = ProcessInfo.processInfo.environment["KORDON_SHARED"], !shared.isEmpty {
            let url = URL(fileURLWithPath: shared).appendingPathComponent("testdata")
            if fileManager.fileExists(atPath: url.path) { return url }
        }
        var directory = URL(fileURLWithPath: filePath).deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("shared/testdata")
            if fileManager.fileExists(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        return nil
    }

    /// The raw lines of `testdata/stay/cases.jsonl` (empty if the folder cannot be found).
    static let stayLines: [String] = {
        guard let directory = directory(),
            let text = try? String(
                contentsOf: directory.appendingPathComponent("stay/cases.jsonl"), encoding: .utf8)
        else { return [] }
        return text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.isEmpty }
    }()

    static let stayVectors: [StayVector] = stayLines.enumerated().compactMap { StayVector(line: $1, number: $0 + 1) }
}

/// One line of `testdata/stay/cases.jsonl`.
struct StayVector: Sendable, CustomTestStringConvertible {
    let id: String
    let lineNumber: Int
    let line: String
    let stays: [Stay]
    let control: CalendarDay
    let daysUsed: Int
    let daysRemaining: Int
    let overstay: Bool
    let latestExit: CalendarDay?

    var testDescription: String { id }

    init?(line: String, number: Int) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
            let id = object["id"] as? String,
            let decoded = try? StayLine.decode(object),
            let expected = object["expected"] as? [String: Any],
            let daysUsed = expected["daysUsed"] as? Int,
            let daysRemaining = expected["daysRemaining"] as? Int,
            let overstay = expected["overstay"] as? Bool
        else { return nil }
        self.id = id
        self.lineNumber = number
        self.line = line
        self.stays = decoded.stays
        self.control = decoded.control
        self.daysUsed = daysUsed
        self.daysRemaining = daysRemaining
        self.overstay = overstay
        self.latestExit = (expected["latestExitIfEnteringOnControl"] as? String).flatMap {
            CalendarDay(iso8601: $0)
        }
    }
}

@Suite("Shared 90/180 vectors (testdata/stay/cases.jsonl)")
struct SharedStayVectorTests {
    @Test("The shared vectors are found and every line decodes")
    func vectorsPresent() {
        #expect(SharedTestData.directory() != nil, "set KORDON_SHARED or keep ../shared next to the package")
        #expect(!SharedTestData.stayLines.isEmpty)
        #expect(SharedTestData.stayVectors.count == SharedTestData.stayLines.count)
    }

    @Test("Calculator reproduces each vector", arguments: SharedTestData.stayVectors)
    func calculator(vector: StayVector) throws {
        let status = try ShortStayRule.ninetyInOneEighty.status(stays: vector.stays, on: vector.control)
        #expect(status.daysUsed == vector.daysUsed)
        #expect(status.daysRemaining == vector.daysRemaining)
        #expect(status.overstay == vector.overstay)
        #expect(status.latestExitIfEnteringOnControl == vector.latestExit)
    }

    @Test("`kordon stay` line processing reproduces each vector", arguments: SharedTestData.stayVectors)
    func line(vector: StayVector) throws {
        let output = try #require(StayLine.process(vector.line, lineNumber: vector.lineNumber))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        let input = try #require(try JSONSerialization.jsonObject(with: Data(vector.line.utf8)) as? [String: Any])
        // Every original key is kept.
        #expect(Set(object.keys) == Set(input.keys).union(["result"]))
        let result = try #require(object["result"] as? [String: Any])
        #expect(result["daysUsed"] as? Int == vector.daysUsed)
        #expect(result["daysRemaining"] as? Int == vector.daysRemaining)
        #expect(result["overstay"] as? Bool == vector.overstay)
        #expect((result["latestExitIfEnteringOnControl"] as? String) == vector.latestExit?.description)
        if vector.latestExit == nil { #expect(result["latestExitIfEnteringOnControl"] is NSNull) }
    }

    @Test("Independent brute force agrees with each vector", arguments: SharedTestData.stayVectors)
    func bruteForce(vector: StayVector) {
        let reference = BruteForce(stays: vector.stays, control: vector.control)
        #expect(reference.daysUsed == vector.daysUsed)
        #expect(reference.latestExit == vector.latestExit)
    }
}
