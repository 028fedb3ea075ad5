import Foundation
import Services
import Testing

/// The installed worker (`Biometrics/install.sh`), with the face_recognition 1.3.0 test photos and the cases
/// `Biometrics/tools/make_face_pairs.py` derives from them. Skipped, saying so, where they are not installed.
enum RealWorker {
    static let root: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("Biometrics")
    }()

    static var faces: URL { root.appendingPathComponent("testdata/faces") }

    static var configuration: BiometricsConfiguration? {
        let executable = root.appendingPathComponent("build/kordon-biometrics").path
        let models = root.appendingPathComponent("models").path
        guard FileManager.default.isExecutableFile(atPath: executable),
            FileManager.default.fileExists(atPath: models + "/dlib_face_recognition_resnet_model_v1.dat")
        else { return nil }
        return BiometricsConfiguration(executable: executable, models: models, timeout: .seconds(30))
    }

    static var available: Bool {
        configuration != nil && FileManager.default.fileExists(atPath: faces.appendingPathComponent("cases/two_faces.jpg").path)
    }

    static func image(_ name: String) throws -> Data { try Data(contentsOf: faces.appendingPathComponent(name)) }

    /// A PNG whose header declares `width` x `height` and holds no pixels: a decompression bomb's shape.
    static func bombPNG(width: UInt32, height: UInt32) -> Data {
        var data = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13])
        data.append(contentsOf: Array("IHDR".utf8))
        for value in [width, height] { withUnsafeBytes(of: value.bigEndian) { data.append(contentsOf: $0) } }
        data.append(contentsOf: [8, 2, 0, 0, 0, 0, 0, 0, 0])
        data.append(contentsOf: [0, 0, 0, 0] + Array("IEND".utf8) + [0xAE, 0x42, 0x60, 0x82])
        return data
    }
}

@Suite(
    "Biometric real worker",
    .enabled(if: RealWorker.available, "needs Biometrics/install.sh and Biometrics/tools/make_face_pairs.py"),
    .serialized
)
struct BiometricRealWorkerTests {
    static let worker: BiometricsWorker? = RealWorker.configuration.map { BiometricsWorker(configuration: $0) }

    func face(_ live: Data, _ reference: Data) async throws -> FaceVerification {
        let worker = try #require(Self.worker)
        return try await worker.send(.face, images: [live, reference], threshold: 0.6, as: FaceVerification.self)
    }

    @Test("the same person matches across photos and a JPEG 2000 chip copy; another person does not")
    func genuineAndImpostor() async throws {
        let genuine = try await face(try RealWorker.image("obama.jpg"), try RealWorker.image("chip/obama2.jp2"))
        #expect(genuine.outcome == .match)
        #expect((genuine.distance ?? 1) < 0.6)
        #expect(genuine.reference.format == "jpeg2000")
        let impostor = try await face(try RealWorker.image("obama.jpg"), try RealWorker.image("chip/biden.jp2"))
        #expect(impostor.outcome == .noMatch)
        #expect((impostor.distance ?? 0) > 0.6)
    }

    @Test("a large JPEG decoded at reduced size reports its box in file pixels; a preview is a small JPEG")
    func reducedDecodeAndPreview() async throws {
        // obama3.jpg is 1434 x 2333: decoded at half size, its face box must still be in the file's pixels.
        let large = try await face(try RealWorker.image("obama3.jpg"), try RealWorker.image("chip/obama.jp2"))
        #expect(large.outcome == .match)
        #expect(large.live.width == 1434)
        #expect((large.live.box?[2] ?? 0) > 200)
        struct Preview: Decodable, Sendable { var format: String; var jpeg: String }
        let worker = try #require(Self.worker)
        let preview = try await worker.send(.preview, images: [try RealWorker.image("chip/obama2.jp2")], as: Preview.self)
        #expect(preview.format == "jpeg2000")
        let jpeg = try #require(Data(base64Encoded: preview.jpeg))
        #expect(jpeg.starts(with: [0xFF, 0xD8, 0xFF]) && jpeg.count < 40 * 1024)
    }

    @Test(
        "faces that cannot be compared say which image and why",
        arguments: [
            ("cases/two_faces.jpg", "several_faces"), ("cases/no_face.png", "no_face"),
            ("cases/blurred.jpg", "too_blurred"), ("cases/small.jpg", "too_small"),
        ]
    )
    func cannotTell(file: String, reason: String) async throws {
        let result = try await face(try RealWorker.image(file), try RealWorker.image("chip/obama.jp2"))
        #expect(result.outcome == .cannotTell)
        #expect(result.reason == reason)
        #expect(result.image == "live")
    }

    @Test("bad images are refused with the image and the reason, before decoding, and the worker lives on")
    func badImages() async throws {
        let photo = try RealWorker.image("obama.jpg")
        let cases: [(Data, Data, String, String)] = [
            (Data("not an image".utf8), photo, "live", "not_an_image"),
            (photo.prefix(photo.count / 2), photo, "live", "truncated"),
            (photo, RealWorker.bombPNG(width: 10_000, height: 5_000), "reference", "too_large"),  // 50 megapixels
            (photo, RealWorker.bombPNG(width: 60_000, height: 60_000), "reference", "too_large"),
        ]
        for (live, reference, image, reason) in cases {
            do {
                _ = try await face(live, reference)
                Issue.record("\(reason) was accepted")
            } catch let error as BiometricsError {
                #expect(error.code == .badImage)
                #expect(error.image == image)
                #expect(error.reason == reason)
            }
        }
        #expect(try await face(photo, photo).outcome == .match)
    }
}
