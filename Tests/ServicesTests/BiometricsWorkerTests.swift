import Foundation
import KordonTesting
import Services
import Testing

@Suite("Biometric worker protocol framing")
struct BiometricProtocolTests {
    @Test("a request is one header line with the byte length of each image, then the images in order")
    func requestFraming() {
        let frame = WorkerProtocol.request(.face, id: "r7", images: [Data([1, 2, 3]), Data([9])], threshold: 0.55)
        #expect(frame == Data("face r7 3 1 0.5500\n".utf8) + Data([1, 2, 3, 9]))
        #expect(WorkerProtocol.request(.ping, id: "start", images: []) == Data("ping start\n".utf8))
    }

    @Test("lines are taken whole; a partial line waits; an endless line is a worker failure")
    func lineSplitting() throws {
        var buffer = Data("{\"a\":1}\n{\"b\"".utf8)
        #expect(try WorkerProtocol.takeLine(from: &buffer) == Data("{\"a\":1}".utf8))
        #expect(try WorkerProtocol.takeLine(from: &buffer) == nil)
        buffer.append(Data(":2}\n".utf8))
        #expect(try WorkerProtocol.takeLine(from: &buffer) == Data("{\"b\":2}".utf8))
        var endless = Data(repeating: 0x41, count: WorkerProtocol.maximumResponseLine + 1)
        #expect(throws: BiometricsError.self) { try WorkerProtocol.takeLine(from: &endless) }
    }

    struct Pong: Decodable, Sendable { var ok: Bool }

