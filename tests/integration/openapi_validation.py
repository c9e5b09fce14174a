"""Checks responses against the API description, docs/openapi.json.

conftest's MercadoServer.request() hands every response here, so each test that speaks HTTP
also checks that the server answers what the document says: the status is one the operation
lists (or a generic error its `default` response covers), the Content-Type is one of the
documented media types, and a JSON body validates against the documented schema (an XML body
must be well-formed, with the documented root element).

Requests the document cannot describe are held to less:
- a path no route matches (404 "No such route", a malformed target): the answer must be an
  error with a problem-shaped body;
- a documented path with an undocumented method: 405 (or another error) as a problem, and
  OPTIONS: 204 with Allow and no body;
- HEAD: status and Content-Type of the GET, no body; 304 and 204: no body.

MERCADO_SKIP_OPENAPI=1 turns the checks off, for debugging only.
"""

import gzip
import json
import os
import threading
import xml.etree.ElementTree as ET
from decimal import Decimal, InvalidOperation
from urllib.parse import parse_qs, urlsplit

from mercado_helpers import REPO

try:
    from jsonschema import Draft202012Validator, RefResolver, ValidationError, validators
except ImportError:  # reported by check_response, unless the checks are off
    Draft202012Validator = None

SPEC_PATH = os.path.join(REPO, "docs", "openapi.json")

# Statuses that any route may answer with before or around its handler (a malformed request,
# a method the path lacks, a body over the limit, headers over the limit, a bug, a transfer
# coding the server lacks, the connection cap): each operation's `default` response documents
# them.
GENERIC_STATUSES = {400, 405, 413, 431, 500, 501, 503}
OPERATION_METHODS = ("get", "put", "post", "delete", "patch", "options", "head", "trace")
BODYLESS_STATUSES = {204, 304}


class OpenApiMismatch(AssertionError):
    """A response that docs/openapi.json does not describe."""


def enabled():
    return os.environ.get("MERCADO_SKIP_OPENAPI") != "1"


# --- schema validation ---------------------------------------------------------------------


def _multiple_of(validator, factor, instance, schema):
    """multipleOf in decimal arithmetic: 129.99 is a multiple of 0.01, though not in binary
    floating point, where the stock check would refuse it."""
    if not validator.is_type(instance, "number") or isinstance(instance, bool):
        return
    try:
        quotient = Decimal(str(instance)) / Decimal(str(factor))
    except (InvalidOperation, ArithmeticError):
        yield ValidationError(f"{instance!r} is not a multiple of {factor}")
        return
    if quotient != quotient.to_integral_value():
        yield ValidationError(f"{instance!r} is not a multiple of {factor}")


def _no_required(validator, required, instance, schema):
    return None


if Draft202012Validator is not None:
    StrictValidator = validators.extend(Draft202012Validator, {"multipleOf": _multiple_of})
    # For `fields=…` (a sparse fieldset): the objects hold only the fields asked for.
    SparseValidator = validators.extend(StrictValidator, {"required": _no_required})


class OpenApiDocument:
    def __init__(self, path=SPEC_PATH):
        with open(path, encoding="utf-8") as f:
            self.spec = json.load(f)
        self.templates = []  # (segments, template, path item)
        for template, item in self.spec["paths"].items():
            segments = [None if s.startswith("{") and s.endswith("}") else s
                        for s in template.split("/")[1:]]
            self.templates.append((segments, template, item))
        self.problem_schema = {"$ref": "#/components/schemas/Problem"}
        # A RefResolver keeps a stack of scopes while it validates: one set per thread, as
        # tests send requests from several threads at once.
        self._local = threading.local()

    def deref(self, node):
        """Follows local references (#/components/...) to the node they name."""
        while isinstance(node, dict) and "$ref" in node:
            pointer = node["$ref"]
            assert pointer.startswith("#/"), f"only local references are supported: {pointer}"
            node = self.spec
            for part in pointer[2:].split("/"):
                node = node[part.replace("~1", "/").replace("~0", "~")]
        return node

    def validator(self, schema, sparse=False):
        cache = getattr(self._local, "validators", None)
        if cache is None:
            cache = self._local.validators = {}
        key = (json.dumps(schema, sort_keys=True), sparse)
        found = cache.get(key)
        if found is None:
            cls = SparseValidator if sparse else StrictValidator
            found = cls(schema, resolver=RefResolver(base_uri="", referrer=self.spec))
            cache[key] = found
        return found

    def matching_paths(self, path):
        """Path items whose template matches `path`, most literal first (literal segments
        win over parameters, left to right, as the server's router has it)."""
        # One trailing slash names the same route (the server's rule): "/products/" is
        # "/products"; "//" is not stripped.
        if len(path) > 2 and path.endswith("/") and not path.endswith("//"):
            path = path[:-1]
        segments = path.split("/")[1:] if path.startswith("/") else None
        if segments is None:
            return []
        found = []
        for template_segments, template, item in self.templates:
            if len(template_segments) != len(segments):
                continue
            if all(s == t if t is not None else s != ""
                   for s, t in zip(segments, template_segments)):
                rank = tuple(1 if t is None else 0 for t in template_segments)
                found.append((rank, template, item))
        found.sort(key=lambda entry: entry[0])
        return [(template, item) for _, template, item in found]


_document = None
_document_lock = threading.Lock()


def document():
    global _document
    if Draft202012Validator is None:
        raise OpenApiMismatch("the response checks need python3-jsonschema "
                              "(scripts/install-deps.sh --test)")
    with _document_lock:
        if _document is None:
            _document = OpenApiDocument()
        return _document


# --- helpers -------------------------------------------------------------------------------


def _media_type(content_type):
    return content_type.split(";", 1)[0].strip().lower() if content_type else ""


