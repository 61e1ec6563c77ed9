package dev.authlab.authn.serviceaccount;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Just enough JSON to read and write tokens the way the Go code does. Reading keeps every member of
 * an object, in order, duplicates included, because Go's decoders let a later duplicate win and
 * report the first type error they meet. Writing sorts object keys by their UTF-8 bytes and escapes
 * like Go's encoder (HTML characters, U+2028/9, control characters as lower-case hex escapes),
 * so a token we mint has the bytes kube-apiserver's would have.
 */
final class GoJson {

  /** Go's scanner refuses deeper nesting than this. */
  static final int MAX_DEPTH = 10_000;

  private GoJson() {}

  /** A parsed JSON value. */
  sealed interface Value permits Str, Num, Bool, Null, Arr, Obj {
    /** The JSON type name Go puts in its type errors. */
    String kind();
  }

  record Str(String value) implements Value {
    @Override
    public String kind() {
      return "string";
    }
  }

  record Num(String text) implements Value {
    @Override
    public String kind() {
      return "number";
    }
  }

  record Bool(boolean value) implements Value {
    @Override
    public String kind() {
      return "bool";
    }
  }

  record Null() implements Value {
    @Override
    public String kind() {
      return "null";
    }
  }

  record Arr(List<Value> items) implements Value {
    Arr {
      items = List.copyOf(items);
    }

    @Override
    public String kind() {
      return "array";
    }
  }

  record Member(String key, Value value) {}

  record Obj(List<Member> members) implements Value {
    Obj {
      members = List.copyOf(members);
    }

    @Override
    public String kind() {
      return "object";
    }
  }

  // ---- reading

  /** Parses UTF-8 bytes; invalid UTF-8 becomes U+FFFD as in Go. Empty when the text is not one JSON value. */
  static Optional<Value> parse(byte[] utf8) {
    return parse(decodeUtf8(utf8));
  }

  static Optional<Value> parse(String text) {
    try {
      Parser parser = new Parser(text);
      Value value = parser.document();
      return Optional.of(value);
    } catch (SyntaxError e) {
      return Optional.empty();
    }
  }

