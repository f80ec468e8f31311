#include "exchange/csv/csv_writer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "exchange/csv/csv_reader.h"

namespace backcare::exchange {
namespace {

TEST(CsvWriterTest, NeutralisesFormulaTriggers) {
  const struct {
    std::string in;
    std::string out;
  } cases[] = {
      {"=SUM(A1)", "'=SUM(A1)"},
      {"+44 20", "'+44 20"},
      {"-1", "'-1"},
      {"@cmd", "'@cmd"},
      {"\tx", "'\tx"},
      {"\rx", "'\rx"},
      {"'quoted", "''quoted"},
      {"plain", "plain"},
      {"", ""},
      {"a=b", "a=b"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(NeutraliseCell(c.in), c.out) << c.in;
    EXPECT_EQ(UnneutraliseCell(NeutraliseCell(c.in)), c.in) << c.in;
  }
}

TEST(CsvWriterTest, QuotesOnlyWhenNeeded) {
  std::string out;
  AppendCsvRecord(out, std::vector<std::string>{"a", "b,c", "say \"x\"", "l1\nl2", "=1"});
  EXPECT_EQ(out, "a,\"b,c\",\"say \"\"x\"\"\",\"l1\nl2\",'=1\r\n");
}

TEST(CsvWriterTest, WhatItWritesReadsBack) {
  const std::vector<std::string> fields = {"x, y", "\"", "\r\n", "", "ü", "@a"};
  std::string out;
  AppendCsvRecord(out, fields);
  const CsvTable table = ReadCsv(out);
  ASSERT_TRUE(table.problems.empty());
  ASSERT_EQ(table.records.size(), 1u);
  std::vector<std::string> back;
  for (const std::string& field : table.records[0].fields) {
    back.emplace_back(UnneutraliseCell(field));
  }
  EXPECT_EQ(back, fields);
}

}  // namespace
}  // namespace backcare::exchange
