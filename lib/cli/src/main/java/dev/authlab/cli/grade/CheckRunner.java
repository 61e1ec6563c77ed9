package dev.authlab.cli.grade;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.engine.JupiterTestEngine;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.opentest4j.TestAbortedException;

/**
 * Runs the graded tests of compiled labs with the JUnit Platform Launcher, in this JVM, in a fresh
 * class loader over the labs' classes (so a regrade sees the reader's latest code). Every {@code @Test}
 * method is a check; the tier's tag selects which. One launcher run covers all labs asked, so labs with
 * equal control-plane settings share one control plane.
 */
public final class CheckRunner {

  /**
   * The checks' prints would land above the scoreboard: JUnit captures them per check (shown under a
   * failing check, they are the reader's debugging output) while System.out and System.err are muted.
   */
  private static final Map<String, String> CONFIGURATION = Map.of(
      "junit.platform.output.capture.stdout", "true",
      "junit.platform.output.capture.stderr", "true",
      "junit.jupiter.extensions.autodetection.enabled", "false");

  private static final PrintStream MUTED = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);

  /** The last lines a failing check printed that are shown. */
  static final int PRINTED_LINES = 10;

  /** What a run gave: the checks, and anything that broke the run itself rather than one check. */
  public record Report(List<CheckResult> results, List<String> problems) {
    public Report {
      results = List.copyOf(results);
      problems = List.copyOf(problems);
    }
  }

  /** The checks of these labs in this tier, without running them. */
  public List<Check> discover(Collection<Path> classDirs, Tier tier) {
    return withLoader(classDirs, loader -> {
      TestPlan plan = launcher().discover(request(loader, classDirs, tier));
      return new ArrayList<>(checksOf(plan).values());
    });
  }

  /** Runs the checks; {@code status} hears a line as each lab's cluster checks start (they are the slow ones). */
  public Report run(Collection<Path> classDirs, Tier tier, Consumer<String> status) {
    return withLoader(classDirs, loader -> {
      Recorder recorder = new Recorder(status);
      PrintStream out = System.out;
      PrintStream err = System.err;
      System.setOut(MUTED);
      System.setErr(MUTED);
      try {
        launcher().execute(request(loader, classDirs, tier), recorder);
      } finally {
        System.setOut(out);
        System.setErr(err);
      }
      return recorder.report();
    });
  }

  private interface WithLoader<T> {
    T apply(ClassLoader loader);
  }

  private static <T> T withLoader(Collection<Path> classDirs, WithLoader<T> body) {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    try (URLClassLoader loader = new URLClassLoader("authlab-grade", urls(classDirs), CheckRunner.class.getClassLoader())) {
      // JUnit and the labs' code (ServiceLoader, Jackson, fabric8) look classes up through the context loader
      thread.setContextClassLoader(loader);
      return body.apply(loader);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  private static Launcher launcher() {
    // Only Jupiter, and no listeners found on the class path (under surefire, its own would report our runs).
    return LauncherFactory.create(LauncherConfig.builder()
        .enableTestEngineAutoRegistration(false)
        .enableTestExecutionListenerAutoRegistration(false)
        .enableLauncherSessionListenerAutoRegistration(false)
        .enableLauncherDiscoveryListenerAutoRegistration(false)
        .enablePostDiscoveryFilterAutoRegistration(false)
        .addTestEngines(new JupiterTestEngine())
        .build());
  }

  private static LauncherDiscoveryRequest request(ClassLoader loader, Collection<Path> classDirs, Tier tier) {
    LauncherDiscoveryRequestBuilder builder = LauncherDiscoveryRequestBuilder.request()
        .filters(TagFilter.includeTags(tier.tags()))
        .configurationParameters(CONFIGURATION);
    for (Path dir : classDirs) {
      for (String className : TestClasses.in(dir)) {
        builder.selectors(DiscoverySelectors.selectClass(load(loader, className)));
      }
    }
    return builder.build();
  }

  private static Class<?> load(ClassLoader loader, String className) {
    try {
      return Class.forName(className, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalStateException("cannot load the compiled test " + className + ": " + e, e);
    }
  }

  private static URL[] urls(Collection<Path> dirs) {
    List<URL> urls = new ArrayList<>();
    for (Path dir : dirs) {
      try {
        urls.add(dir.toUri().toURL());
      } catch (MalformedURLException e) {
        throw new IllegalArgumentException("not a usable directory: " + dir, e);
      }
    }
    return urls.toArray(new URL[0]);
  }

  /** The plan's checks by the unique id of their test, in plan order. */
  private static Map<String, Check> checksOf(TestPlan plan) {
    Map<String, Check> checks = new LinkedHashMap<>();
    for (TestIdentifier root : plan.getRoots()) {
      for (TestIdentifier id : plan.getDescendants(root)) {
        check(id).ifPresent(check -> checks.put(id.getUniqueId(), check));
      }
    }
    return checks;
  }

  /** The check a test method is; empty for containers and for tests outside a lab's package. */
  static Optional<Check> check(TestIdentifier id) {
    if (!id.isTest() || id.getSource().isEmpty() || !(id.getSource().get() instanceof MethodSource)) {
      return Optional.empty();
    }
    MethodSource method = (MethodSource) id.getSource().get();
    Optional<Integer> lab = Lab.numberOfClass(method.getClassName());
    if (lab.isEmpty()) {
      return Optional.empty();
    }
    boolean cluster = id.getTags().stream().anyMatch(tag -> tag.getName().equals(Tier.CLUSTER.tag()));
    return Optional.of(new Check(lab.get(), method.getMethodName(), words(id, method), cluster ? Tier.CLUSTER : Tier.LIBRARY));
  }

  /** The @DisplayName, or the method name when the test has none. */
  private static String words(TestIdentifier id, MethodSource method) {
    String name = id.getDisplayName();
    return name.equals(method.getMethodName() + "(" + method.getMethodParameterTypes() + ")") ? method.getMethodName() : name;
  }

  /** Records each test's outcome; a failed or skipped class passes its outcome on to its tests that never ran. */
  private static final class Recorder implements TestExecutionListener {
    private final Consumer<String> status;
    private TestPlan plan;
    private Map<String, Check> checks = Map.of();
    private final Map<String, Outcome> outcomes = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();
    private final Map<String, List<String>> printed = new LinkedHashMap<>();

    Recorder(Consumer<String> status) {
      this.status = status;
    }

    @Override
    public void executionStarted(TestIdentifier id) {
      if (id.getSource().orElse(null) instanceof ClassSource source
          && id.getTags().stream().anyMatch(tag -> tag.getName().equals(Tier.CLUSTER.tag()))) {
        String lab = Lab.numberOfClass(source.getClassName()).map(Lab::nn).orElse(source.getClassName());
        status.accept("lab " + lab + ": cluster checks (a control plane starts when none is running yet)…");
      }
    }

    @Override
    public void reportingEntryPublished(TestIdentifier id, ReportEntry entry) {
      entry.getKeyValuePairs().forEach((key, value) -> {
        if (key.equals("stdout") || key.equals("stderr")) {
          printed.computeIfAbsent(id.getUniqueId(), k -> new ArrayList<>()).addAll(value.lines().toList());
        }
      });
    }

    private List<String> printedBy(TestIdentifier id) {
      List<String> lines = printed.getOrDefault(id.getUniqueId(), List.of());
      return lines.subList(Math.max(0, lines.size() - PRINTED_LINES), lines.size());
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
      plan = testPlan;
      checks = checksOf(testPlan);
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
      settle(id, () -> new Outcome.Skipped(reason));
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
      Optional<Throwable> thrown = result.getThrowable();
      switch (result.getStatus()) {
        case SUCCESSFUL -> {
          if (checks.containsKey(id.getUniqueId())) {
            outcomes.putIfAbsent(id.getUniqueId(), new Outcome.Passed());
          }
        }
        case ABORTED -> settle(id, () -> new Outcome.Skipped(abortReason(thrown)));
        case FAILED -> {
          Outcome failed = new Outcome.Failed(thrown.map(FailureText::of).orElse(List.of("failed without a message")), printedBy(id));
          if (id.getParentId().isEmpty() && !hasChecks(id)) {
            problems.add(String.join(" ", ((Outcome.Failed) failed).lines()));
          }
          settle(id, () -> failed);
        }
      }
    }

    private boolean hasChecks(TestIdentifier container) {
      return plan.getDescendants(container).stream().anyMatch(d -> checks.containsKey(d.getUniqueId()));
    }

    /** The outcome of this test, or of every test under this container that has none yet. */
    private void settle(TestIdentifier id, Supplier<Outcome> outcome) {
      if (checks.containsKey(id.getUniqueId())) {
        outcomes.putIfAbsent(id.getUniqueId(), outcome.get());
        return;
      }
      for (TestIdentifier descendant : plan.getDescendants(id)) {
        if (checks.containsKey(descendant.getUniqueId())) {
          outcomes.putIfAbsent(descendant.getUniqueId(), outcome.get());
        }
      }
    }

    Report report() {
      List<CheckResult> results = new ArrayList<>();
      checks.forEach((uniqueId, check) ->
          results.add(new CheckResult(check, outcomes.getOrDefault(uniqueId, new Outcome.Skipped("not run")))));
      return new Report(results, problems);
    }
  }

  private static String abortReason(Optional<Throwable> thrown) {
    String message = thrown.map(Throwable::getMessage).orElse("skipped");
    if (thrown.isPresent() && thrown.get() instanceof TestAbortedException && message.startsWith("Assumption failed: ")) {
      message = message.substring("Assumption failed: ".length());
    }
    return message.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
