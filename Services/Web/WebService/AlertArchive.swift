import Crypto
import Foundation
import GRDB
import ServiceDatabase
import ServiceSupport
import SwapWatchMessages

/// The web service's own SQLite (WAL): every alert it has received (its pages, feeds and event
/// stream read from here, and it resumes from the newest after a restart), the registered webhooks,
/// and their delivery queue. An alert and the deliveries it owes are written in one transaction,
/// so a webhook misses no alert however the service stops. What the HTTP handlers and the webhook
/// deliverer call is `async` (GRDB's async access: no thread of the cooperative pool waits on
/// SQLite); what the relay's and the registry's socket threads call is not.
public final class AlertArchive: ServiceResource, @unchecked Sendable {
    let database: ServiceDatabase

    public init(_ location: ServiceDatabase.Location) throws {
        database = try ServiceDatabase(location, migrator: Self.migrator)
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "alert") { t in
                t.primaryKey("seq", .integer)
                t.column("exchangeID", .text).notNull().indexed()
                t.column("topic", .text).notNull()
                t.column("json", .blob).notNull()
            }
            try db.create(table: "webhook") { t in
                t.primaryKey("id", .text)
                t.column("url", .text).notNull()
                t.column("topic", .text).notNull()
                t.column("secret", .text).notNull()
                t.column("created", .text).notNull()
                t.column("lastDeliveredSeq", .integer)
                t.column("lastDelivery", .text)
                t.column("lastError", .text)
            }
            try db.create(table: "delivery") { t in
                t.column("webhookID", .text).notNull().references("webhook", onDelete: .cascade)
                t.column("seq", .integer).notNull()
                t.column("attempts", .integer).notNull().defaults(to: 0)
                // When the alert was queued (Unix seconds): retries end a retry period after it.
                t.column("queuedAt", .double).notNull()
                t.column("nextAttempt", .double).notNull().defaults(to: 0)
                t.primaryKey(["webhookID", "seq"])
            }
        }
        return migrator
    }

    public func close() throws { try database.close() }

    // MARK: Alerts

    /// The newest alert received, 0 before the first.
    public func lastSeq() async throws -> Int {
        try await database.writer.read { db in try Int.fetchOne(db, sql: "SELECT MAX(seq) FROM alert") ?? 0 }
    }

    /// Keeps `alert` and queues it for every webhook whose topic it matches.
    /// - Returns: whether it was new.
    @discardableResult
    public func record(_ alert: Alert) throws -> Bool {
        let json = try MessageCodec.encoder().encode(alert)
        return try database.writer.write { db in
            // Run for every alert: prepared once.
            try db.cachedStatement(sql: "INSERT OR IGNORE INTO alert (seq, exchangeID, topic, json) VALUES (?, ?, ?, ?)")
                .execute(arguments: [alert.seq, alert.exchange.id, alert.topic, json])
            guard db.changesCount > 0 else { return false }
            try db.cachedStatement(
                sql: "INSERT INTO delivery (webhookID, seq, queuedAt) SELECT id, ?, ? FROM webhook WHERE substr(?, 1, length(topic)) = topic"
            ).execute(arguments: [alert.seq, Date().timeIntervalSince1970, alert.topic])
            return true
        }
    }

    /// The alerts numbered above `seq`, oldest first, of one exchange or all.
    public func alerts(after seq: Int, exchangeID: String? = nil, limit: Int) async throws -> [Alert] {
        try await database.writer.read { db in
            try Self.decode(
                Data.fetchAll(
                    db, sql: "SELECT json FROM alert WHERE seq > ? AND (? IS NULL OR exchangeID = ?) ORDER BY seq LIMIT ?",
                    arguments: [seq, exchangeID, exchangeID, limit]))
        }
    }

    /// The newest `limit` alerts, newest first, of one exchange or all.
    public func latestAlerts(exchangeID: String? = nil, limit: Int) async throws -> [Alert] {
        try await database.writer.read { db in
            try Self.decode(
                Data.fetchAll(
                    db, sql: "SELECT json FROM alert WHERE (? IS NULL OR exchangeID = ?) ORDER BY seq DESC LIMIT ?",
                    arguments: [exchangeID, exchangeID, limit]))
        }
    }

    private static func decode(_ rows: [Data]) throws -> [Alert] {
        let decoder = JSONDecoder()
        return try rows.map { try decoder.decode(Alert.self, from: $0) }
    }

    // MARK: Webhooks

    /// Registers `url` for the alerts whose topic starts with `topic`, from the next alert on.
    /// - Returns: the webhook, with its secret.
    public func addWebhook(url: String, topic: String) throws -> WebhookStatus {
        let id = "wh-" + Self.randomHex(bytes: 6)
        let secret = Self.randomHex(bytes: 32)
        let created = Timestamp.format(Date())
        try database.writer.write { db in
            try db.execute(
                sql: "INSERT INTO webhook (id, url, topic, secret, created) VALUES (?, ?, ?, ?, ?)", arguments: [id, url, topic, secret, created])
        }
        return WebhookStatus(id: id, url: url, topic: topic, secret: secret, created: created)
    }

    /// Every webhook and how its deliveries are going (secrets left out).
    public func webhooks() throws -> [WebhookStatus] {
        try database.writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT w.*, (SELECT COUNT(*) FROM delivery d WHERE d.webhookID = w.id) AS pending
                    FROM webhook w ORDER BY created, id
                    """
            ).map { row in
                WebhookStatus(
                    id: row["id"], url: row["url"], topic: row["topic"], created: row["created"], lastDeliveredSeq: row["lastDeliveredSeq"],
                    lastDelivery: row["lastDelivery"], lastError: row["lastError"], pending: row["pending"])
            }
        }
    }

    /// Removes the webhook and what is queued for it.
    /// - Returns: the webhook as it was, or `nil` when there is none with that id.
    public func removeWebhook(id: String) throws -> WebhookStatus? {
        guard let status = try webhooks().first(where: { $0.id == id }) else { return nil }
        try database.writer.write { db in try db.execute(sql: "DELETE FROM webhook WHERE id = ?", arguments: [id]) }
        return status
    }

    // MARK: Deliveries

    /// What one webhook is owed next: the oldest alert queued for it.
    public struct Delivery: Sendable {
        public let webhookID: String
        public let url: String
        public let secret: String
        public let alert: Alert
        /// Attempts made so far, and when the alert was queued.
        public let attempts: Int
        public let queuedAt: Date
    }

    /// Per webhook, its oldest queued alert, when that one is due by `now`. A later alert waits
    /// for the earlier ones, so each endpoint gets its alerts in order.
    public func dueDeliveries(now: Date) async throws -> [Delivery] {
        try await database.writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT d.webhookID, d.seq, d.attempts, d.queuedAt, d.nextAttempt, w.url, w.secret, a.json
                    FROM delivery d JOIN webhook w ON w.id = d.webhookID JOIN alert a ON a.seq = d.seq
                    WHERE d.seq = (SELECT MIN(seq) FROM delivery WHERE webhookID = d.webhookID) AND d.nextAttempt <= ?
                    """, arguments: [now.timeIntervalSince1970]
            ).map { row in
                Delivery(
                    webhookID: row["webhookID"], url: row["url"], secret: row["secret"],
                    alert: try JSONDecoder().decode(Alert.self, from: row["json"] as Data), attempts: row["attempts"],
                    queuedAt: Date(timeIntervalSince1970: row["queuedAt"]))
            }
        }
    }

    /// When the next queued delivery falls due, if any is queued.
    public func nextDue() async throws -> Date? {
        try await database.writer.read { db in
            try Double.fetchOne(
                db,
                sql: "SELECT MIN(nextAttempt) FROM delivery d WHERE d.seq = (SELECT MIN(seq) FROM delivery WHERE webhookID = d.webhookID)"
            ).map(Date.init(timeIntervalSince1970:))
        }
    }

    /// Whether `delivery` is still queued (not yet delivered or given up).
    public func isQueued(_ delivery: Delivery) async throws -> Bool {
        try await database.writer.read { db in
            try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM delivery WHERE webhookID = ? AND seq = ?)",
                arguments: [delivery.webhookID, delivery.alert.seq]) ?? false
        }
    }

    /// The endpoint took the alert.
    public func delivered(_ delivery: Delivery, at now: Date) async throws {
        try await database.writer.write { db in
            try db.execute(sql: "DELETE FROM delivery WHERE webhookID = ? AND seq = ?", arguments: [delivery.webhookID, delivery.alert.seq])
            try db.execute(
                sql: "UPDATE webhook SET lastDeliveredSeq = ?, lastDelivery = ?, lastError = NULL WHERE id = ?",
                arguments: [delivery.alert.seq, Timestamp.format(now), delivery.webhookID])
        }
    }

    /// An attempt failed: try again at `retryAt`.
    public func failed(_ delivery: Delivery, error: String, retryAt: Date) async throws {
        try await database.writer.write { db in
            try db.execute(
                sql: "UPDATE delivery SET attempts = attempts + 1, nextAttempt = ? WHERE webhookID = ? AND seq = ?",
                arguments: [retryAt.timeIntervalSince1970, delivery.webhookID, delivery.alert.seq])
            try db.execute(sql: "UPDATE webhook SET lastError = ? WHERE id = ?", arguments: [error, delivery.webhookID])
        }
    }

    /// The retry period of `delivery` is over: it is given up, with every alert queued for the
    /// same webhook before `cutoff` (they are as old, and the endpoint as unreachable), so a long
    /// outage clears its backlog at once rather than one alert a period.
    /// - Returns: how many alerts were given up.
    @discardableResult
    public func giveUp(_ delivery: Delivery, error: String, queuedBefore cutoff: Date) async throws -> Int {
        try await database.writer.write { db in
            try db.execute(
                sql: "DELETE FROM delivery WHERE webhookID = ? AND (seq = ? OR queuedAt <= ?)",
                arguments: [delivery.webhookID, delivery.alert.seq, cutoff.timeIntervalSince1970])
            let count = db.changesCount
            try db.execute(
                sql: "UPDATE webhook SET lastError = ? WHERE id = ?",
                arguments: ["gave up on \(count) alert(s) from #\(delivery.alert.seq) at the end of the retry period: \(error)", delivery.webhookID])
            return count
        }
    }

    static func randomHex(bytes count: Int) -> String {
        SymmetricKey(size: SymmetricKeySize(bitCount: count * 8)).withUnsafeBytes { $0.map { String(format: "%02x", $0) }.joined() }
    }
}
