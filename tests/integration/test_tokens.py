"""Access and refresh tokens: what is accepted, and every way a forged, stale or misused token
is refused. A known signing key (MERCADO_JWT_SECRET) lets the tests forge tokens with hmac."""

import time

import pytest

from identity_helpers import (API, access_claims, b64url, bearer, claims, forge, login,
                              register)
from mercado_helpers import assert_problem, error_fields

SECRET = "integration-suite-signing-key-0123456789"


@pytest.fixture(scope="module")
def keyed(request):
    from conftest import ServerPool
    pool = ServerPool()
    request.addfinalizer(pool.finish)
    return pool.start(env={"MERCADO_JWT_SECRET": SECRET})


def profile_status(srv, token_or_headers):
    headers = token_or_headers if isinstance(token_or_headers, dict) else bearer(token_or_headers)
    status, response_headers, body = srv.request("GET", f"{API}/auth/profile", headers=headers)
    if status == 401:
        assert_problem(status, response_headers, body, 401)
        assert response_headers["www-authenticate"].startswith("Bearer")
    return status


def test_issued_tokens_have_the_documented_claims(keyed):
    tokens = login(keyed, "john@mail.com", "changeme")
    access, refresh = claims(tokens["access_token"]), claims(tokens["refresh_token"])
    assert (access["sub"], access["typ"], refresh["typ"]) == ("1", "access", "refresh")
    assert access["exp"] - access["iat"] == 3600
    assert refresh["exp"] - refresh["iat"] == 7 * 24 * 3600
    assert abs(access["iat"] - time.time()) < 60
    assert access["jti"] != refresh["jti"]


def test_a_token_forged_with_the_right_key_is_accepted(keyed):
    # Proves the forging below is right, so each refusal is about the one thing changed.
    assert profile_status(keyed, forge(SECRET, access_claims(1))) == 200


@pytest.mark.parametrize("case", [
    "expired", "alg-none", "alg-none-signed", "hs384", "wrong-key", "refresh-typ", "no-typ",
    "sub-zero", "sub-text", "no-sub", "unknown-user", "tampered", "garbage", "empty-bearer",
    "basic-scheme", "too-long", "alg-lower-case", "alg-mixed-case", "not-yet-valid",
    "nbf-text"])
def test_profile_refuses_a_bad_token(keyed, case):
    now = int(time.time())
    good = forge(SECRET, access_claims(1))
    tokens = {
        "expired": forge(SECRET, access_claims(1, exp=now - 1)),
        "alg-none": forge(SECRET, access_claims(1), {"alg": "none", "typ": "JWT"}, alg=None),
        "alg-none-signed": forge(SECRET, access_claims(1), {"alg": "none", "typ": "JWT"}),
        "hs384": forge(SECRET, access_claims(1), {"alg": "HS384", "typ": "JWT"}, alg="sha384"),
        "wrong-key": forge("another-key-another-key-another-key", access_claims(1)),
        "refresh-typ": forge(SECRET, access_claims(1, typ="refresh")),
        "no-typ": forge(SECRET, {k: v for k, v in access_claims(1).items() if k != "typ"}),
        "sub-zero": forge(SECRET, access_claims(0)),
        "sub-text": forge(SECRET, access_claims("abc")),
        "no-sub": forge(SECRET, {k: v for k, v in access_claims(1).items() if k != "sub"}),
        "unknown-user": forge(SECRET, access_claims(999999)),
        "tampered": ".".join([good.split(".")[0], b64url(b'{"sub":"3","typ":"access","exp":'
                                                        + str(now + 300).encode() + b"}"),
                              good.split(".")[2]]),
        "garbage": "not-a-token",
        # RFC 7515: "alg" is case-sensitive; libjwt alone would take these as HS256.
        "alg-lower-case": forge(SECRET, access_claims(1), {"alg": "hs256", "typ": "JWT"}),
        "alg-mixed-case": forge(SECRET, access_claims(1), {"alg": "Hs256", "typ": "JWT"}),
        "not-yet-valid": forge(SECRET, access_claims(1, nbf=now + 120)),
        "nbf-text": forge(SECRET, access_claims(1, nbf="soon")),
        "too-long": "a" * 5000,
    }
    if case == "empty-bearer":
        headers = {"Authorization": "Bearer "}
    elif case == "basic-scheme":
        headers = {"Authorization": "Basic am9objpjaGFuZ2VtZQ=="}
    else:
        headers = bearer(tokens[case])
    assert profile_status(keyed, headers) == 401


