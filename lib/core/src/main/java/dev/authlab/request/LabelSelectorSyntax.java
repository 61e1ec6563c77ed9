package dev.authlab.request;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Whether apimachinery's labels.Parse accepts a label selector, and if not, why.
 *
 * <p>Only acceptance matters to RequestInfo, but it matters a lot: when the labelSelector query
 * parameter does not parse, upstream discards everything it decoded from the query, including a
 * {@code metadata.name} field selector that would otherwise have named the request.
 *
 * <p>Like upstream, the lexer reads UTF-8 bytes (a NUL byte where a token would start ends the
 * input), literals are byte strings (here: ISO-8859-1 strings, one char per byte, so lengths are
 * byte lengths), and keys and values are checked as label keys and label values.
 */
final class LabelSelectorSyntax {

  private enum Token {
    ERROR,
    END,
    CLOSE_PAREN,
    COMMA,
    NOT,
    DOUBLE_EQUALS,
    EQUALS,
    GREATER,
    IDENTIFIER,
    IN,
    LESS,
    NOT_EQUALS,
    NOT_IN,
    OPEN_PAREN
  }

  private record Item(Token token, String literal) {}

  private static final Map<String, Token> LITERALS =
      Map.ofEntries(
          Map.entry(")", Token.CLOSE_PAREN),
          Map.entry(",", Token.COMMA),
          Map.entry("!", Token.NOT),
          Map.entry("==", Token.DOUBLE_EQUALS),
          Map.entry("=", Token.EQUALS),
          Map.entry(">", Token.GREATER),
          Map.entry("in", Token.IN),
          Map.entry("<", Token.LESS),
          Map.entry("!=", Token.NOT_EQUALS),
          Map.entry("notin", Token.NOT_IN),
          Map.entry("(", Token.OPEN_PAREN));

  private static final String QUALIFIED_NAME = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
  private static final Pattern NAME = Pattern.compile(QUALIFIED_NAME);
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final int MAX_NAME = 63;
  private static final int MAX_PREFIX = 253;

  private LabelSelectorSyntax() {}

  /** Empty when upstream parses the selector; otherwise a one-line reason. */
  static Optional<String> problem(String selector) {
    Lexer lexer = new Lexer(selector.getBytes(StandardCharsets.UTF_8));
    List<Item> items = new ArrayList<>();
    Item item;
    do {
      item = lexer.next();
      items.add(item);
    } while (item.token() != Token.END);
    try {
      new Parser(items).parse();
      return Optional.empty();
    } catch (Rejected rejected) {
      return Optional.of(rejected.getMessage());
    }
  }

  /** Upstream's label key rule: [DNS-1123 subdomain "/"] name, the name at most 63 characters. */
  static Optional<String> keyProblem(String key) {
    String name = key;
    int slash = key.indexOf('/');
    if (slash >= 0) {
      if (key.indexOf('/', slash + 1) >= 0) {
        return Optional.of("label key " + show(key) + " has more than one '/'");
      }
      String prefix = key.substring(0, slash);
      name = key.substring(slash + 1);
      if (prefix.isEmpty()) {
        return Optional.of("label key " + show(key) + " has an empty prefix before '/'");
      }
      if (prefix.length() > MAX_PREFIX || !DNS_SUBDOMAIN.matcher(prefix).matches()) {
        return Optional.of(
            "label key " + show(key) + " has a prefix that is not a DNS-1123 subdomain");
      }
    }
    if (name.isEmpty() || name.length() > MAX_NAME || !NAME.matcher(name).matches()) {
      return Optional.of(
          "label key "
              + show(key)
              + " needs a name of 1-63 alphanumerics, '-', '_' or '.', alphanumeric at both ends");
    }
    return Optional.empty();
  }

  /** Upstream's label value rule: empty, or like a key's name part. */
  static Optional<String> valueProblem(String key, String value) {
    if (value.length() > MAX_NAME || !(value.isEmpty() || NAME.matcher(value).matches())) {
      return Optional.of(
          "label value "
              + show(value)
              + " for key "
              + show(key)
              + " must be empty or 1-63 alphanumerics, '-', '_' or '.', alphanumeric at both ends");
    }
    return Optional.empty();
  }

