package dev.authlab.labs.support;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes sure an answer is the reader's own work: the compiled class, and the classes of its
 * package it uses, must not name the kit class the checks compare it with. Class files keep every
 * class they use, and every string, by name in their constant pool, so reading the bytes is enough.
 */
public final class OwnWork {

  private OwnWork() {}

  /**
   * Fails, with {@code advice}, when {@code answer} (or a class of its package that it uses,
   * directly or not) mentions one of {@code forbidden}: a class name as it appears in compiled
   * code ({@code dev/authlab/...}) or in a string ({@code dev.authlab...}).
   */
  public static void assertDoesNotUse(Class<?> answer, String advice, String... forbidden) {
    ClassLoader loader = answer.getClassLoader();
    Pattern samePackage = Pattern.compile(Pattern.quote(answer.getPackageName().replace('.', '/') + "/") + "[\\w$]+");
    Deque<String> toRead = new ArrayDeque<>();
    toRead.add(answer.getName().replace('.', '/'));
    Set<String> read = new HashSet<>();
    while (!toRead.isEmpty()) {
      String name = toRead.pop();
      if (!read.add(name)) {
        continue;
      }
      String text = classFile(loader, name, name.equals(answer.getName().replace('.', '/')));
      for (String word : forbidden) {
        if (text.contains(word)) {
          String source = name.substring(name.lastIndexOf('/') + 1).replaceAll("\\$.*", "") + ".java";
          fail("%s uses %s: %s", source, word.replace('/', '.').replaceAll("\\.$", ""), advice);
        }
      }
      Matcher used = samePackage.matcher(text);
      while (used.find()) {
        toRead.add(used.group());
      }
    }
  }

  /** The class file as text (one char per byte, so ASCII names read as they are); empty if it is not a class of the answer. */
  private static String classFile(ClassLoader loader, String name, boolean required) {
    try (InputStream in = loader.getResourceAsStream(name + ".class")) {
      if (in == null) {
        if (required) {
          fail("cannot read the compiled %s.class to check it is your own work", name);
        }
        return "";
      }
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + name + ".class: " + e.getMessage(), e);
    }
  }
}
