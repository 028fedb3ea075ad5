import Foundation
import Services

/// A stand-in for `kordon-biometrics` speaking the same framing (Biometrics/PROTOCOL.md), written to a
/// temporary file: the live image decides the answer (`SAME…` match, `NOFACE…` cannot tell, `CRASH` exits,
/// `SLEEP` hangs, `BADIMG` refused, `NOTIMG` refused
/// by `probe`, `PLATE` a plate, `NOPLATE` none).
public enum FakeBiometricsWorker {
    static let script = #"""
        #!/usr/bin/env python3
        import json, sys, time
        inp, out = sys.stdin.buffer, sys.stdout
        while True:
            line = inp.readline()
            if not line:
                break
            f = line.decode().split()
            op, rid = f[0], f[1]
            lens = [int(x) for x in f[2:4 if op == "face" else 3]] if op != "ping" else []
            imgs = [inp.read(n) for n in lens]
            first = imgs[0] if imgs else b""
            def face(name):
                return {"format": "jpeg", "width": 640, "height": 480, "faces": 1, "box": [1, 2, 100, 100]}
            if op == "ping":
                r = {"id": rid, "ok": True}
            elif first.startswith(b"CRASH"):
                sys.exit(1)
            elif first.startswith(b"SLEEP"):
                time.sleep(30)
                continue
            elif op == "probe" and first.startswith(b"NOTIMG"):
                r = {"id": rid, "ok": False, "error": {"code": "not_an_image", "image": "image",
                     "detail": "not a JPEG, PNG or JPEG 2000 image"}}
            elif op == "preview":
                import base64
                r = {"id": rid, "ok": True, "format": "jpeg2000", "width": 384, "height": 480,
                     "jpeg": base64.b64encode(b"\xff\xd8\xff\xe0PREVIEW").decode()}
            elif op == "probe":
                r = {"id": rid, "ok": True, "format": "jpeg", "width": 640, "height": 480}
            elif first.startswith(b"BADIMG"):
                r = {"id": rid, "ok": False, "error": {"code": "truncated", "image": "live" if op == "face" else "frame",
                     "detail": "JPEG ends without its end-of-image marker"}}
            elif op == "face":
                t = float(f[4]) if len(f) > 4 else 0.6
                r = {"id": rid, "ok": True, "threshold": t, "ms": 42.0, "live": face("live"), "reference": face("reference")}
                if first.startswith(b"NOFACE"):
                    r.update(outcome="cannot_tell", reason="no_face", image="live", detail="no face found")
                elif imgs[0] == imgs[1]:
                    r.update(outcome="match", distance=0.31)
                else:
                    r.update(outcome="no_match", distance=0.93)
            elif op == "plate":
                if first.startswith(b"NOPLATE"):
                    r = {"id": rid, "ok": True, "found": False, "candidates": 0, "ms": 5.0}
                else:
                    r = {"id": rid, "ok": True, "found": True, "text": "AA 1234 BB", "country": "UKR",
                         "confidence": 0.93, "box": [10, 20, 200, 44], "candidates": 1, "ms": 12.0}
            else:
                r = {"id": rid, "ok": False, "error": {"code": "bad_request", "image": "", "detail": "unknown"}}
            out.write(json.dumps(r) + "\n")
            out.flush()
        """#

    /// Writes the script and a models folder; nil when there is no python3 to run it.
    public static func configuration(timeout: Duration = .seconds(5)) throws -> BiometricsConfiguration? {
        let python = ["/usr/bin/python3", "/usr/local/bin/python3"].contains { FileManager.default.isExecutableFile(atPath: $0) }
        guard python else { return nil }
        let folder = TestFiles.path("fake-worker")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("kordon-biometrics").path
        let text = script.replacingOccurrences(of: "#!/usr/bin/env python3", with: "#!/usr/bin/python3")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        return BiometricsConfiguration(executable: path, models: folder.path, timeout: timeout, startTimeout: .seconds(20))
    }

    public static var available: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") }
}

