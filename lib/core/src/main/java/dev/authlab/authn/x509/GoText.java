package dev.authlab.authn.x509;

import java.util.HexFormat;

/**
 * The one piece of upstream formatting only the x509 code needs; the shared Go formats are in the
 * {@code dev.authlab.gofmt} package.
 */
final class GoText {

  private GoText() {}

  /** Upper-case hex bytes joined by colons, as upstream's certificate identifier prints key ids. */
  static String colonHex(byte[] bytes) {
    String hex = HexFormat.of().withUpperCase().formatHex(bytes);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < hex.length(); i += 2) {
      if (i > 0) {
        out.append(':');
      }
      out.append(hex, i, i + 2);
    }
    return out.toString();
  }
}
