#include "http/multipart.hpp"

#include <gtest/gtest.h>

#include <string>

namespace mercado::http {
namespace {

using domain::ErrorCode;

constexpr std::string_view kBoundary = "XyZ";

// Test bodies are written with "\n"; the wire has CRLF. Parsed parts are views into the body,
// so each test keeps its body in a named string.
std::string crlf(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

// One part with the given header lines and body, delimiter line included.
std::string part(std::string_view headers, std::string_view body) {
  return "--" + std::string(kBoundary) + "\r\n" + crlf(headers) + "\r\n" + std::string(body) +
         "\r\n";
}
std::string field(std::string_view name, std::string_view value) {
  return part("Content-Disposition: form-data; name=\"" + std::string(name) + "\"\n", value);
}
std::string close() { return "--" + std::string(kBoundary) + "--\r\n"; }

bool within(std::string_view view, std::string_view whole) {
  return view.data() >= whole.data() && view.data() + view.size() <= whole.data() + whole.size();
}

// Expects a kInvalidInput refusal whose detail contains `expected`.
void expect_refused(std::string_view body, std::string_view expected,
                    const MultipartLimits& limits = {}) {
  const auto parts = parse_multipart(body, kBoundary, limits);
  ASSERT_FALSE(parts) << body;
  EXPECT_EQ(parts.error().code, ErrorCode::kInvalidInput);
  EXPECT_NE(parts.error().detail.find(expected), std::string::npos) << parts.error().detail;
}

TEST(MultipartBoundary, ReadsAnUnquotedBoundary) {
  const std::string_view header = "multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxk";
  const auto boundary = multipart_boundary(header);
  ASSERT_TRUE(boundary);
  EXPECT_EQ(*boundary, "----WebKitFormBoundary7MA4YWxk");
  EXPECT_TRUE(within(*boundary, header));
}

TEST(MultipartBoundary, ReadsAQuotedBoundaryWithSpacesAndSeparators) {
  const auto boundary = multipart_boundary(R"(multipart/form-data; boundary="a b:c/d=e?")");
  ASSERT_TRUE(boundary);
  EXPECT_EQ(*boundary, "a b:c/d=e?");
}

TEST(MultipartBoundary, IgnoresCaseOtherParametersAndWhiteSpace) {
  const auto boundary = multipart_boundary(" Multipart/Form-Data ; charset=utf-8;BOUNDARY = x ");
  ASSERT_TRUE(boundary);
  EXPECT_EQ(*boundary, "x");
}

TEST(MultipartBoundary, RefusesOtherMediaTypes) {
  for (const char* type : {"", "application/json", "multipart/mixed; boundary=x",
                           "multipart/form-datax; boundary=x", "text/plain; boundary=x"}) {
    const auto boundary = multipart_boundary(type);
    ASSERT_FALSE(boundary) << type;
    EXPECT_EQ(boundary.error().code, ErrorCode::kUnsupportedMediaType) << type;
  }
}

TEST(MultipartBoundary, AcceptsSeventyCharactersAndRefusesSeventyOne) {
  const std::string seventy(70, 'b');
  EXPECT_TRUE(multipart_boundary("multipart/form-data; boundary=" + seventy));
  EXPECT_FALSE(multipart_boundary("multipart/form-data; boundary=" + seventy + "b"));
}

TEST(MultipartBoundary, RefusesMissingEmptyRepeatedAndForbiddenBoundaries) {
  for (const char* type :
       {"multipart/form-data", "multipart/form-data; charset=utf-8",
        "multipart/form-data; boundary=\"\"", "multipart/form-data; boundary=",
        "multipart/form-data; boundary", "multipart/form-data boundary=x",
        "multipart/form-data; boundary=\"x", "multipart/form-data; boundary=x; boundary=x",
        "multipart/form-data; boundary=a@b", "multipart/form-data; boundary=\"a;b\"",
        "multipart/form-data; boundary=\"a\\\"b\"", "multipart/form-data; boundary=\"a\\b\"",
        "multipart/form-data; boundary=\"ab \"", "multipart/form-data; boundary=\"\xc3\xa8\"",
        "multipart/form-data; boundary=x y", "multipart/form-data; boundary=x;"}) {
    const auto boundary = multipart_boundary(type);
    ASSERT_FALSE(boundary) << type;
    EXPECT_EQ(boundary.error().code, ErrorCode::kInvalidInput) << type;
    ASSERT_EQ(boundary.error().fields.size(), 1u) << type;
    EXPECT_EQ(boundary.error().fields[0].field, "Content-Type");
  }
}

TEST(ParseMultipart, ReadsFieldsAndAFile) {
  const std::string bytes("\x89PNG\r\n\x1a\n\0--XyZ\r\n-", 15);
  const std::string body =
      field("title", "Walnut desk") +
      part(
          "Content-Disposition: form-data; name=\"file\"; filename=\"desk.png\"\n"
          "Content-Type: image/png\n",
          bytes) +
      close();
  const auto parts = parse_multipart(body, kBoundary);
  ASSERT_TRUE(parts) << parts.error().detail;
  ASSERT_EQ(parts->size(), 2u);
  EXPECT_EQ((*parts)[0].name, "title");
  EXPECT_EQ((*parts)[0].filename, "");
  EXPECT_EQ((*parts)[0].content_type, "");
  EXPECT_EQ((*parts)[0].body, "Walnut desk");
  EXPECT_EQ((*parts)[1].name, "file");
  EXPECT_EQ((*parts)[1].filename, "desk.png");
  EXPECT_EQ((*parts)[1].content_type, "image/png");
  EXPECT_EQ((*parts)[1].body, bytes);
  for (const auto& each : *parts) {
    EXPECT_TRUE(within(each.body, body));
    EXPECT_TRUE(each.content_type.empty() || within(each.content_type, body));
  }
  ASSERT_NE(find_part(*parts, "file"), nullptr);
  EXPECT_EQ(find_part(*parts, "file")->filename, "desk.png");
  EXPECT_EQ(find_part(*parts, "File"), nullptr);
  EXPECT_EQ(find_part(*parts, "missing"), nullptr);
}

TEST(ParseMultipart, FindPartReturnsTheFirstOfRepeatedNames) {
  const std::string parts_body = field("a", "1") + field("a", "2") + close();
  const auto parts = parse_multipart(parts_body, kBoundary);
  ASSERT_TRUE(parts);
  EXPECT_EQ(find_part(*parts, "a")->body, "1");
}

TEST(ParseMultipart, IgnoresPreambleAndEpilogue) {
  const std::string parts_body =
      "preamble --XyZ\r\n" + field("a", "1") + "--XyZ--\r\nepilogue\r\n--XyZ\r\nnot a part";
  const auto parts = parse_multipart(parts_body, kBoundary);
  ASSERT_TRUE(parts) << parts.error().detail;
  ASSERT_EQ(parts->size(), 1u);
  EXPECT_EQ((*parts)[0].body, "1");
}

TEST(ParseMultipart, RefusesABoundaryPrefixedLineInThePreamble) {
  expect_refused("preamble\r\n--XyZx\r\n" + field("a", "1") + close(),
                 "boundary line is malformed");
}

TEST(ParseMultipart, KeepsBoundaryLikeTextThatIsNotADelimiter) {
  // Mid-line, after a bare LF or CR, a shorter or different boundary: all part of the body.
  const std::string text = "a --XyZ b\n--XyZ\r--XyZ\r\n-XyZ\r\n--Xy\r\n--XyY--\r\n";
  const std::string parts_body = field("a", text) + close();
  const auto parts = parse_multipart(parts_body, kBoundary);
  ASSERT_TRUE(parts) << parts.error().detail;
  EXPECT_EQ((*parts)[0].body, text);
}

TEST(ParseMultipart, TheCrlfBeforeADelimiterBelongsToIt) {
  const std::string parts_body = field("a", "line\r\n") + close();
  const auto parts = parse_multipart(parts_body, kBoundary);
  ASSERT_TRUE(parts);
  EXPECT_EQ((*parts)[0].body, "line\r\n");
}

TEST(ParseMultipart, ReadsHeaderNamesInAnyCaseAndEscapedValues) {
  const std::string body =
      part(
          "content-disposition: FORM-DATA; NAME=\"a\\\"b\\\\c\"; FileName=\"x \\\"y\\\".png\"\n"
          "CONTENT-TYPE:image/gif \n",
          "1") +
      part(
          "Content-Disposition: form-data;name=plain;filename*=UTF-8''%C3%A8.png\n"
          "Content-Transfer-Encoding: binary\nX-Other: ignored\n",
          "2") +
      close();
  const auto parts = parse_multipart(body, kBoundary);
  ASSERT_TRUE(parts) << parts.error().detail;
  EXPECT_EQ((*parts)[0].name, "a\"b\\c");
  EXPECT_EQ((*parts)[0].filename, "x \"y\".png");
  EXPECT_EQ((*parts)[0].content_type, "image/gif");
  EXPECT_EQ((*parts)[1].name, "plain");
  EXPECT_EQ((*parts)[1].filename, "");
}

TEST(ParseMultipart, AcceptsTransportPaddingAndAnEndWithoutCrlf) {
  const std::string body =
      "--XyZ \t\r\nContent-Disposition: form-data; name=a\r\n\r\n1"
      "\r\n--XyZ\t\r\nContent-Disposition: form-data; name=b\r\n\r\n2"
      "\r\n--XyZ-- ";
  const auto parts = parse_multipart(body, kBoundary);
  ASSERT_TRUE(parts) << parts.error().detail;
  ASSERT_EQ(parts->size(), 2u);
  EXPECT_EQ((*parts)[1].body, "2");
}

TEST(ParseMultipart, ReadsEmptyFileBodies) {
  const std::string with_blank_line =
      part("Content-Disposition: form-data; name=file; filename=\"\"\n", "") + close();
  const std::string headers_only =
      "--XyZ\r\nContent-Disposition: form-data; name=file\r\n\r\n--XyZ--";
  for (const std::string& body : {with_blank_line, headers_only}) {
    const auto parts = parse_multipart(body, kBoundary);
    ASSERT_TRUE(parts) << parts.error().detail;
    EXPECT_EQ((*parts)[0].body, "");
    EXPECT_TRUE(within((*parts)[0].body, body));
  }
}

TEST(ParseMultipart, RefusesBareLfLineEndings) {
  expect_refused("--XyZ\nContent-Disposition: form-data; name=a\n\n1\n--XyZ--\n",
                 "boundary line is malformed");
  expect_refused("--XyZ\r\nContent-Disposition: form-data; name=a\n\n1\r\n--XyZ--",
                 "do not end in a line break");
  expect_refused("--XyZ\r\nContent-Disposition: form-data; name=a\r\nX: 1\n\r\n\r\n1\r\n--XyZ--",
                 "control character");
}

TEST(ParseMultipart, RefusesBodiesWithoutACloseDelimiter) {
  expect_refused(field("a", "1"), "ends before its closing boundary");
  expect_refused(field("a", "1") + "--XyZ", "ends before its closing boundary");
  expect_refused(field("a", "1") + "--XyZ  ", "ends before its closing boundary");
  expect_refused(field("a", "1") + "--XyZ\r\n", "ends before its closing boundary");
  expect_refused("--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n1", "closing boundary");
}

TEST(ParseMultipart, RefusesMalformedFraming) {
  expect_refused("", "no multipart boundary line");
  expect_refused("just text\r\n", "no multipart boundary line");
  expect_refused(close(), "no parts");
  expect_refused(field("a", "1") + "--XyZ--x", "closing multipart boundary line is malformed");
  expect_refused(field("a", "1\r\n--XyZabc") + close(), "boundary may not appear inside a part");
  EXPECT_FALSE(parse_multipart(field("a", "1") + close(), ""));
  EXPECT_FALSE(parse_multipart(field("a", "1") + close(), std::string(71, 'X')));
}

TEST(ParseMultipart, RefusesPartsWithoutAFormDataName) {
  expect_refused(part("Content-Type: text/plain\n", "1") + close(), "no Content-Disposition");
  expect_refused("--XyZ\r\n\r\nbody\r\n" + close(), "no Content-Disposition");
  expect_refused("--XyZ\r\n\r\n--XyZ--", "no Content-Disposition");
  expect_refused(part("Content-Disposition: attachment; name=a\n", "1") + close(),
                 "is not form-data");
  expect_refused(part("Content-Disposition: form-data\n", "1") + close(), "no field name");
  expect_refused(part("Content-Disposition: form-data; name=\"\"\n", "1") + close(),
                 "no field name");
  const std::string parts_body =
      field("ok", "1") + part("Content-Disposition: form-data; filename=a\n", "") + close();
  const auto parts = parse_multipart(parts_body, kBoundary);
  ASSERT_FALSE(parts);
  EXPECT_NE(parts.error().detail.find("Part 2"), std::string::npos) << parts.error().detail;
  ASSERT_EQ(parts.error().fields.size(), 1u);
  EXPECT_EQ(parts.error().fields[0].field, "Content-Disposition");
}

TEST(ParseMultipart, RefusesAmbiguousOrMalformedHeaders) {
  const std::string disposition = "Content-Disposition: form-data; name=a\n";
  expect_refused(part(disposition + disposition, "1") + close(), "two Content-Disposition");
  expect_refused(part(disposition + "Content-Type: a/b\ncontent-type: c/d\n", "1") + close(),
                 "two Content-Type");
  expect_refused(part("Content-Disposition: form-data; name=a; NAME=b\n", "1") + close(),
                 "malformed Content-Disposition");
  expect_refused(
      part("Content-Disposition: form-data; name=a; filename=x; filename=y\n", "1") + close(),
      "malformed Content-Disposition");
  for (const char* bad : {"form-data; name=\"a", "form-data; name=a b", "form-data name=a",
                          "form-data; name=a;", "form-data; =a", "form-data; name=\"a\\\""}) {
    expect_refused(part("Content-Disposition: " + std::string(bad) + "\n", "1") + close(),
                   "malformed Content-Disposition");
  }
  expect_refused(part(disposition + " folded: continuation\n", "1") + close(),
                 "malformed header line");
  expect_refused(part(disposition + "X-Pad : 1\n", "1") + close(), "malformed header line");
  expect_refused(part(disposition + "no colon here\n", "1") + close(), "malformed header line");
  expect_refused(part(disposition + std::string("X: a\0b\n", 7), "1") + close(),
                 "control character");
  expect_refused(part(disposition + "X: a\rb\n", "1") + close(), "control character");
}

TEST(ParseMultipart, AcceptsExactlyMaxPartsAndRefusesOneMore) {
  std::string sixteen;
  for (int i = 0; i < 16; ++i) sixteen += field("f" + std::to_string(i), "x");
  const std::string parts_body = sixteen + close();
  const auto parts = parse_multipart(parts_body, kBoundary);
  ASSERT_TRUE(parts);
  EXPECT_EQ(parts->size(), 16u);
  expect_refused(sixteen + field("f16", "x") + close(), "more than 16 parts");
  expect_refused(field("a", "1") + field("b", "2") + close(), "more than 1 parts",
                 {.max_parts = 1});
}

TEST(ParseMultipart, AcceptsHeadersExactlyAtTheLimitAndRefusesOneByteMore) {
  // The header block counts every byte before the body: lines, CRLFs and the blank line.
  const std::string disposition = "Content-Disposition: form-data; name=a\r\n";
  const std::string prefix = "X-Pad: ";
  const auto body_with_block = [&](std::size_t block_bytes) {
    const std::size_t pad = block_bytes - disposition.size() - prefix.size() - 4;
    return "--XyZ\r\n" + disposition + prefix + std::string(pad, 'p') + "\r\n\r\nv\r\n" + close();
  };
  const std::string at_limit_body = body_with_block(4096);
  const auto at_limit = parse_multipart(at_limit_body, kBoundary);
  ASSERT_TRUE(at_limit) << at_limit.error().detail;
  EXPECT_EQ((*at_limit)[0].body, "v");
  expect_refused(body_with_block(4097), "longer than 4096 bytes");
  const std::string small = "--XyZ\r\n" + disposition + "\r\nv\r\n" + close();
  const std::size_t block = disposition.size() + 2;
  EXPECT_TRUE(parse_multipart(small, kBoundary, {.max_part_header_bytes = block}));
  expect_refused(small, "longer than", {.max_part_header_bytes = block - 1});
}

TEST(ParseMultipart, ErrorsDoNotEchoTheBody) {
  const std::string secret = "s3cr3t-token";
  for (const std::string& body :
       {part("Content-Disposition: " + secret + "\n", secret) + close(),
        part("Content-Disposition: form-data; name=" + secret + "\n" + secret + "\n", "") + close(),
        field(secret, secret), secret + "\r\n--XyZ--"}) {
    const auto parts = parse_multipart(body, kBoundary);
    ASSERT_FALSE(parts) << body;
    EXPECT_EQ(parts.error().detail.find(secret), std::string::npos) << parts.error().detail;
    for (const auto& error : parts.error().fields) {
      EXPECT_EQ(error.message.find(secret), std::string::npos);
    }
  }
}

TEST(ParseMultipart, ReadsALargeFileFullOfNearDelimiters) {
  std::string bytes;
  while (bytes.size() < 5 * 1024 * 1024) bytes += "\r\n--XyY\r\n--Xy\r\n-";
  const std::string body =
      part("Content-Disposition: form-data; name=file; filename=big.bin\n", bytes) + close();
  const auto parts = parse_multipart(body, kBoundary);
  ASSERT_TRUE(parts) << parts.error().detail;
  EXPECT_EQ((*parts)[0].body.size(), bytes.size());
}

}  // namespace
}  // namespace mercado::http
