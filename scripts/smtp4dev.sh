# A development SMTP server for ./run.sh and ./test.sh: smtp4dev (the .NET tool pinned in dotnet-tools.json), which
# keeps every message it receives and shows them on a web page and through an HTTP API (/api/messages). Nothing is
# relayed anywhere. Sourced, not run; needs the .NET SDK.
#
#   smtp4dev_start DIR SMTP_PORT HTTP_PORT   # starts it in the background, messages in memory, log and pid in DIR
#   smtp4dev_stop DIR                        # stops the one started with DIR
#   smtp4dev_free_port FROM                  # the first free TCP port from FROM on

smtp4dev_free_port() {
  local port
  for port in $(seq "${1:-2525}" $(( ${1:-2525} + 200 ))); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  return 1
}

smtp4dev_start() {
  local dir="$1" smtp_port="$2" http_port="$3" root
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  mkdir -p "$dir"
  (cd "$root" && dotnet tool restore >/dev/null)
  # In memory (--db=""), on 127.0.0.1 only, without IMAP/POP3 and without the user's own smtp4dev settings.
  (cd "$root" && exec dotnet smtp4dev --urls="http://127.0.0.1:$http_port" --smtpport="$smtp_port" \
      --bindaddress=127.0.0.1 --imapport="" --pop3port="" --db="" --nousersettings --hostname=localhost \
      --messagestokeep=100000 --baseappdatapath="$dir/data") >"$dir/smtp4dev.log" 2>&1 &
  echo $! >"$dir/smtp4dev.pid"
  local i
  for i in $(seq 1 120); do
    if curl -fsS "http://127.0.0.1:$http_port/api/messages" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$(cat "$dir/smtp4dev.pid")" 2>/dev/null; then break; fi
    sleep 0.5
  done
  echo "smtp4dev did not start; its log is $dir/smtp4dev.log" >&2
  tail -n 20 "$dir/smtp4dev.log" >&2
  return 1
}

smtp4dev_stop() {
  local dir="$1" pid
  [ -f "$dir/smtp4dev.pid" ] || return 0
  pid=$(cat "$dir/smtp4dev.pid")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$dir/smtp4dev.pid"
}
