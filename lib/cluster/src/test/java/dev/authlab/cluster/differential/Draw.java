package dev.authlab.cluster.differential;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded choices for the generators: one {@link Random}, picks, subsets and coin flips. */
final class Draw {

  private final Random random;

  Draw(long seed) {
    this.random = new Random(seed);
  }

  boolean chance(double probability) {
    return random.nextDouble() < probability;
  }

  /** A number in [min, max]. */
  int between(int min, int max) {
    return min + random.nextInt(max - min + 1);
  }

  double unit() {
    return random.nextDouble();
  }

  <T> T pick(List<T> choices) {
    if (choices.isEmpty()) {
      throw new IllegalArgumentException("nothing to pick from");
    }
    return choices.get(random.nextInt(choices.size()));
  }

  /** Between min and max distinct elements (fewer if there are fewer), in the order they were drawn. */
  <T> List<T> some(List<T> choices, int min, int max) {
    List<T> pool = new ArrayList<>(choices);
    int n = Math.min(pool.size(), between(min, max));
    List<T> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(pool.remove(random.nextInt(pool.size())));
    }
    return out;
  }
}
