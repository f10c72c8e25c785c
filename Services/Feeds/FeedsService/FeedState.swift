import Foundation
import GRDB
import ServiceDatabase
import ServiceSupport
import SwapWatchMessages

/// The feeds service's own SQLite (WAL): per feed, what the last poll brought and the validators
/// for the next one; per item, the version last acknowledged by the claim store. An item counts as
/// handled only once the store acknowledged its report, so a crash or restart submits nothing twice
/// and loses nothing.
public final class FeedState: ServiceResource {
    let database: ServiceDatabase

    public init(_ location: ServiceDatabase.Location) throws {
        database = try ServiceDatabase(location, migrator: Self.migrator)
    }

    /// The schema, version by version.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "feed") { t in
                t.primaryKey("url", .text)
                t.column("title", .text)
                t.column("etag", .text)
                t.column("lastModified", .text)
                t.column("lastPoll", .text)
                t.column("httpStatus", .integer)
                t.column("lastError", .text)
                t.column("failures", .integer).notNull()
                t.column("nextPoll", .text)
                t.column("reportsSubmitted", .integer).notNull()
            }
            try db.create(table: "item") { t in
                t.column("feedURL", .text).notNull().references("feed", onDelete: .cascade)
                t.column("key", .text).notNull()
                t.column("contentHash", .text).notNull()
                t.column("reportID", .text).notNull()
                t.column("submittedAt", .text).notNull()
                t.primaryKey(["feedURL", "key"])
            }
        }
        return migrator
    }

    public func close() throws { try database.close() }

    /// The feed's record, made on first use.
    func feed(_ url: URL) throws -> FeedRecord {
        try database.writer.write { db in
            if let record = try FeedRecord.fetchOne(db, key: url.absoluteString) { return record }
            let record = FeedRecord(url: url.absoluteString)
            try record.insert(db)
            return record
        }
    }

    /// Saves what a poll found; the count of reports submitted is kept by ``acknowledge``.
    func save(_ record: FeedRecord) throws {
        try database.writer.write { db in
            try record.update(db, columns: ["title", "etag", "lastModified", "lastPoll", "httpStatus", "lastError", "failures", "nextPoll"])
        }
    }

    /// The content hash of the version of `key` the store last acknowledged, if any.
    func acknowledgedHash(feed url: URL, key: String) throws -> String? {
        try database.writer.read { db in
            try ItemRecord.filter(Column("feedURL") == url.absoluteString && Column("key") == key).fetchOne(db)?.contentHash
        }
    }

    /// Records that the store acknowledged the report of this version of an item.
    func acknowledge(feed url: URL, key: String, contentHash: String, reportID: String) throws {
        try database.writer.write { db in
            try ItemRecord(feedURL: url.absoluteString, key: key, contentHash: contentHash, reportID: reportID, submittedAt: Timestamp.format(Date()))
                .save(db)
            try db.execute(sql: "UPDATE feed SET reportsSubmitted = reportsSubmitted + 1 WHERE url = ?", arguments: [url.absoluteString])
        }
    }

    /// Every feed's status, in the order given (feeds not yet polled included).
    public func statuses(of urls: [URL]) throws -> [FeedStatus] {
        try database.writer.read { db in
            let records = Dictionary(try FeedRecord.fetchAll(db).map { ($0.url, $0) }, uniquingKeysWith: { first, _ in first })
            let counts = Dictionary(
                try Row.fetchAll(db, sql: "SELECT feedURL, COUNT(*) AS n FROM item GROUP BY feedURL").map {
                    ($0["feedURL"] as String, $0["n"] as Int)
                },
                uniquingKeysWith: { first, _ in first })
            return urls.map { url in
                let record = records[url.absoluteString] ?? FeedRecord(url: url.absoluteString)
                return FeedStatus(
                    url: record.url, title: record.title, lastPoll: record.lastPoll, httpStatus: record.httpStatus,
                    itemsSeen: counts[record.url] ?? 0, reportsSubmitted: record.reportsSubmitted, lastError: record.lastError,
                    failures: record.failures, nextPoll: record.nextPoll)
            }
        }
    }
}

/// A followed feed (`feed`).
struct FeedRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "feed"
    var url: String
    var title, etag, lastModified, lastPoll: String?
    var httpStatus: Int?
    var lastError: String?
    var failures = 0
    var nextPoll: String?
    var reportsSubmitted = 0
}

/// The version of an item the claim store last acknowledged (`item`).
struct ItemRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "item"
    var feedURL, key, contentHash, reportID, submittedAt: String
}
