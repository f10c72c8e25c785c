import Foundation
import GRDB
import ServiceSupport
import SwapWatchMessages

/// The notifier's own SQLite (WAL): every alert it raised, numbered gap-free, and the last store
/// event it turned into alerts. Kept apart from the claim store so the store stays the single
/// writer of its database and the notifier can be restarted, or replaced, on its own.
public final class AlertLog: ServiceResource {
    let pool: DatabasePool

    public init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        pool = try DatabasePool(path: path, configuration: configuration)
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "alert") { t in
                t.primaryKey("seq", .integer)
                t.column("id", .text).notNull().unique()
                t.column("eventSeq", .integer).notNull()
                t.column("topic", .text).notNull()
                t.column("payload", .text).notNull()
                t.column("publishedAt", .text)
            }
            try db.create(index: "alert_topic", on: "alert", columns: ["topic", "seq"])
            try db.create(table: "cursor") { t in
                t.primaryKey("name", .text)
                t.column("value", .integer).notNull()
            }
        }
        try migrator.migrate(pool)
    }

    /// Moves the WAL's content into the database file and closes every connection; call once the
    /// service has stopped. (GRDB's readers are read-only, so closing alone does not checkpoint.)
    public func close() throws {
        try pool.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
        try pool.close()
    }

    /// The last store event already turned into alerts.
    public func lastEventSeq() throws -> Int {
        try pool.read { db in try Int.fetchOne(db, sql: "SELECT value FROM cursor WHERE name = 'event'") ?? 0 }
    }

    public func lastAlertSeq() throws -> Int {
        try pool.read { db in try Int.fetchOne(db, sql: "SELECT MAX(seq) FROM alert") ?? 0 }
    }

    /// Records the alert for `event` and advances the cursor, in one transaction.
    /// - Returns: the new alert, or `nil` if the event was already handled.
    public func record(_ event: ExpectationChangedEvent) throws -> Alert? {
        try pool.write { db in
            let last = try Int.fetchOne(db, sql: "SELECT value FROM cursor WHERE name = 'event'") ?? 0
            guard event.seq > last else { return nil }
            let seq = (try Int.fetchOne(db, sql: "SELECT MAX(seq) FROM alert") ?? 0) + 1
            let alert = event.change.alert(seq: seq, report: event.report, raisedAt: Timestamp.format(Date()))
            let payload = String(decoding: try MessageCodec.encoder().encode(alert), as: UTF8.self)
            try db.execute(
                sql: "INSERT INTO alert (seq, id, eventSeq, topic, payload) VALUES (?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING",
                arguments: [seq, alert.id, event.seq, alert.topic, payload])
            try db.execute(
                sql: "INSERT INTO cursor (name, value) VALUES ('event', ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value",
                arguments: [event.seq])
            return db.changesCount > 0 ? alert : nil
        }
    }

    public func markPublished(_ seq: Int) throws {
        let now = Timestamp.format(Date())
        try pool.write { db in try db.execute(sql: "UPDATE alert SET publishedAt = ? WHERE seq = ?", arguments: [now, seq]) }
    }

    public func unpublished() throws -> [Alert] {
        try pool.read { db in
            try String.fetchAll(db, sql: "SELECT payload FROM alert WHERE publishedAt IS NULL ORDER BY seq")
                .map { try JSONDecoder().decode(Alert.self, from: Data($0.utf8)) }
        }
    }

    /// The snapshot for a subscriber: alerts after `after` whose topic starts with the prefix.
    public func alerts(_ query: AlertsQuery) throws -> AlertsReply {
        try pool.read { db in
            let last = try Int.fetchOne(db, sql: "SELECT MAX(seq) FROM alert") ?? 0
            let limit = max(0, min(query.limit, 5000))
            let escaped = query.topicPrefix.replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
            let alerts = try String.fetchAll(
                db, sql: "SELECT payload FROM alert WHERE seq > ? AND topic LIKE ? ESCAPE '\\' ORDER BY seq LIMIT ?",
                arguments: [query.after, escaped + "%", limit]
            ).map { try JSONDecoder().decode(Alert.self, from: Data($0.utf8)) }
            let covered = alerts.count < limit ? last : (alerts.last?.seq ?? query.after)
            return AlertsReply(alerts: alerts, coveredThrough: max(covered, query.after), lastSeq: last)
        }
    }
}