  // Literals are byte strings; show them as the UTF-8 text they came from.
  private static String show(String literal) {
    return RequestTarget.printable(
        new String(literal.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
  }

  private static boolean isWhitespace(int b) {
    return b == ' ' || b == '\t' || b == '\r' || b == '\n';
  }

  private static boolean isSpecial(int b) {
    return b == '=' || b == '!' || b == '(' || b == ')' || b == ',' || b == '>' || b == '<';
  }

  private static Rejected found(Item item, String expected) {
    return new Rejected("found " + show(item.literal()) + " where " + expected + " was expected");
  }

  /** Thrown inside the parser only, turned into a reason by {@link #problem}. */
  private static final class Rejected extends RuntimeException {
    Rejected(String message) {
      super(message, null, false, false);
    }
  }

  private static final class Lexer {
    private final byte[] input;
    private int pos;

    Lexer(byte[] input) {
      this.input = input;
    }

    // 0 means "end", for a NUL byte too, exactly as upstream's reader.
    private int read() {
      return pos < input.length ? input[pos++] & 0xff : 0;
    }

    private void unread() {
      pos--;
    }

    Item next() {
      int ch = read();
      while (isWhitespace(ch)) {
        ch = read();
      }
      if (ch == 0) {
        return new Item(Token.END, "");
      }
      unread();
      return isSpecial(ch) ? symbol() : word();
    }

    // Longest operator made of special characters: "!=" rather than "!", "==" rather than "=".
    private Item symbol() {
      StringBuilder buffer = new StringBuilder();
      Item longest = null;
      while (true) {
        int ch = read();
        if (ch == 0) {
          break;
        }
        if (!isSpecial(ch)) {
          unread();
          break;
        }
        buffer.append((char) ch);
        Token token = LITERALS.get(buffer.toString());
        if (token != null) {
          longest = new Item(token, buffer.toString());
        } else if (longest != null) {
          unread();
          break;
        }
      }
      return longest != null ? longest : new Item(Token.ERROR, buffer.toString());
    }

    private Item word() {
      StringBuilder buffer = new StringBuilder();
      while (true) {
        int ch = read();
        if (ch == 0) {
          break;
        }
        if (isSpecial(ch) || isWhitespace(ch)) {
          unread();
          break;
        }
        buffer.append((char) ch);
      }
      String word = buffer.toString();
      return new Item(LITERALS.getOrDefault(word, Token.IDENTIFIER), word);
    }
  }

  private static final class Parser {
    private final List<Item> items;
    private int position;

    Parser(List<Item> items) {
      this.items = items;
    }

    // Where a value is expected, "in" and "notin" are just words.
    private Item lookahead(boolean valueContext) {
      Item item = items.get(Math.min(position, items.size() - 1));
      if (valueContext && (item.token() == Token.IN || item.token() == Token.NOT_IN)) {
        return new Item(Token.IDENTIFIER, item.literal());
      }
      return item;
    }

    private Item consume(boolean valueContext) {
      Item item = lookahead(valueContext);
      position++;
      return item;
    }

    void parse() {
      while (true) {
        Item next = lookahead(true);
        switch (next.token()) {
          case IDENTIFIER, NOT -> {
            requirement();
            Item after = consume(true);
            if (after.token() == Token.END) {
              return;
            }
            if (after.token() != Token.COMMA) {
              throw found(after, "',' or the end");
            }
            Item following = lookahead(true);
            if (following.token() != Token.IDENTIFIER && following.token() != Token.NOT) {
              throw found(following, "a key after ','");
            }
          }
          case END -> {
            return;
          }
          default -> throw found(next, "'!', a key or the end");
        }
      }
    }

    private void requirement() {
      Item first = consume(true);
      boolean negated = first.token() == Token.NOT;
      if (negated) {
        first = consume(true);
      }
      if (first.token() != Token.IDENTIFIER) {
        throw found(first, "a key");
      }
      String key = first.literal();
      keyProblem(key).ifPresent(p -> {
        throw new Rejected(p);
      });
      Token peek = lookahead(true).token();
      if (negated || peek == Token.END || peek == Token.COMMA) {
        return; // "!key" or "key": no values to check
      }
      Item operator = consume(false);
      Set<String> values =
          switch (operator.token()) {
            case IN, NOT_IN -> valueSet();
            case EQUALS, DOUBLE_EQUALS, NOT_EQUALS, GREATER, LESS -> exactValue();
            default -> throw found(operator, "in, notin, =, ==, !=, > or <");
          };
      if (operator.token() == Token.GREATER || operator.token() == Token.LESS) {
        for (String value : values) {
          if (!GoStrconv.isInt64(value)) {
            throw new Rejected("'>' and '<' need an integer, not " + show(value));
          }
        }
      }
      for (String value : values) {
        valueProblem(key, value).ifPresent(p -> {
          throw new Rejected(p);
        });
      }
    }

    private Set<String> valueSet() {
      Item open = consume(true);
      if (open.token() != Token.OPEN_PAREN) {
        throw found(open, "'('");
      }
      Item peek = lookahead(true);
      switch (peek.token()) {
        case IDENTIFIER, COMMA -> {
          Set<String> values = identifiers();
          if (consume(true).token() != Token.CLOSE_PAREN) {
            throw new Rejected("the list at " + show(peek.literal()) + " is not closed by ')'");
          }
          return values;
        }
        case CLOSE_PAREN -> {
          consume(true);
          return Set.of(""); // "()" means the empty value
        }
        default -> throw found(peek, "a value, ',' or ')'");
      }
    }

    // Values separated by commas; a missing value between commas (or at either end) is "".
    private Set<String> identifiers() {
      Set<String> values = new LinkedHashSet<>();
      while (true) {
        Item item = consume(true);
        switch (item.token()) {
          case IDENTIFIER -> {
            values.add(item.literal());
            Item peek = lookahead(true);
            if (peek.token() == Token.CLOSE_PAREN) {
              return values;
            }
            if (peek.token() != Token.COMMA) {
              throw found(peek, "',' or ')'");
            }
          }
          case COMMA -> {
            if (values.isEmpty()) {
              values.add("");
            }
            Token peek = lookahead(true).token();
            if (peek == Token.CLOSE_PAREN) {
              values.add("");
              return values;
            }
            if (peek == Token.COMMA) {
              consume(true);
              values.add("");
            }
          }
          default -> throw found(item, "',' or a value");
        }
      }
    }

    private Set<String> exactValue() {
      Token peek = lookahead(true).token();
      if (peek == Token.END || peek == Token.COMMA) {
        return Set.of("");
      }
      Item value = consume(true);
      if (value.token() != Token.IDENTIFIER) {
        throw found(value, "a value");
      }
      return Set.of(value.literal());
    }
  }
}
