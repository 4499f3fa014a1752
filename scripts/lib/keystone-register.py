"""Makes the image service's identities in Keystone, idempotently, in one process (the openstack
CLI costs seconds per call on a busy machine): roles member, reader, service; project service;
user glance with roles service and admin there; and, given an image URL, the `image` service
(name glance) with public, internal and admin endpoints in RegionOne at that URL.

usage: keystone-register.py KEYSTONE_URL ADMIN_PASSWORD GLANCE_PASSWORD [IMAGE_URL]
"""
import json
import sys
import urllib.error
import urllib.parse
import urllib.request

URL, ADMIN_PW, GLANCE_PW = sys.argv[1], sys.argv[2], sys.argv[3]
IMAGE_URL = sys.argv[4] if len(sys.argv) > 4 else None


def call(method, path, token=None, body=None, ok=(200, 201, 204)):
    req = urllib.request.Request(URL + "/v3" + path, method=method,
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
        raise SystemExit("keystone-register: %s %s -> %s %s" % (method, path, e.code, e.read()[:300]))


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


roles = {r: ensure("roles", "role", {"name": r}, {"name": r}) for r in ("member", "reader", "service")}
roles["admin"] = ensure("roles", "role", {"name": "admin"}, {"name": "admin"})
service_project = ensure("projects", "project", {"name": "service", "domain_id": "default"},
                         {"name": "service", "domain_id": "default"})
glance = ensure("users", "user", {"name": "glance", "domain_id": "default"},
                {"name": "glance", "domain_id": "default", "password": GLANCE_PW})
for role in ("service", "admin"):
    call("PUT", "/projects/%s/users/%s/roles/%s" % (service_project, glance, roles[role]), T)

if IMAGE_URL:
    service = ensure("services", "service", {"type": "image"},
                     {"type": "image", "name": "glance", "description": "Glimpse"})
    for interface in ("public", "internal", "admin"):
        for ep in call("GET", "/endpoints" + q(service_id=service, interface=interface), T)[2]["endpoints"]:
            if ep["url"] != IMAGE_URL or ep.get("region_id") != "RegionOne":
                call("DELETE", "/endpoints/" + ep["id"], T)
        if not any(ep["url"] == IMAGE_URL for ep in
                   call("GET", "/endpoints" + q(service_id=service, interface=interface), T)[2]["endpoints"]):
            call("POST", "/endpoints", T, {"endpoint": {"service_id": service, "interface": interface,
                                                         "url": IMAGE_URL, "region_id": "RegionOne"}})
    print("keystone-up: image service endpoints point at %s" % IMAGE_URL)
