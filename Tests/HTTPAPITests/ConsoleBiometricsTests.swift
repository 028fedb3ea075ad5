import Foundation
import HTTPTypes
@testable import HTTPAPI
import Hummingbird
import HummingbirdTesting
import KordonTesting
import NIOCore
import Services
import SQLKit
import Store
import Testing

/// A `multipart/form-data` body as a browser sends the check form: text fields, then files.
struct MultipartBody {
    static let boundary = "----KordonTestBoundary7MA4YWxkTrZu0gW"
    var fields: [(String, String)] = []
    var files: [(name: String, filename: String, data: Data)] = []

    var data: Data {
        var out = Data()
        func line(_ text: String) { out.append(contentsOf: Array((text + "\r\n").utf8)) }
        for (name, value) in fields {
            line("--\(Self.boundary)")
            line("Content-Disposition: form-data; name=\"\(name)\"")
            line("")
            line(value)
        }
        for file in files {
            line("--\(Self.boundary)")
            line("Content-Disposition: form-data; name=\"\(file.name)\"; filename=\"\(file.filename)\"")
            line("Content-Type: application/octet-stream")
            line("")
            out.append(file.data)
            line("")
        }
        line("--\(Self.boundary)--")
        return out
    }

    static var contentType: String { "multipart/form-data; boundary=\(boundary)" }
}

/// Test images the fake worker answers by content: a JPEG's first bytes, then a word it reads.
func fakeJPEG(_ word: String) -> Data { Data([0xFF, 0xD8, 0xFF, 0xE0]) + Data(word.utf8) }

@Suite("multipart/form-data reader")
struct MultipartFormTests {
    @Test("fields and files come back as sent; an empty file input is no file")
    func roundTrip() throws {
        var body = MultipartBody(fields: [("csrf", "abc"), ("mrz", "P<UTO\r\nL898"), ("plate", "")])
        body.files = [("live", "a.jpg", Data([0, 13, 10, 45, 45, 255])), ("plateFrame", "", Data())]
        let form = try MultipartForm.parse(body.data, boundary: MultipartBody.boundary)
        #expect(form.fields.map(\.0) == ["csrf", "mrz", "plate"])
        #expect(form.fields.first("mrz") == "P<UTO\r\nL898")
        #expect(form.file("live") == Data([0, 13, 10, 45, 45, 255]))
        #expect(form.file("plateFrame") == nil)
    }

