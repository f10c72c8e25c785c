import ServiceSupport

/// The settings of `swapwatch-bus`: where it binds its four sockets.
public struct BusSettings: ServiceSettings {
    public static let command = "swapwatch-bus"
    public static let abstract = "The SwapWatch message bus: the report queue and the pub/sub forwarder."

    /// ROUTER: clients send reports here.
    public static let submitBind = SettingKey.bind("bus.submit", like: EndpointSettings.submit, help: "Bind address for report submissions (ROUTER).")
    /// DEALER: ingest workers connect here and get reports round-robin.
    public static let workersBind = SettingKey.bind("bus.workers", like: EndpointSettings.workers, help: "Bind address for ingest workers (DEALER).")
    /// XSUB: publishers (store, notifier) connect here.
    public static let publishBind = SettingKey.bind("bus.publish", like: EndpointSettings.publish, help: "Bind address for publishers (XSUB).")
    /// XPUB: subscribers connect here.
    public static let subscribeBind = SettingKey.bind("bus.subscribe", like: EndpointSettings.subscribe, help: "Bind address for subscribers (XPUB).")
    public static let keys = [submitBind, workersBind, publishBind, subscribeBind, CommonSettings.logLevel]

    public var submit: String
    public var workers: String
    public var publish: String
    public var subscribe: String

    public init(_ settings: SettingsReader) {
        submit = settings.value(Self.submitBind)
        workers = settings.value(Self.workersBind)
        publish = settings.value(Self.publishBind)
        subscribe = settings.value(Self.subscribeBind)
    }
}
