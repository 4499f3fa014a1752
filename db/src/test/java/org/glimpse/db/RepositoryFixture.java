package org.glimpse.db;

import java.util.List;
import javax.sql.DataSource;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageQuery;
import org.glimpse.core.image.Member;
import org.glimpse.core.port.ImageRepository;
import org.glimpse.core.port.MemberRepository;
import org.glimpse.core.port.SharingRepository;

/** What every contract needs: the repositories under test, on an empty database. */
interface RepositoryFixture {
  ImageRepository images();

  MemberRepository members();

  NotificationOutbox outbox();
  SharingRepository sharing();

  /** The database itself, for checks the repositories cannot make. */
  DataSource dataSource();

  default void createAll(Image... images) {
    for (Image image : images) {
      images().create(image);
    }
  }

  /** Adds memberships with no member limit. */
  default void addMembers(Member... memberships) {
    for (Member member : memberships) {
      if (!members().add(member, -1)) {
        throw new AssertionError("an add without limit was refused: " + member);
      }
    }
  }

  /** Names of the images the query lists, in listing order. */
  default List<String> listNames(ImageQuery query) {
    return TestImages.names(images().list(query));
  }
}
