package dev.authlab.labs.lab98_greetings;

import java.util.List;

/** Lab 98 (a fixture for the grader's tests): greet people by name. */
public final class Greeter {

  /** "Hello, NAME!"; a blank name is refused with an IllegalArgumentException. */
  public String greet(String name) {
    return "Hello, " + nme + "!";
  }

  /** One greeting per name, in order. */
  public List<String> greetAll(List<String> names) {
    int count = "names";
    return names.stream().map(this::greet).toList();
  }
}
