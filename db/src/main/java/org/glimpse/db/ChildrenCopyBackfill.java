package org.glimpse.db;

import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the children copy ({@link ChildrenCopy}) of every image that has none: the images
 * stored before the column came (migration V13), or written by a tool that does not fill it in.
 * Until then such an image is read from its child tables, correctly but slower. Runs once at
 * start-up, in batches of one short transaction each; several servers may run it at once (each
 * image is locked and checked again before it is written).
 */
final class ChildrenCopyBackfill {
  private static final Logger LOG = LoggerFactory.getLogger(ChildrenCopyBackfill.class);
  private static final int BATCH = 500;

  private ChildrenCopyBackfill() {}

  /** Fills in every missing copy; returns how many this call wrote. */
  static long run(Jdbi jdbi, Dialect dialect) {
    long written = 0;
    long batches = 0;
    String after = "";
    while (true) {
      String from = after;
      List<String> ids = jdbi.withHandle(handle -> handle.createQuery(
              "SELECT id FROM images WHERE children IS NULL AND id > ? ORDER BY id LIMIT " + BATCH)
          .bind(0, from).mapTo(String.class).list());
      if (ids.isEmpty()) {
        break;
      }
      written += jdbi.inTransaction(handle -> ImageChildren.fillMissingCopies(handle, dialect, ids));
      after = ids.get(ids.size() - 1);
      if (++batches % 100 == 0) {
        LOG.info("children copies written so far: {} (images up to {} looked at)", written, after);
      }
    }
    if (written > 0) {
      LOG.info("children copies written for {} images stored without one", written);
    }
    return written;
  }
}
