package org.glimpse.db;

import java.time.Duration;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the children copy ({@link ChildrenCopy}) of every image that has none: the images
 * stored before the column came (migration V13), or written by a tool that does not fill it in.
 * Until then such an image is read from its child tables, correctly but slower. Walks the images
 * once by id, in batches of one short transaction each, a slice of time per call, so that the
 * server answers from the start and its other housekeeping goes on between slices. Several servers
 * may run it at once: each image is locked and checked again before it is written.
 */
final class ChildrenCopyBackfill {
  private static final Logger LOG = LoggerFactory.getLogger(ChildrenCopyBackfill.class);
  private static final int BATCH = 500;

  private final Jdbi jdbi;
  private final Dialect dialect;
  /** The last id looked at: the walk goes on from there. */
  private String after = "";
  private long written;
  private boolean done;
  /** When progress was last logged (System.nanoTime), once a minute at most. */
  private long loggedAt = System.nanoTime();

  ChildrenCopyBackfill(Jdbi jdbi, Dialect dialect) {
    this.jdbi = jdbi;
    this.dialect = dialect;
  }

  /**
   * Goes on with the walk for about {@code budget} (at least one batch); returns true once every
   * image has been looked at, and at once on later calls.
   */
  synchronized boolean runFor(Duration budget) {
    long deadline = System.nanoTime() + budget.toNanos();
    while (!done) {
      String from = after;
      List<String> ids = jdbi.withHandle(handle -> handle.createQuery(
              "SELECT id FROM images WHERE children IS NULL AND id > ? ORDER BY id LIMIT " + BATCH)
          .bind(0, from).mapTo(String.class).list());
      if (ids.isEmpty()) {
        done = true;
        if (written > 0) {
          LOG.info("children copies written for {} images stored without one", written);
        }
        break;
      }
      written += jdbi.inTransaction(handle -> ImageChildren.fillMissingCopies(handle, dialect, ids));
      after = ids.get(ids.size() - 1);
      long now = System.nanoTime();
      if (now - loggedAt > 60_000_000_000L) {
        loggedAt = now;
        LOG.info("children copies written so far: {} (images up to id {} looked at)", written, after);
      }
      if (now - deadline > 0) {
        break;
      }
    }
    return done;
  }

  /** Fills in every missing copy in one go; returns how many this walk wrote. */
  static long run(Jdbi jdbi, Dialect dialect) {
    ChildrenCopyBackfill backfill = new ChildrenCopyBackfill(jdbi, dialect);
    backfill.runFor(Duration.ofDays(1));
    return backfill.written;
  }
}
