package dev.authlab.cluster.differential;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Sends every review to the cluster and to the library, a few at a time, and keeps the
 * disagreements. Which cluster is a parameter, so the harness itself can be tested against a fake
 * one backed by the library.
 */
final class RbacDifferential {

  /** The cluster's side: POST a SubjectAccessReview, return its status. */
  @FunctionalInterface
  interface ClusterSide {
    ReviewAnswer review(SubjectAccessReview review);
  }

  /** One review both sides were asked. */
  record Outcome(int index, SubjectAccessReview review, ReviewAnswer cluster, LibraryReviewer.Answer library, Optional<String> why) {}

  record Result(int agree, List<Outcome> disagreements, int allowedByBoth) {
    Result {
      disagreements = List.copyOf(disagreements);
    }

    int disagree() {
      return disagreements.size();
    }

    Result plus(Result other) {
      List<Outcome> all = new ArrayList<>(disagreements);
      all.addAll(other.disagreements);
      return new Result(agree + other.agree, all, allowedByBoth + other.allowedByBoth);
    }

    static Result empty() {
      return new Result(0, List.of(), 0);
    }

    String summary() {
      return agree + " agree, " + disagree() + " disagree";
    }
  }

  private RbacDifferential() {}

  static Result run(List<SubjectAccessReview> reviews, ClusterSide cluster, LibraryReviewer library, int threads) {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Outcome>> futures = new ArrayList<>(reviews.size());
      for (int i = 0; i < reviews.size(); i++) {
        int index = i;
        SubjectAccessReview review = reviews.get(i);
        futures.add(pool.submit(() -> compare(index, review, cluster, library)));
      }
      int agree = 0;
      int allowed = 0;
      List<Outcome> disagreements = new ArrayList<>();
      for (Future<Outcome> future : futures) {
        Outcome outcome = future.get();
        if (outcome.why().isPresent()) {
          disagreements.add(outcome);
        } else {
          agree++;
          if (outcome.cluster().allowed()) {
            allowed++;
          }
        }
      }
      return new Result(agree, disagreements, allowed);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while comparing reviews", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a review failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  static Outcome compare(int index, SubjectAccessReview review, ClusterSide cluster, LibraryReviewer library) {
    ReviewAnswer clusterAnswer;
    try {
      clusterAnswer = cluster.review(review);
    } catch (RuntimeException e) {
      clusterAnswer = ReviewAnswer.failed("the cluster refused the review: " + e.getMessage());
    }
    LibraryReviewer.Answer libraryAnswer = library.review(review);
    return new Outcome(index, review, clusterAnswer, libraryAnswer, Comparison.disagreement(clusterAnswer, libraryAnswer));
  }

  /** Writes each disagreement as a replayable case; returns the files. */
  static List<Path> write(List<Outcome> disagreements, List<Long> seeds, List<HasMetadata> objects, Path directory) {
    List<Path> files = new ArrayList<>();
    for (Outcome outcome : disagreements) {
      DifferentialCase c =
          new DifferentialCase(
              seeds, outcome.index(), outcome.review(), outcome.cluster(), outcome.library().answer(), outcome.why().orElse(""),
              outcome.library().explanation(), objects);
      files.add(c.writeTo(directory));
    }
    return files;
  }
}