def test_a_token_whose_not_before_time_has_passed_is_accepted(keyed):
    assert profile_status(keyed, forge(SECRET, access_claims(1, nbf=int(time.time()) - 5))) == 200


def test_profile_needs_a_token(shared_sandbox):
    assert profile_status(shared_sandbox, {}) == 401


def test_bearer_scheme_is_case_insensitive(keyed):
    token = forge(SECRET, access_claims(1))
    assert profile_status(keyed, {"Authorization": f"bearer {token}"}) == 200


def test_two_authorization_headers_are_refused(keyed):
    token = forge(SECRET, access_claims(1))
    with keyed.raw() as conn:
        conn.send(f"GET {API}/auth/profile HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}"
                  f"\r\nAuthorization: Bearer {token}\r\n\r\n".encode())
        response = conn.read_response()
    assert response.status == 401


def test_refresh_gives_a_new_pair_and_refuses_misuse(keyed):
    tokens = login(keyed, "maria@mail.com", "12345")
    status, _, fresh = keyed.json("POST", f"{API}/auth/refresh-token",
                                  {"refreshToken": tokens["refresh_token"]})
    assert status == 201 and set(fresh) == {"access_token", "refresh_token"}
    assert claims(fresh["access_token"])["sub"] == "2"
    assert profile_status(keyed, fresh["access_token"]) == 200
    for bad in [tokens["access_token"], "garbage",
                forge(SECRET, access_claims(2, typ="refresh", exp=int(time.time()) - 5))]:
        status, headers, body = keyed.request("POST", f"{API}/auth/refresh-token",
                                              {"refreshToken": bad})
        assert_problem(status, headers, body, 401)
    status, headers, body = keyed.request("POST", f"{API}/auth/refresh-token", {})
    assert error_fields(assert_problem(status, headers, body, 400)) == ["refreshToken"]


def test_a_deleted_users_tokens_stop_working(sandbox):
    user, _ = register(sandbox)
    tokens = login(sandbox, user["email"], "abcd1234")
    assert profile_status(sandbox, tokens["access_token"]) == 200
    assert sandbox.json("DELETE", f"{API}/users/{user['id']}")[0] == 200
    assert profile_status(sandbox, tokens["access_token"]) == 401
    status, headers, body = sandbox.request("POST", f"{API}/auth/refresh-token",
                                            {"refreshToken": tokens["refresh_token"]})
    assert_problem(status, headers, body, 401)


def test_token_lifetimes_are_configurable(server):
    srv = server(args=["--access-token-ttl", "60", "--refresh-token-ttl", "120"])
    tokens = login(srv, "john@mail.com", "changeme")
    access, refresh = claims(tokens["access_token"]), claims(tokens["refresh_token"])
    assert access["exp"] - access["iat"] == 60
    assert refresh["exp"] - refresh["iat"] == 120


def test_a_short_secret_is_refused_at_start(server):
    from conftest import ServerDied
    with pytest.raises(ServerDied, match="MERCADO_JWT_SECRET"):
        server(env={"MERCADO_JWT_SECRET": "too-short"})


def test_a_generated_secret_is_kept_in_the_database(server):
    first = server()
    token = login(first, "john@mail.com", "changeme")["access_token"]
    assert first.stop() == 0
    second = server(db_path=first.db_path)
    assert profile_status(second, token) == 200
    other = server()  # another deployment, another key
    assert profile_status(other, token) == 401


def test_another_key_signs_everyone_out(server):
    srv = server(env={"MERCADO_JWT_SECRET": SECRET})
    token = login(srv, "john@mail.com", "changeme")["access_token"]
    assert srv.stop() == 0
    rotated = server(db_path=srv.db_path, env={"MERCADO_JWT_SECRET": SECRET[::-1]})
    assert profile_status(rotated, token) == 401
