// RequestReader's limits: the header, the body, and header-like data inside a chunked body.
#include "http/request_reader.hpp"

#include <gtest/gtest.h>

#include "http/request_reader_support.hpp"

namespace mercado::http {
namespace {

using namespace reader_testing;

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

}  // namespace
}  // namespace mercado::http
