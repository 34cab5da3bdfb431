#!/usr/bin/env python3
"""Checks the sandbox's GitLab answers against GitLab's own JSON schemas (issue 14), with python3-jsonschema.

Starts the sandbox on port 0 in a temp dir, creates issues and merge requests through its admin API (every state,
with and without description, labels, assignees, milestone), lists them with and without the parameters
issuebridge's GitLab source sends (following every Link to the last page), gets each one, and validates every
issue and merge request in those answers against schemas/gitlab/public_api/v4/{issue,merge_request}.json.

Usage: test_gitlab_schemas.py SANDBOX_BINARY SCHEMAS_DIR    (SCHEMAS_DIR: tests/sandbox/schemas/gitlab)
Exit status: 0 when every body matches; 1 on a violation or a failed request. Prints how many bodies it checked.
"""

import copy
import json
import pathlib
import re
import subprocess
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request

import jsonschema

SANDBOX, SCHEMAS = str(pathlib.Path(sys.argv[1]).resolve()), pathlib.Path(sys.argv[2]).resolve()
TOKEN = {"PRIVATE-TOKEN": "sandbox-gitlab-token"}
PROJECT = "schemas/sub/demo"
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$")
# The single-user fields of merge_request.json that GitLab answers with null when nobody is in them (README.md).
NULLABLE_USERS = ("assignee", "closed_by", "merged_by", "merge_user")


def is_date(_, value):
    """milestone.json's non-standard "type": "date": GitLab sends a date, a date-time or null."""
    return value is None or (isinstance(value, str) and bool(DATE.match(value) or DATE_TIME.match(value)))


Validator = jsonschema.validators.extend(
    jsonschema.Draft4Validator, type_checker=jsonschema.Draft4Validator.TYPE_CHECKER.redefine("date", is_date))
formats = jsonschema.FormatChecker([])
formats.checks("date-time")(lambda v: not isinstance(v, str) or bool(DATE_TIME.match(v)))
formats.checks("date")(lambda v: not isinstance(v, str) or bool(DATE.match(v)))
formats.checks("uri")(lambda v: not isinstance(v, str) or bool(urllib.parse.urlparse(v).scheme))


