package dev.authlab.authn.tokenfile;

import dev.authlab.gofmt.GoStrings;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The parts of Go's encoding/csv that kube-apiserver's token file relies on: a reader with the
 * default settings plus {@code FieldsPerRecord = -1} (comma separator, no comment character, no
 * trimming, strict quotes), and the writer's quoting rule.
 *
 * <p>The reader works on bytes, as Go does, so that line and column numbers in errors are the same
 * (lines 1-based, columns 1-based byte offsets). Blank lines are skipped; a line holding only spaces is
 * a record; {@code \r\n} becomes {@code \n}, also inside quoted fields; a lone {@code \r} just before
 * the end of the input is dropped.
 */
final class GoCsv {

  private GoCsv() {}

  /** One CSV record and the line it starts on. */
  record Row(int line, List<String> fields) {
    Row {
      fields = List.copyOf(fields);
    }
  }

  /** Go's csv.ParseError: where and what, with Go's own message. */
  static final class ParseError extends Exception {
    private static final long serialVersionUID = 1L;

    private final int startLine;

    ParseError(int startLine, int line, int column, String error) {
      super(startLine != line
          ? "record on line " + startLine + "; parse error on line " + line + ", column " + column + ": " + error
          : "parse error on line " + line + ", column " + column + ": " + error);
      this.startLine = startLine;
    }

    int startLine() {
      return startLine;
    }
  }

  static final String ERR_BARE_QUOTE = "bare \" in non-quoted-field";
  static final String ERR_QUOTE = "extraneous or missing \" in quoted-field";

  /** Reads every record, or stops at the first malformed one. */
  static List<Row> readAll(byte[] input) throws ParseError {
    Reader reader = new Reader(input);
    List<Row> rows = new ArrayList<>();
    for (Optional<Row> row = reader.next(); row.isPresent(); row = reader.next()) {
      rows.add(row.get());
    }
    return rows;
  }

  /**
   * Go's csv.Writer rule for one field: quote it when it holds a comma, a quote, CR or LF, starts with
   * white space, or is exactly {@code \.}; quotes inside are doubled.
   */
  static String quote(String field) {
    if (!needsQuotes(field)) {
      return field;
    }
    return '"' + field.replace("\"", "\"\"") + '"';
  }

  private static boolean needsQuotes(String field) {
    if (field.isEmpty()) {
      return false;
    }
    if (field.equals("\\.")) {
      return true;
    }
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\n' || c == '\r' || c == '"' || c == ',') {
        return true;
      }
    }
    return GoStrings.isSpace(field.codePointAt(0));
  }

  private static final class Reader {
    private final byte[] data;
    private int offset;
    private int numLine;

    Reader(byte[] data) {
      this.data = data;
    }

    /** The next line with its trailing newline, or empty at the end of the input. */
    private Optional<byte[]> readLine() {
      numLine++; // Go counts the final, empty read too
      if (offset >= data.length) {
        return Optional.empty();
      }
      int newline = indexOf(data, offset, data.length, (byte) '\n');
      int end = newline < 0 ? data.length : newline + 1;
      byte[] line = Arrays.copyOfRange(data, offset, end);
      offset = end;
      if (newline < 0 && line[line.length - 1] == '\r') {
        line = Arrays.copyOf(line, line.length - 1);
      }
      int n = line.length;
      if (n >= 2 && line[n - 2] == '\r' && line[n - 1] == '\n') {
        line = Arrays.copyOf(line, n - 1);
        line[n - 2] = '\n';
      }
      return Optional.of(line);
    }

    Optional<Row> next() throws ParseError {
      byte[] line;
      while (true) {
        Optional<byte[]> read = readLine();
        if (read.isEmpty()) {
          return Optional.empty();
        }
        line = read.get();
        if (line.length != lengthNL(line)) {
          break; // blank lines are skipped
        }
      }
      int recordLine = numLine;
      int posLine = numLine;
      int posCol = 1;
      int start = 0;
      List<String> fields = new ArrayList<>();
      parseField:
      while (true) {
        if (start >= line.length || line[start] != '"') {
          int comma = indexOf(line, start, line.length, (byte) ',');
          int fieldEnd = comma >= 0 ? comma : line.length - lengthNL(line);
          int quote = indexOf(line, start, fieldEnd, (byte) '"');
          if (quote >= 0) {
            throw new ParseError(recordLine, numLine, posCol + (quote - start), ERR_BARE_QUOTE);
          }
          fields.add(new String(line, start, fieldEnd - start, StandardCharsets.UTF_8));
          if (comma >= 0) {
            posCol += comma - start + 1;
            start = comma + 1;
            continue;
          }
          break;
        }
        // A quoted field, possibly spanning lines.
        ByteArrayOutputStream field = new ByteArrayOutputStream();
        start++;
        posCol++;
        while (true) {
          int quote = indexOf(line, start, line.length, (byte) '"');
          if (quote >= 0) {
            field.write(line, start, quote - start);
            posCol += quote - start + 1;
            start = quote + 1;
            int rest = line.length - start;
            if (rest > 0 && line[start] == '"') {
              field.write('"');
              start++;
              posCol++;
            } else if (rest > 0 && line[start] == ',') {
              start++;
              posCol++;
              fields.add(field.toString(StandardCharsets.UTF_8));
              continue parseField;
            } else if (rest == 0 || (rest == 1 && line[start] == '\n')) {
              fields.add(field.toString(StandardCharsets.UTF_8));
              break parseField;
            } else {
              throw new ParseError(recordLine, numLine, posCol - 1, ERR_QUOTE);
            }
          } else if (start < line.length) {
            field.write(line, start, line.length - start);
            posCol += line.length - start;
            Optional<byte[]> read = readLine();
            line = read.orElse(new byte[0]);
            start = 0;
            if (line.length > 0) {
              posLine++;
              posCol = 1;
            }
          } else {
            // The input ended inside quotes.
            throw new ParseError(recordLine, posLine, posCol, ERR_QUOTE);
          }
        }
      }
      return Optional.of(new Row(recordLine, fields));
    }
  }

  private static int lengthNL(byte[] line) {
    return line.length > 0 && line[line.length - 1] == '\n' ? 1 : 0;
  }

  private static int indexOf(byte[] bytes, int from, int to, byte b) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
