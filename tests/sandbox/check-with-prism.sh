#!/usr/bin/env bash
# Checks the sandbox's GitHub and Jira answers against the vendors' OpenAPI descriptions with Stoplight Prism in
# proxy mode: every request below goes through Prism to a running sandbox, and Prism validates the request and
# the sandbox's response against the spec (status code, headers, body schema).
#
# A development check, not run by CI. Needs:
#   npm install -g @stoplight/prism-cli     (5.14.2 works offline)
#   the specs: SPECS=/path/to/specs (default: ../shared/specs next to the repository), holding
#     github/api.github.com.json, github/ghes-3.19.json, jira/swagger-v3.v3.json
#   a built sandbox: SANDBOX=/path/to/issuebridge-sandbox (default: build/tests/sandbox/issuebridge-sandbox)
#
#   python3-jsonschema and python3-yaml (Debian packages of those names), for check-schemas.py
#
# Usage: tests/sandbox/check-with-prism.sh
# Exit status: 0 when every answer had the expected status, Prism reported no error-severity violation in a
# response, and check-schemas.py found every body valid.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
SPECS=${SPECS:-$(cd "$repo/.." && pwd)/shared/specs}
SANDBOX=${SANDBOX:-$repo/build/tests/sandbox/issuebridge-sandbox}
work=$(mktemp -d)
pids=()

cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# --- the sandbox, with the demo data --------------------------------------------------------------------------
"$SANDBOX" --port 0 --seed "$here/demo-seed.json" > "$work/sandbox.out" 2> "$work/sandbox.err" &
pids+=($!)
for _ in $(seq 50); do [ -s "$work/sandbox.out" ] && break; sleep 0.1; done
port=$(head -n 1 "$work/sandbox.out")
sandbox="http://127.0.0.1:$port"
echo "sandbox: $sandbox"

# --- Prism proxies: strict ones (--errors) for valid requests; lenient ones forward invalid requests too, so
# --- the sandbox's own 4xx answers to them get validated ---------------------------------------------------------
start_prism() { # name spec upstream [--errors]
    local name=$1 spec=$2 upstream=$3 p
    shift 3
    p=$(free_port)
    prism proxy "$spec" "$upstream" "$@" -h 127.0.0.1 -p "$p" > "$work/prism-$name.log" 2>&1 &
    pids+=($!)
    echo "$p" > "$work/port-$name"
}
start_prism github "$SPECS/github/api.github.com.json" "$sandbox" --errors
start_prism github-lenient "$SPECS/github/api.github.com.json" "$sandbox"
start_prism ghes "$SPECS/github/ghes-3.19.json" "$sandbox/api/v3" --errors
start_prism jira "$SPECS/jira/swagger-v3.v3.json" "$sandbox" --errors
start_prism jira-lenient "$SPECS/jira/swagger-v3.v3.json" "$sandbox"
for name in github github-lenient ghes jira jira-lenient; do
    for _ in $(seq 300); do grep -q "Prism is listening" "$work/prism-$name.log" && break; sleep 1; done
    grep -q "Prism is listening" "$work/prism-$name.log" || { echo "prism ($name) did not start"; cat "$work/prism-$name.log"; exit 1; }
done
echo "prism: $(prism --version), proxies ready"

failures=0
gh_auth='Authorization: Bearer sandbox-github-token'
jira_auth="Authorization: Basic $(printf 'sandbox@example.com:sandbox-jira-token' | base64)"

