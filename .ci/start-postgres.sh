# Source me (`. .ci/start-postgres.sh`): starts a throwaway PostgreSQL server for the tests of
# saved payloads (tests/storage/) and exports PLAYGROUND_TEST_PG_URL pointing at it.
#
# Why a private server and not the packaged cluster (`pg_ctlcluster 15 main start`): it needs no
# particular major version or cluster to exist, never touches the machine's own cluster on 5432
# (other runs may be using it), listens on a free loopback port only, trusts local connections
# (nothing outside 127.0.0.1 can reach it), and is stopped and deleted when the shell exits.
# Works as root (the server runs as the `postgres` user the Debian package creates, through
# runuser) and as an ordinary user (runs as that user).
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
fi
_pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
_pg_dir=$(mktemp -d /tmp/playground-pg.XXXXXX)
_pg_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
if [ "$(id -u)" = 0 ]; then
  chown postgres: "$_pg_dir"
  _pg_as() { (cd "$_pg_dir" && runuser -u postgres -- "$@"); }   # cd: the caller's folder may be closed to postgres
else
  _pg_as() { "$@"; }
fi
_pg_as "$_pg_bin/initdb" -D "$_pg_dir/data" -U postgres -A trust -E UTF8 --no-sync >"$_pg_dir/initdb.log" 2>&1 \
  || { cat "$_pg_dir/initdb.log"; return 1 2>/dev/null || exit 1; }
_pg_as "$_pg_bin/pg_ctl" -D "$_pg_dir/data" -l "$_pg_dir/server.log" -w -t 60 \
  -o "-p $_pg_port -k $_pg_dir -c listen_addresses=127.0.0.1 -c fsync=on" start >/dev/null \
  || { cat "$_pg_dir/server.log"; return 1 2>/dev/null || exit 1; }
_pg_as "$_pg_bin/createdb" -h 127.0.0.1 -p "$_pg_port" -U postgres playground_test
export PLAYGROUND_TEST_PG_URL="postgresql://postgres@127.0.0.1:$_pg_port/playground_test"
_pg_stop() { _pg_as "$_pg_bin/pg_ctl" -D "$_pg_dir/data" -m fast stop >/dev/null 2>&1; rm -rf "$_pg_dir"; }
trap _pg_stop EXIT
echo "PostgreSQL $("$_pg_bin/postgres" --version | awk '{print $3}') for the tests: $PLAYGROUND_TEST_PG_URL"