def load_schemas():
    """Every schema file by its file: URI (its "id", so relative $refs resolve), adapted as README.md says."""
    store = {}
    for path in sorted((SCHEMAS / "public_api/v4").rglob("*.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        schema["id"] = path.as_uri()
        if path.name == "merge_request.json":
            for field in NULLABLE_USERS:
                schema["properties"][field] = {"oneOf": [{"type": "null"}, schema["properties"][field]]}
        store[path.as_uri()] = schema
    return store


def validators():
    store = load_schemas()
    try:
        from referencing import Registry
        from referencing.jsonschema import DRAFT4
        options = {"registry": Registry().with_resources(
            (uri, DRAFT4.create_resource(schema)) for uri, schema in store.items())}
    except ImportError:  # jsonschema before 4.18 (Debian 12 has 4.10): no referencing library
        options = {}
    out = {}
    for kind in ("issue", "merge_request"):
        schema = store[(SCHEMAS / f"public_api/v4/{kind}.json").as_uri()]
        resolver = {} if options else {"resolver": jsonschema.RefResolver.from_schema(schema, store=store)}
        out[kind] = Validator(schema, format_checker=formats, **options, **resolver)
    return out


class Sandbox:
    def __init__(self, directory):
        self.process = subprocess.Popen([SANDBOX, "--port", "0"], cwd=directory, stdout=subprocess.PIPE, text=True)
        self.origin = "http://127.0.0.1:" + self.process.stdout.readline().strip()

    def call(self, method, path, headers=None, body=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.origin + path, data=data, method=method, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=30) as r:
                return r.status, r.headers, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.headers, e.read().decode()

    def admin(self, method, path, body):
        status, _, text = self.call(method, "/_sandbox/gitlab/" + path, {"Content-Type": "application/json"}, body)
        if status not in (200, 201):
            raise SystemExit(f"FAIL admin {method} {path}: {status} {text}")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


def seed(sandbox):
    issues = [
        {"title": "Plain"},
        {"title": "Everything", "description": "A *body*, see !1.", "labels": ["bug", "type::feature"],
         "assignees": ["alice", "bob"], "author": "alice", "milestone": "v1.0", "confidential": True},
        {"title": "Closed", "description": "", "state": "closed", "assignees": ["bob"]},
    ]
    merge_requests = [
        {"title": "Open"},
        {"title": "Merged", "state": "merged", "milestone": "v1.0", "assignees": ["alice"], "labels": ["bug"]},
        {"title": "Closed", "state": "closed", "description": "Not needed."},
        {"title": "Locked", "state": "locked", "author": "bob"},
    ]
    sandbox.admin("POST", f"projects/{PROJECT}/issues", issues)
    sandbox.admin("POST", f"projects/{PROJECT}/merge_requests", merge_requests)
    sandbox.admin("POST", f"projects/{PROJECT}/generate",
                  {"count": 150, "closed_fraction": 0.3, "mr_fraction": 0.4, "confidential_fraction": 0.1, "seed": 7})
    sandbox.admin("PATCH", f"projects/{PROJECT}/issues/3", {"state": "opened", "labels": []})


class Checker:
    def __init__(self, sandbox):
        self.sandbox = sandbox
        self.validators = validators()
        self.checked = 0
        self.failures = 0

    def validate(self, kind, body, where):
        """Validates one issue or merge request; returns its problems' count."""
        errors = sorted(self.validators[kind].iter_errors(body), key=lambda e: list(e.absolute_path))
        for e in errors[:5]:
            print(f"FAIL {where}: at {'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message[:200]}")
        self.checked += 1
        self.failures += len(errors)
        return len(errors)

    def get(self, path):
        status, headers, text = self.sandbox.call("GET", path, TOKEN)
        if status != 200:
            self.failures += 1
            print(f"FAIL GET {path}: status {status}: {text[:200]}")
            return None, headers
        return json.loads(text), headers

    def listing(self, kind, query):
        """Every page of one listing; returns the iids seen."""
        path = f"/api/v4/projects/{urllib.parse.quote(PROJECT, safe='')}/{kind}s{query}"
        iids, pages, failures = [], 0, self.failures
        while path:
            body, headers = self.get(path)
            if body is None:
                break
            pages += 1
            for item in body:
                self.validate(kind, item, f"GET {path} [{item.get('iid')}]")
                iids.append(item.get("iid"))
            nxt = re.search(r'<([^>]+)>; rel="next"', headers.get("Link") or "")
            path = nxt.group(1)[len(self.sandbox.origin):] if nxt else None
        verdict = "ok  " if self.failures == failures else "FAIL"
        print(f"{verdict} {kind}s{query or ' (no parameters)'}: {len(iids)} items on {pages} pages")
        return iids

    def item(self, kind, project, iid):
        body, _ = self.get(f"/api/v4/projects/{project}/{kind}s/{iid}")
        if body is not None:
            self.validate(kind, body, f"GET {kind} {iid}")
        return body

    def prove_the_schemas_bite(self, kind, body):
        """A schema that failed to load or to follow its $refs would pass anything: broken bodies must fail."""
        if body is None:
            return
        for field, value in (("iid", "1"), ("author", {"id": "x"}), ("labels", "bug"), ("assignee", "alice")):
            broken = copy.deepcopy(body)
            broken[field] = value
            if not list(self.validators[kind].iter_errors(broken)):
                self.failures += 1
                print(f"FAIL the {kind} schema accepts {field} = {json.dumps(value)}")


def main():
    with tempfile.TemporaryDirectory(prefix="ib-gitlab-schemas-") as directory:
        sandbox = Sandbox(directory)
        checker = Checker(sandbox)
        try:
            seed(sandbox)
            project_id = None
            for kind in ("issue", "merge_request"):
                iids = checker.listing(kind, "")
                for query in ("?order_by=updated_at&sort=asc&per_page=100&pagination=keyset",
                              "?order_by=updated_at&sort=asc&per_page=100&updated_after=2000-01-01T00%3A00%3A00Z",
                              "?state=opened&per_page=7", "?state=closed&order_by=created_at&sort=asc"):
                    checker.listing(kind, query)
                for iid in iids:
                    body = checker.item(kind, urllib.parse.quote(PROJECT, safe=""), iid)
                    project_id = body["project_id"] if body else project_id
                if len(iids) < 40 or project_id is None:
                    checker.failures += 1
                    print(f"FAIL only {len(iids)} {kind}s listed")
                    continue
                checker.prove_the_schemas_bite(kind, checker.item(kind, str(project_id), iids[0]))
        finally:
            sandbox.stop()
    print(f"\n{checker.checked} bodies checked against GitLab's schemas, {checker.failures} problems")
    return 1 if checker.failures or checker.checked == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
