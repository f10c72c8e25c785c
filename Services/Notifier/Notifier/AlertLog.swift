import AlertSigning
import Foundation
import GRDB
import ServiceDatabase
import ServiceSupport
import SwapWatchMessages

/// The notifier's own SQLite (WAL): every alert it raised, numbered gap-free, and the last store
/// event it turned into alerts. Kept apart from the claim store so the store stays the single
/// writer of its database and the notifier can be restarted, or replaced, on its own. The
/// statements every page of events runs are prepared once (`cachedStatement`).
public final class AlertLog: ServiceResource {
    let database: ServiceDatabase

    /// Opens (and migrates) the log at `location`.
    public init(_ location: ServiceDatabase.Location) throws {
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
        migrator.registerMigration("v2-unpublished-index") { db in
            // Marking alerts published, and reading the unpublished at start, go through the few
            // unpublished alerts rather than every alert ever raised.
            try db.create(index: "alert_unpublished", on: "alert", columns: ["seq"], condition: Column("publishedAt") == nil)
        }
        database = try ServiceDatabase(location, migrator: migrator)
    }

    public func close() throws { try database.close() }

    /// The last store event already turned into alerts.
    public func lastEventSeq() throws -> Int {
        try database.writer.read { db in try CursorRecord.value(of: CursorRecord.event, db) }
    }

    public func lastAlertSeq() throws -> Int {
        try database.writer.read { db in try AlertRecord.lastSeq(db) }
    }

    /// Records the alerts for `events`, in order, signed by `signer` if given, and advances the
    /// cursor, in one transaction; with `published`, the alerts published through it are marked
    /// in that transaction too (rather than in one of their own).
    /// - Returns: the new alerts; an event already handled raises none.
    public func record(_ events: [ExpectationChangedEvent], signer: AlertSigner? = nil, markingPublishedThrough published: Int? = nil) throws
        -> [Alert]
    {
        try database.writer.write { db in
            if let published { try Self.markPublished(through: published, db) }
            var handled = try CursorRecord.value(of: CursorRecord.event, db)
            var seq = try AlertRecord.lastSeq(db)
            var raised: [Alert] = []
            for event in events where event.seq > handled {
                let unsigned = event.change.alert(seq: seq + 1, report: event.report, raisedAt: Timestamp.format(Date()))
                let alert = try signer?.sign(unsigned) ?? unsigned
                try AlertRecord(seq: alert.seq, id: alert.id, eventSeq: event.seq, topic: alert.topic, payload: alert).insert(db, onConflict: .ignore)
                if db.changesCount > 0 {
                    raised.append(alert)
                    seq += 1
                }
                handled = event.seq
            }
            try db.cachedStatement(sql: "INSERT INTO cursor (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value")
                .execute(arguments: [CursorRecord.event, handled])
            return raised
        }
    }

    /// Marks every alert through `seq` published, in one statement.
    public func markPublished(through seq: Int) throws {
        try database.writer.write { db in try Self.markPublished(through: seq, db) }
    }

    /// Marks alerts published: with the index `alert_unpublished`, it reads only the unpublished.
    static let markingPublished = "UPDATE alert SET publishedAt = ? WHERE seq <= ? AND publishedAt IS NULL"

    private static func markPublished(through seq: Int, _ db: Database) throws {
        try db.cachedStatement(sql: markingPublished).execute(arguments: [Timestamp.format(Date()), seq])
    }

    public func unpublished() throws -> [Alert] {
        try database.writer.read { db in
            try AlertRecord.filter(Column("publishedAt") == nil).order(Column("seq")).fetchAll(db).map(\.payload)
        }
    }

    /// The snapshot for a subscriber: alerts after `after` whose topic starts with the prefix, at
    /// most `query.limit` (5,000 at most) and no more than fit in `pageBytes`.
    public func alerts(_ query: AlertsQuery, pageBytes: Int = MessageLimits.replyPage) throws -> AlertsReply {
        try database.writer.read { db in
            let last = try AlertRecord.lastSeq(db)
            let limit = max(0, min(query.limit, 5000))
            let escaped = query.topicPrefix.replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
            let found = try AlertRecord.filter(Column("seq") > query.after && Column("topic").like(escaped + "%", escape: "\\"))
                .order(Column("seq")).limit(limit).fetchAll(db).map(\.payload)
            let alerts = MessageLimits.page(found, within: pageBytes)
            let covered = alerts.count == found.count && found.count < limit ? last : (alerts.last?.seq ?? query.after)
            return AlertsReply(alerts: alerts, coveredThrough: max(covered, query.after), lastSeq: last)
        }
    }
}

/// A raised alert (`alert`); the alert itself is a Codable JSON column.
struct AlertRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "alert"
    var seq: Int
    var id: String
    /// The store event it was raised for.
    var eventSeq: Int
    /// Its pub/sub topic, which snapshots filter on.
    var topic: String
    var payload: Alert
    /// Set once the alert went out on the bus.
    var publishedAt: String?

    static func lastSeq(_ db: Database) throws -> Int {
        try Int.fetchOne(db.cachedStatement(sql: "SELECT max(seq) FROM alert")) ?? 0
    }
}

/// A named position (`cursor`): `event`, the last store event turned into alerts.
struct CursorRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "cursor"
    static let event = "event"
    var name: String
    var value: Int

    /// The position named `name`; 0 before the first.
    static func value(of name: String, _ db: Database) throws -> Int {
        try Int.fetchOne(db.cachedStatement(sql: "SELECT value FROM cursor WHERE name = ?"), arguments: [name]) ?? 0
    }
}
