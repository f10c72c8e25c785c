import Foundation
import ZeroMQ

/// The CurveZMQ keys of a stack, kept in one folder (`swapwatch keys generate DIR` makes them):
///
/// - `stack.curve` (private): the key pair of the stack's own services. Every bound socket serves
///   with it, and every service connects to the others with it, so only holders of this file can
///   publish events and alerts, take work from the queue or write to the claim store.
/// - `client.curve` (private): a key pair for the local `swapwatch` and the Python example.
/// - `feeds.curve` (private): the feeds service's own key pair. It reads pages from the internet,
///   so it holds no more than a submitter's rights (its public key is in `submitters`), and serves
///   its status socket with this pair (`feeds.curve.pub` for clients).
/// - `web.curve` (private): the web service's own key pair. It answers anyone's browser, so it
///   holds no more than a subscriber's rights (its public key is in `subscribers`), and serves its
///   webhook registry with this pair (`web.curve.pub` for clients).
/// - `submitters`, `subscribers`: allow-lists, one public key per line (`#` comments), of who may
///   submit reports, and who may subscribe and query.
/// - `admins`: the allow-list of who may manage the web service's webhooks (the local client's key;
///   not the feeds service's, though it submits: a webhook makes the server send requests).
public struct StackKeys: Sendable {
    public static let stackFile = "stack.curve"
    /// The stack's public key alone, for clients.
    public static let stackPublicFile = "stack.curve.pub"
    public static let clientFile = "client.curve"
    public static let feedsFile = "feeds.curve"
    /// The feeds service's public key alone, for clients of its status socket.
    public static let feedsPublicFile = "feeds.curve.pub"
    public static let webFile = "web.curve"
    /// The web service's public key alone, for clients of its webhook registry.
    public static let webPublicFile = "web.curve.pub"
    public static let submittersFile = "submitters"
    public static let subscribersFile = "subscribers"
    public static let adminsFile = "admins"

    /// Whose keys a process holds.
    public enum Holder: Sendable {
        /// The stack's own services: `stack.curve`.
        case services
        /// The feeds service: `feeds.curve`, and the stack's public key to trust.
        case feeds
        /// The web service: `web.curve`, and the stack's public key to trust.
        case web

        /// The file of the pair a holder other than the services holds.
        var file: String? {
            switch self {
            case .services: nil
            case .feeds: StackKeys.feedsFile
            case .web: StackKeys.webFile
            }
        }
    }

    /// The key pair this process serves and connects with: the stack's, or the feeds service's.
    public let pair: CurveKeyPair
    /// The stack's public key: who counts as one of the stack's services, and whom a connection trusts.
    public let stackPublicKey: String
    public let submitters: Set<String>
    public let subscribers: Set<String>
    public let admins: Set<String>
    /// Whether anyone with any key may subscribe and read (the bus's subscribe side, the
    /// notifier's snapshots, the store's read-only queries).
    public let openSubscriptions: Bool

    /// What a connection is let in as, by the key it proved it holds.
    public enum Role: String, Sendable {
        /// The stack's own services.
        case service
        case submitter
        case subscriber
        /// A key in `admins`, on the webhook registry.
        case admin
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
        /// The web service's webhook registry: admins (the operator's `swapwatch`) only.
        case webhooks
    }

    /// Reads the keys in `directory` that `holder` holds.
    public init(directory: String, openSubscriptions: Bool = false, holder: Holder = .services) throws {
        if let file = holder.file {
            let path = (directory as NSString).appendingPathComponent(file)
            guard FileManager.default.fileExists(atPath: path) else {
                throw KeyFileError("no \(path): `swapwatch keys generate \(directory)` adds what the folder lacks")
            }
            pair = try Self.readPair(path)
            stackPublicKey = try Self.readPublicKey((directory as NSString).appendingPathComponent(Self.stackPublicFile))
        } else {
            pair = try Self.readPair((directory as NSString).appendingPathComponent(Self.stackFile))
            stackPublicKey = pair.publicKey
        }
        submitters = Self.readList((directory as NSString).appendingPathComponent(Self.submittersFile))
        subscribers = Self.readList((directory as NSString).appendingPathComponent(Self.subscribersFile))
        admins = Self.readList((directory as NSString).appendingPathComponent(Self.adminsFile))
        self.openSubscriptions = openSubscriptions
    }

