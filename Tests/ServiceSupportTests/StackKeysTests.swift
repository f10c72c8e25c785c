import Foundation
import Testing
import ZeroMQ

@testable import ServiceSupport

@Suite struct StackKeysTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stack-keys-\(UUID().uuidString)").path

    func publicKey(_ file: String) throws -> String { try StackKeys.readPair((directory as NSString).appendingPathComponent(file)).publicKey }

    @Test func eachHolderIsLetInWhereItsRoleAllowsAndNowhereElse() throws {
        try StackKeys.generate(in: directory)
        let keys = try StackKeys(directory: directory)
        let (client, feeds, web, stranger) = (
            try publicKey(StackKeys.clientFile), try publicKey(StackKeys.feedsFile), try publicKey(StackKeys.webFile),
            try CurveKeyPair.generate().publicKey
        )
        let domains: [StackKeys.Domain] = [.submit, .workers, .publish, .subscribe, .snapshots, .store, .webhooks]
        func roles(_ key: String) -> [StackKeys.Role?] { domains.map { keys.role(of: key, in: $0) } }
        #expect(roles(keys.stackPublicKey) == Array(repeating: .service, count: domains.count))
        #expect(roles(client) == [.submitter, nil, nil, .submitter, .submitter, .submitter, .admin])
        // The feeds service submits but may not register webhooks; the web service only reads.
        #expect(roles(feeds) == [.submitter, nil, nil, .submitter, .submitter, .submitter, nil])
        #expect(roles(web) == [nil, nil, nil, .subscriber, .subscriber, .subscriber, nil])
        #expect(roles(stranger) == Array(repeating: nil, count: domains.count))
        let open = try StackKeys(directory: directory, openSubscriptions: true)
        #expect(domains.map { open.role(of: stranger, in: $0) } == [nil, nil, nil, .anyone, .anyone, nil, nil])
    }

    @Test func generateAddsWhatAnOlderFolderLacksAndReplacesNothing() throws {
        try StackKeys.generate(in: directory)
        let before = try [StackKeys.stackFile, StackKeys.clientFile, StackKeys.feedsFile].map(publicKey)
        // A folder from before the web service: no web key, no admins.
        for file in [StackKeys.webFile, StackKeys.webPublicFile, StackKeys.adminsFile] {
            try FileManager.default.removeItem(atPath: (directory as NSString).appendingPathComponent(file))
        }
        try StackKeys.generate(in: directory)
        #expect(try [StackKeys.stackFile, StackKeys.clientFile, StackKeys.feedsFile].map(publicKey) == before)
        let keys = try StackKeys(directory: directory)
        #expect(keys.admins == [before[1]])
        #expect(keys.subscribers.contains(try publicKey(StackKeys.webFile)))
        #expect(try StackKeys(directory: directory, holder: .web).pair.publicKey == publicKey(StackKeys.webFile))
    }
}
