#include "api/files.hpp"

#include <algorithm>
#include "api/store_read.hpp"

#include "api/representation.hpp"
#include "api/store_write.hpp"
#include "auth/crypto.hpp"
#include "domain/text.hpp"
#include "domain/timestamp.hpp"
#include "http/conditional.hpp"
#include "http/multipart.hpp"
#include "support/image_type.hpp"

namespace mercado::api::files {
namespace {

using http::beast_http::field;

domain::Error unsupported(std::string detail) {
  return {domain::ErrorCode::kUnsupportedMediaType, std::move(detail), {}};
}

// The client's claim is checked against the bytes, not trusted: a claim that names another
// type is refused; none, or the generic application/octet-stream, is fine.
bool claim_matches(std::string_view claimed, const support::ImageType& found) {
  // Media types are case-insensitive (RFC 9110 8.3.1): "Image/PNG" is "image/png".
  const auto media_type =
      domain::fold_to_ascii_lower(domain::trim(claimed.substr(0, claimed.find(';'))));
  if (media_type.empty() || media_type == "application/octet-stream") return true;
  if (media_type == found.media_type) return true;
  return media_type == "image/jpg" && found.media_type == "image/jpeg";
}

// The `file` part of a multipart/form-data body, or why there is none.
domain::Result<http::MultipartPart> file_part(const http::Request& request) {
  const auto boundary = http::multipart_boundary(request.header(field::content_type));
  if (!boundary) {
    // Another media type is a 415; multipart/form-data with a bad boundary, a 400 saying why.
    if (boundary.error().code != domain::ErrorCode::kUnsupportedMediaType) return boundary.error();
    return unsupported("Upload the image as multipart/form-data with a part named \"file\".");
  }
  const auto parts = http::parse_multipart(request.body(), *boundary);
  if (!parts) return parts.error();
  const auto* part = http::find_part(*parts, "file");
  if (part == nullptr) {
    return domain::invalid("The body is invalid.", {{"file", "is required"}});
  }
  // One upload per request: a second file would otherwise be dropped without a word.
  const auto files = std::count_if(parts->begin(), parts->end(),
                                   [](const http::MultipartPart& p) { return p.name == "file"; });
  if (files > 1) return domain::invalid("The body is invalid.", {{"file", "must be sent once"}});
  return *part;
}

domain::Result<domain::StoredFile> stored_file(const ApiContext& context,
                                               const http::MultipartPart& part) {
  if (part.body.size() > context.settings.upload_limit) {
    return domain::Error{
        domain::ErrorCode::kTooLarge,
        "The file is larger than " + std::to_string(context.settings.upload_limit) + " bytes.",
        {}};
  }
  const auto type = support::sniff_image(part.body);
  if (!type) return unsupported("Only JPEG, PNG, GIF and WebP images are accepted.");
  if (!claim_matches(part.content_type, *type)) {
    return unsupported("The file's declared type does not match its contents.");
  }
  return domain::StoredFile{
      .name = domain::file_name(mercado::auth::random_hex(16), type->extension),
      .media_type = std::string(type->media_type),
      .bytes = std::string(part.body),
      .etag = http::entity_tag(part.body),
      .created_at = domain::now_timestamp()};
}

}  // namespace

http::Task<http::Response> upload(ApiContext& context, http::Request& request) {
  const auto part = file_part(request);
  if (!part) co_return http::problem_response(request, part.error());
  auto file = stored_file(context, *part);
  if (!file) co_return http::problem_response(request, file.error());
  // The client's own name is only echoed back, never used: it may say anything.
  const std::string original_name =
      domain::has_forbidden_characters(part->filename) ? "" : std::string(part->filename);
  const std::string name = file->name;
  const Change<bool> change = [file = std::move(*file)](storage::StoreWriter& writer) {
    return writer.save_file(file);
  };
  const auto saved = co_await write(context, change);
  if (!saved) co_return http::problem_response(request, saved.error());
  const std::string path = "/api/v1/files/" + name;
  auto response = represent(request, http::Status::created,
                            UploadReceipt{original_name, name, context.settings.public_url + path});
  response.set(field::location, path);
  co_return response;
}

http::Task<http::Response> download(ApiContext& context, http::Request& request) {
  const std::string& name = request.param(0);
  // Only names the server gives are looked up: nothing else can name a stored file.
  if (!domain::is_file_name(name)) {
    co_return http::problem_response(request, domain::not_found("No file has this name."));
  }
  const auto file = co_await read_file(context, name);
  if (!file) co_return http::problem_response(request, file.error());
  http::Response response(http::Status::ok, request.raw().version());
  // A name always holds the same bytes, so caches may keep them for good.
  response.set(field::cache_control, "public, max-age=31536000, immutable");
  response.set(field::etag, file->etag);
  response.set(field::content_type, file->media_type);
  response.set("Content-Security-Policy", "default-src 'none'; sandbox");
  response.body() = std::move(file->bytes);
  co_return response;
}

}  // namespace mercado::api::files
