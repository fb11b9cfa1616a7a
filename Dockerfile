# syntax=docker/dockerfile:1

# recast: a podcast feed proxy and enricher.
#
#   docker build --build-arg VERSION=$(git describe --tags --always) -t recast .
#   docker run --rm -p 8080:8080 recast                 # built-in demo feed at /feeds/demo
#   docker run --rm -p 8080:8080 --read-only -v recast-data:/var/lib/recast recast
#   docker run --rm -p 8080:8080 -v "$PWD/deploy/config.example.yaml:/etc/recast/config.yaml:ro" \
#       -e RECAST_CONFIG=/etc/recast/config.yaml recast
#
# No HEALTHCHECK: the distroless image has no shell or curl to run one. Let the
# orchestrator probe GET /healthz (liveness) and GET /readyz (readiness)
# instead, as deploy/kubernetes does.

# Go as in go.mod; the golang images set GOTOOLCHAIN=local, so the tag must
# hold at least go.mod's version (1.26 follows the latest 1.26.x patch).
ARG GO_VERSION=1.26

# The build runs on the build machine's platform and cross-compiles for the
# target one (docker buildx build --platform linux/amd64,linux/arm64 ...).
FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-bookworm AS build
WORKDIR /src

# Modules first, so editing code does not download them again.
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod \
    go mod download

COPY . .
ARG VERSION=dev
ARG TARGETOS
ARG TARGETARCH
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH \
    go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/recast ./cmd/recast
# The data dir of the Redis-less default, owned by distroless's nonroot user
# (65532), which cannot create it in the final image (no shell, and the root
# filesystem may be read-only).
RUN install -d -o 65532 -g 65532 -m 0700 /out/data

# static-debian12 has CA certificates, /etc/passwd with the nonroot user
# (uid 65532) and tzdata; nothing else.
FROM gcr.io/distroless/static-debian12:nonroot
ARG VERSION=dev
LABEL org.opencontainers.image.title="recast" \
      org.opencontainers.image.description="Podcast feed proxy and enricher" \
      org.opencontainers.image.source="https://github.com/recast-podcast/recast" \
      org.opencontainers.image.version="${VERSION}"
COPY --from=build /out/recast /recast
# Without redis_url, recast keeps its entries in a bbolt file here, so a
# restarted container serves its feeds without refetching them when the
# volume outlives it (docker run -v recast-data:/var/lib/recast ...). The
# variable overrides data_dir in a config file; --data-dir overrides it. With
# Redis the directory is unused.
COPY --from=build --chown=65532:65532 /out/data /var/lib/recast
ENV RECAST_DATA_DIR=/var/lib/recast
VOLUME /var/lib/recast
USER nonroot:nonroot
EXPOSE 8080
ENTRYPOINT ["/recast"]
CMD ["serve"]
