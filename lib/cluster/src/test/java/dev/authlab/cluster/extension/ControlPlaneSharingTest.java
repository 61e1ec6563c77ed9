package dev.authlab.cluster.extension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.authlab.cluster.Backend;
import dev.authlab.cluster.ControlPlane;
import dev.authlab.cluster.ControlPlaneSpec;
import dev.authlab.cluster.ControlPlanes;
import dev.authlab.cluster.EnvironmentVariables;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/** A shared control plane outlives the class that started it, and is stopped once, when the run ends. */
class ControlPlaneSharingTest {

  /** What the fake backend did, in order: "start", "use by FirstClass", "close", … (read after each run). */
  static final List<String> events = new CopyOnWriteArrayList<>();

  @Test
  void aSharedControlPlaneIsStartedOnceUsedByEveryClassAndClosedWhenTheRunEnds() {
    events.clear();
    SummaryGeneratingListener summary = new SummaryGeneratingListener();
    LauncherFactory.create().execute(
        LauncherDiscoveryRequestBuilder.request().selectors(selectClass(FirstClass.class), selectClass(SecondClass.class)).build(), summary);

    assertThat(summary.getSummary().getTestsSucceededCount()).as("fixture tests that passed").isEqualTo(2);
    assertThat(events).containsExactly("start", "used by FirstClass, open", "used by SecondClass, open", "close");
  }

  // ---- fixtures, run only through the launcher above (surefire skips nested classes)

  static final ControlPlaneExtension fake = new ControlPlaneExtension(EnvironmentVariables.of(Map.of()),
      env -> new ControlPlanes.Choice.Chosen(new FakeBackend(), "a fake backend"));

  static class FirstClass {
    @RegisterExtension static ControlPlaneExtension extension = fake;

    @Test
    void uses(ControlPlane cp) {
      events.add("used by FirstClass, " + cp.kubernetesVersion());
    }
  }

  static class SecondClass {
    @RegisterExtension static ControlPlaneExtension extension = fake;

    @Test
    void uses(ControlPlane cp) {
      events.add("used by SecondClass, " + cp.kubernetesVersion());
    }
  }

  /** Starts a control plane that only answers kubernetesVersion() ("open" or "closed") and close(). */
  private static final class FakeBackend implements Backend {
    @Override
    public String name() {
      return "fake";
    }

    @Override
    public Optional<String> unavailableReason() {
      return Optional.empty();
    }

    @Override
    public ControlPlane start(ControlPlaneSpec spec) {
      events.add("start");
      boolean[] closed = {false};
      return (ControlPlane) Proxy.newProxyInstance(ControlPlane.class.getClassLoader(), new Class<?>[] {ControlPlane.class}, (proxy, method, args) -> {
        switch (method.getName()) {
          case "kubernetesVersion":
            return closed[0] ? "closed" : "open";
          case "close":
            if (!closed[0]) {
              closed[0] = true;
              events.add("close");
            }
            return null;
          case "toString":
            return "FakeControlPlane";
          case "hashCode":
            return System.identityHashCode(proxy);
          case "equals":
            return proxy == args[0];
          default:
            throw new UnsupportedOperationException(method.getName());
        }
      });
    }
  }
}
