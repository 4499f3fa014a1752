"""Makes Swift's identities in Keystone, idempotently, in one process: user swift (project service,
roles service and admin: the proxy's authtoken validates tokens with it), user glimpse-swift
(project service, role member, which keystoneauth's operator_roles accept), the object-store
service with public, internal and admin endpoints in RegionOne, and one EC2 credential of
glimpse-swift on project service for the S3 API (reused when it exists), read and made through
EC2_KEYSTONE_URL, a Keystone whose credential cache is off (see swift-up.sh).

Prints shell KEY=value lines: SWIFT_PROJECT_ID, SWIFT_SERVICE_PASSWORD_CHANGED (1 when user swift's
password had to be set, which revoked its tokens), S3_ACCESS_KEY, S3_SECRET_KEY. A password is
set only when it does not already log its user in.

usage: swift-register.py KEYSTONE_URL ADMIN_PASSWORD SWIFT_SERVICE_PASSWORD USER_PASSWORD PROXY_URL
                         EC2_KEYSTONE_URL
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from keystone_admin import KeystoneAdmin, query  # noqa: E402

URL, ADMIN_PW, SERVICE_PW, USER_PW, PROXY_URL, EC2_URL = sys.argv[1:7]

ADMIN = KeystoneAdmin(URL, ADMIN_PW, "swift-register")
call = ADMIN.call
ensure = ADMIN.ensure
q = query


roles = {r: ensure("roles", "role", {"name": r}, {"name": r}) for r in ("member", "service", "admin")}
project = ensure("projects", "project", {"name": "service", "domain_id": "default"},
                 {"name": "service", "domain_id": "default"})
swift, swift_changed = ADMIN.ensure_user("swift", SERVICE_PW)
for role in ("service", "admin"):
    call("PUT", "/projects/%s/users/%s/roles/%s" % (project, swift, roles[role]))
user, user_changed = ADMIN.ensure_user("glimpse-swift", USER_PW)
call("PUT", "/projects/%s/users/%s/roles/%s" % (project, user, roles["member"]))

service = ensure("services", "service", {"type": "object-store"},
                 {"type": "object-store", "name": "swift", "description": "Swift for Glimpse"})
endpoint_url = PROXY_URL + "/v1/AUTH_%(project_id)s"
for interface in ("public", "internal", "admin"):
    endpoints = call("GET", "/endpoints" + q(service_id=service, interface=interface))[2]["endpoints"]
    for ep in endpoints:
        if ep["url"] != endpoint_url or ep.get("region_id") != "RegionOne":
            call("DELETE", "/endpoints/" + ep["id"])
    if not any(ep["url"] == endpoint_url and ep.get("region_id") == "RegionOne" for ep in endpoints):
        call("POST", "/endpoints", {"endpoint": {"service_id": service, "interface": interface,
                                                     "url": endpoint_url, "region_id": "RegionOne"}})

ec2 = "/users/%s/credentials/OS-EC2" % user
creds = [c for c in call("GET", ec2, base=EC2_URL)[2]["credentials"] if c.get("tenant_id") == project]
cred = creds[0] if creds else call("POST", ec2, {"tenant_id": project}, base=EC2_URL)[2]["credential"]
print("SWIFT_PROJECT_ID=%s" % project)
# the proxy's token of user swift was revoked when its password changed: restart the proxy
print("SWIFT_SERVICE_PASSWORD_CHANGED=%d" % int(swift_changed))
print("S3_ACCESS_KEY=%s" % cred["access"])
print("S3_SECRET_KEY=%s" % cred["secret"])