# check PROXY EXPECTED METHOD PATH [BODY] [EXTRA-HEADER...]: one request through a Prism proxy.
check() {
    local proxy=$1 expected=$2 method=$3 path=$4 body=${5:-}
    shift 5 || shift $#
    local url="http://127.0.0.1:$(cat "$work/port-$proxy")$path" args=(-s -X "$method" -D "$work/h" -o "$work/b" -w '%{http_code}' -H 'Accept: application/json')
    local auth
    case $proxy in github*|ghes) auth=$gh_auth ;; *) auth=$jira_auth ;; esac
    for h in "$@"; do
        case $h in Authorization:*) auth=$h ;; *) args+=(-H "$h") ;; esac # an extra Authorization replaces the default
    done
    args+=(-H "$auth")
    if [ -n "$body" ]; then args+=(-H 'Content-Type: application/json' --data "$body"); fi
    local status violations
    status=$(curl "${args[@]}" "$url")
    violations=$(grep -i '^sl-violations:' "$work/h" | cut -d' ' -f2- | tr -d '\r' || true)
    if [ "$status" != "$expected" ]; then
        failures=$((failures + 1))
        printf 'FAIL %-13s %-6s %-70s got %s, expected %s\n' "$proxy" "$method" "$path" "$status" "$expected"
        head -c 600 "$work/b"; echo
    else
        printf 'ok   %-13s %-6s %-70s %s\n' "$proxy" "$method" "$path" "$status"
    fi
    if [ -n "$violations" ]; then printf '       sl-violations: %s\n' "$violations"; fi
}
etag() { grep -i '^etag:' "$work/h" | cut -d' ' -f2- | tr -d '\r'; }
admin() { curl -s -X POST "$sandbox$1" -H 'Content-Type: application/json' --data "$2" > /dev/null; }

echo; echo "== GitHub (api.github.com.json), github.com root"
for proxy in github ghes; do
    base=/repos/octo-org/demo
    check $proxy 200 GET "$base"
    tag=$(etag)
    check $proxy 304 GET "$base" "" "If-None-Match: $tag"
    check $proxy 200 GET "/repos/OCTO-ORG/Demo"
    check $proxy 404 GET "/repos/octo-org/nothing"
    check $proxy 401 GET "$base" "" "Authorization: Bearer wrong"
    check $proxy 200 GET "$base/issues"
    check $proxy 200 GET "$base/issues?state=all&per_page=5"
    check $proxy 200 GET "$base/issues?state=all&per_page=5&page=2"
    check $proxy 200 GET "$base/issues?state=all&per_page=5&page=3"
    check $proxy 200 GET "$base/issues?state=all&sort=updated&direction=asc&since=2026-10-05T00:00:00Z&per_page=100"
    check $proxy 200 GET "$base/issues?state=closed&labels=bug&sort=comments"
    check $proxy 200 GET "$base/issues?state=all&per_page=500&page=9"
    check $proxy 200 GET "$base/issues/1"
    tag=$(etag)
    check $proxy 304 GET "$base/issues/1" "" "If-None-Match: $tag"
    check $proxy 200 GET "$base/issues/5"
    check $proxy 200 GET "$base/issues/7"
    check $proxy 200 GET "$base/issues?per_page=2"
    tag=$(etag)
    check $proxy 304 GET "$base/issues?per_page=2" "" "If-None-Match: $tag"
    check $proxy 404 GET "$base/issues/99"
    check $proxy 404 GET "/repos/octo-org/nothing/issues"
    check $proxy 401 GET "$base/issues" "" "Authorization: Bearer wrong"
    if [ $proxy = github ]; then echo; echo "== GitHub Enterprise Server (ghes-3.19.json), /api/v3 prefix"; fi
done
admin /_sandbox/rate-limit '{"api":"github","limit":1,"window_s":60}'
check github 200 GET "/repos/octo-org/demo/issues/2"
check github 403 GET "/repos/octo-org/demo/issues/2"
admin /_sandbox/rate-limit '{"api":"github","limit":0}'
admin /_sandbox/burst '{"api":"github","count":1}'
check github 403 GET "/repos/octo-org/demo/issues"
echo; echo "== GitHub, invalid parameters (lenient proxy: the sandbox's own 422 is validated)"
check github-lenient 422 GET "/repos/octo-org/demo/issues?state=bogus&sort=nope&per_page=abc"
check github-lenient 422 GET "/repos/octo-org/demo/issues?since=yesterday"

