import ServiceSupport

/// The settings of `swapwatch-bus`: where it binds its four sockets.
public struct BusSettings: ServiceSettings {
    public static let command = "swapwatch-bus"
    public static let abstract = "The SwapWatch message bus: the report queue and the pub/sub forwarder."
    public static let keys =
        Socket.allCases.map(\.bindKey) + [CommonSettings.keysDirectory, CommonSettings.openSubscriptions, CommonSettings.logLevel]

    /// The bus's sockets, each bound where the endpoint of the same name points by default.
    public enum Socket: String, CaseIterable, Sendable {
        /// ROUTER: clients send reports here.
        case submit
        /// DEALER: ingest workers connect here and get reports round-robin.
        case workers
        /// XSUB: publishers (store, notifier) connect here.
        case publish
        /// XPUB: subscribers connect here.
        case subscribe

        /// `bus.<socket>.bind`.
        public var bindKey: SettingKey {
            switch self {
            case .submit: .bind("bus.submit", like: EndpointSettings.submit, help: "Bind address for report submissions (ROUTER).")
            case .workers: .bind("bus.workers", like: EndpointSettings.workers, help: "Bind address for ingest workers (DEALER).")
            case .publish: .bind("bus.publish", like: EndpointSettings.publish, help: "Bind address for publishers (XSUB).")
            case .subscribe: .bind("bus.subscribe", like: EndpointSettings.subscribe, help: "Bind address for subscribers (XPUB).")
            }
        }
    }

    public let reader: SettingsReader

    public init(reader: SettingsReader) { self.reader = reader }

    /// Where `socket` binds.
    public func bind(_ socket: Socket) -> String { reader.value(socket.bindKey) }
}
