import Foundation
import ZeroMQ

/// The CurveZMQ keys of a stack, kept in one folder (`swapwatch keys generate DIR` makes them):
///
/// - `stack.curve` (private): the key pair of the stack's own services. Every bound socket serves
///   with it, and every service connects to the others with it, so only holders of this file can
///   publish events and alerts, take work from the queue or write to the claim store.
/// - `client.curve` (private): a key pair for the local `swapwatch` and the Python example.
/// - `submitters`, `subscribers`: allow-lists, one public key per line (`#` comments), of who may
///   submit reports, and who may subscribe and query.
public struct StackKeys: Sendable {
    public static let stackFile = "stack.curve"
    /// The stack's public key alone, for clients.
    public static let stackPublicFile = "stack.curve.pub"
    public static let clientFile = "client.curve"
    public static let submittersFile = "submitters"
    public static let subscribersFile = "subscribers"

    /// The stack's key pair (its public key is what every client trusts).
    public let stack: CurveKeyPair
    public let submitters: Set<String>
    public let subscribers: Set<String>
    /// Whether anyone with any key may subscribe and read (the bus's subscribe side, the
    /// notifier's snapshots, the store's read-only queries).
    public let openSubscriptions: Bool

    /// What a connection is let in as, by the key it proved it holds.
    public enum Role: String, Sendable {
        /// The stack's own services.
        case service
        case submitter
        case subscriber
        /// Any key, where subscribing is open.
        case anyone
    }

    /// The ZAP domain of each bound socket, which decides who gets in.
    public enum Domain: String, Sendable {
        /// The bus's submit side: submitters (and services).
        case submit
        /// The bus's worker side and publish side: services only.
        case workers, publish
        /// The bus's subscribe side and the notifier's snapshots: subscribers (anyone, if open).
        case subscribe, snapshots
        /// The claim store: services write; submitters and subscribers read.
        case store
    }

    /// Reads the keys in `directory`.
    public init(directory: String, openSubscriptions: Bool = false) throws {
        stack = try Self.readPair((directory as NSString).appendingPathComponent(Self.stackFile))
        submitters = Self.readList((directory as NSString).appendingPathComponent(Self.submittersFile))
        subscribers = Self.readList((directory as NSString).appendingPathComponent(Self.subscribersFile))
        self.openSubscriptions = openSubscriptions
    }

    /// Who `key` is let in as on a socket of `domain`, or `nil` when it is not let in.
    public func role(of key: String, in domain: Domain) -> Role? {
        if key == stack.publicKey { return .service }
        switch domain {
        case .workers, .publish: return nil
        case .submit: return submitters.contains(key) ? .submitter : nil
        case .subscribe, .snapshots, .store:
            if submitters.contains(key) { return .submitter }
            if subscribers.contains(key) { return .subscriber }
            return openSubscriptions && domain != .store ? .anyone : nil
        }
    }

    /// The ZAP policy for ``ZAPHandler``: the role's name is the user the receiving socket sees.
    public var policy: @Sendable (String, String) -> String? {
        let keys = self
        return { domain, key in Domain(rawValue: domain).flatMap { keys.role(of: key, in: $0)?.rawValue } }
    }

    // MARK: Key files

    /// Makes the stack's and a client's key pairs and the allow-lists (holding the client's key)
    /// in `directory`; refuses to replace existing keys.
    public static func generate(in directory: String) throws {
        let stackPath = (directory as NSString).appendingPathComponent(stackFile)
        guard !FileManager.default.fileExists(atPath: stackPath) else { throw KeyFileError("\(stackPath) exists already") }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let client = try CurveKeyPair.generate()
        let stack = try CurveKeyPair.generate()
        try writePair(stack, to: stackPath)
        try Data("\(stack.publicKey)\n".utf8).write(to: URL(fileURLWithPath: (directory as NSString).appendingPathComponent(stackPublicFile)))
        try writePair(client, to: (directory as NSString).appendingPathComponent(clientFile))
        for list in [submittersFile, subscribersFile] {
            let text = "# One CurveZMQ public key (Z85) per line.\n\(client.publicKey)\n"
            try Data(text.utf8).write(to: URL(fileURLWithPath: (directory as NSString).appendingPathComponent(list)))
        }
    }

    /// A key pair file: `public <key>` and `secret <key>` lines; readable by its owner only.
    public static func writePair(_ pair: CurveKeyPair, to path: String) throws {
        let text = "public \(pair.publicKey)\nsecret \(pair.secretKey)\n"
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw KeyFileError("cannot write \(path)")
        }
    }

    public static func readPair(_ path: String) throws -> CurveKeyPair {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw KeyFileError("cannot read \(path)") }
        var fields: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            if parts.count == 2 { fields[parts[0]] = parts[1].trimmingCharacters(in: .whitespaces) }
        }
        guard let publicKey = fields["public"], let secretKey = fields["secret"], publicKey.count == 40, secretKey.count == 40 else {
            throw KeyFileError("\(path) does not hold a CurveZMQ key pair")
        }
        return CurveKeyPair(publicKey: publicKey, secretKey: secretKey)
    }

    static func readList(_ path: String) -> Set<String> {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return Set(
            text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix("#") && $0.count == 40 }
        )
    }
}

/// A key file that could not be read or written.
public struct KeyFileError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// What a client (`swapwatch`, the Python example) needs to talk to a stack with keys: its own key
/// pair and the stack's public key.
public struct ClientKeys: Sendable {
    public let pair: CurveKeyPair
    public let serverKey: String

    public init(pair: CurveKeyPair, serverKey: String) { (self.pair, self.serverKey) = (pair, serverKey) }

    /// `client.curve` and `stack.curve.pub` in `directory`.
    public init(directory: String) throws {
        pair = try StackKeys.readPair((directory as NSString).appendingPathComponent(StackKeys.clientFile))
        let path = (directory as NSString).appendingPathComponent(StackKeys.stackPublicFile)
        guard let text = try? String(contentsOfFile: path, encoding: .utf8), text.trimmingCharacters(in: .whitespacesAndNewlines).count == 40 else {
            throw KeyFileError("cannot read the stack's public key from \(path)")
        }
        serverKey = text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

extension StackKeys {
    /// The keys a service connects to the others with: its own pair, trusting its own public key.
    public var asClient: ClientKeys { ClientKeys(pair: stack, serverKey: stack.publicKey) }
}

extension ZMQSocket {
    /// With keys, makes this socket a CURVE server of `domain` (call before bind); without, nothing.
    public func serve(_ domain: StackKeys.Domain, with keys: StackKeys?) throws {
        if let keys { try makeCurveServer(keys.stack, domain: domain.rawValue) }
    }

    /// With keys, makes this socket a CURVE client of the stack (call before connect); without, nothing.
    public func connect(_ endpoint: String, with keys: ClientKeys?) throws {
        if let keys { try makeCurveClient(keys.pair, serverKey: keys.serverKey) }
        try connect(endpoint)
    }
}
