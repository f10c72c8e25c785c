import Crypto
import Foundation
import SwapWatchMessages

/// Ed25519 signatures on alerts. The notifier signs each alert over its canonical JSON: the alert
/// without its `signature`, keys sorted, no insignificant white space, slashes not escaped, UTF-8,
/// which is what Python's `json.dumps(alert, sort_keys=True, separators=(",", ":"),
/// ensure_ascii=False)` gives too. `swapwatch alerts` and the Python example check it with the
/// notifier's public key, so an alert published by anyone else is refused.
public enum AlertSignature {
    /// The bytes a signature covers.
    public static func canonicalBytes(of alert: Alert) -> Data {
        var unsigned = alert
        unsigned.signature = nil
        return try! MessageCodec.encoder().encode(unsigned)
    }
}

/// Why a key could not be used.
public struct AlertKeyError: Error, CustomStringConvertible {
    public let description: String
}

/// The notifier's signing key, kept in a file as one line of base64 (the raw 32-byte Ed25519 key).
///
/// Sendable by hand: swift-crypto does not mark its key types `Sendable`, but the key is an
/// immutable value, never changed after `init`. It is kept, not remade from its raw bytes for each
/// alert: making an Ed25519 key from its seed derives the public key, as dear as a signature.
public struct AlertSigner: @unchecked Sendable {
    private let key: Curve25519.Signing.PrivateKey

    /// The key in `path`; with `creating`, a new key pair is made there first if there is none
    /// (a notifier's first start in its own volume).
    public init(keyFile path: String, creating: Bool = false) throws {
        if creating && !FileManager.default.fileExists(atPath: path) { try AlertKeys.generate(privateKeyAt: path) }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
            let raw = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)),
            let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw)
        else { throw AlertKeyError(description: "\(path) does not hold an alert signing key (swapwatch keys generate DIR makes one)") }
        self.key = key
    }

    /// The alert with its signature.
    public func sign(_ alert: Alert) throws -> Alert {
        var signed = alert
        signed.signature = try key.signature(for: AlertSignature.canonicalBytes(of: alert)).base64EncodedString()
        return signed
    }

    /// The public key that checks these signatures, in base64.
    public var publicKey: String { key.publicKey.rawRepresentation.base64EncodedString() }
}

/// Checks alerts against the notifier's public key.
public struct AlertVerifier: Sendable {
    /// The raw key (making a public key from it only copies it).
    private let rawKey: Data
    private var key: Curve25519.Signing.PublicKey { try! Curve25519.Signing.PublicKey(rawRepresentation: rawKey) }

    /// `key` is the public key in base64, or the path of a file holding it.
    public init(key: String) throws {
        let text = (try? String(contentsOfFile: key, encoding: .utf8)) ?? key
        guard let raw = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)),
            let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw)
        else { throw AlertKeyError(description: "\(key) is neither an alert public key nor a file holding one") }
        rawKey = key.rawRepresentation
    }

    /// Whether the alert carries a signature by the notifier's key over exactly its content.
    public func isAuthentic(_ alert: Alert) -> Bool {
        guard let signature = alert.signature.flatMap({ Data(base64Encoded: $0) }) else { return false }
        return key.isValidSignature(signature, for: AlertSignature.canonicalBytes(of: alert))
    }
}

/// The key files of a stack: `alert-signing.key` (the notifier's, private) and
/// `alert-signing.pub` (for everyone who checks alerts).
public enum AlertKeys {
    public static let privateFile = "alert-signing.key"
    public static let publicFile = "alert-signing.pub"

    /// Makes a new key pair in `directory` (created if needed); refuses to replace one.
    /// - Returns: the public key, in base64.
    @discardableResult
    public static func generate(in directory: String) throws -> String {
        try generate(privateKeyAt: (directory as NSString).appendingPathComponent(privateFile))
    }

    /// Where the public half of the private key file `path` is kept: beside it, `.pub` for `.key`.
    public static func publicKeyPath(for path: String) -> String {
        path.hasSuffix(".key") ? String(path.dropLast(4)) + ".pub" : path + ".pub"
    }

    /// Makes a new key pair: the private key at `path` (readable by its owner only), the public
    /// key beside it. Refuses to replace a key.
    /// - Returns: the public key, in base64.
    @discardableResult
    public static func generate(privateKeyAt path: String) throws -> String {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw AlertKeyError(description: "\(path) exists already; remove it first to make a new key")
        }
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let key = Curve25519.Signing.PrivateKey()
        guard
            FileManager.default.createFile(
                atPath: path, contents: Data((key.rawRepresentation.base64EncodedString() + "\n").utf8), attributes: [.posixPermissions: 0o600])
        else { throw AlertKeyError(description: "cannot write \(path)") }
        let publicKey = key.publicKey.rawRepresentation.base64EncodedString()
        try Data((publicKey + "\n").utf8).write(to: URL(fileURLWithPath: publicKeyPath(for: path)))
        return publicKey
    }
}
