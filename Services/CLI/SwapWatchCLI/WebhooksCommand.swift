import ArgumentParser
import Foundation
import ServiceSupport
import SwapWatchMessages

/// `swapwatch webhooks`: register, list and remove the web service's webhooks.
struct WebhooksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "webhooks", abstract: "The web service's webhooks: each alert POSTed, signed, to a URL.",
        subcommands: [Add.self, List.self, Remove.self], defaultSubcommand: List.self)

    /// What every subcommand shares: the stack and the web service's registry endpoint.
    struct Connection: ParsableArguments {
        @OptionGroup var stack: StackOptions
        @Option(help: .setting(EndpointSettings.webhooks)) var webhooksEndpoint = EndpointSettings.webhooks.environmentValue
        @Flag(help: "Print JSON.") var json = false

        func send(_ request: WebhooksRequest) async throws -> [WebhookStatus] {
            do {
                return try await stack.withClient(webhooksEndpoint, attempts: 1, serverKeyFile: StackKeys.webPublicFile) { client in
                    try client.call(request, expecting: WebhooksReply.self)
                }.webhooks
            } catch let error as RequestError {
                throw CLIError("the web service at \(webhooksEndpoint): \(error)")
            }
        }

        func show(_ webhooks: [WebhookStatus]) {
            if json {
                print(JSONOutput.line(webhooks))
                return
            }
            for webhook in webhooks {
                print("\(webhook.id)  \(webhook.url)  topic \(webhook.topic)  added \(webhook.created)")
                let delivered =
                    webhook.lastDeliveredSeq.map { "last delivered alert #\($0) at \(webhook.lastDelivery ?? "?")" } ?? "nothing delivered yet"
                print("  \(delivered); \(webhook.pending) waiting" + (webhook.lastError.map { "; last error: \($0)" } ?? ""))
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register a URL; each alert raised from now on is POSTed to it. Prints the secret that signs them.")
        @OptionGroup var connection: Connection
        @Option(help: "Only alerts whose topic starts with this (alert.size., alert.date., alert.size.<exchange id>).") var topic = Topics.alerts
        @Argument(help: "An http(s) URL that takes POSTed JSON.") var url: String

        func run() async throws {
            let added = try await connection.send(WebhooksRequest(action: .add, url: url, topic: topic))
            if connection.json {
                connection.show(added)
                return
            }
            guard let webhook = added.first else { throw CLIError("the web service added nothing") }
            print("added \(webhook.id): \(webhook.url) (topic \(webhook.topic))")
            print("secret: \(webhook.secret ?? "?")")
            print("Each POST carries X-SwapWatch-Signature: sha256=<hex HMAC-SHA256 of the body, keyed with this secret>. It is not shown again.")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Each webhook with its last delivery and last error.")
        @OptionGroup var connection: Connection

        func run() async throws {
            let webhooks = try await connection.send(WebhooksRequest(action: .list))
            if webhooks.isEmpty && !connection.json { print("no webhooks") }
            connection.show(webhooks)
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a webhook and what is waiting for it.")
        @OptionGroup var connection: Connection
        @Argument(help: "The webhook's id, as `swapwatch webhooks list` prints it.") var id: String

        func run() async throws {
            let removed = try await connection.send(WebhooksRequest(action: .remove, id: id))
            if connection.json { connection.show(removed) } else { print("removed \(id)") }
        }
    }
}
