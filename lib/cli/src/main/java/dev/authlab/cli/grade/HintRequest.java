package dev.authlab.cli.grade;

/** Whether this run reveals the next hint ({@code --hint}) or shows the latest one revealed. */
public enum HintRequest {
  /** The latest hint revealed for the check (the first one, the first time the check fails). */
  CURRENT,
  /** One more hint than before. */
  NEXT
}