    @Test(
        "worker refusals become typed errors naming the image and the reason",
        arguments: [
            (#"{"id":"r1","ok":false,"error":{"code":"too_large","image":"live","detail":"x"}}"#,
             BiometricsError.Code.badImage, "live" as String?),
            (#"{"id":"r1","ok":false,"error":{"code":"truncated","image":"frame","detail":"x"}}"#, .badImage, "frame"),
            (#"{"id":"r1","ok":false,"error":{"code":"bad_request","image":"","detail":"x"}}"#, .workerFailed, nil),
            (#"{"id":"r1","ok":false,"error":{"code":"unavailable","image":"","detail":"x"}}"#, .unavailable, nil),
            (#"{"id":"r2","ok":true}"#, .workerFailed, nil),  // an answer to another request
            (#"not json"#, .workerFailed, nil),
        ]
    )
    func refusals(line: String, code: BiometricsError.Code, image: String?) {
        do {
            _ = try WorkerProtocol.decode(Pong.self, line: Data(line.utf8), id: "r1")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == code)
            #expect(error.image == image)
        }
    }
}

@Suite("Biometric worker process", .enabled(if: FakeBiometricsWorker.available, "needs /usr/bin/python3 for the fake worker"))
struct BiometricWorkerProcessTests {
    @Test("an absent worker says why, for every call")
    func absent() async {
        let worker = BiometricsWorker(unavailable: BiometricsError(.unavailable, "not installed here"))
        await #expect(throws: BiometricsError(.unavailable, "not installed here")) {
            _ = try await worker.send(.ping, images: [], as: BiometricProtocolTests.Pong.self)
        }
    }

    @Test("a crashed worker fails its request and is restarted for the next")
    func restartAfterCrash() async throws {
        let configuration = try #require(try FakeBiometricsWorker.configuration())
        let worker = BiometricsWorker(configuration: configuration)
        let face = try await worker.send(.face, images: [Data("SAME".utf8), Data("SAME".utf8)], as: FaceVerification.self)
        #expect(face.outcome == .match)
        await #expect(throws: BiometricsError.self) {
            _ = try await worker.send(.face, images: [Data("CRASH".utf8), Data("x".utf8)], as: FaceVerification.self)
        }
        let again = try await worker.send(.face, images: [Data("A".utf8), Data("B".utf8)], as: FaceVerification.self)
        #expect(again.outcome == .noMatch)
        #expect(await worker.starts == 2)
        await worker.shutdown()
    }

    @Test("a hanging worker times out and is replaced")
    func timeout() async throws {
        // 3 s, not less: the answer after the restart must come within it on a machine the whole suite loads.
        let configuration = try #require(try FakeBiometricsWorker.configuration(timeout: .seconds(3)))
        let worker = BiometricsWorker(configuration: configuration)
        do {
            _ = try await worker.send(.face, images: [Data("SLEEP".utf8), Data("x".utf8)], as: FaceVerification.self)
            Issue.record("expected a timeout")
        } catch {
            #expect(error.code == .timeout, "\(error.detail)")
        }
        let face = try await worker.send(.face, images: [Data("S".utf8), Data("S".utf8)], as: FaceVerification.self)
        #expect(face.outcome == .match)
        await worker.shutdown()
    }

    @Test("a worker file another process holds open for writing is started once it is let go")
    func busyFile() async throws {
        // Linux refuses to run such a file (ETXTBSY): the worker being reinstalled, or this suite's other
        // threads spawning children while a fake worker's script is written. Without waiting it out, the
        // worker is "unavailable" until the server restarts.
        let configuration = try #require(try FakeBiometricsWorker.configuration())
        let writer = open(configuration.executable, O_WRONLY | O_APPEND | O_CLOEXEC)
        try #require(writer >= 0)
        // A plain thread lets go of the file: the worker's start blocks its own thread, not this one.
        let release = Thread {
            usleep(300_000)
            close(writer)
        }
        release.start()
        let worker = BiometricsWorker(configuration: configuration)
        let face = try await worker.send(.face, images: [Data("S".utf8), Data("S".utf8)], as: FaceVerification.self)
        #expect(face.outcome == .match)
        await worker.shutdown()
    }

    @Test("a worker file held open for writing for longer than the wait is reported unavailable, saying why")
    func busyTooLong() async throws {
        let configuration = try #require(try FakeBiometricsWorker.configuration())
        let writer = open(configuration.executable, O_WRONLY | O_APPEND | O_CLOEXEC)
        try #require(writer >= 0)
        defer { close(writer) }
        let worker = BiometricsWorker(configuration: configuration)
        do {
            _ = try await worker.send(.face, images: [Data("S".utf8), Data("S".utf8)], as: FaceVerification.self)
            Issue.record("expected the worker to be unavailable")
        } catch {
            #expect(error.code == .unavailable)
            #expect(error.detail.contains("busy"), "\(error.detail)")
        }
        await worker.shutdown()
    }

    @Test("concurrent requests are answered in order, each with its own answer")
    func concurrent() async throws {
        let configuration = try #require(try FakeBiometricsWorker.configuration())
        let worker = BiometricsWorker(configuration: configuration)
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<20 {
                group.addTask {
                    let same = index % 2 == 0
                    let face = try await worker.send(
                        .face, images: [Data("L\(index)".utf8), Data((same ? "L\(index)" : "R").utf8)],
                        as: FaceVerification.self
                    )
                    return (face.outcome == .match) == same
                }
            }
            for try await correct in group { #expect(correct) }
        }
        await worker.shutdown()
    }
}

@Suite("Biometric worker location")
struct BiometricLocationTests {
    @Test("no worker anywhere: unavailable, saying how to install it")
    func noWorker() {
        let empty = TestFiles.path("empty").path
        let found = BiometricsConfiguration.locate(environment: [:], executableDirectory: empty, currentDirectory: empty)
        guard case .failure(let error) = found else {
            Issue.record("found a worker in an empty folder")
            return
        }
        #expect(error.code == .unavailable)
        #expect(error.detail.contains("Biometrics/install.sh"))
    }

    @Test("a worker without its models: unavailable, naming the models; with them, found")
    func models() throws {
        let configuration = try #require(try FakeBiometricsWorker.configuration())
        let environment = ["KORDON_BIOMETRICS_WORKER": configuration.executable, "KORDON_BIOMETRICS_MODELS": configuration.models]
        guard case .failure(let error) = BiometricsConfiguration.locate(environment: environment) else {
            Issue.record("accepted a models folder without the models")
            return
        }
        #expect(error.detail.contains("face models"))
        _ = FileManager.default.createFile(atPath: configuration.models + "/dlib_face_recognition_resnet_model_v1.dat", contents: Data())
        let found = try BiometricsConfiguration.locate(environment: environment).get()
        #expect(found.executable == configuration.executable)
    }
}
