"""Makes Swift's identities in Keystone, idempotently, in one process: user swift (project service,
roles service and admin: the proxy's authtoken validates tokens with it), user glimpse-swift
(project service, role member, which keystoneauth's operator_roles accept), the object-store
service with public, internal and admin endpoints in RegionOne, and one EC2 credential of
glimpse-swift on project service for the S3 API (reused when it exists), read and made through
EC2_KEYSTONE_URL, a Keystone whose credential cache is off (see swift-up.sh).

Prints shell KEY=value lines: SWIFT_PROJECT_ID, S3_ACCESS_KEY, S3_SECRET_KEY.

usage: swift-register.py KEYSTONE_URL ADMIN_PASSWORD SWIFT_SERVICE_PASSWORD USER_PASSWORD PROXY_URL
                         EC2_KEYSTONE_URL
"""
import json
import sys
import urllib.error
import urllib.parse
import urllib.request

URL, ADMIN_PW, SERVICE_PW, USER_PW, PROXY_URL, EC2_URL = sys.argv[1:7]


def call(method, path, token=None, body=None, ok=(200, 201, 204), base=URL):
    req = urllib.request.Request(base + "/v3" + path, method=method,
                                 data=json.dumps(body).encode() if body is not None else None,
                                 headers={"Content-Type": "application/json"})
    if token:
        req.add_header("X-Auth-Token", token)
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            data = resp.read()
            return resp.status, dict(resp.headers), (json.loads(data) if data else {})
    except urllib.error.HTTPError as e:
        if e.code in ok:
            return e.code, dict(e.headers), {}
        raise SystemExit("swift-register: %s %s -> %s %s" % (method, path, e.code, e.read()[:300]))


def q(**kw):
    return "?" + urllib.parse.urlencode(kw)


_, headers, _ = call("POST", "/auth/tokens?nocatalog", body={"auth": {
    "identity": {"methods": ["password"], "password": {"user": {
        "name": "admin", "domain": {"id": "default"}, "password": ADMIN_PW}}},
    "scope": {"project": {"name": "admin", "domain": {"id": "default"}}}}})
T = headers.get("X-Subject-Token") or headers.get("x-subject-token")


def ensure(collection, key, query, create):
    found = call("GET", "/%s%s" % (collection, q(**query)), T)[2][collection]
    if found:
        return found[0]["id"]
    return call("POST", "/" + collection, T, {key: create})[2][key]["id"]


def ensure_user(name, password):
    user = ensure("users", "user", {"name": name, "domain_id": "default"},
                  {"name": name, "domain_id": "default", "password": password})
    # the password is reset every run so that a changed variable takes effect
    call("PATCH", "/users/" + user, T, {"user": {"password": password}})
    return user


roles = {r: ensure("roles", "role", {"name": r}, {"name": r}) for r in ("member", "service", "admin")}
project = ensure("projects", "project", {"name": "service", "domain_id": "default"},
                 {"name": "service", "domain_id": "default"})
swift = ensure_user("swift", SERVICE_PW)
for role in ("service", "admin"):
    call("PUT", "/projects/%s/users/%s/roles/%s" % (project, swift, roles[role]), T)
user = ensure_user("glimpse-swift", USER_PW)
call("PUT", "/projects/%s/users/%s/roles/%s" % (project, user, roles["member"]), T)

service = ensure("services", "service", {"type": "object-store"},
                 {"type": "object-store", "name": "swift", "description": "Swift for Glimpse"})
endpoint_url = PROXY_URL + "/v1/AUTH_%(project_id)s"
for interface in ("public", "internal", "admin"):
    endpoints = call("GET", "/endpoints" + q(service_id=service, interface=interface), T)[2]["endpoints"]
    for ep in endpoints:
        if ep["url"] != endpoint_url or ep.get("region_id") != "RegionOne":
            call("DELETE", "/endpoints/" + ep["id"], T)
    if not any(ep["url"] == endpoint_url and ep.get("region_id") == "RegionOne" for ep in endpoints):
        call("POST", "/endpoints", T, {"endpoint": {"service_id": service, "interface": interface,
                                                     "url": endpoint_url, "region_id": "RegionOne"}})

ec2 = "/users/%s/credentials/OS-EC2" % user
creds = [c for c in call("GET", ec2, T, base=EC2_URL)[2]["credentials"] if c.get("tenant_id") == project]
cred = creds[0] if creds else call("POST", ec2, T, {"tenant_id": project}, base=EC2_URL)[2]["credential"]
print("SWIFT_PROJECT_ID=%s" % project)
print("S3_ACCESS_KEY=%s" % cred["access"])
print("S3_SECRET_KEY=%s" % cred["secret"])
