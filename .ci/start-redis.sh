#!/usr/bin/env bash
# Starts a Redis for the cluster tests (test/cluster/): Debian's redis-server (7.0; BullMQ needs
# Redis >= 6.2), installed when missing, on a free loopback port, with a random password and no
# persistence, under DIR. Writes DIR/url (redis://:PASSWORD@127.0.0.1:PORT) and DIR/redis.pid;
# stop it with `kill "$(cat DIR/redis.pid)"`. Nothing listens beyond 127.0.0.1.
#
# Usage (CI):  bash .ci/start-redis.sh DIR      (installing needs root, or sudo)
set -euo pipefail

log() { printf '[redis] %s\n' "$*" >&2; }
dir=${1:?usage: start-redis.sh DIR}
mkdir -p "$dir"

if ! command -v redis-server >/dev/null 2>&1; then
  if ! command -v apt-get >/dev/null 2>&1; then
    log "no redis-server and no apt-get: install Redis >= 6.2 yourself"; exit 1
  fi
  SUDO=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO=(sudo -n); else log "installing needs root (or sudo)"; exit 1; fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" apt-get update -q
  "${SUDO[@]}" apt-get install -y -q --no-install-recommends redis-server
fi
log "$(redis-server --version)"

# A free loopback port (the kernel's choice), and a password no one else knows.
port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
password=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')

redis-server --bind 127.0.0.1 --port "$port" --requirepass "$password" --save '' --appendonly no \
  --maxmemory-policy noeviction --dir "$dir" --logfile "$dir/redis.log" --pidfile "$dir/redis.pid" --daemonize yes

for _ in $(seq 1 100); do
  if REDISCLI_AUTH="$password" redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null | grep -q PONG; then
    printf 'redis://:%s@127.0.0.1:%s\n' "$password" "$port" > "$dir/url"
    chmod 600 "$dir/url"
    log "listening on 127.0.0.1:$port (pid $(cat "$dir/redis.pid"))"
    exit 0
  fi
  sleep 0.1
done
log "redis-server did not answer on 127.0.0.1:$port; its log:"; cat "$dir/redis.log" >&2 || true
exit 1
