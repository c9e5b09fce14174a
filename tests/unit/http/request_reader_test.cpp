#include "http/request_reader.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace mercado::http {
namespace {

using boost::beast::flat_buffer;
using Step = RequestReader::Step;

// Reads as large as read_size() allows.
constexpr std::size_t kFullReads = std::numeric_limits<std::size_t>::max();
constexpr std::size_t kKiB = 1024;

// Requests are written with "\n" here; the wire has CRLF. Bodies that need a bare LF or CR are
// spelled out instead.
std::string crlf(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

void append(flat_buffer& buffer, std::string_view bytes) {
  auto space = buffer.prepare(bytes.size());
  std::memcpy(space.data(), bytes.data(), bytes.size());
  buffer.commit(bytes.size());
}

std::string_view contents(const flat_buffer& buffer) {
  return {static_cast<const char*>(buffer.data().data()), buffer.size()};
}

// What a reader made of the bytes it was given.
struct Outcome {
  Step step = Step::kNeedMore;
  BeastRequest request;
  std::optional<Problem> refusal;
  std::string refused_path;

  Status status() const { return refusal ? refusal->status : Status::ok; }
  bool refused_for(std::string_view words) const {
    return refusal && refusal->detail.find(words) != std::string::npos;
  }
};

// The server's side of one connection (server.cpp's serve loop without the socket): a new
// reader per request, and on kNeedMore the next piece of what the client sent, never more than
// read_size() bytes.
class Connection {
 public:
  explicit Connection(ServerLimits limits = {}, std::size_t piece = kFullReads)
      : limits_(std::move(limits)), piece_(piece) {}

  // Bytes the server has read already: all of them are in the buffer before the next advance.
  void received(std::string_view bytes) { append(buffer_, bytes); }
  // Bytes the client sends: the server reads them in pieces as the reader asks for more.
  void sends(std::string_view bytes) { unread_ += bytes; }

  Outcome read() {
    RequestReader reader(limits_);
    Outcome outcome;
    outcome.step = reader.advance(buffer_);
    most_buffered_ = std::max(most_buffered_, buffer_.size());
    while (outcome.step == Step::kNeedMore && !unread_.empty()) {
      if (reader.take_continue()) ++continues_;
      const std::size_t size =
          std::min({piece_, RequestReader::read_size(buffer_), unread_.size()});
      append(buffer_, std::string_view(unread_).substr(0, size));
      unread_.erase(0, size);
      outcome.step = reader.advance(buffer_);
      most_buffered_ = std::max(most_buffered_, buffer_.size());
    }
    if (outcome.step == Step::kComplete) outcome.request = reader.take_request();
    if (outcome.step == Step::kRefused) {
      outcome.refusal = reader.refusal();
      outcome.refused_path = reader.refused_path();
    }
    return outcome;
  }

  std::string_view buffered() const { return contents(buffer_); }
  std::size_t unread() const { return unread_.size(); }
  // The most the buffer held after any advance.
  std::size_t most_buffered() const { return most_buffered_; }
  // How often a reader offered a 100 Continue.
  int continues() const { return continues_; }

 private:
  ServerLimits limits_;
  std::size_t piece_;
  flat_buffer buffer_;
  std::string unread_;
  std::size_t most_buffered_ = 0;
  int continues_ = 0;
};

// One request out of `wire`, all of which has arrived.
Outcome read_whole(std::string_view wire, ServerLimits limits = {}) {
  Connection connection(std::move(limits));
  connection.received(wire);
  return connection.read();
}

// One request out of `wire`, arriving in pieces of at most `piece` bytes.
Outcome read_in_pieces(std::string_view wire, std::size_t piece, ServerLimits limits = {}) {
  Connection connection(std::move(limits), piece);
  connection.sends(wire);
  return connection.read();
}

// Everything the application sees of a request, for comparing two readings.
std::string describe(const BeastRequest& request) {
  std::string out = std::string(request.method_string()) + ' ' + std::string(request.target()) +
                    ' ' + std::to_string(request.version()) + '\n';
  for (const auto& field : request) {
    out += std::string(field.name_string()) + ": " + std::string(field.value()) + '\n';
  }
  return out + '\n' + request.body();
}

ServerLimits with_limits(std::size_t header_bytes, std::size_t body_bytes) {
  ServerLimits limits;
  limits.header_bytes = header_bytes;
  limits.body_bytes = body_bytes;
  return limits;
}

std::string chunked_header(std::string_view target = "/") {
  return crlf("POST " + std::string(target) +
              " HTTP/1.1\nHost: shop\nTransfer-Encoding: chunked\n\n");
}

std::string with_length(std::string_view target, std::string_view body) {
  return crlf("POST " + std::string(target) +
              " HTTP/1.1\nHost: shop\nContent-Length: " + std::to_string(body.size()) + "\n\n") +
         std::string(body);
}

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

// --- The header and its limit ---

// A header of `size` bytes whose request line takes `line` of them.
std::string header_of(std::size_t size, std::size_t line = 16) {
  const std::string start =
      "GET /" + std::string(line - 16, 'p') + " HTTP/1.1\r\nHost: shop\r\nX-Pad: ";
  const std::string end = "\r\n\r\n";
  return start + std::string(size - start.size() - end.size(), 'a') + end;
}

TEST(RequestReader, AcceptsAHeaderOfExactlyTheLimit) {
  const std::string wire = header_of(300);
  ASSERT_EQ(wire.size(), 300u);
  for (const std::size_t piece : {kFullReads, std::size_t{1}}) {
    EXPECT_EQ(read_in_pieces(wire, piece, with_limits(300, 64)).step, Step::kComplete) << piece;
  }
}

TEST(RequestReader, RefusesAHeaderOneByteOverTheLimit) {
  for (const std::size_t piece : {kFullReads, std::size_t{1}}) {
    const auto read = read_in_pieces(header_of(300), piece, with_limits(299, 64));
    EXPECT_EQ(read.step, Step::kRefused) << piece;
    EXPECT_EQ(read.status(), Status::request_header_fields_too_large) << piece;
  }
}

TEST(RequestReader, CountsTheRequestLineAndTheFieldsAgainstOneLimit) {
  // Beast applies its limit to the request line and to the fields apart.
  for (const std::size_t piece : {kFullReads, std::size_t{1}}) {
    const auto read = read_in_pieces(header_of(500, 250), piece, with_limits(300, 64));
    EXPECT_EQ(read.step, Step::kRefused) << piece;
    EXPECT_EQ(read.status(), Status::request_header_fields_too_large) << piece;
  }
}

TEST(RequestReader, RefusesAHeaderThatGrowsOneFieldPerRead) {
  // Beast stores each field once it sees the next line begin, and applies its limit only to what
  // it has not stored: reads that each end just into the next line would pass any number of them.
  const std::string line = "GET /" + std::string(250 - 16, 'p') + " HTTP/1.1\r\n";
  std::string fields = "Host: " + std::string(250 - 8, 'h') + "\r\n";
  for (int field = 0; field < 400; ++field) fields += "X-A: " + std::string(250 - 7, 'a') + "\r\n";
  Connection connection(with_limits(300, 64), 250);
  connection.received(line + fields.substr(0, 1));
  connection.sends(fields.substr(1) + "\r\n");
  const auto read = connection.read();
  ASSERT_EQ(read.step, Step::kRefused)
      << "a header of " << line.size() + fields.size() + 2 << " bytes under a limit of 300";
  EXPECT_EQ(read.status(), Status::request_header_fields_too_large);
  EXPECT_GT(connection.unread(), fields.size() - 1000);
}

TEST(RequestReader, TakesHeadersLargerThanBeastsDefaultWhenTheLimitAllowsThem) {
  const std::string wire =
      crlf("GET / HTTP/1.1\nHost: shop\nCookie: " + std::string(12 * kKiB, 'c') + "\n\n");
  const auto read = read_whole(wire, with_limits(16 * kKiB, 64));
  ASSERT_EQ(read.step, Step::kComplete);
  EXPECT_EQ(read.request[beast_http::field::cookie].size(), 12 * kKiB);
}

TEST(RequestReader, RefusesAnEndlessHeaderWithoutBufferingMoreThanTheLimitAndOneRead) {
  const ServerLimits tight = with_limits(4 * kKiB, 64);
  Connection connection(tight, 64 * kKiB);
  connection.sends("GET / HTTP/1.1\r\nHost: shop\r\nX-Pad: " + std::string(kKiB * kKiB, 'a'));
  const auto read = connection.read();
  ASSERT_EQ(read.step, Step::kRefused);
  EXPECT_EQ(read.status(), Status::request_header_fields_too_large);
  EXPECT_LE(connection.most_buffered(), tight.header_bytes + 64 * kKiB);
  EXPECT_GT(connection.unread(), 0u);
}

TEST(RequestReader, RefusesAHeaderValueBeastCannotStoreInsteadOfThrowing) {
  // Beast stores a field in at most 64 KiB and throws std::length_error past it; a header limit
  // this large lets such a value through to it.
  const std::string wire =
      crlf("GET / HTTP/1.1\nHost: shop\nX-Big: " + std::string(65'534, 'v') + "\n\n");
  std::optional<Outcome> read;
  EXPECT_NO_THROW(read = read_whole(wire, with_limits(256 * kKiB, 64)));
  ASSERT_TRUE(read);
  ASSERT_EQ(read->step, Step::kRefused);
  EXPECT_EQ(read->status(), Status::bad_request);
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

// --- The body and its limit ---

TEST(RequestReader, AcceptsABodyOfExactlyTheLimit) {
  const auto read = read_whole(with_length("/", std::string(64, 'b')), with_limits(1024, 64));
  ASSERT_EQ(read.step, Step::kComplete);
  EXPECT_EQ(read.request.body().size(), 64u);
}

TEST(RequestReader, RefusesAContentLengthOverTheLimitBeforeTheBodyArrives) {
  Connection connection(with_limits(1024, 64));
  connection.received(crlf("POST /p HTTP/1.1\nHost: shop\nContent-Length: 65\n\n"));
  const auto read = connection.read();
  ASSERT_EQ(read.step, Step::kRefused);
  EXPECT_EQ(read.status(), Status::payload_too_large);
  EXPECT_EQ(read.refused_path, "/p");
}

TEST(RequestReader, CountsChunkFramingAgainstTheBodyLimit) {
  // Six chunks of five bytes: 30 bytes of data in 65 bytes on the wire.
  std::string chunks;
  for (int chunk = 0; chunk < 6; ++chunk) chunks += "5\r\nxxxxx\r\n";
  const auto over = read_whole(chunked_header() + chunks + "0\r\n\r\n", with_limits(1024, 64));
  ASSERT_EQ(over.step, Step::kRefused);
  EXPECT_EQ(over.status(), Status::payload_too_large);

  chunks.erase(0, 10);  // 55 bytes on the wire
  const auto within = read_whole(chunked_header() + chunks + "0\r\n\r\n", with_limits(1024, 64));
  ASSERT_EQ(within.step, Step::kComplete);
  EXPECT_EQ(within.request.body(), std::string(25, 'x'));
}

TEST(RequestReader, RefusesALargeChunkAsSoonAsItPassesTheLimit) {
  Connection connection(with_limits(1024, 4 * kKiB), 512);
  connection.sends(chunked_header() + "100000\r\n" + std::string(0x100000, 'x'));
  const auto read = connection.read();
  ASSERT_EQ(read.step, Step::kRefused);
  EXPECT_EQ(read.status(), Status::payload_too_large);
  EXPECT_GT(connection.unread(), 0x100000u - 8 * kKiB);
}

TEST(RequestReader, GivesUploadTargetsTheirLargerBodyLimit) {
  ServerLimits uploads = with_limits(1024, 64);
  uploads.upload_paths = {"/uploads", "/products/images"};
  uploads.upload_body_bytes = 256;
  const std::string file(200, 'f');
  for (const char* target :
       {"/uploads", "/uploads?name=a.png", "http://shop/uploads", "/products/images"}) {
    const auto read = read_whole(with_length(target, file), uploads);
    ASSERT_EQ(read.step, Step::kComplete) << target;
    EXPECT_EQ(read.request.body(), file);
  }
  const auto chunked =
      read_whole(chunked_header("/uploads") + "c8\r\n" + file + "\r\n0\r\n\r\n", uploads);
  ASSERT_EQ(chunked.step, Step::kComplete);
  EXPECT_EQ(chunked.request.body(), file);

  for (const char* target : {"/", "/uploads/x", "/uploadsx", "/other?/uploads"}) {
    const auto read = read_whole(with_length(target, file), uploads);
    ASSERT_EQ(read.step, Step::kRefused) << target;
    EXPECT_EQ(read.status(), Status::payload_too_large) << target;
  }
  const auto too_large = read_whole(with_length("/uploads", std::string(257, 'f')), uploads);
  EXPECT_EQ(too_large.status(), Status::payload_too_large);
}

// --- Header-like data in the body: chunk extensions and trailers ---

TEST(RequestReader, CountsChunkExtensionsAgainstWhatTheHeaderLeftOfItsBudget) {
  const ServerLimits tight = with_limits(512, 64 * kKiB);
  const std::string header = chunked_header();
  ASSERT_EQ(header.size(), 59u);
  // Both fit the whole budget; only the first fits the 453 bytes the header left of it.
  const std::string fits = ";x=" + std::string(300, 'e');
  const std::string too_long = ";x=" + std::string(480, 'e');
  EXPECT_EQ(read_whole(header + "1" + fits + "\r\na\r\n0\r\n\r\n", tight).step, Step::kComplete);
  const auto read = read_whole(header + "1" + too_long + "\r\na\r\n0\r\n\r\n", tight);
  ASSERT_EQ(read.step, Step::kRefused);
  EXPECT_EQ(read.status(), Status::request_header_fields_too_large);
}

TEST(RequestReader, CountsTheExtensionsOfEveryChunkAgainstOneBudget) {
  const ServerLimits tight = with_limits(512, 64 * kKiB);
  const std::string chunk = "1;x=" + std::string(150, 'e') + "\r\na\r\n";
  const std::string last = "0;y=" + std::string(150, 'e') + "\r\n\r\n";
  EXPECT_EQ(read_whole(chunked_header() + chunk + chunk + "0\r\n\r\n", tight).step,
            Step::kComplete);
  for (const std::string& body : {chunk + chunk + chunk + "0\r\n\r\n", chunk + chunk + last}) {
    const auto read = read_whole(chunked_header() + body, tight);
    ASSERT_EQ(read.step, Step::kRefused);
    EXPECT_EQ(read.status(), Status::request_header_fields_too_large);
  }
}

TEST(RequestReader, RefusesAnEndlessChunkExtensionWithoutBufferingIt) {
  const ServerLimits defaults;
  Connection connection(defaults, 64 * kKiB);
  connection.sends(chunked_header() + "1;x=" + std::string(kKiB * kKiB, 'e'));
  const auto read = connection.read();
  ASSERT_EQ(read.step, Step::kRefused);
  EXPECT_EQ(read.status(), Status::request_header_fields_too_large);
  // Refused once the budget is used: what is buffered stays within the budget and one read.
  EXPECT_LE(connection.most_buffered(), defaults.header_bytes + 64 * kKiB);
  EXPECT_GT(connection.unread(), kKiB * kKiB - defaults.header_bytes - 2 * 64 * kKiB);
}

TEST(RequestReader, CountsTheTrailerSectionAgainstWhatTheHeaderLeftOfItsBudget) {
  const ServerLimits tight = with_limits(512, 64 * kKiB);
  const std::string body = crlf("1\na\n0\n");
  // 59 bytes of header leave 453 of the 512; the trailer's own line ends get a little slack.
  const std::string fits = crlf("X-Pad: " + std::string(400, 't') + "\n\n");
  const std::string too_long = crlf("X-Pad: " + std::string(600, 't') + "\n\n");
  for (const std::size_t piece : {kFullReads, std::size_t{64}}) {
    EXPECT_EQ(read_in_pieces(chunked_header() + body + fits, piece, tight).step, Step::kComplete)
        << piece;
    const auto read = read_in_pieces(chunked_header() + body + too_long, piece, tight);
    EXPECT_EQ(read.step, Step::kRefused) << piece;
    EXPECT_EQ(read.status(), Status::request_header_fields_too_large) << piece;
  }
}

TEST(RequestReader, CountsATrailerSectionThatArrivesInOneReadAgainstTheBudget) {
  // A keep-alive connection's buffer takes up to 64 KiB in one read.
  Connection connection(with_limits(512, 64 * kKiB), 64 * kKiB);
  connection.received(with_length("/warm", std::string(60 * kKiB, 'x')));
  ASSERT_EQ(connection.read().step, Step::kComplete);
  connection.sends(chunked_header() + "1\r\na\r\n0\r\nX-Pad: " + std::string(40 * kKiB, 't') +
                   "\r\n\r\n");
  const auto read = connection.read();
  ASSERT_EQ(read.step, Step::kRefused);
  EXPECT_EQ(read.status(), Status::request_header_fields_too_large);
}

TEST(RequestReader, RefusesAnEndlessTrailerSectionWithoutBufferingIt) {
  const ServerLimits defaults;
  Connection connection(defaults, 64 * kKiB);
  std::string trailers;
  while (trailers.size() < kKiB * kKiB) trailers += "X-Pad: " + std::string(100, 't') + "\r\n";
  connection.sends(chunked_header() + "0\r\n" + trailers);
  const auto read = connection.read();
  ASSERT_EQ(read.step, Step::kRefused);
  EXPECT_EQ(read.status(), Status::request_header_fields_too_large);
  EXPECT_LE(connection.most_buffered(), defaults.header_bytes + 64 * kKiB);
}

TEST(RequestReader, RefusesATrailerValueBeastCannotStoreInsteadOfThrowing) {
  // Budgets this large let the value through to Beast, which throws std::length_error for a
  // field over 64 KiB.
  const ServerLimits roomy = with_limits(256 * kKiB, kKiB * kKiB);
  const std::string body = crlf("1\na\n0\n");
  std::optional<Outcome> read;
  EXPECT_NO_THROW(
      read = read_whole(chunked_header() + body + "X-Big: " + std::string(65'534, 't') + "\r\n\r\n",
                        roomy));
  ASSERT_TRUE(read);
  ASSERT_EQ(read->step, Step::kRefused);
  EXPECT_EQ(read->status(), Status::bad_request);

  const auto storable = read_whole(
      chunked_header() + body + "X-Big: " + std::string(65'533, 't') + "\r\n\r\n", roomy);
  EXPECT_EQ(storable.step, Step::kComplete);
}

TEST(RequestReader, KeepsTrailerFieldsOutOfTheCompletedHeader) {
  // A trailer must not pass for a header field that was checked (or relied on) before the body.
  for (const std::size_t piece : {kFullReads, std::size_t{7}}) {
    const auto read = read_in_pieces(
        crlf("POST /p HTTP/1.1\nHost: shop\nAccept: application/json\nTransfer-Encoding: chunked"
             "\n\n2\nab\n0\nAccept: application/xml\nX-Trailer: 1\n\n"),
        piece);
    ASSERT_EQ(read.step, Step::kComplete) << piece;
    EXPECT_EQ(read.request.count(beast_http::field::accept), 1u);
    EXPECT_EQ(read.request[beast_http::field::accept], "application/json");
    EXPECT_EQ(read.request.count("X-Trailer"), 0u);
    EXPECT_EQ(read.request[beast_http::field::host], "shop");
    EXPECT_EQ(read.request[beast_http::field::transfer_encoding], "chunked");
    EXPECT_EQ(read.request.body(), "ab");
  }
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
