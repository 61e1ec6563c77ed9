package dev.authlab.cluster.local;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Run in a child JVM by {@link LocalControlPlaneCleanupTest}: starts a control plane, prints its work
 * directory and process ids, then waits on stdin for the test to kill this JVM without closing it.
 */
public final class AbandonedControlPlane {

  private AbandonedControlPlane() {}

  public static void main(String[] args) throws IOException {
    LocalControlPlane cp = LocalControlPlane.builder().binDir(Path.of(args[0])).tempDirParent(Path.of(args[1])).build().start();
    System.out.println("workdir " + cp.workDir());
    cp.processIds().forEach((name, pid) -> System.out.println("pid " + name + " " + pid));
    System.out.println("started");
    System.out.flush();
    // until the test kills us, or closes our stdin (then we leave without closing, too: System.exit runs the hooks)
    while (System.in.read() >= 0) {
      // keep reading
    }
    System.exit(0);
  }
}
