import PropertyBased
import Testing

@testable import Screening

@Suite("Benchmark JSON Lines")
struct BenchmarkFormatTests {
    @Test("An alert line with aliases and patronymic")
    func alert() throws {
        let line = #"{"id":"A0000003","category":"wanted","surname":"Морозенков","givenNames":"Володимир","patronymic":"Тимурович","birthDate":"1969-06-23","nationality":"RUS","sex":"M","script":"cyrillic","aliases":[{"surname":"Mahmoud","givenNames":"Hussein"}]}"#
        let alert = try BenchmarkFormat.alert(fromLine: line)
        #expect(alert.id == "A0000003")
        #expect(alert.category == .wantedPerson)
        #expect(alert.person?.names.count == 2)
        #expect(alert.person?.names[0].patronymic == "Тимурович")
        #expect(alert.person?.birthDate == BirthDate(year: 1969, month: 6, day: 23))
        #expect(alert.person?.sex == .male)
    }

    @Test("Alerts with partial birth dates are read, not refused (issue 14: 1.4 % of one set)", arguments: [
        ("1997-10", "1997-10"), ("1997-10-00", "1997-10"), ("1997-XX-XX", "1997"), ("1997", "1997"),
    ])
    func partialBirthDates(text: String, expected: String) throws {
        let line = #"{"id":"A1","category":"wanted","surname":"Bondarenko","birthDate":""# + text + #""}"#
        let alert = try BenchmarkFormat.alert(fromLine: line)
        #expect(alert.person?.birthDate?.description == expected)
    }

    @Test("A query line")
    func query() throws {
        let query = try BenchmarkFormat.query(fromLine: #"{"id":"Q1","surname":"BONDARENKO","givenNames":"VADYM","birthDate":"2006-10-07","nationality":"UKR","sex":"M"}"#)
        #expect(query.id == "Q1")
        #expect(query.person.birthDate?.year == 2006)
        #expect(query.person.nationality == "UKR")
    }

    @Test("Bad lines name the field at fault", arguments: [
        (#"{"category":"wanted","surname":"A"}"#, ScreeningError.Code.missingField, "id"),
        (#"{"id":"A","category":"spy","surname":"A"}"#, .unknownCategory, "category"),
        (#"{"id":"A","category":"wanted","surname":"A","birthDate":"1990-02-30"}"#, .invalidDate, "birthDate"),
        (#"{"id":"A","category":"wanted","surname":"A","sex":"Q"}"#, .invalidValue, "sex"),
        (#"{"id":"A","category":"wanted","surname":"A","aliases":[{"surname":7}]}"#, .invalidValue, "aliases[0].surname"),
        (#"{"id":"A","category":"wanted"}"#, .missingField, "surname"),
        (#"{"id":"A","category":"wanted","surname":"A","nationality":"Ukraine"}"#, .invalidCode, "nationality"),
    ] as [(String, ScreeningError.Code, String)])
    func badLine(line: String, code: ScreeningError.Code, field: String) {
        do {
            _ = try BenchmarkFormat.alert(fromLine: line)
            Issue.record("accepted a bad line")
        } catch {
            #expect(error.code == code)
            #expect(error.field == field)
        }
    }

    @Test("Malformed JSON is an error, never a crash", arguments: [
        "", "{", "{\"a\":}", "[1,2", "\"abc", "{\"a\":\"\\x\"}", "nul", "{\"a\":1}}", String(repeating: "[", count: 100),
    ])
    func malformed(text: String) {
        #expect(throws: ScreeningError.self) { try JSONValue.parse(text) }
    }

    @Test("JSON strings: escapes and surrogate pairs")
    func escapes() throws {
        let value = try JSONValue.parse(#"{"s":"a\"b\\c\u0416\ud83d\ude00","n":-1.5e2,"t":true,"z":null,"l":[]}"#)
        #expect(value["s"] == .string("a\"b\\cЖ😀"))
        #expect(value["n"] == .number(-150))
        #expect(value["t"] == .bool(true))
        #expect(value["z"] == .null)
        #expect(value["l"] == .array([]))
    }

    @Test("Any input parses or fails cleanly", .timeLimit(.minutes(1)))
    func fuzz() async {
        let alphabet = Array(#"{}[]":,\ u0aAé1-.etrnl"#.unicodeScalars)
        await propertyCheck(count: 2000, input: Gen.int(in: 0...(alphabet.count - 1)).array(of: 0...40)) { indices in
            var text = String.UnicodeScalarView()
            for index in indices { text.append(alphabet[index]) }
            _ = try? JSONValue.parse(String(text))
            _ = try? BenchmarkFormat.alert(fromLine: String(text))
        }
    }

    @Test("Prediction lines read back as score.py expects")
    func prediction() throws {
        let line = BenchmarkFormat.predictionLine(query: "Q\"1", alert: "A1", score: 0.912345)
        let value = try JSONValue.parse(line)
        #expect(value["query"] == .string("Q\"1"))
        #expect(value["score"] == .number(0.9123))
    }

    @Test("Recall and precision as score.py defines them")
    func evaluation() {
        let truth: Set = [BenchmarkFormat.Pair(query: "Q1", alert: "A1"), .init(query: "Q2", alert: "A2")]
        let predictions: Set = [BenchmarkFormat.Pair(query: "Q1", alert: "A1"), .init(query: "Q3", alert: "A9")]
        let evaluation = BenchmarkFormat.Evaluation(truth: truth, predictions: predictions)
        #expect(evaluation.recall == 0.5)
        #expect(evaluation.precision == 0.5)
        #expect(evaluation.falseNegatives == 1)
    }
}
