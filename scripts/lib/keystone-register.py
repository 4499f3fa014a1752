"""Makes the image service's identities in Keystone, idempotently, in one process (the openstack
CLI costs seconds per call on a busy machine): roles member, reader, service; project service;
user glance with roles service and admin there; and, given an image URL, the `image` service
(name glance) with public, internal and admin endpoints in RegionOne at that URL; given a second
URL, the `image_remote` service (name glance-remote: another node of the same image service, which
tempest's [image] alternate_image_endpoint names) likewise.

usage: keystone-register.py KEYSTONE_URL ADMIN_PASSWORD GLANCE_PASSWORD [IMAGE_URL [REMOTE_IMAGE_URL]]
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from keystone_admin import KeystoneAdmin, query  # noqa: E402

URL, ADMIN_PW, GLANCE_PW = sys.argv[1], sys.argv[2], sys.argv[3]
IMAGE_URL = sys.argv[4] if len(sys.argv) > 4 else None
REMOTE_IMAGE_URL = sys.argv[5] if len(sys.argv) > 5 else None

ADMIN = KeystoneAdmin(URL, ADMIN_PW, "keystone-register")
call = ADMIN.call
ensure = ADMIN.ensure
q = query


roles = {r: ensure("roles", "role", {"name": r}, {"name": r}) for r in ("member", "reader", "service")}
roles["admin"] = ensure("roles", "role", {"name": "admin"}, {"name": "admin"})
service_project = ensure("projects", "project", {"name": "service", "domain_id": "default"},
                         {"name": "service", "domain_id": "default"})
glance = ensure("users", "user", {"name": "glance", "domain_id": "default"},
                {"name": "glance", "domain_id": "default", "password": GLANCE_PW})
for role in ("service", "admin"):
    call("PUT", "/projects/%s/users/%s/roles/%s" % (service_project, glance, roles[role]))

def register(service_type, name, url):
    service = ensure("services", "service", {"type": service_type},
                     {"type": service_type, "name": name, "description": "Glimpse"})
    for interface in ("public", "internal", "admin"):
        for ep in call("GET", "/endpoints" + q(service_id=service, interface=interface))[2]["endpoints"]:
            if ep["url"] != url or ep.get("region_id") != "RegionOne":
                call("DELETE", "/endpoints/" + ep["id"])
        if not any(ep["url"] == url for ep in
                   call("GET", "/endpoints" + q(service_id=service, interface=interface))[2]["endpoints"]):
            call("POST", "/endpoints", {"endpoint": {"service_id": service, "interface": interface,
                                                         "url": url, "region_id": "RegionOne"}})
    print("keystone-up: %s service endpoints point at %s" % (service_type, url))


if IMAGE_URL:
    register("image", "glance", IMAGE_URL)
if REMOTE_IMAGE_URL:
    register("image_remote", "glance-remote", REMOTE_IMAGE_URL)
