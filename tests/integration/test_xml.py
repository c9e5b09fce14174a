"""XML representations and XML request bodies."""

import json
import time
import xml.etree.ElementTree as ET

import pytest

from mercado_helpers import SEED_CATEGORIES, SEED_PRODUCTS, product_body

API = "/api/v1"
XML = {"Accept": "application/xml"}
XML_BODY = {"Content-Type": "application/xml"}
PRODUCT_CHILDREN = ["id", "title", "slug", "price", "description", "category", "images",
                    "stock", "creationAt", "updatedAt"]
CATEGORY_CHILDREN = ["id", "name", "slug", "image", "creationAt", "updatedAt"]


def get_xml(srv, path, accept="application/xml"):
    status, headers, raw = srv.request("GET", path, headers={"Accept": accept})
    assert status == 200, raw
    assert headers["content-type"].startswith("application/xml")
    assert raw.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    return ET.fromstring(raw)


def product_xml(title="XML Lamp", price="12.5", description="Made from XML.", category="1",
                images=("http://img.example.com/x1.png",), extra=""):
    parts = ["<product>"]
    if title is not None:
        parts.append(f"<title>{title}</title>")
    if price is not None:
        parts.append(f"<price>{price}</price>")
    if description is not None:
        parts.append(f"<description>{description}</description>")
    if category is not None:
        parts.append(f"<categoryId>{category}</categoryId>")
    if images is not None:
        parts.append("<images>" + "".join(f"<image>{u}</image>" for u in images) + "</images>")
    parts.append(extra + "</product>")
    return "".join(parts)


def xml_to_dict(product):
    """A <product> element as the JSON shape, for comparing the two representations."""
    def text(e, name):
        return e.findtext(name)
    category = product.find("category")
    price = text(product, "price")
    return {
        "id": int(text(product, "id")),
        "title": text(product, "title"),
        "slug": text(product, "slug"),
        "price": float(price) if "." in price else int(price),
        "description": text(product, "description"),
        "category": {"id": int(text(category, "id")), "name": text(category, "name"),
                     "slug": text(category, "slug"), "image": text(category, "image"),
                     "creationAt": text(category, "creationAt"),
                     "updatedAt": text(category, "updatedAt")},
        "images": [i.text for i in product.find("images").findall("image")],
        "stock": int(text(product, "stock")),
        "creationAt": text(product, "creationAt"),
        "updatedAt": text(product, "updatedAt"),
    }


# --- representations ---------------------------------------------------------------------------


def test_get_product_as_xml_has_one_element_per_field(shared_sandbox):
    product = get_xml(shared_sandbox, f"{API}/products/22")
    assert product.tag == "product"
    assert [c.tag for c in product] == PRODUCT_CHILDREN
    assert [c.tag for c in product.find("category")] == CATEGORY_CHILDREN
    images = product.find("images")
    assert [i.tag for i in images] == ["image", "image"]
    assert product.findtext("title") == "Café Bistro Chair Pair"
    assert product.findtext("price") == "159"
    # the same data as the JSON form
    assert xml_to_dict(product) == shared_sandbox.get(f"{API}/products/22")


def test_get_product_as_text_xml(shared_sandbox):
    product = get_xml(shared_sandbox, f"{API}/products/32", accept="text/xml")
    assert product.findtext("price") == "129.99"


def test_get_products_as_xml_is_wrapped_list(shared_sandbox):
    products = get_xml(shared_sandbox, f"{API}/products")
    assert products.tag == "products"
    items = products.findall("product")
    assert len(items) == len(list(products)) == 70
    assert [int(p.findtext("id")) for p in items] == list(range(1, 71))
    assert [p.findtext("title") for p in items] == [SEED_PRODUCTS[i]["title"] for i in range(1, 71)]
    json_list = shared_sandbox.get(f"{API}/products")
    assert [xml_to_dict(p) for p in items] == json_list


def test_get_products_empty_list_as_xml(shared_sandbox):
    products = get_xml(shared_sandbox, f"{API}/products?title=zzzzzz")
    assert products.tag == "products" and list(products) == []