echo; echo "== Jira Cloud (swagger-v3.v3.json)"
adf='{"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"text","text":"hello "},{"type":"text","text":"link","marks":[{"type":"link","attrs":{"href":"https://example.com"}}]}]}]}'
fields='"project":{"key":"DEMO"},"issuetype":{"name":"Task"}'
check jira 201 POST /rest/api/3/issue "{\"fields\":{$fields,\"summary\":\"[github] octo-org/demo#1\",\"labels\":[\"xsync-gh-1\"],\"description\":$adf,\"assignee\":{\"accountId\":\"5b10ac8d82e05b22cc7d4ef5\"}},\"properties\":[{\"key\":\"xsync\",\"value\":{\"externalId\":\"github:127.0.0.1/octo-org/demo#1\"}}]}"
check jira 201 POST /rest/api/3/issue "{\"fields\":{$fields,\"summary\":\"second\"},\"transition\":{\"id\":\"31\"}}"
check jira 400 POST /rest/api/3/issue "{\"fields\":{$fields}}"
check jira 400 POST /rest/api/3/issue '{"fields":{"project":{"key":"NOPE"},"issuetype":{"name":"Task"},"summary":"s"}}'
check jira 400 POST /rest/api/3/issue '{"fields":{"project":{"key":"DEMO"},"issuetype":{"name":"Epic"},"summary":"s"}}'
check jira 400 POST /rest/api/3/issue "{\"fields\":{$fields,\"summary\":\"s\",\"labels\":[\"a b\"]}}"
check jira 400 POST /rest/api/3/issue "{\"fields\":{$fields,\"summary\":\"s\",\"assignee\":{\"accountId\":\"nobody\"}}}"
check jira 400 POST /rest/api/3/issue "{\"fields\":{$fields,\"summary\":\"s\",\"description\":\"plain text\"}}"
check jira 401 POST /rest/api/3/issue "{\"fields\":{$fields,\"summary\":\"s\"}}" "Authorization: Basic d3Jvbmc6d3Jvbmc="
check jira 200 GET /rest/api/3/issue/DEMO-1
check jira 200 GET "/rest/api/3/issue/10000?fields=summary,labels,status&properties=xsync"
check jira 404 GET /rest/api/3/issue/DEMO-99
check jira 401 GET /rest/api/3/issue/DEMO-1 "" "Authorization: Basic d3Jvbmc6d3Jvbmc="
check jira 204 PUT /rest/api/3/issue/DEMO-1 '{"fields":{"summary":"renamed"},"update":{"labels":[{"add":"triaged"}]}}'
check jira 200 PUT "/rest/api/3/issue/DEMO-1?returnIssue=true" '{"update":{"labels":[{"remove":"triaged"}]}}'
check jira 400 PUT /rest/api/3/issue/DEMO-1 '{"fields":{"summary":""}}'
check jira 404 PUT /rest/api/3/issue/DEMO-99 '{"fields":{"summary":"x"}}'
check jira 200 GET /rest/api/3/issue/DEMO-1/transitions
check jira 204 POST /rest/api/3/issue/DEMO-1/transitions '{"transition":{"id":"21"}}'
check jira 400 POST /rest/api/3/issue/DEMO-1/transitions '{"transition":{"id":"99"}}'
check jira 404 GET /rest/api/3/issue/DEMO-99/transitions
check jira 201 PUT /rest/api/3/issue/DEMO-1/properties/other '{"a":1}'
check jira 200 PUT /rest/api/3/issue/DEMO-1/properties/other '{"a":2}'
check jira 200 GET /rest/api/3/issue/DEMO-1/properties/xsync
check jira 404 GET /rest/api/3/issue/DEMO-1/properties/missing
check jira 200 GET "/rest/api/3/search/jql?jql=project%20%3D%20DEMO%20ORDER%20BY%20key%20ASC&maxResults=1&fields=summary,labels"
token=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["nextPageToken"])' "$work/b")
check jira 200 GET "/rest/api/3/search/jql?jql=project%20%3D%20DEMO%20ORDER%20BY%20key%20ASC&maxResults=1&fields=summary,labels&nextPageToken=$token"
check jira 200 GET "/rest/api/3/search/jql?jql=labels%20%3D%20xsync-gh-1"
check jira 200 POST /rest/api/3/search/jql '{"jql":"project = DEMO AND labels in (\"xsync-gh-1\") AND updated >= -1d","fields":["key","status"],"properties":["xsync"],"reconcileIssues":[10000],"maxResults":50}'
check jira 400 GET "/rest/api/3/search/jql?jql=project%20%3D%20DEMO%20OR%20labels%20%3D%20x"
check jira 400 GET "/rest/api/3/search/jql?jql=ORDER%20BY%20key"
check jira 400 POST /rest/api/3/search/jql '{"jql":"colour = red"}'
check jira 401 GET "/rest/api/3/search/jql?jql=project%20%3D%20DEMO" "" "Authorization: Basic d3Jvbmc6d3Jvbmc="
check jira 200 POST /rest/api/3/issue/bulkfetch '{"issueIdsOrKeys":["DEMO-2","10000","demo-1","DEMO-99"],"fields":["summary","labels","status"],"properties":["xsync"]}'
check jira 200 POST /rest/api/3/issue/bulkfetch '{"issueIdsOrKeys":["DEMO-1"],"expand":["names"],"fieldsByKeys":false}'
check jira 400 POST /rest/api/3/issue/bulkfetch "{\"issueIdsOrKeys\":[$(seq -f '"DEMO-%g"' -s, 101)]}"
check jira 400 POST /rest/api/3/issue/bulkfetch '{"issueIdsOrKeys":[]}'
check jira 401 POST /rest/api/3/issue/bulkfetch '{"issueIdsOrKeys":["DEMO-1"]}' "Authorization: Basic d3Jvbmc6d3Jvbmc="
check jira 200 GET /rest/api/3/myself
check jira 200 GET "/rest/api/3/myself?expand=groups,applicationRoles"
check jira 401 GET /rest/api/3/myself "" "Authorization: Basic d3Jvbmc6d3Jvbmc="
check jira 200 GET /rest/api/3/project/DEMO
check jira 200 GET "/rest/api/3/project/demo?expand=description,lead,issueTypes"
check jira 200 GET /rest/api/3/project/10000
check jira 404 GET /rest/api/3/project/NOPE
check jira 401 GET /rest/api/3/project/DEMO "" "Authorization: Basic d3Jvbmc6d3Jvbmc="
admin /_sandbox/burst '{"api":"jira","count":1}'
check jira 429 GET /rest/api/3/issue/DEMO-1
admin /_sandbox/burst '{"api":"jira","count":1}'
check jira 429 GET /rest/api/3/myself
echo; echo "== Jira, invalid payloads (lenient proxy)"
check jira-lenient 400 POST /rest/api/3/issue '{"fields":"oops","transition":"x"}'
check jira-lenient 400 POST /rest/api/3/search/jql '{"jql":5,"maxResults":"many"}'
check jira-lenient 400 POST /rest/api/3/issue/bulkfetch '{"issueIdsOrKeys":["DEMO-1"],"jql":"x"}'

echo; echo "== what Prism logged (violations by severity and message)"
grep -h 'Violation' "$work"/prism-*.log | sed 's/^.*\(error\|warning\) *Violation: /\1: /' | sort | uniq -c | sort -rn || echo "none"
# Request violations are expected for the deliberately invalid requests; what counts is the sandbox's answers.
errors=$(grep -h 'Violation: response' "$work"/prism-*.log | grep -c ' error ' || true)

# Prism 5.14.2 does not validate bodies against GitHub's `issue` schema (a deliberately wrong body passes), so
# the bodies are also checked with python3-jsonschema.
echo; echo "== response bodies against the specs' schemas (check-schemas.py)"
schemas=0
python3 "$here/check-schemas.py" "$SPECS" "$sandbox" | grep -v '^ok ' || schemas=$?
echo; echo "unexpected statuses: $failures; error-severity violations in responses: $errors"
[ "$failures" -eq 0 ] && [ "$errors" -eq 0 ] && [ "$schemas" -eq 0 ]