def _decoded_body(headers, body):
    if headers.get("content-encoding", "").strip().lower() == "gzip" and body:
        return gzip.decompress(body)
    return body


def _xml_name(doc, schema):
    schema = doc.deref(schema)
    if isinstance(schema, dict):
        return (schema.get("xml") or {}).get("name")
    return None


def _schema_errors(doc, schema, instance, sparse):
    validator = doc.validator(schema, sparse)
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
    return [f"at {'/'.join(str(p) for p in e.absolute_path) or '(root)'}: {e.message}"
            for e in errors[:5]]


def _check_body(doc, schema, media, body, sparse):
    """Problems with a body of documented media type `media`: a list of strings."""
    if media.endswith("json"):
        try:
            instance = json.loads(body)
        except ValueError as error:
            return [f"body is not valid JSON ({error})"]
        return _schema_errors(doc, schema, instance, sparse) if schema is not None else []
    if media.endswith("xml") and not media.startswith("image/"):
        try:
            root = ET.fromstring(body)
        except ET.ParseError as error:
            return [f"body is not well-formed XML ({error})"]
        expected = _xml_name(doc, schema) if schema is not None else None
        if expected and root.tag != expected:
            return [f"XML root element is <{root.tag}>, the document says <{expected}>"]
    return []


def _check_problem(doc, headers, body, status):
    """An error answer the document cannot pin to an operation: a problem detail."""
    failures = []
    if status < 400:
        return [f"status {status} on a request no operation describes (expected an error)"]
    media = _media_type(headers.get("content-type", ""))
    if media not in ("application/problem+json", "application/problem+xml"):
        return [f"Content-Type {headers.get('content-type')!r} is not a problem type"]
    failures += _check_body(doc, doc.problem_schema, media, _decoded_body(headers, body), False)
    return failures


def _fail(method, target, status, headers, body, failures, where):
    snippet = body[:300] if isinstance(body, (bytes, bytearray)) else body
    raise OpenApiMismatch(
        f"response does not match docs/openapi.json ({where}):\n"
        f"  {method} {target} -> {status} "
        f"(Content-Type: {headers.get('content-type')!r})\n"
        + "".join(f"  - {f}\n" for f in failures)
        + f"  body: {snippet!r}\n"
        "  (fix the server or docs/openapi.json; MERCADO_SKIP_OPENAPI=1 skips this check)")


# --- the check -----------------------------------------------------------------------------


def check_response(method, target, status, headers, body):
    """Raises OpenApiMismatch when the response to `method target` is not what
    docs/openapi.json describes. `headers`: lower-cased names; `body`: the raw bytes."""
    if not enabled() or status < 200:
        return
    doc = document()
    method = method.upper()
    parts = urlsplit(target) if not target.startswith("/") else urlsplit("http://h" + target)
    path = parts.path
    query = parse_qs(parts.query, keep_blank_values=True)
    has_body = bool(body) and method != "HEAD"

    candidates = doc.matching_paths(path)
    if not candidates:
        if status >= 400:
            failures = _check_problem(doc, headers, body, status) if has_body else []
        else:
            failures = [f"status {status} for a path that no documented route matches"]
        if failures:
            _fail(method, target, status, headers, body, failures, "no documented path")
        return

    wanted = "get" if method == "HEAD" else method.lower()
    with_operation = [(t, item) for t, item in candidates if wanted in item]
    if not with_operation:
        allowed = sorted({m.upper() for _, item in candidates for m in item
                          if m in OPERATION_METHODS})
        where = f"{method} is not documented on {candidates[0][0]} (documented: {allowed})"
        if method == "OPTIONS" and status == 204:
            failures = []
            if "allow" not in headers:
                failures.append("OPTIONS answer without an Allow header")
            if has_body:
                failures.append("OPTIONS 204 with a body")
        elif status >= 400:
            failures = _check_problem(doc, headers, body, status) if has_body else []
        else:
            failures = [f"status {status}: expected 405 (or another error)"]
        if failures:
            _fail(method, target, status, headers, body, failures, where)
        return

    template, item = with_operation[0]
    operation = item[wanted]
    where = f"operation {operation.get('operationId')} {wanted.upper()} {template}"
    responses = operation.get("responses", {})
    response = responses.get(str(status))
    if response is None and status in GENERIC_STATUSES:
        response = responses.get("default")
    if response is None:
        documented = ", ".join(sorted(k for k in responses if k != "default"))
        if "default" in responses:
            documented += f"; default covers {sorted(GENERIC_STATUSES)}"
        _fail(method, target, status, headers, body,
              [f"status {status} is not documented (documented: {documented})"], where)
    response = doc.deref(response)
    content = response.get("content") or {}

    if status in BODYLESS_STATUSES:
        if has_body:
            _fail(method, target, status, headers, body, [f"a {status} must have no body"], where)
        return
    if not content:
        if has_body:
            _fail(method, target, status, headers, body,
                  ["the document describes no body for this status, but there is one"], where)
        return

    content_type = headers.get("content-type", "")
    media = _media_type(content_type)
    documented = {_media_type(k): v for k, v in content.items()}
    if not media:
        if has_body:
            _fail(method, target, status, headers, body, ["a body without a Content-Type"], where)
        return
    if media not in documented:
        _fail(method, target, status, headers, body,
              [f"Content-Type {content_type!r} is not documented "
               f"(documented: {', '.join(content)})"], where)
    if not has_body:
        return
    schema = documented[media].get("schema")
    sparse = 200 <= status < 300 and "fields" in query
    failures = _check_body(doc, schema, media, _decoded_body(headers, body), sparse)
    if failures:
        _fail(method, target, status, headers, body, failures, where)
