"""Helpers for the identity tests: accounts, tokens, multipart bodies and tiny images."""

import base64
import hashlib
import hmac
import json
import subprocess
import time
import uuid
import zlib

from conftest import MERCADO_BIN

API = "/api/v1"
USER_FIELDS = {"id", "email", "name", "role", "avatar", "creationAt", "updatedAt"}
DEMO = {"john@mail.com": "changeme", "maria@mail.com": "12345", "admin@mail.com": "admin123"}
ADMIN_PASSWORD = "correct horse battery"


def user_body(password="abcd1234", **overrides):
    """A valid POST /users body with a fresh e-mail (its password works in both profiles)."""
    body = {"name": "Test User", "email": f"user-{uuid.uuid4().hex[:12]}@example.com",
            "password": password, "avatar": "https://img.example.com/avatar.png"}
    body.update(overrides)
    return body


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def login(srv, email, password):
    status, _, body = srv.json("POST", f"{API}/auth/login", {"email": email, "password": password})
    assert status == 201, body
    return body


def register(srv, **overrides):
    """Creates a user and logs it in: (user, access token)."""
    body = user_body(**overrides)
    status, _, user = srv.json("POST", f"{API}/users", body)
    assert status == 201, user
    return user, login(srv, body["email"], body["password"])["access_token"]


def create_admin(db_path, email="root@shop.example", password=ADMIN_PASSWORD, extra=()):
    return subprocess.run([MERCADO_BIN, "admin", "create", "--db", f"sqlite:{db_path}",
                           "--email", email, "--password", password, *extra],
                          capture_output=True, text=True, timeout=60)


def production_with_admin(server, tmp_path):
    """A production server whose database has one admin: (server, admin access token)."""
    db = str(tmp_path / "prod.db")
    result = create_admin(db)
    assert result.returncode == 0, result.stderr
    srv = server(profile="production", db_path=db)
    return srv, login(srv, "root@shop.example", ADMIN_PASSWORD)["access_token"]


# --- tokens ----------------------------------------------------------------------------------

def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def forge(secret, payload, header=None, alg="sha256"):
    """A compact JWT signed with HMAC over `secret` (alg=None: no signature)."""
    header = header or {"alg": "HS256", "typ": "JWT"}
    signing_input = (b64url(json.dumps(header).encode()) + "." +
                     b64url(json.dumps(payload).encode()))
    if alg is None:
        return signing_input + "."
    digest = hmac.new(secret.encode(), signing_input.encode(), getattr(hashlib, alg)).digest()
    return signing_input + "." + b64url(digest)


def claims(token):
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def access_claims(user_id, **overrides):
    now = int(time.time())
    payload = {"sub": str(user_id), "typ": "access", "iat": now, "exp": now + 300}
    payload.update(overrides)
    return payload


# --- uploads ---------------------------------------------------------------------------------

def png(padding=0):
    """A valid 1x1 PNG, optionally followed by `padding` bytes after IEND."""
    def chunk(kind, data):
        return (len(data).to_bytes(4, "big") + kind + data +
                zlib.crc32(kind + data).to_bytes(4, "big"))
    header = b"\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    image = zlib.compress(b"\x00\x00\x00\x00\x00")
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", image) +
            chunk(b"IEND", b"") + b"\x00" * padding)


GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00" \
      b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
JPEG = (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
        b"\xff\xdb\x00C\x00" + bytes(range(1, 65)) + b"\xff\xd9")
WEBP = b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00\x2f\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00"


def multipart(parts, boundary="----mercado-test-boundary"):
    """(body, content type) for [(name, filename or None, content type or None, bytes)]."""
    body = b""
    for name, filename, content_type, data in parts:
        disposition = f'form-data; name="{name}"'
        if filename is not None:
            disposition += f'; filename="{filename}"'
        body += f"--{boundary}\r\nContent-Disposition: {disposition}\r\n".encode()
        if content_type is not None:
            body += f"Content-Type: {content_type}\r\n".encode()
        body += b"\r\n" + data + b"\r\n"
    body += f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def upload(srv, data, filename="photo.png", content_type="image/png", headers=None):
    body, type_header = multipart([("file", filename, content_type, data)])
    return srv.json("POST", f"{API}/files/upload", body,
                    headers={"Content-Type": type_header, **(headers or {})})
