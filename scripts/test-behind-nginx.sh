#!/usr/bin/env bash
# The deployment kit tried for real (README "Operations"): Debian's nginx with
# deploy/nginx/espace.conf and espace-proxy.conf in front of two release app servers on a
# PostgreSQL server of the project's own, with the test PKI of `espace pki`. Through it, Playwright
# signs in with a certificate and invites a user, and a certificate header sent past nginx (or
# through it) signs nobody in (end2end/tests/behind_nginx.spec.ts); then each app server's metrics
# must show that it served requests. Needs the release build (scripts/build-release.sh) and the
# tools of scripts/install-tools.sh (nginx among them).
set -euo pipefail
cd "$(dirname "$0")/.."
BASE=${NGINX_TEST_PORT:-3240}
SITE_PORT=$BASE LOGIN_PORT=$((BASE + 1))
APP_A=$((BASE + 2)) APP_B=$((BASE + 3)) METRICS_A=$((BASE + 4)) METRICS_B=$((BASE + 5))
dir=$PWD/target/nginx
log() { printf '\033[1m[nginx test]\033[0m %s\n' "$*"; }

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  scripts/postgres.sh remove
}
trap cleanup EXIT

rm -rf "$dir"
mkdir -p "$dir/conf" "$dir/logs" "$dir/temp"
# nginx's workers run as nobody when it is started as root
chmod 777 "$dir/temp"
target/release/espace pki --out "$dir/pki" --server-name localhost --server-name 127.0.0.1 >/dev/null
secret=$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')
database="$(scripts/postgres.sh fresh)/espace_behind_nginx"

# an app server on port $1, its metrics on $2, configured as deploy/nginx/espace.conf says
app() {
  ESPACE_DATABASE_URL=$database ESPACE_SIGN_IN=certificate ESPACE_DEMO_DATA=true \
    ESPACE_SECURE_COOKIES=true ESPACE_MAIL_TRANSPORT=log ESPACE_LOG_FORMAT=json \
    ESPACE_PUBLIC_URL="https://localhost:$SITE_PORT" \
    ESPACE_CERTIFICATE_SIGN_IN_URL="https://localhost:$LOGIN_PORT/certificate/sign-in" \
    ESPACE_TRUST_ANCHORS="$dir/pki/authority.pem" ESPACE_REVOCATION_LISTS="$dir/pki/revocation-list.pem" \
    ESPACE_PROXY_CERTIFICATE_HEADER=x-client-certificate ESPACE_TRUSTED_PROXIES='["127.0.0.1"]' \
    ESPACE_PROXY_SECRET="$secret" ESPACE_METRICS_ADDR="127.0.0.1:$2" \
    LEPTOS_SITE_ADDR="127.0.0.1:$1" LEPTOS_SITE_ROOT=target/site RUST_LOG=info,sqlx=warn \
    target/release/espace >"$dir/logs/app-$1.log" 2>&1 &
  pids+=($!)
  local tries=0
  until target/release/espace healthcheck --addr "127.0.0.1:$1" >/dev/null 2>&1; do
    tries=$((tries + 1))
    if [ "$tries" -gt 300 ] || ! kill -0 "${pids[-1]}" 2>/dev/null; then
      cat "$dir/logs/app-$1.log" >&2
      exit 1
    fi
    sleep 0.2
  done
}
log "two app servers on PostgreSQL (the first migrates and seeds)"
app "$APP_A" "$METRICS_A"
app "$APP_B" "$METRICS_B"

log "nginx $(nginx -v 2>&1 | sed 's|.*/||') with deploy/nginx/, on https://localhost:$SITE_PORT and :$LOGIN_PORT"
# the kit's files as an operator installs them, with this test's names, ports, paths and secret
sed -e "s|server 127.0.0.1:3001;|server 127.0.0.1:$APP_A;|" \
    -e "s|server 127.0.0.1:3002;|server 127.0.0.1:$APP_B;|" \
    -e "s|/etc/espace/tls/|$dir/pki/|g; s|/etc/espace/trust/|$dir/pki/|g" \
    -e "s|/etc/nginx/espace-proxy.conf|$dir/conf/espace-proxy.conf|" \
    -e "s|server_name espace.example;|server_name localhost;|" \
    -e "s|server_name login.espace.example;|server_name localhost;|" \
    deploy/nginx/espace.conf \
  | awk -v site="$SITE_PORT" -v login="$LOGIN_PORT" \
      '/listen 443 ssl http2;/ { n++; sub(/443/, "127.0.0.1:" (n == 1 ? site : login)) } { print }' \
  >"$dir/conf/espace.conf"
sed "s|CHANGE-ME-to-the-proxy_secret-of-the-app-servers|$secret|" deploy/nginx/espace-proxy.conf \
  >"$dir/conf/espace-proxy.conf"
cat >"$dir/conf/nginx.conf" <<EOF
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/logs/error.log;
events {}
http {
    access_log $dir/logs/access.log;
    client_body_temp_path $dir/temp/body;
    proxy_temp_path $dir/temp/proxy;
    fastcgi_temp_path $dir/temp/fastcgi;
    uwsgi_temp_path $dir/temp/uwsgi;
    scgi_temp_path $dir/temp/scgi;
    include $dir/conf/espace.conf;
}
EOF
nginx -t -q -p "$dir" -c "$dir/conf/nginx.conf"
nginx -p "$dir" -c "$dir/conf/nginx.conf" -g 'daemon off;' &
pids+=($!)
until curl -sk -o /dev/null "https://localhost:$SITE_PORT/healthz"; do sleep 0.1; done

log "Playwright through nginx"
(cd end2end && NGINX_SITE="https://localhost:$SITE_PORT" NGINX_LOGIN="https://localhost:$LOGIN_PORT" \
  NGINX_APP_SERVERS="http://127.0.0.1:$APP_A http://127.0.0.1:$APP_B" NGINX_PKI=target/nginx/pki \
  npx playwright test --config playwright.nginx.config.ts)

# nginx spread the requests: each server counted some
for metrics in "$METRICS_A" "$METRICS_B"; do
  served=$(curl -s "http://127.0.0.1:$metrics/metrics" \
    | awk '/^espace_http_requests_total/ { n += $NF } END { print n + 0 }')
  log "the app server with metrics on :$metrics answered $served requests"
  [ "$served" -gt 0 ] || { echo "nginx sent it nothing" >&2; exit 1; }
done
log "passed"
