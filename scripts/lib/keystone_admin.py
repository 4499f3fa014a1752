"""A minimal Keystone v3 admin client for the setup scripts (keystone-register.py,
swift-register.py): one admin token, calls that stop the script with a message naming the request
on an unexpected answer, and find-or-create of named resources. Standard library only, so that it
runs with Debian's python3 before anything else is installed.
"""
import json
import urllib.error
import urllib.parse
import urllib.request


def query(**kw):
    return "?" + urllib.parse.urlencode(kw)


class KeystoneAdmin:
    def __init__(self, url, admin_password, who):
        self.url = url
        self.who = who
        _, headers, _ = self.call("POST", "/auth/tokens?nocatalog", body={"auth": {
            "identity": {"methods": ["password"], "password": {"user": {
                "name": "admin", "domain": {"id": "default"}, "password": admin_password}}},
            "scope": {"project": {"name": "admin", "domain": {"id": "default"}}}}}, token=None)
        self.token = headers.get("X-Subject-Token") or headers.get("x-subject-token")

    def call(self, method, path, body=None, ok=(200, 201, 204), base=None, token=""):
        """(status, headers, parsed body) of METHOD base/v3/path; statuses in ok are not errors."""
        req = urllib.request.Request((base or self.url) + "/v3" + path, method=method,
                                     data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Content-Type": "application/json"})
        token = self.token if token == "" else token
        if token:
            req.add_header("X-Auth-Token", token)
        try:
            with urllib.request.urlopen(req, timeout=60) as resp:
                data = resp.read()
                return resp.status, dict(resp.headers), (json.loads(data) if data else {})
        except urllib.error.HTTPError as e:
            if e.code in ok:
                return e.code, dict(e.headers), {}
            raise SystemExit("%s: %s %s -> %s %s" % (self.who, method, path, e.code, e.read()[:300]))

    def ensure(self, collection, key, match, create):
        """The id of the first COLLECTION entry matching the query MATCH, made from CREATE if none."""
        found = self.call("GET", "/%s%s" % (collection, query(**match)))[2][collection]
        if found:
            return found[0]["id"]
        return self.call("POST", "/" + collection, {key: create})[2][key]["id"]

    def ensure_user(self, name, password):
        """(id, changed) of user NAME in the default domain, made if missing. Its password is set
        to PASSWORD only when that password does not already log it in: setting a password revokes
        the user's tokens, and a service holding one (s3token in Swift's proxy) would then be
        refused until its token expired."""
        user = self.ensure("users", "user", {"name": name, "domain_id": "default"},
                           {"name": name, "domain_id": "default", "password": password})
        status, _, _ = self.call("POST", "/auth/tokens?nocatalog", body={"auth": {"identity": {
            "methods": ["password"], "password": {"user": {
                "id": user, "password": password}}}}}, ok=(401,), token=None)
        if status == 201:
            return user, False
        self.call("PATCH", "/users/" + user, {"user": {"password": password}})
        return user, True

