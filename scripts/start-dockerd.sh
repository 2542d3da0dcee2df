#!/usr/bin/env bash
# Starts dockerd in the background with its defaults when it is not already answering, and waits
# until the socket's /_ping answers. Defaults on purpose: --iptables=false makes in-container lookups
# of missing names hang 10 s and `docker stop` take seconds; --bridge=none breaks network aliases.
# Usage: scripts/start-dockerd.sh [timeout-seconds]   (needs root, or sudo)
set -euo pipefail
timeout_s="${1:-60}"
sock=/var/run/docker.sock
log="${DOCKERD_LOG:-/var/log/mcp-lb-bench-dockerd.log}"

# /_ping on the socket; without curl (a minimal machine), the docker CLI asks the same daemon.
ping() {
  if command -v curl >/dev/null 2>&1; then curl -fsS --max-time 2 --unix-socket "$sock" http://localhost/_ping >/dev/null 2>&1
  else timeout 3 docker version --format '{{.Server.Version}}' >/dev/null 2>&1; fi
}

if ping; then
  echo "dockerd: already running"
  exit 0
fi
if ! command -v dockerd >/dev/null 2>&1; then
  echo "dockerd: not installed (apt-get install -y docker.io busybox-static docker-compose)" >&2
  exit 3
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "dockerd: starting (log: $log)"
# setsid + nohup: the daemon outlives this script and the CI shell that called it.
$SUDO setsid nohup dockerd >"$log" 2>&1 </dev/null &
deadline=$((SECONDS + timeout_s))
until ping; do
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "dockerd: /_ping did not answer within ${timeout_s}s; last log lines:" >&2
    tail -n 20 "$log" >&2 || true
    exit 3
  fi
  sleep 0.2
done
echo "dockerd: ready ($(docker version --format '{{.Server.Version}}' 2>/dev/null || echo '?'))"