def test_get_categories_as_xml(shared_sandbox):
    categories = get_xml(shared_sandbox, f"{API}/categories")
    assert categories.tag == "categories"
    assert [c.findtext("name") for c in categories.findall("category")] == SEED_CATEGORIES
    one = get_xml(shared_sandbox, f"{API}/categories/6")
    assert one.tag == "category" and [c.tag for c in one] == CATEGORY_CHILDREN


def test_get_category_with_ampersand_is_escaped_in_xml(shared_sandbox):
    status, _, raw = shared_sandbox.request("GET", f"{API}/categories/6", headers=XML)
    assert b"<name>Sports &amp; Outdoors</name>" in raw
    assert ET.fromstring(raw).findtext("name") == "Sports & Outdoors"


def test_get_related_and_category_products_as_xml(shared_sandbox):
    related = get_xml(shared_sandbox, f"{API}/products/45/related")
    assert related.tag == "products"
    assert [int(p.findtext("id")) for p in related] == [i for i in range(41, 51) if i != 45]
    listed = get_xml(shared_sandbox, f"{API}/categories/6/products?limit=3")
    assert [int(p.findtext("id")) for p in listed] == [51, 52, 53]


def test_problem_as_xml(shared_sandbox):
    status, headers, raw = shared_sandbox.request("GET", f"{API}/products/99999", headers=XML)
    assert status == 404
    assert headers["content-type"].startswith("application/problem+xml")
    problem = ET.fromstring(raw)
    assert problem.findtext("type") == "about:blank"
    assert problem.findtext("status") == "404"
    assert problem.findtext("title") == "Not Found"
    assert problem.findtext("instance") == f"{API}/products/99999"
    assert problem.findtext("detail") and problem.findtext("message") == problem.findtext("detail")


def test_validation_problem_as_xml_lists_errors(sandbox):
    status, headers, raw = sandbox.request("GET", f"{API}/products?limit=0&offset=x", headers=XML)
    assert status == 400
    assert headers["content-type"].startswith("application/problem+xml")
    problem = ET.fromstring(raw)
    fields = [e.findtext("field") for e in problem.find("errors").findall("error")]
    assert set(fields) == {"limit", "offset"}
    assert all(e.findtext("message") for e in problem.find("errors"))


# --- XML request bodies ------------------------------------------------------------------------


def test_post_product_xml_body_creates_like_json(sandbox):
    status, headers, raw = sandbox.request(
        "POST", f"{API}/products",
        product_xml(title="Twin Light", price="12.5", category="6",
                    images=("http://img.example.com/1.png", "https://img.example.com/2.png")),
        XML_BODY)
    assert status == 201, raw
    # Accept was not XML: the answer is JSON, whatever the body was
    assert headers["content-type"].startswith("application/json")
    assert json.loads(raw)["title"] == "Twin Light"
    as_json = sandbox.get(headers["location"])
    assert as_json["title"] == "Twin Light" and as_json["slug"] == "twin-light"
    assert as_json["price"] == 12.5
    assert as_json["description"] == "Made from XML."
    assert as_json["category"]["id"] == 6
    assert as_json["images"] == ["http://img.example.com/1.png", "https://img.example.com/2.png"]
    # the equivalent JSON body creates the same product (apart from id, slug, times)
    status, _, twin = sandbox.json("POST", f"{API}/products", product_body(
        title="Twin Light", price=12.5, description="Made from XML.", categoryId=6,
        images=["http://img.example.com/1.png", "https://img.example.com/2.png"]))
    assert status == 201
    for field in ("title", "price", "description", "category", "images"):
        assert twin[field] == as_json[field]
    assert twin["slug"] == "twin-light-2"


def test_post_product_xml_body_with_xml_answer(sandbox):
    status, headers, raw = sandbox.request("POST", f"{API}/products", product_xml(),
                                           {"Content-Type": "text/xml", "Accept": "application/xml"})
    assert status == 201
    assert headers["content-type"].startswith("application/xml")
    product = ET.fromstring(raw)
    assert product.tag == "product" and product.findtext("title") == "XML Lamp"
    assert headers["location"] == f"{API}/products/{product.findtext('id')}"


