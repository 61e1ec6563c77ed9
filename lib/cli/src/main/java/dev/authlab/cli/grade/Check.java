package dev.authlab.cli.grade;

/**
 * One graded check: a {@code @Test} method of a lab. Its id is the method name (what the hints file
 * names), its words the {@code @DisplayName}, its tier the test class's tag.
 */
public record Check(int lab, String id, String words, Tier tier) {}
