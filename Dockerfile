# One image for every SwapWatch service; each compose service picks its executable.
#
#   docker build -t swapwatch .
#       builds the release binaries from source in the official Swift 6.3 image (target `release`);
#   docker build --target prebuilt -t swapwatch .
#       takes binaries already built on a Debian 12 host with the same flags, staged in
#       .build/container/ (scripts/compose-check does this where the Swift image cannot be pulled).
#
# Both targets share the runtime stage: Debian 12 slim with libzmq5, libsqlite3-0, libxml2 and the CA
# certificates (for the feeds service's HTTPS and webhooks), the user
# `swapwatch` (uid 10001) every service runs as, data in /data, and an exec-form entrypoint
# (scripts/container-entrypoint) that hands the service its secret keys and drops root before it
# execs the service, so SIGTERM reaches the service itself.
ARG SWIFT_IMAGE=swift:6.3-bookworm
ARG RUNTIME_IMAGE=debian:bookworm-slim

# ---- build: release binaries with the Swift runtime linked in statically
FROM ${SWIFT_IMAGE} AS build
RUN export DEBIAN_FRONTEND=noninteractive \
    && apt-get update \
    && apt-get install -y --no-install-recommends libzmq3-dev libsqlite3-dev libxml2-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
# One product at a time: building every product would also link GRDB's dynamic library product,
# which cannot take a static Swift runtime.
RUN mkdir /staging \
    && for product in swapwatch swapwatch-bus swapwatch-ingest swapwatch-store swapwatch-notifier swapwatch-feeds swapwatch-web; do \
         swift build -c release --static-swift-stdlib --product "$product" \
         && cp "$(swift build -c release --static-swift-stdlib --show-bin-path)/$product" /staging/ || exit 1; \
       done \
    && strip /staging/*

# ---- runtime: what every service runs on
FROM ${RUNTIME_IMAGE} AS runtime
RUN export DEBIAN_FRONTEND=noninteractive \
    && apt-get update \
    && apt-get install -y --no-install-recommends libzmq5 libsqlite3-0 libxml2 ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --user-group --uid 10001 --no-log-init --home-dir /data --create-home --shell /usr/sbin/nologin swapwatch
WORKDIR /data
ENV HOME=/data
EXPOSE 5550 5551 5552 5553 5554 5555 5556 5557 8080
COPY scripts/container-entrypoint /usr/local/bin/swapwatch-entrypoint
# Services start as root only for the entrypoint, which runs them as `swapwatch`; the CLI by
# default (`docker run swapwatch exchanges …`); compose gives each service its executable as command.
ENTRYPOINT ["swapwatch-entrypoint"]
CMD ["swapwatch", "--help"]

# ---- prebuilt: the runtime with binaries built on the host
FROM runtime AS prebuilt
COPY .build/container/ /usr/local/bin/

# ---- release (default): the runtime with binaries built above
FROM runtime AS release
COPY --from=build /staging/ /usr/local/bin/
