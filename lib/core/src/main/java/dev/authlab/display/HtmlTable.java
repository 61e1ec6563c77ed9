package dev.authlab.display;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A table of strings, drawn as an HTML table for notebooks and as aligned columns for terminals.
 * Immutable: {@link #row} returns a new table, so a half-built table can be shared safely.
 * Cells may span several lines; both forms keep the line breaks.
 *
 * <pre>{@code
 * Picture p = HtmlTable.of("user", "can list pods?").row("jane", "yes").row("bob", "no").picture();
 * }</pre>
 */
public final class HtmlTable {

  private static final String CELL_STYLE =
      "text-align:left;vertical-align:top;white-space:pre-wrap;padding:2px 10px 2px 0;font-family:monospace;font-size:0.95em";
  private static final String HEAD_STYLE = "text-align:left;padding:2px 10px 2px 0;border-bottom:1px solid #888";
  /** Its own text colour too: on a dark notebook theme, inherited light text would vanish on the yellow. */
  private static final String EMPHASIS = "font-weight:bold;background:#fef3c7;color:#1f2937";

  private final String title;
  private final List<String> header;
  private final List<List<String>> rows;
  private final Set<Integer> emphasised;
  private final List<String> notes;

  private HtmlTable(String title, List<String> header, List<List<String>> rows, Set<Integer> emphasised, List<String> notes) {
    this.title = title;
    this.header = List.copyOf(header);
    this.rows = List.copyOf(rows);
    this.emphasised = Set.copyOf(emphasised);
    this.notes = List.copyOf(notes);
  }

  public static HtmlTable of(String... header) {
    return of(List.of(header));
  }

  public static HtmlTable of(List<String> header) {
    if (header.isEmpty()) {
      throw new IllegalArgumentException("a table needs at least one column");
    }
    return new HtmlTable("", header, List.of(), Set.of(), List.of());
  }

  /** A table with all its rows at once. */
  public static HtmlTable of(List<String> header, List<? extends List<String>> rows) {
    HtmlTable table = of(header);
    for (List<String> row : rows) {
      table = table.row(row);
    }
    return table;
  }

  public HtmlTable row(String... cells) {
    return row(List.of(cells));
  }

  /** Adds a row; a short row is padded with empty cells, a long one is a mistake. */
  public HtmlTable row(List<String> cells) {
    if (cells.size() > header.size()) {
      throw new IllegalArgumentException("row has " + cells.size() + " cells, the table " + header.size() + " columns: " + cells);
    }
    List<String> padded = new ArrayList<>();
    for (int i = 0; i < header.size(); i++) {
      String cell = i < cells.size() ? cells.get(i) : "";
      padded.add(cell == null ? "" : cell);
    }
    List<List<String>> more = new ArrayList<>(rows);
    more.add(padded);
    return new HtmlTable(title, header, more, emphasised, notes);
  }

  /** A bold line above the table. */
  public HtmlTable titled(String newTitle) {
    return new HtmlTable(newTitle == null ? "" : newTitle, header, rows, emphasised, notes);
  }

  /** A line of text below the table (an outcome, a remark). */
  public HtmlTable withNote(String note) {
    List<String> more = new ArrayList<>(notes);
    more.add(note);
    return new HtmlTable(title, header, rows, emphasised, more);
  }

  /** Draws row {@code index} (0-based, header not counted) in bold, e.g. the row that decided. */
  public HtmlTable emphasise(int index) {
    if (index < 0 || index >= rows.size()) {
      throw new IndexOutOfBoundsException("no row " + index + " in a table of " + rows.size() + " rows");
    }
    Set<Integer> more = new TreeSet<>(emphasised);
    more.add(index);
    return new HtmlTable(title, header, rows, more, notes);
  }

  public List<String> header() {
    return header;
  }

  public List<List<String>> rows() {
    return rows;
  }

  public Picture picture() {
    return Picture.of(html(), text());
  }

  private String html() {
    StringBuilder out = new StringBuilder("<div>");
    if (!title.isEmpty()) {
      out.append(Html.title(title));
    }
    out.append("<table style=\"border-collapse:collapse;margin:0.2em 0\"><thead><tr>");
    for (String h : header) {
      out.append("<th style=\"").append(HEAD_STYLE).append("\">").append(Html.escape(h)).append("</th>");
    }
    out.append("</tr></thead><tbody>");
    for (int r = 0; r < rows.size(); r++) {
      out.append(emphasised.contains(r) ? "<tr style=\"" + EMPHASIS + "\">" : "<tr>");
      for (String cell : rows.get(r)) {
        out.append("<td style=\"").append(CELL_STYLE).append("\">").append(Html.escape(cell)).append("</td>");
      }
      out.append("</tr>");
    }
    out.append("</tbody></table>");
    for (String note : notes) {
      out.append("<p style=\"margin:0.3em 0;white-space:pre-wrap\">").append(Html.escape(note)).append("</p>");
    }
    return out.append("</div>").toString();
  }

  private String text() {
    List<String> lines = new ArrayList<>();
    if (!title.isEmpty()) {
      lines.add(title);
    }
    int[] widths = new int[header.size()];
    for (int c = 0; c < header.size(); c++) {
      widths[c] = width(header.get(c));
      for (List<String> row : rows) {
        for (String line : row.get(c).split("\n", -1)) {
          widths[c] = Math.max(widths[c], width(line));
        }
      }
    }
    // A marked row is easy to miss in plain text, so it gets an arrow in a margin.
    String margin = emphasised.isEmpty() ? "" : "  ";
    lines.add(line(header, widths, margin));
    List<String> rules = new ArrayList<>();
    for (int width : widths) {
      rules.add("-".repeat(Math.max(width, 1)));
    }
    lines.add(line(rules, widths, margin));
    for (int r = 0; r < rows.size(); r++) {
      List<String[]> split = new ArrayList<>();
      int height = 1;
      for (String cell : rows.get(r)) {
        String[] cellLines = cell.split("\n", -1);
        split.add(cellLines);
        height = Math.max(height, cellLines.length);
      }
      for (int l = 0; l < height; l++) {
        List<String> cells = new ArrayList<>();
        for (String[] cellLines : split) {
          cells.add(l < cellLines.length ? cellLines[l] : "");
        }
        lines.add(line(cells, widths, emphasised.contains(r) && l == 0 ? "> " : margin));
      }
    }
    lines.addAll(notes);
    return String.join("\n", lines);
  }

  private static String line(List<String> cells, int[] widths, String margin) {
    StringBuilder out = new StringBuilder(margin);
    for (int c = 0; c < cells.size(); c++) {
      String cell = cells.get(c);
      out.append(cell);
      if (c < cells.size() - 1) {
        out.append(" ".repeat(widths[c] - width(cell) + 2));
      }
    }
    return out.toString().stripTrailing();
  }

  /** Columns are counted in code points, so a "▶" or an accented name does not shift the columns. */
  private static int width(String s) {
    return s.codePointCount(0, s.length());
  }
}
