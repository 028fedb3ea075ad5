@preconcurrency import Crypto
import Foundation
import Logging
import Store

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The Ed25519 key (RFC 8032) that signs the audit trail's checkpoints.
///
/// The point of the key is that it is kept apart from the database: whoever can rewrite the database
/// (and recompute the chain's hashes) must not also be able to sign a new head. It lives in a file of
/// its own, readable by the server's user only (mode 0600), by default next to the data folder, not in
/// it (`defaultPath(dataDirectory:)`), and a backup of the database never carries it.
///
/// The file is text, so an operator can see what it is:
///
///     # Kordon audit-trail signing key (Ed25519). Keep it apart from the database.
///     key-id: 0123456789abcdef
///     public-key: <base64 of 32 bytes>
///     private-key: <base64 of 32 bytes>
public struct AuditSigningKey: Sendable {
    public let privateKey: Curve25519.Signing.PrivateKey

    public init(privateKey: Curve25519.Signing.PrivateKey = .init()) {
        self.privateKey = privateKey
    }

    public var publicKey: Curve25519.Signing.PublicKey { privateKey.publicKey }

    /// The public half, as verify trusts it.
    public var trusted: AuditPublicKey { AuditPublicKey(publicKey) }

    /// `AuditCheckpoint.keyId(of:)` of the public key.
    public var keyId: String { AuditCheckpoint.keyId(of: publicKey) }

    /// The public key, base64: what `kordon audit verify --public-key` takes.
    public var publicKeyBase64: String { publicKey.rawRepresentation.base64EncodedString() }

    /// `<data folder>.audit-key`: beside the data folder, never inside it, so copying or handing over
    /// the data folder does not hand over the key.
    public static func defaultPath(dataDirectory: String) -> String {
        URL(fileURLWithPath: dataDirectory).standardizedFileURL.path + ".audit-key"
    }

    /// The file's text.
    var fileContents: String {
        """
        # Kordon audit-trail signing key (Ed25519). Keep it apart from the database.
        key-id: \(keyId)
        public-key: \(publicKeyBase64)
        private-key: \(privateKey.rawRepresentation.base64EncodedString())

        """
    }

    // MARK: - Files

    /// Writes the key to a new file at `path`, mode 0600; refuses to overwrite an existing file
    /// (`O_EXCL`), so a key that signed checkpoints is never lost by accident.
    public func write(to path: String) throws(ServiceError) {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw ServiceError(.validation, field: "auditKey", "cannot create the folder of \(path)")
            }
        }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            let reason = errno == EEXIST ? "the file exists already" : String(cString: strerror(errno))
            throw ServiceError(.validation, field: "auditKey", "cannot create \(path): \(reason)")
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        do {
            try handle.write(contentsOf: Data(fileContents.utf8))
            try handle.synchronize()
            try handle.close()
        } catch {
            throw ServiceError(.validation, field: "auditKey", "cannot write \(path)")
        }
    }

    /// Reads the key file at `path`.
    public static func load(path: String) throws(ServiceError) -> AuditSigningKey {
        let text = try readText(path)
        guard let encoded = AuditKeyFile.value(of: "private-key", in: text) else {
            throw ServiceError(
                .validation, field: "auditKey", "\(path) has no private-key line: not a Kordon audit key"
            )
        }
        guard let raw = Data(base64Encoded: encoded), raw.count == 32,
            let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw)
        else {
            throw ServiceError(.validation, field: "auditKey", "\(path): private-key is not 32 bytes of base64")
        }
        return AuditSigningKey(privateKey: key)
    }

    /// The key at `path`, made there first when the file does not exist yet (logged with its path).
    /// Warns when the file can be read by others than its owner.
    public static func loadOrCreate(path: String, logger: Logger) throws(ServiceError) -> AuditSigningKey {
        if !FileManager.default.fileExists(atPath: path) {
            let key = AuditSigningKey()
            do {
                try key.write(to: path)
            } catch where FileManager.default.fileExists(atPath: path) {
                // Another process starting at the same moment made it first: use that one.
                return try load(path: path)
            }
            logger.notice(
                "Generated the audit-trail signing key; keep it apart from the database and back it up",
                metadata: ["path": "\(path)", "keyId": "\(key.keyId)", "publicKey": "\(key.publicKeyBase64)"]
            )
            return key
        }
        let key = try load(path: path)
        if let mode = (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int,
            mode & 0o077 != 0
        {
            logger.warning(
                "The audit-trail signing key can be read by other users; chmod 600 it",
                metadata: ["path": "\(path)", "mode": "\(String(mode, radix: 8))"]
            )
        }
        return key
    }

    static func readText(_ path: String) throws(ServiceError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ServiceError(.notFound, field: "auditKey", "cannot read \(path)")
        }
        guard data.count <= 64 * 1024 else {
            throw ServiceError(.validation, field: "auditKey", "\(path) is too large to be a key file")
        }
        return String(decoding: data, as: UTF8.self)
    }
}

/// A public key trusted to have signed checkpoints, for `kordon audit verify`: given on the command
/// line or read from the key file, never from the database under examination.
public struct AuditPublicKey: Sendable {
    public let key: Curve25519.Signing.PublicKey

    public init(_ key: Curve25519.Signing.PublicKey) {
        self.key = key
    }

    /// `AuditCheckpoint.keyId(of:)` of the key.
    public var keyId: String { AuditCheckpoint.keyId(of: key) }

    /// Parses `argument`: base64 of the 32-byte public key, or the path of a file holding one
    /// (`public-key: …` or a bare base64 line), or of a signing key file (its public half).
    public static func parse(_ argument: String) throws(ServiceError) -> AuditPublicKey {
        if let key = decode(argument) { return AuditPublicKey(key) }
        guard FileManager.default.fileExists(atPath: argument) else {
            throw ServiceError(.validation, field: "publicKey", "neither base64 of an Ed25519 key nor a readable file")
        }
        let text = try AuditSigningKey.readText(argument)
        if AuditKeyFile.value(of: "private-key", in: text) != nil {
            return AuditPublicKey(try AuditSigningKey.load(path: argument).publicKey)
        }
        let candidate = AuditKeyFile.value(of: "public-key", in: text) ?? AuditKeyFile.lines(text).first ?? ""
        guard let key = decode(candidate) else {
            throw ServiceError(.validation, field: "publicKey", "\(argument) holds no base64 Ed25519 public key")
        }
        return AuditPublicKey(key)
    }

    static func decode(_ base64: String) -> Curve25519.Signing.PublicKey? {
        guard let raw = Data(base64Encoded: base64.trimmingCharacters(in: .whitespaces)), raw.count == 32 else {
            return nil
        }
        return try? Curve25519.Signing.PublicKey(rawRepresentation: raw)
    }
}

/// The `name: value` lines of a key file; `#` starts a comment line.
enum AuditKeyFile {
    static func lines(_ text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }

    static func value(of name: String, in text: String) -> String? {
        for line in lines(text) where line.hasPrefix(name + ":") {
            return line.dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces)
        }
        return nil
    }
}
