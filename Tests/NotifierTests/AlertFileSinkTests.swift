import Foundation
import SwapWatchMessages
import SwapWatchTesting
import Testing

@testable import Notifier

private let alert = Fixtures.alert

private func seqs(_ path: String) throws -> [Int] {
    try Data(contentsOf: URL(fileURLWithPath: path)).split(separator: 0x0A).map { try JSONDecoder().decode(Alert.self, from: Data($0)).seq }
}

@Suite struct AlertFileSinkTests {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("sink-\(UUID().uuidString).jsonl").path

    @Test func aRestartedSinkSkipsWhatTheFileAlreadyHolds() throws {
        let first = try AlertFileSink(path: path)
        for seq in 1...3 { try first.append(alert(seq)) }
        // A notifier killed before marking 2 and 3 published sends them again after restart.
        let second = try AlertFileSink(path: path)
        for seq in 2...5 { try second.append(alert(seq)) }
        #expect(try seqs(path) == [1, 2, 3, 4, 5])
    }

    @Test func aLineTornByACrashIsCutOff() throws {
        let sink = try AlertFileSink(path: path)
        for seq in 1...2 { try sink.append(alert(seq)) }
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("{\"seq\":3,\"id\":\"tor".utf8))
        try handle.close()
        let restarted = try AlertFileSink(path: path)
        for seq in 3...4 { try restarted.append(alert(seq)) }
        #expect(try seqs(path) == [1, 2, 3, 4])
    }
}