def test_post_product_xml_single_image(sandbox):
    status, _, raw = sandbox.request("POST", f"{API}/products",
                                     product_xml(images=("http://img.example.com/only.png",)),
                                     XML_BODY)
    assert status == 201
    product_id = json.loads(raw)["id"]
    assert sandbox.get(f"{API}/products/{product_id}")["images"] == ["http://img.example.com/only.png"]


def test_xml_escaping_round_trips(sandbox):
    title = "Salt &amp; Pepper &lt;Deluxe&gt; &quot;Set&quot; &#233;"
    description = "Tom &amp; Jerry's &lt;b&gt;bold&lt;/b&gt; mill &#x1F600;"
    status, headers, raw = sandbox.request(
        "POST", f"{API}/products", product_xml(title=title, description=description), XML_BODY)
    assert status == 201, raw
    as_json = sandbox.get(headers["location"])
    assert as_json["title"] == 'Salt & Pepper <Deluxe> "Set" é'
    assert as_json["description"] == "Tom & Jerry's <b>bold</b> mill 😀"
    back = get_xml(sandbox, headers["location"])
    assert back.findtext("title") == as_json["title"]
    assert back.findtext("description") == as_json["description"]
    # and JSON-created text with markup characters comes back intact as XML
    status, headers, _ = sandbox.json("POST", f"{API}/products",
                                      product_body(title="A < B & C > D", description="]]> & <!--"))
    assert status == 201
    again = get_xml(sandbox, headers["location"])
    assert again.findtext("title") == "A < B & C > D"
    assert again.findtext("description") == "]]> & <!--"


def test_post_product_xml_with_cdata(sandbox):
    status, headers, raw = sandbox.request(
        "POST", f"{API}/products",
        product_xml(description="<![CDATA[Fish & <Chips>]]>"), XML_BODY)
    assert status == 201, raw
    assert sandbox.get(headers["location"])["description"] == "Fish & <Chips>"


def test_post_product_xml_validation_errors(sandbox):
    status, headers, raw = sandbox.request(
        "POST", f"{API}/products",
        product_xml(title="", price="12.345", category="abc", images=("nope",), description=None),
        {"Content-Type": "application/xml", "Accept": "application/xml"})
    assert status == 400
    assert headers["content-type"].startswith("application/problem+xml")
    fields = {e.findtext("field") for e in ET.fromstring(raw).find("errors")}
    assert fields == {"title", "price", "categoryId", "images[0]", "description"}


def test_post_product_xml_empty_images_is_400(sandbox):
    status, _, raw = sandbox.request("POST", f"{API}/products", product_xml(images=()), XML_BODY)
    assert status == 400
    assert "images" in [e["field"] for e in json.loads(raw)["errors"]]


def test_patch_product_xml_body(sandbox):
    status, _, raw = sandbox.request("PATCH", f"{API}/products/3",
                                     "<product><price>70.25</price></product>", XML_BODY)
    assert status == 200, raw
    after = sandbox.get(f"{API}/products/3")
    assert after["price"] == 70.25 and after["title"] == "Slim Fit Stretch Chinos"
    status, _, raw = sandbox.request(
        "PATCH", f"{API}/products/3",
        "<product><title>Chinos &amp; Co</title><categoryId>2</categoryId></product>", XML_BODY)
    assert status == 200
    after = sandbox.get(f"{API}/products/3")
    assert after["title"] == "Chinos & Co" and after["slug"] == "chinos-co"
    assert after["category"]["id"] == 2


def test_post_category_xml_body(sandbox):
    status, headers, raw = sandbox.request(
        "POST", f"{API}/categories",
        "<category><name>Toys &amp; Games</name><image>https://img.example.com/t.png</image>"
        "</category>", XML_BODY)
    assert status == 201, raw
    created = sandbox.get(headers["location"])
    assert created["name"] == "Toys & Games" and created["slug"] == "toys-games"