  static String decodeUtf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPLACE)
          .onUnmappableCharacter(CodingErrorAction.REPLACE)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      // REPLACE never throws; keep the compiler satisfied without hiding anything
      throw new IllegalStateException(e);
    }
  }

  private static final class SyntaxError extends Exception {
    SyntaxError() {
      super(null, null, false, false);
    }
  }

  /** An iterative parser (no recursion, so hostile nesting cannot overflow the stack). */
  private static final class Parser {
    private final String s;
    private int pos;

    Parser(String s) {
      this.s = s;
    }

    private abstract static class Frame {
      abstract void add(Value v) throws SyntaxError;

      abstract Value build();
    }

    private static final class ArrFrame extends Frame {
      final List<Value> items = new ArrayList<>();

      @Override
      void add(Value v) {
        items.add(v);
      }

      @Override
      Value build() {
        return new Arr(items);
      }
    }

    private static final class ObjFrame extends Frame {
      final List<Member> members = new ArrayList<>();
      String pendingKey;

      @Override
      void add(Value v) {
        members.add(new Member(pendingKey, v));
        pendingKey = null;
      }

      @Override
      Value build() {
        return new Obj(members);
      }
    }

    Value document() throws SyntaxError {
      Deque<Frame> stack = new ArrayDeque<>();
      Value result = null;
      skipSpace();
      // state machine: read a value, then handle separators of the enclosing frame
      boolean needValue = true;
      while (true) {
        if (needValue) {
          skipSpace();
          char c = peek();
          Value scalar = null;
          if (c == '{') {
            pos++;
            if (stack.size() >= MAX_DEPTH) {
              throw new SyntaxError();
            }
            ObjFrame frame = new ObjFrame();
            stack.push(frame);
            skipSpace();
            if (peek() == '}') {
              pos++;
              stack.pop();
              scalar = frame.build();
            } else {
              frame.pendingKey = key();
              continue;
            }
          } else if (c == '[') {
            pos++;
            if (stack.size() >= MAX_DEPTH) {
              throw new SyntaxError();
            }
            ArrFrame frame = new ArrFrame();
            stack.push(frame);
            skipSpace();
            if (peek() == ']') {
              pos++;
              stack.pop();
              scalar = frame.build();
            } else {
              continue;
            }
          } else {
            scalar = scalar();
          }
          // a complete value: attach it and close frames as far as possible
          Value done = scalar;
          while (true) {
            if (stack.isEmpty()) {
              result = done;
              skipSpace();
              if (pos != s.length()) {
                throw new SyntaxError();
              }
              return result;
            }
            Frame top = stack.peek();
            top.add(done);
            skipSpace();
            char sep = peek();
            if (sep == ',') {
              pos++;
              if (top instanceof ObjFrame obj) {
                skipSpace();
                obj.pendingKey = key();
              }
              needValue = true;
              break;
            }
            if ((sep == '}' && top instanceof ObjFrame) || (sep == ']' && top instanceof ArrFrame)) {
              pos++;
              stack.pop();
              done = top.build();
              continue;
            }
            throw new SyntaxError();
          }
        }
      }
    }

    private String key() throws SyntaxError {
      if (peek() != '"') {
        throw new SyntaxError();
      }
      String key = string();
      skipSpace();
      if (peek() != ':') {
        throw new SyntaxError();
      }
      pos++;
      return key;
    }

    private Value scalar() throws SyntaxError {
      char c = peek();
      if (c == '"') {
        return new Str(string());
      }
      if (s.startsWith("true", pos)) {
        pos += 4;
        return new Bool(true);
      }
      if (s.startsWith("false", pos)) {
        pos += 5;
        return new Bool(false);
      }
      if (s.startsWith("null", pos)) {
        pos += 4;
        return new Null();
      }
      if (c == '-' || (c >= '0' && c <= '9')) {
        return number();
      }
      throw new SyntaxError();
    }

    private Value number() throws SyntaxError {
      int start = pos;
      if (peek() == '-') {
        pos++;
      }
      if (peek() == '0') {
        pos++;
      } else if (isDigit(peek())) {
        while (isDigit(peek())) {
          pos++;
        }
      } else {
        throw new SyntaxError();
      }
      if (peek() == '.') {
        pos++;
        if (!isDigit(peek())) {
          throw new SyntaxError();
        }
        while (isDigit(peek())) {
          pos++;
        }
      }
      if (peek() == 'e' || peek() == 'E') {
        pos++;
        if (peek() == '+' || peek() == '-') {
          pos++;
        }
        if (!isDigit(peek())) {
          throw new SyntaxError();
        }
        while (isDigit(peek())) {
          pos++;
        }
      }
      return new Num(s.substring(start, pos));
    }

    private String string() throws SyntaxError {
      pos++; // opening quote
      StringBuilder out = new StringBuilder();
      while (true) {
        if (pos >= s.length()) {
          throw new SyntaxError();
        }
        char c = s.charAt(pos++);
        if (c == '"') {
          return out.toString();
        }
        if (c < 0x20) {
          throw new SyntaxError();
        }
        if (c != '\\') {
          out.append(c);
          continue;
        }
        if (pos >= s.length()) {
          throw new SyntaxError();
        }
        char e = s.charAt(pos++);
        switch (e) {
          case '"', '\\', '/' -> out.append(e);
          case 'b' -> out.append('\b');
          case 'f' -> out.append('\f');
          case 'n' -> out.append('\n');
          case 'r' -> out.append('\r');
          case 't' -> out.append('\t');
          case 'u' -> {
            char unit = hex4();
            if (Character.isHighSurrogate(unit) && s.startsWith("\\u", pos)) {
              int save = pos;
              pos += 2;
              char low = hex4();
              if (Character.isLowSurrogate(low)) {
                out.append(unit).append(low);
              } else {
                // Go replaces the lone half and reads the next escape on its own
                out.append('\uFFFD');
                pos = save;
              }
            } else if (Character.isSurrogate(unit)) {
              out.append('\uFFFD');
            } else {
              out.append(unit);
            }
          }
          default -> throw new SyntaxError();
        }
      }
    }

    private char hex4() throws SyntaxError {
      if (pos + 4 > s.length()) {
        throw new SyntaxError();
      }
      int v = 0;
      for (int i = 0; i < 4; i++) {
        int d = Character.digit(s.charAt(pos + i), 16);
        if (d < 0 || s.charAt(pos + i) > 0x7f) {
          throw new SyntaxError();
        }
        v = v * 16 + d;
      }
      pos += 4;
      return (char) v;
    }

    private static boolean isDigit(char c) {
      return c >= '0' && c <= '9';
    }

    private char peek() {
      return pos < s.length() ? s.charAt(pos) : '\0';
    }

    private void skipSpace() {
      while (pos < s.length()) {
        char c = s.charAt(pos);
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
          pos++;
        } else {
          return;
        }
      }
    }
  }

  // ---- member lookup

  /** The last member whose key equals {@code name} exactly (the go-jose decoder is case-sensitive). */
  static Optional<Value> lastExact(Obj obj, String name) {
    Value found = null;
    for (Member m : obj.members()) {
      if (m.key().equals(name)) {
        found = m.value();
      }
    }
    return Optional.ofNullable(found);
  }

  /**
   * The last member whose key matches {@code asciiName} the way encoding/json matches struct tags:
   * ignoring case with Unicode simple folding (so {@code ſ} is an {@code s} and the Kelvin sign a
   * {@code k}), but not Java's wider {@code equalsIgnoreCase} (a dotted capital I is no {@code i}).
   */
  static Optional<Value> lastFolded(Obj obj, String asciiName) {
    Value found = null;
    for (Member m : obj.members()) {
      if (foldEquals(m.key(), asciiName)) {
        found = m.value();
      }
    }
    return Optional.ofNullable(found);
  }

  static boolean foldEquals(String candidate, String asciiLower) {
    if (candidate.length() != asciiLower.length()) {
      return false;
    }
    for (int i = 0; i < candidate.length(); i++) {
      char c = candidate.charAt(i);
      char t = asciiLower.charAt(i);
      boolean same = c == t
          || (t >= 'a' && t <= 'z' && c == (char) (t - 32))
          || (t == 's' && c == '\u017F')
          || (t == 'k' && c == '\u212A');
      if (!same) {
        return false;
      }
    }
    return true;
  }

  // ---- writing

  /** Go's encoding of a map: keys sorted by UTF-8 bytes. Values: String, Long, List, Map. */
  static String write(Object value) {
    StringBuilder out = new StringBuilder();
    writeValue(out, value);
    return out.toString();
  }

  private static void writeValue(StringBuilder out, Object value) {
    if (value instanceof String str) {
      writeString(out, str);
    } else if (value instanceof Long || value instanceof Integer) {
      out.append(value);
    } else if (value instanceof List<?> list) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        writeValue(out, list.get(i));
      }
      out.append(']');
    } else if (value instanceof Map<?, ?> map) {
      TreeMap<String, Object> sorted = new TreeMap<>(GoJson::compareUtf8);
      map.forEach((k, v) -> sorted.put((String) k, v));
      out.append('{');
      boolean first = true;
      for (Map.Entry<String, Object> e : sorted.entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        writeString(out, e.getKey());
        out.append(':');
        writeValue(out, e.getValue());
      }
      out.append('}');
    } else {
      throw new IllegalArgumentException("cannot write " + value.getClass().getSimpleName() + " as JSON");
    }
  }

  static int compareUtf8(String a, String b) {
    return java.util.Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private static void writeString(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
            out.append("\\u").append(HEX[(c >> 12) & 0xf]).append(HEX[(c >> 8) & 0xf]).append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
          } else if (Character.isSurrogate(c)) {
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
              out.append(c).append(s.charAt(++i));
            } else {
              // Go writes invalid UTF-8 as the replacement character
              out.append("\\ufffd");
            }
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