    /// Who `key` is let in as on a socket of `domain`, or `nil` when it is not let in.
    public func role(of key: String, in domain: Domain) -> Role? {
        if key == stackPublicKey { return .service }
        switch domain {
        case .workers, .publish: return nil
        case .submit: return submitters.contains(key) ? .submitter : nil
        case .webhooks: return admins.contains(key) ? .admin : nil
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

    /// Makes what `directory` lacks of a stack's keys: the stack's, a client's, the feeds service's
    /// and the web service's key pairs with their public halves, and the allow-lists (a new client's,
    /// feeds and web key are added to them; the client's to `admins` too, and to a folder that had no
    /// `admins` yet). Never replaces a key it finds.
    public static func generate(in directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
        let stack = try existingOrNew(path(stackFile)).pair
        let client = try existingOrNew(path(clientFile))
        let feeds = try existingOrNew(path(feedsFile))
        let web = try existingOrNew(path(webFile))
        for (file, key) in [(stackPublicFile, stack.publicKey), (feedsPublicFile, feeds.pair.publicKey), (webPublicFile, web.pair.publicKey)]
        where !FileManager.default.fileExists(atPath: path(file)) {
            try Data("\(key)\n".utf8).write(to: URL(fileURLWithPath: path(file)))
        }
        let newSubmitters = (client.isNew ? [client.pair.publicKey] : []) + (feeds.isNew ? [feeds.pair.publicKey] : [])
        try addToList(path(submittersFile), newSubmitters)
        try addToList(path(subscribersFile), (client.isNew ? [client.pair.publicKey] : []) + (web.isNew ? [web.pair.publicKey] : []))
        if client.isNew || !FileManager.default.fileExists(atPath: path(adminsFile)) { try addToList(path(adminsFile), [client.pair.publicKey]) }
    }

    /// The key pair in `path`, or a new one written there.
    static func existingOrNew(_ path: String) throws -> (pair: CurveKeyPair, isNew: Bool) {
        if FileManager.default.fileExists(atPath: path) { return (try readPair(path), false) }
        let pair = try CurveKeyPair.generate()
        try writePair(pair, to: path)
        return (pair, true)
    }

    /// Appends `keys` to the allow-list in `path`, made with its header if missing.
    static func addToList(_ path: String, _ keys: [String]) throws {
        var text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? "# One CurveZMQ public key (Z85) per line.\n"
        for key in keys where !readList(path).contains(key) { text += "\(key)\n" }
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    /// A public key file (`stack.curve.pub`): the key alone.
    public static func readPublicKey(_ path: String) throws -> String {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8), text.trimmingCharacters(in: .whitespacesAndNewlines).count == 40 else {
            throw KeyFileError("cannot read a public key from \(path)")
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
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
        serverKey = try StackKeys.readPublicKey((directory as NSString).appendingPathComponent(StackKeys.stackPublicFile))
    }

    /// The same client, talking to a server that holds another key (the feeds service's).
    public func trusting(_ serverKey: String) -> ClientKeys { ClientKeys(pair: pair, serverKey: serverKey) }
}

extension StackKeys {
    /// The keys a service connects to the others with: its own pair, trusting the stack's public key.
    public var asClient: ClientKeys { ClientKeys(pair: pair, serverKey: stackPublicKey) }
}

extension ZMQSocket {
    /// With keys, makes this socket a CURVE server of `domain` (call before bind); without, nothing.
    public func serve(_ domain: StackKeys.Domain, with keys: StackKeys?) throws {
        if let keys { try makeCurveServer(keys.pair, domain: domain.rawValue) }
    }

    /// With keys, makes this socket a CURVE client of the stack (call before connect); without, nothing.
    public func connect(_ endpoint: String, with keys: ClientKeys?) throws {
        if let keys { try makeCurveClient(keys.pair, serverKey: keys.serverKey) }
        try connect(endpoint)
    }
}
