package dev.authlab.labs.lab99_counting;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("library")
class Lab99LibraryTest {

  @Test
  @DisplayName("counts the words of a sentence")
  void countsWords() {
    assertThat(new WordCounter().count("one two  three")).as("words in 'one two  three'").isEqualTo(3);
  }
}
