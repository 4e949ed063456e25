# syntax=docker/dockerfile:1
# One image recipe for every platform host. The build context is the repository root:
#   docker build --build-arg PROJECT=gateway/Platform.Gateway.Host/Platform.Gateway.Host.csproj -t platform/gateway .
#   docker build --build-arg PROJECT=services/model-worker/Platform.ModelWorker.Host/Platform.ModelWorker.Host.csproj \
#     --build-arg FLAVOUR=gpu -t platform/model-worker-gpu .
# PROJECT: the host project to publish (gateway, completion, chat, model-worker, embedded). FLAVOUR: cpu (Ubuntu
# chiseled ASP.NET Core runtime: no shell, no package manager, user app) or gpu (NVIDIA's CUDA 13 + cuDNN runtime,
# ONNX Runtime's CUDA package; only the model worker needs it). Both run as uid 1654 with the same entry point, and
# a tiny health probe (/probe) for container health checks, since neither image has curl or wget.
ARG FLAVOUR=cpu
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled
# The GPU image copies the ASP.NET Core runtime from Microsoft's Ubuntu 24.04 image onto the CUDA image of the same
# distribution. ORT 1.31's CUDA provider wants CUDA 13 (libcublasLt.so.13); check the tag with
# `docker manifest inspect` when bumping it. The host needs the NVIDIA driver and container toolkit.
ARG GPU_DOTNET_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0-noble
ARG CUDA_IMAGE=nvidia/cuda:13.0.1-cudnn-runtime-ubuntu24.04

FROM ${SDK_IMAGE} AS build
ARG PROJECT
ARG FLAVOUR
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
RUN test -n "$PROJECT" || { echo "PROJECT is required, e.g. --build-arg PROJECT=gateway/Platform.Gateway.Host/Platform.Gateway.Host.csproj" >&2; exit 1; }
WORKDIR /src
# .dockerignore leaves out tests, charts, infra and global.json (the image tag pins the SDK). NuGet packages live
# in a build cache, so a code change does not download them again. The apphost carries its assembly's name inside,
# so it can take one name, platform-host, in every image.
COPY . .
RUN --mount=type=cache,id=nuget,target=/root/.nuget/packages \
    ort=$([ "$FLAVOUR" = gpu ] && echo Gpu || echo Cpu) \
    && dotnet restore "$PROJECT" -r linux-x64 -p:OnnxRuntimeFlavour=$ort \
    && dotnet publish "$PROJECT" -c Release -r linux-x64 --self-contained false --no-restore -o /app \
        -p:OnnxRuntimeFlavour=$ort \
    && rm -f /app/libonnxruntime_providers_tensorrt.so \
    && mv "/app/$(basename "$PROJECT" .csproj)" /app/platform-host \
    && mkdir -p /rootfs/data /rootfs/models

# The health probe: GET a URL, exit 0 on a 2xx within 3 s.
WORKDIR /probe
COPY <<'EOF' /probe/probe.csproj
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <ImplicitUsings>enable</ImplicitUsings>
    <InvariantGlobalization>true</InvariantGlobalization>
    <UseAppHost>false</UseAppHost>
  </PropertyGroup>
</Project>
EOF
COPY <<'EOF' /probe/Program.cs
using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
try
{
    using var response = await client.GetAsync(args.Length > 0 ? args[0] : "http://127.0.0.1:8081/health/ready");
    return response.IsSuccessStatusCode ? 0 : 1;
}
catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
{
    return 1;
}
EOF
RUN dotnet publish probe.csproj -c Release -o /probe/out

FROM ${RUNTIME_IMAGE} AS runtime-cpu

FROM ${GPU_DOTNET_IMAGE} AS gpu-dotnet

FROM ${CUDA_IMAGE} AS runtime-gpu
COPY --from=gpu-dotnet /usr/share/dotnet /usr/share/dotnet
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet \
    && apt-get update && apt-get install -y --no-install-recommends ca-certificates libssl3t64 zlib1g \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --gid 1654 app && useradd --uid 1654 --gid 1654 --no-create-home --shell /usr/sbin/nologin app
ENV NVIDIA_VISIBLE_DEVICES=all \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility \
    Worker__Engine__ExecutionProvider=cuda

FROM runtime-${FLAVOUR}
# API on 8080, management (/metrics, /health, /admin) on 8081; the root filesystem may be read-only: what the
# services write goes to /data (PLATFORM_DATA_DIR), /models and /tmp, volumes in compose and Kubernetes.
# No calls home: ONNX Runtime's telemetry is off from process start, MassTransit's is off in code.
ENV ASPNETCORE_URLS="http://+:8080;http://+:8081" \
    PLATFORM_DATA_DIR=/data \
    DOTNET_RUNNING_IN_CONTAINER=true \
    DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    ORT_DISABLE_TELEMETRY=1
WORKDIR /app
COPY --from=build /probe/out /probe
COPY --from=build /app /app
# Writable mount points owned by the app user, so that fresh named volumes inherit the owner.
COPY --from=build --chown=1654:1654 /rootfs/ /
USER 1654
EXPOSE 8080 8081
ENTRYPOINT ["/app/platform-host"]
