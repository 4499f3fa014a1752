package org.glimpse.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.glimpse.db.TestImages.T0;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageQuery;
import org.glimpse.core.image.ImageQuery.Sort;
import org.glimpse.core.image.ImageStatus;
import org.glimpse.core.image.SortKey;
import org.glimpse.core.image.Visibility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keyset pagination: walking every page, with each sort key in each direction, lists every image
 * exactly once and in the order {@link ExpectedOrder} computes, NULLs sorting lowest.
 */
interface PaginationContract extends RepositoryFixture {

  static Stream<Arguments> sortOrders() {
    Stream<List<Sort>> single = Stream.of(SortKey.values())
        .flatMap(key -> Stream.of(List.of(new Sort(key, true)), List.of(new Sort(key, false))));
    Stream<List<Sort>> combined = Stream.of(
        List.of(),
        List.of(new Sort(SortKey.NAME, true), new Sort(SortKey.SIZE, false)),
        List.of(new Sort(SortKey.STATUS, false), new Sort(SortKey.DISK_FORMAT, true)),
        List.of(new Sort(SortKey.CONTAINER_FORMAT, true), new Sort(SortKey.CREATED_AT, false)),
        List.of(new Sort(SortKey.SIZE, true), new Sort(SortKey.SIZE, false)),
        List.of(new Sort(SortKey.ID, false), new Sort(SortKey.NAME, true)));
    return Stream.concat(single, combined).map(Arguments::of);
  }

  /** Names with NULLs, '' and ties (upper and lower case sort apart), sizes and formats alike. */
  private void createPaginationImages() {
    String[] names = {null, "alpha", "", "Beta", "alpha", null, "beta", "gamma", "Alpha",
        "alpha", "zeta", null, "delta", "beta"};
    Long[] sizes = {null, 0L, 5L, 5L, null, 10L, 3L, 5L, null, 0L, 1L << 40, 7L, 5L, null};
    String[] diskFormats = {null, "qcow2", "raw", "raw", null, "iso", "qcow2", null, "raw",
        "vmdk", "raw", "qcow2", null, "ami"};
    String[] containerFormats = {"bare", null, "ovf", "bare", "bare", null, "ova", "bare",
        null, "docker", "bare", "ovf", "bare", null};
    ImageStatus[] statuses = {ImageStatus.ACTIVE, ImageStatus.QUEUED, ImageStatus.ACTIVE,
        ImageStatus.SAVING};
    for (int i = 0; i < names.length; i++) {
      // created_at repeats in threes and updated_at in fours, to exercise the tie-breakers
      Image image = TestImages.image("img" + i, "p" + (i % 3), Visibility.PUBLIC, i / 3);
      image.setName(names[i]);
      image.setSize(sizes[i]);
      image.setDiskFormat(diskFormats[i]);
      image.setContainerFormat(containerFormats[i]);
      image.setStatus(statuses[i % statuses.length]);
      image.setUpdatedAt(T0.plusSeconds(100 - i / 4));
      images().create(image);
    }
  }

  @ParameterizedTest(name = "sorted by {0}")
  @MethodSource("org.glimpse.db.PaginationContract#sortOrders")
  default void walkingAllPagesListsEveryImageOnceInOrder(List<Sort> sort) {
    createPaginationImages();
    ImageQuery all = TestImages.everything();
    all.sort.addAll(sort);
    List<Image> expected = new ArrayList<>(images().list(all));
    assertThat(expected).hasSize(14);
    expected.sort(ExpectedOrder.of(sort));

    for (int pageSize : new int[] {1, 3, 5}) {
      List<String> walked = walk(TestImages.everything(), sort, pageSize);
      assertThat(walked).as("page size %d", pageSize)
          .containsExactlyElementsOf(expected.stream().map(Image::getId).toList());
    }
  }

  @Test
  default void pagesOfARegularViewerKeepItsVisibility() {
    createPaginationImages();
    Image hidden = TestImages.image("private", "p9", Visibility.PRIVATE, 2);
    images().create(hidden);
    List<Sort> byName = List.of(new Sort(SortKey.NAME, true));

    List<String> walked = walk(TestImages.asViewer("p0"), byName, 4);
    Comparator<Image> order = ExpectedOrder.of(byName);
    ImageQuery everyone = TestImages.everything();
    List<String> expected = images().list(everyone).stream()
        .filter(image -> !image.getId().equals(hidden.getId())).sorted(order)
        .map(Image::getId).toList();
    assertThat(walked).containsExactlyElementsOf(expected);
  }

  private List<String> walk(ImageQuery template, List<Sort> sort, int pageSize) {
    List<String> walked = new ArrayList<>();
    Image marker = null;
    for (int pages = 0; pages < 100; pages++) {
      ImageQuery query = TestImages.asViewer(template.viewer);
      query.viewerIsAdmin = template.viewerIsAdmin;
      query.visibility = template.visibility;
      query.sort.addAll(sort);
      query.limit = pageSize;
      query.marker = marker;
      List<Image> page = images().list(query);
      page.forEach(image -> walked.add(image.getId()));
      if (page.size() < pageSize) {
        return walked;
      }
      marker = page.get(page.size() - 1);
    }
    throw new AssertionError("pagination does not end: " + walked);
  }
}
