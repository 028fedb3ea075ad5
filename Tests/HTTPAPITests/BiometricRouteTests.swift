import Foundation
import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KordonTesting
import NIOCore
import Services
import Store
import Testing

/// The API over a given biometric worker (absent, or the fake one).
func biometricFixture(_ worker: BiometricsWorker) async throws -> APIFixture {
    let base = try await TestDatabase.services(.sqlite)
    let services = KordonServices(database: base.database, reference: base.reference, biometrics: worker)
    try await services.screening.load()
    let agency = try await TestAgency.make(services)
    let (router, catalog) = try await KordonServer.makeRouter(services: services)
    return APIFixture(services: services, agency: agency, router: router, catalog: catalog)
}

func checkBody(plateFrame: String? = nil) throws -> String {
    // ICAO 9303 Part 4 specimen (expired: the check refers, which these tests do not mind).
    let mrz = ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"]
    var object: [String: Any] = ["mrz": mrz, "pointCode": "UA-ROAD-MAIAKY-UDOBNE", "direction": "entry"]
    if let plateFrame { object["plateFrame"] = plateFrame }
    return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
}

func b64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }

@Suite("Biometric routes without a worker")
struct BiometricRoutesUnavailableTests {
    static let absent = BiometricsError(
        .unavailable, "the biometric worker is not installed here: run Biometrics/install.sh or set KORDON_BIOMETRICS_WORKER"
    )

