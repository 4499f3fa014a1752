package org.glimpse.db;

import java.util.List;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageQuery;
import org.glimpse.core.port.ImageRepository;
import org.glimpse.core.port.MemberRepository;

/** What every contract needs: the repositories under test, on an empty database. */
interface RepositoryFixture {
  ImageRepository images();

  MemberRepository members();

  default void createAll(Image... images) {
    for (Image image : images) {
      images().create(image);
    }
  }

  /** Names of the images the query lists, in listing order. */
  default List<String> listNames(ImageQuery query) {
    return TestImages.names(images().list(query));
  }
}
