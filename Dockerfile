# syntax=docker/dockerfile:1
#
# Internbase: one static Go binary (PocketBase as a framework, pure-Go
# SQLite, no cgo) on a distroless base, running as a non-root user.
#
#   docker build -t internbase .
#   docker run -p 8090:8090 -v internbase-data:/pb_data internbase

FROM golang:1.27 AS build
WORKDIR /src
# go.mod pins Go 1.27.3: an image with another 1.27 patch release fetches it.
ENV CGO_ENABLED=0 GOTOOLCHAIN=go1.27.3
# Modules first, so that a code change does not download them again.
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN go build -trimpath -ldflags="-s -w" -o /out/internbase . \
    && mkdir -p /out/pb_data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/internbase /internbase
# The data dir belongs to the nonroot user (65532), so a new named volume
# mounted there is writable.
COPY --from=build --chown=65532:65532 /out/pb_data /pb_data
USER 65532:65532
VOLUME /pb_data
EXPOSE 8090
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["/internbase", "health", "--url", "http://127.0.0.1:8090"]
ENTRYPOINT ["/internbase"]
CMD ["serve", "--http=0.0.0.0:8090", "--dir=/pb_data"]
