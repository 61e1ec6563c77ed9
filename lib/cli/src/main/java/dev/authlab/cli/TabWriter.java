package dev.authlab.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Columns the way kubectl lays them out (Go's tabwriter with minimum width 6 and padding 3): every
 * column but the last is as wide as its widest cell plus 3.
 */
public final class TabWriter {

  private static final int MIN_WIDTH = 6;
  private static final int PADDING = 3;

  private final List<List<String>> rows = new ArrayList<>();

  public void row(String... cells) {
    rows.add(List.of(cells));
  }

  public void flush(PrintWriter out) {
    int columns = rows.stream().mapToInt(List::size).max().orElse(0);
    int[] widths = new int[columns];
    for (List<String> row : rows) {
      for (int c = 0; c < row.size() - 1; c++) {
        widths[c] = Math.max(widths[c], Math.max(MIN_WIDTH, width(row.get(c)) + PADDING));
      }
    }
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < row.size(); c++) {
        String cell = row.get(c);
        line.append(cell);
        if (c < row.size() - 1) {
          line.append(" ".repeat(widths[c] - width(cell)));
        }
      }
      out.println(line.toString().stripTrailing());
    }
    rows.clear();
  }

  private static int width(String s) {
    return s.codePointCount(0, s.length());
  }
}