    @Test("the boundary comes from the content type, quoted or not")
    func boundary() throws {
        #expect(try MultipartForm.boundary(contentType: "multipart/form-data; boundary=abc") == "abc")
        #expect(try MultipartForm.boundary(contentType: #"Multipart/Form-Data; charset=utf-8; boundary="a b""#) == "a b")
        #expect(throws: MultipartError.self) { try MultipartForm.boundary(contentType: "multipart/form-data") }
        #expect(throws: MultipartError.self) { try MultipartForm.boundary(contentType: "text/plain; boundary=x") }
        #expect(throws: MultipartError.self) {
            try MultipartForm.boundary(contentType: "multipart/form-data; boundary=" + String(repeating: "x", count: 71))
        }
    }

    /// Each row: a malformed body, and the field the error must name.
    @Test("malformed bodies are errors naming the field", arguments: [
        ("no boundary at all", "form"),
        ("--B\r\nContent-Disposition: form-data; name=\"live\"; filename=\"a\"\r\n\r\nbytes with no end", "live"),
        ("--B\r\nContent-Disposition: form-data\r\n\r\nx\r\n--B--", "form"),  // no name
        ("--B\r\nContent-Disposition: attachment; name=\"x\"\r\n\r\nx\r\n--B--", "form"),
        ("--B\r\nContent-Disposition: form-data; name=\"x\r\n\r\nx\r\n--B--", "form"),  // unclosed quote
        ("--B\r\nno colon here\r\n\r\nx\r\n--B--", "form"),
        ("--B\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nx\r\n--B", "form"),  // no closing --
    ])
    func malformed(body: String, field: String) {
        let error = #expect(throws: MultipartError.self) { try MultipartForm.parse(Data(body.utf8), boundary: "B") }
        #expect(error?.field == field)
    }

    @Test("limits: a file over its size names the field; too many parts; an endless header block")
    func limits() {
        var big = MultipartBody()
        big.files = [("reference", "r.jp2", Data(count: 2048))]
        let tooBig = #expect(throws: MultipartError.self) {
            try MultipartForm.parse(big.data, boundary: MultipartBody.boundary, limits: .init(maximumFileBytes: 1024))
        }
        #expect(tooBig?.field == "reference" && tooBig?.detail.contains("larger than 1 KiB") == true)
        let many = MultipartBody(fields: (0..<70).map { ("f\($0)", "v") })
        let tooMany = #expect(throws: MultipartError.self) { try MultipartForm.parse(many.data, boundary: MultipartBody.boundary) }
        #expect(tooMany?.detail.contains("more than 64 fields") == true)
        let header = "--B\r\nContent-Disposition: form-data; name=\"x\"; y=\"" + String(repeating: "z", count: 5000) + "\"\r\n\r\nx\r\n--B--"
        #expect(throws: MultipartError.self) { try MultipartForm.parse(Data(header.utf8), boundary: "B") }
    }

    @Test("fuzz: 3,000 mutated and cut bodies either parse or throw MultipartError, never crash")
    func fuzz() {
        var generator = SeededGenerator(seed: 13)  // a failing case replays
        var seed = MultipartBody(fields: [("csrf", "token"), ("mrz", "P<UTO")])
        seed.files = [("live", "l.jpg", fakeJPEG("SAME")), ("reference", "r.jpg", fakeJPEG("DOC"))]
        let original = [UInt8](seed.data)
        let alphabet: [UInt8] = Array("-\r\n\"=;:\\ ".utf8) + [0, 255]
        var parsed = 0, refused = 0
        for _ in 0..<3000 {
            var bytes = original
            for _ in 0..<(1 + Int(generator.next() % 6)) {
                let at = Int(generator.next() % UInt64(max(bytes.count, 1)))
                switch generator.next() % 4 {
                case 0: if !bytes.isEmpty { bytes[at] = alphabet[Int(generator.next() % UInt64(alphabet.count))] }
                case 1: if !bytes.isEmpty { bytes.remove(at: at) }
                case 2: bytes.insert(UInt8(truncatingIfNeeded: generator.next()), at: at)
                default: bytes = Array(bytes.prefix(at))
                }
            }
            do {
                _ = try MultipartForm.parse(Data(bytes), boundary: MultipartBody.boundary)
                parsed += 1
            } catch {
                refused += 1  // typed throws: a MultipartError naming the field, nothing else
            }
        }
        #expect(parsed > 0 && refused > 0 && parsed + refused == 3000)
    }
}

/// The check screen with photos and a camera frame (issue 13 item 6), over the fake worker or none.
@Suite("Console: face and plate frame at the booth")
struct ConsoleBiometricsTests {
    /// A clean, valid passport: a check clears unless the face or the plate says otherwise.
    static var mrz: String {
        (try? CheckServiceTestsMRZ.td3(surname: "KOWALSKA", nationality: "POL", number: "EZ4411227"))?.joined(separator: "\r\n") ?? ""
    }

    /// The console over `worker`: the fixture and a first-line officer's cookie (English pages).
    static func console(_ worker: BiometricsWorker) async throws -> (APIFixture, HTTPFields) {
        let api = try await biometricFixture(worker)
        var cookie = try await api.consoleCookie(.firstLine)
        cookie[.acceptLanguage] = "en"
        return (api, cookie)
    }

