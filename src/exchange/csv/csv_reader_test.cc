#include "exchange/csv/csv_reader.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace backcare::exchange {
namespace {

using Fields = std::vector<std::string>;

TEST(CsvReaderTest, ReadsQuotedFieldsWithCommasQuotesAndLineBreaks) {
  const CsvTable table =
      ReadCsv("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\r\nlines\"\r\n3,,4\r\n");
  ASSERT_TRUE(table.problems.empty());
  ASSERT_EQ(table.records.size(), 3u);
  EXPECT_EQ(table.records[0].fields, (Fields{"a", "b", "c"}));
  EXPECT_EQ(table.records[1].fields, (Fields{"x, y", "say \"hi\"", "two\r\nlines"}));
  EXPECT_EQ(table.records[1].line, 2);
  EXPECT_EQ(table.records[2].fields, (Fields{"3", "", "4"}));
  EXPECT_EQ(table.records[2].line, 4);  // the quoted line break took line 3
}

TEST(CsvReaderTest, AcceptsLfEndingsAByteOrderMarkAndNoFinalNewline) {
  const CsvTable table = ReadCsv("\xEF\xBB\xBFid,name\n1,x\n\n2,y");
  ASSERT_TRUE(table.problems.empty());
  ASSERT_EQ(table.records.size(), 3u);
  EXPECT_EQ(table.records[0].fields, (Fields{"id", "name"}));
  EXPECT_EQ(table.records[2].fields, (Fields{"2", "y"}));
  EXPECT_EQ(table.records[2].line, 4);  // the empty line 3 is skipped but counted
}

TEST(CsvReaderTest, ALoneCarriageReturnEndsALine) {
  // Found by fuzz/csv_import_fuzzer.cc: two records on one LF-line had the same line number.
  const CsvTable table = ReadCsv("a,b\r1,2\r\n3,4\n");
  ASSERT_TRUE(table.problems.empty());
  ASSERT_EQ(table.records.size(), 3u);
  EXPECT_EQ(table.records[1].line, 2);
  EXPECT_EQ(table.records[2].line, 3);
}

TEST(CsvReaderTest, KeepsSpacesAroundFields) {
  const CsvTable table = ReadCsv(" a , b\n");
  ASSERT_EQ(table.records.size(), 1u);
  EXPECT_EQ(table.records[0].fields, (Fields{" a ", " b"}));
}

TEST(CsvReaderTest, QuoteOpenAtEndOfFileNamesTheRecordLine) {
  const CsvTable table = ReadCsv("a,b\n1,2\n3,\"open\nstill open\n");
  ASSERT_EQ(table.problems.size(), 1u);
  EXPECT_EQ(table.problems[0],
            (CsvProblem{3, 1, "a quoted field is not closed at the end of the file"}));
  EXPECT_EQ(table.records.size(), 2u);
}

TEST(CsvReaderTest, StrayQuoteStopsReading) {
  const CsvTable table = ReadCsv("a,b\n1,x\"y\n2,3\n");
  ASSERT_EQ(table.problems.size(), 1u);
  EXPECT_EQ(table.problems[0].line, 2);
  EXPECT_EQ(table.problems[0].message,
            "a quote inside an unquoted field, or text after a closing quote");
  EXPECT_EQ(table.records.size(), 1u);
}

TEST(CsvReaderTest, OverLongFieldAndBadUtf8AreProblemsOfTheirRecordOnly) {
  CsvReadOptions options;
  options.max_field_bytes = 5;
  const CsvTable table = ReadCsv("a,b\n123456,x\nok,\xC3\x28\nfine,ok\n", options);
  ASSERT_EQ(table.problems.size(), 2u);
  EXPECT_EQ(table.problems[0], (CsvProblem{2, 0, "field longer than 5 bytes"}));
  EXPECT_EQ(table.problems[1], (CsvProblem{3, 1, "field is not valid UTF-8"}));
  ASSERT_EQ(table.records.size(), 2u);
  EXPECT_EQ(table.records[1].fields, (Fields{"fine", "ok"}));
  EXPECT_EQ(table.records[1].line, 4);
}

}  // namespace
}  // namespace backcare::exchange
