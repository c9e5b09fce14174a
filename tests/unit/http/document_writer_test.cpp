#include "http/document_writer.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace mercado::http {
namespace {

std::string write_sample(Format format) {
  DocumentWriter out(format);
  out.begin_object("product");
  out.field("id", std::int64_t{7});
  out.field("title", "Salt & \"Pepper\" <Mill>");
  out.field("price", domain::Cents{1250});
  out.begin_array("images", "image");
  out.item("https://a.example/1.png");
  out.item("https://a.example/2.png");
  out.end_array();
  out.begin_object("category");
  out.field("id", std::int64_t{1});
  out.end_object();
  out.end_object();
  return out.take();
}

TEST(DocumentWriter, WritesJson) {
  EXPECT_EQ(
      write_sample(Format::kJson),
      R"({"id":7,"title":"Salt & \"Pepper\" <Mill>","price":12.5,)"
      R"("images":["https://a.example/1.png","https://a.example/2.png"],"category":{"id":1}})");
}

TEST(DocumentWriter, WritesXmlWithEscapingAndWrappedArrays) {
  EXPECT_EQ(write_sample(Format::kXml),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><product><id>7</id>"
            "<title>Salt &amp; &quot;Pepper&quot; &lt;Mill&gt;</title><price>12.5</price>"
            "<images><image>https://a.example/1.png</image><image>https://a.example/2.png</image>"
            "</images><category><id>1</id></category></product>");
}

TEST(DocumentWriter, WritesListsOfObjects) {
  DocumentWriter out(Format::kJson);
  out.begin_array("products", "product");
  for (std::int64_t id : {1, 2}) {
    out.begin_object("product");
    out.field("id", id);
    out.end_object();
  }
  out.end_array();
  EXPECT_EQ(out.take(), R"([{"id":1},{"id":2}])");
}

TEST(DocumentWriter, EscapesControlCharactersInJson) {
  DocumentWriter out(Format::kJson);
  out.begin_object("x");
  out.field("text", "a\nb\x01");
  out.end_object();
  EXPECT_EQ(out.take(), R"({"text":"a\nb\u0001"})");
}

TEST(DocumentWriter, KeepsCarriageReturnsInXml) {
  DocumentWriter out(Format::kXml);
  out.field("d", "a\r\nb");
  EXPECT_EQ(out.take(), "<?xml version=\"1.0\" encoding=\"UTF-8\"?><d>a&#13;\nb</d>");
}

TEST(DocumentWriter, WritesABooleanDocument) {
  DocumentWriter json(Format::kJson);
  json.boolean_document("deleted", true);
  EXPECT_EQ(json.take(), "true");
  DocumentWriter xml(Format::kXml);
  xml.boolean_document("deleted", true);
  EXPECT_EQ(xml.take(), "<?xml version=\"1.0\" encoding=\"UTF-8\"?><deleted>true</deleted>");
}

TEST(DocumentWriter, WritesDoublesAsShortestPlainDecimals) {
  DocumentWriter out(Format::kJson);
  out.begin_array("numbers", "number");
  for (const double number : {6.244213, -75.5812, 0.000001, 180.0, -0.0, 1e21, 0.1 + 0.2}) {
    out.field("number", number);
  }
  out.end_array();
  EXPECT_EQ(out.take(),
            "[6.244213,-75.5812,0.000001,180,0,1000000000000000000000,0.30000000000000004]");
}

TEST(DocumentWriter, WritesNonFiniteDoublesAsNull) {
  DocumentWriter json(Format::kJson);
  json.begin_object("point");
  json.field("latitude", std::nan(""));
  json.field("longitude", -HUGE_VAL);
  json.end_object();
  EXPECT_EQ(json.take(), R"({"latitude":null,"longitude":null})");
  DocumentWriter xml(Format::kXml);
  xml.begin_object("point");
  xml.field("latitude", 6.25);
  xml.field("longitude", std::nan(""));
  xml.end_object();
  EXPECT_EQ(xml.take(),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><point><latitude>6.25</latitude>"
            "<longitude></longitude></point>");
}

}  // namespace
}  // namespace mercado::http
