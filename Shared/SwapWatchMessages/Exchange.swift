/// What is exchanged: living prisoners, or the bodies of the fallen (tracked separately).
public enum ExchangeKind: String, Hashable, Sendable, Codable {
    case prisoners, bodies
}

/// The key an exchange is tracked under: its parties (sorted) and its kind.
public struct ExchangeKey: Hashable, Sendable, Codable, CustomStringConvertible {
    public let parties: [String]
    public let kind: ExchangeKind

    public init(parties: [String], kind: ExchangeKind) {
        self.parties = parties.sorted()
        self.kind = kind
    }

    /// A lowercase, dash-separated form: "russia-ukraine-prisoners".
    public var slug: String {
        (parties + [kind.rawValue]).map { party in
            String(party.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "_" })
        }.joined(separator: "-")
    }

    public var description: String { "\(parties.joined(separator: "–")) \(kind.rawValue)" }
}

/// An exchange as alerts and queries name it: a stable id plus its key.
public struct ExchangeRef: Hashable, Sendable, Codable {
    /// "<key slug>-<n>", where n counts the exchanges opened on that key: "russia-ukraine-prisoners-3".
    public let id: String
    public let parties: [String]
    public let kind: ExchangeKind

    public init(id: String, key: ExchangeKey) {
        self.id = id
        self.parties = key.parties
        self.kind = key.kind
    }

    public init(key: ExchangeKey, serial: Int) {
        self.init(id: "\(key.slug)-\(serial)", key: key)
    }

    public var key: ExchangeKey { ExchangeKey(parties: parties, kind: kind) }
}

/// Where an exchange stands.
public enum ExchangeStatus: String, Hashable, Sendable, Codable {
    /// Expected, nothing carried out yet.
    case open
    /// A staged swap with at least one stage done.
    case underWay = "under_way"
    /// Carried out in full.
    case closed
}