    @Test("plate reading answers 503 naming the reason when the worker is not installed")
    func plates503() async throws {
        let api = try await biometricFixture(BiometricsWorker(unavailable: Self.absent))
        try await api.run { client in
            let response = try await client.execute(
                uri: "/v1/plates/read", method: .post, headers: api.headers(.firstLine),
                body: body(#"{"frame": "\#(b64("frame"))"}"#)
            )
            #expect(response.status == .serviceUnavailable)
            #expect(response.json["type"] as? String == "/problems/biometrics-unavailable")
            #expect((response.json["detail"] as? String)?.contains("not installed here") == true)
        }
    }

    @Test("face verification validates before it needs the worker: base64, fields, the check")
    func faceValidation() async throws {
        let api = try await biometricFixture(BiometricsWorker(unavailable: Self.absent))
        try await api.run { client in
            let path = "/v1/checks/\(UUID().uuidString)/face"
            let notBase64 = try await client.execute(
                uri: path, method: .post, headers: api.headers(.firstLine),
                body: body(#"{"live": "!!!", "reference": "\#(b64("x"))"}"#)
            )
            #expect(notBase64.status == .unprocessableContent)
            #expect(notBase64.json["field"] as? String == "live")
            let missing = try await client.execute(
                uri: path, method: .post, headers: api.headers(.firstLine), body: body(#"{"live": "\#(b64("x"))"}"#)
            )
            #expect(missing.status == .badRequest)
            #expect(missing.json["field"] as? String == "reference")
            let source = try await client.execute(
                uri: path, method: .post, headers: api.headers(.firstLine),
                body: body(#"{"live": "\#(b64("x"))", "reference": "\#(b64("x"))", "referenceSource": "selfie"}"#)
            )
            #expect(source.json["field"] as? String == "referenceSource")
            let unknown = try await client.execute(
                uri: path, method: .post, headers: api.headers(.firstLine),
                body: body(#"{"live": "\#(b64("x"))", "reference": "\#(b64("x"))"}"#)
            )
            #expect(unknown.status == .notFound)
            let analyst = try await client.execute(
                uri: path, method: .post, headers: api.headers(.analyst),
                body: body(#"{"live": "\#(b64("x"))", "reference": "\#(b64("x"))"}"#)
            )
            #expect(analyst.status == .forbidden)
        }
    }

    @Test("a typed plate still works without the worker; a frame answers 503")
    func checksWithoutWorker() async throws {
        let api = try await biometricFixture(BiometricsWorker(unavailable: Self.absent))
        try await api.run { client in
            let typed = try await client.execute(
                uri: "/v1/checks", method: .post, headers: api.headers(.firstLine), body: body(try checkBody())
            )
            #expect(typed.status == .created)
            let framed = try await client.execute(
                uri: "/v1/checks", method: .post, headers: api.headers(.firstLine),
                body: body(try checkBody(plateFrame: b64("frame")))
            )
            #expect(framed.status == .serviceUnavailable)
        }
    }

    @Test("the catalog documents both routes with their bodies")
    func documented() async throws {
        let api = try await biometricFixture(BiometricsWorker(unavailable: Self.absent))
        let documented = Set(api.catalog.routes.map { "\($0.method.rawValue) \($0.path)" })
        #expect(documented.isSuperset(of: ["POST /v1/checks/{id}/face", "POST /v1/plates/read"]))
        let face = try #require(api.catalog.routes.first { $0.path == "/v1/checks/{id}/face" })
        #expect(face.requestBody != nil)
        try await api.services.database.shutdown()
    }
}

@Suite("Biometric routes with a fake worker", .enabled(if: FakeBiometricsWorker.available, "needs /usr/bin/python3"))
struct BiometricRoutesFakeWorkerTests {
    static func api() async throws -> APIFixture {
        let configuration = try #require(try FakeBiometricsWorker.configuration())
        return try await biometricFixture(BiometricsWorker(configuration: configuration))
    }

    static func newCheck(_ client: any TestClientProtocol, _ api: APIFixture) async throws -> String {
        let response = try await client.execute(
            uri: "/v1/checks", method: .post, headers: api.headers(.firstLine), body: body(try checkBody())
        )
        return try #require(response.json["id"] as? String)
    }

    @Test("a mismatch joins the check: a reason, refer, and a stored hash, never the image")
    func mismatchRefers() async throws {
        let api = try await Self.api()
        try await api.run { client in
            let id = try await Self.newCheck(client, api)
            let response = try await client.execute(
                uri: "/v1/checks/\(id)/face", method: .post, headers: api.headers(.firstLine),
                body: body(#"{"live": "\#(b64("LIVE"))", "reference": "\#(b64("DOC"))", "referenceSource": "page"}"#)
            )
            #expect(response.status == .ok)
            #expect(response.json["recommendation"] as? String == "refer")
            let face = try #require(response.json["face"] as? [String: Any])
            #expect(face["outcome"] as? String == "no_match")
            let reasons = (response.json["reasons"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
            #expect(reasons.contains("face-mismatch"))
            let rows = try await FaceCheckRepository(api.services.database.repositories.db).faces(checkId: try #require(UUID(uuidString: id)))
            #expect(rows.count == 1)
            #expect(rows.first?.liveSHA256.count == 64)
            #expect(rows.first?.referenceSource == "page")
            let detail = try await client.execute(uri: "/v1/checks/\(id)", method: .get, headers: api.headers(.firstLine))
            #expect(detail.text.contains("face-mismatch"))
        }
    }

    @Test("a match is information; cannot_tell names the image and refers")
    func matchAndCannotTell() async throws {
        let api = try await Self.api()
        try await api.run { client in
            let id = try await Self.newCheck(client, api)
            let match = try await client.execute(
                uri: "/v1/checks/\(id)/face", method: .post, headers: api.headers(.firstLine),
                body: body(#"{"live": "\#(b64("SAME"))", "reference": "\#(b64("SAME"))"}"#)
            )
            #expect((match.json["face"] as? [String: Any])?["outcome"] as? String == "match")
            let noFace = try await client.execute(
                uri: "/v1/checks/\(id)/face", method: .post, headers: api.headers(.firstLine),
                body: body(#"{"live": "\#(b64("NOFACE"))", "reference": "\#(b64("DOC"))"}"#)
            )
            let face = try #require(noFace.json["face"] as? [String: Any])
            #expect(face["outcome"] as? String == "cannot_tell")
            #expect(face["image"] as? String == "live")
            #expect(face["reason"] as? String == "no_face")
            let codes = (noFace.json["reasons"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
            #expect(codes.filter { $0.hasPrefix("face-") } == ["face-not-compared"])
        }
    }

    @Test("a refused image is a 422 naming the image and the reason; the worker stays up")
    func refusedImage() async throws {
        let api = try await Self.api()
        try await api.run { client in
            let id = try await Self.newCheck(client, api)
            let response = try await client.execute(
                uri: "/v1/checks/\(id)/face", method: .post, headers: api.headers(.firstLine),
                body: body(#"{"live": "\#(b64("BADIMG"))", "reference": "\#(b64("DOC"))"}"#)
            )
            #expect(response.status == .unprocessableContent)
            #expect(response.json["type"] as? String == "/problems/bad-image")
            #expect(response.json["field"] as? String == "live")
            #expect((response.json["detail"] as? String)?.contains("truncated") == true)
            let plate = try await client.execute(
                uri: "/v1/plates/read", method: .post, headers: api.headers(.firstLine),
                body: body(#"{"frame": "\#(b64("NOPLATE"))"}"#)
            )
            #expect(plate.status == .unprocessableContent)
            #expect(plate.json["type"] as? String == "/problems/no-plate")
        }
    }

    @Test("a plate read is normalised as the watchlists key plates; a check accepts a frame")
    func plates() async throws {
        let api = try await Self.api()
        try await api.run { client in
            let read = try await client.execute(
                uri: "/v1/plates/read", method: .post, headers: api.headers(.firstLine),
                body: body(#"{"frame": "\#(b64("FRAME"))"}"#)
            )
            #expect(read.status == .ok)
            #expect(read.json["text"] as? String == "AA 1234 BB")
            #expect(read.json["normalized"] as? String == "AA1234BB")
            let check = try await client.execute(
                uri: "/v1/checks", method: .post, headers: api.headers(.firstLine),
                body: body(try checkBody(plateFrame: b64("FRAME")))
            )
            #expect(check.status == .created)
            #expect((check.json["plateRead"] as? [String: Any])?["text"] as? String == "AA 1234 BB")
        }
    }
}