    static func fake() throws -> BiometricsWorker {
        BiometricsWorker(configuration: try #require(try FakeBiometricsWorker.configuration()))
    }

    static func csrf(_ client: any TestClientProtocol, _ cookie: HTTPFields) async throws -> String {
        let page = try await client.execute(uri: "/console/check", method: .get, headers: cookie)
        let html = page.text
        let range = try #require(html.range(of: #"name="csrf" value="[A-Za-z0-9_-]+""#, options: .regularExpression))
        return String(html[range].split(separator: "\"")[3])
    }

    static func post(
        _ client: any TestClientProtocol, _ cookie: HTTPFields, csrf: String, plate: String = "",
        files: [(String, String, Data)] = [], extra: [(String, String)] = []
    ) async throws -> TestResponse {
        var body = MultipartBody(fields: [
            ("csrf", csrf), ("mrz", mrz), ("direction", "entry"), ("point", "UA-ROAD-MAIAKY-UDOBNE"), ("plate", plate),
        ] + extra)
        body.files = files.map { (name: $0.0, filename: $0.1, data: $0.2) }
        var headers = cookie
        headers[.contentType] = MultipartBody.contentType
        return try await client.execute(
            uri: "/console/check", method: .post, headers: headers, body: ByteBuffer(bytes: Array(body.data))
        )
    }

    /// The JP2 signature box (ISO/IEC 15444-1 §I.5.1), then bytes the fake worker does not read.
    static let jp2 = Data([0, 0, 0, 0x0C, 0x6A, 0x50, 0x20, 0x20, 0x0D, 0x0A, 0x87, 0x0A]) + Data("DOC".utf8)

    static func checks(_ api: APIFixture) async throws -> Int {
        let row = try await api.services.database.repositories.db.raw("SELECT COUNT(*) AS n FROM border_check").first()
        return try row?.decode(column: "n", as: Int.self) ?? -1
    }

    @Test("both photos upload: the card shows them side by side with the result, distance, threshold and time",
          .enabled(if: FakeBiometricsWorker.available, "needs /usr/bin/python3"))
    func match() async throws {
        let (api, cookie) = try await Self.console(try Self.fake())
        try await api.run { client in
            let token = try await Self.csrf(client, cookie)
            let image = fakeJPEG("SAME")
            let response = try await Self.post(
                client, cookie, csrf: token, files: [("live", "live.jpg", image), ("reference", "doc.jpg", image)]
            )
            let html = response.text
            #expect(response.status == .ok)
            #expect(html.contains(#"id="face-result""#))
            #expect(html.contains("MATCH") || html.contains("ЗБІГАЄТЬСЯ"))
            #expect(html.contains("0.31") && html.contains("0.60") && html.contains("42 ms"))
            #expect(html.components(separatedBy: "src=\"data:image/jpeg;base64,\(image.base64EncodedString())\"").count == 3)
            #expect(html.contains("btn-admit"))
            let row = try await api.services.database.repositories.db.raw("SELECT outcome, live_sha256 FROM face_check").first()
            #expect(try row?.decode(column: "outcome", as: String.self) == "match")
            #expect(try row?.decode(column: "live_sha256", as: String.self).count == 64)
        }
    }

    @Test("a mismatch shows NO MATCH, adds the refer reason and refers the check",
          .enabled(if: FakeBiometricsWorker.available, "needs /usr/bin/python3"))
    func mismatch() async throws {
        let (api, cookie) = try await Self.console(try Self.fake())
        try await api.run { client in
            let token = try await Self.csrf(client, cookie)
            let response = try await Self.post(
                client, cookie, csrf: token,
                files: [("live", "live.jpg", fakeJPEG("LIVE")), ("reference", "dg2.jp2", Self.jp2)],
                extra: [("referenceSource", "page")]
            )
            let html = response.text
            #expect(html.contains("NO MATCH"))
            #expect(html.contains("The face does not match the document (distance 0.93, threshold 0.60): refer."))
            // JPEG 2000, which browsers do not show: the worker's small JPEG of it instead.
            #expect(html.contains("data:image/jpeg;base64,\(fakeJPEG("PREVIEW").base64EncodedString())"))
            #expect(html.contains("data page"))
            #expect(!html.contains("btn-admit"))
        }
    }

    @Test("without the worker the form says face comparison is not available, and a check with photos still runs")
    func unavailable() async throws {
        let absent = BiometricsError(.unavailable, "the biometric worker is not installed here")
        let (api, cookie) = try await Self.console(BiometricsWorker(unavailable: absent))
        try await api.run { client in
            let page = try await client.execute(uri: "/console/check", method: .get, headers: cookie)
            #expect(page.text.contains("Face comparison is not available on this installation."))
            #expect(!page.text.contains(#"name="live""#))
            let token = try await Self.csrf(client, cookie)
            let response = try await Self.post(
                client, cookie, csrf: token,
                files: [("live", "live.jpg", fakeJPEG("SAME")), ("reference", "doc.jpg", fakeJPEG("SAME"))]
            )
            #expect(response.status == .ok)
            #expect(response.text.contains(#"id="face-problem">Face comparison is not available on this installation."#))
            #expect(response.text.contains("KOWALSKA"))
            #expect(try await Self.checks(api) == 1)
            // A camera frame needs the worker: refused, nothing recorded, type the plate.
            let framed = try await Self.post(client, cookie, csrf: token, files: [("plateFrame", "f.jpg", fakeJPEG("PLATE"))])
            #expect(framed.text.contains("<strong>plateFrame:</strong> reading plates from a camera frame is not available"))
            #expect(try await Self.checks(api) == 1)
        }
    }

    @Test("refused requests record nothing: not an image (named), one photo of two, no plate, no CSRF, a broken body",
          .enabled(if: FakeBiometricsWorker.available, "needs /usr/bin/python3"))
    func refusedRecordNothing() async throws {
        let (api, cookie) = try await Self.console(try Self.fake())
        try await api.run { client in
            let token = try await Self.csrf(client, cookie)
            let notImage = try await Self.post(
                client, cookie, csrf: token,
                files: [("live", "notes.txt", Data("NOTIMG hello".utf8)), ("reference", "doc.jpg", fakeJPEG("DOC"))]
            )
            #expect(notImage.status == .ok)
            #expect(notImage.text.contains("<strong>live:</strong> not a JPEG, PNG or JPEG 2000 image (not_an_image)"))
            let onlyOne = try await Self.post(client, cookie, csrf: token, files: [("reference", "doc.jpg", fakeJPEG("DOC"))])
            #expect(onlyOne.text.contains("<strong>live:</strong> choose both the live photo and the document photo, or neither"))
            let noPlate = try await Self.post(client, cookie, csrf: token, files: [("plateFrame", "f.jpg", Data("NOPLATE".utf8))])
            #expect(noPlate.text.contains("<strong>plateFrame:</strong>"))
            let both = try await Self.post(client, cookie, csrf: token, plate: "AA1234BB", files: [("plateFrame", "f.jpg", fakeJPEG("PLATE"))])
            #expect(both.text.contains("<strong>plateFrame:</strong>"))
            let forged = try await Self.post(client, cookie, csrf: "forged", files: [("live", "l.jpg", fakeJPEG("SAME")), ("reference", "r.jpg", fakeJPEG("SAME"))])
            #expect(forged.status == .forbidden)
            var headers = cookie
            headers[.contentType] = MultipartBody.contentType
            let cut = try await client.execute(
                uri: "/console/check", method: .post, headers: headers,
                body: ByteBuffer(bytes: Array(MultipartBody(fields: [("csrf", token)]).data.dropLast(20)))
            )
            #expect(cut.status == .unprocessableContent)
            #expect(cut.text.contains("form:") || cut.text.contains("csrf:"))
            #expect(try await Self.checks(api) == 0)
            let faces = try await api.services.database.repositories.db.raw("SELECT COUNT(*) AS n FROM face_check").first()
            #expect(try faces?.decode(column: "n", as: Int.self) == 0)
        }
    }

    @Test("a camera frame instead of a typed plate: the card shows the plate read, its confidence and the watchlist result",
          .enabled(if: FakeBiometricsWorker.available, "needs /usr/bin/python3"))
    func plateFrame() async throws {
        let (api, cookie) = try await Self.console(try Self.fake())
        try await api.run { client in
            let token = try await Self.csrf(client, cookie)
            let response = try await Self.post(client, cookie, csrf: token, files: [("plateFrame", "f.jpg", fakeJPEG("PLATE"))])
            let html = response.text
            #expect(html.contains(#"id="plate-read""#))
            #expect(html.contains("AA 1234 BB") && html.contains("93 %"))
            #expect(html.contains("not on any watchlist"))
            #expect(try await Self.checks(api) == 1)
        }
    }
}
