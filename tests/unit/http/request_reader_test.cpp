// RequestReader: reading well-formed requests, Host, framing, 100-continue.
#include "http/request_reader.hpp"

#include <gtest/gtest.h>

#include "http/request_reader_support.hpp"

namespace mercado::http {
namespace {

using namespace reader_testing;

// --- Reading what is well-formed ---

TEST(RequestReader, ReadsABodyDelimitedByContentLength) {
  const auto read = read_whole(with_length("/products?page=2", R"({"title":"x"})"));
  ASSERT_EQ(read.step, Step::kComplete);
  EXPECT_EQ(read.request.method(), Verb::post);
  EXPECT_EQ(read.request.target(), "/products?page=2");
  EXPECT_EQ(read.request.body(), R"({"title":"x"})");
}

TEST(RequestReader, DecodesAChunkedBodyWithExtensionsAndTrailers) {
  const auto read =
      read_whole(chunked_header() + crlf("3;name=value\nabc\n2;flag\nde\n0\nX-Checksum: 1\n\n"));
  ASSERT_EQ(read.step, Step::kComplete);
  EXPECT_EQ(read.request.body(), "abcde");
}

TEST(RequestReader, AcceptsChunkedSpelledInAnyCaseAndSpacing) {
  const auto read =
      read_whole(crlf("POST / HTTP/1.1\nHost: shop\nTransfer-Encoding:  ChUnKeD \n\n1\na\n0\n\n"));
  ASSERT_EQ(read.step, Step::kComplete);
  EXPECT_EQ(read.request.body(), "a");
}

TEST(RequestReader, NeedsMoreUntilTheLastByteOfTheRequest) {
  const std::string wire = with_length("/", "abc");
  Connection connection;
  connection.received(wire.substr(0, wire.size() - 1));
  EXPECT_EQ(connection.read().step, Step::kNeedMore);
}

TEST(RequestReader, ReadsTheSameRequestFromOneBytePiecesAsFromOnePiece) {
  const std::string wire =
      "\r\n" +
      crlf(
          "POST /uploads?x=1 HTTP/1.1\nHost: shop\nTransfer-Encoding: chunked\n"
          "Expect: 100-continue\nAccept: application/json\n\n"
          "4;a=b\nabcd\n3\nefg\n0;last\nX-Trailer: t\n\n") +
      with_length("/next", "xyz");
  Connection whole;
  whole.received(wire);
  Connection bytes(ServerLimits{}, 1);
  bytes.sends(wire);
  for (int request = 0; request < 2; ++request) {
    const auto at_once = whole.read();
    const auto one_by_one = bytes.read();
    ASSERT_EQ(at_once.step, Step::kComplete) << request;
    ASSERT_EQ(one_by_one.step, Step::kComplete) << request;
    EXPECT_EQ(describe(one_by_one.request), describe(at_once.request));
  }
  EXPECT_EQ(whole.buffered(), "");
  EXPECT_EQ(bytes.buffered(), "");
  EXPECT_EQ(bytes.unread(), 0u);
}

TEST(RequestReader, LeavesAPipelinedRequestInTheBufferForTheNextReader) {
  const std::string first = chunked_header("/first") + crlf("3\nabc\n0\n\n");
  const std::string second = with_length("/second", "de");
  Connection connection;
  connection.received(first + second);

  const auto one = connection.read();
  ASSERT_EQ(one.step, Step::kComplete);
  EXPECT_EQ(one.request.target(), "/first");
  EXPECT_EQ(one.request.body(), "abc");
  EXPECT_EQ(connection.buffered(), second);

  const auto two = connection.read();
  ASSERT_EQ(two.step, Step::kComplete);
  EXPECT_EQ(two.request.target(), "/second");
  EXPECT_EQ(two.request.body(), "de");
  EXPECT_EQ(connection.buffered(), "");
}

TEST(RequestReader, IgnoresEmptyLinesBeforeTheRequestLine) {
  const std::string wire = "\r\n\n\r\n" + with_length("/", "ab");
  for (const std::size_t piece : {kFullReads, std::size_t{1}}) {
    const auto read = read_in_pieces(wire, piece);
    ASSERT_EQ(read.step, Step::kComplete) << piece;
    EXPECT_EQ(read.request.target(), "/");
    EXPECT_EQ(read.request.body(), "ab");
  }
}

TEST(RequestReader, HasNotStartedWhileOnlyEmptyLinesArrived) {
  const ServerLimits defaults;
  RequestReader reader(defaults);
  flat_buffer buffer;
  append(buffer, "\r\n\n\r");
  EXPECT_EQ(reader.advance(buffer), Step::kNeedMore);
  EXPECT_FALSE(reader.started());
  append(buffer, "\nG");
  EXPECT_EQ(reader.advance(buffer), Step::kNeedMore);
  EXPECT_TRUE(reader.started());
}

TEST(RequestReader, RefusesEmptyLinesPastTheHeaderBudget) {
  std::string wire;
  for (int line = 0; line < 40; ++line) wire += "\r\n";
  const auto read = read_whole(wire + with_length("/", ""), with_limits(64, 64));
  ASSERT_EQ(read.step, Step::kRefused);
  EXPECT_EQ(read.status(), Status::request_header_fields_too_large);
}

TEST(RequestReader, RefusesWhatIsNotHttpWith400) {
  for (const char* wire :
       {"GET / HTTP/1.1\r\nHost: shop\r\nNo colon here\r\n\r\n", "\x01\x02\x03\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: shop\r\nContent-Length: 1x\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: shop\r\nTransfer-Encoding: chunked\r\n\r\n"
        "zz\r\n"}) {
    const auto read = read_whole(wire);
    ASSERT_EQ(read.step, Step::kRefused) << wire;
    EXPECT_EQ(read.status(), Status::bad_request) << wire;
  }
}

TEST(RequestReader, StaysRefusedOnceItRefused) {
  const ServerLimits defaults;
  RequestReader reader(defaults);
  flat_buffer buffer;
  append(buffer, "GET / HTTP/1.1\r\n\r\n");  // no Host
  ASSERT_EQ(reader.advance(buffer), Step::kRefused);
  append(buffer, "GET / HTTP/1.1\r\nHost: shop\r\n\r\n");
  EXPECT_EQ(reader.advance(buffer), Step::kRefused);
}

TEST(RequestReader, NamesThePathOfARefusedRequestOnceItsHeaderWasRead) {
  ServerLimits tight = with_limits(256, 4);
  EXPECT_EQ(read_whole(with_length("/products/7?x=1", "12345"), tight).refused_path, "/products/7");
  EXPECT_EQ(read_whole(with_length("http://shop/products?x=1", "12345"), tight).refused_path,
            "/products");
  const auto header_too_large = read_whole(
      crlf("GET /p HTTP/1.1\nHost: shop\nX-Pad: " + std::string(300, 'a') + "\n\n"), tight);
  ASSERT_EQ(header_too_large.step, Step::kRefused);
  EXPECT_EQ(header_too_large.refused_path, "");
}

TEST(RequestReader, NamesNoPathThatIsNotVisibleAscii) {
  // The refusal's problem document quotes the path: raw bytes would make its JSON invalid.
  const auto read = read_whole(with_length("/caf\xc3\xa9", "12345"), with_limits(256, 4));
  ASSERT_EQ(read.step, Step::kRefused);
  EXPECT_EQ(read.refused_path, "");
}

// --- Host ---

TEST(RequestReader, RefusesAnHttp11RequestWithoutHost) {
  const auto read = read_whole("GET / HTTP/1.1\r\nAccept: */*\r\n\r\n");
  ASSERT_EQ(read.step, Step::kRefused);
  EXPECT_EQ(read.status(), Status::bad_request);
  EXPECT_TRUE(read.refused_for("Host"));
}

TEST(RequestReader, RefusesARequestWithTwoHosts) {
  for (const char* version : {"1.1", "1.0"}) {
    const auto read = read_whole(
        crlf("GET / HTTP/" + std::string(version) + "\nHost: shop\nHost: evil.example\n\n"));
    ASSERT_EQ(read.step, Step::kRefused) << version;
    EXPECT_EQ(read.status(), Status::bad_request);
    EXPECT_TRUE(read.refused_for("Host"));
  }
}

TEST(RequestReader, AcceptsAnHttp10RequestWithoutHost) {
  const auto read = read_whole("GET / HTTP/1.0\r\n\r\n");
  ASSERT_EQ(read.step, Step::kComplete);
  EXPECT_EQ(read.request.version(), 10);
}

// --- Framing ---

TEST(RequestReader, RefusesContentLengthBesideTransferEncoding) {
  // Beast refuses the pair itself when chunked comes with it; with another final coding it would
  // take the Content-Length, where a proxy may take the other.
  const auto read =
      read_whole(crlf("POST / HTTP/1.1\nHost: shop\nTransfer-Encoding: gzip\nContent-Length: 3\n\n"
                      "abc"));
  ASSERT_EQ(read.step, Step::kRefused);
  EXPECT_EQ(read.status(), Status::bad_request);
  EXPECT_TRUE(read.refused_for("Content-Length and Transfer-Encoding"));
  for (const char* fields : {"Content-Length: 3\nTransfer-Encoding: chunked\n",
                             "Transfer-Encoding: chunked\nContent-Length: 3\n"}) {
    const auto either =
        read_whole(crlf("POST / HTTP/1.1\nHost: shop\n" + std::string(fields) + "\n3\nabc\n0\n\n"));
    ASSERT_EQ(either.step, Step::kRefused) << fields;
    EXPECT_EQ(either.status(), Status::bad_request) << fields;
  }
}

TEST(RequestReader, RefusesATransferEncodingWhoseFinalCodingIsNotChunked) {
  // Beast would read no body at all, and the body would pass for the next request.
  for (const char* codings : {"gzip", "chunked, gzip", "identity", ","}) {
    const auto read =
        read_whole(crlf("POST / HTTP/1.1\nHost: shop\nTransfer-Encoding: " + std::string(codings) +
                        "\n\n0\n\nGET /smuggled HTTP/1.1\nHost: shop\n\n"));
    ASSERT_EQ(read.step, Step::kRefused) << codings;
    EXPECT_EQ(read.status(), Status::bad_request) << codings;
  }
}

TEST(RequestReader, RefusesChunkedAppliedTwice) {
  for (const char* codings : {"chunked, chunked", "chunked,chunked", "Chunked ,CHUNKED"}) {
    const auto read =
        read_whole(crlf("POST / HTTP/1.1\nHost: shop\nTransfer-Encoding: " + std::string(codings) +
                        "\n\n3\nabc\n0\n\n"));
    ASSERT_EQ(read.step, Step::kRefused) << codings;
    EXPECT_EQ(read.status(), Status::bad_request) << codings;
  }
  const auto two_lines = read_whole(
      crlf("POST / HTTP/1.1\nHost: shop\nTransfer-Encoding: chunked\nTransfer-Encoding: chunked\n\n"
           "0\n\n"));
  ASSERT_EQ(two_lines.step, Step::kRefused);
  EXPECT_EQ(two_lines.status(), Status::bad_request);
}

TEST(RequestReader, RefusesOtherCodingsBeforeChunkedAsNotImplemented) {
  for (const char* fields : {"Transfer-Encoding: gzip, chunked\n",
                             "Transfer-Encoding: gzip\nTransfer-Encoding: chunked\n",
                             "Transfer-Encoding: x-custom , chunked\n"}) {
    const auto read =
        read_whole(crlf("POST / HTTP/1.1\nHost: shop\n" + std::string(fields) + "\n0\n\n"));
    ASSERT_EQ(read.step, Step::kRefused) << fields;
    EXPECT_EQ(read.status(), Status::not_implemented) << fields;
  }
}

TEST(RequestReader, RefusesTransferEncodingInHttp10) {
  const auto read =
      read_whole(crlf("POST / HTTP/1.0\nTransfer-Encoding: chunked\n\n3\nabc\n0\n\n"));
  ASSERT_EQ(read.step, Step::kRefused);
  EXPECT_EQ(read.status(), Status::bad_request);
  EXPECT_TRUE(read.refused_for("HTTP/1.0"));
}

// --- 100-continue ---

TEST(RequestReader, OffersContinueOnceWhenTheBodyIsStillToCome) {
  Connection connection(ServerLimits{}, 1);
  connection.received(
      crlf("PUT /p HTTP/1.1\nHost: shop\nExpect: 100-continue\nContent-Length: 5\n\n"));
  connection.sends("hello");
  const auto read = connection.read();
  ASSERT_EQ(read.step, Step::kComplete);
  EXPECT_EQ(read.request.body(), "hello");
  EXPECT_EQ(connection.continues(), 1);
}

TEST(RequestReader, OffersNoContinueWhenTheBodyCameWithTheHeader) {
  const ServerLimits defaults;
  RequestReader reader(defaults);
  flat_buffer buffer;
  append(buffer,
         crlf("PUT /p HTTP/1.1\nHost: shop\nExpect: 100-continue\nContent-Length: 5\n\nhello"));
  ASSERT_EQ(reader.advance(buffer), Step::kComplete);
  EXPECT_FALSE(reader.take_continue());
}

TEST(RequestReader, OffersNoContinueWithoutExpectOrWithoutABody) {
  Connection connection(ServerLimits{}, 1);
  connection.received(crlf("PUT /p HTTP/1.1\nHost: shop\nContent-Length: 5\n\n"));
  connection.sends("hello");
  ASSERT_EQ(connection.read().step, Step::kComplete);
  connection.received(crlf("GET /p HTTP/1.1\nHost: shop\nExpect: 100-continue\n\n"));
  ASSERT_EQ(connection.read().step, Step::kComplete);
  EXPECT_EQ(connection.continues(), 0);
}

TEST(RequestReader, OffersNoContinueForARefusedRequest) {
  // The header asks for a 100 Continue, and the body that came with it is already too large.
  const ServerLimits tight = with_limits(1024, 64);
  RequestReader reader(tight);
  flat_buffer buffer;
  append(buffer,
         crlf("PUT /p HTTP/1.1\nHost: shop\nExpect: 100-continue\nTransfer-Encoding: chunked\n\n"
              "100\n") +
             std::string(100, 'x'));
  ASSERT_EQ(reader.advance(buffer), Step::kRefused);
  EXPECT_FALSE(reader.take_continue());
}

}  // namespace
}  // namespace mercado::http
