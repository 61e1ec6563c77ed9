package dev.authlab.cli.grade;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Left-aligned columns, three spaces apart, like kubectl's tables; the last column is not padded. */
final class Table {

  private static final int GAP = 3;

  private final List<List<String>> rows = new ArrayList<>();

  void row(String... cells) {
    rows.add(List.of(cells));
  }

  void print(PrintWriter out) {
    int columns = rows.stream().mapToInt(List::size).max().orElse(0);
    int[] widths = new int[columns];
    for (List<String> row : rows) {
      for (int c = 0; c < row.size() - 1; c++) {
        widths[c] = Math.max(widths[c], width(row.get(c)));
      }
    }
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < row.size(); c++) {
        line.append(row.get(c));
        if (c < row.size() - 1) {
          line.append(" ".repeat(widths[c] - width(row.get(c)) + GAP));
        }
      }
      out.println(line.toString().stripTrailing());
    }
  }

  private static int width(String s) {
    return s.codePointCount(0, s.length());
  }
}