@pytest.mark.parametrize("body", ["<product><title>x</title>", "not xml at all", "",
                                  "<product><title>x</price></product>", "<a></a><b></b>"])
def test_post_product_malformed_xml_is_400(sandbox, body):
    status, headers, raw = sandbox.request("POST", f"{API}/products", body, XML_BODY)
    assert status == 400, raw
    assert headers["content-type"].startswith("application/problem+json")
    assert len(sandbox.get(f"{API}/products")) == 70


def test_post_product_xml_invalid_utf8_is_400(sandbox):
    body = product_xml(title="Caf\udce9").encode("utf-8", "surrogateescape")
    status, _, _ = sandbox.request("POST", f"{API}/products", body, XML_BODY)
    assert status == 400
    assert len(sandbox.get(f"{API}/products")) == 70


def test_post_product_xml_with_doctype_is_400(sandbox):
    body = '<?xml version="1.0"?><!DOCTYPE product><product><title>x</title></product>'
    status, _, raw = sandbox.request("POST", f"{API}/products", body, XML_BODY)
    assert status == 400, raw


def test_post_product_xml_billion_laughs_is_refused_quickly(sandbox):
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    body = (f'<?xml version="1.0"?><!DOCTYPE product [{entities}]>'
            + product_xml(title="&lol9;", description="&lol9;"))
    start = time.monotonic()
    status, _, raw = sandbox.request("POST", f"{API}/products", body, XML_BODY)
    elapsed = time.monotonic() - start
    assert status == 400, raw
    assert elapsed < 1.0, elapsed
    assert sandbox.get(f"{API}/products?title=lol") == []
    assert sandbox.get(f"{API}/products/1")["id"] == 1


def test_post_product_xml_external_entity_is_refused(sandbox):
    body = ('<?xml version="1.0"?><!DOCTYPE product [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
            + product_xml(description="&xxe;"))
    status, _, raw = sandbox.request("POST", f"{API}/products", body, XML_BODY)
    assert status == 400
    assert b"root:" not in raw
    assert all("root:" not in p["description"] for p in sandbox.get(f"{API}/products"))


def test_post_product_xml_undeclared_entity_is_not_expanded(sandbox):
    status, headers, raw = sandbox.request("POST", f"{API}/products",
                                           product_xml(description="a &unknown; b"), XML_BODY)
    if status == 201:
        assert "passwd" not in sandbox.get(headers["location"])["description"]
    else:
        assert status == 400


def test_post_product_deeply_nested_xml_does_not_crash(sandbox):
    depth = 50_000
    body = product_xml(extra="<x>" * depth + "</x>" * depth)
    status, _, _ = sandbox.request("POST", f"{API}/products", body, XML_BODY)
    assert status in (201, 400)
    assert sandbox.get(f"{API}/products/1")["id"] == 1


def test_delete_product_answer_as_xml(sandbox):
    status, headers, raw = sandbox.request("DELETE", f"{API}/products/10", headers=XML)
    assert status == 200
    assert headers["content-type"].startswith("application/xml")
    assert ET.fromstring(raw).text == "true"


@pytest.mark.parametrize("char", ["\uffff", "\ufffe"])
def test_xml_stays_well_formed_with_noncharacters_in_text(sandbox, char):
    status, headers, body = sandbox.json("POST", f"{API}/products",
                                         product_body(title=f"Odd {char} Lamp"))
    if status == 400:
        return  # refusing such text is a fine answer too
    assert status == 201
    for path in (headers["location"], f"{API}/products", f"{API}/products?title=odd"):
        status, _, raw = sandbox.request("GET", path, headers=XML)
        assert status == 200
        ET.fromstring(raw)  # raises if not well-formed


def test_xml_keeps_carriage_returns_in_description(sandbox):
    # a raw CR would be read back as LF by any XML parser; it must be written as &#13;
    text = "Line one.\r\nLine two."
    status, headers, _ = sandbox.json("POST", f"{API}/products", product_body(description=text))
    assert status == 201
    assert sandbox.get(headers["location"])["description"] == text
    assert get_xml(sandbox, headers["location"]).findtext("description") == text
